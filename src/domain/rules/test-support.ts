// Test-only helper (imported by *.test.ts files, never by rule modules): loads the offence
// catalogue from the reference CSV the way the loader does.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { Offence } from '../offence.js'
import { catalogueOf, type OffenceCatalogue } from './model.js'

const CSV_URL = new URL('../../db/reference/offences.csv', import.meta.url)

export function loadOffences(): Offence[] {
  const rows = parse(readFileSync(CSV_URL, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[]
  return rows.map((r) => {
    const notes = r.notes ?? ''
    const items = notes.split(/;\s*/)
    const unconfirmed = items.find((i) => i.startsWith('unconfirmed:'))
    const part = r.sched15_part ? Number(r.sched15_part) : null
    return {
      id: r.id ?? '',
      title: r.title ?? '',
      statute: r.statute ?? '',
      section: r.section || null,
      sched15Part: part === 1 || part === 2 || part === 3 ? part : null,
      sched3Paragraph: r.sched3_paragraph || null,
      sched3Condition: r.sched3_condition || null,
      cat2Direct: items.some((i) => i.startsWith('cat2_direct')),
      unconfirmed: unconfirmed ? unconfirmed.slice('unconfirmed:'.length).trim() : null,
      notes,
    }
  })
}

let cached: OffenceCatalogue | undefined
export function catalogue(): OffenceCatalogue {
  cached ??= catalogueOf(loadOffences())
  return cached
}
