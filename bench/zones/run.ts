// Zone-check benchmark (not a test; never run by .ci/run). Generates 50,000 zones (10-40 vertices,
// 5 per person, 10,000 people) across England and Wales and 1,000,000 location points (100 per
// person), then measures on one core: points checked against their own person's zones in-process;
// "which of all 50,000 zones contain this point" with the R-tree (flatbush) and with a plain
// point-in-polygon loop over every zone (on a sample, extrapolated); and the same points through
// POST /api/v1/zones/check over HTTP on 127.0.0.1 (buildApp on a PostgreSQL database loaded with
// the zones). Every mode's answers are compared.
// Run: npx tsx bench/zones/run.ts [--url postgres://postgres@127.0.0.1:5432] [--sample 100]
import { randomUUID } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { eq } from 'drizzle-orm'
import pg from 'pg'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openPostgres } from '../../src/db/connection.js'
import { prepareDatabase } from '../../src/db/prepare.js'
import { agencies, people, zones as zonesTable } from '../../src/db/schema.js'
import {
  type IndexedZone,
  type LatLon,
  type ZoneGeometry,
  ZoneIndex,
  parseZoneGeoJson,
  zonesAmongContaining,
} from '../../src/domain/geo/index.js'
import { checkPoints } from '../../src/features/zones/service.js'
import { createApiKey } from '../../src/security/api-keys.js'

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
    sample: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
  },
})
const PEOPLE = 10_000
const ZONES_PER_PERSON = 5
const POINTS_PER_PERSON = 100
const SAMPLE = Number(args.sample)
const adminUrl = new URL(args.url)
adminUrl.pathname = '/postgres'
const benchUrl = new URL(args.url)
benchUrl.pathname = '/ppcm_bench_zones'

const log = (...parts: unknown[]) => console.log(new Date().toISOString().slice(11, 19), ...parts)
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB')

/** Seeded, so every run measures the same zones and points (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const rand = random(20261121)
const between = (a: number, b: number) => a + (b - a) * rand()
const metresToLat = (m: number) => m / 111_320
const metresToLon = (m: number, lat: number) => m / (111_320 * Math.cos((lat * Math.PI) / 180))

interface BenchZone extends IndexedZone {
  id: string
  personId: string
  name: string
  kind: 'exclusion' | 'inclusion'
  startsOn: null
  endsOn: null
}

/** A star-shaped ring around a centre: angles strictly increase, so it never crosses itself. */
function starPolygon(centre: LatLon, radiusMetres: number, vertices: number): ZoneGeometry {
  const ring: [number, number][] = []
  for (let i = 0; i < vertices; i++) {
    const angle = ((i + between(0.1, 0.9)) / vertices) * 2 * Math.PI
    const r = radiusMetres * between(0.55, 1)
    ring.push([
      Math.round((centre.lon + metresToLon(r * Math.cos(angle), centre.lat)) * 1e6) / 1e6,
      Math.round((centre.lat + metresToLat(r * Math.sin(angle))) * 1e6) / 1e6,
    ])
  }
  ring.push(ring[0]!)
  return { type: 'Polygon', coordinates: [ring] }
}

function generate() {
  const personIds: string[] = []
  const homes: LatLon[] = []
  const zones: BenchZone[] = []
  let invalid = 0
  const validationStarted = { ms: 0 }
  for (let p = 0; p < PEOPLE; p++) {
    personIds.push(randomUUID())
    // A box spanning England and Wales, from Pembrokeshire and Cornwall to Norfolk and Northumberland.
    const home = { lat: between(50.3, 55.6), lon: between(-5.3, 1.6) }
    homes.push(home)
    for (let z = 0; z < ZONES_PER_PERSON; z++) {
      const centre = {
        lat: home.lat + metresToLat(between(-8_000, 8_000)),
        lon: home.lon + metresToLon(between(-8_000, 8_000), home.lat),
      }
      const polygon = starPolygon(centre, between(200, 3_000), Math.floor(between(10, 41)))
      const started = performance.now()
      const parsed = parseZoneGeoJson(polygon)
      validationStarted.ms += performance.now() - started
      if (!parsed.ok) {
        invalid++
        z--
        continue
      }
      zones.push({
        id: randomUUID(),
        personId: personIds[p]!,
        name: `Zone ${p}-${z}`,
        kind: z === 0 ? 'inclusion' : 'exclusion',
        geometry: parsed.geometry,
        bbox: parsed.bbox,
        startsOn: null,
        endsOn: null,
      })
    }
  }
  const byPerson = new Map<string, BenchZone[]>()
  for (const zone of zones) byPerson.set(zone.personId, [...(byPerson.get(zone.personId) ?? []), zone])

  // Points: 40% somewhere in the box of one of the person's zones, 60% within 10 km of home.
  const points: LatLon[] = []
  const owners: string[] = []
  for (let p = 0; p < PEOPLE; p++) {
    const own = byPerson.get(personIds[p]!)!
    for (let i = 0; i < POINTS_PER_PERSON; i++) {
      if (rand() < 0.4) {
        const [w, s, e, n] = own[Math.floor(rand() * own.length)]!.bbox
        points.push({ lat: between(s, n), lon: between(w, e) })
      } else {
        const home = homes[p]!
        points.push({
          lat: home.lat + metresToLat(between(-10_000, 10_000)),
          lon: home.lon + metresToLon(between(-10_000, 10_000), home.lat),
        })
      }
      owners.push(personIds[p]!)
    }
  }
  return { personIds, zones, byPerson, points, owners, invalid, validationMs: validationStarted.ms }
}

/** Runs `fn` three times and keeps the median time. */
function timed(fn: () => void) {
  const runs: number[] = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    fn()
    runs.push(performance.now() - started)
  }
  return runs.sort((a, b) => a - b)[1]!
}

const key = (ids: string[]) => [...ids].sort().join(',')

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl.toString() })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

async function main() {
  log(
    `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model}), load ${loadavg()[0]!.toFixed(2)}`,
  )
  let started = performance.now()
  const data = generate()
  const vertices = data.zones.reduce(
    (n, z) => n + (z.geometry as { coordinates: number[][][] }).coordinates[0]!.length - 1,
    0,
  )
  log(
    `generated ${fmt(data.zones.length)} zones (${fmt(vertices / data.zones.length)} vertices on average, ${data.invalid} refused by validation) and ${fmt(data.points.length)} points in ${((performance.now() - started) / 1000).toFixed(1)} s; validating every zone took ${(data.validationMs / 1000).toFixed(1)} s`,
  )

  // 1. Own person's zones, in-process (the domain loop the endpoint uses).
  const own: string[][] = new Array(data.points.length)
  const ownMs = timed(() => {
    for (let i = 0; i < data.points.length; i++)
      own[i] = zonesAmongContaining(data.byPerson.get(data.owners[i]!)!, data.points[i]!).map((z) => z.id)
  })
  const hits = own.filter((ids) => ids.length > 0).length
  log(
    `own zones, in-process: ${fmt(data.points.length / (ownMs / 1000))} points/s (${ownMs.toFixed(0)} ms for 1,000,000; ${fmt(hits)} points in at least one zone)`,
  )

  // 2. All 50,000 zones with the R-tree.
  started = performance.now()
  const index = new ZoneIndex(data.zones)
  const buildMs = performance.now() - started
  const all: string[][] = new Array(data.points.length)
  const allMs = timed(() => {
    for (let i = 0; i < data.points.length; i++) all[i] = index.containing(data.points[i]!).map((z) => z.id)
  })
  log(
    `all zones, R-tree: ${fmt(data.points.length / (allMs / 1000))} points/s (${allMs.toFixed(0)} ms; index built in ${buildMs.toFixed(0)} ms)`,
  )

  // 3. Plain loop over every zone, on a sample, extrapolated.
  const sampleStep = Math.floor(data.points.length / SAMPLE)
  const plain: { i: number; ids: string[] }[] = []
  started = performance.now()
  for (let s = 0; s < SAMPLE; s++) {
    const point = data.points[s * sampleStep]!
    const ids: string[] = []
    for (const zone of data.zones)
      if (booleanPointInPolygon([point.lon, point.lat], zone.geometry)) ids.push(zone.id)
    plain.push({ i: s * sampleStep, ids })
  }
  const plainMs = performance.now() - started
  const plainRate = SAMPLE / (plainMs / 1000)
  const allRate = data.points.length / (allMs / 1000)
  log(
    `all zones, plain loop: ${plainRate.toFixed(1)} points/s (${SAMPLE} sampled points in ${(plainMs / 1000).toFixed(1)} s); R-tree is ${fmt(allRate / plainRate)} times faster`,
  )

  // Answers: the R-tree's zones of the point's own person, and the plain loop's, equal the own-zone answers.
  const personOf = new Map(data.zones.map((z) => [z.id, z.personId]))
  let mismatches = 0
  for (let i = 0; i < data.points.length; i++) {
    const mine = all[i]!.filter((id) => personOf.get(id) === data.owners[i])
    if (key(mine) !== key(own[i]!)) mismatches++
  }
  const plainMismatches = plain.filter((p) => key(p.ids) !== key(all[p.i]!)).length
  log(
    `answers: R-tree vs own-zone loop differ for ${mismatches} points; plain loop vs R-tree differ for ${plainMismatches} of ${SAMPLE}`,
  )

  // 4. Through HTTP, on PostgreSQL.
  log('loading PostgreSQL database ppcm_bench_zones')
  await admin('drop database if exists ppcm_bench_zones with (force)')
  await admin('create database ppcm_bench_zones')
  const handle = await openPostgres(benchUrl.toString())
  await prepareDatabase(handle, { demoData: true })
  const { db } = handle
  started = performance.now()
  for (let p = 0; p < PEOPLE; p += 1_000)
    await db.insert(people).values(
      data.personIds.slice(p, p + 1_000).map((id, i) => ({
        id,
        givenName: 'Bench',
        familyName: `Person ${p + i}`,
        dateOfBirth: '1980-01-01',
        areaCode: 'west-yorkshire',
      })),
    )
  for (let z = 0; z < data.zones.length; z += 1_000)
    await db.insert(zonesTable).values(
      data.zones.slice(z, z + 1_000).map((zone) => ({
        id: zone.id,
        personId: zone.personId,
        name: zone.name,
        kind: zone.kind,
        geometry: zone.geometry,
        minLon: zone.bbox[0],
        minLat: zone.bbox[1],
        maxLon: zone.bbox[2],
        maxLat: zone.bbox[3],
      })),
    )
  log(
    `loaded 10,000 people and ${fmt(data.zones.length)} zones in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )

  // The service in-process on the database-loaded cache: the endpoint's function, with `at` times.
  const at = '2026-06-01T10:00:00+01:00'
  started = performance.now()
  await checkPoints(db, data.personIds[0]!, [])
  log(`zone indexes loaded from PostgreSQL and built in ${(performance.now() - started).toFixed(0)} ms`)
  const timedPoints = data.points.map((p) => ({ ...p, at }))
  started = performance.now()
  let serviceMismatches = 0
  for (let p = 0; p < PEOPLE; p++) {
    const from = p * POINTS_PER_PERSON
    const results = await checkPoints(
      db,
      data.personIds[p]!,
      timedPoints.slice(from, from + POINTS_PER_PERSON),
    )
    for (const r of results)
      if (key(r.zones.map((z) => z.id)) !== key(own[from + r.index]!)) serviceMismatches++
  }
  const serviceMs = performance.now() - started
  log(
    `service checkPoints in-process (100 points per person, with times): ${fmt(data.points.length / (serviceMs / 1000))} points/s; differ for ${serviceMismatches}`,
  )

  const config = loadConfig({ DATABASE_URL: benchUrl.toString(), LOG_LEVEL: 'silent', DEMO_DATA: 'false' })
  const app = await buildApp({ config, database: handle })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const [wyp] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'wyp'))
  const token = (
    await createApiKey(db, { agencyId: wyp!.id, name: 'Bench EM feed', scopes: ['person:view'] })
  ).key
  const post = async (personId: string, points: typeof timedPoints) => {
    const response = await fetch(`${base}/api/v1/zones/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ personId, points }),
    })
    if (response.status !== 200)
      throw new Error(`check answered ${response.status}: ${await response.text()}`)
    return ((await response.json()) as { results: { index: number; zones: { id: string }[] }[] }).results
  }

  // a) All 1,000,000 points, one request per person (100 points each), `concurrency` in flight.
  const concurrency = Number(args.concurrency)
  let next = 0
  let httpMismatches = 0
  const latencies: number[] = []
  started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < PEOPLE) {
        const p = next++
        const from = p * POINTS_PER_PERSON
        const sent = performance.now()
        const results = await post(data.personIds[p]!, timedPoints.slice(from, from + POINTS_PER_PERSON))
        latencies.push(performance.now() - sent)
        for (const r of results)
          if (key(r.zones.map((z) => z.id)) !== key(own[from + r.index]!)) httpMismatches++
      }
    }),
  )
  const httpMs = performance.now() - started
  latencies.sort((a, b) => a - b)
  log(
    `HTTP, 10,000 requests of 100 points, concurrency ${concurrency}: ${fmt(data.points.length / (httpMs / 1000))} points/s (${(httpMs / 1000).toFixed(1)} s); latency p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(1)} ms, p95 ${latencies[Math.floor(latencies.length * 0.95)]!.toFixed(1)} ms; answers differ for ${httpMismatches}`,
  )

  // b) Full batches: 10,000 points for one person (the largest request allowed), 20 times.
  const busiest = data.personIds[0]!
  const ownZones = data.byPerson.get(busiest)!
  const batch = Array.from({ length: 10_000 }, (_, i) => {
    const [w, s, e, n] = ownZones[i % ownZones.length]!.bbox
    return { lat: between(s - 0.01, n + 0.01), lon: between(w - 0.01, e + 0.01), at }
  })
  const expected = batch.map((p) => key(zonesAmongContaining(ownZones, p).map((z) => z.id)))
  let batchMismatches = 0
  started = performance.now()
  for (let r = 0; r < 20; r++) {
    const results = await post(busiest, batch)
    for (const x of results) if (key(x.zones.map((z) => z.id)) !== expected[x.index]) batchMismatches++
  }
  const batchMs = performance.now() - started
  log(
    `HTTP, 20 requests of 10,000 points, one at a time: ${fmt(200_000 / (batchMs / 1000))} points/s (${(batchMs / 20).toFixed(0)} ms a request); answers differ for ${batchMismatches}`,
  )

  await app.close()
  await handle.close()
  log(`done; load ${loadavg()[0]!.toFixed(2)}`)
}

await main()
