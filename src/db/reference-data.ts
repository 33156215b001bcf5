import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { sql } from 'drizzle-orm'
import { appRoot } from '../app-root.js'
import { AREAS } from '../domain/areas.js'
import type { Offence } from '../domain/offence.js'
import type { Database } from './connection.js'
import { areas, offences } from './schema.js'

interface OffenceCsvRow {
  id: string
  title: string
  statute: string
  section: string
  sched15_part: string
  sched3_paragraph: string
  sched3_condition: string
  notes: string
}

/** The offence catalogue shipped with the service (src/db/reference/offences.csv, see offences.md). */
export function readOffenceCatalogue(file = path.join(appRoot, 'src/db/reference/offences.csv')): Offence[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as OffenceCsvRow[]
  return rows.map((row) => {
    const notes = row.notes.split(';').map((n) => n.trim())
    const unconfirmed = notes.find((n) => n.startsWith('unconfirmed:'))
    const part = Number(row.sched15_part)
    return {
      id: row.id,
      title: row.title,
      statute: row.statute,
      section: row.section || null,
      sched15Part: part === 1 || part === 2 || part === 3 ? part : null,
      sched3Paragraph: row.sched3_paragraph || null,
      sched3Condition: row.sched3_condition || null,
      cat2Direct: notes.some((n) => n === 'cat2_direct' || n.startsWith('cat2_direct:')),
      unconfirmed: unconfirmed ? unconfirmed.slice('unconfirmed:'.length).trim() : null,
      notes: row.notes,
    }
  })
}

/** Loads (or refreshes) the areas and offence catalogue; safe to run at every start. */
export async function loadReferenceData(db: Database): Promise<void> {
  await db
    .insert(areas)
    .values(AREAS.map((a) => ({ code: a.code, name: a.name, region: a.region })))
    .onConflictDoUpdate({
      target: areas.code,
      set: { name: sql`excluded.name`, region: sql`excluded.region` },
    })
  const catalogue = readOffenceCatalogue()
  await db
    .insert(offences)
    .values(catalogue)
    .onConflictDoUpdate({
      target: offences.id,
      set: Object.fromEntries(
        [
          'title',
          'statute',
          'section',
          'sched15_part',
          'sched3_paragraph',
          'sched3_condition',
          'cat2_direct',
          'unconfirmed',
          'notes',
        ].map((column) => [
          column === 'sched15_part'
            ? 'sched15Part'
            : column.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()),
          sql.raw(`excluded.${column}`),
        ]),
      ),
    })
}
