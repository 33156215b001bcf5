import { Temporal } from 'temporal-polyfill'

/** A calendar date, `YYYY-MM-DD`. Every rule works in calendar dates (England and Wales). */
export type IsoDate = string

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' })
    return true
  } catch {
    return false
  }
}

export function toPlainDate(date: IsoDate): Temporal.PlainDate {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`)
  return Temporal.PlainDate.from(date)
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toPlainDate(date).add({ days }).toString()
}

/** Adds an ISO 8601 duration such as `P10Y`, `P3Y6M`, `P16W`. */
export function addDuration(date: IsoDate, duration: string): IsoDate {
  return toPlainDate(date).add(Temporal.Duration.from(duration)).toString()
}

/**
 * Last day of "a period of <duration> beginning with <start>": the start day counts, so
 * 10 years beginning with 2021-05-10 ends on 2031-05-09.
 */
export function lastDayOfPeriod(start: IsoDate, duration: string): IsoDate {
  return addDays(addDuration(start, duration), -1)
}

/** ISO dates compare correctly as strings once validated; this keeps intent readable. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toPlainDate(a).until(toPlainDate(b), { largestUnit: 'days' }).days
}

/**
 * Age in completed years on a date. A person attains an age at the start of the anniversary
 * of their birth (Family Law Reform Act 1969 s.9); someone born on 29 February attains it on
 * 1 March in a common year, so compare (month, day) rather than adding years.
 */
export function ageOn(dateOfBirth: IsoDate, date: IsoDate): number {
  const dob = toPlainDate(dateOfBirth)
  const on = toPlainDate(date)
  const beforeBirthday = on.month < dob.month || (on.month === dob.month && on.day < dob.day)
  return on.year - dob.year - (beforeBirthday ? 1 : 0)
}

/** The calendar date of an instant in England and Wales. */
export function londonDateOf(instant: string): IsoDate {
  return Temporal.Instant.from(instant).toZonedDateTimeISO('Europe/London').toPlainDate().toString()
}

/** The instant a London calendar day ends (midnight after it), for access that lasts "until" a date. */
export function endOfLondonDay(date: IsoDate): Date {
  return new Date(
    Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime({ timeZone: 'Europe/London' })
      .epochMilliseconds,
  )
}

/** The last London day before an instant made by `endOfLondonDay`: the date it was made from. */
export function lastLondonDayBefore(end: Date): IsoDate {
  return londonDateOf(new Date(end.getTime() - 1).toISOString())
}
