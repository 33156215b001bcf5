import { dateFromParts, dateParts } from '../../web/date-input.js'
import { type FieldErrors, parseFormBody } from '../../web/forms.js'
import type { VisitRow } from './queries.js'
import { type VisitBody, type VisitPatch, reactiveStartBody, visitBody, visitPatch } from './schema.js'
import type { FieldProblem } from './service.js'

/** What the forms post, kept as typed to show again on an error (officers may be several). */
export type FormValues = Record<string, string | string[] | undefined>

const list = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean)

const text = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

function visitFields(values: FormValues, problems: FieldProblem[]) {
  const date = dateFromParts(values, 'visitedOn', 'Date of the visit')
  if (date.error) problems.push({ path: 'visitedOn', message: date.error })
  const seen = text(values.seen)
  return {
    visitedOn: date.value,
    officerIds: list(values.officerIds),
    seen: seen === 'yes' ? true : seen === 'no' ? false : undefined,
    othersPresent: text(values.othersPresent),
    concerns: text(values.concerns),
    followUp: text(values.followUp),
  }
}

export function readVisitForm(values: FormValues, today: string) {
  const problems: FieldProblem[] = []
  return parseFormBody(visitBody(today), visitFields(values, problems), problems) as
    { ok: true; data: VisitBody } | { ok: false; problems: FieldProblem[] }
}

export function readVisitEditForm(values: FormValues, today: string) {
  const problems: FieldProblem[] = []
  const body = { ...visitFields(values, problems), version: Number(text(values.version)) }
  return parseFormBody(visitPatch(today), body, problems) as
    { ok: true; data: VisitPatch } | { ok: false; problems: FieldProblem[] }
}

/** The reason for starting or ending reactive management (both forms ask only for it). */
export function readReasonForm(values: FormValues, schema = reactiveStartBody) {
  return parseFormBody(schema, { reason: text(values.reason) }, [])
}

const FIELD_IDS: Record<string, string> = {
  visitedOn: 'visitedOn-day',
  officerIds: 'officerIds',
  seen: 'seen',
}

/** Where on the page each problem's field is, for the error summary's links. */
export function formErrors(problems: FieldProblem[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[path || 'form'] ??= message
  return {
    errors,
    errorList: Object.entries(errors).map(([field, text]) => ({
      text,
      href: `#${FIELD_IDS[field] ?? field}`,
    })),
  }
}

/** A stored visit as the edit form shows it. */
export const visitFormValues = (visit: VisitRow): FormValues => ({
  ...dateParts('visitedOn', visit.visitedOn),
  officerIds: visit.officerIds,
  seen: visit.seen ? 'yes' : 'no',
  othersPresent: visit.othersPresent ?? '',
  concerns: visit.concerns ?? '',
  followUp: visit.followUp ?? '',
  version: String(visit.version),
})
