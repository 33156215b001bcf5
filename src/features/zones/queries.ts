import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { personAddresses, users, zones } from '../../db/schema.js'
import type { BBox, ZoneGeometry } from '../../domain/geo/index.js'
import type { Principal } from '../../security/principal.js'
import { type TimelineEntry, recordTimeline } from '../timeline/service.js'

const columns = {
  id: zones.id,
  personId: zones.personId,
  conditionId: zones.conditionId,
  name: zones.name,
  kind: zones.kind,
  geometry: zones.geometry,
  circle: zones.circle,
  minLon: zones.minLon,
  minLat: zones.minLat,
  maxLon: zones.maxLon,
  maxLat: zones.maxLat,
  startsOn: zones.startsOn,
  endsOn: zones.endsOn,
  createdAt: zones.createdAt,
  createdByName: users.displayName,
  updatedAt: zones.updatedAt,
  version: zones.version,
}

type Selected = Awaited<ReturnType<typeof selectZones>>[number]
export type ZoneRow = Omit<Selected, 'geometry'> & { geometry: ZoneGeometry }

function selectZones(db: Database) {
  return db.select(columns).from(zones).leftJoin(users, eq(users.id, zones.createdBy))
}

export async function zonesOf(db: Database, personId: string): Promise<ZoneRow[]> {
  return (await selectZones(db)
    .where(eq(zones.personId, personId))
    .orderBy(asc(zones.name), desc(zones.createdAt))) as ZoneRow[]
}

export async function findZone(db: Database, personId: string, zoneId: string): Promise<ZoneRow | undefined> {
  const [row] = await selectZones(db).where(and(eq(zones.id, zoneId), eq(zones.personId, personId)))
  return row as ZoneRow | undefined
}

export interface ZoneValues {
  name: string
  kind: string
  conditionId: string | null
  geometry: ZoneGeometry
  bbox: BBox
  circle: { centre: [number, number]; radiusMetres: number } | null
  startsOn: string | null
  endsOn: string | null
}

const columnsOf = ({ bbox, ...values }: Partial<ZoneValues>) => ({
  ...values,
  ...(bbox ? { minLon: bbox[0], minLat: bbox[1], maxLon: bbox[2], maxLat: bbox[3] } : {}),
})

type Timeline = Omit<TimelineEntry, 'personId' | 'recordId' | 'recordType'>

export async function insertZone(
  db: Database,
  principal: Principal,
  personId: string,
  values: ZoneValues,
  timeline: Timeline,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(zones)
      .values({
        ...columnsOf(values),
        personId,
        createdBy: principal.kind === 'user' ? principal.userId : null,
      } as typeof zones.$inferInsert)
      .returning({ id: zones.id })
    await recordTimeline(tx, principal, { ...timeline, personId, recordType: 'zone', recordId: row!.id })
    return row!.id
  })
}

/** Writes only if the zone is still at `version`; `updated_at` moves so every instance reloads. */
export async function updateZone(
  db: Database,
  principal: Principal,
  where: { personId: string; id: string; version: number },
  values: Partial<ZoneValues>,
  timeline: Timeline,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(zones)
      .set({ ...columnsOf(values), updatedAt: sql`now()`, version: sql`${zones.version} + 1` })
      .where(
        and(eq(zones.id, where.id), eq(zones.personId, where.personId), eq(zones.version, where.version)),
      )
      .returning({ id: zones.id })
    if (rows.length === 0) return false
    await recordTimeline(tx, principal, {
      ...timeline,
      personId: where.personId,
      recordType: 'zone',
      recordId: where.id,
    })
    return true
  })
}

/**
 * Changes whenever any zone is added, changed or removed: the row count, the sum of versions
 * (every update adds one) and the latest update. Cheap enough to ask before each use.
 */
export async function zonesStamp(db: Database): Promise<string> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      versions: sql<string>`coalesce(sum(${zones.version}), 0)::text`,
      latest: sql<string | null>`max(${zones.updatedAt})::text`,
    })
    .from(zones)
  return `${row!.count}|${row!.versions}|${row!.latest ?? ''}`
}

/** Every zone, for the in-memory index. */
export async function allZones(db: Database) {
  const rows = await db
    .select({
      id: zones.id,
      personId: zones.personId,
      name: zones.name,
      kind: zones.kind,
      geometry: zones.geometry,
      minLon: zones.minLon,
      minLat: zones.minLat,
      maxLon: zones.maxLon,
      maxLat: zones.maxLat,
      startsOn: zones.startsOn,
      endsOn: zones.endsOn,
    })
    .from(zones)
    .orderBy(asc(zones.createdAt), asc(zones.id))
  return rows.map(({ geometry, minLon, minLat, maxLon, maxLat, ...rest }) => ({
    ...rest,
    geometry: geometry as ZoneGeometry,
    bbox: [minLon, minLat, maxLon, maxLat] as BBox,
  }))
}

/** Current addresses with coordinates of some people (not corrected, in force on `today`). */
export async function currentAddressPoints(db: Database, personIds: string[], today: string) {
  if (personIds.length === 0) return []
  return db
    .select({
      id: personAddresses.id,
      personId: personAddresses.personId,
      kind: personAddresses.kind,
      line1: personAddresses.line1,
      postcode: personAddresses.postcode,
      lat: personAddresses.latitude,
      lon: personAddresses.longitude,
    })
    .from(personAddresses)
    .where(
      and(
        inArray(personAddresses.personId, personIds),
        isNull(personAddresses.correctedAt),
        or(isNull(personAddresses.validTo), gte(personAddresses.validTo, today)),
        or(isNull(personAddresses.validFrom), lte(personAddresses.validFrom, today)),
        isNotNull(personAddresses.latitude),
        isNotNull(personAddresses.longitude),
      ),
    ) as Promise<
    {
      id: string
      personId: string
      kind: string
      line1: string | null
      postcode: string | null
      lat: number
      lon: number
    }[]
  >
}
