import { and, desc, eq, inArray, or, sql } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/connection.js'
import { people, transfers, users } from '../../db/schema.js'

export type TransferRow = typeof transfers.$inferSelect
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

const nameOf = (column: AnyPgColumn) =>
  sql<string | null>`(select display_name from ${users} u where u.id = ${column})`

const transferColumns = {
  transfer: transfers,
  requestedByName: nameOf(transfers.requestedBy),
  decidedByName: nameOf(transfers.decidedBy),
  person: {
    id: people.id,
    givenName: people.givenName,
    familyName: people.familyName,
    dateOfBirth: people.dateOfBirth,
    areaCode: people.areaCode,
  },
}

export type TransferRecord = Awaited<ReturnType<typeof findTransfer>> & {}

export async function findTransfer(db: Database, id: string) {
  const [row] = await db
    .select(transferColumns)
    .from(transfers)
    .innerJoin(people, eq(people.id, transfers.personId))
    .where(eq(transfers.id, id))
  return row
}

/** Transfers into or out of the given areas, pending first, then newest. */
export async function transfersFor(db: Database, areaCodes: string[], options: { limit: number }) {
  if (areaCodes.length === 0) return []
  return db
    .select(transferColumns)
    .from(transfers)
    .innerJoin(people, eq(people.id, transfers.personId))
    .where(or(inArray(transfers.toAreaCode, areaCodes), inArray(transfers.fromAreaCode, areaCodes)))
    .orderBy(sql`${transfers.status} = 'pending' desc`, desc(transfers.requestedAt))
    .limit(options.limit)
}

export async function transfersOfPerson(db: Database, personIds: string[]) {
  return db
    .select(transferColumns)
    .from(transfers)
    .innerJoin(people, eq(people.id, transfers.personId))
    .where(inArray(transfers.personId, personIds))
    .orderBy(desc(transfers.requestedAt))
}

export async function pendingTransferOf(db: Database | Transaction, personId: string) {
  const [row] = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.personId, personId), eq(transfers.status, 'pending')))
  return row
}

export async function insertTransfer(tx: Transaction, values: typeof transfers.$inferInsert) {
  const [row] = await tx.insert(transfers).values(values).returning()
  return row!
}

/** Records the decision on a transfer still pending; undefined if someone decided it first. */
export async function decideTransfer(
  tx: Transaction,
  id: string,
  decision: { status: 'accepted' | 'declined'; decidedBy: string | null; decisionReason: string },
) {
  const [row] = await tx
    .update(transfers)
    .set({ ...decision, decidedAt: new Date() })
    .where(and(eq(transfers.id, id), eq(transfers.status, 'pending')))
    .returning()
  return row
}

/** Moves the record to the receiving area; everything else is keyed by the person's id and stays. */
export async function movePerson(tx: Transaction, personId: string, fromArea: string, toArea: string) {
  const rows = await tx
    .update(people)
    .set({ areaCode: toArea, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, personId), eq(people.areaCode, fromArea)))
    .returning({ id: people.id })
  return rows.length > 0
}
