import type { Database } from '../../db/connection.js'
import { type LatLon, circleZone } from '../../domain/geo/index.js'
import {
  type DueItem,
  type EligibilityStatus,
  type IsoDate,
  type Reason,
  victimContactDueItems,
  victimContactEligibility,
} from '../../domain/rules/index.js'
import { sentenceDateOf } from '../../domain/rules/model.js'
import { decideVictimAccess, mayDo, type VictimAccessDecision } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { Sealer } from '../../security/sealing.js'
import { addCondition, conditionsOf, findCondition } from '../conditions/service.js'
import { convictionsOf, offenceCatalogue, rulesConfigInUse } from '../convictions/service.js'
import { namedUserIds } from '../people/queries.js'
import type { PersonRecord } from '../people/queries.js'
import { saveTasks } from '../tasks/service.js'
import { recordTimeline } from '../timeline/service.js'
import { createZone, findZone } from '../zones/service.js'
import { type PinpointWarning, pinpointWarnings } from './pinpoint.js'
import * as queries from './queries.js'
import {
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type VictimDetails,
  decisionBody,
  grantBody,
  labelOf,
  requestBody,
  schemeChoiceBody,
  victimBody,
  victimChange,
  victimDetails,
  viewBody,
} from './schema.js'
import { issueProblems } from '../../web/forms.js'

export type Problem = { path: string; message: string }

/** Sealing contexts: a sealed value opens only as what it was sealed as. */
export const SEALED = { victim: 'victim', view: 'victim-view', request: 'victim-request' } as const

/** What the victim's request concerns, sealed: where it is, and its coordinates if known. */
export interface RequestPlace {
  place: string | null
  location: LatLon | null
}

// Access ----------------------------------------------------------------------------------------

export type VictimAccess = VictimAccessDecision & { mayManage: boolean }

/** How much of this person's victims the principal sees, and whether they may record them. */
export async function victimAccessFor(
  db: Database,
  principal: Principal,
  person: Pick<PersonRecord, 'id' | 'areaCode' | 'restricted' | 'managers'>,
): Promise<VictimAccess> {
  const userId = principal.kind === 'user' ? principal.userId : null
  const named = person.restricted && userId ? (await namedUserIds(db, person.id)).includes(userId) : false
  const decision = decideVictimAccess(principal, {
    areaCode: person.areaCode,
    restricted: person.restricted,
    leadManager: !!userId && person.managers.some((m) => m.userId === userId),
    named,
  })
  return { ...decision, mayManage: decision.level === 'full' && mayDo(principal, 'victim:manage') }
}

// Reading ---------------------------------------------------------------------------------------

export type SchemeStatus = 'opted_in' | 'opted_out' | 'not_recorded'
export const SCHEME_STATUS_TEXT: Record<SchemeStatus, string> = {
  opted_in: 'Opted in to the Victim Contact Scheme',
  opted_out: 'Opted out of the Victim Contact Scheme',
  not_recorded: 'No choice recorded yet',
}

type Choice = Awaited<ReturnType<typeof queries.schemeChoicesOf>>[number]
const statusFrom = (choices: Choice[]): SchemeStatus =>
  choices[0] ? (choices[0].optedIn ? 'opted_in' : 'opted_out') : 'not_recorded'

export interface Victim extends Omit<queries.VictimRow, 'sealed'> {
  details: VictimDetails
  scheme: { status: SchemeStatus; choices: Choice[] }
}

/** Without identity: what everyone who may see the record may know of a victim. */
export interface RedactedVictim {
  id: string
  kind: string
  ended: boolean
  schemeStatus: SchemeStatus
}

const open = (sealer: Sealer, row: queries.VictimRow, choices: Choice[]): Victim => {
  const { sealed, ...rest } = row
  const mine = choices.filter((c) => c.victimId === row.id)
  return {
    ...rest,
    details: sealer.open<VictimDetails>(SEALED.victim, sealed),
    scheme: { status: statusFrom(mine), choices: mine },
  }
}

/** A person's victims with their sealed details opened: only for those the policy lets see them. */
export async function victimsOf(db: Database, sealer: Sealer, personId: string): Promise<Victim[]> {
  const rows = await queries.victimsOf(db, personId)
  const choices = await queries.schemeChoicesOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((row) => open(sealer, row, choices))
}

export async function findVictim(db: Database, sealer: Sealer, personId: string, victimId: string) {
  const row = await queries.findVictim(db, personId, victimId)
  if (!row) return undefined
  return open(sealer, row, await queries.schemeChoicesOf(db, [row.id]))
}

export async function redactedVictimsOf(db: Database, personId: string): Promise<RedactedVictim[]> {
  const rows = await queries.victimsOf(db, personId)
  const choices = await queries.schemeChoicesOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    ended: row.endedOn !== null,
    schemeStatus: statusFrom(choices.filter((c) => c.victimId === row.id)),
  }))
}

export const liaisonOfficersIn = queries.liaisonOfficersIn
export const optedInVictimsOf = queries.optedInVictimsOf

/** The names of those of some victims allocated to this VLO, for their alerts page. */
export async function allocatedVictimNames(
  db: Database,
  sealer: Sealer,
  userId: string,
  victimIds: string[],
) {
  const rows = await queries.allocatedTo(db, userId, victimIds)
  return new Map(rows.map((r) => [r.id, sealer.open<VictimDetails>(SEALED.victim, r.sealed).name]))
}

/** The person's convictions a victim can be linked to, with the sentence date the clock uses. */
export async function convictionOptions(db: Database, personId: string) {
  const { catalogue } = offenceCatalogue()
  return (await convictionsOf(db, personId)).map(({ conviction }) => ({
    id: conviction.id,
    conviction,
    sentenceDate: sentenceDateOf(conviction),
    text: `${conviction.date}: ${conviction.offences
      .map((l) => (l.offenceId && catalogue.get(l.offenceId)?.title) || l.description || 'Offence')
      .join('; ')}`,
  }))
}

/** Victim Contact Scheme eligibility from the linked conviction (DVCVA 2004 s.35). */
export async function eligibilityOf(
  db: Database,
  person: Pick<PersonRecord, 'id' | 'dateOfBirth'>,
  convictionId: string | null,
): Promise<{ status: EligibilityStatus; reasons: Reason[] } | null> {
  if (!convictionId) return null
  const option = (await convictionOptions(db, person.id)).find((c) => c.id === convictionId)
  if (!option) return null
  return victimContactEligibility(
    person.dateOfBirth,
    option.conviction,
    offenceCatalogue().catalogue,
    rulesConfigInUse(),
  )
}

// Victim Contact Scheme clocks ----------------------------------------------------------------

/**
 * The scheme's clocks for one victim (Victims' Code; VCS guidance): referral within 10 working
 * days of sentence, and the VLO's first contact within 20 working days of referral. None while
 * no sentence date is known, once the record has ended, once the victim has opted out, or when
 * the offence is outside the statutory scheme.
 */
export function victimClocks(
  victim: Pick<Victim, 'id' | 'sentencedOn' | 'referredOn' | 'contactedOn' | 'endedOn'>,
  schemeStatus: SchemeStatus,
  eligibility: EligibilityStatus | null,
  today: IsoDate,
): DueItem[] {
  if (!victim.sentencedOn || victim.endedOn || schemeStatus === 'opted_out') return []
  if (eligibility === 'not_eligible') return []
  const c = {
    subjectId: victim.id,
    sentenceDate: victim.sentencedOn,
    ...(victim.referredOn ? { referredOn: victim.referredOn } : {}),
    ...(victim.contactedOn ? { victimContactedOn: victim.contactedOn } : {}),
  }
  return victimContactDueItems(c, today)
}

/**
 * Keeps the victim's tasks in the work queues: the referral is the lead probation manager's (the
 * area's when there is none); contacting the victim is the allocated VLO's (else the area's).
 * Each owner's tasks are their own record so that saving one never removes the other's.
 */
export async function refreshVictimTasks(
  db: Database,
  person: Pick<PersonRecord, 'id' | 'areaCode' | 'dateOfBirth'>,
  victimId: string,
  today: IsoDate,
) {
  const row = await queries.findVictim(db, person.id, victimId)
  if (!row) return
  const choices = await queries.schemeChoicesOf(db, [row.id])
  const eligibility = await eligibilityOf(db, person, row.convictionId)
  const items = victimClocks(row, statusFrom(choices), eligibility?.status ?? null, today)
  const base = { personId: person.id, areaCode: person.areaCode }
  await saveTasks(
    db,
    { type: 'victim_referral', id: row.id },
    { ...base, ownerUserId: await queries.probationManagerOf(db, person.id) },
    items.filter((i) => i.kind === 'victim_contact_referral'),
  )
  await saveTasks(
    db,
    { type: 'victim', id: row.id },
    { ...base, ownerUserId: row.vloUserId },
    items.filter((i) => i.kind === 'victim_liaison_contact'),
  )
}

// Writing ---------------------------------------------------------------------------------------

export type WriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: Victim }

const userOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

/** The conviction and VLO must be the person's and the area's; dates must be in order. */
async function checkLinks(
  db: Database,
  person: Pick<PersonRecord, 'id' | 'areaCode'>,
  fields: {
    convictionId?: string | null | undefined
    vloUserId?: string | null | undefined
    sentencedOn?: string | null | undefined
    referredOn?: string | null | undefined
    contactedOn?: string | null | undefined
    endedOn?: string | null | undefined
  },
  today: IsoDate,
): Promise<{ problems: Problem[]; sentenceDate: string | null }> {
  const problems: Problem[] = []
  let sentenceDate: string | null = null
  if (fields.convictionId) {
    const option = (await convictionOptions(db, person.id)).find((c) => c.id === fields.convictionId)
    if (!option) problems.push({ path: 'convictionId', message: 'Select one of the person’s convictions' })
    else sentenceDate = option.sentenceDate
  }
  if (
    fields.vloUserId &&
    !(await queries.liaisonOfficersIn(db, person.areaCode)).some((o) => o.userId === fields.vloUserId)
  )
    problems.push({ path: 'vloUserId', message: 'Select a victim liaison officer of the person’s area' })
  const order: [keyof typeof fields, string, keyof typeof fields | undefined, string][] = [
    ['referredOn', 'The referral date', 'sentencedOn', 'the sentence date'],
    ['contactedOn', 'The first contact date', 'referredOn', 'the referral date'],
  ]
  for (const [key, label, after, afterLabel] of order) {
    const value = fields[key]
    const earlier = after ? fields[after] : undefined
    if (value && earlier && value < earlier)
      problems.push({ path: key, message: `${label} must be on or after ${afterLabel}` })
  }
  for (const key of ['sentencedOn', 'referredOn', 'contactedOn', 'endedOn'] as const)
    if (fields[key] && fields[key] > today && !problems.some((p) => p.path === key))
      problems.push({ path: key, message: 'The date must be today or in the past' })
  return { problems, sentenceDate }
}

export async function createVictim(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  person: Pick<PersonRecord, 'id' | 'areaCode' | 'dateOfBirth'>,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const parsed = victimBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { kind, convictionId, vloUserId, sentencedOn, ...details } = parsed.data
  const links = await checkLinks(db, person, { convictionId, vloUserId, sentencedOn }, today)
  if (links.problems.length) return { kind: 'invalid', problems: links.problems }
  const id = await db.transaction(async (tx) => {
    const id = await queries.insertVictim(tx, {
      personId: person.id,
      kind,
      convictionId: convictionId ?? null,
      vloUserId: vloUserId ?? null,
      // The sentence date starts the referral clock: the conviction's, unless given.
      sentencedOn: sentencedOn ?? links.sentenceDate,
      sealed: sealer.seal(SEALED.victim, details),
      createdBy: userOf(principal),
    })
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'victim.added',
      title: kind === 'victim' ? 'Victim recorded' : 'Person at risk recorded',
      recordType: 'victim',
      recordId: id,
    })
    return id
  })
  await refreshVictimTasks(db, person, id, today)
  return { kind: 'written', id }
}

/** Changes details, links, clock dates or ends the record, if nobody has since `version`. */
export async function changeVictim(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  person: Pick<PersonRecord, 'id' | 'areaCode' | 'dateOfBirth'>,
  victimId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const current = await findVictim(db, sealer, person.id, victimId)
  if (!current) return { kind: 'not_found' }
  const parsed = victimChange.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { version, kind, convictionId, vloUserId, sentencedOn, referredOn, contactedOn, endedOn, ...given } =
    parsed.data
  if (version !== current.version) return { kind: 'stale', current }
  const pick = <T>(value: T | undefined, was: T) => (value === undefined ? was : value)
  const merged = {
    kind: kind ?? current.kind,
    convictionId: pick(convictionId, current.convictionId),
    vloUserId: pick(vloUserId, current.vloUserId),
    sentencedOn: pick(sentencedOn, current.sentencedOn),
    referredOn: pick(referredOn, current.referredOn),
    contactedOn: pick(contactedOn, current.contactedOn),
    endedOn: pick(endedOn, current.endedOn),
  }
  const details = victimDetails.safeParse({
    ...current.details,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  })
  if (!details.success) return { kind: 'invalid', problems: issueProblems(details.error) }
  const links = await checkLinks(db, person, merged, today)
  if (links.problems.length) return { kind: 'invalid', problems: links.problems }
  const written = await db.transaction(async (tx) => {
    const saved = await queries.updateVictimIfCurrent(
      tx,
      { personId: person.id, id: victimId, version },
      {
        ...merged,
        sentencedOn: merged.sentencedOn ?? links.sentenceDate,
        sealed: sealer.seal(SEALED.victim, details.data),
      },
    )
    if (saved)
      await recordTimeline(tx, principal, {
        personId: person.id,
        kind: endedOn && !current.endedOn ? 'victim.ended' : 'victim.changed',
        title: endedOn && !current.endedOn ? 'Victim record ended' : 'Victim record changed',
        recordType: 'victim',
        recordId: victimId,
      })
    return saved
  })
  if (!written) return { kind: 'stale', current: (await findVictim(db, sealer, person.id, victimId))! }
  await refreshVictimTasks(db, person, victimId, today)
  return { kind: 'written', id: victimId }
}

/** The victim opts in or out of the scheme: kept as history, the latest choice counts. */
export async function recordSchemeChoice(
  db: Database,
  principal: Principal,
  person: Pick<PersonRecord, 'id' | 'areaCode' | 'dateOfBirth'>,
  victimId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  if (!(await queries.findVictim(db, person.id, victimId))) return { kind: 'not_found' }
  const parsed = schemeChoiceBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  if (parsed.data.on > today)
    return { kind: 'invalid', problems: [{ path: 'on', message: 'The date must be today or in the past' }] }
  await db.transaction(async (tx) => {
    await queries.insertSchemeChoice(tx, { victimId, ...parsed.data, recordedBy: userOf(principal) })
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'victim.scheme_choice',
      title: parsed.data.optedIn
        ? 'A victim opted in to the Victim Contact Scheme'
        : 'A victim opted out of the Victim Contact Scheme',
      recordType: 'victim',
      recordId: victimId,
    })
  })
  await refreshVictimTasks(db, person, victimId, today)
  return { kind: 'written', id: victimId }
}

// Views -----------------------------------------------------------------------------------------

export async function viewsOf(db: Database, sealer: Sealer, victimId: string) {
  return (await queries.viewsOf(db, victimId)).map(({ sealed, ...row }) => ({
    ...row,
    concerns: sealer.open<{ concerns: string }>(SEALED.view, sealed).concerns,
  }))
}

export async function addView(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  personId: string,
  victimId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  if (!(await queries.findVictim(db, personId, victimId))) return { kind: 'not_found' }
  const parsed = viewBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  if (parsed.data.recordedOn > today)
    return {
      kind: 'invalid',
      problems: [{ path: 'recordedOn', message: 'The date must be today or in the past' }],
    }
  const id = await queries.insertView(db, {
    victimId,
    recordedOn: parsed.data.recordedOn,
    sealed: sealer.seal(SEALED.view, { concerns: parsed.data.concerns }),
    recordedBy: userOf(principal),
  })
  return { kind: 'written', id }
}

// Requested conditions --------------------------------------------------------------------------

export interface VictimRequest extends Omit<queries.RequestRow, 'sealed'> {
  place: RequestPlace
  kindText: string
  statusText: string
}

const openRequest = (sealer: Sealer, { sealed, ...row }: queries.RequestRow): VictimRequest => ({
  ...row,
  place: sealer.open<RequestPlace>(SEALED.request, sealed),
  kindText: labelOf(REQUEST_KINDS, row.kind),
  statusText: labelOf(REQUEST_STATUSES, row.status),
})

export async function requestsOf(db: Database, sealer: Sealer, personId: string, victimId: string) {
  return (await queries.requestsOfPerson(db, personId))
    .filter((r) => r.victimId === victimId)
    .map((r) => openRequest(sealer, r))
}

export async function findRequest(
  db: Database,
  sealer: Sealer,
  personId: string,
  victimId: string,
  requestId: string,
) {
  const row = await queries.findRequest(db, personId, victimId, requestId)
  return row && openRequest(sealer, row)
}

/**
 * Whether each of a person's victims' requests was granted, and why not: no identity, no place.
 * For the meeting minutes and the risk management plan (victim safety), which everyone who
 * may see the record sees.
 */
export async function victimRequestsForPerson(db: Database, personId: string) {
  return (await queries.requestsOfPerson(db, personId)).map((r) => ({
    id: r.id,
    kind: r.kind,
    kindText: labelOf(REQUEST_KINDS, r.kind),
    wording: r.wording,
    status: r.status,
    statusText: labelOf(REQUEST_STATUSES, r.status),
    reason: r.decisionReason,
    requestedOn: r.requestedOn,
    decidedOn: r.decidedOn,
    conditionId: r.conditionId,
    zoneId: r.zoneId,
  }))
}

/** The conditions made from a person's victims' requests, as worded: what protects them. */
export async function protectingConditions(db: Database, personId: string, today: IsoDate) {
  const ids = new Set(
    (await queries.requestsOfPerson(db, personId)).map((r) => r.conditionId).filter((id) => id !== null),
  )
  return (await conditionsOf(db, personId, today)).filter((c) => ids.has(c.id))
}

export async function addRequest(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  personId: string,
  victimId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  if (!(await queries.findVictim(db, personId, victimId))) return { kind: 'not_found' }
  const parsed = requestBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { place, location, ...fields } = parsed.data
  if (fields.requestedOn > today)
    return {
      kind: 'invalid',
      problems: [{ path: 'requestedOn', message: 'The date must be today or in the past' }],
    }
  const id = await db.transaction(async (tx) => {
    const id = await queries.insertRequest(tx, {
      victimId,
      personId,
      ...fields,
      sealed: sealer.seal(SEALED.request, { place, location } satisfies RequestPlace),
      recordedBy: userOf(principal),
    })
    await recordTimeline(tx, principal, {
      personId,
      kind: 'victim.request',
      title: `A victim asked for a condition: ${labelOf(REQUEST_KINDS, fields.kind).toLowerCase()}`,
      recordType: 'victim_request',
      recordId: id,
    })
    return id
  })
  return { kind: 'written', id }
}

export type RequestWriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: VictimRequest }
  | { kind: 'pinpoint'; warnings: PinpointWarning[] }

/** Records the decision on a request (with the condition and zone made, if any). */
export async function decideRequest(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  person: Pick<PersonRecord, 'id'>,
  victimId: string,
  requestId: string,
  body: unknown,
  today: IsoDate,
): Promise<RequestWriteResult> {
  const current = await findRequest(db, sealer, person.id, victimId, requestId)
  if (!current) return { kind: 'not_found' }
  const parsed = decisionBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { version, status, reason, decidedOn, conditionId, zoneId } = parsed.data
  if (version !== current.version) return { kind: 'stale', current }
  const problems: Problem[] = []
  if (decidedOn > today)
    problems.push({ path: 'decidedOn', message: 'The date must be today or in the past' })
  if (conditionId && !(await findCondition(db, person.id, conditionId, today)))
    problems.push({ path: 'conditionId', message: 'Select one of the person’s conditions' })
  if (zoneId && !(await findZone(db, person.id, zoneId, today)))
    problems.push({ path: 'zoneId', message: 'Select one of the person’s zones' })
  if (problems.length) return { kind: 'invalid', problems }
  const written = await queries.updateRequestIfCurrent(
    db,
    { id: requestId, version },
    {
      status,
      decisionReason: reason,
      decidedOn,
      decidedBy: userOf(principal),
      ...(conditionId !== undefined ? { conditionId } : {}),
      ...(zoneId !== undefined ? { zoneId } : {}),
    },
  )
  if (!written)
    return { kind: 'stale', current: (await findRequest(db, sealer, person.id, victimId, requestId))! }
  return { kind: 'written', id: requestId }
}

/** The places a victim uses, from their sealed details and requests: what a zone must not reveal. */
export async function victimPlaces(db: Database, sealer: Sealer, victim: Victim): Promise<LatLon[]> {
  const requests = await requestsOf(db, sealer, victim.personId, victim.id)
  return [victim.details.location, ...requests.map((r) => r.place.location)].filter(
    (p): p is LatLon => p !== null,
  )
}

/** Pinpoint warnings for the zone linked to a request, as it is drawn now. */
export async function linkedZoneWarnings(
  db: Database,
  sealer: Sealer,
  victim: Victim,
  request: VictimRequest,
  today: IsoDate,
): Promise<PinpointWarning[]> {
  if (!request.zoneId) return []
  const zone = await findZone(db, victim.personId, request.zoneId, today)
  return zone ? pinpointWarnings(zone, await victimPlaces(db, sealer, victim)) : []
}

class Invalid extends Error {
  constructor(readonly problems: Problem[]) {
    super('invalid')
  }
}

const CONDITION_KIND_OF: Record<string, string> = {
  no_contact: 'no_contact',
  exclusion_zone: 'exclusion_zone',
  other: 'other',
}

/**
 * "Add as a condition": makes the person's condition from the request (through the conditions
 * feature) and, for an exclusion zone, its zone (through the zones feature), then marks the
 * request granted with both linked, all in one transaction. A zone that would pinpoint a place
 * the victim uses is not saved until the VLO accepts the risk.
 */
export async function grantRequest(
  db: Database,
  sealer: Sealer,
  principal: Principal,
  victim: Victim,
  requestId: string,
  body: unknown,
  today: IsoDate,
): Promise<RequestWriteResult> {
  const current = await findRequest(db, sealer, victim.personId, victim.id, requestId)
  if (!current) return { kind: 'not_found' }
  const parsed = grantBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const input = parsed.data
  if (input.version !== current.version) return { kind: 'stale', current }
  if (current.conditionId)
    return {
      kind: 'invalid',
      problems: [{ path: 'version', message: 'This request already has a condition linked to it' }],
    }
  const wantsZone = current.kind === 'exclusion_zone'
  if (wantsZone && !input.zone)
    return { kind: 'invalid', problems: [{ path: 'zone', message: 'Give the zone’s centre and radius' }] }
  if (input.zone) {
    const [lon, lat] = input.zone.circle.centre
    const shape = circleZone({ lat, lon }, input.zone.circle.radiusMetres)
    if (!shape.ok)
      return {
        kind: 'invalid',
        problems: shape.problems.map((p) => ({ path: `zone.circle.${p.path}`, message: p.message })),
      }
    const warnings = pinpointWarnings(shape, await victimPlaces(db, sealer, victim))
    if (warnings.length && !input.acceptPinpointRisk) return { kind: 'pinpoint', warnings }
  }
  try {
    await db.transaction(async (tx) => {
      const condition = await addCondition(tx, principal, victim.personId, {
        kind: CONDITION_KIND_OF[current.kind],
        source: input.source,
        wording: input.wording,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        details: current.kind === 'no_contact' ? { name: input.name } : {},
      })
      if (condition.kind !== 'written')
        throw new Invalid(condition.kind === 'invalid' ? condition.problems : [])
      let zoneId: string | null = null
      if (input.zone) {
        const [lon, lat] = input.zone.circle.centre
        const zone = await createZone(
          tx,
          principal,
          victim.personId,
          {
            name: input.zone.name,
            kind: 'exclusion',
            conditionId: condition.id,
            startsOn: input.startsOn,
            endsOn: input.endsOn ?? null,
          },
          { circle: { lat, lon, radiusMetres: input.zone.circle.radiusMetres } },
        )
        if (zone.kind !== 'written')
          throw new Invalid(
            zone.kind === 'invalid' ? zone.problems.map((p) => ({ ...p, path: `zone.${p.path}` })) : [],
          )
        zoneId = zone.id
      }
      const saved = await queries.updateRequestIfCurrent(
        tx,
        { id: requestId, version: input.version },
        {
          status: 'granted',
          decidedOn: today,
          decidedBy: userOf(principal),
          conditionId: condition.id,
          zoneId,
        },
      )
      if (!saved) throw new Invalid([{ path: 'version', message: 'stale' }])
    })
  } catch (error) {
    if (!(error instanceof Invalid)) throw error
    if (error.problems[0]?.message === 'stale')
      return {
        kind: 'stale',
        current: (await findRequest(db, sealer, victim.personId, victim.id, requestId))!,
      }
    return { kind: 'invalid', problems: error.problems }
  }
  return { kind: 'written', id: requestId }
}

// The API's shapes ------------------------------------------------------------------------------

export function victimJson(v: Victim, eligibility: { status: string; reasons: Reason[] } | null) {
  return {
    access: 'full' as const,
    id: v.id,
    personId: v.personId,
    kind: v.kind,
    convictionId: v.convictionId,
    ...v.details,
    vloUserId: v.vloUserId,
    sentencedOn: v.sentencedOn,
    referredOn: v.referredOn,
    contactedOn: v.contactedOn,
    endedOn: v.endedOn,
    scheme: {
      status: v.scheme.status,
      choices: v.scheme.choices.map((c) => ({ optedIn: c.optedIn, on: c.on })),
    },
    eligibility,
    createdAt: v.createdAt.toISOString(),
    version: v.version,
  }
}

export function redactedJson(v: RedactedVictim) {
  return {
    access: 'redacted' as const,
    id: v.id,
    kind: v.kind,
    ended: v.ended,
    scheme: { status: v.schemeStatus },
  }
}

export function requestJson(r: VictimRequest) {
  return {
    id: r.id,
    victimId: r.victimId,
    kind: r.kind,
    wording: r.wording,
    place: r.place.place,
    location: r.place.location,
    requestedOn: r.requestedOn,
    status: r.status,
    reason: r.decisionReason,
    decidedOn: r.decidedOn,
    conditionId: r.conditionId,
    zoneId: r.zoneId,
    version: r.version,
  }
}
