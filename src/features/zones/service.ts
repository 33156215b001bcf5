import type { Database } from '../../db/connection.js'
import {
  type LatLon,
  type ZoneGeometry,
  circleZone,
  distanceMetres,
  parseZoneGeoJson,
  zoneActiveOn,
  zoneContains,
  zonesAmongContaining,
} from '../../domain/geo/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { Principal } from '../../security/principal.js'
import { activeNoContacts, conditionsOf } from '../conditions/service.js'
import { type CachedZone, zoneIndexCache } from './index-cache.js'
import * as queries from './queries.js'
import type { ZoneRow, ZoneValues } from './queries.js'
import { ZONE_KINDS, type ZoneFields, zoneEnd, zoneFields } from './schema.js'
import { issueProblems } from '../../web/forms.js'

export type Problem = { path: string; message: string }
export type ZoneStatus = 'active' | 'future' | 'ended'
export interface Zone extends ZoneRow {
  status: ZoneStatus
}

export function statusOf(
  zone: { startsOn: string | null; endsOn: string | null },
  today: string,
): ZoneStatus {
  if (zone.endsOn && zone.endsOn < today) return 'ended'
  return zone.startsOn && zone.startsOn > today ? 'future' : 'active'
}

const withStatus = (row: ZoneRow, today: string): Zone => ({ ...row, status: statusOf(row, today) })

export async function zonesOf(db: Database, personId: string, today: string): Promise<Zone[]> {
  return (await queries.zonesOf(db, personId)).map((row) => withStatus(row, today))
}

export async function findZone(db: Database, personId: string, zoneId: string, today: string) {
  const row = await queries.findZone(db, personId, zoneId)
  return row && withStatus(row, today)
}

/** The person's current addresses with coordinates, to show on the zone map. */
export const addressPointsOf = (db: Database, personId: string, today: string) =>
  queries.currentAddressPoints(db, [personId], today)

/** Where a zone's shape comes from: GeoJSON (drawn or imported), or a circle's centre and radius. */
export type ZoneShape = { geojson: unknown } | { circle: LatLon & { radiusMetres: number } }

function shapeOf(
  shape: ZoneShape,
):
  | { geometry: ZoneGeometry; bbox: ZoneValues['bbox']; circle: ZoneValues['circle'] }
  | { problems: Problem[] } {
  if ('circle' in shape) {
    const { radiusMetres, ...centre } = shape.circle
    const result = circleZone(centre, radiusMetres)
    return result.ok
      ? result
      : { problems: result.problems.map((p) => ({ path: `circle.${p.path}`, message: p.message })) }
  }
  const result = parseZoneGeoJson(shape.geojson)
  return result.ok
    ? { ...result, circle: null }
    : { problems: result.problems.map((message) => ({ path: 'geometry', message })) }
}

/** A zone may enforce an exclusion-zone or inclusion/curfew condition of the same person. */
async function conditionProblems(db: Database, personId: string, conditionId: string | null | undefined) {
  if (!conditionId) return []
  const linkable = (await conditionsOf(db, personId, '0000-01-01')).filter((c) =>
    ['exclusion_zone', 'inclusion_curfew'].includes(c.kind),
  )
  return linkable.some((c) => c.id === conditionId)
    ? []
    : [{ path: 'conditionId', message: 'Select one of the person’s exclusion zone or curfew conditions' }]
}

const datesProblem = (fields: { startsOn?: string | null; endsOn?: string | null }): Problem[] =>
  fields.startsOn && fields.endsOn && fields.endsOn < fields.startsOn
    ? [{ path: 'endsOn', message: 'The end date must be on or after the start date' }]
    : []

const kindText = (kind: string) => (kind === 'exclusion' ? 'Exclusion zone' : 'Inclusion zone')
const describe = (name: string, kind: string, circle: ZoneValues['circle']) =>
  `${kindText(kind)}: ${name}${circle ? ` (circle of ${circle.radiusMetres} m)` : ''}`

export type WriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: Zone }

export async function createZone(
  db: Database,
  principal: Principal,
  personId: string,
  fields: unknown,
  shape: ZoneShape,
): Promise<WriteResult> {
  const parsed = zoneFields.safeParse(fields)
  const shaped = shapeOf(shape)
  const problems = [
    ...(parsed.success ? [] : issueProblems(parsed.error)),
    ...('problems' in shaped ? shaped.problems : []),
  ]
  if (!parsed.success || 'problems' in shaped) return { kind: 'invalid', problems }
  const input: ZoneFields = parsed.data
  problems.push(...(await conditionProblems(db, personId, input.conditionId)), ...datesProblem(input))
  if (problems.length) return { kind: 'invalid', problems }
  const id = await queries.insertZone(
    db,
    principal,
    personId,
    {
      name: input.name,
      kind: input.kind,
      conditionId: input.conditionId ?? null,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      ...shaped,
    },
    { kind: 'zone.added', title: 'Zone added', detail: describe(input.name, input.kind, shaped.circle) },
  )
  zoneIndexCache(db).invalidate()
  return { kind: 'written', id }
}

/** Changes a zone's fields and, if given, its shape, if nobody has changed it since `version`. */
export async function changeZone(
  db: Database,
  principal: Principal,
  personId: string,
  zoneId: string,
  change: { version: number; fields: Partial<ZoneFields>; shape?: ZoneShape },
  today: string,
): Promise<WriteResult> {
  const current = await findZone(db, personId, zoneId, today)
  if (!current) return { kind: 'not_found' }
  if (change.version !== current.version) return { kind: 'stale', current }
  const merged = {
    name: change.fields.name ?? current.name,
    kind: change.fields.kind ?? current.kind,
    conditionId: change.fields.conditionId === undefined ? current.conditionId : change.fields.conditionId,
    startsOn: change.fields.startsOn === undefined ? current.startsOn : change.fields.startsOn,
    endsOn: change.fields.endsOn === undefined ? current.endsOn : change.fields.endsOn,
  }
  const parsed = zoneFields.safeParse(merged)
  const shaped = change.shape ? shapeOf(change.shape) : undefined
  const problems = [
    ...(parsed.success ? [] : issueProblems(parsed.error)),
    ...(shaped && 'problems' in shaped ? shaped.problems : []),
  ]
  if (!parsed.success || (shaped && 'problems' in shaped)) return { kind: 'invalid', problems }
  problems.push(...(await conditionProblems(db, personId, merged.conditionId)), ...datesProblem(merged))
  if (problems.length) return { kind: 'invalid', problems }
  // A form sends the shape back unchanged when only the name or dates change.
  const redrawn =
    shaped && JSON.stringify(shaped.geometry) !== JSON.stringify(current.geometry) ? shaped : undefined
  const values = { ...parsed.data, conditionId: merged.conditionId ?? null, ...(redrawn ?? {}) }
  const written = await queries.updateZone(
    db,
    principal,
    { personId, id: zoneId, version: change.version },
    values,
    {
      kind: 'zone.changed',
      title: redrawn ? 'Zone redrawn' : 'Zone changed',
      detail: describe(values.name, values.kind, redrawn ? redrawn.circle : current.circle),
    },
  )
  zoneIndexCache(db).invalidate()
  if (!written) return { kind: 'stale', current: (await findZone(db, personId, zoneId, today))! }
  return { kind: 'written', id: zoneId }
}

/** Ends a zone on a date: it stays in the record (and in checks of earlier times), as ended. */
export async function endZone(
  db: Database,
  principal: Principal,
  personId: string,
  zoneId: string,
  body: unknown,
  today: string,
): Promise<WriteResult> {
  const current = await findZone(db, personId, zoneId, today)
  if (!current) return { kind: 'not_found' }
  const parsed = zoneEnd.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: issueProblems(parsed.error) }
  if (parsed.data.version !== current.version) return { kind: 'stale', current }
  const problems = datesProblem({ startsOn: current.startsOn, endsOn: parsed.data.endsOn })
  if (current.status === 'ended')
    problems.push({ path: 'endsOn', message: `This zone already ended on ${current.endsOn}` })
  if (problems.length) return { kind: 'invalid', problems }
  const written = await queries.updateZone(
    db,
    principal,
    { personId, id: zoneId, version: parsed.data.version },
    { endsOn: parsed.data.endsOn },
    {
      kind: 'zone.ended',
      title: 'Zone ended',
      detail: `${describe(current.name, current.kind, current.circle)} (ends ${parsed.data.endsOn})`,
    },
  )
  zoneIndexCache(db).invalidate()
  if (!written) return { kind: 'stale', current: (await findZone(db, personId, zoneId, today))! }
  return { kind: 'written', id: zoneId }
}

/** A zone as an RFC 7946 Feature, with its bounding box and the record's fields as properties. */
export function zoneFeature(zone: Zone) {
  return {
    type: 'Feature' as const,
    id: zone.id,
    bbox: [zone.minLon, zone.minLat, zone.maxLon, zone.maxLat],
    geometry: zone.geometry,
    properties: {
      name: zone.name,
      kind: zone.kind,
      personId: zone.personId,
      conditionId: zone.conditionId,
      startsOn: zone.startsOn,
      endsOn: zone.endsOn,
      status: zone.status,
      circle: zone.circle,
      updatedAt: zone.updatedAt.toISOString(),
      version: zone.version,
    },
  }
}

export const zoneCollection = (list: Zone[]) => ({
  type: 'FeatureCollection' as const,
  features: list.map(zoneFeature),
})

export const kindLabel = (kind: string) => ZONE_KINDS.find((k) => k.value === kind)?.text ?? kind

// Checking points ----------------------------------------------------------------------------

/** London's date changes only on a whole UTC hour, so one answer serves each hour. */
const londonDates = new Map<number, string>()
export function londonDateAtMs(epochMs: number): string {
  const hour = Math.floor(epochMs / 3_600_000)
  let date = londonDates.get(hour)
  if (date === undefined) {
    if (londonDates.size > 50_000) londonDates.clear()
    date = londonDateOf(new Date(hour * 3_600_000).toISOString())
    londonDates.set(hour, date)
  }
  return date
}

export interface TimedPoint extends LatLon {
  at: string
}
export type ZoneRef = { id: string; name: string; kind: string }
const refOf = (z: CachedZone): ZoneRef => ({ id: z.id, name: z.name, kind: z.kind })

/** Checks points against one person's zones in force at each point's time (`/api/v1/zones/check`). */
export async function checkPoints(db: Database, personId: string, points: readonly TimedPoint[]) {
  const { byPerson } = await zoneIndexCache(db).current()
  const own = byPerson.get(personId) ?? []
  return points.map((point, index) => {
    if (own.length === 0) return { index, zones: [] }
    const date = londonDateAtMs(Date.parse(point.at))
    return {
      index,
      zones: zonesAmongContaining(own, point)
        .filter((z) => zoneActiveOn(z, date))
        .map(refOf),
    }
  })
}

/** Every zone of anyone that contains a point on a date (the R-tree over all zones). */
export async function zonesContaining(db: Database, point: LatLon, date: string): Promise<CachedZone[]> {
  const { all } = await zoneIndexCache(db).current()
  return all.containing(point).filter((z) => zoneActiveOn(z, date))
}

// Warnings before an address is saved ----------------------------------------------------------

/** How close to a no-contact person's address a new address is warned about. */
export const NO_CONTACT_WARNING_METRES = 500

export type AddressWarning =
  | { kind: 'exclusion_zone'; zoneId: string; text: string }
  | { kind: 'no_contact'; conditionId: string; distanceMetres: number; text: string }

/**
 * What to warn about before recording an address at `point` for a person: it is inside one of
 * their exclusion zones in force today, or within `distanceMetres` of where someone they must not
 * contact (a no-contact condition in force, linked to that person's record) lives now.
 */
export async function addressWarnings(
  db: Database,
  personId: string,
  point: LatLon,
  options: { today?: string; distanceMetres?: number } = {},
): Promise<AddressWarning[]> {
  const today = options.today ?? londonDateOf(new Date().toISOString())
  const limit = options.distanceMetres ?? NO_CONTACT_WARNING_METRES
  const warnings: AddressWarning[] = []
  for (const zone of await zonesOf(db, personId, today)) {
    if (zone.kind === 'exclusion' && zone.status === 'active' && zoneContains(zone.geometry, point))
      warnings.push({
        kind: 'exclusion_zone',
        zoneId: zone.id,
        text: `This address is inside the exclusion zone “${zone.name}”.`,
      })
  }
  const named = (await activeNoContacts(db, personId, today)).filter((n) => n.personId)
  const homes = await queries.currentAddressPoints(
    db,
    named.map((n) => n.personId!),
    today,
  )
  for (const n of named) {
    const nearest = homes
      .filter((h) => h.personId === n.personId)
      .map((h) => distanceMetres(point, h))
      .sort((a, b) => a - b)[0]
    if (nearest !== undefined && nearest <= limit)
      warnings.push({
        kind: 'no_contact',
        conditionId: n.conditionId,
        distanceMetres: Math.round(nearest),
        text: `This address is about ${Math.max(10, Math.round(nearest / 10) * 10)} metres from where ${n.name ?? 'a person'} lives, whom the person must not contact (warned within ${limit} metres).`,
      })
  }
  return warnings
}
