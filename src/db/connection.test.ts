import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/support/database.js'
import { DatabaseInUseError, openPglite, rowsOf } from './connection.js'

const dir = mkdtempSync(path.join(tmpdir(), 'ppcm-db-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('database connection', () => {
  it('refuses a second opener of the same embedded data directory, with a clear message', async () => {
    const first = await openPglite(dir)
    try {
      await expect(openPglite(dir)).rejects.toThrow(DatabaseInUseError)
      await expect(openPglite(dir)).rejects.toThrow(/in use by another process/)
    } finally {
      await first.close()
    }
    const again = await openPglite(dir)
    await again.close()
  })

  it('keeps calendar dates as YYYY-MM-DD strings under UK time (no shift by a day)', async () => {
    const handle = await createTestDatabase({ demoData: false })
    try {
      const result = await handle.db.execute(sql`select date '1980-03-30' as d, date '1990-10-28' as e`)
      expect(rowsOf(result)[0]).toEqual({ d: '1980-03-30', e: '1990-10-28' })
    } finally {
      await handle.close()
    }
  })
})
