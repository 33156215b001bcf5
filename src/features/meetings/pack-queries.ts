import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  notInArray,
  or,
  sql,
} from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { RESPONSIBLE_AUTHORITY_TYPES } from '../../domain/agency-types.js'
import {
  agencies,
  meetingCases,
  meetingInvitations,
  meetings,
  personTimeline,
  referrals,
  victimRequests,
  victims,
} from '../../db/schema.js'

type Reader = Pick<Database, 'select'>

/** The chair's agency's name. */
export async function agencyName(db: Reader, agencyId: string | null): Promise<string | null> {
  if (!agencyId) return null
  const [row] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId))
  return row?.name ?? null
}

/** The date of the last meeting before `heldOn` that had the person on its agenda. */
export async function previousMeetingOn(db: Reader, personId: string, heldOn: string) {
  const [row] = await db
    .select({ heldOn: meetings.heldOn })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(
      and(eq(meetingCases.personId, personId), lt(meetings.heldOn, heldOn), ne(meetings.status, 'cancelled')),
    )
    .orderBy(desc(meetings.heldOn))
    .limit(1)
  return row?.heldOn ?? null
}

/** When the referral that put the case on the agenda was made. */
export async function referredAt(db: Reader, referralId: string | null): Promise<Date | null> {
  if (!referralId) return null
  const [row] = await db
    .select({ at: referrals.submittedAt })
    .from(referrals)
    .where(eq(referrals.id, referralId))
  return row?.at ?? null
}

/**
 * What the pack may say about victims without opening their compartment: how many are recorded,
 * and which conditions were made at their request. Sealed columns are never selected.
 */
export async function victimFacts(db: Reader, personIds: string[]) {
  const [[recorded], requested] = await Promise.all([
    db.select({ n: count() }).from(victims).where(inArray(victims.personId, personIds)),
    db
      .select({ conditionId: victimRequests.conditionId })
      .from(victimRequests)
      .where(and(inArray(victimRequests.personId, personIds), isNotNull(victimRequests.conditionId))),
  ])
  return {
    recorded: recorded?.n ?? 0,
    conditionIds: new Set(requested.map((r) => r.conditionId!)),
  }
}

/**
 * Who holds the pack: the area's responsible authority (CJA 2003 s.325(1)) and every agency
 * invited to the meeting (revoked invitations excepted), the responsible authority first.
 */
export async function distributionOf(db: Reader, meeting: { id: string; areaCode: string }) {
  const invited = db
    .select({ agencyId: meetingInvitations.agencyId })
    .from(meetingInvitations)
    .where(and(eq(meetingInvitations.meetingId, meeting.id), isNull(meetingInvitations.revokedAt)))
  const responsible = and(
    eq(agencies.areaCode, meeting.areaCode),
    inArray(agencies.type, [...RESPONSIBLE_AUTHORITY_TYPES]),
  )
  const rows = await db
    .select({ name: agencies.name, responsible: sql<boolean>`coalesce(${responsible}, false)` })
    .from(agencies)
    .where(or(responsible, inArray(agencies.id, invited)))
    .orderBy(asc(agencies.name))
  return [...rows.filter((r) => r.responsible), ...rows.filter((r) => !r.responsible)].map((r) => r.name)
}

/** History entries of the given kinds (`address`, `risk` …) recorded from `since` on, newest first. */
export async function changesSince(
  db: Reader,
  personIds: string[],
  since: Date | null,
  prefixes: string[],
  excludedKinds: string[],
) {
  return db
    .select({
      kind: personTimeline.kind,
      at: personTimeline.at,
      title: personTimeline.title,
      detail: personTimeline.detail,
    })
    .from(personTimeline)
    .where(
      and(
        inArray(personTimeline.personId, personIds),
        inArray(sql`split_part(${personTimeline.kind}, '.', 1)`, prefixes),
        notInArray(personTimeline.kind, excludedKinds),
        since ? gte(personTimeline.at, since) : undefined,
      ),
    )
    .orderBy(desc(personTimeline.at))
}

/** The agency's live invitation to the meeting: until when, and on what lawful basis. */
export async function invitationOf(db: Reader, meetingId: string, agencyId: string) {
  const [row] = await db
    .select({ accessUntil: meetingInvitations.accessUntil, lawfulBasis: meetingInvitations.lawfulBasis })
    .from(meetingInvitations)
    .where(
      and(
        eq(meetingInvitations.meetingId, meetingId),
        eq(meetingInvitations.agencyId, agencyId),
        isNull(meetingInvitations.revokedAt),
      ),
    )
  return row
}
