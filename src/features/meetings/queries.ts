import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  meetingActions,
  meetingCases,
  meetingInvitations,
  meetings,
  memberships,
  people,
  referrals,
  registrations,
  users,
} from '../../db/schema.js'
import { RESPONSIBLE_AUTHORITY_TYPES } from '../../domain/agency-types.js'
import { openActionsForPeople } from '../actions/queries.js'

const chairAgency = alias(agencies, 'chair_agency')
const caseCount = sql<number>`(select count(*)::int from ${meetingCases} mc where mc.meeting_id = ${meetings.id})`

const meetingColumns = {
  meeting: meetings,
  chairAgencyName: chairAgency.name,
  caseCount,
}

export type MeetingRecord = Awaited<ReturnType<typeof findMeeting>> & {}

export async function findMeeting(db: Database, id: string) {
  const [row] = await db
    .select(meetingColumns)
    .from(meetings)
    .leftJoin(chairAgency, eq(chairAgency.id, meetings.chairAgencyId))
    .where(eq(meetings.id, id))
  return row && { ...row.meeting, chairAgencyName: row.chairAgencyName, caseCount: row.caseCount }
}

/** Whose meetings a list shows: the areas' (responsible authority) or the agency's invitations. */
export type MeetingScope = { areaCodes: string[] } | { invitedAgencyId: string; now: Date }

export interface MeetingFilters {
  when?: 'upcoming' | 'past' | undefined
  level?: number | undefined
  status?: string | undefined
  areaCode?: string | undefined
  today: string
}

export async function listMeetings(db: Database, scope: MeetingScope, filters: MeetingFilters) {
  const where: (SQL | undefined)[] = [
    'areaCodes' in scope
      ? inArray(meetings.areaCode, scope.areaCodes.length ? scope.areaCodes : [''])
      : sql`exists (select 1 from ${meetingInvitations} i where i.meeting_id = ${meetings.id}
          and i.agency_id = ${scope.invitedAgencyId} and i.revoked_at is null
          and i.access_until > ${scope.now.toISOString()})`,
    filters.when === 'upcoming' ? gte(meetings.heldOn, filters.today) : undefined,
    filters.when === 'past' ? lt(meetings.heldOn, filters.today) : undefined,
    filters.level ? eq(meetings.level, filters.level) : undefined,
    filters.status ? eq(meetings.status, filters.status) : undefined,
    filters.areaCode ? eq(meetings.areaCode, filters.areaCode) : undefined,
  ]
  const rows = await db
    .select(meetingColumns)
    .from(meetings)
    .leftJoin(chairAgency, eq(chairAgency.id, meetings.chairAgencyId))
    .where(and(...where))
    .orderBy(
      filters.when === 'past' ? desc(meetings.heldOn) : asc(meetings.heldOn),
      asc(meetings.startsAt),
      asc(meetings.id),
    )
    .limit(200)
  return rows.map((r) => ({ ...r.meeting, chairAgencyName: r.chairAgencyName, caseCount: r.caseCount }))
}

export async function insertMeeting(db: Database, values: typeof meetings.$inferInsert): Promise<string> {
  const [row] = await db.insert(meetings).values(values).returning({ id: meetings.id })
  return row!.id
}

/** Writes the change only if nobody has changed the meeting since `version` was read. */
export async function updateMeeting(
  db: Database,
  id: string,
  version: number,
  set: Partial<typeof meetings.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(meetings)
    .set({ ...set, version: sql`${meetings.version} + 1` })
    .where(and(eq(meetings.id, id), eq(meetings.version, version)))
    .returning({ id: meetings.id })
  return rows.length > 0
}

/** Users who may chair a meeting of the area: a membership with the chair role working there. */
export async function chairOptions(db: Database, areaCode: string) {
  return db
    .select({
      userId: users.id,
      displayName: users.displayName,
      agencyId: agencies.id,
      agencyName: agencies.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(
      and(
        sql`'meeting_chair' = any(${memberships.roles})`,
        sql`${areaCode} = any(${memberships.areaCodes})`,
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(users.displayName), asc(agencies.name))
}

/** Agencies that can be invited: every agency outside the responsible authority (it sees by area). */
export async function invitableAgencies(db: Database) {
  return db
    .select({ id: agencies.id, name: agencies.name, areaCode: agencies.areaCode })
    .from(agencies)
    .where(notInArray(agencies.type, [...RESPONSIBLE_AUTHORITY_TYPES]))
    .orderBy(asc(agencies.name))
}

export async function casesOf(db: Database, meetingId: string) {
  return db
    .select({
      id: meetingCases.id,
      meetingId: meetingCases.meetingId,
      personId: meetingCases.personId,
      referralId: meetingCases.referralId,
      referralReference: referrals.reference,
      position: meetingCases.position,
      kind: meetingCases.kind,
      givenName: people.givenName,
      familyName: people.familyName,
      dateOfBirth: people.dateOfBirth,
    })
    .from(meetingCases)
    .innerJoin(people, eq(people.id, meetingCases.personId))
    .leftJoin(referrals, eq(referrals.id, meetingCases.referralId))
    .where(eq(meetingCases.meetingId, meetingId))
    .orderBy(asc(meetingCases.position))
}

/** Adds a case at the end of the agenda; false when the person is already on it. */
export async function insertCase(
  db: Database,
  values: { meetingId: string; personId: string; referralId: string | null; kind: string },
): Promise<string | undefined> {
  const [row] = await db
    .insert(meetingCases)
    .values({
      ...values,
      position: sql`(select coalesce(max(position), 0) + 1 from ${meetingCases} where meeting_id = ${values.meetingId})`,
    })
    .onConflictDoNothing()
    .returning({ id: meetingCases.id })
  return row?.id
}

/**
 * Accepted referrals of the area waiting for their first meeting: not on any agenda but that of
 * a cancelled meeting, and whose person is not yet on this one. Later meetings are reviews.
 */
export async function referralCandidates(db: Database, meetingId: string, areaCode: string) {
  return db
    .select({
      referralId: referrals.id,
      reference: referrals.reference,
      personId: referrals.personId,
      givenName: people.givenName,
      familyName: people.familyName,
      levelRequested: referrals.levelRequested,
    })
    .from(referrals)
    .innerJoin(people, eq(people.id, referrals.personId))
    .where(
      and(
        eq(referrals.areaCode, areaCode),
        eq(referrals.status, 'accepted'),
        sql`not exists (select 1 from ${meetingCases} mc where mc.meeting_id = ${meetingId} and mc.person_id = ${referrals.personId})`,
        sql`not exists (select 1 from ${meetingCases} mc join ${meetings} m on m.id = mc.meeting_id
          where mc.referral_id = ${referrals.id} and m.status <> 'cancelled')`,
      ),
    )
    .orderBy(asc(referrals.submittedAt))
}

/**
 * Cases of the area registered at Level 2 or 3 and not on this agenda, the longest since their
 * last meeting first (never reviewed at a meeting first of all).
 */
export async function reviewCandidates(db: Database, meetingId: string, areaCode: string) {
  const lastMeeting = sql<string | null>`(select max(m.held_on)::text from ${meetingCases} mc
    join ${meetings} m on m.id = mc.meeting_id
    where mc.person_id = ${people.id} and m.status <> 'cancelled' and m.id <> ${meetingId})`
  return db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      level: registrations.level,
      category: registrations.category,
      lastMeetingOn: lastMeeting,
    })
    .from(registrations)
    .innerJoin(people, eq(people.id, registrations.personId))
    .where(
      and(
        eq(people.areaCode, areaCode),
        isNull(people.mergedIntoId),
        ne(registrations.status, 'deregistered'),
        inArray(registrations.level, [2, 3]),
        sql`not exists (select 1 from ${meetingCases} mc where mc.meeting_id = ${meetingId} and mc.person_id = ${people.id})`,
      ),
    )
    .orderBy(sql`${lastMeeting} asc nulls first`, asc(people.familyName), asc(people.givenName))
}

export async function invitationsOf(db: Database, meetingId: string) {
  return db
    .select({
      id: meetingInvitations.id,
      agencyId: meetingInvitations.agencyId,
      agencyName: agencies.name,
      lawfulBasis: meetingInvitations.lawfulBasis,
      accessUntil: meetingInvitations.accessUntil,
      createdAt: meetingInvitations.createdAt,
      invitedByName: users.displayName,
      revokedAt: meetingInvitations.revokedAt,
    })
    .from(meetingInvitations)
    .innerJoin(agencies, eq(agencies.id, meetingInvitations.agencyId))
    .leftJoin(users, eq(users.id, meetingInvitations.invitedBy))
    .where(eq(meetingInvitations.meetingId, meetingId))
    .orderBy(asc(agencies.name))
}

/** Invites an agency; an agency invited before (and revoked) is invited again on the new terms. */
export async function upsertInvitation(
  db: Database,
  values: {
    meetingId: string
    agencyId: string
    lawfulBasis: string
    accessUntil: Date
    invitedBy: string | null
  },
): Promise<string> {
  const [row] = await db
    .insert(meetingInvitations)
    .values(values)
    .onConflictDoUpdate({
      target: [meetingInvitations.meetingId, meetingInvitations.agencyId],
      set: {
        lawfulBasis: values.lawfulBasis,
        accessUntil: values.accessUntil,
        invitedBy: values.invitedBy,
        revokedAt: null,
      },
    })
    .returning({ id: meetingInvitations.id })
  return row!.id
}

export async function revokeInvitation(db: Database, meetingId: string, invitationId: string, at: Date) {
  const rows = await db
    .update(meetingInvitations)
    .set({ revokedAt: at })
    .where(
      and(
        eq(meetingInvitations.id, invitationId),
        eq(meetingInvitations.meetingId, meetingId),
        isNull(meetingInvitations.revokedAt),
      ),
    )
    .returning({ id: meetingInvitations.id })
  return rows.length > 0
}

const ownerAgency = alias(agencies, 'owner_agency')
const fromMeeting = alias(meetings, 'from_meeting')
const actionColumns = {
  id: meetingActions.id,
  personId: meetingActions.personId,
  meetingId: meetingActions.meetingId,
  meetingHeldOn: fromMeeting.heldOn,
  text: meetingActions.text,
  ownerName: meetingActions.ownerName,
  ownerAgencyName: ownerAgency.name,
  dueOn: meetingActions.dueOn,
  status: meetingActions.status,
  evidence: meetingActions.evidence,
  completedOn: meetingActions.completedOn,
}

/**
 * Open actions set at earlier meetings for the people on this meeting's agenda: they carry
 * forward until done, so nothing decided is lost between meetings (MAPPA Guidance ch.13).
 */
export async function carriedForwardActions(db: Database, meetingId: string) {
  const cases = await db
    .select({ personId: meetingCases.personId, position: meetingCases.position })
    .from(meetingCases)
    .where(eq(meetingCases.meetingId, meetingId))
  const positionOf = new Map(cases.map((c) => [c.personId, c.position]))
  const open = await openActionsForPeople(db, [...positionOf.keys()], meetingId)
  // In agenda order; the sort is stable, so each case's actions stay oldest due first.
  return open.sort((a, b) => positionOf.get(a.personId)! - positionOf.get(b.personId)!)
}

/** Every action set for a person at any meeting, open first. */
export async function actionsOfPerson(db: Database, personId: string) {
  return db
    .select(actionColumns)
    .from(meetingActions)
    .innerJoin(ownerAgency, eq(ownerAgency.id, meetingActions.ownerAgencyId))
    .innerJoin(fromMeeting, eq(fromMeeting.id, meetingActions.meetingId))
    .where(eq(meetingActions.personId, personId))
    .orderBy(sql`${meetingActions.status} = 'open' desc`, asc(meetingActions.dueOn))
}

/** The meetings a person was (or is to be) discussed at, latest first. */
export async function meetingsOfPerson(db: Database, personId: string) {
  return db
    .select({
      meetingId: meetings.id,
      caseId: meetingCases.id,
      heldOn: meetings.heldOn,
      startsAt: meetings.startsAt,
      level: meetings.level,
      status: meetings.status,
      kind: meetingCases.kind,
    })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(eq(meetingCases.personId, personId))
    .orderBy(desc(meetings.heldOn), desc(meetings.startsAt))
}

/** Scheduled meetings of an area from a date on, for choosing where an accepted referral goes. */
export async function scheduledMeetings(db: Database, areaCode: string, fromDate: string, level?: number) {
  const rows = await db
    .select(meetingColumns)
    .from(meetings)
    .leftJoin(chairAgency, eq(chairAgency.id, meetings.chairAgencyId))
    .where(
      and(
        eq(meetings.areaCode, areaCode),
        eq(meetings.status, 'scheduled'),
        gte(meetings.heldOn, fromDate),
        level ? eq(meetings.level, level) : undefined,
      ),
    )
    .orderBy(asc(meetings.heldOn), asc(meetings.startsAt))
  return rows.map((r) => ({ ...r.meeting, chairAgencyName: r.chairAgencyName, caseCount: r.caseCount }))
}
