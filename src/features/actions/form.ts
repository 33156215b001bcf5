import { dateFromParts } from '../../web/date-input.js'
import { type FieldErrors, parseFormBody } from '../../web/forms.js'
import {
  actionFields,
  type ActionFields,
  cancellationBody,
  completionBody,
  type StatusPatch,
} from './schema.js'
import type { FieldProblem } from './service.js'

/** What the forms post, kept as typed to show again on an error. */
export type FormValues = Record<string, string | undefined>

const FIELD_IDS: Record<string, string> = {
  dueOn: 'dueOn-day',
  completedOn: 'completedOn-day',
  version: 'form',
}

function dateField(values: FormValues, name: string, label: string, problems: FieldProblem[]) {
  const date = dateFromParts(values, name, label)
  if (date.error) problems.push({ path: name, message: date.error })
  return date.value
}

export function readActionForm(values: FormValues) {
  const problems: FieldProblem[] = []
  const body = {
    text: values.text,
    ownerAgencyId: values.ownerAgencyId || undefined,
    ownerUserId: values.ownerUserId || null,
    ownerName: values.ownerName,
    dueOn: dateField(values, 'dueOn', 'Due date', problems),
  }
  return parseFormBody(actionFields, body, problems) as
    { ok: true; data: ActionFields } | { ok: false; problems: FieldProblem[] }
}

export function readCompletionForm(values: FormValues, today: string) {
  const problems: FieldProblem[] = []
  const body = {
    status: 'done',
    evidence: values.evidence,
    completedOn: dateField(values, 'completedOn', 'Date completed', problems),
    version: Number(values.version),
  }
  return parseFormBody(completionBody(today), body, problems) as
    { ok: true; data: StatusPatch } | { ok: false; problems: FieldProblem[] }
}

export function readCancellationForm(values: FormValues) {
  const body = { status: 'cancelled', reason: values.reason, version: Number(values.version) }
  return parseFormBody(cancellationBody, body, []) as
    { ok: true; data: StatusPatch } | { ok: false; problems: FieldProblem[] }
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
