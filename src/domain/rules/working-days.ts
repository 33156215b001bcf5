import { Temporal } from 'temporal-polyfill'
import { addDays, toPlainDate, type IsoDate } from './dates.js'
import type { RuleMeta } from './meta.js'
import { REF } from './references.js'

export interface BankHoliday {
  date: IsoDate
  name: string
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): IsoDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return Temporal.PlainDate.from({ year, month, day }).toString()
}

/**
 * One-off changes by royal proclamation. `moved` replaces the date the rule would give;
 * `extra` adds a holiday. Add new proclamations here (and bump RULES_VERSION).
 */
export const BANK_HOLIDAY_CHANGES: readonly {
  year: number
  moved?: { from: IsoDate; to: IsoDate; name: string }
  extra?: BankHoliday
}[] = [
  { year: 1981, extra: { date: '1981-07-29', name: 'Royal wedding' } },
  { year: 1995, moved: { from: '1995-05-01', to: '1995-05-08', name: 'Early May bank holiday (VE Day)' } },
  { year: 1999, extra: { date: '1999-12-31', name: 'Millennium celebrations' } },
  { year: 2002, moved: { from: '2002-05-27', to: '2002-06-04', name: 'Spring bank holiday' } },
  { year: 2002, extra: { date: '2002-06-03', name: 'Golden Jubilee' } },
  { year: 2011, extra: { date: '2011-04-29', name: 'Royal wedding' } },
  { year: 2012, moved: { from: '2012-05-28', to: '2012-06-04', name: 'Spring bank holiday' } },
  { year: 2012, extra: { date: '2012-06-05', name: 'Diamond Jubilee' } },
  { year: 2020, moved: { from: '2020-05-04', to: '2020-05-08', name: 'Early May bank holiday (VE Day)' } },
  { year: 2022, moved: { from: '2022-05-30', to: '2022-06-02', name: 'Spring bank holiday' } },
  { year: 2022, extra: { date: '2022-06-03', name: 'Platinum Jubilee' } },
  { year: 2022, extra: { date: '2022-09-19', name: 'State funeral of Queen Elizabeth II' } },
  { year: 2023, extra: { date: '2023-05-08', name: 'Coronation of King Charles III' } },
]

function date(year: number, month: number, day: number): Temporal.PlainDate {
  return Temporal.PlainDate.from({ year, month, day })
}

function firstMonday(year: number, month: number): Temporal.PlainDate {
  const first = date(year, month, 1)
  return first.add({ days: (8 - first.dayOfWeek) % 7 })
}

function lastMonday(year: number, month: number): Temporal.PlainDate {
  const last = date(year, month, 1).add({ months: 1 }).subtract({ days: 1 })
  return last.subtract({ days: (last.dayOfWeek + 6) % 7 })
}

/** Next weekday on or after a date. */
function weekdayOnOrAfter(d: Temporal.PlainDate): Temporal.PlainDate {
  return d.dayOfWeek === 6 ? d.add({ days: 2 }) : d.dayOfWeek === 7 ? d.add({ days: 1 }) : d
}

const cache = new Map<number, readonly BankHoliday[]>()

/**
 * England and Wales bank holidays for a year, by rule plus proclamations. The rules hold
 * from 1978 (the early May holiday began then).
 */
export function bankHolidays(year: number): readonly BankHoliday[] {
  const cached = cache.get(year)
  if (cached) return cached
  const easter = toPlainDate(easterSunday(year))
  const list: BankHoliday[] = [
    { date: weekdayOnOrAfter(date(year, 1, 1)).toString(), name: 'New Year’s Day' },
    { date: easter.subtract({ days: 2 }).toString(), name: 'Good Friday' },
    { date: easter.add({ days: 1 }).toString(), name: 'Easter Monday' },
    { date: lastMonday(year, 5).toString(), name: 'Spring bank holiday' },
    { date: lastMonday(year, 8).toString(), name: 'Summer bank holiday' },
  ]
  if (year >= 1978) list.push({ date: firstMonday(year, 5).toString(), name: 'Early May bank holiday' })
  // Christmas on a weekend moves to the next free weekday; Boxing Day then takes the one after.
  const christmas = weekdayOnOrAfter(date(year, 12, 25))
  let boxing = weekdayOnOrAfter(date(year, 12, 26))
  if (Temporal.PlainDate.compare(boxing, christmas) <= 0)
    boxing = weekdayOnOrAfter(christmas.add({ days: 1 }))
  list.push(
    { date: christmas.toString(), name: 'Christmas Day' },
    { date: boxing.toString(), name: 'Boxing Day' },
  )

  for (const change of BANK_HOLIDAY_CHANGES) {
    if (change.year !== year) continue
    if (change.moved) {
      const moved = change.moved
      const index = list.findIndex((h) => h.date === moved.from)
      if (index >= 0) list.splice(index, 1)
      list.push({ date: moved.to, name: moved.name })
    }
    if (change.extra) list.push(change.extra)
  }
  list.sort((a, b) => (a.date < b.date ? -1 : 1))
  cache.set(year, list)
  return list
}

export function isBankHoliday(day: IsoDate): boolean {
  return bankHolidays(toPlainDate(day).year).some((h) => h.date === day)
}

export function isWorkingDay(day: IsoDate): boolean {
  return toPlainDate(day).dayOfWeek <= 5 && !isBankHoliday(day)
}

/** The first working day on or after a date. */
export function nextWorkingDayOnOrAfter(day: IsoDate): IsoDate {
  let d = day
  while (!isWorkingDay(d)) d = addDays(d, 1)
  return d
}

/**
 * The date N working days after a day (the day itself is not counted): 10 working days
 * after a Friday sentence is the Friday two weeks later if there is no bank holiday.
 * N = 0 gives the first working day on or after the day.
 */
export function addWorkingDays(day: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0: ${n}`)
  if (n === 0) return nextWorkingDayOnOrAfter(day)
  let d = day
  let left = n
  while (left > 0) {
    d = addDays(d, 1)
    if (isWorkingDay(d)) left -= 1
  }
  return d
}

export const workingDayRules: RuleMeta[] = [
  {
    id: 'dates.beginning-with',
    area: 'Dates and working days',
    title: 'Periods “beginning with” a day',
    description:
      'A period of N “beginning with” a day includes that day, so its last day is the day before the same date N later: 10 years beginning with 10 May 2021 ends on 9 May 2031; “within 3 days beginning with” a Monday means by the end of Wednesday. A period “after” an event does not include the event’s day.',
    references: [REF.soaPeriodTable, REF.soaInitial],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'dates.age',
    area: 'Dates and working days',
    title: 'Ages',
    description:
      'Ages are whole years from the date of birth. A person reaches an age at the start of their birthday; someone born on 29 February reaches it on 1 March in a common year.',
    references: [REF.ageAttained],
    effectiveFrom: '1970-01-01',
    confidence: 'recalled',
  },
  {
    id: 'dates.bank-holidays',
    area: 'Dates and working days',
    title: 'Working days and bank holidays (England and Wales)',
    description:
      'Working days are Monday to Friday except bank holidays. Bank holidays are computed: New Year’s Day (next Monday if at a weekend), Good Friday and Easter Monday (Gregorian Easter), early May (first Monday of May, from 1978), spring (last Monday of May), summer (last Monday of August), Christmas Day and Boxing Day (moved to the next free weekdays if at a weekend). One-off changes by proclamation are listed in a table (for example 8 May 2020; 2 and 3 June 2022; 19 September 2022; 8 May 2023; the 2002 and 2012 jubilees). “N working days after” a day does not count that day.',
    references: [REF.bankHolidays, REF.bankHolidayProclamation],
    effectiveFrom: '1978-01-01',
    confidence: 'confirmed',
  },
]
