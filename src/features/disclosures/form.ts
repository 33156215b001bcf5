import type { FieldErrors } from '../../web/forms.js'
import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { DisclosureRow } from './queries.js'
import type { Problem } from './service.js'

/** What a disclosure form posts, kept as typed to show again on an error. */
export type FormValues = Record<string, string | undefined>

const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined)

function date(values: FormValues, prefix: string, label: string, problems: Problem[]) {
  const read = dateFromParts(values, prefix, label)
  if (read.error) problems.push({ path: prefix, message: read.error })
  return read.value
}

/** What was done after the decision: the fields the record and the "mark made" forms share. */
function outcomeFields(values: FormValues, problems: Problem[]) {
  return {
    disclosedOn: date(values, 'disclosedOn', 'Date the disclosure was made', problems),
    personTold: yesNo(values.personTold),
    notToldReason: values.notToldReason,
    undertakingSigned: yesNo(values.undertakingSigned),
    outcome: values.outcome,
  }
}

/**
 * Reads the disclosure form (the register's, and the one meeting minutes and applications show)
 * into the input `recordDisclosure` checks. Date problems come back here, as the schema cannot
 * tell a half-typed date from a missing one.
 */
export function readDisclosureForm(values: FormValues) {
  const problems: Problem[] = []
  const input = {
    decidedOn: date(values, 'decidedOn', 'Date of the decision', problems),
    recipientName: values.recipientName,
    recipientRole: values.recipientRole,
    disclosedByName: values.disclosedByName,
    method: values.method || undefined,
    plannedOn: date(values, 'plannedOn', 'Planned date', problems),
    lawful: yesNo(values.lawful),
    necessary: yesNo(values.necessary),
    proportionate: yesNo(values.proportionate),
    legalBasis: values.legalBasis,
    rationale: values.rationale,
    content: values.content,
    ...outcomeFields(values, problems),
  }
  return { input, problems }
}

/** Reads the form that marks a disclosure made or not made. */
export function readUpdateForm(values: FormValues) {
  const problems: Problem[] = []
  const input = {
    version: Number(values.version),
    status: values.status || undefined,
    ...outcomeFields(values, problems),
  }
  return { input, problems }
}

/** Problems from the form reader first, then the service's, one per field. */
export function mergeProblems(formProblems: Problem[], serviceProblems: Problem[]): Problem[] {
  const seen = new Set(formProblems.map((p) => p.path))
  return [...formProblems, ...serviceProblems.filter((p) => !seen.has(p.path))]
}

const FIELD_IDS: Record<string, string> = {
  decidedOn: 'decidedOn-day',
  plannedOn: 'plannedOn-day',
  disclosedOn: 'disclosedOn-day',
}

/** Where on the page each problem's field is, for the error summary's links (`fieldIds` adds a page's own). */
export function formErrors(problems: Problem[], fieldIds: Record<string, string> = {}): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[path || 'form'] ??= message
  return {
    errors,
    errorList: Object.entries(errors).map(([field, text]) => ({
      text,
      href: `#${fieldIds[field] ?? FIELD_IDS[field] ?? field}`,
    })),
  }
}

const yesNoText = (value: boolean | null) => (value === null ? '' : value ? 'yes' : 'no')

/** A stored disclosure as the "mark made" form shows it. */
export const updateFormValues = (d: DisclosureRow): FormValues => ({
  version: String(d.version),
  status: d.status === 'decided' ? '' : d.status,
  ...dateParts('disclosedOn', d.disclosedOn),
  personTold: yesNoText(d.personTold),
  notToldReason: d.notToldReason ?? '',
  undertakingSigned: yesNoText(d.undertakingSigned),
  outcome: d.outcome ?? '',
})
