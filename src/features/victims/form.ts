import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import type { Problem, Victim } from './service.js'

/** What the victim forms post: flat strings, kept as typed to show again. */
export type FormValues = Record<string, string>

/** Reads GOV.UK date inputs into the API body's dates, collecting what cannot be read. */
export function datesOf(values: FormValues, fields: Record<string, string>) {
  const problems: Problem[] = []
  const dates: Record<string, string | null> = {}
  for (const [name, label] of Object.entries(fields)) {
    const result = dateFromParts(values, name, label)
    if (result.error) problems.push({ path: name, message: result.error })
    dates[name] = result.value ?? null
  }
  return { dates, problems }
}

/** Latitude and longitude typed as text: a location, or null when both are blank. */
export function locationOf(values: FormValues, prefix = ''): { location: unknown; problems: Problem[] } {
  const lat = (values[`${prefix}lat`] ?? '').trim()
  const lon = (values[`${prefix}lon`] ?? '').trim()
  if (!lat && !lon) return { location: null, problems: [] }
  const problems: Problem[] = []
  if (!lat || Number.isNaN(Number(lat)))
    problems.push({ path: 'location.lat', message: 'Enter the latitude as a number, for example 53.8008' })
  if (!lon || Number.isNaN(Number(lon)))
    problems.push({ path: 'location.lon', message: 'Enter the longitude as a number, for example -1.5491' })
  return { location: { lat: Number(lat), lon: Number(lon) }, problems }
}

const DETAIL_NAMES = [
  'name',
  'address',
  'postcode',
  'phone',
  'email',
  'contactTimes',
  'language',
  'needs',
] as const

/** The add and change forms onto the API body, so the browser and partners are checked alike. */
export function victimFormToBody(values: FormValues, action: 'add' | 'change') {
  const { dates, problems } = datesOf(values, { sentencedOn: 'Sentence date' })
  const where = locationOf(values)
  const body: Record<string, unknown> = {
    kind: values.kind || undefined,
    convictionId: values.convictionId || null,
    vloUserId: values.vloUserId || null,
    sentencedOn: dates.sentencedOn,
    location: where.location,
    preferredContact: values.preferredContact || null,
  }
  for (const name of DETAIL_NAMES) body[name] = values[name] ?? ''
  if (action === 'change') body.version = Number(values.version)
  return { body, problems: [...problems, ...where.problems] }
}

export function victimToValues(v: Victim): FormValues {
  const d = v.details
  return {
    version: String(v.version),
    kind: v.kind,
    convictionId: v.convictionId ?? '',
    vloUserId: v.vloUserId ?? '',
    preferredContact: d.preferredContact ?? '',
    lat: d.location ? String(d.location.lat) : '',
    lon: d.location ? String(d.location.lon) : '',
    ...Object.fromEntries(DETAIL_NAMES.map((n) => [n, d[n] ?? ''])),
    ...dateParts('sentencedOn', v.sentencedOn),
  }
}

/** Where each problem's field is on the page, for the error summary's links. */
export function formErrors(problems: Problem[], dateFields: readonly string[] = []): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) {
    const id = path
      .replace(/^(location|details)\./, '')
      .replace(/^zone\.circle\./, 'zone-')
      .replace(/^zone\./, 'zone-')
    errors[id || 'main-content'] ??= message
  }
  return {
    errors,
    errorList: Object.entries(errors).map(([id, text]) => ({
      text,
      href: id === 'version' ? '#main-content' : `#${dateFields.includes(id) ? `${id}-day` : id}`,
    })),
  }
}
