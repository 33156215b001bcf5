import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  meetingAttendance,
  meetingCases,
  meetingInvitations,
  meetings,
  people,
  referrals,
  registrationChanges,
  registrations,
  riskPlanEntries,
  riskPlans,
  victims,
} from '../../db/schema.js'
import { namedOnRecord } from '../caseload/service.js'

export type MeetingRow = typeof meetings.$inferSelect

export async function findMeeting(db: Database, id: string) {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id))
  return row
}

/** Meetings of an area held between two dates (inclusive), not cancelled, oldest first. */
export async function meetingsHeld(db: Database, areaCode: string, from: string, to: string) {
  return db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.areaCode, areaCode),
        ne(meetings.status, 'cancelled'),
        gte(meetings.heldOn, from),
        lte(meetings.heldOn, to),
      ),
    )
    .orderBy(asc(meetings.heldOn), asc(meetings.startsAt))
}

/** The cases on a meeting's agenda, with whether the reader is named on each record. */
export async function casesOf(db: Database, meetingId: string, userId: string | null) {
  return db
    .select({
      case: meetingCases,
      person: {
        givenName: people.givenName,
        familyName: people.familyName,
        restricted: people.restricted,
        named: namedOnRecord(userId),
      },
    })
    .from(meetingCases)
    .innerJoin(people, eq(people.id, meetingCases.personId))
    .where(eq(meetingCases.meetingId, meetingId))
    .orderBy(asc(meetingCases.position))
}

/** Every agency expected at a meeting: those invited (not revoked) and those whose attendance was recorded. */
export async function agenciesAt(db: Database, meetingId: string) {
  const [invited, attendance] = await Promise.all([
    db
      .select({ agencyId: meetingInvitations.agencyId })
      .from(meetingInvitations)
      .where(and(eq(meetingInvitations.meetingId, meetingId), isNull(meetingInvitations.revokedAt))),
    db
      .select({
        agencyId: meetingAttendance.agencyId,
        status: meetingAttendance.status,
        reportSubmitted: meetingAttendance.reportSubmitted,
      })
      .from(meetingAttendance)
      .where(eq(meetingAttendance.meetingId, meetingId)),
  ])
  const ids = [...new Set([...invited.map((i) => i.agencyId), ...attendance.map((a) => a.agencyId)])]
  const names = ids.length
    ? await db
        .select({ id: agencies.id, name: agencies.name })
        .from(agencies)
        .where(inArray(agencies.id, ids))
    : []
  return {
    invited: invited.map((i) => i.agencyId),
    attendance,
    names: new Map(names.map((n) => [n.id, n.name])),
  }
}

/** The referral a case came to a meeting on, and the first meeting about the person after it. */
export async function referralOf(db: Database, referralId: string, personId: string) {
  const [referral] = await db
    .select({ submittedAt: referrals.submittedAt, screenedAt: referrals.screenedAt })
    .from(referrals)
    .where(eq(referrals.id, referralId))
  if (!referral) return undefined
  const submittedOn = sql`(${referral.submittedAt.toISOString()}::timestamptz at time zone 'Europe/London')::date`
  const [first] = await db
    .select({ heldOn: meetings.heldOn })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(
      and(
        eq(meetingCases.personId, personId),
        ne(meetings.status, 'cancelled'),
        sql`${meetings.heldOn} >= ${submittedOn}`,
      ),
    )
    .orderBy(asc(meetings.heldOn))
    .limit(1)
  return { ...referral, firstMeetingOn: first?.heldOn ?? null }
}

/**
 * The plan at the meeting: the version the meeting made, else the latest signed off by the end
 * of the meeting day; with the parts (pillars, contingency) it has entries under.
 */
export async function planAt(db: Database, personId: string, planId: string | null, heldOn: string) {
  const [plan] = await db
    .select({ id: riskPlans.id, number: riskPlans.number })
    .from(riskPlans)
    .where(
      planId
        ? eq(riskPlans.id, planId)
        : and(
            eq(riskPlans.personId, personId),
            inArray(riskPlans.status, ['signed_off', 'superseded']),
            sql`(${riskPlans.signedOffAt} at time zone 'Europe/London')::date <= ${heldOn}`,
          ),
    )
    .orderBy(desc(riskPlans.number))
    .limit(1)
  if (!plan) return null
  const parts = await db
    .selectDistinct({ pillar: riskPlanEntries.pillar })
    .from(riskPlanEntries)
    .where(eq(riskPlanEntries.planId, plan.id))
  return { number: plan.number, parts: parts.map((p) => p.pillar) }
}

export async function hasVictims(db: Database, personId: string) {
  const [row] = await db
    .select({ id: victims.id })
    .from(victims)
    .where(eq(victims.personId, personId))
    .limit(1)
  return !!row
}

/** The person's last meeting before a date (not cancelled), with the level it left them at. */
export async function previousMeeting(db: Database, personId: string, before: string) {
  const [row] = await db
    .select({
      heldOn: meetings.heldOn,
      level: sql<number>`coalesce(${meetingCases.levelDecision}, ${meetings.level})`,
      nextReviewOn: meetingCases.nextReviewOn,
    })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(
      and(eq(meetingCases.personId, personId), ne(meetings.status, 'cancelled'), lt(meetings.heldOn, before)),
    )
    .orderBy(desc(meetings.heldOn))
    .limit(1)
  return row
}

/** The registration in force on a date and when its level was last set or reviewed by then. */
export async function registrationOn(db: Database, personId: string, on: string) {
  const [registration] = await db
    .select({ id: registrations.id, level: registrations.level, registeredOn: registrations.registeredOn })
    .from(registrations)
    .where(
      and(
        eq(registrations.personId, personId),
        lte(registrations.registeredOn, on),
        sql`(${registrations.deregisteredOn} is null or ${registrations.deregisteredOn} > ${on})`,
      ),
    )
    .orderBy(desc(registrations.registeredOn))
    .limit(1)
  if (!registration) return undefined
  const [review] = await db
    .select({ on: sql<string>`max((${registrationChanges.at} at time zone 'Europe/London')::date)::text` })
    .from(registrationChanges)
    .where(
      and(
        eq(registrationChanges.registrationId, registration.id),
        inArray(registrationChanges.kind, ['level_changed', 'level_reviewed', 'reviewed']),
        sql`(${registrationChanges.at} at time zone 'Europe/London')::date <= ${on}`,
      ),
    )
  const reviewed = review?.on && review.on > registration.registeredOn ? review.on : registration.registeredOn
  return { level: registration.level, lastReviewDate: reviewed }
}
