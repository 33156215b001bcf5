import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { citext } from '@electric-sql/pglite/contrib/citext'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import lockfile from 'proper-lockfile'
import { appRoot } from '../app-root.js'
import * as schema from './schema.js'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type DatabaseKind = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Database
  kind: DatabaseKind
  /** Where the data lives, for the start-up log (no credentials). */
  location: string
  migrate(): Promise<void>
  close(): Promise<void>
}

const migrationsFolder = path.join(appRoot, 'src/db/migrations')

/** The same extension list as the first migration creates. */
const pgliteOptions: PGliteOptions = { extensions: { citext, pg_trgm, fuzzystrmatch, btree_gist } }

// Calendar dates stay 'YYYY-MM-DD' strings: parsing them into Date shifts them under UK time.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)

export class DatabaseInUseError extends Error {}

export async function openDatabase(options: {
  databaseUrl?: string
  dataDir: string
}): Promise<DatabaseHandle> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir)
}

export async function openPostgres(databaseUrl: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 })
  pool.on('error', () => {
    // An idle client dropped by the server: the pool replaces it; /health reports the outage.
  })
  const db = drizzlePg(pool, { schema }) as unknown as Database
  const url = new URL(databaseUrl)
  return {
    db,
    kind: 'postgres',
    location: `${url.hostname}:${url.port || 5432}${url.pathname}`,
    async migrate() {
      // Several instances may start together: one migrates while the others wait.
      const client = await pool.connect()
      try {
        await client.query('select pg_advisory_lock(724001)')
        await migratePg(drizzlePg(client), { migrationsFolder })
      } finally {
        await client.query('select pg_advisory_unlock(724001)').catch(() => undefined)
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

/** Embedded PostgreSQL in `dataDir`, or in memory when `dataDir` is undefined (tests). */
/**
 * The embedded database, in `dataDir` or in memory; `snapshot` starts it from a copy made by
 * `snapshot()` (a tarball of its data directory), which is how tests start from one prepared
 * database instead of preparing one each.
 */
export async function openPglite(
  dataDir?: string,
  snapshot?: Blob,
): Promise<DatabaseHandle & { snapshot(): Promise<Blob> }> {
  let release: (() => Promise<void>) | undefined
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true })
    release = await takeLock(dataDir)
  }
  try {
    const client = await PGlite.create(dataDir ? path.resolve(dataDir, 'pg') : undefined, {
      ...pgliteOptions,
      loadDataDir: snapshot,
    })
    const db = drizzlePglite(yielding(client), { schema }) as unknown as Database
    return {
      db,
      kind: 'pglite',
      location: dataDir ? path.resolve(dataDir) : 'memory',
      migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
      snapshot: () => client.dumpDataDir('none'),
      async close() {
        await client.close()
        await release?.()
      },
    }
  } catch (error) {
    await release?.()
    throw error
  }
}

/** One process per data directory: a second opener could silently lose committed rows. */
async function takeLock(dataDir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dataDir, { lockfilePath: path.join(dataDir, 'in-use.lock'), stale: 15_000 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DatabaseInUseError(
        `The embedded database in ${path.resolve(dataDir)} is in use by another process ` +
          '(is the service running?). Stop it first, or set DATABASE_URL to use a PostgreSQL server.',
      )
    }
    throw error
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * PGlite runs queries on the main thread: yield to the event loop before each one so that a
 * busy embedded database does not starve every other request.
 */
function yielding<T extends PGlite | Transaction>(target: T): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj)
      if (typeof value !== 'function') return value
      if (prop === 'query' || prop === 'exec') {
        return async (...args: unknown[]) => {
          await nextTick()
          return (value as (...a: unknown[]) => unknown).apply(obj, args)
        }
      }
      if (prop === 'transaction') {
        return async (fn: (tx: Transaction) => Promise<unknown>) => {
          await nextTick()
          return (obj as PGlite).transaction((tx) => fn(yielding(tx)))
        }
      }
      return (value as (...a: unknown[]) => unknown).bind(obj)
    },
  })
}

export async function isReachable(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`)
    return true
  } catch {
    return false
  }
}

/** Rows of a raw `db.execute` result: both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}
