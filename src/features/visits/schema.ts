import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

const EARLIEST = '1900-01-01'

const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
    .refine((d) => d >= EARLIEST, `${label} must be after 1 January 1900`)

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)

const reasonText = (what: string) =>
  z
    .string({ error: `Enter the reason ${what}` })
    .trim()
    .min(10, `Enter the reason ${what}, in at least 10 characters`)
    .max(2000, 'Reason must be 2000 characters or fewer')

/** A home visit as partners send it (API) and as the form maps to. */
export function visitBody(today: string) {
  return z.object({
    visitedOn: date('Date of the visit').refine(
      (d) => d <= today,
      'Date of the visit must be today or in the past',
    ),
    officerIds: z
      .array(z.uuid('Select the officers who made the visit'), {
        error: 'Select the officers who made the visit',
      })
      .min(1, 'Select the officers who made the visit')
      .max(10, 'Select no more than 10 officers')
      .transform((ids) => [...new Set(ids)]),
    seen: z.boolean({ error: 'Select whether the person was seen' }),
    othersPresent: optionalText('Who else was present', 1000),
    concerns: optionalText('Concerns', 4000),
    followUp: optionalText('Follow-up actions', 4000),
  })
}
export type VisitBody = z.output<ReturnType<typeof visitBody>>

export function visitPatch(today: string) {
  return visitBody(today).extend({
    version: z.number({ error: 'Give the version of the visit you read' }).int().min(1),
  })
}
export type VisitPatch = z.output<ReturnType<typeof visitPatch>>

export const reactiveStartBody = z.object({ reason: reasonText('for reactive management') })
export const reactiveEndBody = z.object({ reason: reasonText('for ending reactive management') })
export type ReactiveBody = z.output<typeof reactiveStartBody>

// Responses, for the OpenAPI description only (the handlers build them).

const reason = z.object({ text: z.string(), reference: z.string() })

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})

export const visitJsonSchema = z.object({
  id: z.string(),
  personId: z.string(),
  visitedOn: z.string(),
  officers: z.array(z.object({ userId: z.string(), name: z.string().nullable() })),
  seen: z.boolean(),
  othersPresent: z.string().nullable(),
  concerns: z.string().nullable(),
  followUp: z.string().nullable(),
  version: z.number(),
  recordedAt: z.string(),
})

export const reactiveJsonSchema = z.object({
  id: z.string(),
  startedOn: z.string(),
  reason: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
})

export const visitPlanJsonSchema = z.object({
  status: z
    .enum(['planned', 'reactive', 'needs_assessment', 'not_registered', 'not_required'])
    .describe(
      '`planned`: a next visit is due; `reactive`: under reactive management, no routine visits; `needs_assessment`: no OASys RoSH recorded, so no interval can be set; `not_registered`: no MAPPA registration in force; `not_required`: not a registered sexual offender and the plan sets no visits',
    ),
  nextVisitDue: z.string().nullable().describe('Last day for the next home visit'),
  overdue: z.boolean(),
  interval: z.string().nullable().describe('ISO 8601 duration between visits'),
  basis: z.array(reason).describe('Why this interval, with references'),
  rosh: z.object({ level: z.string(), assessedOn: z.string() }).nullable(),
  planVisitIntervalMonths: z.number().nullable(),
  countedFrom: z.object({ date: z.string(), event: z.string() }).nullable(),
  reactive: reactiveJsonSchema.nullable(),
  reactiveEligibility: z.object({
    status: z.string(),
    eligibleFrom: z.string().nullable(),
    reasons: z.array(reason),
  }),
  rulesVersion: z.string(),
})

export const dashboardJsonSchema = z.object({
  areaCodes: z.array(z.string()),
  total: z.number().describe('People with an overdue home visit'),
  agencies: z.array(
    z.object({
      agencyId: z.string().nullable(),
      agencyName: z.string(),
      overdue: z.number().describe('People with an overdue visit managed by this agency’s officers'),
      managers: z.array(
        z.object({ userId: z.string().nullable(), name: z.string(), overdue: z.number(), href: z.string() }),
      ),
    }),
  ),
})
