import { IDENTIFIER_FIELDS } from '../../domain/identifiers.js'
import { dateFromParts, dateParts } from '../../web/date-input.js'
import { type FieldErrors, dottedPath, parseFormBody } from '../../web/forms.js'
import { type PersonInput, personInput } from './schema.js'
import type { PersonRecord } from './queries.js'
import type { FieldProblem } from './service.js'

/** What the person form posts: flat strings, kept as typed to show again on an error. */
export type FormValues = Record<string, string>

const TEXT_FIELDS = [
  'givenName',
  'middleNames',
  'familyName',
  'gender',
  'ethnicity',
  'area',
  'leadAgency',
] as const

export function aliasIndexes(values: FormValues): number[] {
  const indexes = new Set<number>()
  for (const key of Object.keys(values)) {
    const match = /^aliases-(\d+)-/.exec(key)
    if (match) indexes.add(Number(match[1]))
  }
  return [...indexes].sort((a, b) => a - b)
}

const blankAlias = (values: FormValues, i: number) =>
  ['givenName', 'familyName', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'].every(
    (f) => !values[`aliases-${i}-${f}`]?.trim(),
  )

/** Maps the posted form onto the API's input shape; date parts that cannot form a date are problems. */
export function formToInput(values: FormValues): {
  input: Record<string, unknown>
  problems: FieldProblem[]
} {
  const problems: FieldProblem[] = []
  const date = (prefix: string, label: string, path: string) => {
    const result = dateFromParts(values, prefix, label)
    if (result.error) problems.push({ path, message: result.error })
    return result.value
  }
  const input: Record<string, unknown> = {}
  for (const field of [...TEXT_FIELDS, ...IDENTIFIER_FIELDS]) input[field] = values[field] || undefined
  input.dateOfBirth = date('dateOfBirth', 'Date of birth', 'dateOfBirth')
  input.restricted = values.restricted === 'true'
  const rows = aliasIndexes(values).filter((i) => !blankAlias(values, i))
  input.aliases = rows.map((i, position) => ({
    givenName: values[`aliases-${i}-givenName`] ?? '',
    familyName: values[`aliases-${i}-familyName`] ?? '',
    dateOfBirth: date(`aliases-${i}-dateOfBirth`, 'Alias date of birth', `aliases.${position}.dateOfBirth`),
  }))
  input.managers = (['police', 'probation'] as const)
    .filter((kind) => values[`${kind}Manager`])
    .map((kind) => ({ userId: values[`${kind}Manager`], kind }))
  return { input, problems }
}

/** Where on the page each problem's field is, for the error summary's links. */
export function formErrors(problems: FieldProblem[], values: FormValues): FieldErrors {
  const aliasRows = aliasIndexes(values).filter((i) => !blankAlias(values, i))
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) {
    let id = path
    const alias = /^aliases\.(\d+)\.(\w+)$/.exec(path)
    if (alias) id = `aliases-${aliasRows[Number(alias[1])] ?? 0}-${alias[2]}`
    else if (path.startsWith('managers')) id = 'policeManager'
    errors[id] ??= message
  }
  const href = (id: string) => (id.endsWith('dateOfBirth') ? `#${id}-day` : `#${id}`)
  return { errors, errorList: Object.entries(errors).map(([id, text]) => ({ text, href: href(id) })) }
}

/** The stored record as form values, for the edit page. */
export function recordToValues(person: PersonRecord): FormValues {
  const values: FormValues = {
    givenName: person.givenName,
    middleNames: person.middleNames ?? '',
    familyName: person.familyName,
    gender: person.gender,
    ethnicity: person.ethnicity ?? '',
    area: person.areaCode,
    leadAgency: person.leadAgencyCode ?? '',
    restricted: person.restricted ? 'true' : '',
    version: String(person.version),
    ...dateParts('dateOfBirth', person.dateOfBirth),
  }
  for (const field of IDENTIFIER_FIELDS) values[field] = person[field] ?? ''
  person.aliases.forEach((alias, i) => {
    values[`aliases-${i}-givenName`] = alias.givenName
    values[`aliases-${i}-familyName`] = alias.familyName
    Object.assign(values, dateParts(`aliases-${i}-dateOfBirth`, alias.dateOfBirth))
  })
  for (const manager of person.managers) values[`${manager.kind}Manager`] = manager.userId
  return values
}

export type ReadForm =
  | { kind: 'add-alias'; values: FormValues }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'valid'; input: PersonInput }

/** Reads a posted person form: a request for another alias row, the problems, or the input. */
export function readPersonForm(values: FormValues, today: string): ReadForm {
  if (values.action === 'add-alias') {
    const next = Math.max(-1, ...aliasIndexes(values)) + 1
    return { kind: 'add-alias', values: { ...values, [`aliases-${next}-givenName`]: '' } }
  }
  const { input, problems } = formToInput(values)
  const parsed = parseFormBody(personInput(today), input, problems, dottedPath)
  return parsed.ok ? { kind: 'valid', input: parsed.data } : { kind: 'invalid', problems: parsed.problems }
}

/**
 * What the duplicate check looked at, kept in a hidden field: a confirmation that this is a
 * different person holds only while the name, date of birth and identifiers stay as they were.
 */
export function duplicateCheckKey(input: PersonInput): string {
  return [
    input.givenName,
    input.familyName,
    input.dateOfBirth,
    ...IDENTIFIER_FIELDS.map((f) => input[f] ?? ''),
  ]
    .join('|')
    .toLowerCase()
}
