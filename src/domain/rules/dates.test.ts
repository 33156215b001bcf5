import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, ageOn, endOfLondonDay, isIsoDate, lastDayOfPeriod, lastLondonDayBefore } from './dates.js'

describe('periods “beginning with” a date (SOA 2003 s.82(1))', () => {
  it.each([
    ['2021-05-10', 'P10Y', '2031-05-09'],
    ['2024-01-01', 'P3D', '2024-01-03'],
    ['2020-02-29', 'P1Y', '2021-02-27'],
    ['2021-05-10', 'P3Y6M', '2024-11-09'],
  ])('%s + %s ends on %s', (start, duration, end) => {
    expect(lastDayOfPeriod(start, duration)).toBe(end)
  })

  it('property: the last day is never before the first day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 1, max: 240 }), (n, months) => {
        const start = addDays('1990-01-01', n)
        return lastDayOfPeriod(start, `P${months}M`) >= start
      }),
    )
  })
})

describe('ages (Family Law Reform Act 1969 s.9)', () => {
  it.each([
    ['2000-06-15', '2018-06-14', 17],
    ['2000-06-15', '2018-06-15', 18],
    ['2004-02-29', '2022-02-28', 17],
    ['2004-02-29', '2022-03-01', 18],
    ['2004-02-29', '2024-02-29', 20],
  ])('born %s, on %s aged %i', (dob, on, age) => {
    expect(ageOn(dob, on)).toBe(age)
  })

  it('validates calendar dates', () => {
    expect(isIsoDate('2023-02-29')).toBe(false)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2024-2-9')).toBe(false)
  })
})

describe('access until the end of a London day', () => {
  it.each([
    ['2025-01-15', '2025-01-16T00:00:00.000Z'], // GMT
    ['2025-07-15', '2025-07-15T23:00:00.000Z'], // BST
    ['2025-03-29', '2025-03-30T00:00:00.000Z'], // the clocks go forward that night, after midnight
    ['2025-10-25', '2025-10-25T23:00:00.000Z'], // the clocks go back that night, after midnight
  ])('%s ends at %s', (date, instant) => {
    expect(endOfLondonDay(date).toISOString()).toBe(instant)
  })

  it('property: the last day before the end of a day is that day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), (n) => {
        const date = addDays('1990-01-01', n)
        return lastLondonDayBefore(endOfLondonDay(date)) === date
      }),
    )
  })
})
