import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openPglite, openPostgres } from '../../src/db/connection.js'
import { prepareDatabase } from '../../src/db/prepare.js'
import { adminQuery, postgresUrlFor } from './database.js'

export interface DatabaseTemplates {
  /** PostgreSQL template database names, or PGlite snapshot files, with and without demo data. */
  kind: 'postgres' | 'pglite'
  demo: string
  empty: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates
  }
}

/**
 * Migrates and loads each kind of test database once per run; every test file then starts from
 * a copy (PostgreSQL `CREATE DATABASE … TEMPLATE`, or a PGlite data directory snapshot) instead
 * of migrating its own.
 */
export default async function setup(project: TestProject) {
  const baseUrl = process.env.DATABASE_URL
  const variants = [true, false] as const
  if (baseUrl) {
    const names = variants.map(
      (demo) => `ppcm_template_${demo ? 'demo' : 'empty'}_${randomBytes(4).toString('hex')}`,
    )
    for (const [i, demoData] of variants.entries()) {
      await adminQuery(baseUrl, `create database ${names[i]}`)
      const handle = await openPostgres(postgresUrlFor(baseUrl, names[i]!))
      await prepareDatabase(handle, { demoData })
      await handle.close()
    }
    project.provide('databaseTemplates', { kind: 'postgres', demo: names[0]!, empty: names[1]! })
    return async () => {
      for (const name of names) await adminQuery(baseUrl, `drop database if exists ${name} with (force)`)
    }
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'ppcm-test-db-'))
  const files = variants.map((demo) => path.join(dir, `${demo ? 'demo' : 'empty'}.tar`))
  for (const [i, demoData] of variants.entries()) {
    const handle = await openPglite()
    await prepareDatabase(handle, { demoData })
    await writeFile(files[i]!, Buffer.from(await (await handle.snapshot()).arrayBuffer()))
    await handle.close()
  }
  project.provide('databaseTemplates', { kind: 'pglite', demo: files[0]!, empty: files[1]! })
  return () => rm(dir, { recursive: true, force: true })
}
