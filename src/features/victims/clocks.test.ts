import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, isWorkingDay } from '../../domain/rules/index.js'
import { victimClocks } from './service.js'

const victim = (fields: Partial<Parameters<typeof victimClocks>[0]> = {}) => ({
  id: 'v1',
  sentencedOn: '2026-03-02',
  referredOn: null,
  contactedOn: null,
  endedOn: null,
  ...fields,
})

/**
 * Victim Contact Scheme timescales (Victims' Code; VCS guidance, rules.md §8): referral within
 * 10 working days of sentence; the VLO contacts the victim within 20 working days of referral.
 * Working days leave out weekends and England and Wales bank holidays.
 */
describe('Victim Contact Scheme clocks', () => {
  it.each([
    ['a Monday: two weekends later', '2026-03-02', '2026-03-16'],
    ['a Saturday: counted from the next working day', '2026-03-07', '2026-03-20'],
    ['before Easter 2026 (Good Friday 3 April, Easter Monday 6 April)', '2026-04-01', '2026-04-17'],
    [
      'before Christmas 2026 (25 Dec, Boxing Day moved to 28 Dec, New Year’s Day 2027)',
      '2026-12-17',
      '2027-01-05',
    ],
    ['before the 2023 coronation holiday (8 May 2023, a one-off)', '2023-05-05', '2023-05-22'],
  ])('referral due 10 working days after sentence on %s', (_name, sentencedOn, due) => {
    const [referral] = victimClocks(victim({ sentencedOn }), 'not_recorded', 'eligible', sentencedOn)
    expect(referral).toMatchObject({ kind: 'victim_contact_referral', dueDate: due, status: 'due' })
    expect(referral!.basis[0]!.reference).toMatch(/Victim Contact Scheme/)
  })

  it.each([
    ['over the summer bank holiday (31 August 2026)', '2026-08-17', '2026-09-15'],
    ['over Easter 2026', '2026-03-16', '2026-04-15'],
    ['over the spring bank holiday (25 May 2026)', '2026-05-11', '2026-06-09'],
  ])('VLO contact due 20 working days after referral %s', (_name, referredOn, due) => {
    const items = victimClocks(
      victim({ sentencedOn: addDays(referredOn, -7), referredOn }),
      'opted_in',
      'eligible',
      referredOn,
    )
    expect(items.map((i) => [i.kind, i.status])).toEqual([
      ['victim_contact_referral', 'done'],
      ['victim_liaison_contact', 'due'],
    ])
    expect(items[1]!.dueDate).toBe(due)
  })

  it('is overdue the day after it was due, and done when met', () => {
    const [late] = victimClocks(victim(), 'not_recorded', 'eligible', '2026-03-17')
    expect(late!.status).toBe('overdue')
    const [onTime] = victimClocks(victim(), 'not_recorded', 'eligible', '2026-03-16')
    expect(onTime!.status).toBe('due')
    const met = victimClocks(
      victim({ referredOn: '2026-03-10', contactedOn: '2026-03-20' }),
      'opted_in',
      'eligible',
      '2026-06-01',
    )
    expect(met.map((i) => i.status)).toEqual(['done', 'done'])
  })

  it.each([
    ['no sentence date', victim({ sentencedOn: null }), 'not_recorded', 'eligible'],
    ['the record has ended', victim({ endedOn: '2026-03-05' }), 'not_recorded', 'eligible'],
    ['the victim opted out', victim(), 'opted_out', 'eligible'],
    ['the offence is outside the statutory scheme', victim(), 'not_recorded', 'not_eligible'],
  ] as const)('runs no clock when %s', (_name, v, scheme, eligibility) => {
    expect(victimClocks(v, scheme, eligibility, '2026-03-03')).toEqual([])
  })

  it('still runs while eligibility needs review or no conviction is linked', () => {
    expect(victimClocks(victim(), 'not_recorded', 'needs_review', '2026-03-03')).toHaveLength(1)
    expect(victimClocks(victim(), 'not_recorded', null, '2026-03-03')).toHaveLength(1)
  })

  it('always falls due on a working day at least 12 days after sentence', () => {
    const day = fc.integer({ min: 0, max: 365 * 8 }).map((n) => addDays('2022-01-01', n))
    fc.assert(
      fc.property(day, (sentencedOn) => {
        const [referral] = victimClocks(victim({ sentencedOn }), 'not_recorded', 'eligible', sentencedOn)
        expect(isWorkingDay(referral!.dueDate)).toBe(true)
        expect(referral!.dueDate >= addDays(sentencedOn, 12)).toBe(true)
      }),
    )
  })
})
