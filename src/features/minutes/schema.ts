import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'
import { MAX_FIELD_LENGTH } from './fields.js'

/** Blank form fields mean "not given"; numbers arrive from forms as text. */
const asNumber = (v: unknown) =>
  typeof v === 'string' && v.trim() !== '' ? Number(v) : v === '' ? undefined : v

export const ATTENDANCE_STATUSES = [
  { value: 'attended', text: 'Attended' },
  { value: 'apologies', text: 'Sent apologies' },
  { value: 'absent', text: 'Absent' },
] as const
type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]['value']

export const VICTIM_INPUTS = [
  { value: 'attended', text: 'The Victim Liaison Officer attended' },
  { value: 'written_report', text: 'The Victim Liaison Officer sent a written report' },
  { value: 'none', text: 'Neither: no victim input reached the meeting' },
] as const
type VictimInput = (typeof VICTIM_INPUTS)[number]['value']

export const labelOf = (list: readonly { value: string; text: string }[], value: string | null) =>
  list.find((o) => o.value === value)?.text ?? value ?? ''

const values = <T extends readonly { value: string }[]>(list: T) =>
  list.map((o) => o.value) as [T[number]['value'], ...T[number]['value'][]]

const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

/** The version of a field, a case's decisions or the plan that the client read. */
const version = (what: string) =>
  z.preprocess(
    asNumber,
    z
      .number({ error: `Send the version of ${what} you read` })
      .int()
      .min(0),
  )

const text = z
  .string({ error: 'The text must be a string' })
  .max(MAX_FIELD_LENGTH, `The text must be ${MAX_FIELD_LENGTH.toLocaleString('en-GB')} characters or fewer`)

/**
 * One field's text with the version it was typed against (0 for a field not yet saved): the
 * autosave of `POST …/minutes/{field}` and the API's PATCH.
 */
export const fieldSave = z.object({ value: text, version: version('the field') })

/** `PATCH /api/v1/meetings/{id}/minutes`. */
export const minutesPatch = fieldSave.extend({
  caseId: z.uuid({ error: 'caseId must be the id of a case on the meeting’s agenda' }),
  field: z.string({ error: 'Name the field' }).min(1, 'Name the field').max(60),
})

const attendanceRow = z
  .object({
    agencyId: z.uuid({ error: 'Select an agency from the list' }),
    status: z.enum(values(ATTENDANCE_STATUSES), {
      error: 'Select whether the agency attended, sent apologies or was absent',
    }),
    attendees: z
      .string()
      .trim()
      .max(2000, 'Names and roles must be 2,000 characters or fewer')
      .nullish()
      .transform((v) => v || null),
    reportSubmitted: z.boolean({ error: 'Say whether the agency submitted a report' }),
    confidentialityAcknowledged: z.boolean({
      error: 'Say whether the confidentiality statement was acknowledged',
    }),
  })
  .superRefine((row, ctx) => {
    if (row.status !== 'attended') return
    if (!row.attendees)
      ctx.addIssue({
        code: 'custom',
        path: ['attendees'],
        message: 'Enter the names and roles of those who attended',
      })
    // MAPPA D: everyone present acknowledges the confidentiality statement.
    if (!row.confidentialityAcknowledged)
      ctx.addIssue({
        code: 'custom',
        path: ['confidentialityAcknowledged'],
        message: 'Those attending must acknowledge the confidentiality statement (MAPPA D)',
      })
  })
export type AttendanceInput = z.output<typeof attendanceRow>

/** `PUT /api/v1/meetings/{id}/attendance` and the attendance page: the whole set, replaced. */
export const attendanceBody = z
  .object({
    version: z.string({ error: 'Send the attendance version you read' }).min(1),
    agencies: z.array(attendanceRow, { error: 'agencies must be a list' }).max(60),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>()
    body.agencies.forEach((row, i) => {
      if (seen.has(row.agencyId))
        ctx.addIssue({
          code: 'custom',
          path: ['agencies', i, 'agencyId'],
          message: 'Each agency is listed once',
        })
      seen.add(row.agencyId)
    })
  })

/** The decisions a meeting records for a case (`PUT /api/v1/meetings/{id}/minutes`). */
export const victimDecision = z.object({
  victimInput: z.enum(values(VICTIM_INPUTS), {
    error: 'Select how the victims’ views reached the meeting',
  }),
})

export const levelDecision = z.object({
  level: z.preprocess(
    asNumber,
    z
      .number({ error: 'Select the level decided' })
      .int()
      .min(1, 'Select a level from 1 to 3')
      .max(3, 'Select a level from 1 to 3'),
  ),
  category: z.preprocess(
    asNumber,
    z
      .number({ error: 'Select the category' })
      .int()
      .min(1, 'Select a category from 1 to 4')
      .max(4, 'Select a category from 1 to 4'),
  ),
  /** Required for Level 2 and 3; Level 1 has no review meeting. */
  nextReviewOn: z.preprocess((v) => (v === '' ? null : v), date('Next review date').nullish()),
})

export const disclosureNotNeeded = z.object({
  disclose: z.literal(false),
  notNeededReason: z
    .string({ error: 'Enter why no disclosure is needed' })
    .trim()
    .min(1, 'Enter why no disclosure is needed')
    .max(4000, 'The reason must be 4,000 characters or fewer'),
})

const decisionCommon = {
  caseId: z.uuid({ error: 'caseId must be the id of a case on the meeting’s agenda' }),
  version: version('the case’s decisions'),
}

export const decisionBody = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('victims'), ...decisionCommon, ...victimDecision.shape }),
    z.object({ decision: z.literal('level'), ...decisionCommon, ...levelDecision.shape }),
    z.object({
      decision: z.literal('disclosure'),
      ...decisionCommon,
      disclose: z.boolean({
        error: 'Say whether to disclose (true) or that no disclosure is needed (false)',
      }),
      notNeededReason: z.string().nullish(),
      /** The disclosure register's fields, without decidedOn (the meeting's date). */
      disclosure: z.record(z.string(), z.unknown()).nullish(),
    }),
  ],
  { error: 'Say which decision this is: victims, level or disclosure' },
)

export const finaliseBody = z.object({ version: version('the meeting') })

export type { AttendanceStatus, VictimInput }

// Responses, for the OpenAPI description (the handlers build them).

const fieldResponse = z.object({
  field: z.string(),
  value: z.string(),
  version: z.number(),
  updatedAt: z.string().nullable(),
})

export const fieldSavedResponse = fieldResponse.extend({ outcome: z.literal('saved') })

export const conflictResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  current: fieldResponse,
  yours: z.object({ value: z.string(), version: z.number() }),
})

const attendanceResponse = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  status: z.string(),
  attendees: z.string().nullable(),
  reportSubmitted: z.boolean(),
  confidentialityAcknowledged: z.boolean(),
})

export const attendanceSetResponse = z.object({
  version: z.string(),
  agencies: z.array(attendanceResponse),
})

export const minutesResponse = z.object({
  meetingId: z.string(),
  status: z.string(),
  finalisedAt: z.string().nullable(),
  version: z.number(),
  attendance: attendanceSetResponse,
  cases: z.array(
    z.object({
      caseId: z.string(),
      personId: z.string(),
      version: z.number(),
      victimInput: z.string().nullable(),
      victimInputWarning: z.string().nullable(),
      disclosureDecision: z.string().nullable(),
      disclosureNotNeededReason: z.string().nullable(),
      disclosureIds: z.array(z.string()),
      levelDecision: z.number().nullable(),
      categoryDecision: z.number().nullable(),
      nextReviewOn: z.string().nullable(),
      defaultNextReviewOn: z.string().nullable(),
      planId: z.string().nullable(),
      fields: z.array(fieldResponse),
    }),
  ),
})

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})
