import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  memberships,
  people,
  personManagers,
  users,
  victimRequests,
  victimSchemeChoices,
  victimViews,
  victims,
} from '../../db/schema.js'

export type VictimRow = typeof victims.$inferSelect
export type SchemeChoiceRow = typeof victimSchemeChoices.$inferSelect
export type ViewRow = typeof victimViews.$inferSelect
export type RequestRow = typeof victimRequests.$inferSelect

export async function victimsOf(db: Database, personId: string): Promise<VictimRow[]> {
  return db.select().from(victims).where(eq(victims.personId, personId)).orderBy(asc(victims.createdAt))
}

export async function findVictim(db: Database, personId: string, victimId: string) {
  const [row] = await db
    .select()
    .from(victims)
    .where(and(eq(victims.id, victimId), eq(victims.personId, personId)))
  return row
}

/** Every scheme choice of some victims, latest first (the first per victim is the current one). */
export async function schemeChoicesOf(db: Database, victimIds: string[]) {
  if (victimIds.length === 0) return []
  return db
    .select({
      id: victimSchemeChoices.id,
      victimId: victimSchemeChoices.victimId,
      optedIn: victimSchemeChoices.optedIn,
      on: victimSchemeChoices.on,
      recordedAt: victimSchemeChoices.recordedAt,
      recordedByName: users.displayName,
    })
    .from(victimSchemeChoices)
    .leftJoin(users, eq(users.id, victimSchemeChoices.recordedBy))
    .where(inArray(victimSchemeChoices.victimId, victimIds))
    .orderBy(desc(victimSchemeChoices.on), desc(victimSchemeChoices.recordedAt))
}

export async function viewsOf(db: Database, victimId: string) {
  return db
    .select({
      id: victimViews.id,
      recordedOn: victimViews.recordedOn,
      sealed: victimViews.sealed,
      recordedAt: victimViews.recordedAt,
      recordedByName: users.displayName,
    })
    .from(victimViews)
    .leftJoin(users, eq(users.id, victimViews.recordedBy))
    .where(eq(victimViews.victimId, victimId))
    .orderBy(desc(victimViews.recordedOn), desc(victimViews.recordedAt))
}

export async function requestsOfPerson(db: Database, personId: string): Promise<RequestRow[]> {
  return db
    .select()
    .from(victimRequests)
    .where(eq(victimRequests.personId, personId))
    .orderBy(asc(victimRequests.requestedOn), asc(victimRequests.recordedAt))
}

export async function findRequest(db: Database, personId: string, victimId: string, requestId: string) {
  const [row] = await db
    .select()
    .from(victimRequests)
    .where(
      and(
        eq(victimRequests.id, requestId),
        eq(victimRequests.victimId, victimId),
        eq(victimRequests.personId, personId),
      ),
    )
  return row
}

export async function insertVictim(db: Database, values: typeof victims.$inferInsert): Promise<string> {
  const [row] = await db.insert(victims).values(values).returning({ id: victims.id })
  return row!.id
}

/** Writes only if nobody has changed the victim since `version`. */
export async function updateVictimIfCurrent(
  db: Database,
  where: { personId: string; id: string; version: number },
  set: Partial<typeof victims.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(victims)
    .set({ ...set, version: sql`${victims.version} + 1` })
    .where(
      and(eq(victims.id, where.id), eq(victims.personId, where.personId), eq(victims.version, where.version)),
    )
    .returning({ id: victims.id })
  return rows.length > 0
}

export async function insertSchemeChoice(db: Database, values: typeof victimSchemeChoices.$inferInsert) {
  await db.insert(victimSchemeChoices).values(values)
}

export async function insertView(db: Database, values: typeof victimViews.$inferInsert) {
  const [row] = await db.insert(victimViews).values(values).returning({ id: victimViews.id })
  return row!.id
}

export async function insertRequest(db: Database, values: typeof victimRequests.$inferInsert) {
  const [row] = await db.insert(victimRequests).values(values).returning({ id: victimRequests.id })
  return row!.id
}

export async function updateRequestIfCurrent(
  db: Database,
  where: { id: string; version: number },
  set: Partial<typeof victimRequests.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(victimRequests)
    .set({ ...set, version: sql`${victimRequests.version} + 1` })
    .where(and(eq(victimRequests.id, where.id), eq(victimRequests.version, where.version)))
    .returning({ id: victimRequests.id })
  return rows.length > 0
}

/** Victim liaison officers working in an area (enabled accounts), to allocate a victim to. */
export async function liaisonOfficersIn(db: Database, areaCode: string) {
  return db
    .selectDistinct({ userId: users.id, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        isNull(users.disabledAt),
        sql`${memberships.roles} @> array['victim_liaison_officer']::text[]`,
        sql`${memberships.areaCodes} @> array[${areaCode}]::text[]`,
      ),
    )
    .orderBy(asc(users.displayName))
}

/** The person's named probation manager: who refers victims to the scheme. */
export async function probationManagerOf(db: Database, personId: string) {
  const [row] = await db
    .select({ userId: personManagers.userId })
    .from(personManagers)
    .where(and(eq(personManagers.personId, personId), eq(personManagers.kind, 'probation')))
    .limit(1)
  return row?.userId ?? null
}

/** The current Victim Contact Scheme choice of a victim row: true, false or null (none yet). */
const optedInNow = sql<
  boolean | null
>`(select c.opted_in from ${victimSchemeChoices} c where c.victim_id = ${victims.id} order by c.on desc, c.recorded_at desc limit 1)`

/**
 * The victims of a person a victim liaison officer must tell of events: not ended, opted into the
 * scheme, with an allocated VLO (and that VLO's email address, if any).
 */
export async function optedInVictimsOf(db: Database, personId: string) {
  return db
    .select({
      victimId: victims.id,
      vloUserId: users.id,
      vloEmail: users.email,
      areaCode: people.areaCode,
    })
    .from(victims)
    .innerJoin(users, eq(users.id, victims.vloUserId))
    .innerJoin(people, eq(people.id, victims.personId))
    .where(and(eq(victims.personId, personId), isNull(victims.endedOn), sql`${optedInNow} is true`))
    .orderBy(asc(victims.createdAt))
}

/** Of some victims, those allocated to one VLO (the alerts page names only their own). */
export async function allocatedTo(db: Database, userId: string, victimIds: string[]) {
  if (victimIds.length === 0) return []
  return db
    .select({ id: victims.id, sealed: victims.sealed })
    .from(victims)
    .where(and(inArray(victims.id, victimIds), eq(victims.vloUserId, userId)))
}
