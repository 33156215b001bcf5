import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/db/connection.js'
import { prepareDatabase } from '../../src/db/prepare.js'

/**
 * A fresh, migrated database with reference and demo data: in-memory PGlite, or, when
 * DATABASE_URL is set, a new PostgreSQL database that is dropped again on close.
 */
export async function createTestDatabase(options: { demoData?: boolean } = {}): Promise<DatabaseHandle> {
  const baseUrl = process.env.DATABASE_URL
  let handle: DatabaseHandle
  if (baseUrl) {
    const name = `ppcm_test_${randomBytes(6).toString('hex')}`
    await adminQuery(baseUrl, `create database ${name}`)
    const url = new URL(baseUrl)
    url.pathname = `/${name}`
    const opened = await openPostgres(url.toString())
    handle = {
      ...opened,
      async close() {
        await opened.close()
        await adminQuery(baseUrl, `drop database if exists ${name} with (force)`)
      },
    }
  } else {
    handle = await openPglite()
  }
  await prepareDatabase(handle, { demoData: options.demoData ?? true })
  return handle
}

async function adminQuery(baseUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
