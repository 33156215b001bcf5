import { createHash } from 'node:crypto'
import { asc, desc, gt, sql } from 'drizzle-orm'
import type { Database } from '../db/connection.js'
import { auditEvents } from '../db/schema.js'

export type AuditOutcome = 'success' | 'denied' | 'invalid' | 'not_found' | 'conflict' | 'error'

/** One audited action: ids and event names only, never names or addresses. */
export interface AuditEntry {
  event: string
  outcome: AuditOutcome
  actorUserId?: string | null
  actorApiKeyId?: string | null
  membershipId?: string | null
  recordType?: string | null
  recordId?: string | null
  /** A reason stated for cross-area or restricted access, kept in access_reasons. */
  reasonId?: string | null
  ip?: string | null
}

const GENESIS = '0'.repeat(64)
// Serialises writers across every app instance so the chain never forks.
const CHAIN_LOCK = 724002

type AuditRow = typeof auditEvents.$inferSelect

function linkHash(row: Omit<AuditRow, 'hash'>): string {
  const fields = [
    row.seq,
    row.at.toISOString(),
    row.event,
    row.outcome,
    row.actorUserId,
    row.actorApiKeyId,
    row.membershipId,
    row.recordType,
    row.recordId,
    row.reasonId,
    row.ip,
    row.prevHash,
  ]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

export async function recordAudit(db: Database, entry: AuditEntry, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`)
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1)
    const row = {
      seq: (last?.seq ?? 0) + 1,
      at: now,
      event: entry.event,
      outcome: entry.outcome,
      actorUserId: entry.actorUserId ?? null,
      actorApiKeyId: entry.actorApiKeyId ?? null,
      membershipId: entry.membershipId ?? null,
      recordType: entry.recordType ?? null,
      recordId: entry.recordId ?? null,
      reasonId: entry.reasonId ?? null,
      ip: entry.ip ?? null,
      prevHash: last?.hash ?? GENESIS,
    }
    await tx.insert(auditEvents).values({ ...row, hash: linkHash(row) })
  })
}

export type ChainReport =
  { ok: true; events: number } | { ok: false; events: number; brokenAt: number; problem: string }

/** Walks the whole chain in order and reports the first link that does not hold. */
export async function verifyAuditChain(db: Database, batchSize = 5_000): Promise<ChainReport> {
  let prevHash = GENESIS
  let expectedSeq = 1
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize)
    for (const row of rows) {
      const broken = (problem: string): ChainReport => ({
        ok: false,
        events: expectedSeq - 1,
        brokenAt: row.seq,
        problem,
      })
      if (row.seq !== expectedSeq) return broken(`event ${expectedSeq} is missing`)
      if (row.prevHash !== prevHash) return broken('it does not point to the event before it')
      if (linkHash(row) !== row.hash) return broken('its contents do not match its hash')
      prevHash = row.hash
      expectedSeq += 1
    }
    if (rows.length < batchSize) return { ok: true, events: expectedSeq - 1 }
  }
}
