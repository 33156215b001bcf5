import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { circleZone, distanceMetres, parseZoneGeoJson } from '../../domain/geo/index.js'
import { PINPOINT_LIMITS, pinpointWarnings } from './pinpoint.js'

const home = { lat: 53.8262, lon: -1.5051 }
/** A point about `metres` north of `from` (1° of latitude ≈ 111.2 km). */
const north = (from: { lat: number; lon: number }, metres: number) => ({
  lat: from.lat + metres / 111_195,
  lon: from.lon,
})
const circle = (centre: { lat: number; lon: number }, radiusMetres: number) => {
  const zone = circleZone(centre, radiusMetres)
  if (!zone.ok) throw new Error('bad circle')
  return zone
}
const square = (centre: { lat: number; lon: number }, halfDegrees: number) => {
  const { lat, lon } = centre
  const parsed = parseZoneGeoJson({
    type: 'Polygon',
    coordinates: [
      [
        [lon - halfDegrees, lat - halfDegrees],
        [lon + halfDegrees, lat - halfDegrees],
        [lon + halfDegrees, lat + halfDegrees],
        [lon - halfDegrees, lat + halfDegrees],
        [lon - halfDegrees, lat - halfDegrees],
      ],
    ],
  })
  if (!parsed.ok) throw new Error('bad polygon')
  return { geometry: parsed.geometry, circle: null }
}

describe('pinpointWarnings: would the zone give a victim’s place away?', () => {
  it.each<[string, ReturnType<typeof circle> | ReturnType<typeof square>, ('centred' | 'small')[]]>([
    ['a circle centred on the home', circle(home, 1000), ['centred']],
    ['a large circle centred 200 m from the home', circle(north(home, 200), 2000), ['centred']],
    ['a large circle centred 300 m away', circle(north(home, 300), 2000), []],
    ['a small circle containing the home, centred 300 m away', circle(north(home, 300), 350), ['small']],
    ['a small circle not containing the home', circle(north(home, 600), 300), []],
    ['a wide circle centred 1.5 km away', circle(north(home, 1500), 3000), []],
    ['a drawn square centred on the home', square(home, 0.01), ['centred']],
    ['a drawn square well off-centre', square(north(home, 800), 0.01), []],
    ['a tiny drawn square off-centre but containing the home', square(north(home, 260), 0.0025), ['small']],
  ])('%s', (_name, zone, kinds) => {
    expect(pinpointWarnings(zone, [home]).map((w) => w.kind)).toEqual(kinds)
  })

  it('says which place each warning is about, and nothing for no places', () => {
    const far = north(home, 5000)
    const warnings = pinpointWarnings(circle(far, 1000), [home, far])
    expect(warnings).toEqual([expect.objectContaining({ kind: 'centred', placeIndex: 1 })])
    expect(pinpointWarnings(circle(home, 1000), [])).toEqual([])
  })

  const offset = fc.record({
    north: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
    east: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
  })

  it('always warns about a circle centred on the place, whatever its radius', () => {
    fc.assert(
      fc.property(offset, fc.integer({ min: 10, max: 50_000 }), (o, radius) => {
        const place = { lat: home.lat + o.north, lon: home.lon + o.east }
        expect(pinpointWarnings(circle(place, radius), [place]).map((w) => w.kind)).toEqual(['centred'])
      }),
    )
  })

  it('never warns about a zone that neither centres on the place nor contains it', () => {
    fc.assert(
      fc.property(offset, fc.integer({ min: 10, max: 5000 }), (o, radius) => {
        const centre = { lat: home.lat + o.north, lon: home.lon + o.east }
        const away = distanceMetres(centre, home)
        fc.pre(away > PINPOINT_LIMITS.centreMetres && away > radius + 10)
        expect(pinpointWarnings(circle(centre, radius), [home])).toEqual([])
      }),
    )
  })

  it('warns about every zone smaller than the limit that contains the place', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: PINPOINT_LIMITS.smallRadiusMetres - 1 }),
        fc.double({ min: 0, max: 0.9, noNaN: true }),
        (radius, fraction) => {
          const zone = circle(north(home, radius * fraction), radius)
          expect(pinpointWarnings(zone, [home]).length).toBe(1)
        },
      ),
    )
  })
})
