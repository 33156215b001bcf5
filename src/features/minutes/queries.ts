import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  meetingActions,
  meetingAttendance,
  meetingCases,
  meetingInvitations,
  meetings,
  minuteFields,
  minuteRevisions,
  people,
  users,
  victimSchemeChoices,
  victims,
} from '../../db/schema.js'

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
type Reader = Database | Transaction

export type MeetingCaseRow = typeof meetingCases.$inferSelect
export type FieldRow = typeof minuteFields.$inferSelect
export type AttendanceRow = typeof meetingAttendance.$inferSelect & { agencyName: string }

/** The meeting's status, locked: shared by writers of the minutes, exclusive for finalising. */
export async function lockMeeting(tx: Transaction, meetingId: string, mode: 'share' | 'update') {
  const [row] = await tx
    .select({ status: meetings.status, version: meetings.version })
    .from(meetings)
    .where(eq(meetings.id, meetingId))
    .for(mode === 'share' ? 'share' : 'update')
  return row
}

export async function findMeeting(db: Reader, meetingId: string) {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, meetingId))
  return row
}

/** The meeting's status as it is now, without a lock. */
export async function meetingStatus(db: Reader, meetingId: string) {
  const [row] = await db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, meetingId))
  return row
}

/** The cases on a meeting's agenda, in agenda order, with the person's name. */
export async function casesOf(db: Reader, meetingId: string) {
  return db
    .select({
      meetingCase: meetingCases,
      givenName: people.givenName,
      familyName: people.familyName,
      crn: people.crn,
      dateOfBirth: people.dateOfBirth,
      areaCode: people.areaCode,
    })
    .from(meetingCases)
    .innerJoin(people, eq(people.id, meetingCases.personId))
    .where(eq(meetingCases.meetingId, meetingId))
    .orderBy(asc(meetingCases.position))
}

export async function fieldsOf(db: Reader, meetingCaseIds: string[]): Promise<FieldRow[]> {
  if (!meetingCaseIds.length) return []
  return db.select().from(minuteFields).where(inArray(minuteFields.meetingCaseId, meetingCaseIds))
}

/**
 * Texts that lost a race and have not been merged since: conflict revisions newer than the
 * field's last save.
 */
export async function unmergedConflicts(db: Reader, meetingCaseId: string) {
  return db
    .select({
      id: minuteRevisions.id,
      field: minuteRevisions.field,
      value: minuteRevisions.value,
      savedAt: minuteRevisions.savedAt,
      savedByName: users.displayName,
    })
    .from(minuteRevisions)
    .leftJoin(users, eq(users.id, minuteRevisions.savedBy))
    .leftJoin(
      minuteFields,
      and(
        eq(minuteFields.meetingCaseId, minuteRevisions.meetingCaseId),
        eq(minuteFields.field, minuteRevisions.field),
      ),
    )
    .where(
      and(
        eq(minuteRevisions.meetingCaseId, meetingCaseId),
        eq(minuteRevisions.outcome, 'conflict'),
        or(isNull(minuteFields.updatedAt), sql`${minuteRevisions.savedAt} > ${minuteFields.updatedAt}`),
      ),
    )
    .orderBy(asc(minuteRevisions.savedAt))
}

export async function revisionsOf(db: Reader, meetingCaseId: string) {
  return db
    .select()
    .from(minuteRevisions)
    .where(eq(minuteRevisions.meetingCaseId, meetingCaseId))
    .orderBy(asc(minuteRevisions.savedAt))
}

/** The field as stored now (locked when in a transaction that will write it). */
export async function fieldForUpdate(tx: Transaction, meetingCaseId: string, field: string) {
  const [row] = await tx
    .select()
    .from(minuteFields)
    .where(and(eq(minuteFields.meetingCaseId, meetingCaseId), eq(minuteFields.field, field)))
    .for('update')
  return row
}

/**
 * The time of the write itself, not of its transaction's start (`now()`): a save that waited for
 * another's lock must be stamped after it, so that "saved since the conflict" can be told.
 */
const wallClock = sql`clock_timestamp()`

/** Writes a field's first text; nothing if someone else wrote it first. */
export async function insertFieldIfAbsent(
  tx: Transaction,
  values: { meetingCaseId: string; field: string; value: string; updatedBy: string | null },
) {
  const [row] = await tx
    .insert(minuteFields)
    .values({ ...values, version: 1, updatedAt: wallClock })
    .onConflictDoNothing()
    .returning()
  return row
}

/** Replaces a field's text if it is still at `version`. */
export async function updateFieldIfCurrent(
  tx: Transaction,
  key: { meetingCaseId: string; field: string; version: number },
  values: { value: string; updatedBy: string | null },
) {
  const [row] = await tx
    .update(minuteFields)
    .set({ ...values, version: sql`${minuteFields.version} + 1`, updatedAt: wallClock })
    .where(
      and(
        eq(minuteFields.meetingCaseId, key.meetingCaseId),
        eq(minuteFields.field, key.field),
        eq(minuteFields.version, key.version),
      ),
    )
    .returning()
  return row
}

export async function insertRevision(tx: Transaction, values: typeof minuteRevisions.$inferInsert) {
  await tx.insert(minuteRevisions).values({ ...values, savedAt: wallClock })
}

export async function attendanceOf(db: Reader, meetingId: string): Promise<AttendanceRow[]> {
  const rows = await db
    .select({ attendance: meetingAttendance, agencyName: agencies.name })
    .from(meetingAttendance)
    .innerJoin(agencies, eq(agencies.id, meetingAttendance.agencyId))
    .where(eq(meetingAttendance.meetingId, meetingId))
    .orderBy(asc(agencies.name))
  return rows.map((r) => ({ ...r.attendance, agencyName: r.agencyName }))
}

/** Agencies invited to the meeting whose invitation has not been revoked. */
export async function invitedAgencies(db: Reader, meetingId: string) {
  return db
    .select({ id: agencies.id, name: agencies.name })
    .from(meetingInvitations)
    .innerJoin(agencies, eq(agencies.id, meetingInvitations.agencyId))
    .where(and(eq(meetingInvitations.meetingId, meetingId), isNull(meetingInvitations.revokedAt)))
    .orderBy(asc(agencies.name))
}

export async function agencyNames(db: Reader, ids: string[]) {
  if (!ids.length) return []
  return db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, ids))
}

/** Replaces a meeting's attendance with `rows` (inside the caller's transaction). */
export async function replaceAttendance(
  tx: Transaction,
  meetingId: string,
  rows: Omit<typeof meetingAttendance.$inferInsert, 'meetingId'>[],
) {
  await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId))
  if (rows.length) await tx.insert(meetingAttendance).values(rows.map((r) => ({ ...r, meetingId })))
}

export async function attendanceForUpdate(tx: Transaction, meetingId: string) {
  return tx
    .select()
    .from(meetingAttendance)
    .where(eq(meetingAttendance.meetingId, meetingId))
    .orderBy(asc(meetingAttendance.agencyId))
}

export async function findCase(db: Reader, meetingCaseId: string) {
  const [row] = await db.select().from(meetingCases).where(eq(meetingCases.id, meetingCaseId))
  return row
}

/** Applies a decision only if nobody has recorded one since `version` was read. */
export async function updateCaseIfCurrent(
  tx: Transaction,
  meetingCaseId: string,
  version: number,
  values: Partial<typeof meetingCases.$inferInsert>,
) {
  const [row] = await tx
    .update(meetingCases)
    .set({ ...values, version: sql`${meetingCases.version} + 1` })
    .where(and(eq(meetingCases.id, meetingCaseId), eq(meetingCases.version, version)))
    .returning()
  return row
}

export async function finaliseMeeting(tx: Transaction, meetingId: string, by: string | null) {
  await tx
    .update(meetings)
    .set({
      status: 'finalised',
      finalisedAt: new Date(),
      finalisedBy: by,
      version: sql`${meetings.version} + 1`,
    })
    .where(eq(meetings.id, meetingId))
}

/** This meeting's actions for a person, and their open actions set at other meetings. */
export async function actionsOf(db: Reader, meetingId: string, personId: string) {
  return db
    .select({
      id: meetingActions.id,
      meetingId: meetingActions.meetingId,
      text: meetingActions.text,
      ownerName: meetingActions.ownerName,
      ownerAgencyName: agencies.name,
      dueOn: meetingActions.dueOn,
      status: meetingActions.status,
      heldOn: meetings.heldOn,
    })
    .from(meetingActions)
    .innerJoin(agencies, eq(agencies.id, meetingActions.ownerAgencyId))
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .where(
      and(
        eq(meetingActions.personId, personId),
        or(eq(meetingActions.meetingId, meetingId), eq(meetingActions.status, 'open')),
      ),
    )
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.createdAt))
}

/**
 * Whether any victim linked to the person is in the Victim Contact Scheme now: their latest
 * choice is to opt in and their contact has not ended.
 */
export async function hasOptedInVictim(db: Reader, personId: string): Promise<boolean> {
  const latest = db
    .selectDistinctOn([victimSchemeChoices.victimId], {
      victimId: victimSchemeChoices.victimId,
      optedIn: victimSchemeChoices.optedIn,
    })
    .from(victimSchemeChoices)
    .orderBy(victimSchemeChoices.victimId, desc(victimSchemeChoices.on), desc(victimSchemeChoices.recordedAt))
    .as('latest')
  const [row] = await db
    .select({ id: victims.id })
    .from(victims)
    .innerJoin(latest, eq(latest.victimId, victims.id))
    .where(and(eq(victims.personId, personId), isNull(victims.endedOn), eq(latest.optedIn, true)))
    .limit(1)
  return !!row
}

export async function userName(db: Reader, userId: string | null) {
  if (!userId) return null
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId))
  return row?.name ?? null
}
