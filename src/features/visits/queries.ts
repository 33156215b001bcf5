import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  conditions,
  dueItems,
  homeVisits,
  memberships,
  people,
  personAccessGrants,
  personManagers,
  personOrders,
  reactiveManagement,
  users,
} from '../../db/schema.js'

type Executor = Pick<Database, 'select' | 'insert' | 'update'>

export type VisitRow = typeof homeVisits.$inferSelect
export type ReactiveRow = typeof reactiveManagement.$inferSelect

// Home visits ----------------------------------------------------------------------------------

/** A person's visits, newest first. */
export async function visitsOf(db: Pick<Database, 'select'>, personId: string): Promise<VisitRow[]> {
  return db
    .select()
    .from(homeVisits)
    .where(eq(homeVisits.personId, personId))
    .orderBy(desc(homeVisits.visitedOn), desc(homeVisits.recordedAt))
}

export async function findVisit(
  db: Pick<Database, 'select'>,
  personId: string,
  id: string,
): Promise<VisitRow | undefined> {
  const [row] = await db
    .select()
    .from(homeVisits)
    .where(and(eq(homeVisits.personId, personId), eq(homeVisits.id, id)))
  return row
}

export interface VisitValues {
  visitedOn: string
  officerIds: string[]
  seen: boolean
  othersPresent: string | null
  concerns: string | null
  followUp: string | null
}

export async function insertVisit(
  db: Executor,
  values: VisitValues & { personId: string; recordedBy: string | null },
): Promise<string> {
  const [row] = await db.insert(homeVisits).values(values).returning({ id: homeVisits.id })
  return row!.id
}

/** Changes a visit only if nobody has changed it since `version` was read. */
export async function updateVisitIfCurrent(
  db: Executor,
  id: string,
  version: number,
  values: VisitValues,
): Promise<boolean> {
  const rows = await db
    .update(homeVisits)
    .set({ ...values, version: sql`${homeVisits.version} + 1` })
    .where(and(eq(homeVisits.id, id), eq(homeVisits.version, version)))
    .returning({ id: homeVisits.id })
  return rows.length > 0
}

/** Display names of users, for the officers on visits. */
export async function userNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, ids))
  return new Map(rows.map((r) => [r.id, r.displayName]))
}

// Reactive management --------------------------------------------------------------------------

/** Every period of reactive management, newest first; an open one has no end date. */
export async function reactivePeriods(
  db: Pick<Database, 'select'>,
  personId: string,
): Promise<ReactiveRow[]> {
  return db
    .select()
    .from(reactiveManagement)
    .where(eq(reactiveManagement.personId, personId))
    .orderBy(desc(reactiveManagement.startedOn), desc(reactiveManagement.id))
}

export async function insertReactive(
  db: Executor,
  values: { personId: string; startedOn: string; reason: string; startedBy: string | null },
): Promise<string> {
  const [row] = await db.insert(reactiveManagement).values(values).returning({ id: reactiveManagement.id })
  return row!.id
}

/** Ends the open period, if there still is one (so two people ending it at once end it once). */
export async function endReactive(
  db: Executor,
  personId: string,
  values: { endedOn: string; endReason: string; endedBy: string | null },
): Promise<string | undefined> {
  const [row] = await db
    .update(reactiveManagement)
    .set(values)
    .where(and(eq(reactiveManagement.personId, personId), isNull(reactiveManagement.endedOn)))
    .returning({ id: reactiveManagement.id })
  return row?.id
}

// Conditions and orders ending -----------------------------------------------------------------
// Read here until the conditions feature exports its own answer.

/** Conditions ending between the two dates. */
export async function conditionsEnding(db: Database, personId: string, from: string, to: string) {
  return db
    .select({
      id: conditions.id,
      kind: conditions.kind,
      source: conditions.source,
      wording: conditions.wording,
      endsOn: conditions.endsOn,
      startsOn: conditions.startsOn,
    })
    .from(conditions)
    .where(and(eq(conditions.personId, personId), gte(conditions.endsOn, from), lte(conditions.endsOn, to)))
    .orderBy(asc(conditions.endsOn))
}

/** Current (not corrected) orders ending between the two dates. */
export async function ordersEnding(db: Database, personId: string, from: string, to: string) {
  return db
    .select({
      id: personOrders.id,
      kind: personOrders.kind,
      madeOn: personOrders.madeOn,
      endsOn: personOrders.endsOn,
    })
    .from(personOrders)
    .where(
      and(
        eq(personOrders.personId, personId),
        isNull(personOrders.correctedAt),
        gte(personOrders.endsOn, from),
        lte(personOrders.endsOn, to),
      ),
    )
    .orderBy(asc(personOrders.endsOn))
}

// Area dashboard -------------------------------------------------------------------------------

/**
 * Overdue home visits in the areas, one row per person and named police offender manager (a
 * person without one has a single row with no manager), with the manager's police agency.
 */
export async function overdueVisits(db: Database, areaCodes: string[], today: string, userId: string | null) {
  if (!areaCodes.length) return []
  const named = userId
    ? sql<boolean>`(exists (select 1 from ${personManagers} n where n.person_id = ${people.id} and n.user_id = ${userId})
        or exists (select 1 from ${personAccessGrants} g where g.person_id = ${people.id}
          and g.user_id = ${userId} and g.kind = 'named'))`
    : sql<boolean>`false`
  const agency = sql<{
    id: string
    name: string
  } | null>`(select json_build_object('id', a.id, 'name', a.name)
    from ${memberships} m join ${agencies} a on a.id = m.agency_id
    where m.user_id = ${users.id} and a.type = 'police'
    order by (m.area_codes && ${sql.param(areaCodes)}::text[]) desc, a.name limit 1)`
  return db
    .select({
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      restricted: people.restricted,
      named,
      dueDate: dueItems.dueDate,
      managerId: users.id,
      managerName: users.displayName,
      agency,
    })
    .from(dueItems)
    .innerJoin(people, eq(people.id, dueItems.personId))
    .leftJoin(personManagers, and(eq(personManagers.personId, people.id), eq(personManagers.kind, 'police')))
    .leftJoin(users, eq(users.id, personManagers.userId))
    .where(
      and(
        isNull(people.mergedIntoId),
        inArray(people.areaCode, areaCodes),
        eq(dueItems.kind, 'home_visit'),
        inArray(dueItems.status, ['due', 'overdue']),
        sql`${dueItems.dueDate} < ${today}`,
      ),
    )
    .orderBy(asc(dueItems.dueDate), asc(people.familyName), asc(people.id))
}
