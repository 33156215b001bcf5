import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import type { MeetingRecord, Problem } from './service.js'

/** What the meeting forms post: flat strings, kept as typed to show again. */
export type FormValues = Record<string, string>

const DATE_FIELDS = new Set(['heldOn', 'accessUntil'])

/** The new-meeting and change-details forms, mapped onto the API body. */
export function meetingFormToBody(values: FormValues): {
  body: Record<string, unknown>
  problems: Problem[]
} {
  const problems: Problem[] = []
  const heldOn = dateFromParts(values, 'heldOn', 'Meeting date')
  if (heldOn.error) problems.push({ path: 'heldOn', message: heldOn.error })
  const body: Record<string, unknown> = {
    heldOn: heldOn.value,
    startsAt: values.startsAt ?? '',
    level: values.level === '2' ? 2 : values.level === '3' ? 3 : undefined,
    chairUserId: values.chairUserId || undefined,
    chairRank: values.chairRank ?? '',
    format: values.format || undefined,
    venue: values.venue ?? '',
  }
  if (values.areaCode) body.areaCode = values.areaCode
  if (values.version) body.version = Number(values.version)
  return { body, problems }
}

export function meetingToValues(m: MeetingRecord): FormValues {
  return {
    version: String(m.version),
    ...dateParts('heldOn', m.heldOn),
    startsAt: m.startsAt,
    level: String(m.level),
    chairUserId: m.chairUserId ?? '',
    chairRank: m.chairRank,
    format: m.format,
    venue: m.venue ?? '',
  }
}

/** The invitation form, mapped onto the API body. */
export function invitationFormToBody(values: FormValues): {
  body: Record<string, unknown>
  problems: Problem[]
} {
  const accessUntil = dateFromParts(values, 'accessUntil', 'Last day of access')
  return {
    body: {
      agencyId: values.agencyId || undefined,
      lawfulBasis: values.lawfulBasis ?? '',
      accessUntil: accessUntil.value,
    },
    problems: accessUntil.error ? [{ path: 'accessUntil', message: accessUntil.error }] : [],
  }
}

/** Where each problem's field is on the page, for the error summary's links. */
export function formErrors(problems: Problem[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[path || 'case'] ??= message
  return {
    errors,
    errorList: Object.entries(errors).map(([id, text]) => ({
      text,
      href: id === 'version' ? '#main-content' : `#${DATE_FIELDS.has(id) ? `${id}-day` : id}`,
    })),
  }
}
