import { Temporal } from 'temporal-polyfill'
import type { Database } from '../../db/connection.js'
import { readOffenceCatalogue } from '../../db/reference-data.js'
import type { Offence } from '../../domain/offence.js'
import {
  DEFAULT_RULES_CONFIG,
  RULES_VERSION,
  catalogueOf,
  compareDecisions,
  decideCategory,
  notificationDueItems,
  recordDecision,
  stableJson,
  validateConviction,
  type Absence,
  type CategoryDecision,
  type Conviction,
  type DecisionChange,
  type DecisionRecord,
  type DueItem,
  type EligibilityResult,
  type IsoDate,
  type NotificationHistory,
  type OffenceCatalogue,
  type PersonRecord,
  type RulesConfig,
  type ValidationIssue,
} from '../../domain/rules/index.js'
import type { Principal } from '../../security/principal.js'
import { recordSignificantEvent } from '../significant-events/service.js'
import * as queries from './queries.js'
import type { StoredConviction } from './queries.js'

export const ELIGIBILITY_DECISION = 'mappa_eligibility'

let cachedCatalogue: { offences: Offence[]; catalogue: OffenceCatalogue } | undefined

/** The offence catalogue the rules use: the same file the offences table is loaded from. */
export function offenceCatalogue() {
  if (!cachedCatalogue) {
    const offences = readOffenceCatalogue()
    cachedCatalogue = { offences, catalogue: catalogueOf(offences) }
  }
  return cachedCatalogue
}

export const rulesConfigInUse = (): RulesConfig => DEFAULT_RULES_CONFIG

/** Paths as the API reports them (`offences.0.offenceDate`), messages as the rules wrote them. */
function apiPath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1')
}

/**
 * Everything impossible about a conviction, in the API's `{path, message}` form: the rules
 * core's checks, plus dates that have not happened yet.
 */
export function conviction400s(
  conviction: Conviction,
  dateOfBirth: IsoDate | null | undefined,
  today: IsoDate,
): ValidationIssue[] {
  const issues = validateConviction(conviction, offenceCatalogue().catalogue, dateOfBirth).map((i) => ({
    path: apiPath(i.path),
    message: i.message,
  }))
  if (dateOfBirth && dateOfBirth > today)
    issues.push({ path: 'dateOfBirth', message: `dateOfBirth (${dateOfBirth}) is in the future` })
  for (const key of ['date', 'sentenceDate'] as const) {
    const value = conviction[key]
    if (typeof value === 'string' && value > today && !issues.some((i) => i.path === key))
      issues.push({ path: key, message: `${key} (${value}) is in the future` })
  }
  return issues
}

export type RecordResult = { kind: 'created'; id: string } | { kind: 'invalid'; problems: ValidationIssue[] }

export async function recordConviction(
  db: Database,
  principal: Principal,
  person: { id: string; dateOfBirth: IsoDate },
  conviction: Conviction,
  today: IsoDate,
): Promise<RecordResult> {
  const problems = conviction400s(conviction, person.dateOfBirth, today)
  if (problems.length) return { kind: 'invalid', problems }
  // A release still to come is news for the person's victims (Victims' Code): recorded with it.
  const releaseDate = conviction.offences
    .map((line) => line.disposal.releaseDate)
    .filter((d): d is string => !!d && d >= today)
    .sort()[0]
  const id = await db.transaction(async (tx) => {
    const id = await queries.insertConviction(tx, person.id, conviction, {
      userId: principal.kind === 'user' ? principal.userId : null,
      apiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : null,
    })
    if (releaseDate)
      await recordSignificantEvent(tx, {
        personId: person.id,
        kind: 'release_date_set',
        occurredOn: releaseDate,
        summary: `Release date recorded with a conviction of ${conviction.date}`,
        source: { type: 'conviction', id },
        createdBy: principal.kind === 'user' ? principal.userId : null,
      })
    return id
  })
  // The answer may have changed: keep it now, whether or not anyone looks.
  await assessPerson(db, person, today)
  return { kind: 'created', id }
}

export const convictionsOf = queries.convictionsOf

/**
 * Records an offence line's release date (set, or changed) and works the eligibility decision
 * out again; gives the date it replaced, or undefined when the line does not exist.
 */
export async function recordReleaseDate(
  db: Database,
  person: { id: string; dateOfBirth: IsoDate },
  line: { convictionId: string; position: number },
  releaseDate: IsoDate,
  today: IsoDate,
) {
  const result = await queries.setReleaseDate(db, person.id, line, releaseDate)
  if (result) await assessPerson(db, person, today)
  return result
}

/** A stored conviction as the API returns it: the body as sent (normalised), with its id. */
export function convictionJson(stored: StoredConviction) {
  const { id, ...rest } = stored.conviction
  return {
    id,
    personId: stored.personId,
    ...rest,
    court: rest.court ?? 'england_wales',
    offences: rest.offences.map((line) => {
      const { consecutive, ...disposal } = line.disposal
      return { ...line, ...(consecutive ? { consecutive: true } : {}), disposal }
    }),
    createdAt: stored.createdAt.toISOString(),
    version: stored.version,
  }
}

/** Custody and hospital detention stop the 3-day clocks (SOA 2003 s.83(6)). */
function detentionAbsences(convictions: readonly Conviction[]): { absences: Absence[]; missing: string[] } {
  const absences: Absence[] = []
  const missing: string[] = []
  const detained = ['custody', 'life', 'indeterminate', 'extended', 'detention_training_order']
  for (const c of convictions) {
    c.offences.forEach((line, i) => {
      const d = line.disposal
      const hospital = d.type === 'hospital_order' || d.type === 'hospital_order_restricted'
      if (!hospital && !detained.includes(d.type)) return
      const from = c.sentenceDate ?? c.date
      const absence: Absence = { kind: hospital ? 'hospital' : 'custody', from }
      if (d.releaseDate) absence.to = d.releaseDate
      else
        missing.push(
          `Conviction of ${c.date}, offence ${i + 1}: the ${hospital ? 'discharge' : 'release'} date is not recorded, so the notification clocks are treated as stopped from ${from}.`,
        )
      absences.push(absence)
    })
  }
  return { absences, missing }
}

/** The calculator works on a conviction alone, so it can count no notification made. */
export const NO_NOTIFICATION_HISTORY =
  'These deadlines assume no notification has been made yet: the calculator does not look at any record.'

/** What notifications are due, from the notification requirement the decision found. */
export function deadlinesFor(
  personId: string | undefined,
  convictions: readonly Conviction[],
  result: Pick<EligibilityResult, 'notification'>,
  today: IsoDate,
): { items: DueItem[]; missing: string[] } {
  const base = notificationRequirement(personId, convictions, result)
  if (!base.history) return { items: [], missing: [] }
  return {
    items: notificationDueItems(base.history, today),
    missing: [...base.missing, NO_NOTIFICATION_HISTORY],
  }
}

/**
 * The notification requirement the decision found, as the rules core's history before any
 * notification made is added (the notifications feature adds those), with custody and hospital
 * detention as the time that stops the clocks.
 */
export function notificationRequirement(
  personId: string | undefined,
  convictions: readonly Conviction[],
  result: Pick<EligibilityResult, 'notification'>,
): { history: NotificationHistory | null; absences: Absence[]; missing: string[] } {
  const { absences, missing } = detentionAbsences(convictions)
  const n = result.notification
  if (!n) return { history: null, absences, missing }
  const history: NotificationHistory = { relevantDate: n.startDate, notifications: [], absences }
  if (personId) history.subjectId = personId
  if (n.period === 'indefinite') history.endDate = null
  else if (n.endDate) history.endDate = n.endDate
  return { history, absences, missing }
}

/** Reasons that name a fact the rules were missing, for the "needs review" list. */
const MISSING_FACT =
  /not recorded|cannot be decided|cannot be ruled out|check (it )?by hand|check by hand|needs (review|the)|is unknown|unconfirmed|missing|could make|record which/i

export function needsReview(decision: CategoryDecision): string[] {
  const fromLines = decision.lines
    .filter((l) => l.schedule3 === 'unknown' || l.category2 === 'unknown')
    .flatMap((l) => l.reasons)
  const all = [...fromLines, ...decision.reasons.filter((r) => MISSING_FACT.test(r.text))]
  return [...new Set(all.map((r) => `${r.text} (${r.reference})`))]
}

export interface Assessment {
  result: EligibilityResult
  decision: CategoryDecision
  convictions: StoredConviction[]
  needsReview: string[]
  /** The stored decision giving the current answer, and the one before it (if any). */
  current: queries.DecisionRow
  previous?: queries.DecisionRow
  change?: DecisionChange
}

type EligibilityInputs = { person: PersonRecord; convictions: Conviction[]; config: RulesConfig }

const toRecord = (row: queries.DecisionRow): DecisionRecord<unknown, unknown> => ({
  kind: row.kind,
  rulesVersion: row.rulesVersion,
  decidedOn: row.decidedOn,
  inputs: row.inputs,
  output: row.result,
})

/**
 * The person's MAPPA eligibility today, from their stored convictions. A new decision is
 * stored only when the answer or the rules version differs from the last one kept.
 */
export async function assessPerson(
  db: Database,
  person: { id: string; dateOfBirth: IsoDate },
  today: IsoDate,
): Promise<Assessment> {
  const stored = await queries.convictionsOf(db, person.id)
  const convictions = stored.map((s) => s.conviction)
  const record: PersonRecord = { id: person.id, dateOfBirth: person.dateOfBirth }
  const config = rulesConfigInUse()
  const decision = decideCategory(record, convictions, offenceCatalogue().catalogue, config, today)
  const result: EligibilityResult = {
    status: decision.status,
    category: decision.category,
    reasons: decision.reasons,
    notification: decision.notification,
  }
  const now = recordDecision<EligibilityInputs, EligibilityResult>(
    ELIGIBILITY_DECISION,
    { person: record, convictions, config },
    result,
    today,
  )
  let [current, previous] = await queries.latestDecisions(db, person.id, ELIGIBILITY_DECISION, 2)
  if (
    !current ||
    current.rulesVersion !== RULES_VERSION ||
    stableJson(current.result) !== stableJson(result)
  ) {
    previous = current
    current = await queries.insertDecision(db, {
      personId: person.id,
      kind: ELIGIBILITY_DECISION,
      rulesVersion: now.rulesVersion,
      inputs: now.inputs,
      result: now.output,
      decidedOn: now.decidedOn,
    })
  }
  const assessment: Assessment = {
    result,
    decision,
    convictions: stored,
    needsReview: needsReview(decision),
    current,
  }
  if (previous) {
    assessment.previous = previous
    assessment.change = compareDecisions(toRecord(previous), toRecord(current))
  }
  return assessment
}

/** The calculator: the same decision for facts typed in, nothing stored. */
export function calculate(
  dateOfBirth: IsoDate | null | undefined,
  conviction: Conviction,
  today: IsoDate,
): { result: EligibilityResult; decision: CategoryDecision; deadlines: ReturnType<typeof deadlinesFor> } {
  const decision = decideCategory(
    { dateOfBirth: dateOfBirth ?? null },
    [conviction],
    offenceCatalogue().catalogue,
    rulesConfigInUse(),
    today,
  )
  const result: EligibilityResult = {
    status: decision.status,
    category: decision.category,
    reasons: decision.reasons,
    notification: decision.notification,
  }
  return { result, decision, deadlines: deadlinesFor(undefined, [conviction], result, today) }
}

/** `P10Y` → "10 years"; `P3Y6M` → "3 years 6 months"; `indefinite` → "Indefinite". */
export function describePeriod(period: string | null | undefined): string {
  if (!period) return 'Not known until the missing facts are recorded'
  if (period === 'indefinite') return 'Indefinite'
  try {
    const d = Temporal.Duration.from(period)
    const parts: [number, string][] = [
      [d.years, 'year'],
      [d.months, 'month'],
      [d.weeks, 'week'],
      [d.days, 'day'],
    ]
    return parts
      .filter(([n]) => n)
      .map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`)
      .join(' ')
  } catch {
    return period
  }
}
