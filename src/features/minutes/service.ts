import { createHash } from 'node:crypto'
import type { Database } from '../../db/connection.js'
import {
  type IsoDate,
  type MappaLevel,
  nextLevelReview,
  victimContactEligibility,
} from '../../domain/rules/index.js'
import { mayDo } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { listAgencies } from '../admin/service.js'
import { assessPerson, offenceCatalogue, rulesConfigInUse } from '../convictions/service.js'
import { disclosureInput, disclosuresOfPerson, recordDisclosure } from '../disclosures/service.js'
import type { MeetingRow } from '../meetings/access.js'
import { personFor } from '../people/service.js'
import { createDraft, planDetail, planOverview } from '../plans/service.js'
import { CATEGORY_3_LEVEL } from '../registrations/schema.js'
import {
  type ChangeResult,
  changeRegistration,
  currentRegistration,
  recordLevelReview,
  type RegistrationRecord,
} from '../registrations/service.js'
import { recordTimeline } from '../timeline/service.js'
import { SECTION_FIELDS, VICTIM_FIELD_KEYS, agencyOfField, informationKey, isFieldKey } from './fields.js'
import { victimRequestsForPerson } from '../victims/service.js'
import * as queries from './queries.js'
import type { AttendanceRow, FieldRow, MeetingCaseRow } from './queries.js'
import {
  type AttendanceInput,
  attendanceBody,
  disclosureNotNeeded,
  fieldSave,
  levelDecision,
  victimDecision,
} from './schema.js'

export type Problem = { path: string; message: string }
export type { AttendanceRow, MeetingCaseRow } from './queries.js'

const actor = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

const problemsOf = (issues: { path: PropertyKey[]; message: string }[], prefix = ''): Problem[] =>
  issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }))

/** Why a write to the minutes was refused once the meeting is no longer being minuted. */
export function closedMessage(status: string) {
  return status === 'finalised'
    ? 'The minutes of this meeting have been finalised and can no longer be changed.'
    : 'This meeting was cancelled: its minutes cannot be changed.'
}

export const isOpen = (meeting: Pick<MeetingRow, 'status'>) => meeting.status === 'scheduled'

// Fields ---------------------------------------------------------------------------------------

export interface FieldJson {
  field: string
  value: string
  version: number
  updatedAt: string | null
}

const fieldJson = (key: string, row: FieldRow | undefined): FieldJson => ({
  field: key,
  value: row?.value ?? '',
  version: row?.version ?? 0,
  updatedAt: row?.updatedAt.toISOString() ?? null,
})

export type FieldSaveResult =
  | { kind: 'saved'; field: FieldJson }
  | { kind: 'conflict'; current: FieldJson; yours: { value: string; version: number } }
  | { kind: 'closed'; message: string }
  | { kind: 'invalid'; problems: Problem[] }

async function checkFieldKey(db: Database, key: string): Promise<Problem[]> {
  if (!isFieldKey(key)) return [{ path: 'field', message: `The minutes have no field called “${key}”` }]
  const agencyId = agencyOfField(key)
  if (agencyId && !(await queries.agencyNames(db, [agencyId])).length)
    return [{ path: 'field', message: 'The information field names an agency that does not exist' }]
  return []
}

/**
 * Saves one field's text if it is still at the version the writer read. Every text received is
 * kept as a revision; a text typed against an older version is never written over the newer one
 * but kept as a `conflict` revision and handed back with the current text, for the writer to
 * merge. A text identical to the current one is not a conflict: nothing would be lost.
 */
export async function saveField(
  db: Database,
  principal: Principal,
  meetingCase: Pick<MeetingCaseRow, 'id' | 'meetingId'>,
  key: string,
  input: unknown,
): Promise<FieldSaveResult> {
  const problems = await checkFieldKey(db, key)
  const parsed = fieldSave.safeParse(input)
  if (!parsed.success) problems.push(...problemsOf(parsed.error.issues))
  if (problems.length || !parsed.success) return { kind: 'invalid', problems }
  const { value, version } = parsed.data
  const by = actor(principal)
  const where = { meetingCaseId: meetingCase.id, field: key }
  return db.transaction(async (tx): Promise<FieldSaveResult> => {
    const meeting = await queries.lockMeeting(tx, meetingCase.meetingId, 'share')
    if (!meeting || !isOpen(meeting)) return { kind: 'closed', message: closedMessage(meeting?.status ?? '') }
    const current = await queries.fieldForUpdate(tx, meetingCase.id, key)
    const written = !current
      ? version === 0
        ? await queries.insertFieldIfAbsent(tx, { ...where, value, updatedBy: by })
        : undefined
      : current.version === version
        ? await queries.updateFieldIfCurrent(tx, { ...where, version }, { value, updatedBy: by })
        : undefined
    // Someone else may have written the field's first text since it was read above.
    const now = written ?? current ?? (await queries.fieldForUpdate(tx, meetingCase.id, key))
    const same = !written && now?.value === value
    await queries.insertRevision(tx, {
      ...where,
      value,
      baseVersion: version,
      outcome: written || same ? 'saved' : 'conflict',
      savedBy: by,
    })
    if (written || same) return { kind: 'saved', field: fieldJson(key, now) }
    return { kind: 'conflict', current: fieldJson(key, now), yours: { value, version } }
  })
}

/**
 * Saves the fields a form posted (the page without JavaScript sends a whole section), each on
 * its own version. Fields left as they were are not saved again.
 */
export async function saveFields(
  db: Database,
  principal: Principal,
  meetingCase: Pick<MeetingCaseRow, 'id' | 'meetingId'>,
  entries: { key: string; value: string; version: number }[],
): Promise<Map<string, FieldSaveResult>> {
  const stored = new Map((await queries.fieldsOf(db, [meetingCase.id])).map((f) => [f.field, f]))
  const results = new Map<string, FieldSaveResult>()
  for (const entry of entries) {
    const row = stored.get(entry.key)
    const unchanged = (row?.value ?? '') === entry.value && (row?.version ?? 0) === entry.version
    if (unchanged) continue
    results.set(entry.key, await saveField(db, principal, meetingCase, entry.key, entry))
  }
  return results
}

// Attendance -----------------------------------------------------------------------------------

/**
 * The attendance's version: a digest of what is recorded, so a save based on an older reading
 * is refused while one that changes nothing of what the writer saw goes through.
 */
export function attendanceVersion(
  rows: Pick<
    AttendanceRow,
    'agencyId' | 'status' | 'attendees' | 'reportSubmitted' | 'confidentialityAcknowledged'
  >[],
) {
  const content = [...rows]
    .sort((a, b) => (a.agencyId < b.agencyId ? -1 : 1))
    .map((r) => [r.agencyId, r.status, r.attendees ?? '', r.reportSubmitted, r.confidentialityAcknowledged])
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16)
}

export interface AttendanceLine {
  agencyId: string
  agencyName: string
  invited: boolean
  recorded: AttendanceRow | undefined
}

/** One line per agency: those invited first, then the chair's agency, then any other recorded. */
export async function attendanceLines(db: Database, meeting: MeetingRow) {
  const [recorded, invited] = await Promise.all([
    queries.attendanceOf(db, meeting.id),
    queries.invitedAgencies(db, meeting.id),
  ])
  const byAgency = new Map(recorded.map((r) => [r.agencyId, r]))
  const lines: AttendanceLine[] = invited.map((a) => ({
    agencyId: a.id,
    agencyName: a.name,
    invited: true,
    recorded: byAgency.get(a.id),
  }))
  const listed = new Set(lines.map((l) => l.agencyId))
  if (meeting.chairAgencyId && !listed.has(meeting.chairAgencyId)) {
    const [chairAgency] = await queries.agencyNames(db, [meeting.chairAgencyId])
    if (chairAgency) {
      lines.push({
        agencyId: chairAgency.id,
        agencyName: chairAgency.name,
        invited: false,
        recorded: byAgency.get(chairAgency.id),
      })
      listed.add(chairAgency.id)
    }
  }
  for (const r of recorded)
    if (!listed.has(r.agencyId))
      lines.push({ agencyId: r.agencyId, agencyName: r.agencyName, invited: false, recorded: r })
  return { lines, recorded, version: attendanceVersion(recorded) }
}

/** Agencies that may be added to the attendance (any agency not already listed). */
export async function otherAgencies(db: Database, listed: string[]) {
  const all = await listAgencies(db)
  return all.filter((a) => !listed.includes(a.id))
}

export type AttendanceResult =
  | { kind: 'saved' }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'stale'; current: AttendanceRow[] }
  | { kind: 'closed'; message: string }

/** Records who attended for each agency (MAPPA C), replacing the set if nobody changed it since. */
export async function recordAttendance(
  db: Database,
  principal: Principal,
  meetingId: string,
  body: unknown,
): Promise<AttendanceResult> {
  const parsed = attendanceBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error.issues) }
  const { version, agencies } = parsed.data
  const known = new Set(
    (
      await queries.agencyNames(
        db,
        agencies.map((a) => a.agencyId),
      )
    ).map((a) => a.id),
  )
  const unknown = agencies.flatMap((a, i) =>
    known.has(a.agencyId)
      ? []
      : [{ path: `agencies.${i}.agencyId`, message: 'Select an agency from the list' }],
  )
  if (unknown.length) return { kind: 'invalid', problems: unknown }
  return db.transaction(async (tx): Promise<AttendanceResult> => {
    // Exclusive: two attendance saves from the same reading must not both go through.
    const meeting = await queries.lockMeeting(tx, meetingId, 'update')
    if (!meeting || !isOpen(meeting)) return { kind: 'closed', message: closedMessage(meeting?.status ?? '') }
    const current = await queries.attendanceForUpdate(tx, meetingId)
    if (attendanceVersion(current) !== version)
      return { kind: 'stale', current: await queries.attendanceOf(tx, meetingId) }
    const by = actor(principal)
    await queries.replaceAttendance(
      tx,
      meetingId,
      agencies.map((a: AttendanceInput) => ({ ...a, recordedBy: by, recordedAt: new Date() })),
    )
    return { kind: 'saved' }
  })
}

// One case's minutes ---------------------------------------------------------------------------

/** Latest review date the rules allow after this meeting, for the decided level (null: Level 1). */
export function defaultNextReview(level: number, heldOn: IsoDate, today: IsoDate) {
  const decision = nextLevelReview(
    { level: level as MappaLevel, lastReviewDate: heldOn },
    rulesConfigInUse(),
    today,
  )
  return { dueOn: decision.due?.dueDate ?? null, reasons: decision.reasons }
}

/**
 * Whether the case is in the Victim Contact Scheme's reach: a conviction makes it eligible
 * (Domestic Violence, Crime and Victims Act 2004 s.35: violent or sexual offence, 12 months or
 * more or a hospital order), or a victim linked to the person has opted in.
 */
async function victimContactApplies(
  db: Database,
  person: { id: string; dateOfBirth: IsoDate },
  today: IsoDate,
): Promise<boolean> {
  if (await queries.hasOptedInVictim(db, person.id)) return true
  const { convictions } = await assessPerson(db, person, today)
  const { catalogue } = offenceCatalogue()
  return convictions.some(
    (c) =>
      victimContactEligibility(person.dateOfBirth, c.conviction, catalogue, rulesConfigInUse()).status ===
      'eligible',
  )
}

export const VICTIM_WARNING =
  'This case is eligible for the Victim Contact Scheme, but neither the Victim Liaison Officer’s attendance nor a written report is recorded: victims do not attend, so their views reach the meeting only through the VLO (MAPPA Guidance ch.13; Domestic Violence, Crime and Victims Act 2004 s.35).'

export interface CaseMinutes {
  meetingCase: MeetingCaseRow
  person: { id: string; name: string; crn: string | null; dateOfBirth: IsoDate; areaCode: string }
  registration: RegistrationRecord | undefined
  fields: Map<string, FieldJson>
  conflicts: Awaited<ReturnType<typeof queries.unmergedConflicts>>
  informationAgencies: { id: string; name: string }[]
  victimWarning: string | null
  /** Conditions victims asked for and whether each was granted (no identity, no place). */
  victimRequests: Awaited<ReturnType<typeof victimRequestsForPerson>>
  disclosures: Awaited<ReturnType<typeof disclosuresOfPerson>>
  plan: Awaited<ReturnType<typeof planOverview>>
  /** The plan version the meeting started, if any. */
  meetingPlan: { id: string; number: number; status: string } | undefined
  actions: Awaited<ReturnType<typeof queries.actionsOf>>
  defaultReview: { dueOn: IsoDate | null; reasons: { text: string; reference: string }[] } | null
}

type CaseListRow = Awaited<ReturnType<typeof queries.casesOf>>[number]

export const casesOf = (db: Database, meetingId: string) => queries.casesOf(db, meetingId)
export const attendanceOf = (db: Database, meetingId: string) => queries.attendanceOf(db, meetingId)
export const meetingOf = (db: Database, meetingId: string) => queries.findMeeting(db, meetingId)
export const userNameOf = (db: Database, userId: string) => queries.userName(db, userId)

/** Agencies whose information the minutes record: those that attended or sent a report. */
function informationAgencies(
  attendance: AttendanceRow[],
  invited: { id: string; name: string }[],
  fields: Map<string, FieldJson>,
  names: Map<string, string>,
) {
  const contributing = attendance.length
    ? attendance.filter((a) => a.status === 'attended' || a.reportSubmitted).map((a) => a.agencyId)
    : invited.map((a) => a.id)
  // Text already typed for an agency stays visible even if its attendance changes later.
  const typed = [...fields.keys()].map(agencyOfField).filter((id): id is string => !!id)
  return [...new Set([...contributing, ...typed])]
    .map((id) => ({ id, name: names.get(id) ?? 'Unknown agency' }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** Everything the minutes page, the API and the PDF show for one case. */
export async function caseMinutes(
  db: Database,
  meeting: MeetingRow,
  row: CaseListRow,
  today: IsoDate,
): Promise<CaseMinutes> {
  const meetingCase = row.meetingCase
  const person = {
    id: meetingCase.personId,
    name: `${row.givenName} ${row.familyName}`,
    crn: row.crn,
    dateOfBirth: row.dateOfBirth,
    areaCode: row.areaCode,
  }
  const [
    stored,
    conflicts,
    attendance,
    invited,
    registration,
    plan,
    actions,
    disclosures,
    applies,
    requests,
  ] = await Promise.all([
    queries.fieldsOf(db, [meetingCase.id]),
    queries.unmergedConflicts(db, meetingCase.id),
    queries.attendanceOf(db, meeting.id),
    queries.invitedAgencies(db, meeting.id),
    currentRegistration(db, person.id),
    planOverview(db, person.id, today),
    queries.actionsOf(db, meeting.id, person.id),
    disclosuresOfPerson(db, person.id),
    victimContactApplies(db, person, today),
    victimRequestsForPerson(db, person.id),
  ])
  const fields = new Map(stored.map((f) => [f.field, fieldJson(f.field, f)]))
  const typedAgencies = [...fields.keys()].map(agencyOfField).filter((id): id is string => !!id)
  const names = new Map(
    [...attendance.map((a) => ({ id: a.agencyId, name: a.agencyName })), ...invited].map((a) => [
      a.id,
      a.name,
    ]),
  )
  const missing = typedAgencies.filter((id) => !names.has(id))
  for (const a of await queries.agencyNames(db, missing)) names.set(a.id, a.name)
  const victimsHeard = meetingCase.victimInput === 'attended' || meetingCase.victimInput === 'written_report'
  const meetingPlan = plan.versions.find((v) => v.id === meetingCase.planId)
  const level = meetingCase.levelDecision ?? registration?.level
  return {
    meetingCase,
    person,
    registration,
    fields,
    conflicts,
    informationAgencies: informationAgencies(attendance, invited, fields, names),
    victimWarning: applies && !victimsHeard ? VICTIM_WARNING : null,
    victimRequests: requests,
    disclosures: disclosures.filter((d) => d.meetingCaseId === meetingCase.id),
    plan,
    meetingPlan: meetingPlan && {
      id: meetingPlan.id,
      number: meetingPlan.number,
      status: meetingPlan.status,
    },
    actions,
    defaultReview: level ? defaultNextReview(level, meeting.heldOn, today) : null,
  }
}

/** The text fields of a case, in MAPPA C order, each with its stored text and version. */
export function fieldsInOrder(minutes: CaseMinutes) {
  const of = (key: string) => minutes.fields.get(key) ?? fieldJson(key, undefined)
  const section = (name: keyof typeof SECTION_FIELDS) =>
    SECTION_FIELDS[name].map((f) => ({ ...f, ...of(f.key) }))
  return {
    information: minutes.informationAgencies.map((a) => ({
      key: informationKey(a.id),
      label: `Information shared by ${a.name}`,
      rows: 4,
      ...of(informationKey(a.id)),
    })),
    risk: section('risk'),
    plan: section('plan'),
    victims: section('victims'),
    level: section('level'),
    dissent: section('dissent'),
  }
}

// Decisions ------------------------------------------------------------------------------------

export type DecisionResult =
  | { kind: 'saved'; meetingCase: MeetingCaseRow }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'stale'; current: MeetingCaseRow }
  | { kind: 'closed'; message: string }
  | { kind: 'forbidden'; message: string }

const versionProblem = (version: unknown): Problem[] =>
  typeof version === 'number' && Number.isInteger(version) && version >= 1
    ? []
    : [{ path: 'version', message: 'Send the version of the case’s decisions you read' }]

/** Writes a case's decisions if the meeting is still open and the case is still at `version`. */
async function writeCase(
  db: Database,
  meetingCase: MeetingCaseRow,
  version: number,
  values: Partial<MeetingCaseRow>,
  alsoInTransaction?: (tx: queries.Transaction) => Promise<void>,
): Promise<DecisionResult> {
  const result = await db.transaction(async (tx): Promise<DecisionResult> => {
    const meeting = await queries.lockMeeting(tx, meetingCase.meetingId, 'share')
    if (!meeting || !isOpen(meeting)) return { kind: 'closed', message: closedMessage(meeting?.status ?? '') }
    const saved = await queries.updateCaseIfCurrent(tx, meetingCase.id, version, values)
    if (!saved) return { kind: 'stale', current: meetingCase }
    await alsoInTransaction?.(tx)
    return { kind: 'saved', meetingCase: saved }
  })
  if (result.kind === 'stale')
    return { kind: 'stale', current: (await queries.findCase(db, meetingCase.id))! }
  return result
}

/** How the victims' views reached the meeting (MAPPA C; the VLO attends or sends a report). */
export async function recordVictimInput(
  db: Database,
  meetingCase: MeetingCaseRow,
  body: { version?: unknown; victimInput?: unknown },
): Promise<DecisionResult> {
  const parsed = victimDecision.safeParse(body)
  const problems = [
    ...versionProblem(body.version),
    ...(parsed.success ? [] : problemsOf(parsed.error.issues)),
  ]
  if (problems.length || !parsed.success) return { kind: 'invalid', problems }
  return writeCase(db, meetingCase, body.version as number, { victimInput: parsed.data.victimInput })
}

/**
 * The level (and category) the meeting decided, with its rationale already in the minutes, and
 * the next review: the rules' latest date for the level decided, or earlier if the chair says.
 */
export async function recordLevelDecision(
  db: Database,
  meeting: MeetingRow,
  meetingCase: MeetingCaseRow,
  body: { version?: unknown; level?: unknown; category?: unknown; nextReviewOn?: unknown },
  today: IsoDate,
): Promise<DecisionResult> {
  const parsed = levelDecision.safeParse(body)
  const problems = [
    ...versionProblem(body.version),
    ...(parsed.success ? [] : problemsOf(parsed.error.issues)),
  ]
  if (!parsed.success) return { kind: 'invalid', problems }
  const { level, category, nextReviewOn } = parsed.data
  const [registration, stored] = await Promise.all([
    currentRegistration(db, meetingCase.personId),
    queries.fieldsOf(db, [meetingCase.id]),
  ])
  const text = (key: string) => stored.find((f) => f.field === key)?.value.trim() ?? ''
  if (!text('level-rationale'))
    problems.push({ path: 'level-rationale', message: 'Enter why the meeting decided this level' })
  if (registration && category !== registration.category && !text('category-rationale'))
    problems.push({ path: 'category-rationale', message: 'Enter why the category is changing' })
  if (category === 3 && level === 1) problems.push({ path: 'level', message: CATEGORY_3_LEVEL })
  const latest = defaultNextReview(level, meeting.heldOn, today)
  // Left blank, the next review is the rules' default for the level decided.
  const reviewOn = nextReviewOn ?? latest.dueOn
  if (latest.dueOn && nextReviewOn) {
    if (nextReviewOn <= meeting.heldOn)
      problems.push({ path: 'nextReviewOn', message: 'The next review must be after this meeting' })
    else if (nextReviewOn > latest.dueOn)
      problems.push({
        path: 'nextReviewOn',
        message:
          `The next review must be on or before ${latest.dueOn}: ${latest.reasons[0]?.text ?? ''}`.trim(),
      })
  }
  if (problems.length) return { kind: 'invalid', problems }
  return writeCase(db, meetingCase, body.version as number, {
    levelDecision: level,
    categoryDecision: category,
    // Level 1 has no MAPPA review meeting (MAPPA Guidance ch.7).
    nextReviewOn: latest.dueOn ? reviewOn : null,
  })
}

/** The meeting's own requirements on top of the register's: both answers are part of MAPPA C. */
function meetingDisclosureProblems(input: Record<string, unknown>): Problem[] {
  const problems: Problem[] = []
  if (typeof input.personTold !== 'boolean')
    problems.push({
      path: 'personTold',
      message: 'Select whether the person will be told about the disclosure',
    })
  if (typeof input.undertakingSigned !== 'boolean')
    problems.push({
      path: 'undertakingSigned',
      message: 'Select whether the recipient has signed a confidentiality undertaking',
    })
  return problems
}

/**
 * The disclosure decision every meeting records (MAPPA Guidance ch.9 and 13): no disclosure
 * needed, with the reason; or a disclosure, which goes into the disclosure register linked to
 * this case. Several disclosures may be decided for one case (one per recipient).
 */
export async function recordDisclosureDecision(
  db: Database,
  principal: Principal,
  meeting: MeetingRow,
  meetingCase: MeetingCaseRow,
  body: { version?: unknown; disclose?: unknown; notNeededReason?: unknown; disclosure?: unknown },
  today: IsoDate,
  pathPrefix = 'disclosure',
): Promise<DecisionResult> {
  const problems = versionProblem(body.version)
  if (body.disclose !== true) {
    const parsed = disclosureNotNeeded.safeParse({
      disclose: body.disclose,
      notNeededReason: body.notNeededReason,
    })
    if (!parsed.success)
      return {
        kind: 'invalid',
        problems: [
          ...problems,
          ...problemsOf(parsed.error.issues).map((p) =>
            p.path === 'disclose'
              ? { path: 'disclose', message: 'Select whether a disclosure is needed' }
              : p,
          ),
        ],
      }
    const registered = (await disclosuresOfPerson(db, meetingCase.personId)).some(
      (d) => d.meetingCaseId === meetingCase.id,
    )
    if (registered)
      problems.push({
        path: 'disclose',
        message:
          'This meeting has already decided a disclosure for this case and it is in the disclosure register: record there if it is not made',
      })
    if (problems.length) return { kind: 'invalid', problems }
    return writeCase(db, meetingCase, body.version as number, {
      disclosureDecision: 'not_needed',
      disclosureNotNeededReason: parsed.data.notNeededReason,
    })
  }
  if (!mayDo(principal, 'disclosure:record'))
    return { kind: 'forbidden', message: 'Your role does not allow you to record a disclosure.' }
  const details = body.disclosure ?? {}
  if (typeof details !== 'object' || Array.isArray(details))
    return { kind: 'invalid', problems: [{ path: pathPrefix, message: 'disclosure must be an object' }] }
  const input: Record<string, unknown> = { ...details, decidedOn: meeting.heldOn }
  const prefixed = (list: Problem[]) =>
    list.map((p) => ({ ...p, path: [pathPrefix, p.path].filter(Boolean).join('.') }))
  const parsed = disclosureInput(today).safeParse(input)
  problems.push(
    ...prefixed([
      ...meetingDisclosureProblems(input),
      ...(parsed.success ? [] : problemsOf(parsed.error.issues)).map((p) =>
        // The meeting's date is the decision's: say so in words the chair can act on.
        p.path === 'decidedOn'
          ? { path: '', message: 'A disclosure can be recorded on or after the day of the meeting' }
          : p,
      ),
    ]),
  )
  if (problems.length) return { kind: 'invalid', problems }
  return writeCase(
    db,
    meetingCase,
    body.version as number,
    { disclosureDecision: 'disclose', disclosureNotNeededReason: null },
    async (tx) => {
      // A transaction nests as a savepoint: the decision and its register row are kept together.
      const written = await recordDisclosure(
        tx as unknown as Database,
        principal,
        meetingCase.personId,
        input,
        { meetingCaseId: meetingCase.id },
        today,
      )
      if (written.kind === 'invalid') throw new Error('The disclosure register refused a checked disclosure')
    },
  )
}

/**
 * Starts the plan's next version as a draft through the plans feature (or carries on with the
 * draft already open) and records it as the plan this meeting made.
 */
export async function startPlanVersion(
  db: Database,
  principal: Principal,
  meetingCase: MeetingCaseRow,
  version: unknown,
): Promise<DecisionResult | { kind: 'planned'; meetingCase: MeetingCaseRow; number: number }> {
  if (!mayDo(principal, 'risk:manage'))
    return { kind: 'forbidden', message: 'Your role does not allow you to change a risk management plan.' }
  const problems = versionProblem(version)
  if (problems.length) return { kind: 'invalid', problems }
  const meeting = await queries.meetingStatus(db, meetingCase.meetingId)
  if (!meeting || !isOpen(meeting)) return { kind: 'closed', message: closedMessage(meeting?.status ?? '') }
  const draft = await createDraft(db, principal, meetingCase.personId)
  const number = draft.kind === 'created' ? draft.plan.number : draft.number
  const plan = draft.kind === 'created' ? draft.plan : (await planDetail(db, meetingCase.personId, number))!
  const result = await writeCase(db, meetingCase, version as number, { planId: plan.id })
  return result.kind === 'saved' ? { kind: 'planned', meetingCase: result.meetingCase, number } : result
}

// Finalising -----------------------------------------------------------------------------------

/** What is still missing before the minutes can be finalised, per case (MAPPA C; rules.md §7). */
export async function finaliseProblems(
  db: Database,
  principal: Principal,
  meeting: MeetingRow,
): Promise<Problem[]> {
  const [attendance, cases] = await Promise.all([
    queries.attendanceOf(db, meeting.id),
    queries.casesOf(db, meeting.id),
  ])
  const problems: Problem[] = []
  if (!attendance.length) problems.push({ path: 'attendance', message: 'Record the attendance by agency' })
  else if (!attendance.some((a) => a.status === 'attended'))
    problems.push({ path: 'attendance', message: 'Record at least one agency as attending' })
  if (!cases.length) problems.push({ path: 'cases', message: 'The meeting has no cases on its agenda' })
  const fields = await queries.fieldsOf(
    db,
    cases.map((c) => c.meetingCase.id),
  )
  for (const row of cases) {
    const c = row.meetingCase
    const name = `${row.givenName} ${row.familyName}`
    const add = (what: string, message: string) =>
      problems.push({ path: `${c.id}.${what}`, message: `${name}: ${message}` })
    const text = (key: string) =>
      fields.find((f) => f.meetingCaseId === c.id && f.field === key)?.value.trim()
    const registration = await currentRegistration(db, c.personId)
    if (!c.disclosureDecision) add('disclosure', 'record the disclosure decision')
    if (!c.victimInput) add('victimInput', 'record how the victims’ views reached the meeting')
    if (!c.levelDecision) add('level', 'record the level decision')
    if (!text('level-rationale')) add('level-rationale', 'record why the meeting decided this level')
    if (c.levelDecision && c.levelDecision > 1 && !c.nextReviewOn)
      add('nextReviewOn', 'set the next review date')
    if (
      registration &&
      c.categoryDecision &&
      c.categoryDecision !== registration.category &&
      !text('category-rationale')
    )
      add('category-rationale', 'record why the category is changing')
    if (!registration)
      add(
        'registration',
        'the person has no MAPPA registration in force, so the level decided cannot be applied: register them first',
      )
    else if (
      (await personFor(db, principal, c.personId, 'registration:manage', { followMerge: false })).kind !==
      'ok'
    )
      add(
        'registration',
        'you may not change this person’s registration, so the level decided cannot be applied',
      )
  }
  return problems
}

export type FinaliseResult =
  | { kind: 'finalised'; notApplied: string[] }
  | { kind: 'forbidden'; message: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'stale' }
  | { kind: 'closed'; message: string }

export const isChair = (principal: Principal, meeting: MeetingRow) =>
  principal.kind === 'user' && meeting.chairUserId === principal.userId

/**
 * The chair finalises the minutes (MAPPA C): they become read-only, and each case's level
 * decision is applied to the registration (a change of level with its rationale, or a review
 * that keeps it, dated the meeting), so the next level review falls due from this meeting.
 */
export async function finalise(
  db: Database,
  principal: Principal,
  meeting: MeetingRow,
  version: unknown,
): Promise<FinaliseResult> {
  if (!isChair(principal, meeting))
    return { kind: 'forbidden', message: 'Only the chair of the meeting may finalise its minutes.' }
  if (!isOpen(meeting)) return { kind: 'closed', message: closedMessage(meeting.status) }
  const problems = [
    ...(typeof version === 'number'
      ? []
      : [{ path: 'version', message: 'Send the version of the meeting you read' }]),
    ...(await finaliseProblems(db, principal, meeting)),
  ]
  if (problems.length) return { kind: 'invalid', problems }
  const cases = await queries.casesOf(db, meeting.id)
  const outcome = await db.transaction(async (tx): Promise<FinaliseResult | undefined> => {
    const locked = await queries.lockMeeting(tx, meeting.id, 'update')
    if (!locked || !isOpen(locked)) return { kind: 'closed', message: closedMessage(locked?.status ?? '') }
    if (locked.version !== version) return { kind: 'stale' }
    await queries.finaliseMeeting(tx, meeting.id, actor(principal))
    for (const row of cases)
      await recordTimeline(tx, principal, {
        personId: row.meetingCase.personId,
        kind: 'meeting.minutes_finalised',
        title: `Level ${meeting.level} MAPPA meeting of ${meeting.heldOn}: minutes finalised`,
        recordType: 'meeting',
        recordId: meeting.id,
      })
    return undefined
  })
  if (outcome) return outcome
  const notApplied: string[] = []
  for (const row of cases) {
    const failure = await applyLevelDecision(db, principal, meeting, row)
    if (failure) notApplied.push(`${row.givenName} ${row.familyName}: ${failure}`)
  }
  return { kind: 'finalised', notApplied }
}

/** Applies one case's level decision through the registrations feature; a message if it could not. */
async function applyLevelDecision(
  db: Database,
  principal: Principal,
  meeting: MeetingRow,
  row: CaseListRow,
): Promise<string | undefined> {
  const c = row.meetingCase
  const access = await personFor(db, principal, c.personId, 'registration:manage', { followMerge: false })
  if (access.kind !== 'ok') return 'you may not change this person’s registration'
  const fields = await queries.fieldsOf(db, [c.id])
  const text = (key: string) => fields.find((f) => f.field === key)?.value.trim() || null
  const first = await currentRegistration(db, c.personId)
  if (!first) return 'the person has no registration in force'
  const levelChanges = c.levelDecision !== null && c.levelDecision !== first.level
  const categoryChanges = c.categoryDecision !== null && c.categoryDecision !== first.category
  if (levelChanges || categoryChanges) {
    const failure = await withRegistration(db, c.personId, (registration) =>
      changeRegistration(db, principal, access.person, registration.id, {
        version: registration.version,
        levelRationale: levelChanges ? text('level-rationale') : null,
        categoryRationale: categoryChanges ? text('category-rationale') : null,
        ...(levelChanges ? { level: c.levelDecision! } : {}),
        ...(categoryChanges ? { category: c.categoryDecision! } : {}),
      }),
    )
    if (failure || levelChanges) return failure
  }
  // The level was kept: the meeting reviewed it.
  return withRegistration(db, c.personId, (registration) =>
    recordLevelReview(db, principal, access.person, registration.id, {
      version: registration.version,
      reviewedOn: meeting.heldOn,
      rationale: text('level-rationale') ?? '',
    }),
  )
}

/** Runs a registration change, reading the registration again once if someone changed it meanwhile. */
async function withRegistration(
  db: Database,
  personId: string,
  change: (registration: RegistrationRecord) => Promise<ChangeResult>,
): Promise<string | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const registration = await currentRegistration(db, personId)
    if (!registration) return 'the person has no registration in force'
    const result = await change(registration)
    if (result.kind === 'changed') return undefined
    if (result.kind === 'stale') continue
    if (result.kind === 'invalid') return result.problems.map((p) => p.message).join('; ')
    return result.kind === 'conflict' ? result.message : 'the registration was not found'
  }
  return 'the registration kept changing while the level was applied: apply it on the registration page'
}

// As JSON ---------------------------------------------------------------------------------------

export function attendanceJson(rows: AttendanceRow[]) {
  return {
    version: attendanceVersion(rows),
    agencies: rows.map((r) => ({
      agencyId: r.agencyId,
      agencyName: r.agencyName,
      status: r.status,
      attendees: r.attendees,
      reportSubmitted: r.reportSubmitted,
      confidentialityAcknowledged: r.confidentialityAcknowledged,
    })),
  }
}

/** A case's minutes for the API; readers from invited agencies get no fields about victims. */
export function caseJson(minutes: CaseMinutes, options: { withholdVictims?: boolean } = {}) {
  const c = minutes.meetingCase
  return {
    caseId: c.id,
    personId: c.personId,
    version: c.version,
    victimInput: c.victimInput,
    victimInputWarning: minutes.victimWarning,
    disclosureDecision: c.disclosureDecision,
    disclosureNotNeededReason: c.disclosureNotNeededReason,
    disclosureIds: minutes.disclosures.map((d) => d.id),
    levelDecision: c.levelDecision,
    categoryDecision: c.categoryDecision,
    nextReviewOn: c.nextReviewOn,
    defaultNextReviewOn: minutes.defaultReview?.dueOn ?? null,
    planId: c.planId,
    fields: [...minutes.fields.values()].filter(
      (f) => !options.withholdVictims || !VICTIM_FIELD_KEYS.has(f.field),
    ),
  }
}
