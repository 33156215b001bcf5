import type { Database } from '../../db/connection.js'
import type { IsoDate } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import * as meetings from '../meetings/service.js'
import type { PersonRecord } from '../people/queries.js'
import { currentRegistration } from '../registrations/service.js'
import * as queries from './queries.js'
import type { ReferralRecord } from './queries.js'
import {
  type ReferralBody,
  type ReferralResubmission,
  referralBody,
  referralResubmission,
  requestText,
  screeningBody,
} from './schema.js'
import { referralTimeliness } from './timeliness.js'
import { issueProblems } from '../../web/forms.js'

export { referralPrefill } from './prefill.js'
export type { ReferralRecord } from './queries.js'
export type Problem = { path: string; message: string }

export type WriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'stale'; current: ReferralRecord }
  /** The referral (or meeting) is not in a state that allows this. */
  | { kind: 'conflict'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not_found' }

const userOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

/** The referrer: the user who sent it, or (for a partner system) the agency whose key sent it. */
export function isReferrer(principal: Principal, r: Pick<ReferralRecord, 'referredBy' | 'referrerAgencyId'>) {
  return principal.kind === 'user'
    ? r.referredBy === principal.userId
    : r.referredBy === null && r.referrerAgencyId === principal.membership.agencyId
}

/** Screening is for the MAPPA co-ordinators of the referral's area (MAPPA Guidance ch.7). */
export const mayScreen = (principal: Principal, r: Pick<ReferralRecord, 'areaCode'>) =>
  mayDo(principal, 'referral:screen') && principal.membership.areaCodes.includes(r.areaCode)

export const mayView = (principal: Principal, r: ReferralRecord) =>
  mayScreen(principal, r) || isReferrer(principal, r)

/** `west-yorkshire` → `WY`, `london` → `LON`: the start of a reference people can read out. */
export function areaPrefix(areaCode: string): string {
  const words = areaCode.split('-').filter(Boolean)
  return (words.length > 1 ? words.map((w) => w[0]).join('') : areaCode.slice(0, 3)).toUpperCase()
}

const yearOf = (today: IsoDate) => today.slice(0, 4)

/** Checks beyond the shape: what is asked for, an address or no fixed abode, dates not ahead. */
function formProblems(
  body: Pick<ReferralBody, 'levelRequested' | 'categoryThreeRequested' | 'form'>,
  today: IsoDate,
) {
  const problems: Problem[] = []
  if (!body.levelRequested && !body.categoryThreeRequested)
    problems.push({ path: 'levelRequested', message: 'Select what you are asking for' })
  if (!body.form.noFixedAbode && !body.form.address)
    problems.push({ path: 'form.address', message: 'Enter the current address, or select no fixed abode' })
  if (body.form.dateOfBirth > today)
    problems.push({ path: 'form.dateOfBirth', message: 'Date of birth must be in the past' })
  for (const key of ['sentenceDate', 'registeredOn'] as const) {
    const value = body.form[key]
    if (value && value > today)
      problems.push({ path: `form.${key}`, message: 'This date must be today or in the past' })
  }
  return problems
}

export async function createReferral(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const parsed = referralBody.safeParse({ ...(body as object), personId: person.id })
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const input = parsed.data
  const problems = formProblems(input, today)
  if (problems.length) return { kind: 'invalid', problems }
  const open = await queries.openReferralOf(db, person.id)
  if (open)
    return {
      kind: 'conflict',
      message: `This case has already been referred (${open.reference}) and the referral is still being screened.`,
    }
  const registration = await currentRegistration(db, person.id)
  const { id } = await queries.insertReferral(
    db,
    principal,
    areaPrefix(person.areaCode) + '-' + yearOf(today),
    {
      personId: person.id,
      areaCode: person.areaCode,
      levelRequested: input.levelRequested,
      categoryThreeRequested: input.categoryThreeRequested,
      category: input.categoryThreeRequested ? 3 : (registration?.category ?? null),
      form: input.form,
      reason: input.reason,
      currentRisk: input.currentRisk,
      currentPlan: input.currentPlan,
      addedValue: input.addedValue,
      status: 'submitted',
      referredBy: userOf(principal),
      referrerAgencyId: principal.membership.agencyId,
    },
    { kind: 'submitted', title: `Referred for ${requestText(input)}`, note: null, by: userOf(principal) },
  )
  return { kind: 'written', id }
}

export const findReferral = queries.findReferral
export const openReferralOf = queries.openReferralOf

/** The referrer answers a request for information: edits the referral and sends it again. */
export async function resubmitReferral(
  db: Database,
  principal: Principal,
  referralId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const current = await queries.findReferral(db, referralId)
  if (!current) return { kind: 'not_found' }
  if (!isReferrer(principal, current))
    return { kind: 'forbidden', message: 'Only the referrer can change a referral.' }
  if (current.status !== 'information_requested')
    return { kind: 'conflict', message: 'This referral can be changed only while information is asked for.' }
  const parsed = referralResubmission.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const input: ReferralResubmission = parsed.data
  const problems = formProblems(input, today)
  if (problems.length) return { kind: 'invalid', problems }
  if (input.version !== current.version) return { kind: 'stale', current }
  const written = await db.transaction((tx) =>
    queries.updateReferral(
      tx,
      principal,
      current,
      {
        levelRequested: input.levelRequested,
        categoryThreeRequested: input.categoryThreeRequested,
        category: input.categoryThreeRequested ? 3 : current.category === 3 ? null : current.category,
        form: input.form,
        reason: input.reason,
        currentRisk: input.currentRisk,
        currentPlan: input.currentPlan,
        addedValue: input.addedValue,
        status: 'submitted',
      },
      {
        kind: 'resubmitted',
        title: 'Referral sent again with more information',
        note: input.response,
        by: userOf(principal),
      },
    ),
  )
  if (!written) return { kind: 'stale', current: (await queries.findReferral(db, referralId))! }
  return { kind: 'written', id: referralId }
}

/** Why a meeting cannot take this referral's case, if it cannot. */
function meetingProblem(
  referral: ReferralRecord,
  meeting: { areaCode: string; status: string; heldOn: string; level: number } | undefined,
  today: IsoDate,
): string | undefined {
  if (!meeting || meeting.areaCode !== referral.areaCode)
    return 'Select a scheduled meeting of the referral’s area'
  if (meeting.status !== 'scheduled' || meeting.heldOn < today)
    return 'Select a meeting that is still to be held'
  if (referral.levelRequested && meeting.level !== referral.levelRequested)
    return `Select a Level ${referral.levelRequested} meeting: the referral asks for Level ${referral.levelRequested} management`
  return undefined
}

/** Meetings an accepted referral's case can go to: the area's, still to be held, at the level asked. */
export const meetingsForReferral = (db: Database, referral: ReferralRecord, today: IsoDate) =>
  meetings.scheduledMeetings(db, referral.areaCode, today, referral.levelRequested ?? undefined)

class AlreadyOnAgenda extends Error {}
class Stale extends Error {}

async function screenable(db: Database, principal: Principal, referralId: string) {
  const current = await queries.findReferral(db, referralId)
  if (!current) return { kind: 'not_found' } as const
  if (!mayScreen(principal, current))
    return {
      kind: 'forbidden',
      message: 'Only the MAPPA co-ordinators of the referral’s area can screen it.',
    } as const
  if (current.status !== 'submitted')
    return {
      kind: 'conflict',
      message:
        current.status === 'information_requested'
          ? 'This referral is waiting for the information asked for.'
          : 'This referral has already been screened.',
    } as const
  return { kind: 'ok', current } as const
}

/**
 * Accepts the referral onto a meeting (the case joins its agenda as an initial case) in one
 * transaction: either both happen or neither.
 */
async function acceptOnto(
  db: Database,
  principal: Principal,
  current: ReferralRecord,
  meetingIdOf: (tx: Database) => Promise<string>,
): Promise<WriteResult> {
  try {
    await db.transaction(async (tx) => {
      const meetingId = await meetingIdOf(tx)
      const written = await queries.updateReferral(
        tx,
        principal,
        current,
        { status: 'accepted', screenedAt: new Date(), screenedBy: userOf(principal), meetingId },
        {
          kind: 'accepted',
          title: 'Referral accepted and the case put on a meeting’s agenda',
          note: null,
          by: userOf(principal),
        },
      )
      if (!written) throw new Stale()
      if (!(await meetings.addReferredCase(tx, meetingId, current))) throw new AlreadyOnAgenda()
    })
  } catch (error) {
    if (error instanceof Stale)
      return { kind: 'stale', current: (await queries.findReferral(db, current.id))! }
    if (error instanceof AlreadyOnAgenda)
      return {
        kind: 'invalid',
        problems: [{ path: 'meetingId', message: 'This case is already on that meeting’s agenda' }],
      }
    throw error
  }
  return { kind: 'written', id: current.id }
}

/** The co-ordinator's decision: accept onto a meeting, decline with a reason, or ask for more. */
export async function screenReferral(
  db: Database,
  principal: Principal,
  referralId: string,
  body: unknown,
  today: IsoDate,
): Promise<WriteResult> {
  const state = await screenable(db, principal, referralId)
  if (state.kind !== 'ok') return state
  const { current } = state
  const parsed = screeningBody.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  const input = parsed.data
  if (input.version !== current.version) return { kind: 'stale', current }
  const by = userOf(principal)
  if (input.decision === 'accept') {
    const problem = meetingProblem(current, await meetings.findMeeting(db, input.meetingId), today)
    if (problem) return { kind: 'invalid', problems: [{ path: 'meetingId', message: problem }] }
    return acceptOnto(db, principal, current, async () => input.meetingId)
  }
  const written = await db.transaction((tx) =>
    input.decision === 'decline'
      ? queries.updateReferral(
          tx,
          principal,
          current,
          { status: 'declined', screenedAt: new Date(), screenedBy: by },
          { kind: 'declined', title: 'Referral declined', note: input.reason, by },
        )
      : queries.updateReferral(
          tx,
          principal,
          current,
          { status: 'information_requested' },
          {
            kind: 'information_requested',
            title: 'More information asked for on a referral',
            note: input.information,
            by,
          },
        ),
  )
  if (!written) return { kind: 'stale', current: (await queries.findReferral(db, referralId))! }
  return { kind: 'written', id: referralId }
}

/** Accepts the referral onto a meeting scheduled for it now (the new-meeting form, from screening). */
export async function acceptIntoNewMeeting(
  db: Database,
  principal: Principal,
  referralId: string,
  version: number,
  meetingBody: unknown,
  today: IsoDate,
): Promise<Exclude<WriteResult, { kind: 'written' }> | { kind: 'written'; id: string; meetingId: string }> {
  const state = await screenable(db, principal, referralId)
  if (state.kind !== 'ok') return state
  const { current } = state
  const checked = await meetings.checkNewMeeting(db, principal, meetingBody, today)
  if (checked.kind !== 'ok') return checked
  const problems: Problem[] = []
  if (checked.values.areaCode !== current.areaCode)
    problems.push({ path: 'areaCode', message: 'The meeting must be in the referral’s area' })
  if (current.levelRequested && checked.values.level !== current.levelRequested)
    problems.push({
      path: 'level',
      message: `Select Level ${current.levelRequested}: the referral asks for Level ${current.levelRequested} management`,
    })
  if (problems.length) return { kind: 'invalid', problems }
  if (version !== current.version) return { kind: 'stale', current }
  let meetingId: string | undefined
  const result = await acceptOnto(db, principal, current, async (tx) => {
    meetingId = await meetings.insertMeeting(tx, checked.values)
    return meetingId
  })
  return result.kind === 'written' ? { ...result, meetingId: meetingId! } : result
}

export async function referralsFor(
  db: Database,
  principal: Principal,
  filters: { status?: string | undefined; personId?: string | undefined },
) {
  return queries.listReferrals(
    db,
    {
      areaCodes: mayDo(principal, 'referral:screen') ? principal.membership.areaCodes : [],
      userId: userOf(principal),
      agencyId: principal.membership.agencyId,
    },
    filters,
  )
}

export const referralsOfPerson = queries.referralsOfPerson
export const eventsOf = queries.eventsOf

export const timelinessOf = (r: ReferralRecord, today: IsoDate) =>
  referralTimeliness(
    { submittedAt: r.submittedAt, screenedAt: r.screenedAt, firstMeetingOn: r.firstMeetingOn },
    today,
  )

export const EVENT_TITLES: Record<string, string> = {
  submitted: 'Referred',
  information_requested: 'More information asked for',
  resubmitted: 'Sent again with more information',
  accepted: 'Accepted',
  declined: 'Declined',
}

/** A referral as the API returns it. */
export function referralJson(
  r: ReferralRecord,
  today: IsoDate,
  events?: Awaited<ReturnType<typeof queries.eventsOf>>,
) {
  return {
    id: r.id,
    reference: r.reference,
    personId: r.personId,
    areaCode: r.areaCode,
    levelRequested: r.levelRequested,
    categoryThreeRequested: r.categoryThreeRequested,
    category: r.category,
    form: r.form as Record<string, unknown>,
    reason: r.reason,
    currentRisk: r.currentRisk,
    currentPlan: r.currentPlan,
    addedValue: r.addedValue,
    status: r.status,
    referredBy: r.referredByName,
    referrerAgency: r.referrerAgencyName,
    submittedAt: r.submittedAt.toISOString(),
    screenedAt: r.screenedAt?.toISOString() ?? null,
    meetingId: r.meetingId,
    timeliness: timelinessOf(r, today),
    ...(events
      ? { events: events.map((e) => ({ kind: e.kind, note: e.note, at: e.at.toISOString(), by: e.byName })) }
      : {}),
    version: r.version,
  }
}
