import { and, eq, notInArray } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { tasks } from '../../db/schema.js'
import type { DueItem } from '../../domain/rules/index.js'

/** Who a record's due items belong to, beside the person they concern. */
export interface TaskOwner {
  personId?: string | null
  ownerUserId?: string | null
  ownerAgencyId?: string | null
  areaCode?: string | null
}

/**
 * Replaces the open tasks of one record (a meeting action, a victim, an application) with the
 * due items worked out for it now. Items met are removed: the record itself keeps when and how.
 */
export async function saveTasks(
  db: Database,
  record: { type: string; id: string },
  owner: TaskOwner,
  items: readonly DueItem[],
): Promise<void> {
  const open = items.filter((i) => i.status !== 'done')
  const keyOf = (item: DueItem) => `${record.type}:${record.id}:${item.key}`
  await db.transaction(async (tx) => {
    for (const item of open) {
      const values = {
        kind: item.kind,
        title: item.title,
        personId: owner.personId ?? null,
        ownerUserId: owner.ownerUserId ?? null,
        ownerAgencyId: owner.ownerAgencyId ?? null,
        areaCode: owner.areaCode ?? null,
        recordType: record.type,
        recordId: record.id,
        startDate: item.startDate,
        dueDate: item.dueDate,
        dueAt: item.dueAt ? new Date(item.dueAt) : null,
        status: item.status,
        basis: item.basis,
        rulesVersion: item.rulesVersion,
        doneOn: item.doneOn ?? null,
        updatedAt: new Date(),
      }
      await tx
        .insert(tasks)
        .values({ key: keyOf(item), ...values })
        .onConflictDoUpdate({ target: tasks.key, set: values })
    }
    const keep = open.map(keyOf)
    await tx
      .delete(tasks)
      .where(
        and(
          eq(tasks.recordType, record.type),
          eq(tasks.recordId, record.id),
          keep.length ? notInArray(tasks.key, keep) : undefined,
        ),
      )
  })
}
