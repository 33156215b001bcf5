import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/connection.js'
import { personPhotos, users } from '../../db/schema.js'
import type { Principal } from '../../security/principal.js'
import { refreshSearchTerms } from '../search/terms.js'
import { type TimelineEntry, recordTimeline } from '../timeline/service.js'
import type { FactTable } from './sections.js'

/** The columns every fact shares (schema.ts `factColumns`), plus who recorded it. */
export interface FactRow {
  id: string
  personId: string
  validFrom: string | null
  validTo: string | null
  source: string | null
  verified: boolean
  recordedAt: Date
  recordedBy: string | null
  recordedByName: string | null
  corrects: string | null
  correctedAt: Date | null
  version: number
  [field: string]: unknown
}

/** Every column but a photograph's bytes, which only the image route reads. */
function listedColumns(table: FactTable): Record<string, PgColumn> {
  const { content: _content, ...columns } = getTableColumns(table) as Record<string, PgColumn>
  return columns
}

/** A person's facts of one kind, newest first. */
export async function factsOf(db: Database, table: FactTable, personId: string): Promise<FactRow[]> {
  const rows = await db
    .select({ ...listedColumns(table), recordedByName: users.displayName })
    .from(table)
    .leftJoin(users, eq(users.id, table.recordedBy))
    .where(eq(table.personId, personId))
    .orderBy(desc(table.recordedAt))
  return rows as FactRow[]
}

export async function findFact(
  db: Pick<Database, 'select'>,
  table: FactTable,
  personId: string,
  factId: string,
): Promise<FactRow | undefined> {
  const [row] = await db
    .select({ ...listedColumns(table), recordedByName: users.displayName })
    .from(table)
    .leftJoin(users, eq(users.id, table.recordedBy))
    .where(and(eq(table.id, factId), eq(table.personId, personId)))
  return row as FactRow | undefined
}

export async function photoContent(db: Database, personId: string, photoId: string) {
  const [row] = await db
    .select({ mimeType: personPhotos.mimeType, content: personPhotos.content })
    .from(personPhotos)
    .where(and(eq(personPhotos.id, photoId), eq(personPhotos.personId, personId)))
  return row
}

/** One write to a person's facts: what to update (if still at `version`) and what to add. */
export interface FactWrite {
  personId: string
  table: FactTable
  update?: { id: string; version: number; set: Record<string, unknown> }
  insert?: Record<string, unknown>
  timeline: Omit<TimelineEntry, 'personId' | 'recordId'>
  refreshSearch?: boolean
}

/**
 * Applies a write in one transaction with its timeline entry (and search terms), or nothing at
 * all if the fact to update has changed since it was read.
 */
export async function writeFacts(
  db: Database,
  principal: Principal,
  write: FactWrite,
): Promise<{ kind: 'stale' } | { kind: 'written'; id: string }> {
  const { table } = write
  return db.transaction(async (tx) => {
    let id = write.update?.id
    if (write.update) {
      const updated = await tx
        .update(table)
        .set({ ...write.update.set, version: sql`${table.version} + 1` })
        .where(
          and(
            eq(table.id, write.update.id),
            eq(table.personId, write.personId),
            eq(table.version, write.update.version),
          ),
        )
        .returning({ id: table.id })
      if (updated.length === 0) return { kind: 'stale' as const }
    }
    if (write.insert) {
      const recordedBy = principal.kind === 'user' ? principal.userId : null
      const [row] = await tx
        .insert(table)
        .values({ ...write.insert, personId: write.personId, recordedBy } as typeof table.$inferInsert)
        .returning({ id: table.id })
      id = row!.id
    }
    await recordTimeline(tx, principal, {
      ...write.timeline,
      personId: write.personId,
      recordId: id ?? null,
    })
    if (write.refreshSearch) await refreshSearchTerms(tx, write.personId)
    return { kind: 'written' as const, id: id! }
  })
}
