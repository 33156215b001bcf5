import type { Database } from '../../db/connection.js'
import {
  type DueItem,
  type IsoDate,
  type Reason,
  type RoshLevel,
  RULES_VERSION,
  addDays,
  dueItem,
  nextHomeVisit,
  reactiveManagementEligibility,
  reason,
} from '../../domain/rules/index.js'
import { REF } from '../../domain/rules/references.js'
import type { Principal } from '../../security/principal.js'
import { rulesConfigInUse } from '../convictions/service.js'
import { officerOptions } from '../notifications/service.js'
import { currentPlan, planWarnings } from '../plans/service.js'
import { currentRegistration } from '../registrations/service.js'
import { assessmentsDue, currentRiskLevel, roshHistory } from '../risk/service.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'
import type { ReactiveRow, VisitRow } from './queries.js'
import type { ReactiveBody, VisitBody, VisitPatch } from './schema.js'

export type FieldProblem = { path: string; message: string }

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

export const ROSH_LABELS: Record<RoshLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
}

/** Where the visit clock runs from: the latest of these events. */
export interface CountedFrom {
  date: IsoDate
  event: string
}

export type PlanStatus = 'planned' | 'reactive' | 'needs_assessment' | 'not_registered' | 'not_required'

export interface VisitPlan {
  status: PlanStatus
  /** The next visit (kind `home_visit`), while one is planned. */
  due: DueItem | null
  interval: string | null
  /** Why this interval, or why no visit is planned, with references (rules.md §6). */
  basis: Reason[]
  rosh: { level: RoshLevel; assessedOn: IsoDate } | null
  planVisitIntervalMonths: number | null
  countedFrom: CountedFrom | null
  /** The open period of reactive management, if any. */
  reactive: ReactiveRow | null
  reactivePeriods: ReactiveRow[]
  reactiveEligibility: ReturnType<typeof reactiveManagementEligibility>
}

const durationText = (interval: string) => {
  const m = /^P(\d+)([MWY])$/.exec(interval)
  if (!m) return interval
  const n = Number(m[1])
  const unit = { M: 'month', W: 'week', Y: 'year' }[m[2] as 'M' | 'W' | 'Y']
  return n === 1 ? `1 ${unit}` : `${n} ${unit}s`
}

/**
 * The next home visit: the interval from the overall RoSH (configurable defaults) unless the
 * signed-off risk management plan sets one; none while under reactive management. Counted from
 * the last visit at which the person was seen, registration, or the end of reactive management,
 * whichever is latest. Without a RoSH level it says so rather than guessing.
 */
export async function visitPlan(db: Database, personId: string, today: IsoDate): Promise<VisitPlan> {
  const [registration, history, current, plan, visits, periods] = await Promise.all([
    currentRegistration(db, personId),
    roshHistory(db, personId),
    currentRiskLevel(db, personId),
    currentPlan(db, personId),
    queries.visitsOf(db, personId),
    queries.reactivePeriods(db, personId),
  ])
  const reactive = periods.find((p) => !p.endedOn) ?? null
  const rosh = current ? { level: current.level, assessedOn: current.assessedOn } : null
  const planVisitIntervalMonths = plan?.visitIntervalMonths ?? null
  const planInterval = planVisitIntervalMonths ? `P${planVisitIntervalMonths}M` : undefined
  const base = {
    rosh,
    planVisitIntervalMonths,
    reactive,
    reactivePeriods: periods,
    reactiveEligibility: reactiveManagementEligibility(history, today),
  }
  const none = (status: PlanStatus, basis: Reason[]): VisitPlan => ({
    ...base,
    status,
    due: null,
    interval: null,
    basis,
    countedFrom: null,
  })

  if (!registration)
    return none('not_registered', [
      reason('No MAPPA registration is in force, so no home visits are planned.', REF.homeVisits),
    ])
  if (reactive) {
    // Reactive management starts only at low risk; the rules do not read the level for it.
    const decision = nextHomeVisit(
      {
        subjectId: personId,
        rosh: rosh?.level ?? 'low',
        lastVisitDate: reactive.startedOn,
        reactiveManagement: true,
      },
      rulesConfigInUse(),
      today,
    )
    return none('reactive', [
      ...decision.reasons,
      reason(`Reactive management since ${reactive.startedOn}: ${reactive.reason}`, REF.reactive),
    ])
  }
  if (registration.category !== 1 && !planInterval)
    return none('not_required', [
      reason(
        `Routine home visits are planned for registered sexual offenders (Category 1); this is a Category ${registration.category} case and its risk management plan sets no visit interval.`,
        REF.homeVisits,
      ),
    ])
  if (!rosh)
    return none('needs_assessment', [
      reason(
        'No OASys RoSH assessment is recorded, so the visit interval cannot be set: record an assessment of the overall risk of serious harm.',
        REF.homeVisits,
      ),
    ])

  const lastSeen = visits.find((v) => v.seen)
  const lastEnded = periods.find((p) => p.endedOn)
  const candidates: CountedFrom[] = [
    { date: registration.registeredOn, event: 'registration' },
    ...(lastSeen ? [{ date: lastSeen.visitedOn, event: 'the last visit at which the person was seen' }] : []),
    ...(lastEnded?.endedOn ? [{ date: lastEnded.endedOn, event: 'the end of reactive management' }] : []),
  ]
  const countedFrom = candidates.reduce((a, b) => (b.date > a.date ? b : a))
  const config = rulesConfigInUse()
  const decision = nextHomeVisit(
    { subjectId: personId, rosh: rosh.level, lastVisitDate: countedFrom.date, planInterval },
    config,
    today,
  )
  const basis = [
    ...decision.reasons,
    ...(planInterval
      ? [
          reason(
            `Without the plan, RoSH ${ROSH_LABELS[rosh.level].toLowerCase()} (assessed ${rosh.assessedOn}) would set every ${durationText(config.homeVisitInterval[rosh.level])}.`,
            REF.homeVisits,
          ),
        ]
      : [
          reason(
            `Overall RoSH ${ROSH_LABELS[rosh.level].toLowerCase()}, assessed ${rosh.assessedOn}.`,
            REF.homeVisits,
          ),
        ]),
    reason(`Counted from ${countedFrom.event} on ${countedFrom.date}.`, REF.homeVisits),
  ]
  const unseen = visits.find((v) => !v.seen && v.visitedOn > countedFrom.date)
  if (unseen)
    basis.push(
      reason(
        `The visit on ${unseen.visitedOn} did not see the person, so it does not count as a visit made.`,
        REF.homeVisits,
      ),
    )
  return {
    ...base,
    status: 'planned',
    due: decision.due && { ...decision.due, basis },
    interval: decision.interval,
    basis,
    countedFrom,
  }
}

export async function visitsOf(db: Database, personId: string) {
  const visits = await queries.visitsOf(db, personId)
  const names = await queries.userNames(db, [...new Set(visits.flatMap((v) => v.officerIds))])
  return { visits, names }
}

export async function findVisit(db: Database, personId: string, visitId: string) {
  const visit = await queries.findVisit(db, personId, visitId)
  if (!visit) return undefined
  return { visit, names: await queries.userNames(db, visit.officerIds) }
}

/** Officers who may be named on a visit: the area's offender managers and oneself. */
export const visitOfficerOptions = officerOptions

async function officerProblem(
  db: Database,
  principal: Principal,
  officerIds: string[],
  alreadyNamed: string[] = [],
): Promise<FieldProblem | undefined> {
  const allowed = new Set([...(await officerOptions(db, principal)).map((o) => o.userId), ...alreadyNamed])
  return officerIds.every((id) => allowed.has(id))
    ? undefined
    : { path: 'officerIds', message: 'Select officers who work in your area' }
}

const visitValues = (body: VisitBody): queries.VisitValues => ({
  visitedOn: body.visitedOn,
  officerIds: body.officerIds,
  seen: body.seen,
  othersPresent: body.othersPresent,
  concerns: body.concerns,
  followUp: body.followUp,
})

function describeVisit(body: VisitBody, names: Map<string, string>): string {
  return [
    `Officers: ${body.officerIds.map((id) => names.get(id) ?? 'unknown').join(', ')}`,
    body.othersPresent && `Also present: ${body.othersPresent}`,
    body.concerns && `Concerns: ${body.concerns}`,
    body.followUp && `Follow-up: ${body.followUp}`,
  ]
    .filter(Boolean)
    .join('\n')
}

export type RecordResult = { kind: 'created'; id: string } | { kind: 'invalid'; problems: FieldProblem[] }

export async function recordVisit(
  db: Database,
  principal: Principal,
  personId: string,
  body: VisitBody,
): Promise<RecordResult> {
  const problem = await officerProblem(db, principal, body.officerIds)
  if (problem) return { kind: 'invalid', problems: [problem] }
  const names = await queries.userNames(db, body.officerIds)
  const id = await db.transaction(async (tx) => {
    const visitId = await queries.insertVisit(tx, {
      personId,
      ...visitValues(body),
      recordedBy: userIdOf(principal),
    })
    await recordTimeline(tx, principal, {
      personId,
      kind: 'visit.recorded',
      title: `Home visit recorded (${body.visitedOn}): person ${body.seen ? 'seen' : 'not seen'}`,
      detail: describeVisit(body, names),
      recordType: 'home_visit',
      recordId: visitId,
    })
    return visitId
  })
  return { kind: 'created', id }
}

const FIELD_LABELS: Record<keyof queries.VisitValues, string> = {
  visitedOn: 'date',
  officerIds: 'officers',
  seen: 'whether the person was seen',
  othersPresent: 'who else was present',
  concerns: 'concerns',
  followUp: 'follow-up actions',
}

export type UpdateResult =
  | { kind: 'updated'; visit: VisitRow }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: VisitRow }
  | { kind: 'invalid'; problems: FieldProblem[] }

/** Changes a visit with an optimistic version check: a stale edit changes nothing. */
export async function updateVisit(
  db: Database,
  principal: Principal,
  personId: string,
  visitId: string,
  body: VisitPatch,
): Promise<UpdateResult> {
  const visit = await queries.findVisit(db, personId, visitId)
  if (!visit) return { kind: 'not_found' }
  if (visit.version !== body.version) return { kind: 'stale', current: visit }
  const problem = await officerProblem(db, principal, body.officerIds, visit.officerIds)
  if (problem) return { kind: 'invalid', problems: [problem] }
  const values = visitValues(body)
  const changed = (Object.keys(values) as (keyof queries.VisitValues)[]).filter(
    (k) => JSON.stringify(values[k]) !== JSON.stringify(visit[k]),
  )
  const names = await queries.userNames(db, body.officerIds)
  const saved = await db.transaction(async (tx) => {
    const ok = await queries.updateVisitIfCurrent(tx, visitId, body.version, values)
    if (!ok) return false
    await recordTimeline(tx, principal, {
      personId,
      kind: 'visit.changed',
      title: `Home visit of ${visit.visitedOn} changed${changed.length ? `: ${changed.map((k) => FIELD_LABELS[k]).join(', ')}` : ''}`,
      detail: describeVisit(body, names),
      recordType: 'home_visit',
      recordId: visitId,
    })
    return true
  })
  const current = (await queries.findVisit(db, personId, visitId))!
  return saved ? { kind: 'updated', visit: current } : { kind: 'stale', current }
}

// Reactive management --------------------------------------------------------------------------

export type ReactiveResult =
  { kind: 'done'; period: ReactiveRow } | { kind: 'refused'; message: string; reasons: Reason[] }

/** Starts reactive management, only when the rules say the person is eligible (3+ years at low risk). */
export async function startReactive(
  db: Database,
  principal: Principal,
  personId: string,
  body: ReactiveBody,
  today: IsoDate,
): Promise<ReactiveResult> {
  const plan = await visitPlan(db, personId, today)
  if (plan.reactive)
    return {
      kind: 'refused',
      message: `Already under reactive management since ${plan.reactive.startedOn}.`,
      reasons: [],
    }
  const { status, reasons } = plan.reactiveEligibility
  if (status !== 'eligible')
    return {
      kind: 'refused',
      message: `Reactive management is not possible: ${reasons.map((r) => r.text).join(' ')}`,
      reasons,
    }
  const started = await db.transaction(async (tx) => {
    if ((await queries.reactivePeriods(tx, personId)).some((p) => !p.endedOn)) return undefined
    const id = await queries.insertReactive(tx, {
      personId,
      startedOn: today,
      reason: body.reason,
      startedBy: userIdOf(principal),
    })
    await recordTimeline(tx, principal, {
      personId,
      kind: 'reactive_management.started',
      title: `Reactive management started (${today}): no routine home visits`,
      detail: body.reason,
      recordType: 'reactive_management',
      recordId: id,
    })
    return id
  })
  const period = (await queries.reactivePeriods(db, personId)).find((p) => p.id === started)
  return period
    ? { kind: 'done', period }
    : { kind: 'refused', message: 'Reactive management was started by someone else.', reasons: [] }
}

/** Ends reactive management (reinstated on new information); routine visits are planned again. */
export async function endReactive(
  db: Database,
  principal: Principal,
  personId: string,
  body: ReactiveBody,
  today: IsoDate,
): Promise<ReactiveResult> {
  const ended = await db.transaction(async (tx) => {
    const id = await queries.endReactive(tx, personId, {
      endedOn: today,
      endReason: body.reason,
      endedBy: userIdOf(principal),
    })
    if (!id) return undefined
    await recordTimeline(tx, principal, {
      personId,
      kind: 'reactive_management.ended',
      title: `Reactive management ended (${today}): routine home visits reinstated`,
      detail: body.reason,
      recordType: 'reactive_management',
      recordId: id,
    })
    return id
  })
  const period = (await queries.reactivePeriods(db, personId)).find((p) => p.id === ended)
  return period
    ? { kind: 'done', period }
    : { kind: 'refused', message: 'The person is not under reactive management.', reasons: [] }
}

// Work queue items of risk management --------------------------------------------------------

/** Things about to end or already late: how far ahead of their date they enter the queue. */
export const ENDING_WITHIN_DAYS = 30

const ENDING_REF = 'End date of the licence condition or order as recorded'

/** Until the conditions feature exports its labels. */
const CONDITION_LABELS: Record<string, string> = {
  no_contact: 'No contact',
  exclusion_zone: 'Exclusion zone',
  inclusion_curfew: 'Curfew',
  residence: 'Residence',
  reporting: 'Reporting',
  travel: 'Travel',
  internet_device: 'Internet and device',
  other: 'Other',
}

/** Licence conditions and orders ending within ENDING_WITHIN_DAYS of today. */
async function endingItems(db: Database, personId: string, today: IsoDate): Promise<DueItem[]> {
  const horizon = addDays(today, ENDING_WITHIN_DAYS)
  const [endingConditions, endingOrders] = await Promise.all([
    queries.conditionsEnding(db, personId, today, horizon),
    queries.ordersEnding(db, personId, today, horizon),
  ])
  return [
    ...endingConditions.map((c) =>
      dueItem(
        {
          kind: 'condition_ending',
          ruleId: 'risk.condition-end',
          subjectId: personId,
          title: `${CONDITION_LABELS[c.kind] ?? c.kind} condition (${c.source.replaceAll('_', ' ')}) ends`,
          startDate: c.startsOn,
          dueDate: c.endsOn!,
          keySuffix: c.id,
          basis: [
            reason(
              `Ends on ${c.endsOn}, within ${ENDING_WITHIN_DAYS} days: review the risk management plan before it lapses.`,
              ENDING_REF,
            ),
          ],
        },
        today,
      ),
    ),
    ...endingOrders.map((o) =>
      dueItem(
        {
          kind: 'order_ending',
          ruleId: 'risk.order-end',
          subjectId: personId,
          title: `Order (${o.kind.replaceAll('_', ' ')}) ends`,
          startDate: o.madeOn ?? o.endsOn!,
          dueDate: o.endsOn!,
          keySuffix: o.id,
          basis: [
            reason(
              `Ends on ${o.endsOn}, within ${ENDING_WITHIN_DAYS} days: consider renewal and review the plan.`,
              ENDING_REF,
            ),
          ],
        },
        today,
      ),
    ),
  ]
}

/**
 * Risk management items of the work queue: gaps in the risk management plan (the plans
 * feature's warnings), assessments due again (the risk feature's), and licence conditions or
 * orders ending within 30 days (here until the conditions feature exports its own).
 */
export async function riskWorkItems(db: Database, personId: string, today: IsoDate): Promise<DueItem[]> {
  const [plan, assessments, ending] = await Promise.all([
    planWarnings(db, personId, today),
    assessmentsDue(db, personId, today),
    endingItems(db, personId, today),
  ])
  return [...plan, ...assessments, ...ending]
}

/** The next home visit as a work queue item, when one is planned. */
export async function visitDueItems(db: Database, personId: string, today: IsoDate): Promise<DueItem[]> {
  const plan = await visitPlan(db, personId, today)
  return plan.due ? [plan.due] : []
}

// Representations ------------------------------------------------------------------------------

export function visitJson(visit: VisitRow, names: Map<string, string>) {
  return {
    id: visit.id,
    personId: visit.personId,
    visitedOn: visit.visitedOn,
    officers: visit.officerIds.map((userId) => ({ userId, name: names.get(userId) ?? null })),
    seen: visit.seen,
    othersPresent: visit.othersPresent,
    concerns: visit.concerns,
    followUp: visit.followUp,
    version: visit.version,
    recordedAt: visit.recordedAt.toISOString(),
  }
}

export function reactiveJson(period: ReactiveRow) {
  return {
    id: period.id,
    startedOn: period.startedOn,
    reason: period.reason,
    endedOn: period.endedOn,
    endReason: period.endReason,
  }
}

export function visitPlanJson(plan: VisitPlan) {
  return {
    status: plan.status,
    nextVisitDue: plan.due?.dueDate ?? null,
    overdue: plan.due?.status === 'overdue',
    interval: plan.interval,
    basis: plan.basis,
    rosh: plan.rosh,
    planVisitIntervalMonths: plan.planVisitIntervalMonths,
    countedFrom: plan.countedFrom,
    reactive: plan.reactive && reactiveJson(plan.reactive),
    reactiveEligibility: plan.reactiveEligibility,
    rulesVersion: RULES_VERSION,
  }
}
