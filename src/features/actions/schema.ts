import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'
import { STATUSES } from './queries.js'

const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

const text = (label: string, max: number, enter = `Enter ${label.toLowerCase()}`) =>
  z.string({ error: enter }).trim().min(1, enter).max(max, `${label} must be ${max} characters or fewer`)

/** An action as the form and partners send it; the owner is an agency, and a user or a name. */
export const actionFields = z.object({
  text: text('What is to be done', 2000, 'Enter what is to be done'),
  ownerAgencyId: z.uuid('Select the agency that owns the action'),
  ownerUserId: z
    .uuid('Select the person who owns the action')
    .nullish()
    .transform((v) => v ?? null),
  ownerName: z
    .string()
    .trim()
    .max(200, 'Name must be 200 characters or fewer')
    .nullish()
    .transform((v) => v || null),
  dueOn: date('Due date'),
})
export type ActionFields = z.output<typeof actionFields>

export const actionBody = actionFields.extend({
  meetingId: z.uuid('Give the meeting the action was set at'),
  caseId: z.uuid('Give the case on the meeting’s agenda the action is about'),
})

/** Closing an action: done with evidence and the date, or cancelled with the reason. */
export function completionBody(today: string) {
  return z.object({
    status: z.literal('done'),
    evidence: text('Evidence of completion', 4000, 'Enter the evidence that the action is done'),
    completedOn: date('Date completed').refine(
      (d) => d <= today,
      'Date completed must be today or in the past',
    ),
    version: z.number({ error: 'Give the version of the action you read' }).int().min(1),
  })
}

export const cancellationBody = z.object({
  status: z.literal('cancelled'),
  reason: text('Reason', 2000, 'Enter why the action is cancelled'),
  version: z.number({ error: 'Give the version of the action you read' }).int().min(1),
})

export function statusPatch(today: string) {
  return z.discriminatedUnion('status', [completionBody(today), cancellationBody], {
    error: 'Status must be done or cancelled',
  })
}
export type StatusPatch = z.output<ReturnType<typeof statusPatch>>

const flag = z.preprocess((v) => v === 'yes' || v === 'true' || v === true, z.boolean())

/** The ledger's query string: anything not understood is dropped, never an error page. */
export const ledgerQuery = z.object({
  scope: z.enum(['mine', 'agency', 'area']).optional().catch(undefined),
  status: z.enum([...STATUSES, 'all']).catch('open'),
  overdue: flag.optional(),
  agency: z.string().trim().max(60).optional().catch(undefined),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type LedgerQuery = z.output<typeof ledgerQuery>

// Responses, for the OpenAPI description only (the handlers build them).

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})

export const actionJsonSchema = z.object({
  id: z.string(),
  meeting: z.object({ id: z.string(), heldOn: z.string(), level: z.number() }),
  personId: z.string(),
  person: z
    .object({ givenName: z.string(), familyName: z.string() })
    .nullable()
    .describe('Null for a restricted record the caller is not named on'),
  text: z.string(),
  owner: z.object({
    agencyId: z.string(),
    agencyName: z.string(),
    userId: z.string().nullable(),
    name: z.string().nullable().describe('The person who owns it; null when nobody is named'),
  }),
  dueOn: z.string(),
  status: z.enum(STATUSES),
  overdue: z.boolean(),
  evidence: z.string().nullable().describe('Evidence of completion (done)'),
  cancellationReason: z.string().nullable(),
  completedOn: z.string().nullable().describe('When it was done or cancelled'),
  version: z.number(),
  createdAt: z.string(),
})
