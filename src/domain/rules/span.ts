import { Temporal } from 'temporal-polyfill'
import { toPlainDate, type IsoDate } from './dates.js'

/**
 * A length of time as a court or statute states it. Months are calendar months
 * (Interpretation Act 1978 Sch.1), so a span only has a definite number of days once it
 * is anchored to a start date.
 */
export interface Span {
  years: number
  months: number
  weeks: number
  days: number
}

/** A sentence or order length as recorded: months, weeks and/or days. */
export interface Length {
  months?: number
  weeks?: number
  days?: number
}

export const ZERO: Span = { years: 0, months: 0, weeks: 0, days: 0 }

export function span(parts: Partial<Span>): Span {
  return { ...ZERO, ...parts }
}

export function hasLength(length: Length): boolean {
  return length.months !== undefined || length.weeks !== undefined || length.days !== undefined
}

export function spanOf(length: Length): Span {
  return span({ months: length.months ?? 0, weeks: length.weeks ?? 0, days: length.days ?? 0 })
}

export function addSpans(a: Span, b: Span): Span {
  return span({
    years: a.years + b.years,
    months: a.months + b.months,
    weeks: a.weeks + b.weeks,
    days: a.days + b.days,
  })
}

export function subtractSpans(a: Span, b: Span): Span {
  return span({
    years: a.years - b.years,
    months: a.months - b.months,
    weeks: a.weeks - b.weeks,
    days: a.days - b.days,
  })
}

/** Adds a span unit by unit, so components may carry different signs (X + Y - overlap). */
export function addSpan(date: IsoDate, s: Span): IsoDate {
  return toPlainDate(date)
    .add({ years: s.years })
    .add({ months: s.months })
    .add({ weeks: s.weeks })
    .add({ days: s.days })
    .toString()
}

/** Compares two spans by where they end when both start on the anchor date. */
export function compareSpans(anchor: IsoDate, a: Span, b: Span): number {
  const ea = addSpan(anchor, a)
  const eb = addSpan(anchor, b)
  return ea < eb ? -1 : ea > eb ? 1 : 0
}

/** Half of a span, used for the detention half of a detention and training order. */
export function halveSpan(s: Span): Span {
  const months = s.years * 12 + s.months
  const days = s.weeks * 7 + s.days
  // An odd month halves to 15 days: DTO terms are whole even months in practice.
  return span({ months: Math.floor(months / 2), days: Math.floor(days / 2) + (months % 2) * 15 })
}

/** ISO 8601 duration with months carried into years: 18 months is `P1Y6M`. */
export function spanToIso(s: Span): string {
  const totalMonths = s.years * 12 + s.months
  const years = Math.floor(totalMonths / 12)
  const months = totalMonths % 12
  const duration = Temporal.Duration.from({ years, months, weeks: s.weeks, days: s.days })
  return duration.toString()
}

export function describeSpan(s: Span): string {
  const totalMonths = s.years * 12 + s.months
  const parts: string[] = []
  const years = Math.floor(totalMonths / 12)
  const months = totalMonths % 12
  if (years) parts.push(`${years} year${years === 1 ? '' : 's'}`)
  if (months) parts.push(`${months} month${months === 1 ? '' : 's'}`)
  if (s.weeks) parts.push(`${s.weeks} week${s.weeks === 1 ? '' : 's'}`)
  if (s.days) parts.push(`${s.days} day${s.days === 1 ? '' : 's'}`)
  return parts.length ? parts.join(' ') : '0 days'
}
