import { dateFromParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'

/** What the conviction and calculator forms post: flat strings, kept as typed. */
export type FormValues = Record<string, string>
export type FieldProblem = { path: string; message: string }

export const LENGTH_UNITS = ['months', 'weeks', 'days'] as const
export const VICTIM_AGE_KINDS = ['exact', 'under', 'unknown'] as const

const LINE_FIELDS = [
  'offenceId',
  'description',
  'offenceDate-day',
  'offenceDate-month',
  'offenceDate-year',
  'victimAge',
  'victimAgeUnder',
  'length',
  'releaseDate-day',
  'releaseDate-month',
  'releaseDate-year',
  'licenceEndDate-day',
  'licenceEndDate-month',
  'licenceEndDate-year',
] as const

export function offenceIndexes(values: FormValues): number[] {
  const indexes = new Set<number>()
  for (const key of Object.keys(values)) {
    const match = /^offences-(\d+)-/.exec(key)
    if (match) indexes.add(Number(match[1]))
  }
  return [...indexes].sort((a, b) => a - b)
}

const blankLine = (values: FormValues, i: number) =>
  LINE_FIELDS.every((f) => !values[`offences-${i}-${f}`]?.trim())

/** Rows that were filled in; the first row always counts, so an empty form says what is missing. */
export function filledRows(values: FormValues): number[] {
  const rows = offenceIndexes(values)
  const filled = rows.filter((i) => !blankLine(values, i))
  return filled.length ? filled : [rows[0] ?? 0]
}

function wholeNumber(
  text: string | undefined,
  path: string,
  label: string,
  problems: FieldProblem[],
): number | undefined {
  const value = text?.trim()
  if (!value) return undefined
  if (!/^-?\d+$/.test(value)) {
    problems.push({ path, message: `${label} must be a whole number` })
    return undefined
  }
  return Number(value)
}

/**
 * Maps the posted form onto the API body, so the browser and partners are checked alike.
 * Date parts that cannot form a date, and numbers that are not numbers, are problems here.
 */
export function formToBody(
  values: FormValues,
  options: { dateOfBirth?: boolean } = {},
): { body: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const date = (prefix: string, label: string, path: string) => {
    const result = dateFromParts(values, prefix, label)
    if (result.error) problems.push({ path, message: result.error })
    return result.value
  }
  const body: Record<string, unknown> = {}
  if (options.dateOfBirth) body.dateOfBirth = date('dateOfBirth', 'Date of birth', 'dateOfBirth')
  body.date = date('date', 'Date of conviction', 'date')
  if (body.date === undefined && !problems.some((p) => p.path === 'date'))
    problems.push({ path: 'date', message: 'Enter the date of the conviction, caution or finding' })
  if (values.type) body.type = values.type
  else problems.push({ path: 'type', message: 'Select whether it is a conviction, caution or finding' })
  if (values.court) body.court = values.court
  body.offences = filledRows(values).map((row, n) => {
    const field = (name: string) => values[`offences-${row}-${name}`]?.trim() ?? ''
    const line: Record<string, unknown> = {}
    const offenceId = field('offenceId')
    const description = field('description')
    if (offenceId) line.offenceId = offenceId
    else if (description) line.description = description
    else
      problems.push({
        path: `offences.${n}.offenceId`,
        message: `Offence ${n + 1}: select the offence, or describe it if it is not in the list`,
      })
    line.offenceDate = date(
      `offences-${row}-offenceDate`,
      `Offence ${n + 1} date`,
      `offences.${n}.offenceDate`,
    )
    const ageKind =
      field('victimAgeKind') || (field('victimAge') ? 'exact' : field('victimAgeUnder') ? 'under' : 'unknown')
    if (ageKind === 'exact') {
      line.victimAge = wholeNumber(
        field('victimAge'),
        `offences.${n}.victimAge`,
        `Offence ${n + 1}: the victim’s age`,
        problems,
      )
      if (line.victimAge === undefined && !problems.some((p) => p.path === `offences.${n}.victimAge`))
        problems.push({
          path: `offences.${n}.victimAge`,
          message: `Offence ${n + 1}: enter the victim’s age`,
        })
    } else if (ageKind === 'under') {
      line.victimAgeUnder = wholeNumber(
        field('victimAgeUnder'),
        `offences.${n}.victimAgeUnder`,
        `Offence ${n + 1}: the age the victim was under`,
        problems,
      )
      if (
        line.victimAgeUnder === undefined &&
        !problems.some((p) => p.path === `offences.${n}.victimAgeUnder`)
      )
        problems.push({
          path: `offences.${n}.victimAgeUnder`,
          message: `Offence ${n + 1}: enter the age the victim was under`,
        })
    }
    const disposal: Record<string, unknown> = {}
    const disposalType = field('disposalType')
    if (disposalType) disposal.type = disposalType
    else
      problems.push({
        path: `offences.${n}.disposal.type`,
        message: `Offence ${n + 1}: select the sentence or disposal`,
      })
    const unit = (LENGTH_UNITS as readonly string[]).includes(field('lengthUnit'))
      ? field('lengthUnit')
      : 'months'
    const amount = wholeNumber(
      field('length'),
      `offences.${n}.disposal.${unit}`,
      `Offence ${n + 1}: the length`,
      problems,
    )
    if (amount !== undefined) disposal[unit] = amount
    if (field('consecutive') === 'true') disposal.consecutive = true
    disposal.releaseDate = date(
      `offences-${row}-releaseDate`,
      `Offence ${n + 1} release date`,
      `offences.${n}.disposal.releaseDate`,
    )
    disposal.licenceEndDate = date(
      `offences-${row}-licenceEndDate`,
      `Offence ${n + 1} licence end date`,
      `offences.${n}.disposal.licenceEndDate`,
    )
    line.disposal = Object.fromEntries(Object.entries(disposal).filter(([, v]) => v !== undefined))
    return Object.fromEntries(Object.entries(line).filter(([, v]) => v !== undefined))
  })
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key]
  return { body, problems }
}

const DATE_FIELDS = /(Date|date|dateOfBirth|releaseDate|licenceEndDate)$/

/** Plain words for the rules' API-style messages: `offences[0].offenceDate` → "Offence 1 date". */
export function plainMessage(message: string): string {
  const words: Record<string, string> = {
    offenceDate: 'date',
    offenceDateFrom: 'earliest date',
    offenceDateTo: 'latest date',
    offenceId: 'offence',
    victimAge: 'victim’s age',
    victimAgeUnder: 'victim’s age limit',
    'disposal.months': 'length in months',
    'disposal.weeks': 'length in weeks',
    'disposal.days': 'length in days',
    'disposal.type': 'sentence',
    'disposal.releaseDate': 'release date',
    'disposal.licenceEndDate': 'licence end date',
    'disposal.consecutive': 'consecutive term',
  }
  return message
    .replace(/offences\[(\d+)\]\.([\w.]+)/g, (_m, i: string, key: string) =>
      words[key] ? `offence ${Number(i) + 1} ${words[key]}` : `offence ${Number(i) + 1} ${key}`,
    )
    .replace(/offences\[(\d+)\]/g, (_m, i: string) => `offence ${Number(i) + 1}`)
    .replace(/^date\b/, 'The date of conviction')
    .replace(/^sentenceDate\b/, 'The sentence date')
    .replace(/^(\w)/, (c) => c.toUpperCase())
}

/** The form field a problem belongs to, for its inline message and the error summary's link. */
export function formErrors(problems: FieldProblem[], values: FormValues): FieldErrors {
  const rows = filledRows(values)
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) {
    let id = path
    const line = /^offences\.(\d+)(?:\.(.+))?$/.exec(path)
    if (line) {
      const row = rows[Number(line[1])] ?? rows[0] ?? 0
      const key = line[2] ?? 'offenceId'
      const field =
        key === 'disposal.type'
          ? 'disposalType'
          : /^disposal\.(months|weeks|days)$/.test(key) || key.startsWith('disposal.overlap')
            ? 'length'
            : key === 'disposal.consecutive' || key === 'consecutive'
              ? 'consecutive'
              : key.startsWith('disposal.')
                ? key.slice('disposal.'.length)
                : key === 'description'
                  ? 'offenceId'
                  : key.startsWith('offenceDate')
                    ? 'offenceDate'
                    : key
      id = `offences-${row}-${field}`
    } else if (path === 'offences') id = `offences-${rows[0] ?? 0}-offenceId`
    else if (path === '' || path === 'sentenceDate' || path === 'notificationOrderDate') id = 'date'
    errors[id] ??= plainMessage(message)
  }
  const href = (id: string) => (DATE_FIELDS.test(id) ? `#${id}-day` : `#${id}`)
  return { errors, errorList: Object.entries(errors).map(([id, text]) => ({ text, href: href(id) })) }
}
