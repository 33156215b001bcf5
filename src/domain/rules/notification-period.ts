import { ageOnRelevantDate } from './ages.js'
import type { RulesConfig } from './config.js'
import { addDays, addDuration, lastDayOfPeriod, maxDate, toPlainDate, type IsoDate } from './dates.js'
import {
  describeDisposal,
  imprisonmentOf,
  termAtLeastMonths,
  termMoreThanMonths,
  type Imprisonment,
} from './disposal.js'
import { markdownTable, type RuleMeta } from './meta.js'
import {
  lineRef,
  sentenceDateOf,
  TERM_CUSTODY_TYPES,
  type Conviction,
  type OffenceCatalogue,
} from './model.js'
import { NOTIFYING_ORDERS, type CourtOrder } from './orders.js'
import { reason, type Reason, type Tri } from './reason.js'
import { REF } from './references.js'
import { assessSchedule3, type Schedule3Assessment } from './schedule3.js'
import { addSpans, describeSpan, span, spanOf, spanToIso, subtractSpans, type Span } from './span.js'

/** A notification period: a span, indefinite (s.82), or an order's "until further order". */
export type PeriodValue = Span | 'indefinite' | 'until_further_order'

/** What the rest of the service needs to know about a person for notification. */
export interface PersonRecord {
  id?: string
  dateOfBirth?: IsoDate | null
  orders?: CourtOrder[]
  /** Dates of every notification made (initial, changes, periodic). */
  notifications?: IsoDate[]
  /** First notification after release, when known directly (indefinite review). */
  firstNotificationAfterRelease?: IsoDate
  /** Reviews of an indefinite requirement that ended in refusal. */
  indefiniteReviewRefusals?: { decidedOn: IsoDate; nextReviewFrom?: IsoDate }[]
}

/** One thing that may make the person subject to notification, with its period. */
export interface NotificationSource {
  label: string
  kind: 'offence' | 'aggregate' | 'order'
  applies: Tri
  startDate: IsoDate
  /** Shortest and longest period the facts allow (equal when known). */
  minPeriod: PeriodValue
  maxPeriod: PeriodValue
  /** Last day subject for min/max period; null = no end. */
  minEnd: IsoDate | null
  maxEnd: IsoDate | null
  under18: Tri
  reasons: Reason[]
  /** For indefinite review: releases from the detention behind this source. */
  releaseDates: (IsoDate | undefined)[]
}

/** The `notification` object of the eligibility API. */
export interface NotificationSummary {
  required: true
  period: string | null
  startDate: IsoDate
  endDate: IsoDate | null
  reviewFrom: IsoDate | null
}

/** Fixed periods in the s.82(1) table; only these are halved under s.82(2). */
type TableValue = { fixed: 10 | 7 | 5 | 2 } | { discharge: Span } | 'indefinite'

function endOf(start: IsoDate, period: PeriodValue): IsoDate | null {
  return typeof period === 'string' ? null : lastDayOfPeriod(start, spanToIso(period))
}

export function periodToString(period: PeriodValue): string | null {
  return period === 'indefinite' ? 'indefinite' : period === 'until_further_order' ? null : spanToIso(period)
}

function describePeriod(period: PeriodValue): string {
  return typeof period === 'string' ? period.replaceAll('_', ' ') : describeSpan(period)
}

/** Resolves a table value for a person under 18 or not on the relevant date (s.82(2)). */
function applyAge(value: TableValue, under18: boolean): PeriodValue {
  if (value === 'indefinite') return value
  if ('discharge' in value) return value.discharge
  return span({ months: (value.fixed * 12) / (under18 ? 2 : 1) })
}

interface TableResult {
  values: TableValue[]
  why: string
}

/** Conditional discharges last at most 3 years (Sentencing Act 2020 s.80). */
const LONGEST_DISCHARGE = span({ years: 3 })

/** The s.82(1) table for one disposal; several values when a missing fact leaves it open. */
function tableFor(conviction: Conviction, lineIndex: number, imprisonment: Imprisonment): TableResult {
  const line = conviction.offences[lineIndex]
  if (!line) throw new RangeError(`No offence line ${lineIndex}`)
  const d = line.disposal
  const anchor = sentenceDateOf(conviction)
  if (imprisonment.kind === 'life')
    return { values: ['indefinite'], why: `${describeDisposal(d)}: life or indefinite sentence` }
  if (imprisonment.kind === 'term') {
    const atLeast30 = termAtLeastMonths(imprisonment, 30, anchor)
    const over6 = termMoreThanMonths(imprisonment, 6, anchor)
    const below30: TableValue[] =
      over6 === true ? [{ fixed: 10 }] : over6 === false ? [{ fixed: 7 }] : [{ fixed: 7 }, { fixed: 10 }]
    const values: TableValue[] =
      atLeast30 === true ? ['indefinite'] : atLeast30 === false ? below30 : [...below30, 'indefinite']
    const term = imprisonment.max === null ? 'length not recorded' : describeSpan(imprisonment.min)
    const band =
      atLeast30 === true
        ? '30 months or more'
        : atLeast30 === false && over6 === true
          ? 'more than 6 and less than 30 months'
          : atLeast30 === false && over6 === false
            ? '6 months or less'
            : 'band unknown'
    return { values, why: `imprisonment, term ${term} (${band})` }
  }
  if (conviction.type === 'caution') return { values: [{ fixed: 2 }], why: 'caution' }
  switch (d.type) {
    case 'hospital_order_restricted':
      return { values: ['indefinite'], why: 'hospital order with a restriction order' }
    case 'hospital_order':
      return { values: [{ fixed: 7 }], why: 'hospital order without a restriction order' }
    case 'conditional_discharge':
      return d.months !== undefined || d.weeks !== undefined || d.days !== undefined
        ? { values: [{ discharge: spanOf(d) }], why: `${describeDisposal(d)} (the period of the discharge)` }
        : {
            values: [{ discharge: span({ days: 1 }) }, { discharge: LONGEST_DISCHARGE }],
            why: 'conditional discharge, period not recorded',
          }
    default:
      return { values: [{ fixed: 5 }], why: `${describeDisposal(d)} (any other description)` }
  }
}

function comparePeriods(start: IsoDate, a: PeriodValue, b: PeriodValue): number {
  const ea = endOf(start, a)
  const eb = endOf(start, b)
  if (ea === eb) return 0
  if (ea === null) return 1
  if (eb === null) return -1
  return ea < eb ? -1 : 1
}

function buildSource(
  conviction: Conviction,
  lineIndexes: number[],
  kind: 'offence' | 'aggregate',
  applies: Tri,
  imprisonment: Imprisonment,
  under18: Tri,
  leading: Reason[],
): NotificationSource {
  const start = conviction.date
  const table = tableFor(conviction, lineIndexes[0] ?? 0, imprisonment)
  const ages: boolean[] = under18 === 'unknown' ? [false, true] : [under18]
  const periods = table.values.flatMap((v) => ages.map((u) => applyAge(v, u)))
  const sorted = [...periods].sort((a, b) => comparePeriods(start, a, b))
  const minPeriod = sorted[0] ?? 'indefinite'
  const maxPeriod = sorted[sorted.length - 1] ?? 'indefinite'
  const exact = comparePeriods(start, minPeriod, maxPeriod) === 0
  const reasons = [...leading]
  const where = lineRef(conviction, lineIndexes)
  const halvable = table.values.some((v) => typeof v !== 'string' && 'fixed' in v)
  if (exact) {
    const end = endOf(start, minPeriod)
    reasons.push(
      reason(
        `${where}: notification period ${describePeriod(minPeriod)} (${table.why}), beginning with ${start}${end ? `, last day ${end}` : ''}.`,
        REF.soaPeriodTable,
      ),
    )
  } else {
    reasons.push(
      reason(
        `${where}: notification period between ${describePeriod(minPeriod)} and ${describePeriod(maxPeriod)} (${table.why}).`,
        REF.soaPeriodTable,
      ),
    )
  }
  if (halvable && under18 === true)
    reasons.push(
      reason(`Under 18 on the relevant date ${start}: the fixed period is halved.`, REF.soaHalving),
    )
  if (halvable && under18 === 'unknown')
    reasons.push(
      reason(
        'Date of birth not recorded: whether the period is halved (under 18 on the relevant date) is unknown.',
        REF.soaHalving,
      ),
    )
  if (table.values.some((v) => typeof v !== 'string' && 'discharge' in v))
    reasons.push(reason('The period of a conditional discharge is not halved for under-18s.', REF.soaHalving))
  if (imprisonment.kind === 'term') reasons.push(...imprisonment.notes)
  return {
    label: where,
    kind,
    applies,
    startDate: start,
    minPeriod,
    maxPeriod,
    minEnd: endOf(start, minPeriod),
    maxEnd: endOf(start, maxPeriod),
    under18,
    reasons,
    releaseDates: lineIndexes.map((i) => conviction.offences[i]?.disposal.releaseDate),
  }
}

/** Sum of consecutive or partly concurrent terms: X + Y − overlap (s.82(4)). */
function aggregate(parts: { imprisonment: Imprisonment; overlap: Span | null }[]): Imprisonment {
  let min = span({})
  let max: Span | null = span({})
  for (const { imprisonment, overlap } of parts) {
    if (imprisonment.kind !== 'term') return imprisonment.kind === 'life' ? imprisonment : { kind: 'none' }
    min = addSpans(min, imprisonment.min)
    max = max && imprisonment.max ? addSpans(max, imprisonment.max) : null
    if (overlap) {
      min = subtractSpans(min, overlap)
      max = max ? subtractSpans(max, overlap) : null
    }
  }
  return {
    kind: 'term',
    min,
    max,
    notes: parts.flatMap((p) => (p.imprisonment.kind === 'term' ? p.imprisonment.notes : [])),
  }
}

/** Notification sources of one conviction: each Sch.3 line, then aggregated consecutive terms. */
function convictionSources(
  person: PersonRecord,
  conviction: Conviction,
  catalogue: OffenceCatalogue,
  config: RulesConfig,
  lineResults: Schedule3Assessment[],
): NotificationSource[] {
  const age = ageOnRelevantDate(person.dateOfBirth, conviction)
  const under18: Tri = age === null ? 'unknown' : age < 18
  const sources: NotificationSource[] = []
  conviction.offences.forEach((line, i) => {
    const s3 = assessSchedule3(person.dateOfBirth, conviction, i, catalogue, config)
    lineResults.push(s3)
    if (s3.applies === false) return
    sources.push(
      buildSource(
        conviction,
        [i],
        'offence',
        s3.applies,
        imprisonmentOf(line.disposal, 'notification', config),
        under18,
        [],
      ),
    )
  })

  // Chains of custody lines joined by `consecutive`/`overlap` (s.82(3)-(4)).
  const chains: number[][] = []
  conviction.offences.forEach((line, i) => {
    if (!TERM_CUSTODY_TYPES.includes(line.disposal.type)) return
    const last = chains[chains.length - 1]
    if ((line.disposal.consecutive || line.disposal.overlap) && last) last.push(i)
    else chains.push([i])
  })
  for (const chain of chains) {
    const sure = chain.filter((i) => lineResults[i]?.applies === true)
    const maybe = chain.filter((i) => lineResults[i]?.applies !== false)
    const variants: [number[], Tri][] = [[sure, true]]
    if (maybe.length > sure.length) variants.push([maybe, 'unknown'])
    for (const [members, applies] of variants) {
      if (members.length < 2) continue
      const parts = members.map((i, n) => {
        const d = conviction.offences[i]?.disposal
        if (!d) throw new RangeError('unreachable: member line')
        // An overlap is with the previous line; it only counts when that line is counted too.
        const previousCounted = n > 0 && members[n - 1] === chain[chain.indexOf(i) - 1]
        return {
          imprisonment: imprisonmentOf(d, 'notification', config),
          overlap: d.overlap && previousCounted ? spanOf(d.overlap) : null,
        }
      })
      const total = aggregate(parts)
      const lead = reason(
        `${lineRef(conviction, members)}: consecutive or partly concurrent terms for Schedule 3 offences are added together${
          total.kind === 'term' && total.max ? ` (${describeSpan(total.min)})` : ''
        } before the table is applied.`,
        REF.soaAggregation,
      )
      sources.push(buildSource(conviction, members, 'aggregate', applies, total, under18, [lead]))
    }
  }
  return sources
}

function orderSources(person: PersonRecord): NotificationSource[] {
  return (person.orders ?? [])
    .filter((o) => NOTIFYING_ORDERS.includes(o.type))
    .map((o) => {
      const name = o.type.startsWith('interim')
        ? `interim ${o.type.replace('interim_', '').toUpperCase()}`
        : o.type.toUpperCase()
      const ref = o.type.includes('sopo') ? REF.soaSopo : REF.soaShpoNotification
      let period: PeriodValue = 'until_further_order'
      if (o.endDate) {
        const d = toPlainDate(o.madeOn).until(toPlainDate(addDays(o.endDate, 1)), { largestUnit: 'years' })
        period = span({ years: d.years, months: d.months, days: d.days })
      }
      const known = o.endDate !== undefined
      const text = known
        ? `${name} made ${o.madeOn}: subject to notification for its duration (${o.endDate ? `to ${o.endDate}` : 'until further order'}).`
        : `${name} made ${o.madeOn}: subject to notification for its duration; its end date is not recorded.`
      return {
        label: `${name} of ${o.madeOn}`,
        kind: 'order' as const,
        applies: true,
        startDate: o.madeOn,
        minPeriod: known ? period : span({ days: 1 }),
        maxPeriod: period,
        minEnd: known ? (o.endDate ?? null) : o.madeOn,
        maxEnd: o.endDate ?? null,
        under18: 'unknown' as const,
        reasons: [reason(text, ref)],
        releaseDates: [],
      }
    })
}

/** Ends later than another end, where null is "no end". */
function endsAfter(a: IsoDate | null, b: IsoDate | null): boolean {
  if (b === null) return false
  return a === null || a > b
}

export interface NotificationAssessment {
  /** Subject to notification (on `today` when given). */
  subject: Tri
  notification: NotificationSummary | null
  /** True when a missing fact could change the period or end date. */
  periodUncertain: boolean
  reasons: Reason[]
  sources: NotificationSource[]
  /** Sch.3 assessment per conviction, per line. */
  lines: Schedule3Assessment[][]
  /** When the last established requirement ended (if it has). */
  endedOn?: IsoDate
}

/** Whether, and for how long, the person is subject to notification (SOA 2003 ss.80-82). */
export function assessNotification(
  person: PersonRecord,
  convictions: readonly Conviction[],
  catalogue: OffenceCatalogue,
  config: RulesConfig,
  today?: IsoDate,
): NotificationAssessment {
  const lines: Schedule3Assessment[][] = []
  const sources: NotificationSource[] = []
  for (const conviction of convictions) {
    const results: Schedule3Assessment[] = []
    sources.push(...convictionSources(person, conviction, catalogue, config, results))
    lines.push(results)
  }
  sources.push(...orderSources(person))
  const reasons: Reason[] = [...lines.flat().flatMap((l) => l.reasons), ...sources.flatMap((s) => s.reasons)]

  const isCurrent = (s: NotificationSource) => !today || s.minEnd === null || s.minEnd >= today
  const mayBeCurrent = (s: NotificationSource) => !today || s.maxEnd === null || s.maxEnd >= today
  const established = sources.filter((s) => s.applies === true)
  const current = established.filter(isCurrent)
  const possible = sources.filter((s) => s.applies !== false && mayBeCurrent(s))

  if (current.length === 0) {
    const subject: Tri = possible.length > 0 ? 'unknown' : false
    const result: NotificationAssessment = {
      subject,
      notification: null,
      periodUncertain: subject === 'unknown',
      reasons,
      sources,
      lines,
    }
    const ends = established.map((s) => s.maxEnd).filter((e): e is IsoDate => e !== null)
    if (subject === false && established.length > 0 && ends.length > 0) {
      result.endedOn = ends.reduce(maxDate)
      reasons.push(reason(`The notification requirement ended on ${result.endedOn}.`, REF.soaPeriodTable))
    }
    if (subject === 'unknown')
      reasons.push(
        reason(
          'Whether the person is subject to notification needs review (see the facts missing above).',
          REF.soaNotifiable,
        ),
      )
    return result
  }

  // The source that ends last decides the end; indefinite beats an order until further order.
  const rank = (s: NotificationSource) => (s.minEnd === null ? (s.minPeriod === 'indefinite' ? 3 : 2) : 1)
  const determining = current.reduce((best, s) =>
    rank(s) > rank(best) ||
    (rank(s) === rank(best) && rank(s) === 1 && (s.minEnd ?? '') > (best.minEnd ?? ''))
      ? s
      : best,
  )
  const exact = comparePeriods(determining.startDate, determining.minPeriod, determining.maxPeriod) === 0
  const longerPossible = possible.filter((s) => s !== determining && endsAfter(s.maxEnd, determining.minEnd))
  const periodUncertain = !exact || longerPossible.length > 0
  for (const s of longerPossible)
    reasons.push(
      reason(
        `${s.label} could make the notification period end later once the missing facts are recorded.`,
        REF.soaPeriodTable,
      ),
    )

  const summary: NotificationSummary = {
    required: true,
    period: exact ? periodToString(determining.minPeriod) : null,
    startDate: determining.startDate,
    endDate: exact ? determining.minEnd : null,
    reviewFrom: null,
  }
  if (current.length > 1 || established.length > 1)
    reasons.push(
      reason(
        `Several convictions, findings or orders give notification; the one ending last applies: ${determining.label}${
          determining.minEnd ? ` (last day ${determining.minEnd})` : ''
        }.`,
        REF.soaPeriodTable,
      ),
    )
  if (exact && determining.minPeriod === 'indefinite') {
    const review = indefiniteReviewFrom(
      person,
      current.filter((s) => s.minPeriod === 'indefinite'),
      today,
    )
    summary.reviewFrom = review.date
    reasons.push(...review.reasons)
  }
  return { subject: true, notification: summary, periodUncertain, reasons, sources, lines }
}

const REVIEW_AFTER = { adult: 'P15Y', youth: 'P8Y', afterRefusal: 'P8Y' } as const

/**
 * Earliest date an indefinite requirement can be reviewed: 15 years (8 if under 18 on the
 * relevant date) after the first notification following release; not while an SHPO or
 * SOPO is in force; normally 8 years after a refusal.
 */
function indefiniteReviewFrom(
  person: PersonRecord,
  indefinite: NotificationSource[],
  today: IsoDate | undefined,
): { date: IsoDate | null; reasons: Reason[] } {
  const reasons: Reason[] = []
  let latest: IsoDate | null = null
  for (const source of indefinite) {
    if (source.kind === 'order') continue
    if (source.under18 === 'unknown') {
      reasons.push(
        reason(
          'Review date needs the date of birth (8 or 15 years depends on age on the relevant date).',
          REF.soaIndefiniteReview,
        ),
      )
      return { date: null, reasons }
    }
    const releases = source.releaseDates
    if (releases.some((r) => r === undefined)) {
      reasons.push(reason(`${source.label}: review date needs the release date.`, REF.soaIndefiniteReview))
      return { date: null, reasons }
    }
    const release = (releases as IsoDate[]).reduce(maxDate)
    if (today && release > today) {
      reasons.push(
        reason(
          `${source.label}: not yet released; the review date runs from the first notification after release.`,
          REF.soaIndefiniteReview,
        ),
      )
      return { date: null, reasons }
    }
    const first =
      person.firstNotificationAfterRelease ??
      [...(person.notifications ?? [])].sort().find((n) => n >= release)
    if (!first) {
      reasons.push(
        reason(
          `${source.label}: review date needs the first notification after release (${release}).`,
          REF.soaIndefiniteReview,
        ),
      )
      return { date: null, reasons }
    }
    const years = source.under18 ? REVIEW_AFTER.youth : REVIEW_AFTER.adult
    const date = addDuration(first, years)
    reasons.push(
      reason(
        `Indefinite requirement: review possible from ${date}, ${years === 'P8Y' ? '8' : '15'} years after the first notification following release (${first})${
          source.under18 ? ', as the person was under 18 on the relevant date' : ''
        }.`,
        REF.soaIndefiniteReview,
      ),
    )
    latest = latest ? maxDate(latest, date) : date
  }
  if (latest === null) return { date: null, reasons }
  for (const refusal of person.indefiniteReviewRefusals ?? []) {
    const next = refusal.nextReviewFrom ?? addDuration(refusal.decidedOn, REVIEW_AFTER.afterRefusal)
    if (next > latest) {
      latest = next
      reasons.push(
        reason(
          `A review was refused on ${refusal.decidedOn}; the next review is possible from ${next}.`,
          REF.soaIndefiniteReview,
        ),
      )
    }
  }
  for (const order of person.orders ?? []) {
    if (!NOTIFYING_ORDERS.includes(order.type) || order.madeOn > latest) continue
    if (order.endDate === null || order.endDate === undefined) {
      reasons.push(
        reason(
          `No review while the ${order.type.toUpperCase()} of ${order.madeOn} is in force and it has no end date.`,
          REF.soaIndefiniteReview,
        ),
      )
      return { date: null, reasons }
    }
    if (order.endDate >= latest) {
      latest = addDays(order.endDate, 1)
      reasons.push(
        reason(
          `No review while the ${order.type.toUpperCase()} of ${order.madeOn} is in force: from ${latest}.`,
          REF.soaIndefiniteReview,
        ),
      )
    }
  }
  return { date: latest, reasons }
}

/** For tests and the calculator: the period in the s.82 table for one disposal alone. */
export function notificationPeriodFor(
  conviction: Conviction,
  lineIndex: number,
  dateOfBirth: IsoDate | null,
  config: RulesConfig,
): { min: PeriodValue; max: PeriodValue; endDate: IsoDate | null } {
  const line = conviction.offences[lineIndex]
  if (!line) throw new RangeError(`No offence line ${lineIndex}`)
  const age = ageOnRelevantDate(dateOfBirth, conviction)
  const source = buildSource(
    conviction,
    [lineIndex],
    'offence',
    true,
    imprisonmentOf(line.disposal, 'notification', config),
    age === null ? 'unknown' : age < 18,
    [],
  )
  return { min: source.minPeriod, max: source.maxPeriod, endDate: source.minEnd }
}

export const notificationPeriodRules: RuleMeta[] = [
  {
    id: 'notification.period',
    area: 'Notification period',
    title: 'Notification period (the s.82 table)',
    description: [
      'The period runs from the relevant date (date of conviction, finding or caution) and includes it.',
      '',
      markdownTable(
        ['Disposal', 'Period'],
        [
          ['Life, indeterminate (IPP/DPP), or imprisonment of 30 months or more', 'indefinite'],
          ['Hospital order with a restriction order', 'indefinite'],
          ['Imprisonment of more than 6 and less than 30 months', '10 years'],
          ['Imprisonment of 6 months or less', '7 years'],
          ['Hospital order without a restriction order', '7 years'],
          ['Caution', '2 years'],
          ['Conditional discharge', 'the period of the discharge'],
          ['Any other disposal (fine, community order, guardianship order…)', '5 years'],
        ],
      ),
      '',
      'Terms in weeks or days are compared with the month thresholds on the calendar from the sentence date. When a fact is missing the answer is a range and the decision is “needs review”.',
    ].join('\n'),
    references: [REF.soaPeriodTable, REF.soaRelevantDate],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'notification.halving',
    area: 'Notification period',
    title: 'Halving for under-18s',
    description:
      'The 10, 7, 5 and 2-year periods are halved when the person was under 18 on the relevant date (the conviction, finding or caution — not the offence). The period of a conditional discharge is not halved; indefinite stays indefinite.',
    references: [REF.soaHalving],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'notification.aggregation',
    area: 'Notification period',
    title: 'Consecutive and partly concurrent terms',
    description:
      'Consecutive terms for two or more Schedule 3 offences are added together, and partly concurrent terms count as X + Y − overlap, before the table is applied: two consecutive 18-month terms make 36 months, so the period is indefinite. This affects the period only, not Schedule 3 conditions or Category 2.',
    references: [REF.soaAggregation],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'notification.combining',
    area: 'Notification period',
    title: 'Several convictions and orders',
    description:
      'Within one conviction the longest period applies. Each conviction runs from its own relevant date and the person is subject until the latest end. An SHPO, interim SHPO or (legacy) SOPO makes the person subject for as long as it lasts; an overseas conviction counts through a notification order. The end date shown is the last day subject.',
    references: [REF.soaPeriodTable, REF.soaShpoNotification, REF.soaNotificationOrder],
    effectiveFrom: '2004-05-01',
    confidence: 'recalled',
  },
  {
    id: 'notification.indefinite-review',
    area: 'Notification period',
    title: 'Review of indefinite notification',
    description:
      'An indefinite requirement can be reviewed from 15 years after the first notification following release (8 years if the person was under 18 on the relevant date), not while an SHPO or SOPO is in force, and normally 8 years after a refusal (or the date the refusal set).',
    references: [REF.soaIndefiniteReview],
    effectiveFrom: '2012-09-01',
    confidence: 'confirmed',
  },
]
