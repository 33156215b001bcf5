import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { inject } from 'vitest'
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/db/connection.js'

/**
 * A fresh, migrated database with reference data (and demo data unless `demoData: false`),
 * copied from the one the run's global setup prepared: in-memory PGlite from its snapshot, or,
 * when DATABASE_URL is set, a new PostgreSQL database made from its template and dropped again
 * on close.
 */
export async function createTestDatabase(options: { demoData?: boolean } = {}): Promise<DatabaseHandle> {
  const templates = inject('databaseTemplates')
  const template = options.demoData === false ? templates.empty : templates.demo
  if (templates.kind === 'pglite') return openPglite(undefined, new Blob([await readFile(template)]))
  const baseUrl = process.env.DATABASE_URL!
  const name = `ppcm_test_${randomBytes(6).toString('hex')}`
  await adminQuery(baseUrl, `create database ${name} template ${template}`)
  const opened = await openPostgres(postgresUrlFor(baseUrl, name))
  return {
    ...opened,
    async close() {
      await opened.close()
      await adminQuery(baseUrl, `drop database if exists ${name} with (force)`)
    },
  }
}

/** The URL of another database on the same server. */
export function postgresUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl)
  url.pathname = `/${database}`
  return url.toString()
}

export async function adminQuery(baseUrl: string, statement: string) {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
