import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../domain/rules/dates.js'
import { addWorkingDays } from '../../domain/rules/working-days.js'
import { referralTimeliness, workingDaysBetween } from './timeliness.js'

describe('working days between two dates (England and Wales bank holidays)', () => {
  it.each([
    ['the same day', '2026-03-02', '2026-03-02', 0],
    ['Monday to the next Monday', '2026-03-02', '2026-03-09', 5],
    ['Friday to Monday', '2026-03-06', '2026-03-09', 1],
    ['a later date before an earlier one', '2026-03-09', '2026-03-02', 0],
    ['over Easter 2026 (Good Friday 3 April, Easter Monday 6 April)', '2026-04-02', '2026-04-07', 1],
    ['over Christmas 2026 (Boxing Day substitute Monday 28 December)', '2026-12-24', '2026-12-29', 1],
    ['over the coronation bank holiday (8 May 2023, a one-off change)', '2023-05-05', '2023-05-09', 1],
    ['Saturday to Sunday', '2026-03-07', '2026-03-08', 0],
  ])('%s', (_what, from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected)
  })

  const day = fc.integer({ min: 0, max: 365 * 12 }).map((n) => addDays('2018-01-01', n))

  it('counts back what addWorkingDays counted forward (the day itself is not counted)', () => {
    // n = 0 means "the first working day on or after", which is not a count.
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (from, n) => {
        expect(workingDaysBetween(from, addWorkingDays(from, n))).toBe(n)
      }),
    )
  })

  it('never exceeds the calendar days and adds up over consecutive spans', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 }), (a, x, y) => {
        const b = addDays(a, x)
        const c = addDays(b, y)
        expect(workingDaysBetween(a, b)).toBeLessThanOrEqual(x)
        expect(workingDaysBetween(a, c)).toBe(workingDaysBetween(a, b) + workingDaysBetween(b, c))
      }),
    )
  })
})

describe('referral timeliness (measured for the quality audit, MAPPA L; no E&W time limit)', () => {
  it.each([
    {
      what: 'screened the next working day, first meeting two weeks on',
      input: {
        submittedAt: '2026-03-06T10:00:00Z',
        screenedAt: '2026-03-09T09:00:00Z',
        firstMeetingOn: '2026-03-20',
      },
      today: '2026-03-25',
      expected: {
        submittedOn: '2026-03-06',
        screenedOn: '2026-03-09',
        screeningWorkingDays: 1,
        screeningDecided: true,
        daysToFirstMeeting: 14,
      },
    },
    {
      what: 'awaiting screening: counted to today',
      input: { submittedAt: '2026-03-02T10:00:00Z', screenedAt: null, firstMeetingOn: null },
      today: '2026-03-09',
      expected: {
        submittedOn: '2026-03-02',
        screenedOn: null,
        screeningWorkingDays: 5,
        screeningDecided: false,
        daysToFirstMeeting: null,
      },
    },
    {
      what: 'submitted half past midnight in British Summer Time: the London date counts',
      input: {
        submittedAt: '2026-06-30T23:30:00Z',
        screenedAt: new Date('2026-07-01T15:00:00Z'),
        firstMeetingOn: '2026-07-01',
      },
      today: '2026-07-02',
      expected: {
        submittedOn: '2026-07-01',
        screenedOn: '2026-07-01',
        screeningWorkingDays: 0,
        screeningDecided: true,
        daysToFirstMeeting: 0,
      },
    },
    {
      what: 'an urgent meeting held before the referral was written up: no wait, never negative',
      input: {
        submittedAt: '2026-07-03T09:00:00Z',
        screenedAt: '2026-07-03T10:00:00Z',
        firstMeetingOn: '2026-07-01',
      },
      today: '2026-07-03',
      expected: {
        submittedOn: '2026-07-03',
        screenedOn: '2026-07-03',
        screeningWorkingDays: 0,
        screeningDecided: true,
        daysToFirstMeeting: 0,
      },
    },
    {
      what: 'over Easter: Good Friday and Easter Monday are not working days',
      input: {
        submittedAt: '2026-04-02T12:00:00Z',
        screenedAt: '2026-04-08T12:00:00Z',
        firstMeetingOn: '2026-04-30',
      },
      today: '2026-05-01',
      expected: {
        submittedOn: '2026-04-02',
        screenedOn: '2026-04-08',
        screeningWorkingDays: 2,
        screeningDecided: true,
        daysToFirstMeeting: 28,
      },
    },
  ])('$what', ({ input, today, expected }) => {
    expect(referralTimeliness(input, today)).toEqual({ firstMeetingOn: input.firstMeetingOn, ...expected })
  })
})
