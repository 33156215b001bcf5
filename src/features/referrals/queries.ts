import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/connection.js'
import type { Principal } from '../../security/principal.js'
import { recordTimeline } from '../timeline/service.js'
import {
  agencies,
  meetingCases,
  meetings,
  people,
  referralEvents,
  referrals,
  users,
} from '../../db/schema.js'

export type ReferralRow = typeof referrals.$inferSelect

const referrer = alias(users, 'referrer')
const screener = alias(users, 'screener')

/** The first meeting (not cancelled) the referral's case was put on. */
const firstMeetingOn = sql<string | null>`(select min(m.held_on)::text from ${meetingCases} mc
  join ${meetings} m on m.id = mc.meeting_id
  where mc.referral_id = ${referrals.id} and m.status <> 'cancelled')`

const columns = {
  referral: referrals,
  givenName: people.givenName,
  familyName: people.familyName,
  dateOfBirth: people.dateOfBirth,
  referredByName: referrer.displayName,
  referrerAgencyName: agencies.name,
  screenedByName: screener.displayName,
  firstMeetingOn,
}

type Joined = {
  referral: ReferralRow
  givenName: string
  familyName: string
  dateOfBirth: string
  referredByName: string | null
  referrerAgencyName: string | null
  screenedByName: string | null
  firstMeetingOn: string | null
}
const flatten = ({ referral, ...rest }: Joined) => ({ ...referral, ...rest })
export type ReferralRecord = ReturnType<typeof flatten>

const joined = (db: Database) =>
  db
    .select(columns)
    .from(referrals)
    .innerJoin(people, eq(people.id, referrals.personId))
    .leftJoin(referrer, eq(referrer.id, referrals.referredBy))
    .leftJoin(screener, eq(screener.id, referrals.screenedBy))
    .leftJoin(agencies, eq(agencies.id, referrals.referrerAgencyId))

export async function findReferral(db: Database, id: string): Promise<ReferralRecord | undefined> {
  const [row] = await joined(db).where(eq(referrals.id, id))
  return row && flatten(row)
}

/** Whose referrals a list shows: the areas' (co-ordinators), plus one's own (user or system). */
export interface ReferralScope {
  areaCodes: string[]
  userId: string | null
  agencyId: string
}

export async function listReferrals(
  db: Database,
  scope: ReferralScope,
  filters: { status?: string | undefined; personId?: string | undefined },
): Promise<ReferralRecord[]> {
  const own = scope.userId
    ? eq(referrals.referredBy, scope.userId)
    : and(sql`${referrals.referredBy} is null`, eq(referrals.referrerAgencyId, scope.agencyId))
  const visible = scope.areaCodes.length ? or(inArray(referrals.areaCode, scope.areaCodes), own) : own
  const where: (SQL | undefined)[] = [
    visible,
    filters.status ? eq(referrals.status, filters.status) : undefined,
    filters.personId ? eq(referrals.personId, filters.personId) : undefined,
  ]
  const rows = await joined(db)
    .where(and(...where))
    // Awaiting screening first, oldest first: the co-ordinator's queue.
    .orderBy(sql`${referrals.status} = 'submitted' desc`, asc(referrals.submittedAt))
    .limit(500)
  return rows.map(flatten)
}

export async function referralsOfPerson(db: Database, personId: string): Promise<ReferralRecord[]> {
  const rows = await joined(db).where(eq(referrals.personId, personId)).orderBy(desc(referrals.submittedAt))
  return rows.map(flatten)
}

/** A referral still being screened (one at a time per person). */
export async function openReferralOf(db: Database, personId: string) {
  const [row] = await db
    .select({ id: referrals.id, reference: referrals.reference })
    .from(referrals)
    .where(
      and(
        eq(referrals.personId, personId),
        inArray(referrals.status, ['submitted', 'information_requested']),
      ),
    )
  return row
}

export async function eventsOf(db: Database, referralId: string) {
  return db
    .select({
      kind: referralEvents.kind,
      note: referralEvents.note,
      at: referralEvents.at,
      byName: users.displayName,
    })
    .from(referralEvents)
    .leftJoin(users, eq(users.id, referralEvents.by))
    .where(eq(referralEvents.referralId, referralId))
    .orderBy(asc(referralEvents.at))
}

/** The next reference of the area and year: `WY-2026-0007`. */
async function nextReference(db: Database, prefix: string): Promise<string> {
  const [row] = await db
    .select({
      n: sql<number>`coalesce(max(substring(${referrals.reference} from '[0-9]+$')::int), 0) + 1`,
    })
    .from(referrals)
    .where(sql`${referrals.reference} like ${`${prefix}-%`}`)
  return `${prefix}-${String(row?.n ?? 1).padStart(4, '0')}`
}

/** One step of a referral, kept in its events and, as a title only, in the person's history. */
export interface ReferralEvent {
  kind: string
  title: string
  note: string | null
  by: string | null
}

const isUniqueViolation = (error: unknown): boolean => {
  const e = error as { code?: string; cause?: unknown } | null
  return e?.code === '23505' || (!!e?.cause && isUniqueViolation(e.cause))
}

/**
 * Stores a referral with its first event under the next free reference. Two referrals sent at
 * the same moment may compute the same number: the unique index refuses one, which tries again.
 */
export async function insertReferral(
  db: Database,
  principal: Principal,
  prefix: string,
  values: Omit<typeof referrals.$inferInsert, 'reference'>,
  event: ReferralEvent,
): Promise<{ id: string; reference: string }> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.transaction(async (tx) => {
        const reference = await nextReference(tx, prefix)
        const [row] = await tx
          .insert(referrals)
          .values({ ...values, reference })
          .returning({ id: referrals.id })
        await tx
          .insert(referralEvents)
          .values({ referralId: row!.id, kind: event.kind, note: event.note, by: event.by })
        await recordTimeline(tx, principal, {
          personId: values.personId,
          kind: `referral.${event.kind}`,
          title: `${event.title} (${reference})`,
          recordType: 'referral',
          recordId: row!.id,
        })
        return { id: row!.id, reference }
      })
    } catch (error) {
      if (attempt >= 4 || !isUniqueViolation(error)) throw error
    }
  }
}

/** Writes the change and its event only if nobody has changed the referral since `version`. */
export async function updateReferral(
  db: Database,
  principal: Principal,
  where: { id: string; version: number; personId: string; reference: string },
  set: Partial<typeof referrals.$inferInsert>,
  event: ReferralEvent,
): Promise<boolean> {
  const rows = await db
    .update(referrals)
    .set({ ...set, version: sql`${referrals.version} + 1` })
    .where(and(eq(referrals.id, where.id), eq(referrals.version, where.version)))
    .returning({ id: referrals.id })
  if (rows.length === 0) return false
  await db
    .insert(referralEvents)
    .values({ referralId: where.id, kind: event.kind, note: event.note, by: event.by })
  await recordTimeline(db, principal, {
    personId: where.personId,
    kind: `referral.${event.kind}`,
    title: `${event.title} (${where.reference})`,
    recordType: 'referral',
    recordId: where.id,
  })
  return true
}
