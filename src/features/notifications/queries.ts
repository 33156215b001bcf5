import { and, asc, desc, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { notificationBreaches, notificationEvents, users } from '../../db/schema.js'

type Executor = Pick<Database, 'select' | 'insert' | 'update'>

export type BreachRow = typeof notificationBreaches.$inferSelect

export interface EventRow {
  id: string
  personId: string
  kind: string
  notifiedOn: string
  station: string | null
  officerId: string | null
  officerName: string | null
  details: Record<string, unknown>
  recordedAt: Date
}

/** Every notification a person made, oldest first (the order the rules read them in). */
export async function eventsOf(db: Database, personId: string): Promise<EventRow[]> {
  const rows = await db
    .select({
      id: notificationEvents.id,
      personId: notificationEvents.personId,
      kind: notificationEvents.kind,
      notifiedOn: notificationEvents.notifiedOn,
      station: notificationEvents.station,
      officerId: notificationEvents.officerId,
      officerName: users.displayName,
      details: notificationEvents.details,
      recordedAt: notificationEvents.recordedAt,
    })
    .from(notificationEvents)
    .leftJoin(users, eq(users.id, notificationEvents.officerId))
    .where(eq(notificationEvents.personId, personId))
    .orderBy(asc(notificationEvents.notifiedOn), asc(notificationEvents.recordedAt))
  return rows.map((r) => ({ ...r, details: (r.details ?? {}) as Record<string, unknown> }))
}

export async function insertEvent(
  db: Executor,
  values: {
    personId: string
    kind: string
    notifiedOn: string
    station: string | null
    officerId: string | null
    details: Record<string, unknown>
    recordedBy: string | null
  },
): Promise<string> {
  const [row] = await db.insert(notificationEvents).values(values).returning({ id: notificationEvents.id })
  return row!.id
}

export async function breachesOf(db: Database, personId: string): Promise<BreachRow[]> {
  return db
    .select()
    .from(notificationBreaches)
    .where(eq(notificationBreaches.personId, personId))
    .orderBy(desc(notificationBreaches.suspectedOn), desc(notificationBreaches.recordedAt))
}

export async function findBreach(db: Database, personId: string, id: string): Promise<BreachRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationBreaches)
    .where(and(eq(notificationBreaches.personId, personId), eq(notificationBreaches.id, id)))
  return row
}

export async function insertBreach(
  db: Executor,
  values: { personId: string; suspectedOn: string; description: string; recordedBy: string | null },
): Promise<string> {
  const [row] = await db
    .insert(notificationBreaches)
    .values(values)
    .returning({ id: notificationBreaches.id })
  return row!.id
}

/** Sets the outcome only if nobody has changed the breach since `version` was read. */
export async function updateBreachIfCurrent(
  db: Executor,
  id: string,
  version: number,
  changes: { outcome: string; outcomeOn: string | null },
): Promise<boolean> {
  const rows = await db
    .update(notificationBreaches)
    .set({ ...changes, version: sql`${notificationBreaches.version} + 1` })
    .where(and(eq(notificationBreaches.id, id), eq(notificationBreaches.version, version)))
    .returning({ id: notificationBreaches.id })
  return rows.length > 0
}
