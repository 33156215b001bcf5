import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import type { ConditionKind } from './schema.js'
import type { Condition, Problem } from './service.js'

/** What the condition forms post: flat strings, kept as typed to show again. */
export type FormValues = Record<string, string>

export interface DetailField {
  name: string
  label: string
  hint?: string
  input: 'text' | 'textarea' | 'checkbox' | 'time'
}

/** The inputs each kind of condition adds to the form (named `details-<name>`). */
export const DETAIL_FIELDS: Record<ConditionKind, DetailField[]> = {
  no_contact: [
    { name: 'name', label: 'Name of the person they must not contact', input: 'text' },
    {
      name: 'personId',
      label: 'Their record ID (optional)',
      hint: 'If the person has a record here, its ID links the condition to it, so addresses near theirs are warned about',
      input: 'text',
    },
    {
      name: 'relationship',
      label: 'Relationship (optional)',
      hint: 'For example, victim or former partner',
      input: 'text',
    },
  ],
  exclusion_zone: [],
  inclusion_curfew: [
    { name: 'address', label: 'Address they must be at', input: 'textarea' },
    { name: 'from', label: 'From', hint: '24-hour clock, for example 19:00', input: 'time' },
    { name: 'to', label: 'Until', hint: '24-hour clock, for example 07:00', input: 'time' },
    { name: 'days', label: 'Days (optional)', hint: 'Leave blank for every day', input: 'text' },
  ],
  residence: [
    { name: 'address', label: 'Where they must live', input: 'textarea' },
    { name: 'approvedPremises', label: 'This is an Approved Premises', input: 'checkbox' },
    { name: 'premisesName', label: 'Name of the Approved Premises (optional)', input: 'text' },
  ],
  reporting: [
    { name: 'place', label: 'Where they must report', input: 'text' },
    { name: 'frequency', label: 'How often', hint: 'For example, weekly on Mondays at 10am', input: 'text' },
  ],
  travel: [{ name: 'area', label: 'Where they may not travel (optional)', input: 'textarea' }],
  internet_device: [
    { name: 'devices', label: 'Devices and services restricted (optional)', input: 'textarea' },
  ],
  other: [],
}

const detailId = (name: string) => `details-${name}`

/** Maps the form onto the API body, so the browser and partners are checked alike. */
export function formToBody(
  kind: ConditionKind,
  values: FormValues,
  action: 'add' | 'change',
): { body: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = []
  const date = (name: string, label: string) => {
    const result = dateFromParts(values, name, label)
    if (result.error) problems.push({ path: name, message: result.error })
    return result.value
  }
  const details: Record<string, unknown> = {}
  for (const f of DETAIL_FIELDS[kind]) {
    const value = values[detailId(f.name)]
    details[f.name] = f.input === 'checkbox' ? value === 'true' : (value ?? '')
  }
  const body: Record<string, unknown> = {
    source: values.source || undefined,
    orderId: values.orderId || null,
    wording: values.wording ?? '',
    startsOn: date('startsOn', 'Start date'),
    endsOn: date('endsOn', 'End date') ?? null,
    details,
  }
  if (action === 'add') body.kind = kind
  else body.version = Number(values.version)
  return { body, problems }
}

/** A recorded condition as form values, to start a change from what is recorded. */
export function conditionToValues(c: Condition): FormValues {
  const values: FormValues = {
    version: String(c.version),
    source: c.source,
    orderId: c.orderId ?? '',
    wording: c.wording,
    ...dateParts('startsOn', c.startsOn),
    ...dateParts('endsOn', c.endsOn),
  }
  for (const f of DETAIL_FIELDS[c.kind as ConditionKind] ?? []) {
    const value = c.details[f.name]
    values[detailId(f.name)] =
      f.input === 'checkbox' ? (value ? 'true' : '') : value == null ? '' : String(value)
  }
  return values
}

const DATE_FIELDS = new Set(['startsOn', 'endsOn'])

/** Where each problem's field is on the page, for the error summary's links. */
export function formErrors(problems: Problem[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) {
    const id = path.startsWith('details.') ? detailId(path.slice('details.'.length)) : path || 'wording'
    errors[id] ??= message
  }
  return {
    errors,
    errorList: Object.entries(errors).map(([id, text]) => ({
      text,
      href: id === 'version' ? '#main-content' : `#${DATE_FIELDS.has(id) ? `${id}-day` : id}`,
    })),
  }
}
