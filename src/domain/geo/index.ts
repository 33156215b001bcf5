import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { circle } from '@turf/circle'
import { distance } from '@turf/distance'
import { polygon as turfPolygon } from '@turf/helpers'
import { kinks } from '@turf/kinks'
import Flatbush from 'flatbush'
import type { MultiPolygon, Polygon, Position } from 'geojson'

/** Zones are areas: one polygon (with any holes), or several. */
export type ZoneGeometry = Polygon | MultiPolygon
/** [west, south, east, north] in degrees, as RFC 7946 orders a bounding box. */
export type BBox = [number, number, number, number]
export interface LatLon {
  lat: number
  lon: number
}

/**
 * Generous bounds of the United Kingdom (Scilly to Shetland, Northern Ireland to Kent, with
 * sea room), so a zone typed with latitude and longitude the wrong way round is caught.
 */
export const UK_BOUNDS = { west: -11, south: 49, east: 3, north: 61.5 } as const

/** Limits that keep one zone's checks fast and its storage small. */
export const MAX_POSITIONS = 10_000
export const CIRCLE_RADIUS_METRES = { min: 10, max: 50_000 } as const
const MAX_PROBLEMS = 5

export type GeoResult = { ok: true; geometry: ZoneGeometry; bbox: BBox } | { ok: false; problems: string[] }

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const round = (n: number) => Math.round(n * 1e5) / 1e5
const where = (p: Position) => `latitude ${round(p[1]!)}, longitude ${round(p[0]!)}`

/** The geometry inside a Feature, a FeatureCollection of one Feature, or a bare geometry. */
function unwrap(input: unknown): { geometry: Record<string, unknown> } | { problem: string } {
  if (!isObject(input)) return { problem: 'The GeoJSON must be an object, such as a Feature or a Polygon' }
  if (input.type === 'FeatureCollection') {
    const features = input.features
    if (!Array.isArray(features)) return { problem: 'The FeatureCollection has no "features" list' }
    if (features.length !== 1)
      return {
        problem: `The FeatureCollection has ${features.length} features; a zone is one Feature (import zones one at a time, or combine the areas into one MultiPolygon)`,
      }
    return unwrap(features[0])
  }
  if (input.type === 'Feature') {
    if (!isObject(input.geometry)) return { problem: 'The Feature has no geometry' }
    return { geometry: input.geometry }
  }
  if (typeof input.type !== 'string')
    return { problem: 'The GeoJSON has no "type": give a Feature, a FeatureCollection or a Polygon' }
  return { geometry: input }
}

/** Problems with one ring: shape, ranges and closure (RFC 7946 section 3.1.6). */
function ringProblems(ring: unknown, label: string): string[] {
  if (!Array.isArray(ring)) return [`${label} must be a list of positions`]
  const problems: string[] = []
  for (const [i, position] of ring.entries()) {
    if (
      !Array.isArray(position) ||
      position.length < 2 ||
      position.length > 3 ||
      !position.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      problems.push(`${label}, position ${i + 1} must be [longitude, latitude] in numbers`)
      continue
    }
    const [lon, lat] = position as [number, number]
    if (lon < -180 || lon > 180)
      problems.push(`${label}, position ${i + 1}: longitude ${lon} is outside -180 to 180`)
    if (lat < -90 || lat > 90)
      problems.push(`${label}, position ${i + 1}: latitude ${lat} is outside -90 to 90`)
  }
  if (problems.length) return problems
  const positions = ring as Position[]
  if (positions.length < 4)
    return [
      `${label} has ${positions.length} position${positions.length === 1 ? '' : 's'}; it needs at least 4 (three corners, then the first again to close it)`,
    ]
  const first = positions[0]!
  const last = positions.at(-1)!
  if (first[0] !== last[0] || first[1] !== last[1])
    return [`${label} is not closed: its last position must be the same as its first`]
  return []
}

function outsideUk(positions: Position[]): string | undefined {
  const { west, south, east, north } = UK_BOUNDS
  const outside = positions.find((p) => p[0]! < west || p[0]! > east || p[1]! < south || p[1]! > north)
  if (!outside) return undefined
  const swapped =
    outside[1]! >= west && outside[1]! <= east && outside[0]! >= south && outside[0]! <= north
      ? ' It looks as if latitude and longitude are the wrong way round: GeoJSON gives longitude first.'
      : ''
  return `The zone is not in the United Kingdom: one position is at ${where(outside)}.${swapped}`
}

/**
 * Checks a zone's GeoJSON (RFC 7946): a Polygon or MultiPolygon, bare or in a Feature or a
 * FeatureCollection of one; WGS84 ranges, closed rings of at least 4 positions, no boundary
 * crossing itself, inside the United Kingdom. Problems are written for the person who drew it.
 */
export function parseZoneGeoJson(input: unknown): GeoResult {
  let value = input
  if (typeof value === 'string') {
    if (!value.trim()) return { ok: false, problems: ['Enter the zone’s GeoJSON, or draw it on the map'] }
    try {
      value = JSON.parse(value)
    } catch {
      return { ok: false, problems: ['The GeoJSON is not valid JSON: check for a missing bracket or comma'] }
    }
  }
  const unwrapped = unwrap(value)
  if ('problem' in unwrapped) return { ok: false, problems: [unwrapped.problem] }
  const { geometry } = unwrapped
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')
    return {
      ok: false,
      problems: [
        `The geometry is a ${String(geometry.type)}; a zone must be a Polygon or MultiPolygon (an area, not a point or a line)`,
      ],
    }
  const multi = geometry.type === 'MultiPolygon'
  const polygons: unknown[] = multi
    ? Array.isArray(geometry.coordinates)
      ? geometry.coordinates
      : []
    : [geometry.coordinates]
  if (!Array.isArray(geometry.coordinates) || polygons.length === 0)
    return { ok: false, problems: [`The ${String(geometry.type)} has no coordinates`] }

  const problems: string[] = []
  polygons.forEach((rings, p) => {
    const name = multi ? `Polygon ${p + 1}, ring` : 'Ring'
    if (!Array.isArray(rings) || rings.length === 0) {
      problems.push(`${multi ? `Polygon ${p + 1}` : 'The polygon'} has no rings`)
      return
    }
    rings.forEach((ring, r) => problems.push(...ringProblems(ring, `${name} ${r + 1}`)))
  })
  if (problems.length) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) }

  const coordinates = polygons as Position[][][]
  const positions = coordinates.flat(2)
  if (positions.length > MAX_POSITIONS)
    return {
      ok: false,
      problems: [`The zone has ${positions.length} positions; simplify it to ${MAX_POSITIONS} or fewer`],
    }
  const outside = outsideUk(positions)
  if (outside) return { ok: false, problems: [outside] }
  for (const [p, rings] of coordinates.entries()) {
    const crossings = kinks(turfPolygon(rings)).features
    if (crossings.length)
      problems.push(
        `${multi ? `Polygon ${p + 1}: its` : 'The zone’s'} boundary crosses itself near ${where(crossings[0]!.geometry.coordinates)}; draw it again without crossing lines`,
      )
  }
  if (problems.length) return { ok: false, problems }
  // Stored without any foreign members, so what is checked is what is kept.
  const clean: ZoneGeometry = multi
    ? { type: 'MultiPolygon', coordinates }
    : { type: 'Polygon', coordinates: coordinates[0]! }
  return { ok: true, geometry: clean, bbox: bboxOf(clean) }
}

export function bboxOf(geometry: ZoneGeometry): BBox {
  let west = Infinity
  let south = Infinity
  let east = -Infinity
  let north = -Infinity
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  for (const rings of polygons)
    for (const ring of rings)
      for (const [lon, lat] of ring) {
        if (lon! < west) west = lon!
        if (lon! > east) east = lon!
        if (lat! < south) south = lat!
        if (lat! > north) north = lat!
      }
  return [west, south, east, north]
}

export type CircleResult =
  | { ok: true; geometry: Polygon; bbox: BBox; circle: { centre: [number, number]; radiusMetres: number } }
  | { ok: false; problems: { path: 'lat' | 'lon' | 'radiusMetres'; message: string }[] }

/** A circle as the polygon stored and checked (64 sides), with its centre and radius kept. */
export function circleZone(centre: LatLon, radiusMetres: number): CircleResult {
  const problems: { path: 'lat' | 'lon' | 'radiusMetres'; message: string }[] = []
  const { west, south, east, north } = UK_BOUNDS
  if (!(centre.lat >= south && centre.lat <= north))
    problems.push({
      path: 'lat',
      message: `The centre’s latitude must be in the UK, between ${south} and ${north}`,
    })
  if (!(centre.lon >= west && centre.lon <= east))
    problems.push({
      path: 'lon',
      message: `The centre’s longitude must be in the UK, between ${west} and ${east}`,
    })
  const { min, max } = CIRCLE_RADIUS_METRES
  if (!(radiusMetres >= min && radiusMetres <= max))
    problems.push({
      path: 'radiusMetres',
      message: `The radius must be between ${min} and ${max.toLocaleString('en-GB')} metres`,
    })
  if (problems.length) return { ok: false, problems }
  const geometry = circle([centre.lon, centre.lat], radiusMetres, { steps: 64, units: 'meters' }).geometry
  return {
    ok: true,
    geometry,
    bbox: bboxOf(geometry),
    circle: { centre: [centre.lon, centre.lat], radiusMetres },
  }
}

export const distanceMetres = (a: LatLon, b: LatLon) =>
  distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })

/** Is the point inside the zone (on its boundary counts as inside)? */
export const zoneContains = (geometry: ZoneGeometry, point: LatLon) =>
  booleanPointInPolygon([point.lon, point.lat], geometry)

export interface IndexedZone {
  geometry: ZoneGeometry
  bbox: BBox
}

const inBox = (bbox: BBox, lon: number, lat: number) =>
  lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]

/** The zones of a short list (one person's) that contain the point: bounding box, then polygon. */
export function zonesAmongContaining<Z extends IndexedZone>(zones: readonly Z[], point: LatLon): Z[] {
  const found: Z[] = []
  for (const zone of zones)
    if (inBox(zone.bbox, point.lon, point.lat) && zoneContains(zone.geometry, point)) found.push(zone)
  return found
}

/**
 * An R-tree (flatbush) over many zones' bounding boxes: a point is tested against the polygons
 * of only the few zones whose boxes hold it. Answers list zones in the order they were given.
 */
export class ZoneIndex<Z extends IndexedZone> {
  private readonly tree: Flatbush | undefined

  constructor(readonly zones: readonly Z[]) {
    if (zones.length === 0) return
    this.tree = new Flatbush(zones.length)
    for (const { bbox } of zones) this.tree.add(bbox[0], bbox[1], bbox[2], bbox[3])
    this.tree.finish()
  }

  containing(point: LatLon): Z[] {
    if (!this.tree) return []
    const hits = this.tree.search(point.lon, point.lat, point.lon, point.lat)
    if (hits.length > 1) hits.sort((a, b) => a - b)
    const found: Z[] = []
    for (const i of hits) {
      const zone = this.zones[i]!
      if (zoneContains(zone.geometry, point)) found.push(zone)
    }
    return found
  }
}

/** Is a zone in force on a calendar date (both ends inclusive; no start means always)? */
export const zoneActiveOn = (zone: { startsOn: string | null; endsOn: string | null }, date: string) =>
  (zone.startsOn === null || zone.startsOn <= date) && (zone.endsOn === null || zone.endsOn >= date)
