import { and, count, desc, eq, inArray, isNull, like } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { alerts, outbox, people, significantEvents, tasks } from '../../db/schema.js'

export const ALERT_KIND = 'significant_event'

export async function insertEvent(db: Database, values: typeof significantEvents.$inferInsert) {
  const [row] = await db.insert(significantEvents).values(values).returning({ id: significantEvents.id })
  return row!.id
}

export async function insertAlert(db: Database, values: Omit<typeof alerts.$inferInsert, 'kind'>) {
  const [row] = await db
    .insert(alerts)
    .values({ ...values, kind: ALERT_KIND })
    .returning({ id: alerts.id })
  return row!.id
}

export async function insertOutbox(db: Database, values: typeof outbox.$inferInsert) {
  await db.insert(outbox).values(values)
}

/** A user's significant-event alerts, newest first, with the event and the person's name. */
export async function alertsOf(db: Database, userId: string, limit = 200) {
  return db
    .select({
      id: alerts.id,
      createdAt: alerts.createdAt,
      readAt: alerts.readAt,
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      eventKind: significantEvents.kind,
      occurredOn: significantEvents.occurredOn,
      summary: significantEvents.summary,
    })
    .from(alerts)
    .innerJoin(significantEvents, eq(significantEvents.id, alerts.significantEventId))
    .innerJoin(people, eq(people.id, significantEvents.personId))
    .where(and(eq(alerts.userId, userId), eq(alerts.kind, ALERT_KIND)))
    .orderBy(desc(alerts.createdAt))
    .limit(limit)
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(alerts)
    .where(and(eq(alerts.userId, userId), eq(alerts.kind, ALERT_KIND), isNull(alerts.readAt)))
  return row?.n ?? 0
}

export async function markRead(db: Database, userId: string, alertId: string, now: Date) {
  const rows = await db
    .update(alerts)
    .set({ readAt: now })
    .where(and(eq(alerts.id, alertId), eq(alerts.userId, userId), eq(alerts.kind, ALERT_KIND)))
    .returning({ id: alerts.id })
  return rows.length > 0
}

/** The contact tasks an alert set its VLO: one per victim, open or done. */
export async function alertTasks(db: Database, alertIds: string[]) {
  if (alertIds.length === 0) return []
  return db
    .select({
      key: tasks.key,
      alertId: tasks.recordId,
      dueDate: tasks.dueDate,
      status: tasks.status,
      doneOn: tasks.doneOn,
    })
    .from(tasks)
    .where(and(eq(tasks.recordType, 'alert'), inArray(tasks.recordId, alertIds)))
}

/**
 * Marks one victim's contact task of an alert done (the row is kept as the record of when the
 * victim was told); only the alert's own VLO may.
 */
export async function markTaskDone(db: Database, userId: string, key: string, today: string) {
  const rows = await db
    .update(tasks)
    .set({ status: 'done', doneOn: today, updatedAt: new Date() })
    .where(and(eq(tasks.key, key), eq(tasks.ownerUserId, userId), like(tasks.key, 'alert:%')))
    .returning({ key: tasks.key })
  return rows.length > 0
}
