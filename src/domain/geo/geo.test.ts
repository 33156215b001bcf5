import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type IndexedZone,
  ZoneIndex,
  circleZone,
  distanceMetres,
  parseZoneGeoJson,
  zoneActiveOn,
  zoneContains,
  zonesAmongContaining,
} from './index.js'

// A square in central Leeds, as [longitude, latitude].
const square = [
  [-1.56, 53.79],
  [-1.53, 53.79],
  [-1.53, 53.81],
  [-1.56, 53.81],
  [-1.56, 53.79],
]
const polygon = { type: 'Polygon', coordinates: [square] }

describe('parseZoneGeoJson', () => {
  it.each([
    ['a bare Polygon', polygon],
    ['a Feature', { type: 'Feature', properties: { name: 'Leeds' }, geometry: polygon }],
    [
      'a FeatureCollection of one Feature',
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: null, geometry: polygon }] },
    ],
    ['a MultiPolygon', { type: 'MultiPolygon', coordinates: [[square]] }],
    ['JSON text', JSON.stringify(polygon)],
    ['positions with an altitude', { type: 'Polygon', coordinates: [square.map(([x, y]) => [x, y, 40])] }],
  ])('accepts %s', (_what, input) => {
    const result = parseZoneGeoJson(input)
    expect(result.ok).toBe(true)
    if (result.ok) expect(result.bbox).toEqual([-1.56, 53.79, -1.53, 53.81])
  })

  const bowtie = [
    [-1.56, 53.79],
    [-1.53, 53.81],
    [-1.53, 53.79],
    [-1.56, 53.81],
    [-1.56, 53.79],
  ]
  it.each([
    ['empty text', '  ', /Enter the zone’s GeoJSON/],
    ['text that is not JSON', '{"type": "Polygon",', /not valid JSON/],
    ['a list', [1, 2], /must be an object/],
    ['no type', { coordinates: [square] }, /no "type"/],
    [
      'a Point',
      { type: 'Point', coordinates: [-1.5, 53.8] },
      /is a Point; a zone must be a Polygon or MultiPolygon/,
    ],
    ['a Feature without geometry', { type: 'Feature', properties: {}, geometry: null }, /has no geometry/],
    [
      'a FeatureCollection of two',
      {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: polygon },
          { type: 'Feature', geometry: polygon },
        ],
      },
      /has 2 features/,
    ],
    ['no rings', { type: 'Polygon', coordinates: [] }, /has no rings/],
    [
      'a ring of 3 positions',
      { type: 'Polygon', coordinates: [square.slice(0, 2).concat([square[0]!])] },
      /has 3 positions; it needs at least 4/,
    ],
    [
      'an open ring',
      { type: 'Polygon', coordinates: [square.slice(0, 4).concat([[-1.57, 53.79]])] },
      /not closed/,
    ],
    [
      'a longitude beyond 180',
      { type: 'Polygon', coordinates: [[[200, 53.79], ...square.slice(1)]] },
      /longitude 200 is outside -180 to 180/,
    ],
    [
      'a latitude beyond 90',
      { type: 'Polygon', coordinates: [[[-1.5, 95], ...square.slice(1)]] },
      /latitude 95 is outside -90 to 90/,
    ],
    [
      'a position as text',
      { type: 'Polygon', coordinates: [[['-1.5', '53.8'], ...square.slice(1)]] },
      /must be \[longitude, latitude\] in numbers/,
    ],
    [
      'New York',
      { type: 'Polygon', coordinates: [square.map(([x, y]) => [x! - 72, y! - 13])] },
      /not in the United Kingdom/,
    ],
    [
      'latitude and longitude swapped',
      { type: 'Polygon', coordinates: [square.map(([x, y]) => [y, x])] },
      /wrong way round: GeoJSON gives longitude first/,
    ],
    [
      'a boundary that crosses itself',
      { type: 'Polygon', coordinates: [bowtie] },
      /crosses itself near latitude 53.8, longitude -1.545/,
    ],
    [
      'a MultiPolygon with a crossing in its second polygon',
      { type: 'MultiPolygon', coordinates: [[square], [bowtie]] },
      /Polygon 2: its boundary crosses itself/,
    ],
  ])('refuses %s with a clear message', (_what, input, message) => {
    const result = parseZoneGeoJson(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems.join(' | ')).toMatch(message)
  })

  it('keeps only the geometry, without foreign members', () => {
    const result = parseZoneGeoJson({ type: 'Feature', geometry: { ...polygon, extra: 'x' }, properties: {} })
    expect(result.ok && result.geometry).toEqual(polygon)
  })
})

describe('circleZone', () => {
  it('is a closed 64-sided polygon of the radius, keeping centre and radius', () => {
    const result = circleZone({ lat: 53.8, lon: -1.55 }, 500)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const ring = result.geometry.coordinates[0]!
    expect(ring).toHaveLength(65)
    expect(ring[0]).toEqual(ring.at(-1))
    for (const [lon, lat] of ring)
      expect(distanceMetres({ lat: 53.8, lon: -1.55 }, { lat: lat!, lon: lon! })).toBeCloseTo(500, -1)
    expect(result.circle).toEqual({ centre: [-1.55, 53.8], radiusMetres: 500 })
    expect(parseZoneGeoJson(result.geometry).ok).toBe(true)
    expect(zoneContains(result.geometry, { lat: 53.8, lon: -1.55 })).toBe(true)
    expect(zoneContains(result.geometry, { lat: 53.81, lon: -1.55 })).toBe(false)
  })

  it('refuses a centre outside the UK and a radius out of range', () => {
    const result = circleZone({ lat: 40.7, lon: -74 }, 5)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['lat', 'lon', 'radiusMetres'])
  })
})

describe('zoneActiveOn', () => {
  it('counts both ends', () => {
    const zone = { startsOn: '2026-01-01', endsOn: '2026-01-31' }
    expect(zoneActiveOn(zone, '2025-12-31')).toBe(false)
    expect(zoneActiveOn(zone, '2026-01-01')).toBe(true)
    expect(zoneActiveOn(zone, '2026-01-31')).toBe(true)
    expect(zoneActiveOn(zone, '2026-02-01')).toBe(false)
    expect(zoneActiveOn({ startsOn: null, endsOn: null }, '2000-01-01')).toBe(true)
  })
})

describe('ZoneIndex', () => {
  // Random convex-ish polygons (a star of vertices around a centre) and circles in a small area,
  // so that points often fall in several overlapping zones.
  const zoneArb = fc
    .record({
      lon: fc.double({ min: -1.6, max: -1.4, noNaN: true }),
      lat: fc.double({ min: 53.7, max: 53.9, noNaN: true }),
      radii: fc.array(fc.double({ min: 0.005, max: 0.05, noNaN: true }), { minLength: 3, maxLength: 12 }),
    })
    .map(({ lon, lat, radii }): IndexedZone => {
      const ring = radii.map((r, i) => {
        const angle = (2 * Math.PI * i) / radii.length
        return [lon + r * Math.cos(angle), lat + r * Math.sin(angle)]
      })
      const geometry = { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!]] }
      const parsed = parseZoneGeoJson(geometry)
      if (!parsed.ok) throw new Error(parsed.problems.join())
      return { geometry: parsed.geometry, bbox: parsed.bbox }
    })
  const pointArb = fc.record({
    lon: fc.double({ min: -1.7, max: -1.3, noNaN: true }),
    lat: fc.double({ min: 53.6, max: 54, noNaN: true }),
  })

  it('gives the same zones as testing every polygon', () => {
    fc.assert(
      fc.property(
        fc.array(zoneArb, { maxLength: 60 }),
        fc.array(pointArb, { minLength: 1, maxLength: 50 }),
        (zones, points) => {
          const index = new ZoneIndex(zones)
          for (const point of points) {
            const brute = zones.filter((z) => zoneContains(z.geometry, point))
            expect(index.containing(point)).toEqual(brute)
            expect(zonesAmongContaining(zones, point)).toEqual(brute)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('answers nothing when there are no zones', () => {
    expect(new ZoneIndex([]).containing({ lat: 53.8, lon: -1.5 })).toEqual([])
  })
})
