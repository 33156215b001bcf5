import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import type { Problem, Zone, ZoneShape } from './service.js'

/** What the zone forms post: flat strings, kept as typed to show again. */
export type FormValues = Record<string, string>

const number = (text: string | undefined) => {
  const value = text?.trim() ?? ''
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined
}

/**
 * The form's fields, and its shape: a circle when any circle input is filled in, else the
 * GeoJSON in the textarea (drawn on the map, pasted, or typed: the form works without JavaScript).
 */
export function formToInput(values: FormValues): {
  fields: Record<string, unknown>
  shape: ZoneShape
  problems: Problem[]
} {
  const problems: Problem[] = []
  const date = (name: string, label: string) => {
    const result = dateFromParts(values, name, label)
    if (result.error) problems.push({ path: name, message: result.error })
    return result.value ?? null
  }
  const fields = {
    name: values.name ?? '',
    kind: values.kind || undefined,
    conditionId: values.conditionId || null,
    startsOn: date('startsOn', 'Start date'),
    endsOn: date('endsOn', 'End date'),
  }
  const circleInputs = ['circleLat', 'circleLon', 'circleRadius'] as const
  if (!circleInputs.some((name) => values[name]?.trim()))
    return { fields, shape: { geojson: values.geometry ?? '' }, problems }
  if (values.geometry?.trim())
    problems.push({
      path: 'geometry',
      message: 'Give either the GeoJSON or a circle, not both: clear one of them',
    })
  const [lat, lon, radius] = circleInputs.map((name) => number(values[name]))
  if (lat === undefined)
    problems.push({
      path: 'circle.lat',
      message: 'Enter the centre’s latitude as a number, for example 53.7997',
    })
  if (lon === undefined)
    problems.push({
      path: 'circle.lon',
      message: 'Enter the centre’s longitude as a number, for example -1.5492',
    })
  if (radius === undefined)
    problems.push({
      path: 'circle.radiusMetres',
      message: 'Enter the radius in metres as a number, for example 500',
    })
  return {
    fields,
    shape: { circle: { lat: lat ?? NaN, lon: lon ?? NaN, radiusMetres: radius ?? NaN } },
    problems,
  }
}

/** A recorded zone as form values, to start a change from what is recorded. */
export function zoneToValues(zone: Zone): FormValues {
  return {
    version: String(zone.version),
    name: zone.name,
    kind: zone.kind,
    conditionId: zone.conditionId ?? '',
    ...dateParts('startsOn', zone.startsOn),
    ...dateParts('endsOn', zone.endsOn),
    ...(zone.circle
      ? {
          geometry: '',
          circleLat: String(zone.circle.centre[1]),
          circleLon: String(zone.circle.centre[0]),
          circleRadius: String(zone.circle.radiusMetres),
        }
      : { geometry: JSON.stringify(zone.geometry) }),
  }
}

const FIELD_IDS: Record<string, string> = {
  'circle.lat': 'circleLat',
  'circle.lon': 'circleLon',
  'circle.radiusMetres': 'circleRadius',
}

/** Where each problem's field is on the page; GeoJSON problems are listed together. */
export function formErrors(problems: Problem[]): FieldErrors {
  const errors: Record<string, string> = {}
  const errorList: FieldErrors['errorList'] = []
  for (const { path, message } of problems) {
    const id = FIELD_IDS[path] ?? (path || 'geometry')
    errors[id] = errors[id] ? `${errors[id]}; ${message}` : message
    const href = `#${id === 'startsOn' || id === 'endsOn' ? `${id}-day` : id}`
    errorList.push({ text: message, href })
  }
  return { errors, errorList }
}
