import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from './dates.js'
import { addWorkingDays, bankHolidays, easterSunday, isWorkingDay } from './working-days.js'

const dates = (year: number) => bankHolidays(year).map((h) => h.date)

describe('England and Wales bank holidays (Banking and Financial Dealings Act 1971 Sch.1)', () => {
  it.each([
    [
      2019,
      [
        '2019-01-01',
        '2019-04-19',
        '2019-04-22',
        '2019-05-06',
        '2019-05-27',
        '2019-08-26',
        '2019-12-25',
        '2019-12-26',
      ],
    ],
    [
      2020,
      [
        '2020-01-01',
        '2020-04-10',
        '2020-04-13',
        '2020-05-08',
        '2020-05-25',
        '2020-08-31',
        '2020-12-25',
        '2020-12-28',
      ],
    ],
    [
      2021,
      [
        '2021-01-01',
        '2021-04-02',
        '2021-04-05',
        '2021-05-03',
        '2021-05-31',
        '2021-08-30',
        '2021-12-27',
        '2021-12-28',
      ],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
    [
      2012,
      [
        '2012-01-02',
        '2012-04-06',
        '2012-04-09',
        '2012-05-07',
        '2012-06-04',
        '2012-06-05',
        '2012-08-27',
        '2012-12-25',
        '2012-12-26',
      ],
    ],
  ])('%i (incl. substitute days and proclamations)', (year, expected) => {
    expect(dates(year)).toEqual(expected)
  })

  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s (Gregorian computus)', (year, expected) => {
    expect(easterSunday(year)).toBe(expected)
  })
})

describe('adding working days', () => {
  it.each([
    ['2024-05-03', 10, '2024-05-20', 'Friday + 10 skips the early May bank holiday'],
    ['2023-05-05', 1, '2023-05-09', 'coronation Monday 8 May 2023 is not a working day'],
    ['2020-05-07', 1, '2020-05-11', 'VE Day Friday 8 May 2020 is not a working day'],
    ['2022-12-23', 1, '2022-12-28', 'Christmas 2022 substitutes'],
    ['2024-06-01', 0, '2024-06-03', 'zero days from a Saturday is the next working day'],
  ])('%s + %i working days = %s (%s)', (from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected)
  })

  const day = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('1995-01-01', n))

  it('property: adding N ≥ 1 working days always lands on a working day', () => {
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 60 }), (d, n) => isWorkingDay(addWorkingDays(d, n))))
  })

  it('property: more working days never gives an earlier date', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (d, a, b) =>
        a <= b ? addWorkingDays(d, a) <= addWorkingDays(d, b) : addWorkingDays(d, a) >= addWorkingDays(d, b),
      ),
    )
  })

  it('property: N working days after a day contain exactly N working days', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 30 }), (d, n) => {
        const end = addWorkingDays(d, n)
        let count = 0
        for (let x = addDays(d, 1); x <= end; x = addDays(x, 1)) if (isWorkingDay(x)) count += 1
        return count === n
      }),
    )
  })

  it('refuses a negative number of working days', () => {
    expect(() => addWorkingDays('2024-01-01', -1)).toThrow(RangeError)
  })
})
