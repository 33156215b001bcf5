import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/connection.js'
import { people, personMerges, users } from '../../db/schema.js'

type Executor = Pick<Database, 'select'>
export type MergeRow = typeof personMerges.$inferSelect

/** The kept record's id and the ids of every record merged into it (and not unmerged). */
export async function recordIdsOf(db: Executor, keptId: string): Promise<string[]> {
  const merged = await db.select({ id: people.id }).from(people).where(eq(people.mergedIntoId, keptId))
  return [keptId, ...merged.map((m) => m.id)]
}

export async function findMerge(db: Database, id: string) {
  const [row] = await db.select().from(personMerges).where(eq(personMerges.id, id))
  return row
}

const mergedByName = sql<
  string | null
>`(select display_name from ${users} u where u.id = ${personMerges.mergedBy})`
const undoneByName = sql<
  string | null
>`(select display_name from ${users} u where u.id = ${personMerges.undoneBy})`

const nameOf = (id: AnyPgColumn) =>
  sql<string>`(select p.given_name || ' ' || p.family_name from ${people} p where p.id = ${id})`

/** Merges a record took part in, either side, newest first. */
export async function mergesOf(db: Database, personIds: string[]) {
  return db
    .select({
      merge: personMerges,
      mergedByName,
      undoneByName,
      keptName: nameOf(personMerges.keptId),
      mergedName: nameOf(personMerges.mergedId),
    })
    .from(personMerges)
    .where(or(inArray(personMerges.keptId, personIds), inArray(personMerges.mergedId, personIds)))
    .orderBy(desc(personMerges.mergedAt))
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

export async function lockPeople(tx: Transaction, ids: string[]) {
  return tx
    .select({ id: people.id, mergedIntoId: people.mergedIntoId })
    .from(people)
    .where(inArray(people.id, ids))
    .orderBy(people.id)
    .for('update')
}

export async function hasMergedRecords(tx: Transaction, keptId: string) {
  const rows = await tx.select({ id: people.id }).from(people).where(eq(people.mergedIntoId, keptId)).limit(1)
  return rows.length > 0
}

export async function insertMerge(tx: Transaction, values: typeof personMerges.$inferInsert) {
  const [row] = await tx.insert(personMerges).values(values).returning()
  await tx
    .update(people)
    .set({ mergedIntoId: values.keptId, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(eq(people.id, values.mergedId))
  return row!
}

/** Undoes a merge still in force; false if it was already undone. */
export async function undoMerge(
  tx: Transaction,
  merge: MergeRow,
  undo: { undoneBy: string | null; undoReason: string },
): Promise<MergeRow | undefined> {
  const [row] = await tx
    .update(personMerges)
    .set({ ...undo, undoneAt: new Date() })
    .where(and(eq(personMerges.id, merge.id), isNull(personMerges.undoneAt)))
    .returning()
  if (!row) return undefined
  await tx
    .update(people)
    .set({ mergedIntoId: null, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, merge.mergedId), eq(people.mergedIntoId, merge.keptId)))
  return row
}
