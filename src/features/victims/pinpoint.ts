import { area } from '@turf/area'
import { type LatLon, type ZoneGeometry, distanceMetres, zoneContains } from '../../domain/geo/index.js'

/**
 * How close a zone's centre may come to a place a victim uses, and how small a zone around it
 * may be, before its shape gives the place away. An exclusion zone is shown to the person and
 * to every agency that sees the conditions, so a circle drawn on a victim's front door tells
 * them where the victim lives. Figures chosen to be about a street's length: a zone centred
 * within 250 m of the place, or one containing it that is smaller than a circle of 400 m radius
 * (about half a square kilometre), narrows it to a few streets.
 */
export const PINPOINT_LIMITS = { centreMetres: 250, smallRadiusMetres: 400 } as const
export type PinpointLimits = { centreMetres: number; smallRadiusMetres: number }

export interface PinpointWarning {
  kind: 'centred' | 'small'
  /** Which of the places given the warning is about. */
  placeIndex: number
  /** Metres from the zone's centre to the place, rounded to 10 m. */
  metres: number
  text: string
}

/** The zone's shape: a circle's own centre when it was drawn as one, else its polygons. */
export interface PinpointZone {
  geometry: ZoneGeometry
  circle?: { centre: [number, number]; radiusMetres: number } | null
}

/**
 * The centre of a drawn shape: the mean of its outer rings' vertices (as turf's centroid does),
 * the closing vertex counted once.
 */
function vertexCentre(geometry: ZoneGeometry): LatLon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  let lon = 0
  let lat = 0
  let n = 0
  for (const rings of polygons) {
    const outer = rings[0] ?? []
    for (const position of outer.slice(0, -1)) {
      lon += position[0]!
      lat += position[1]!
      n += 1
    }
  }
  return { lon: lon / n, lat: lat / n }
}

const centreOf = (zone: PinpointZone): LatLon =>
  zone.circle ? { lon: zone.circle.centre[0], lat: zone.circle.centre[1] } : vertexCentre(zone.geometry)

const roundTo10 = (metres: number) => Math.round(metres / 10) * 10

/**
 * Would this zone's shape pinpoint one of the places (a victim's home, or a place they go)?
 * Warns when the zone is centred on a place, or so small that containing the place narrows it
 * to a few streets. Pure: the places come from the victim's sealed details, opened by the caller.
 */
export function pinpointWarnings(
  zone: PinpointZone,
  places: readonly LatLon[],
  limits: PinpointLimits = PINPOINT_LIMITS,
): PinpointWarning[] {
  const centre = centreOf(zone)
  const squareMetres = zone.circle ? Math.PI * zone.circle.radiusMetres ** 2 : area(zone.geometry)
  const small = squareMetres < Math.PI * limits.smallRadiusMetres ** 2
  const warnings: PinpointWarning[] = []
  places.forEach((place, placeIndex) => {
    const metres = distanceMetres(centre, place)
    if (metres <= limits.centreMetres)
      warnings.push({
        kind: 'centred',
        placeIndex,
        metres: roundTo10(metres),
        text: `The zone is centred about ${Math.max(10, roundTo10(metres))} metres from a place the victim uses: anyone who sees the zone could work out where it is. Move the centre or draw the zone around a wider area.`,
      })
    else if (small && zoneContains(zone.geometry, place))
      warnings.push({
        kind: 'small',
        placeIndex,
        metres: roundTo10(metres),
        text: `The zone is smaller than a circle of ${limits.smallRadiusMetres} metres’ radius and contains a place the victim uses: it narrows that place down to a few streets. Draw a larger zone.`,
      })
  })
  return warnings
}
