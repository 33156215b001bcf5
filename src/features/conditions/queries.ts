import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { conditions, personOrders, users } from '../../db/schema.js'
import type { Principal } from '../../security/principal.js'
import { type TimelineEntry, recordTimeline } from '../timeline/service.js'

const columns = {
  id: conditions.id,
  personId: conditions.personId,
  kind: conditions.kind,
  source: conditions.source,
  orderId: conditions.orderId,
  wording: conditions.wording,
  details: conditions.details,
  startsOn: conditions.startsOn,
  endsOn: conditions.endsOn,
  recordedAt: conditions.recordedAt,
  recordedByName: users.displayName,
  version: conditions.version,
}

export type ConditionRow = Omit<Awaited<ReturnType<typeof conditionsOf>>[number], 'details'> & {
  details: Record<string, unknown>
}

/** A person's conditions, latest start first. */
export async function conditionsOf(db: Database, personId: string) {
  return db
    .select(columns)
    .from(conditions)
    .leftJoin(users, eq(users.id, conditions.recordedBy))
    .where(eq(conditions.personId, personId))
    .orderBy(desc(conditions.startsOn), desc(conditions.recordedAt))
}

export async function findCondition(db: Database, personId: string, conditionId: string) {
  const [row] = await db
    .select(columns)
    .from(conditions)
    .leftJoin(users, eq(users.id, conditions.recordedBy))
    .where(and(eq(conditions.id, conditionId), eq(conditions.personId, personId)))
  return row as ConditionRow | undefined
}

type Timeline = Omit<TimelineEntry, 'personId' | 'recordId' | 'recordType'>
const userOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

export async function insertCondition(
  db: Database,
  principal: Principal,
  values: Omit<typeof conditions.$inferInsert, 'id' | 'recordedBy' | 'version'>,
  timeline: Timeline,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conditions)
      .values({ ...values, recordedBy: userOf(principal) })
      .returning({ id: conditions.id })
    await recordTimeline(tx, principal, {
      ...timeline,
      personId: values.personId,
      recordType: 'condition',
      recordId: row!.id,
    })
    return row!.id
  })
}

/** Writes the change only if nobody has changed the condition since `version` was read. */
export async function updateCondition(
  db: Database,
  principal: Principal,
  where: { personId: string; id: string; version: number },
  set: Partial<typeof conditions.$inferInsert>,
  timeline: Timeline,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(conditions)
      .set({ ...set, version: sql`${conditions.version} + 1` })
      .where(
        and(
          eq(conditions.id, where.id),
          eq(conditions.personId, where.personId),
          eq(conditions.version, where.version),
        ),
      )
      .returning({ id: conditions.id })
    if (rows.length === 0) return false
    await recordTimeline(tx, principal, {
      ...timeline,
      personId: where.personId,
      recordType: 'condition',
      recordId: where.id,
    })
    return true
  })
}

/** The person's orders and licences a condition can come from (corrected entries left out). */
export async function ordersOf(db: Database, personId: string) {
  return db
    .select({ id: personOrders.id, kind: personOrders.kind, madeOn: personOrders.madeOn })
    .from(personOrders)
    .where(and(eq(personOrders.personId, personId), isNull(personOrders.correctedAt)))
    .orderBy(asc(personOrders.madeOn))
}
