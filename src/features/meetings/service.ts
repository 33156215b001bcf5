import type { Database } from '../../db/connection.js'
import type { meetings } from '../../db/schema.js'
import { addDays, endOfLondonDay, type IsoDate, lastLondonDayBefore } from '../../domain/rules/dates.js'
import { isResponsibleAuthority } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { personFor } from '../people/service.js'
import * as queries from './queries.js'
import type { MeetingRecord } from './queries.js'
import {
  DEFAULT_ACCESS_DAYS,
  caseBody,
  invitationBody,
  meetingBody,
  meetingCancel,
  meetingChange,
  type MeetingBody,
} from './schema.js'
import { issueProblems } from '../../web/forms.js'

export type { MeetingRecord } from './queries.js'
export type Problem = { path: string; message: string }

export type WriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'stale'; current: MeetingRecord }
  /** The meeting is no longer open to this change (cancelled or finalised). */
  | { kind: 'conflict'; message: string }
  | { kind: 'not_found' }

const userOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

export const findMeeting = queries.findMeeting
export const chairOptions = queries.chairOptions
export const invitableAgencies = queries.invitableAgencies
export const scheduledMeetings = queries.scheduledMeetings
export const carriedForwardActions = queries.carriedForwardActions

export const defaultAccessUntil = (heldOn: IsoDate) => addDays(heldOn, DEFAULT_ACCESS_DAYS)

const CLOSED: Record<string, string> = {
  cancelled: 'This meeting has been cancelled, so it cannot be changed.',
  finalised: 'The minutes of this meeting have been finalised, so it cannot be changed.',
}

type MeetingDetails = Omit<MeetingBody, 'areaCode'>

/**
 * Checks a meeting's details against the area: the chair must chair there, and a meeting moved to
 * another date (rescheduled) must not be moved into the past.
 */
async function checkDetails(
  db: Database,
  areaCode: string,
  details: MeetingDetails,
  today: IsoDate,
  rescheduled: boolean,
): Promise<{ problems: Problem[]; chair?: { name: string; agencyId: string } }> {
  const problems: Problem[] = []
  if (rescheduled && details.heldOn < today)
    problems.push({ path: 'heldOn', message: 'The meeting date must be today or in the future' })
  if (details.format !== 'online' && !details.venue)
    problems.push({ path: 'venue', message: 'Enter the venue (a meeting held in person needs one)' })
  const chair = (await queries.chairOptions(db, areaCode)).find((c) => c.userId === details.chairUserId)
  if (!chair)
    problems.push({ path: 'chairUserId', message: 'Select a chair who chairs MAPPA meetings in the area' })
  return { problems, ...(chair ? { chair: { name: chair.displayName, agencyId: chair.agencyId } } : {}) }
}

/** The area a new meeting is for: the one given, or the principal's only area. */
function areaFor(principal: Principal, areaCode: string | undefined): string | Problem {
  const areas = principal.membership.areaCodes
  const chosen = areaCode ?? (areas.length === 1 ? areas[0] : undefined)
  if (!chosen) return { path: 'areaCode', message: 'Select the area' }
  if (!areas.includes(chosen)) return { path: 'areaCode', message: 'Select one of the areas you work in' }
  return chosen
}

export type CheckedMeeting = { kind: 'ok'; values: typeof meetings.$inferInsert }

/** A new meeting's values, checked (nothing written): for scheduling alone or with a referral. */
export async function checkNewMeeting(
  db: Database,
  principal: Principal,
  body: unknown,
  today: IsoDate,
): Promise<CheckedMeeting | { kind: 'invalid'; problems: Problem[] }> {
  const parsed = meetingBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { areaCode, ...details } = parsed.data
  const area = areaFor(principal, areaCode)
  if (typeof area !== 'string') return { kind: 'invalid', problems: [area] }
  // A new meeting may be dated in the past: one already held (an urgent meeting convened before
  // the referral was written up, say) is recorded after the event, and its minutes with it.
  const { problems, chair } = await checkDetails(db, area, details, today, false)
  if (problems.length || !chair) return { kind: 'invalid', problems }
  return {
    kind: 'ok',
    values: {
      ...details,
      areaCode: area,
      chairName: chair.name,
      chairAgencyId: chair.agencyId,
      createdBy: userOf(principal),
    },
  }
}

export const insertMeeting = queries.insertMeeting

export async function scheduleMeeting(
  db: Database,
  principal: Principal,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const checked = await checkNewMeeting(db, principal, body, today)
  if (checked.kind !== 'ok') return checked
  return { kind: 'written', id: await queries.insertMeeting(db, checked.values) }
}

async function openMeeting(db: Database, meetingId: string) {
  const current = await queries.findMeeting(db, meetingId)
  if (!current) return { kind: 'not_found' } as const
  if (CLOSED[current.status]) return { kind: 'conflict', message: CLOSED[current.status]! } as const
  return { kind: 'ok', current } as const
}

/** Changes a scheduled meeting's details if nobody has since `version`. */
export async function changeMeeting(
  db: Database,
  meetingId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const open = await openMeeting(db, meetingId)
  if (open.kind !== 'ok') return open
  const { current } = open
  const parsed = meetingChange.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { version, ...change } = parsed.data
  if (version !== current.version) return { kind: 'stale', current }
  const merged: MeetingDetails = {
    heldOn: change.heldOn ?? current.heldOn,
    startsAt: change.startsAt ?? current.startsAt,
    level: change.level ?? (current.level as 2 | 3),
    chairUserId: change.chairUserId ?? current.chairUserId ?? '',
    chairRank: change.chairRank ?? current.chairRank,
    format: change.format ?? (current.format as MeetingDetails['format']),
    venue: change.venue === undefined ? current.venue : change.venue,
  }
  const { problems, chair } = await checkDetails(
    db,
    current.areaCode,
    merged,
    today,
    merged.heldOn !== current.heldOn,
  )
  if (problems.length || !chair) return { kind: 'invalid', problems }
  const written = await queries.updateMeeting(db, meetingId, version, {
    ...merged,
    chairName: chair.name,
    chairAgencyId: chair.agencyId,
  })
  if (!written) return { kind: 'stale', current: (await queries.findMeeting(db, meetingId))! }
  return { kind: 'written', id: meetingId }
}

/** Cancels a scheduled meeting, with the reason; its record stays. */
export async function cancelMeeting(db: Database, meetingId: string, body: unknown): Promise<WriteResult> {
  const open = await openMeeting(db, meetingId)
  if (open.kind !== 'ok') return open
  const parsed = meetingCancel.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  if (parsed.data.version !== open.current.version) return { kind: 'stale', current: open.current }
  const written = await queries.updateMeeting(db, meetingId, parsed.data.version, {
    status: 'cancelled',
    cancelledReason: parsed.data.reason,
  })
  if (!written) return { kind: 'stale', current: (await queries.findMeeting(db, meetingId))! }
  return { kind: 'written', id: meetingId }
}

/** The cases that can be added to a meeting's agenda: nobody is added by a typed id. */
export async function caseCandidates(db: Database, meeting: MeetingRecord) {
  const [referred, review] = await Promise.all([
    queries.referralCandidates(db, meeting.id, meeting.areaCode),
    queries.reviewCandidates(db, meeting.id, meeting.areaCode),
  ])
  return { referred, review: review.filter((r) => !referred.some((x) => x.personId === r.personId)) }
}

/** Adds an accepted referral's case (initial) or a registered Level 2/3 case (review) to the agenda. */
export async function addCase(db: Database, meetingId: string, body: unknown): Promise<WriteResult> {
  const open = await openMeeting(db, meetingId)
  if (open.kind !== 'ok') return open
  const parsed = caseBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const { referred, review } = await caseCandidates(db, open.current)
  const input = parsed.data
  const referral = input.referralId ? referred.find((r) => r.referralId === input.referralId) : undefined
  const reviewed = input.personId ? review.find((r) => r.personId === input.personId) : undefined
  if (!referral && !reviewed)
    return {
      kind: 'invalid',
      problems: [
        {
          path: 'case',
          message:
            'Select an accepted referral of the area, or a case of the area registered at Level 2 or 3, that is not already on the agenda',
        },
      ],
    }
  const id = await queries.insertCase(db, {
    meetingId,
    personId: referral?.personId ?? reviewed!.personId,
    referralId: referral?.referralId ?? null,
    kind: input.kind ?? (referral ? 'initial' : 'review'),
  })
  if (!id) return { kind: 'conflict', message: 'This case is already on the agenda.' }
  return { kind: 'written', id }
}

/** For accepting a referral: its case joins the agenda as an initial case (false if already on it). */
export async function addReferredCase(
  db: Database,
  meetingId: string,
  referral: { id: string; personId: string },
): Promise<boolean> {
  const id = await queries.insertCase(db, {
    meetingId,
    personId: referral.personId,
    referralId: referral.id,
    kind: 'initial',
  })
  return id !== undefined
}

/** Invites an agency to read the packs of the meeting's cases until the end of `accessUntil`. */
export async function invite(
  db: Database,
  principal: Principal,
  meetingId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const meeting = await queries.findMeeting(db, meetingId)
  if (!meeting) return { kind: 'not_found' }
  // A finalised meeting's packs may still be shared (to follow up actions); a cancelled one's not.
  if (meeting.status === 'cancelled') return { kind: 'conflict', message: CLOSED.cancelled! }
  const parsed = invitationBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const accessUntil = parsed.data.accessUntil ?? defaultAccessUntil(meeting.heldOn)
  const problems: Problem[] = []
  if (!(await queries.invitableAgencies(db)).some((a) => a.id === parsed.data.agencyId))
    problems.push({
      path: 'agencyId',
      message:
        'Select an agency with a duty to co-operate (police, probation and prisons see meetings by area)',
    })
  if (accessUntil < meeting.heldOn || accessUntil < today)
    problems.push({
      path: 'accessUntil',
      message: 'The last day of access must be on or after the meeting date, and not in the past',
    })
  if (problems.length) return { kind: 'invalid', problems }
  const id = await queries.upsertInvitation(db, {
    meetingId,
    agencyId: parsed.data.agencyId,
    lawfulBasis: parsed.data.lawfulBasis,
    // An invitation lasts to the end of its last day in London.
    accessUntil: endOfLondonDay(accessUntil),
    invitedBy: userOf(principal),
  })
  return { kind: 'written', id }
}

export async function revokeInvitation(
  db: Database,
  meetingId: string,
  invitationId: string,
  now = new Date(),
): Promise<WriteResult> {
  const revoked = await queries.revokeInvitation(db, meetingId, invitationId, now)
  return revoked ? { kind: 'written', id: invitationId } : { kind: 'not_found' }
}

export async function invitationsOf(db: Database, meetingId: string, now = new Date()) {
  return (await queries.invitationsOf(db, meetingId)).map((i) => ({
    ...i,
    lastDay: lastLondonDayBefore(i.accessUntil),
    status: i.revokedAt
      ? ('revoked' as const)
      : i.accessUntil <= now
        ? ('ended' as const)
        : ('current' as const),
  }))
}

/** Meetings a principal may see: their areas' (responsible authority) or those their agency is invited to. */
export async function meetingsFor(
  db: Database,
  principal: Principal,
  filters: Omit<queries.MeetingFilters, 'today'>,
  today: IsoDate,
  now = new Date(),
) {
  const scope: queries.MeetingScope = isResponsibleAuthority(principal)
    ? { areaCodes: principal.membership.areaCodes }
    : { invitedAgencyId: principal.membership.agencyId, now }
  return queries.listMeetings(db, scope, { ...filters, today })
}

/**
 * The agenda as this principal may see it. Responsible-authority staff see each name unless the
 * record is restricted from them; an invited agency sees the cases it may read the packs of.
 */
export async function agendaFor(
  db: Database,
  principal: Principal,
  meetingId: string,
  basis: 'area' | 'invitation',
) {
  const cases = await queries.casesOf(db, meetingId)
  return Promise.all(
    cases.map(async (c) => {
      const visible =
        basis === 'invitation' ||
        (await personFor(db, principal, c.personId, 'person:view', { followMerge: false })).kind === 'ok'
      return { ...c, visible, name: visible ? `${c.givenName} ${c.familyName}` : null }
    }),
  )
}

/** A person's meetings and actions, for the Meetings section of their record. */
export async function meetingsOfPerson(db: Database, personId: string) {
  const [meetingRows, actions] = await Promise.all([
    queries.meetingsOfPerson(db, personId),
    queries.actionsOfPerson(db, personId),
  ])
  return { meetings: meetingRows, actions }
}

export type CarriedAction = Awaited<ReturnType<typeof carriedForwardActions>>[number]

export function actionJson(a: CarriedAction) {
  return {
    id: a.id,
    personId: a.personId,
    meetingId: a.meetingId,
    meetingHeldOn: a.meetingHeldOn,
    text: a.text,
    ownerName: a.ownerName,
    ownerAgencyName: a.ownerAgencyName,
    dueOn: a.dueOn,
    status: a.status,
  }
}

/** A meeting as the API returns it. */
export function meetingJson(m: MeetingRecord) {
  return {
    id: m.id,
    areaCode: m.areaCode,
    level: m.level,
    heldOn: m.heldOn,
    startsAt: m.startsAt,
    chair: { userId: m.chairUserId, name: m.chairName, agencyName: m.chairAgencyName, rank: m.chairRank },
    format: m.format,
    venue: m.venue,
    status: m.status,
    cancelledReason: m.cancelledReason,
    caseCount: m.caseCount,
    version: m.version,
  }
}
