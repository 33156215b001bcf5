import type { Database } from '../../db/connection.js'
import type {
  ChangeEvent,
  DueItem,
  HouseholdStay,
  IsoDate,
  NotificationHistory,
  TravelPlan,
} from '../../domain/rules/index.js'
import { notificationDueItems } from '../../domain/rules/index.js'
import type { Principal } from '../../security/principal.js'
import { type Assessment, assessPerson, notificationRequirement } from '../convictions/service.js'
import { formOptions } from '../people/service.js'
import { recordSignificantEvent } from '../significant-events/service.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'
import type { BreachRow, EventRow } from './queries.js'
import {
  BREACH_OUTCOME_LABELS,
  type BreachBody,
  type BreachOutcomeBody,
  CHANGE_KIND_LABELS,
  type ChangeKind,
  NOTIFICATION_KIND_LABELS,
  type NotificationBody,
  type NotificationKind,
} from './schema.js'

export type FieldProblem = { path: string; message: string }

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

export const NO_REQUIREMENT_FOUND =
  'No notification requirement is found in the recorded convictions, so the deadlines are worked out from the notifications recorded: record the conviction to see the initial notification and the end of the requirement.'

type Details = Record<string, unknown>
const str = (details: Details, key: string) => {
  const value = details[key]
  return typeof value === 'string' && value ? value : undefined
}

const CHANGE_RULE_KIND: Partial<Record<ChangeKind, ChangeEvent['kind']>> = {
  name: 'name',
  home_address: 'home_address',
  release: 'release',
}

/**
 * The rules core's notification history: the requirement and detention periods from the
 * convictions feature, plus every notification recorded here. Foreign travel (s.86) is not a
 * notification under ss.83–85, so it does not restart the periodic year.
 */
export function notificationHistory(
  personId: string,
  requirement: ReturnType<typeof notificationRequirement>,
  events: readonly EventRow[],
): { history: NotificationHistory | null; missing: string[] } {
  const missing = [...requirement.missing]
  let history = requirement.history
  if (!history) {
    const first = events[0]
    if (!first) return { history: null, missing: [] }
    history = { subjectId: personId, relevantDate: first.notifiedOn, notifications: [] }
    if (requirement.absences.length) history.absences = requirement.absences
    missing.push(NO_REQUIREMENT_FOUND)
  }
  const notifying = events.filter((e) => e.kind !== 'travel')
  const changes: ChangeEvent[] = []
  const travel: TravelPlan[] = []
  const householdStays: HouseholdStay[] = []
  let noFixedAbode = false
  for (const event of events) {
    const d = event.details
    if (event.kind === 'change') {
      const what = (str(d, 'what') ?? 'other') as ChangeKind
      const change: ChangeEvent = {
        kind: CHANGE_RULE_KIND[what] ?? 'other',
        date: str(d, 'changeDate') ?? event.notifiedOn,
        notifiedOn: event.notifiedOn,
      }
      if (!CHANGE_RULE_KIND[what]) change.description = (CHANGE_KIND_LABELS[what] ?? 'change').toLowerCase()
      changes.push(change)
      if (what === 'home_address') noFixedAbode = d.noFixedAbode === true
    }
    if (event.kind === 'weekly_no_fixed_abode') noFixedAbode = true
    if (event.kind === 'travel') {
      const plan: TravelPlan = {
        departure: str(d, 'departureDate') ?? event.notifiedOn,
        knownOn: str(d, 'knownOn') ?? event.notifiedOn,
        notifiedOn: event.notifiedOn,
      }
      const destination = str(d, 'destination')
      if (destination) plan.destination = destination
      travel.push(plan)
    }
    if (event.kind === 'child_household')
      householdStays.push({
        address: str(d, 'address') ?? 'address not recorded',
        startDate: str(d, 'startDate') ?? event.notifiedOn,
        notifiedOn: event.notifiedOn,
      })
  }
  // A release after the person was already notifying is a change to notify (s.84(1)(d)),
  // unless a release notification has been recorded for it.
  const firstNotified = notifying[0]?.notifiedOn
  for (const absence of requirement.absences) {
    if (!absence.to || !firstNotified || firstNotified >= absence.from) continue
    const notified = events.some(
      (e) =>
        e.kind === 'change' &&
        e.details.what === 'release' &&
        (str(e.details, 'changeDate') ?? '') >= absence.from,
    )
    if (!notified) changes.push({ kind: 'release', date: absence.to })
  }
  const initial = events.find((e) => e.kind === 'initial')
  return {
    history: {
      ...history,
      notifications: notifying.map((e) => e.notifiedOn),
      ...(initial ? { initialNotifiedOn: initial.notifiedOn } : {}),
      noFixedAbode,
      changes,
      travel,
      householdStays,
    },
    missing,
  }
}

export interface NotificationStatus {
  events: EventRow[]
  /** Every notification clock, met or not, soonest first. */
  items: DueItem[]
  /** The next periodic notification, while one is open. */
  nextPeriodic: DueItem | null
  missing: string[]
  /** The convictions feature's decision today (category, notification period). */
  assessment: Assessment
}

/** What the person has notified and what is due and overdue from the rules, today. */
export async function notificationStatus(
  db: Database,
  person: { id: string; dateOfBirth: IsoDate },
  today: IsoDate,
): Promise<NotificationStatus> {
  const [assessment, events] = await Promise.all([
    assessPerson(db, person, today),
    queries.eventsOf(db, person.id),
  ])
  const requirement = notificationRequirement(
    person.id,
    assessment.convictions.map((c) => c.conviction),
    assessment.result,
  )
  const { history, missing } = notificationHistory(person.id, requirement, events)
  const items = history ? notificationDueItems(history, today) : []
  const nextPeriodic = items.find((i) => i.kind === 'periodic_notification' && i.status !== 'done') ?? null
  return { events, items, nextPeriodic, missing, assessment }
}

/** Officers who may be named as taking a notification: the area's offender managers and oneself. */
export async function officerOptions(db: Database, principal: Principal) {
  const { managers } = await formOptions(db, principal)
  const options = managers.map((m) => ({ userId: m.userId, displayName: m.displayName }))
  if (principal.kind === 'user' && !options.some((o) => o.userId === principal.userId))
    options.unshift({ userId: principal.userId, displayName: principal.displayName })
  return options
}

const dropEmpty = (details: Details): Details =>
  Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null && v !== ''))

/** The details notified, in words, for the record's history and the notifications page. */
export function describeNotification(kind: string, details: Details): string {
  const d = (key: string) => str(details, key)
  switch (kind) {
    case 'change': {
      const what = CHANGE_KIND_LABELS[d('what') as ChangeKind] ?? 'Change'
      const to = d('newValue') ?? (details.noFixedAbode === true ? 'no fixed abode' : undefined)
      return `${what} changed on ${d('changeDate') ?? 'a date not recorded'}${to ? `: ${to}` : ''}`
    }
    case 'travel':
      return `To ${d('destination') ?? 'a destination not recorded'}, departing ${d('departureDate') ?? '?'}${d('returnDate') ? `, returning ${d('returnDate')}` : ''}`
    case 'child_household':
      return `At ${d('address') ?? 'an address not recorded'} from ${d('startDate') ?? '?'}${d('endDate') ? ` to ${d('endDate')}` : ''}`
    case 'weekly_no_fixed_abode':
      return `Can be found: ${d('whereFound') ?? 'not recorded'}`
    default:
      return d('notes') ?? ''
  }
}

export type RecordResult = { kind: 'created'; id: string } | { kind: 'invalid'; problems: FieldProblem[] }

/** Records a notification the person made, with the officer (oneself unless another is named). */
export async function recordNotification(
  db: Database,
  principal: Principal,
  personId: string,
  body: NotificationBody,
): Promise<RecordResult> {
  const officerId = body.officerId ?? userIdOf(principal)
  if (officerId && officerId !== userIdOf(principal)) {
    const options = await officerOptions(db, principal)
    if (!options.some((o) => o.userId === officerId))
      return {
        kind: 'invalid',
        problems: [{ path: 'officerId', message: 'Select an officer who works in your area' }],
      }
  }
  const id = await db.transaction(async (tx) => {
    const eventId = await queries.insertEvent(tx, {
      personId,
      kind: body.kind,
      notifiedOn: body.notifiedOn,
      station: body.station ?? null,
      officerId,
      details: dropEmpty(body.details as Details),
      recordedBy: userIdOf(principal),
    })
    await recordTimeline(tx, principal, {
      personId,
      kind: 'notification.recorded',
      title: `${NOTIFICATION_KIND_LABELS[body.kind]} recorded (notified ${body.notifiedOn})`,
      detail: describeNotification(body.kind, body.details as Details) || null,
      recordType: 'notification_event',
      recordId: eventId,
    })
    return eventId
  })
  return { kind: 'created', id }
}

export const eventsOf = queries.eventsOf
export const breachesOf = queries.breachesOf
export const findBreach = queries.findBreach

export async function recordBreach(
  db: Database,
  principal: Principal,
  personId: string,
  body: BreachBody,
): Promise<string> {
  return db.transaction(async (tx) => {
    const id = await queries.insertBreach(tx, { personId, ...body, recordedBy: userIdOf(principal) })
    await recordTimeline(tx, principal, {
      personId,
      kind: 'breach.recorded',
      title: `Suspected breach of notification requirements recorded (${body.suspectedOn})`,
      detail: body.description,
      recordType: 'notification_breach',
      recordId: id,
    })
    await recordSignificantEvent(tx, {
      personId,
      kind: 'breach',
      occurredOn: body.suspectedOn,
      summary: 'Suspected breach of notification requirements recorded',
      source: { type: 'notification_breach', id },
      createdBy: userIdOf(principal),
    })
    return id
  })
}

export type OutcomeResult =
  { kind: 'updated'; breach: BreachRow } | { kind: 'not_found' } | { kind: 'stale'; current: BreachRow }

/** Sets a breach's outcome with an optimistic version check: a stale edit changes nothing. */
export async function setBreachOutcome(
  db: Database,
  principal: Principal,
  personId: string,
  breachId: string,
  body: BreachOutcomeBody,
): Promise<OutcomeResult> {
  const breach = await queries.findBreach(db, personId, breachId)
  if (!breach) return { kind: 'not_found' }
  if (breach.version !== body.version) return { kind: 'stale', current: breach }
  const saved = await db.transaction(async (tx) => {
    const ok = await queries.updateBreachIfCurrent(tx, breachId, body.version, {
      outcome: body.outcome,
      outcomeOn: body.outcomeOn ?? null,
    })
    if (!ok) return false
    await recordTimeline(tx, principal, {
      personId,
      kind: 'breach.outcome_recorded',
      title: `Outcome of suspected breach (${breach.suspectedOn}): ${BREACH_OUTCOME_LABELS[body.outcome]}`,
      detail: body.outcomeOn ? `On ${body.outcomeOn}` : null,
      recordType: 'notification_breach',
      recordId: breachId,
    })
    return true
  })
  const current = (await queries.findBreach(db, personId, breachId))!
  return saved ? { kind: 'updated', breach: current } : { kind: 'stale', current }
}

export function notificationJson(event: EventRow) {
  return {
    id: event.id,
    personId: event.personId,
    kind: event.kind as NotificationKind,
    notifiedOn: event.notifiedOn,
    station: event.station,
    officer: event.officerId ? { userId: event.officerId, name: event.officerName } : null,
    details: event.details,
    recordedAt: event.recordedAt.toISOString(),
  }
}

export function breachJson(breach: BreachRow) {
  return {
    id: breach.id,
    personId: breach.personId,
    suspectedOn: breach.suspectedOn,
    description: breach.description,
    outcome: breach.outcome,
    outcomeOn: breach.outcomeOn,
    version: breach.version,
    recordedAt: breach.recordedAt.toISOString(),
  }
}
