import type { z } from 'zod'
import { dateFromParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
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

/** Date problems (a date that cannot be formed) first, then the schema's, one per field. */
function parseForm<S extends z.ZodType>(schema: S, body: unknown, problems: FieldProblem[]) {
  const parsed = schema.safeParse(body)
  if (parsed.success && !problems.length) return { ok: true as const, data: parsed.data as z.output<S> }
  const fromSchema = parsed.success
    ? []
    : parsed.error.issues
        .map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }))
        .filter((p) => !problems.some((q) => q.path === p.path))
  return { ok: false as const, problems: [...problems, ...fromSchema] }
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
  return parseForm(actionFields, body, problems) as
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
  return parseForm(completionBody(today), body, problems) as
    { ok: true; data: StatusPatch } | { ok: false; problems: FieldProblem[] }
}

export function readCancellationForm(values: FormValues) {
  const body = { status: 'cancelled', reason: values.reason, version: Number(values.version) }
  return parseForm(cancellationBody, body, []) as
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
