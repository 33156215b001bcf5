import { describe, expect, it } from 'vitest'
import type { Pillar } from './pillars.js'
import { planDueItems } from './warnings.js'

const personId = '00000000-0000-4000-8000-000000000001'
const all: Pillar[] = [
  'supervision',
  'monitoring_control',
  'interventions_treatment',
  'victim_safety',
  'contingency',
]
const plan = (pillars: Pillar[], more: { reviewOn?: string | null; entryReview?: string } = {}) => ({
  number: 2,
  signedOffOn: '2026-01-10',
  reviewOn: more.reviewOn === undefined ? '2026-07-10' : more.reviewOn,
  entries: pillars.map((pillar, position) => ({
    pillar,
    position,
    reviewOn: pillar === 'victim_safety' ? (more.entryReview ?? null) : null,
  })),
})

describe('warnings about a risk management plan', () => {
  it('warns that a registered person has no signed-off plan, citing the guidance', () => {
    const [item, ...rest] = planDueItems(
      { personId, registeredOn: '2026-01-05', current: null },
      '2026-01-06',
    )
    expect(rest).toEqual([])
    expect(item).toMatchObject({ kind: 'plan_missing', status: 'overdue', subjectId: personId })
    expect(item!.basis[0]!.reference).toBe('MAPPA Guidance ch.12')
  })

  it('says nothing of a missing plan for a person who is not registered', () => {
    expect(planDueItems({ personId, registeredOn: null, current: null }, '2026-01-06')).toEqual([])
  })

  it('warns of each empty pillar and a missing contingency plan', () => {
    const items = planDueItems(
      { personId, registeredOn: '2026-01-05', current: plan(['supervision', 'monitoring_control']) },
      '2026-02-01',
    )
    const incomplete = items.filter((i) => i.kind === 'plan_incomplete')
    expect(incomplete.map((i) => i.title)).toEqual([
      'Risk management plan has nothing under interventions and treatment',
      'Risk management plan has nothing under victim safety',
      'Risk management plan has no contingency plan',
    ])
    expect(incomplete.every((i) => i.status === 'overdue')).toBe(true)
    expect(new Set(incomplete.map((i) => i.key)).size).toBe(3)
  })

  it('gives the plan review as due until its date passes, then overdue', () => {
    const facts = { personId, registeredOn: '2026-01-05', current: plan(all) }
    expect(planDueItems(facts, '2026-07-10')).toEqual([
      expect.objectContaining({ kind: 'plan_review', dueDate: '2026-07-10', status: 'due' }),
    ])
    expect(planDueItems(facts, '2026-07-11')[0]).toMatchObject({ kind: 'plan_review', status: 'overdue' })
  })

  it('gives entry reviews with their own dates', () => {
    const items = planDueItems(
      { personId, registeredOn: null, current: plan(all, { reviewOn: null, entryReview: '2026-03-01' }) },
      '2026-03-02',
    )
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'plan_entry_review',
        dueDate: '2026-03-01',
        status: 'overdue',
        title: 'Review a risk management plan entry (Victim safety)',
      }),
    ])
  })
})
