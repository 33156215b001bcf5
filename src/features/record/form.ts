import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import type { FieldDef, InputType } from './fields.js'
import type { FactAction, FactType, FieldProblem } from './sections.js'

/** What a fact form posts: flat strings, kept as typed to show again on an error. */
export type FormValues = Record<string, string>
export type FormAction = FactAction | 'add'

/** The fields every fact carries, as each action's form asks for them. */
/** A form input: a field without its API schema (the action's schema checks the body). */
type FormField = Omit<FieldDef, 'schema'>

const COMMON: Record<string, FormField> = {
  date: { name: 'date', label: 'Date', input: 'date', hint: 'For example, 27 3 2024' },
  validFrom: {
    name: 'validFrom',
    label: 'True from',
    hint: 'When this started to be true. For example, 27 3 2024',
    input: 'date',
  },
  validTo: {
    name: 'validTo',
    label: 'True until (optional)',
    hint: 'The last day it was true, if it has ended',
    input: 'date',
  },
  source: {
    name: 'source',
    label: 'Source (optional)',
    hint: 'Where this came from, for example the person, a home visit or a DVLA check',
    input: 'text',
  },
  verified: { name: 'verified', label: 'This has been verified', input: 'checkbox' },
}

const DATE_LABELS: Partial<Record<FormAction, string>> = {
  change: 'Date of the change',
  end: 'Date it ended',
}

/** The inputs of one action's form, in order: the type's fields and the shared ones. */
export function formFields(type: FactType, action: FormAction): FormField[] {
  const date = { ...COMMON.date!, label: DATE_LABELS[action] ?? 'Date' }
  switch (action) {
    case 'add':
      return [...type.fields, COMMON.validFrom!, COMMON.source!, COMMON.verified!]
    case 'change':
      return [date, ...type.fields, COMMON.source!, COMMON.verified!]
    case 'correct':
      return [...type.fields, COMMON.validFrom!, COMMON.validTo!, COMMON.source!, COMMON.verified!]
    case 'end':
      return [date]
    case 'verify':
      return []
  }
}

function readValue(input: InputType, values: FormValues, def: FormField, problems: FieldProblem[]) {
  const raw = values[def.name]
  switch (input) {
    case 'date': {
      const result = dateFromParts(values, def.name, def.label.replace(/ \(optional\)$/, ''))
      if (result.error) problems.push({ path: def.name, message: result.error })
      return result.value
    }
    case 'checkbox':
      return raw === 'true'
    case 'number': {
      const text = raw?.trim() ?? ''
      if (!text) return undefined
      // Not a number: left as text so the schema names the field in its message.
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text
    }
    default:
      return raw
  }
}

/** Maps a posted form onto the API body; date parts that cannot form a date are problems. */
export function formToBody(
  type: FactType,
  action: FormAction,
  values: FormValues,
): { body: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const body: Record<string, unknown> = {}
  for (const def of formFields(type, action)) body[def.name] = readValue(def.input, values, def, problems)
  if (action !== 'add') body.version = Number(values.version)
  return { body, problems }
}

const isDateField = (type: FactType, name: string) =>
  ['date', 'validFrom', 'validTo'].includes(name) ||
  type.fields.some((f) => f.name === name && f.input === 'date')

/** Where on the page each problem's field is, for the error summary's links. */
export function formErrors(type: FactType, problems: FieldProblem[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[path || 'version'] ??= message
  return {
    errors,
    errorList: Object.entries(errors).map(([name, text]) => ({
      text,
      // A problem with the entry itself (already ended, say) has no field: link to the page.
      href: name === 'version' ? '#main-content' : `#${isDateField(type, name) ? `${name}-day` : name}`,
    })),
  }
}

/** A stored fact as form values, to start a change or correction from what is recorded. */
export function factToValues(
  type: FactType,
  fact: Record<string, unknown>,
  action: FormAction,
  mayViewMasked: boolean,
): FormValues {
  const values: FormValues = { version: String(fact.version ?? '') }
  if (action === 'end' || action === 'verify') return values
  for (const def of formFields(type, action)) {
    const value = fact[def.name]
    if (def.name === 'date' || (def.masked && !mayViewMasked)) continue
    if (def.input === 'date') Object.assign(values, dateParts(def.name, value as string | null))
    else if (def.input === 'checkbox') values[def.name] = value ? 'true' : ''
    else values[def.name] = value === null || value === undefined ? '' : String(value)
  }
  // A change is a new fact: whether it is verified is decided afresh.
  if (action === 'change') values.verified = ''
  return values
}

/** What the generic form template draws for each input. */
export function formInputs(
  type: FactType,
  action: FormAction,
  values: FormValues,
  errors: Record<string, string>,
  mayViewMasked: boolean,
) {
  return formFields(type, action).map((def) => ({
    name: def.name,
    label: def.label,
    hint:
      def.masked && !mayViewMasked && action !== 'add'
        ? 'Enter the full number: you can only see the last four digits of the one recorded'
        : def.hint,
    input: def.input,
    classes: def.classes,
    value: values[def.name] ?? '',
    day: values[`${def.name}-day`] ?? '',
    month: values[`${def.name}-month`] ?? '',
    year: values[`${def.name}-year`] ?? '',
    error: errors[def.name],
    items: def.options?.map((o) => ({
      value: o.value,
      text: o.text,
      checked: values[def.name] === o.value,
      selected: values[def.name] === o.value,
    })),
  }))
}
