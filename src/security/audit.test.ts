import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/support/database.js'
import type { DatabaseHandle } from '../db/connection.js'
import { auditEvents } from '../db/schema.js'
import { recordAudit, verifyAuditChain } from './audit.js'

let handle: DatabaseHandle

beforeAll(async () => {
  handle = await createTestDatabase({ demoData: false })
})
afterAll(() => handle.close())

describe('audit trail', () => {
  it('chains every event to the one before it and verifies end to end', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordAudit(handle.db, {
          event: 'PERSON_VIEWED',
          outcome: 'success',
          recordType: 'person',
          recordId: `p${i}`,
        }),
      ),
    )
    const rows = await handle.db.select().from(auditEvents).orderBy(auditEvents.seq)
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    rows.slice(1).forEach((row, i) => expect(row.prevHash).toBe(rows[i]!.hash))
    expect(await verifyAuditChain(handle.db, 7)).toEqual({ ok: true, events: 20 })
  })

  it('refuses updates and deletes, whoever asks', async () => {
    await expect(handle.db.update(auditEvents).set({ event: 'X' })).rejects.toThrow()
    await expect(handle.db.delete(auditEvents)).rejects.toThrow()
  })

  it('reports the first broken link when a row has been altered behind the database’s back', async () => {
    await handle.db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`)
    await handle.db.execute(sql`update audit_events set record_id = 'tampered' where seq = 12`)
    await handle.db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`)
    expect(await verifyAuditChain(handle.db)).toEqual({
      ok: false,
      events: 11,
      brokenAt: 12,
      problem: 'its contents do not match its hash',
    })
  })
})
