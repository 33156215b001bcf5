import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { type DueItem, addWorkingDays, dueItem, reason } from '../../domain/rules/index.js'
import type { Principal } from '../../security/principal.js'
import { formatDate } from '../../web/format.js'
import { paths } from '../../web/paths.js'
import { convictionsOf, offenceCatalogue, recordReleaseDate } from '../convictions/service.js'
import { saveTasks } from '../tasks/service.js'
import { optedInVictimsOf } from '../victims/service.js'
import * as queries from './queries.js'

/** What a victim is told of (rules.md §8: release, licence conditions and their end, recall). */
export const SIGNIFICANT_EVENT_KINDS = [
  { value: 'release_date_set', text: 'Release date set' },
  { value: 'release_date_changed', text: 'Release date changed' },
  { value: 'released', text: 'Released' },
  { value: 'condition_added', text: 'Condition added' },
  { value: 'condition_changed', text: 'Condition changed' },
  { value: 'condition_ended', text: 'Condition ended' },
  { value: 'level_changed', text: 'MAPPA level changed' },
  { value: 'transferred', text: 'Case transferred to another area' },
  { value: 'recalled', text: 'Recalled to custody' },
  { value: 'breach', text: 'Breach recorded' },
  { value: 'licence_ended', text: 'Licence ended' },
] as const
export type SignificantEventKind = (typeof SIGNIFICANT_EVENT_KINDS)[number]['value']

export const eventLabel = (kind: string) =>
  SIGNIFICANT_EVENT_KINDS.find((k) => k.value === kind)?.text ?? kind

/**
 * How many working days the VLO has to tell each victim of an event. The Victims' Code says the
 * VLO tells victims of key events (release, licence conditions and their end, recall), but sets
 * no number of days for it: 5 working days is this service's choice [U] — unconfirmed.
 */
export const EVENT_CONTACT_WORKING_DAYS = 5
const EVENT_CONTACT_REFERENCE =
  'Victims’ Code (the VLO tells victims of key events); timescale unconfirmed [U]'

/** The outbox's name for the significant-event email; the sender maps it to the Notify template. */
export const SIGNIFICANT_EVENT_MESSAGE = 'significant_event'

export interface SignificantEventInput {
  personId: string
  kind: SignificantEventKind
  occurredOn: string
  /** What happened, for the VLO: never a victim's or anyone else's details. */
  summary: string
  source?: { type: string; id: string }
  createdBy?: string | null
}

/** The task to tell one victim of an event, counted from the day the event was recorded. */
export function eventContactItem(victimId: string, kind: string, recordedOn: string, today: string): DueItem {
  return dueItem(
    {
      kind: 'victim_event_contact',
      ruleId: 'victims.event_contact',
      subjectId: victimId,
      title: `Tell the victim: ${eventLabel(kind).toLowerCase()}`,
      startDate: recordedOn,
      dueDate: addWorkingDays(recordedOn, EVENT_CONTACT_WORKING_DAYS),
      basis: [
        reason(
          `Tell the victim within ${EVENT_CONTACT_WORKING_DAYS} working days of the event being recorded (${recordedOn}).`,
          EVENT_CONTACT_REFERENCE,
        ),
      ],
    },
    today,
  )
}

/**
 * Records something the person's victims must be told of. Each VLO allocated to an opted-in
 * victim gets an in-app alert, a task per victim to tell them, and an email in the outbox (sent
 * by GOV.UK Notify when configured) that names nobody: only the kind of event, its date and a
 * link to the alerts page. Without opted-in victims only the event is kept. Call it in the
 * transaction that records the change, where there is one.
 */
export async function recordSignificantEvent(
  db: Database,
  event: SignificantEventInput,
  today = londonDateOf(new Date().toISOString()),
): Promise<string> {
  return db.transaction(async (tx) => {
    const id = await queries.insertEvent(tx, {
      personId: event.personId,
      kind: event.kind,
      occurredOn: event.occurredOn,
      summary: event.summary,
      sourceType: event.source?.type ?? null,
      sourceId: event.source?.id ?? null,
      createdBy: event.createdBy ?? null,
    })
    const byLiaisonOfficer = new Map<string, Awaited<ReturnType<typeof optedInVictimsOf>>>()
    for (const victim of await optedInVictimsOf(tx, event.personId))
      byLiaisonOfficer.set(victim.vloUserId, [...(byLiaisonOfficer.get(victim.vloUserId) ?? []), victim])
    for (const [vloUserId, victims] of byLiaisonOfficer) {
      const alertId = await queries.insertAlert(tx, {
        userId: vloUserId,
        personId: event.personId,
        actorUserId: event.createdBy ?? null,
        significantEventId: id,
      })
      await saveTasks(
        tx,
        { type: 'alert', id: alertId },
        { personId: event.personId, ownerUserId: vloUserId, areaCode: victims[0]!.areaCode },
        victims.map((v) => eventContactItem(v.victimId, event.kind, today, today)),
      )
      const email = victims[0]!.vloEmail
      if (email)
        await queries.insertOutbox(tx, {
          channel: 'email',
          template: SIGNIFICANT_EVENT_MESSAGE,
          recipient: email,
          personalisation: {
            event: eventLabel(event.kind),
            date: formatDate(event.occurredOn),
            link: paths.victimAlerts(),
          },
        })
    }
    return id
  })
}

export const unreadAlertCount = queries.unreadCount
export const SIGNIFICANT_EVENT_ALERT = queries.ALERT_KIND

/** A VLO's alerts with, for each, the victims to tell and whether each has been told. */
export async function alertsFor(db: Database, userId: string) {
  const rows = await queries.alertsOf(db, userId)
  const tasks = await queries.alertTasks(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({
    ...row,
    eventText: eventLabel(row.eventKind),
    contacts: tasks
      .filter((t) => t.alertId === row.id)
      .map((t) => ({ ...t, victimId: victimIdOfTaskKey(t.key) })),
  }))
}

/** Task keys are `alert:<alert id>:victim_event_contact:<victim id>:<date>` (see saveTasks). */
const victimIdOfTaskKey = (key: string) => key.split(':')[3] ?? ''

export const markAlertRead = (db: Database, userId: string, alertId: string) =>
  queries.markRead(db, userId, alertId, new Date())

/** Records that the VLO told a victim of the alert's event. */
export async function markVictimTold(db: Database, userId: string, taskKey: string, today: string) {
  return queries.markTaskDone(db, userId, taskKey, today)
}

// Release, recall and end of licence ------------------------------------------------------------

/** What the offender manager records on the victims page. */
export const RECORDED_EVENTS = [
  { value: 'release_date_set', text: 'A release date has been set or changed' },
  { value: 'released', text: 'Released from custody' },
  { value: 'recalled', text: 'Recalled to custody' },
  { value: 'licence_ended', text: 'The licence has ended' },
] as const

/** The offence lines whose custody a release date belongs to, as `convictionId:position`. */
export async function releaseLines(db: Database, personId: string) {
  const { catalogue } = offenceCatalogue()
  return (await convictionsOf(db, personId)).flatMap(({ conviction }) =>
    conviction.offences.map((line, position) => ({
      value: `${conviction.id}:${position}`,
      text: `Conviction of ${formatDate(conviction.date)}: ${
        (line.offenceId && catalogue.get(line.offenceId)?.title) || line.description || 'offence'
      }${line.disposal.releaseDate ? ` (release date ${formatDate(line.disposal.releaseDate)})` : ''}`,
    })),
  )
}

export type ReleaseEventResult = { kind: 'recorded'; id: string } | { kind: 'invalid'; problems: Problem[] }
type Problem = { path: string; message: string }

/**
 * Records a release date set or changed, a release, a recall or the end of the licence as a
 * significant event; a release date (or the actual release) is kept on the offence line too.
 */
export async function recordReleaseEvent(
  db: Database,
  principal: Principal,
  person: { id: string; dateOfBirth: string },
  input: { kind: string | undefined; on: string | null; line: string | undefined },
  today: string,
): Promise<ReleaseEventResult> {
  const problems: Problem[] = []
  const kind = RECORDED_EVENTS.find((k) => k.value === input.kind)?.value
  if (!kind) problems.push({ path: 'kind', message: 'Select what happened' })
  if (!input.on) problems.push({ path: 'on', message: 'Enter the date' })
  else if (kind !== 'release_date_set' && input.on > today)
    problems.push({ path: 'on', message: 'The date must be today or in the past' })
  const lines = await releaseLines(db, person.id)
  const line = lines.find((l) => l.value === input.line)
  if (input.line && !line) problems.push({ path: 'line', message: 'Select one of the person’s sentences' })
  if (kind === 'release_date_set' && !input.line)
    problems.push({ path: 'line', message: 'Select the sentence the release date belongs to' })
  if (problems.length || !kind || !input.on) return { kind: 'invalid', problems }
  let eventKind: SignificantEventKind = kind
  let summary = `${eventLabel(kind)} on ${formatDate(input.on)}`
  if (line && (kind === 'release_date_set' || kind === 'released')) {
    const [convictionId, position] = line.value.split(':')
    const set = await recordReleaseDate(
      db,
      person,
      { convictionId: convictionId!, position: Number(position) },
      input.on,
      today,
    )
    if (kind === 'release_date_set') {
      eventKind = set?.previous ? 'release_date_changed' : 'release_date_set'
      summary = set?.previous
        ? `Release date changed from ${formatDate(set.previous)} to ${formatDate(input.on)}`
        : `Release date set: ${formatDate(input.on)}`
    }
  }
  const id = await recordSignificantEvent(
    db,
    {
      personId: person.id,
      kind: eventKind,
      occurredOn: input.on,
      summary,
      source: { type: 'person', id: person.id },
      createdBy: principal.kind === 'user' ? principal.userId : null,
    },
    today,
  )
  return { kind: 'recorded', id }
}
