import { dateFromParts, dateParts } from '../../web/date-input.js'
import { type FieldErrors, dottedPath, parseFormBody } from '../../web/forms.js'
import {
  type BreachBody,
  type BreachOutcomeBody,
  NOTIFICATION_KINDS,
  type NotificationBody,
  type NotificationKind,
  breachBody,
  breachOutcomeBody,
  notificationBody,
} from './schema.js'
import type { FieldProblem } from './service.js'

/** What the forms post: flat strings, kept as typed to show again on an error. */
export type FormValues = Record<string, string>

const DATE_LABELS: Record<string, string> = {
  notifiedOn: 'Date notified',
  changeDate: 'Date of the change',
  departureDate: 'Departure date',
  returnDate: 'Return date',
  knownOn: 'Date the travel became known',
  startDate: 'Start of the stay',
  endDate: 'End of the stay',
  suspectedOn: 'Date of the suspected breach',
  outcomeOn: 'Date of the outcome',
}

/** The details each kind of notification asks for; form fields are named `<kind>-<field>`. */
const DETAIL_FIELDS: Record<NotificationKind, string[]> = {
  initial: ['notes'],
  change: ['what', 'changeDate', 'newValue', 'noFixedAbode', 'notes'],
  periodic: ['notes'],
  travel: ['departureDate', 'destination', 'returnDate', 'knownOn'],
  child_household: ['address', 'startDate', 'endDate'],
  weekly_no_fixed_abode: ['whereFound'],
}

const isKind = (value: string | undefined): value is NotificationKind =>
  (NOTIFICATION_KINDS as readonly string[]).includes(value ?? '')

function readDate(values: FormValues, prefix: string, field: string, path: string, problems: FieldProblem[]) {
  const result = dateFromParts(values, prefix, DATE_LABELS[field] ?? field)
  if (result.error) problems.push({ path, message: result.error })
  return result.value
}

export function readNotificationForm(values: FormValues, today: string) {
  const problems: FieldProblem[] = []
  const kind = values.kind
  const details: Record<string, unknown> = {}
  if (isKind(kind)) {
    for (const field of DETAIL_FIELDS[kind]) {
      const name = `${kind}-${field}`
      if (DATE_LABELS[field]) details[field] = readDate(values, name, field, `details.${field}`, problems)
      else if (field === 'noFixedAbode') details[field] = values[name] === 'true'
      else details[field] = values[name] || undefined
    }
  }
  const body = {
    kind: kind || undefined,
    notifiedOn: readDate(values, 'notifiedOn', 'notifiedOn', 'notifiedOn', problems),
    station: values.station,
    officerId: values.officerId || undefined,
    details,
  }
  return parseFormBody(notificationBody(today), body, problems, dottedPath) as
    { ok: true; data: NotificationBody } | { ok: false; problems: FieldProblem[] }
}

export function readBreachForm(values: FormValues, today: string) {
  const problems: FieldProblem[] = []
  const body = {
    suspectedOn: readDate(values, 'suspectedOn', 'suspectedOn', 'suspectedOn', problems),
    description: values.description,
  }
  return parseFormBody(breachBody(today), body, problems, dottedPath) as
    { ok: true; data: BreachBody } | { ok: false; problems: FieldProblem[] }
}

export function readOutcomeForm(values: FormValues, today: string) {
  const problems: FieldProblem[] = []
  const body = {
    outcome: values.outcome || undefined,
    outcomeOn: readDate(values, 'outcomeOn', 'outcomeOn', 'outcomeOn', problems),
    version: Number(values.version),
  }
  return parseFormBody(breachOutcomeBody(today), body, problems, dottedPath) as
    { ok: true; data: BreachOutcomeBody } | { ok: false; problems: FieldProblem[] }
}

/** Where on the page each problem's field is, for the error summary's links. */
export function formErrors(problems: FieldProblem[], values: FormValues): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) {
    const field = path.replace(/^details\./, '')
    const id = path.startsWith('details.') ? `${values.kind}-${field}` : field
    errors[id] ??= message
  }
  const href = (id: string) => {
    const field = id.split('-').pop() ?? id
    return DATE_LABELS[field] ? `#${id}-day` : `#${id}`
  }
  return { errors, errorList: Object.entries(errors).map(([id, text]) => ({ text, href: href(id) })) }
}

export const outcomeValues = (breach: {
  outcome: string
  outcomeOn: string | null
  version: number
}): FormValues => ({
  outcome: breach.outcome,
  version: String(breach.version),
  ...dateParts('outcomeOn', breach.outcomeOn),
})
