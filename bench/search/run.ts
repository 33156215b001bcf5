// Search benchmark (not a test; never run by .ci/run). Seeds synthetic people with aliases,
// addresses and vehicles into a fresh PostgreSQL database `ppcm_bench`, then sends 200 searches
// built from known people with realistic mistakes through HTTP, and reports p50/p95 latency at
// concurrency 1 and 8, top-10 recall, and the recall of a plain ILIKE search for comparison.
// Run: npx tsx bench/search/run.ts [--people 1000000] [--url postgres://postgres@127.0.0.1:5432]
// [--reuse: measure again on the database the last run loaded]
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { Faker, en, en_GB } from '@faker-js/faker'
import pg from 'pg'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openPostgres } from '../../src/db/connection.js'
import { DEMO_PASSWORD } from '../../src/db/demo-data.js'
import { syntheticPerson } from '../../src/db/people-generator.js'
import { prepareDatabase } from '../../src/db/prepare.js'
import { AREAS } from '../../src/domain/areas.js'
import { nicknameGroups, NICKNAME_PAIRS } from '../../src/features/search/nicknames.js'
import { backfillSearchTerms } from '../../src/features/search/terms.js'

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '1000000' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    queries: { type: 'string', default: '200' },
    /** Measure again on the database a previous run loaded. */
    reuse: { type: 'boolean', default: false },
  },
})
const PEOPLE = Number(args.people)
const QUERIES = Number(args.queries)
const adminUrl = new URL(args.url)
adminUrl.pathname = '/postgres'
const benchUrl = new URL(args.url)
benchUrl.pathname = '/ppcm_bench'

const log = (...parts: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...parts)
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl.toString() })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

// Loading --------------------------------------------------------------------------------------

const LOADED_TABLES = [
  'people',
  'person_aliases',
  'person_addresses',
  'person_vehicles',
  'person_search_terms',
  'person_search_identifiers',
]

/** Secondary indexes are dropped for the load and built again after it, as any bulk load does. */
async function dropIndexes(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = 'public' and i.tablename = any($1)
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [LOADED_TABLES],
  )
  for (const r of rows) await pool.query(`drop index ${r.name}`)
  return rows.map((r) => r.def)
}

async function load(pool: pg.Pool) {
  const faker = new Faker({ locale: [en_GB, en] })
  faker.seed(20261121)
  const areas = AREAS.map((a) => ({ weight: a.code === 'london' ? 5 : 1, value: a.code }))
  const batchSize = 5000
  let pending: Promise<unknown> = Promise.resolve()
  for (let done = 0; done < PEOPLE; done += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, PEOPLE - done) }, () => ({
      id: randomUUID(),
      ...syntheticPerson(faker, faker.helpers.weightedArrayElement(areas), 'full'),
    }))
    await pending
    pending = insertBatch(pool, batch)
    if ((done + batchSize) % 100_000 === 0) log(`${done + batchSize} people generated`)
  }
  await pending
}

type Batch = ({ id: string } & ReturnType<typeof syntheticPerson>)[]

async function insertBatch(pool: pg.Pool, batch: Batch) {
  const col = <T>(rows: T[], pick: (r: T) => unknown) => rows.map(pick)
  const p = batch.map((b) => ({ id: b.id, ...b.person }))
  await pool.query(
    `insert into people (id, given_name, middle_names, family_name, date_of_birth, gender, ethnicity, area_code,
       pnc_id, crn, nhs_number, prison_number)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
    [
      col(p, (r) => r.id),
      col(p, (r) => r.givenName),
      col(p, (r) => r.middleNames),
      col(p, (r) => r.familyName),
      col(p, (r) => r.dateOfBirth),
      col(p, (r) => r.gender),
      col(p, (r) => r.ethnicity),
      col(p, (r) => r.areaCode),
      col(p, (r) => r.pncId),
      col(p, (r) => r.crn),
      col(p, (r) => r.nhsNumber),
      col(p, (r) => r.prisonNumber),
    ],
  )
  const aliases = batch.flatMap((b) => b.aliases.map((a) => ({ ...a, personId: b.id })))
  const addresses = batch.flatMap((b) => b.addresses.map((a) => ({ ...a, personId: b.id })))
  const vehicles = batch.flatMap((b) => b.vehicles.map((v) => ({ ...v, personId: b.id })))
  await Promise.all([
    pool.query(
      `insert into person_aliases (person_id, position, given_name, family_name, date_of_birth)
       select * from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::date[])`,
      [
        col(aliases, (r) => r.personId),
        col(aliases, (r) => r.position),
        col(aliases, (r) => r.givenName),
        col(aliases, (r) => r.familyName),
        col(aliases, (r) => r.dateOfBirth),
      ],
    ),
    pool.query(
      `insert into person_addresses (person_id, kind, line1, town, postcode, valid_from, valid_to)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[])`,
      [
        col(addresses, (r) => r.personId),
        col(addresses, (r) => r.kind),
        col(addresses, (r) => r.line1),
        col(addresses, (r) => r.town),
        col(addresses, (r) => r.postcode),
        col(addresses, (r) => r.validFrom),
        col(addresses, (r) => r.validTo),
      ],
    ),
    pool.query(
      `insert into person_vehicles (person_id, registration, make, colour, relationship)
       select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        col(vehicles, (r) => r.personId),
        col(vehicles, (r) => r.registration),
        col(vehicles, (r) => r.make),
        col(vehicles, (r) => r.colour),
        col(vehicles, (r) => r.relationship),
      ],
    ),
  ])
}

// Queries --------------------------------------------------------------------------------------

interface Known {
  id: string
  given_name: string
  family_name: string
  date_of_birth: string
  pnc_id: string | null
  crn: string | null
  aliases: { given_name: string; family_name: string }[] | null
  postcodes: string[] | null
  vehicles: string[] | null
}

interface Query {
  kind: string
  intended: string
  params: Record<string, string>
  /** What the ILIKE baseline gets: the name as typed, the date as typed, the rest as typed. */
  baseline: { name?: string; dob?: string; identifier?: string; postcode?: string; vehicle?: string }
}

const rng = new Faker({ locale: [en_GB, en] })
rng.seed(42)

/** A typing mistake: a dropped, doubled, swapped or wrong letter (never the first letter). */
function misspell(word: string): string {
  if (word.length < 4) return word
  const i = rng.number.int({ min: 1, max: word.length - 2 })
  const c = word.charAt(i)
  switch (rng.number.int({ min: 0, max: 3 })) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1)
    case 1:
      return word.slice(0, i) + c + word.slice(i)
    case 2:
      return word.slice(0, i) + word.charAt(i + 1) + c + word.slice(i + 2)
    default: {
      const vowels = 'aeiouy'
      const swap = vowels.includes(c.toLowerCase())
        ? rng.helpers.arrayElement([...vowels].filter((v) => v !== c.toLowerCase()))
        : rng.helpers.arrayElement(['c', 'k', 's', 'n', 'm', 't', 'd'].filter((v) => v !== c.toLowerCase()))
      return word.slice(0, i) + swap + word.slice(i + 1)
    }
  }
}

const dayFirst = (iso: string) => {
  const [y, m, d] = iso.split('-')
  return `${Number(d)}/${Number(m)}/${y}`
}
function swappedDate(iso: string): string | undefined {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  if (d > 12 || d === m) return undefined
  return `${y}-${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}`
}
function yearOut(iso: string): string {
  const [y, m, d] = iso.split('-')
  const shifted = `${Number(y) + rng.helpers.arrayElement([-1, 1])}-${m}-${d}`
  return shifted.endsWith('02-29') ? iso : shifted
}
const otherForm = (given: string) => {
  const groups = nicknameGroups(given)
  const forms = NICKNAME_PAIRS.filter((p) => groups.includes(p.group) && p.name !== given.toLowerCase())
  return forms.length ? rng.helpers.arrayElement(forms).name : undefined
}

function buildQuery(k: Known): Query {
  const dob = k.date_of_birth
  const name = (given: string, family: string, date: string, kind: string): Query => ({
    kind,
    intended: k.id,
    params: { q: `${given} ${family} ${dayFirst(date)}` },
    baseline: { name: `${given} ${family}`, dob: date },
  })
  const pick = rng.number.int({ min: 1, max: 100 })
  if (pick <= 30) {
    const family = rng.datatype.boolean() ? misspell(k.family_name) : k.family_name
    const given = family === k.family_name ? misspell(k.given_name) : k.given_name
    return name(given, family, dob, 'misspelt name')
  }
  if (pick <= 45) {
    const swapped = swappedDate(dob)
    return swapped
      ? {
          kind: 'day and month swapped',
          intended: k.id,
          params: { givenName: k.given_name, familyName: k.family_name, dob: swapped },
          baseline: { name: `${k.given_name} ${k.family_name}`, dob: swapped },
        }
      : name(k.given_name, k.family_name, yearOut(dob), 'a year out')
  }
  if (pick <= 55) return name(k.given_name, misspell(k.family_name), yearOut(dob), 'misspelt, a year out')
  if (pick <= 65) {
    const alias = k.aliases?.[0]
    return alias
      ? name(alias.given_name, alias.family_name, dob, 'alias')
      : name(k.given_name, misspell(k.family_name), dob, 'misspelt name')
  }
  if (pick <= 75) {
    return {
      kind: 'name order swapped',
      intended: k.id,
      params: { q: `${k.family_name} ${k.given_name} ${dayFirst(dob)}` },
      baseline: { name: `${k.family_name} ${k.given_name}`, dob },
    }
  }
  if (pick <= 82) {
    const form = otherForm(k.given_name)
    return form
      ? name(form, k.family_name, dob, 'nickname')
      : name(misspell(k.given_name), k.family_name, dob, 'misspelt name')
  }
  if (pick <= 87 && k.family_name.includes('-')) {
    const part = rng.helpers.arrayElement(k.family_name.split('-'))
    return name(k.given_name, part, dob, 'part of a double-barrelled name')
  }
  if (pick <= 92 && k.pnc_id) {
    const short = k.pnc_id.slice(2).replace(/\/0+/, '/').toLowerCase()
    return {
      kind: 'PNC ID, 2-digit year',
      intended: k.id,
      params: { identifier: short },
      baseline: { identifier: short },
    }
  }
  if (pick <= 96 && k.postcodes?.length) {
    const postcode = rng.helpers.arrayElement(k.postcodes).replace(' ', '').toLowerCase()
    return {
      kind: 'postcode and family name',
      intended: k.id,
      params: { familyName: k.family_name, postcode },
      baseline: { name: k.family_name, postcode },
    }
  }
  if (k.vehicles?.length) {
    const reg = k.vehicles[0]!
    const typed = `${reg.slice(0, 4)} ${reg.slice(4)}`.toLowerCase()
    return { kind: 'vehicle', intended: k.id, params: { vehicle: typed }, baseline: { vehicle: typed } }
  }
  return name(misspell(k.given_name), k.family_name, dob, 'misspelt name')
}

/** The plain search: the name as typed inside the full name (ILIKE), dates and the rest exactly. */
async function baselineTop10(pool: pg.Pool, b: Query['baseline']): Promise<string[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (clause: (n: number) => string, value: unknown) => {
    params.push(value)
    where.push(clause(params.length))
  }
  if (b.name) {
    add(
      (n) => `(p.given_name || ' ' || p.family_name ilike $${n} or exists (select 1 from person_aliases a
        where a.person_id = p.id and a.given_name || ' ' || a.family_name ilike $${n}))`,
      `%${b.name}%`,
    )
  }
  if (b.dob) add((n) => `p.date_of_birth = $${n}`, b.dob)
  if (b.identifier) add((n) => `(p.pnc_id ilike $${n} or p.crn ilike $${n})`, b.identifier)
  if (b.postcode) {
    add(
      (n) => `exists (select 1 from person_addresses x where x.person_id = p.id and x.postcode ilike $${n})`,
      b.postcode,
    )
  }
  if (b.vehicle) {
    add(
      (n) =>
        `exists (select 1 from person_vehicles v where v.person_id = p.id and v.registration ilike $${n})`,
      b.vehicle,
    )
  }
  const { rows } = await pool.query<{ id: string }>(
    `select p.id from people p where ${where.join(' and ')} order by p.family_name, p.given_name limit 10`,
    params,
  )
  return rows.map((r) => r.id)
}

// Measuring ------------------------------------------------------------------------------------

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>()
  const keep = (response: Response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [k, v] = pair!.split('=')
      jar.set(k!, v!)
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const form = await fetch(`${base}/sign-in`)
  keep(form)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!
  const signedIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username: 'police.om', password: DEMO_PASSWORD }),
  })
  keep(signedIn)
  if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`)
  return cookie()
}

async function run(base: string, cookie: string, queries: Query[], concurrency: number) {
  const latencies: number[] = []
  const top10 = new Map<Query, string[]>()
  let next = 0
  const worker = async () => {
    while (next < queries.length) {
      const q = queries[next++]!
      const started = performance.now()
      const response = await fetch(`${base}/api/v1/search?${new URLSearchParams(q.params)}`, {
        headers: { cookie },
      })
      const body = (await response.json()) as { results: { person: { id: string } }[] }
      latencies.push(performance.now() - started)
      if (response.status !== 200)
        throw new Error(`search failed: ${response.status} ${JSON.stringify(body)}`)
      top10.set(
        q,
        body.results.slice(0, 10).map((r) => r.person.id),
      )
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1)!, top10 }
}

/** A fresh load: rows without secondary indexes, then search terms, then the indexes again. */
async function loadAll(handle: Awaited<ReturnType<typeof openPostgres>>, pool: pg.Pool) {
  const loadStarted = performance.now()
  const indexes = await dropIndexes(pool)
  await load(pool)
  const rowsLoaded = performance.now()
  log(`${PEOPLE} people loaded in ${seconds(loadStarted)} s`)
  await backfillSearchTerms(handle.db)
  const termsBuilt = performance.now()
  log(`search terms built in ${seconds(rowsLoaded)} s`)
  await pool.query(`set maintenance_work_mem = '2GB'`)
  // Two at a time: the machine has two cores.
  const queue = [...indexes]
  await Promise.all(
    [0, 1].map(async () => {
      const client = await pool.connect()
      try {
        await client.query(`set maintenance_work_mem = '1GB'`)
        for (let def = queue.shift(); def; def = queue.shift()) await client.query(def)
      } finally {
        client.release()
      }
    }),
  )
  await pool.query('vacuum analyze')
  const indexed = performance.now()
  log(`indexes built and analysed in ${seconds(termsBuilt)} s`)
  const counts = (
    await pool.query<{ t: string; n: string }>(
      `select 'people' t, count(*)::text n from people union all select 'aliases', count(*)::text from person_aliases
       union all select 'addresses', count(*)::text from person_addresses union all select 'vehicles', count(*)::text from person_vehicles
       union all select 'search terms', count(*)::text from person_search_terms`,
    )
  ).rows
  log(counts.map((c) => `${c.t} ${c.n}`).join(', '))
  return { load: rowsLoaded - loadStarted, terms: termsBuilt - rowsLoaded, indexes: indexed - termsBuilt }
}

async function main() {
  const started = performance.now()
  if (!args.reuse) {
    log(`fresh database ppcm_bench at ${benchUrl.host}`)
    await admin('drop database if exists ppcm_bench with (force)')
    await admin('create database ppcm_bench')
  }
  const handle = await openPostgres(benchUrl.toString())
  await prepareDatabase(handle, { demoData: true })
  const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 4 })
  const loaded = args.reuse ? undefined : await loadAll(handle, pool)

  const known = (
    await pool.query<Known>(
      `select p.id, p.given_name, p.family_name, p.date_of_birth, p.pnc_id, p.crn,
        (select json_agg(json_build_object('given_name', a.given_name, 'family_name', a.family_name) order by a.position)
          from person_aliases a where a.person_id = p.id) as aliases,
        (select array_agg(x.postcode) from person_addresses x where x.person_id = p.id) as postcodes,
        (select array_agg(v.registration) from person_vehicles v where v.person_id = p.id) as vehicles
       from people p tablesample bernoulli ($2) repeatable (7) limit $1`,
      [QUERIES, Math.min(100, (300 * QUERIES) / PEOPLE)],
    )
  ).rows
  const queries = known.map(buildQuery)

  const config = loadConfig({ DATABASE_URL: benchUrl.toString(), LOG_LEVEL: 'silent', DEMO_DATA: 'false' })
  const app = await buildApp({ config, database: handle })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const cookie = await signIn(base)
  await run(base, cookie, queries, 4) // warm the caches
  const measuredAt = new Date().toISOString()
  const one = await run(base, cookie, queries, 1)
  const eight = await run(base, cookie, queries, 8)
  // The floor under any signed-in API request here: session, principal and audit, no matches.
  const floor = await run(
    base,
    cookie,
    queries.map((q) => ({ ...q, params: { dob: '1800-01-01' } })),
    1,
  )
  const machineLoad = loadavg().map((l) => l.toFixed(1))

  const recall = (top: Map<Query, string[]>) =>
    queries.filter((q) => top.get(q)?.includes(q.intended)).length / queries.length
  const baseline = new Map<Query, string[]>()
  for (const q of queries) baseline.set(q, await baselineTop10(pool, q.baseline))

  const byKind = new Map<string, { n: number; found: number; baseline: number }>()
  for (const q of queries) {
    const k = byKind.get(q.kind) ?? { n: 0, found: 0, baseline: 0 }
    k.n++
    if (one.top10.get(q)?.includes(q.intended)) k.found++
    if (baseline.get(q)?.includes(q.intended)) k.baseline++
    byKind.set(q.kind, k)
  }
  const missed = queries.filter((q) => !one.top10.get(q)?.includes(q.intended))

  console.log('\n## Results')
  const people = (await pool.query<{ n: string }>('select count(*)::text as n from people')).rows[0]!.n
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  console.log(
    `people: ${people}` +
      (loaded
        ? `; load ${s(loaded.load)}, search terms ${s(loaded.terms)}, indexes ${s(loaded.indexes)}`
        : ''),
  )
  console.log(`queries: ${queries.length}`)
  console.log(
    `concurrency 1: p50 ${one.p50.toFixed(1)} ms, p95 ${one.p95.toFixed(1)} ms, max ${one.max.toFixed(1)} ms`,
  )
  console.log(
    `concurrency 8: p50 ${eight.p50.toFixed(1)} ms, p95 ${eight.p95.toFixed(1)} ms, max ${eight.max.toFixed(1)} ms`,
  )
  console.log(
    `floor (same stack, a search that matches nobody), concurrency 1: p50 ${floor.p50.toFixed(1)} ms`,
  )
  console.log(`measured from ${measuredAt}; load average afterwards ${machineLoad.join(' ')}`)
  console.log(
    `top-10 recall: ${recall(one.top10).toFixed(3)} (ILIKE baseline ${recall(baseline).toFixed(3)})`,
  )
  console.log('by kind (n, found, baseline):')
  for (const [kind, k] of byKind) console.log(`  ${kind}: ${k.n}, ${k.found}, ${k.baseline}`)
  for (const q of missed) console.log(`  missed: ${q.kind} ${JSON.stringify(q.params)}`)
  console.log(`total ${seconds(started)} s`)

  await app.close()
  await pool.end()
  await handle.close().catch(() => undefined)
}

await main()
