import type { Offence } from '../offence.js'
import { ageOn, isIsoDate, type IsoDate } from './dates.js'
import type { RuleMeta } from './meta.js'
import { REF } from './references.js'
import type { Length } from './span.js'

export const JURISDICTIONS = ['england_wales', 'scotland', 'northern_ireland', 'overseas'] as const
export type Jurisdiction = (typeof JURISDICTIONS)[number]

/** How the person was dealt with: a conviction, a caution, or a finding (SOA 2003 s.80(1)). */
export const OUTCOME_TYPES = ['conviction', 'caution', 'insanity', 'disability_finding'] as const
export type OutcomeType = (typeof OUTCOME_TYPES)[number]

export const DISPOSAL_TYPES = [
  'custody',
  'life',
  'indeterminate',
  'extended',
  'detention_training_order',
  'hospital_order',
  'hospital_order_restricted',
  'guardianship_order',
  'community_order',
  'suspended_sentence',
  'conditional_discharge',
  'absolute_discharge',
  'fine',
  'caution',
  'other',
] as const
export type DisposalType = (typeof DISPOSAL_TYPES)[number]

/** Disposals that are custodial terms and so may run consecutively. */
export const TERM_CUSTODY_TYPES: readonly DisposalType[] = [
  'custody',
  'extended',
  'detention_training_order',
  'suspended_sentence',
]

/** Disposals whose length the rules need. */
export const LENGTH_TYPES: readonly DisposalType[] = [
  ...TERM_CUSTODY_TYPES,
  'community_order',
  'conditional_discharge',
]

export interface Disposal extends Length {
  type: DisposalType
  /** Runs after the previous custody line of the same conviction. */
  consecutive?: boolean
  /** Partly concurrent: how long this term overlaps the previous custody line (s.82(4)(b)). */
  overlap?: Length
  releaseDate?: IsoDate
  licenceEndDate?: IsoDate
  /** End of a hospital, guardianship, community or suspended sentence order. */
  orderEndDate?: IsoDate
}

/** One offence on a conviction, caution or finding, with its own disposal. */
export interface OffenceLine {
  /** Catalogue id; omit and give `description` for an offence not in the catalogue. */
  offenceId?: string
  description?: string
  offenceDate?: IsoDate
  /** When only a range is known (inclusive). */
  offenceDateFrom?: IsoDate
  offenceDateTo?: IsoDate
  /** Exact age of the victim (for image offences: of the person shown, when taken). */
  victimAge?: number
  /** Only an upper bound is known: the victim was under this age. */
  victimAgeUnder?: number
  /** Committed for the purpose of sexual gratification (SOA 2003 ss.66A, 67A). */
  sexualGratification?: boolean
  disposal: Disposal
}

export interface Conviction {
  id?: string
  /** The relevant date: date of conviction, finding or caution (SOA 2003 s.82(6)). */
  date: IsoDate
  type: OutcomeType
  /** England and Wales when omitted. */
  court?: Jurisdiction
  /** Date of sentence where it differs from the conviction date. */
  sentenceDate?: IsoDate
  /** Notification order for an overseas conviction (SOA 2003 s.97): date made. */
  notificationOrderDate?: IsoDate
  offences: OffenceLine[]
}

/** Catalogue id of murder: a Category 2 and victim-contact offence without Schedule 15. */
export const MURDER_OFFENCE_ID = 'cl-murder'

export type OffenceCatalogue = ReadonlyMap<string, Offence>

export function catalogueOf(offences: Iterable<Offence>): OffenceCatalogue {
  return new Map([...offences].map((o) => [o.id, o]))
}

export function courtOf(conviction: Conviction): Jurisdiction {
  return conviction.court ?? 'england_wales'
}

export function sentenceDateOf(conviction: Conviction): IsoDate {
  return conviction.sentenceDate ?? conviction.date
}

export function lineLabel(line: OffenceLine, offence: Offence | undefined): string {
  if (offence) return `${offence.title} (${offence.id})`
  if (line.offenceId) return `unknown offence id “${line.offenceId}”`
  return `“${line.description ?? 'offence without description'}” (not in the catalogue)`
}

/** "Conviction of 2021-05-10, offence 2" or, for several lines, "…, offences 1 + 2". */
export function lineRef(conviction: Conviction, index: number | readonly number[]): string {
  const kind =
    conviction.type === 'conviction' ? 'Conviction' : conviction.type === 'caution' ? 'Caution' : 'Finding'
  const indexes = typeof index === 'number' ? [index] : index
  const numbers = indexes.map((i) => i + 1).join(' + ')
  return `${kind} of ${conviction.date}, offence${indexes.length > 1 ? 's' : ''} ${numbers}`
}

/** The first and last possible offence dates, when recorded. */
export function offenceDates(line: OffenceLine): { from?: IsoDate; to?: IsoDate } {
  if (line.offenceDate) return { from: line.offenceDate, to: line.offenceDate }
  const result: { from?: IsoDate; to?: IsoDate } = {}
  if (line.offenceDateFrom) result.from = line.offenceDateFrom
  if (line.offenceDateTo) result.to = line.offenceDateTo
  return result
}

export interface ValidationIssue {
  path: string
  message: string
}

const MINIMUM_AGE_OF_RESPONSIBILITY = 10

/**
 * Impossible input, for 400 responses: each message says what is wrong in plain words.
 * Missing facts are not errors; they make decisions "needs review".
 */
export function validateConviction(
  conviction: Conviction,
  catalogue: OffenceCatalogue,
  dateOfBirth?: IsoDate | null,
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const add = (path: string, message: string) => issues.push({ path, message })
  const checkDate = (path: string, value: unknown): value is IsoDate => {
    if (value === undefined) return false
    if (!isIsoDate(value)) {
      add(path, `${path} must be a real calendar date as YYYY-MM-DD`)
      return false
    }
    return true
  }
  checkDate('date', conviction.date)
  if (!OUTCOME_TYPES.includes(conviction.type)) add('type', `type must be one of ${OUTCOME_TYPES.join(', ')}`)
  if (conviction.court !== undefined && !JURISDICTIONS.includes(conviction.court))
    add('court', `court must be one of ${JURISDICTIONS.join(', ')}`)
  if (checkDate('sentenceDate', conviction.sentenceDate) && conviction.sentenceDate < conviction.date)
    add('sentenceDate', 'sentenceDate cannot be before the date of conviction')
  if (
    checkDate('notificationOrderDate', conviction.notificationOrderDate) &&
    courtOf(conviction) !== 'overseas'
  )
    add(
      'notificationOrderDate',
      'a notification order applies only to an overseas conviction (SOA 2003 s.97)',
    )
  if (dateOfBirth && isIsoDate(dateOfBirth) && isIsoDate(conviction.date) && conviction.date < dateOfBirth)
    add('date', 'the date of conviction is before the date of birth')
  if (!Array.isArray(conviction.offences) || conviction.offences.length === 0) {
    add('offences', 'at least one offence is needed')
    return issues
  }
  let custodySeen = false
  conviction.offences.forEach((line, i) => {
    const p = `offences[${i}]`
    if (line.offenceId === undefined && !line.description?.trim())
      add(p, `${p} needs an offenceId from the catalogue or a description`)
    if (line.offenceId !== undefined && !catalogue.has(line.offenceId))
      add(
        `${p}.offenceId`,
        `unknown offence id “${line.offenceId}”: use a catalogue id, or a description instead`,
      )
    const dated = ['offenceDate', 'offenceDateFrom', 'offenceDateTo'] as const
    for (const key of dated) {
      const value = line[key]
      if (!checkDate(`${p}.${key}`, value)) continue
      if (isIsoDate(conviction.date) && value > conviction.date)
        add(`${p}.${key}`, `${p}.${key} (${value}) is after the date of conviction (${conviction.date})`)
      if (dateOfBirth && isIsoDate(dateOfBirth) && ageOn(dateOfBirth, value) < MINIMUM_AGE_OF_RESPONSIBILITY)
        add(`${p}.${key}`, `${p}.${key} is before the person was 10, the age of criminal responsibility`)
    }
    if (line.offenceDate && (line.offenceDateFrom || line.offenceDateTo))
      add(p, `${p}: give offenceDate or offenceDateFrom/offenceDateTo, not both`)
    if (line.offenceDateFrom && line.offenceDateTo && line.offenceDateFrom > line.offenceDateTo)
      add(`${p}.offenceDateFrom`, `${p}.offenceDateFrom is after offenceDateTo`)
    for (const key of ['victimAge', 'victimAgeUnder'] as const) {
      const v = line[key]
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 130))
        add(`${p}.${key}`, `${p}.${key} must be a whole number of years from 0 to 130`)
    }
    if (line.victimAge !== undefined && line.victimAgeUnder !== undefined)
      add(p, `${p}: give victimAge or victimAgeUnder, not both`)
    const d = line.disposal
    if (!d || !DISPOSAL_TYPES.includes(d.type)) {
      add(`${p}.disposal.type`, `${p}.disposal.type must be one of ${DISPOSAL_TYPES.join(', ')}`)
      return
    }
    for (const key of ['months', 'weeks', 'days'] as const) {
      const v = d[key]
      if (v !== undefined && (!Number.isInteger(v) || v < 0))
        add(`${p}.disposal.${key}`, `${p}.disposal.${key} must be a whole number, 0 or more (got ${v})`)
      if (v !== undefined && !LENGTH_TYPES.includes(d.type))
        add(`${p}.disposal.${key}`, `a ${d.type.replaceAll('_', ' ')} has no length`)
    }
    for (const key of ['months', 'weeks', 'days'] as const) {
      const v = d.overlap?.[key]
      if (v !== undefined && (!Number.isInteger(v) || v < 0))
        add(`${p}.disposal.overlap.${key}`, `${p}.disposal.overlap.${key} must be a whole number, 0 or more`)
    }
    const isTerm = TERM_CUSTODY_TYPES.includes(d.type)
    if ((d.consecutive || d.overlap) && !isTerm)
      add(`${p}.disposal.consecutive`, 'only a custodial term can run consecutively to another')
    if ((d.consecutive || d.overlap) && isTerm && !custodySeen)
      add(
        `${p}.disposal.consecutive`,
        'a consecutive term needs an earlier custody line in the same conviction',
      )
    if (isTerm) custodySeen = true
    for (const key of ['releaseDate', 'licenceEndDate', 'orderEndDate'] as const) {
      if (checkDate(`${p}.disposal.${key}`, d[key]) && isIsoDate(conviction.date) && d[key] < conviction.date)
        add(`${p}.disposal.${key}`, `${p}.disposal.${key} is before the date of conviction`)
    }
    if (conviction.type === 'caution' && d.type !== 'caution')
      add(`${p}.disposal.type`, 'a caution can only have the disposal “caution”')
    if (conviction.type !== 'caution' && d.type === 'caution')
      add(`${p}.disposal.type`, 'the disposal “caution” needs the type “caution”')
    const finding = conviction.type === 'insanity' || conviction.type === 'disability_finding'
    if (finding && (isTerm || ['life', 'indeterminate', 'fine', 'community_order'].includes(d.type)))
      add(
        `${p}.disposal.type`,
        `a finding of ${conviction.type.replaceAll('_', ' ')} cannot carry a ${d.type.replaceAll('_', ' ')}`,
      )
  })
  return issues
}

export const modelRules: RuleMeta[] = [
  {
    id: 'model.relevant-date',
    area: 'Convictions and disposals',
    title: 'Convictions, cautions and findings',
    description:
      'A person may have convictions, cautions and findings (not guilty by reason of insanity; under a disability and did the act). Each has a date — the relevant date for notification — and offence lines, each with its own offence, offence date (or date range), victim age (exact, “under N”, or unknown) and disposal. The court is England and Wales unless recorded otherwise. An offence not in the catalogue may be recorded by description; any decision it could affect is then “needs review”.',
    references: [REF.soaNotifiable, REF.soaRelevantDate],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'model.imprisonment',
    area: 'Convictions and disposals',
    title: 'What counts as imprisonment',
    description:
      'Custody, life, indeterminate (IPP/DPP, His Majesty’s pleasure), extended sentences and youth detention count as imprisonment. A suspended sentence counts as imprisonment for its stated term. Record the whole term of an extended sentence. A detention and training order counts for Schedule 3 and the notification period as the detention half of its term (configurable), and for Category 2 by its full term. Consecutive terms are added only where the notification rules say so.',
    references: [REF.soaYoungOffenders, REF.suspendedSentence, REF.dtoDetentionHalf],
    effectiveFrom: '2004-05-01',
    confidence: 'unconfirmed',
    configKey: 'detentionTrainingOrder',
  },
  {
    id: 'model.validation',
    area: 'Convictions and disposals',
    title: 'Impossible input is refused',
    description:
      'An offence date after the conviction date, a date range that ends before it starts, negative or fractional lengths, an unknown offence id, a caution with a sentence, a custodial sentence on a finding, and a consecutive term with no earlier custody line are refused with a message saying what is wrong.',
    references: [REF.soaRelevantDate],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
]
