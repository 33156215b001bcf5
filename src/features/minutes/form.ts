import { dateFromParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import { fieldId, isFieldKey, versionName } from './fields.js'
import type { Problem } from './service.js'

/** What the minutes forms post: flat strings (a repeated name arrives as a list). */
export type FormValues = Record<string, string | string[] | undefined>

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''))
const yes = (v: string | string[] | undefined) => one(v) === 'yes'
/** A yes/no radio: true, false, or null when not answered. */
const yesNo = (v: string | string[] | undefined) => (one(v) === 'yes' ? true : one(v) === 'no' ? false : null)
const number = (v: string | string[] | undefined) => (one(v).trim() === '' ? undefined : Number(one(v)))

/** The text fields a form posted, each with the version it was read at (0 for a new field). */
export function textEntries(values: FormValues) {
  return Object.keys(values)
    .filter(isFieldKey)
    .map((key) => ({
      key,
      value: one(values[key]).replace(/\r\n/g, '\n'),
      version: Number(one(values[versionName(key)]) || 0),
    }))
}

/** The agency of a new attendance line: a select of agencies not yet listed. */
export const NEW_LINE = 'new'

/** The agencies listed on the attendance form, in its order (one hidden `line-<agency>` each). */
export const listedAgencies = (values: FormValues) =>
  Object.keys(values)
    .filter((k) => k.startsWith('line-'))
    .map((k) => one(values[k]))

/** The attendance form as the API body: one line per listed agency, and the one added. */
export function attendanceToBody(values: FormValues) {
  const problems: Problem[] = []
  const line = (prefix: string, agencyId: string) => ({
    agencyId,
    status: one(values[`status-${prefix}`]) || undefined,
    attendees: one(values[`attendees-${prefix}`]),
    reportSubmitted: yes(values[`report-${prefix}`]),
    confidentialityAcknowledged: yes(values[`confidentiality-${prefix}`]),
  })
  const agencies = listedAgencies(values).map((id) => line(id, id))
  const added = one(values[`agency-${NEW_LINE}`])
  const newLine = line(NEW_LINE, added)
  if (added) agencies.push(newLine)
  else if (newLine.status || newLine.attendees.trim())
    problems.push({ path: `agency-${NEW_LINE}`, message: 'Select the agency to add' })
  return { body: { version: one(values.version), agencies }, problems }
}

/** Where an attendance problem's field is: `agencies.2.attendees` → `attendees-<agency>`. */
export function attendanceErrors(problems: Problem[], agencyIds: string[]): FieldErrors {
  return errorsOf(
    problems.map((p) => {
      const match = /^agencies\.(\d+)\.(\w+)$/.exec(p.path)
      if (!match) return p
      const agency = agencyIds[Number(match[1])] ?? NEW_LINE
      const name = {
        agencyId: 'agency',
        status: 'status',
        attendees: 'attendees',
        reportSubmitted: 'report',
      }[match[2]!]
      return { ...p, path: `${name ?? 'confidentiality'}-${agency}` }
    }),
  )
}

/** The level decision form as the service's body. */
export function levelToBody(values: FormValues) {
  const nextReviewOn = dateFromParts(values as Record<string, unknown>, 'nextReviewOn', 'Next review date')
  return {
    body: {
      version: number(values.version),
      level: number(values.level),
      category: number(values.category),
      nextReviewOn: nextReviewOn.value ?? null,
    },
    problems: nextReviewOn.error ? [{ path: 'nextReviewOn', message: nextReviewOn.error }] : [],
  }
}

export const LEGAL_TESTS = ['lawful', 'necessary', 'proportionate'] as const

/** The disclosure decision form as the service's body (the register's field names). */
export function disclosureToBody(values: FormValues) {
  const problems: Problem[] = []
  const date = (name: string, label: string) => {
    const result = dateFromParts(values as Record<string, unknown>, name, label)
    if (result.error) problems.push({ path: `disclosure.${name}`, message: result.error })
    return result.value ?? null
  }
  const choice = one(values.disclose)
  const body = {
    version: number(values.version),
    disclose: choice === 'yes' ? true : choice === 'no' ? false : undefined,
    notNeededReason: one(values.notNeededReason),
    disclosure:
      choice === 'yes'
        ? {
            recipientName: one(values.recipientName),
            recipientRole: one(values.recipientRole),
            disclosedByName: one(values.disclosedByName),
            method: one(values.method) || undefined,
            plannedOn: date('plannedOn', 'Planned date'),
            legalBasis: one(values.legalBasis),
            rationale: one(values.rationale),
            content: one(values.content),
            ...Object.fromEntries(LEGAL_TESTS.map((t) => [t, yes(values[t])])),
            personTold: yesNo(values.personTold),
            notToldReason: one(values.notToldReason),
            undertakingSigned: yesNo(values.undertakingSigned),
          }
        : undefined,
  }
  return { body, problems }
}

const DATE_FIELDS = new Set(['nextReviewOn', 'plannedOn'])

/** The id of the page element a problem is about. */
function idOf(path: string) {
  const name = path.startsWith('disclosure.') ? path.slice('disclosure.'.length) : path
  if (name === '' || name === 'disclosure') return 'disclose'
  if (isFieldKey(name)) return fieldId(name)
  if (LEGAL_TESTS.includes(name as (typeof LEGAL_TESTS)[number])) return 'tests'
  return DATE_FIELDS.has(name) ? `${name}-day` : name
}

/** Problems as the page's inline errors (keyed by field name) and the error summary's links. */
export function errorsOf(problems: Problem[]): FieldErrors {
  const errors: Record<string, string> = {}
  const errorList: FieldErrors['errorList'] = []
  for (const { path, message } of problems) {
    const name = path.startsWith('disclosure.') ? path.slice('disclosure.'.length) : path
    const key = LEGAL_TESTS.includes(name as (typeof LEGAL_TESTS)[number]) ? 'tests' : name || 'disclose'
    if (errors[key]) continue
    errors[key] = message
    errorList.push({
      text: message,
      href: path === 'version' ? '#main-content' : `#${idOf(path)}`,
    })
  }
  return { errors, errorList }
}
