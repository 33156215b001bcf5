import { describe, expect, it } from 'vitest'
import { comparePlans, type ComparableEntry } from './compare.js'
import type { Pillar } from './pillars.js'

const entry = (pillar: Pillar, position: number, text: string, more: Partial<ComparableEntry> = {}) => ({
  pillar,
  position,
  text,
  ownerAgencyId: null,
  reviewOn: null,
  ...more,
})
const plan = (
  entries: ComparableEntry[],
  more: { reviewOn?: string; visitIntervalMonths?: number } = {},
) => ({
  reviewOn: more.reviewOn ?? '2026-06-01',
  visitIntervalMonths: more.visitIntervalMonths ?? null,
  entries,
})
const pillar = (diff: ReturnType<typeof comparePlans>, p: Pillar) => diff.pillars.find((d) => d.pillar === p)!

describe('comparing two versions of a plan', () => {
  it('finds nothing changed between identical versions', () => {
    const entries = [entry('supervision', 0, 'Weekly reporting'), entry('contingency', 0, 'Recall')]
    const diff = comparePlans(plan(entries), plan(entries.map((e) => ({ ...e }))))
    expect(diff.changed).toBe(false)
    expect(pillar(diff, 'supervision').unchanged).toBe(1)
    expect(diff.reviewOn).toBeNull()
  })

  it('reports entries added, removed and changed per pillar', () => {
    const from = plan([
      entry('supervision', 0, 'Weekly reporting'),
      entry('supervision', 1, 'Monthly home visit'),
      entry('victim_safety', 0, 'No contact with V1', { ownerAgencyId: 'a' }),
      entry('contingency', 0, 'Recall on breach'),
    ])
    const to = plan([
      entry('supervision', 0, 'Monthly home visit'),
      entry('supervision', 1, 'Electronic monitoring'),
      entry('victim_safety', 0, 'No contact with V1', { ownerAgencyId: 'b', reviewOn: '2026-03-01' }),
      entry('contingency', 0, 'Recall on any breach'),
    ])
    const diff = comparePlans(from, to)
    expect(diff.changed).toBe(true)
    const supervision = pillar(diff, 'supervision')
    // "Monthly home visit" moved up a place: unchanged, not removed and added.
    expect(supervision.unchanged).toBe(1)
    // Weekly reporting stood at 0, Electronic monitoring stands at 1: different places, so removed and added.
    expect(supervision.removed.map((e) => e.text)).toEqual(['Weekly reporting'])
    expect(supervision.added.map((e) => e.text)).toEqual(['Electronic monitoring'])
    expect(supervision.changed).toHaveLength(0)
    expect(pillar(diff, 'victim_safety').changed).toEqual([
      {
        from: from.entries[2],
        to: to.entries[2],
        fields: ['ownerAgencyId', 'reviewOn'],
      },
    ])
    expect(pillar(diff, 'contingency').changed[0]!.fields).toEqual(['text'])
    expect(pillar(diff, 'monitoring_control')).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      unchanged: 0,
    })
  })

  it('pairs leftover entries only where they stand in the same place', () => {
    const diff = comparePlans(
      plan([entry('supervision', 0, 'Weekly reporting'), entry('supervision', 1, 'Curfew checks')]),
      plan([entry('supervision', 0, 'Curfew checks')]),
    )
    const supervision = pillar(diff, 'supervision')
    expect(supervision.unchanged).toBe(1)
    expect(supervision.removed.map((e) => e.text)).toEqual(['Weekly reporting'])
    expect(supervision.added).toEqual([])
  })

  it('reports added and removed entries and pillars that became empty', () => {
    const diff = comparePlans(
      plan([entry('interventions_treatment', 0, 'Horizon programme')]),
      plan([entry('victim_safety', 0, 'Exclusion zone around V1’s home')]),
    )
    expect(pillar(diff, 'interventions_treatment').removed.map((e) => e.text)).toEqual(['Horizon programme'])
    expect(pillar(diff, 'victim_safety').added.map((e) => e.text)).toEqual([
      'Exclusion zone around V1’s home',
    ])
  })

  it('reports changes to the review date and the home visit interval', () => {
    const diff = comparePlans(
      plan([], { reviewOn: '2026-06-01' }),
      plan([], { reviewOn: '2026-09-01', visitIntervalMonths: 2 }),
    )
    expect(diff.reviewOn).toEqual({ from: '2026-06-01', to: '2026-09-01' })
    expect(diff.visitIntervalMonths).toEqual({ from: null, to: 2 })
    expect(diff.changed).toBe(true)
  })
})
