import { z } from 'zod'
import {
  DISPOSAL_TYPES,
  JURISDICTIONS,
  OUTCOME_TYPES,
  isIsoDate,
  type Conviction,
  type Disposal,
  type OffenceLine,
} from '../../domain/rules/index.js'

// Zod checks the shape (types, required fields, no unknown fields); the rules core's
// validateConviction then checks what is impossible (dates, lengths, unknown offences).

const unknownFields = (iss: { code?: string; keys?: string[] }) =>
  iss.code === 'unrecognized_keys'
    ? `Unknown field${(iss.keys?.length ?? 0) > 1 ? 's' : ''}: ${(iss.keys ?? []).join(', ')}`
    : undefined

const dateText = (what: string) => z.string({ error: `${what} must be a date as YYYY-MM-DD` })
const count = (what: string) => z.number({ error: `${what} must be a number` })

const length = {
  months: count('months').optional(),
  weeks: count('weeks').optional(),
  days: count('days').optional(),
}

const disposal = z.strictObject(
  {
    type: z.enum(DISPOSAL_TYPES, { error: `disposal type must be one of ${DISPOSAL_TYPES.join(', ')}` }),
    ...length,
    consecutive: z.boolean({ error: 'consecutive must be true or false' }).optional(),
    overlap: z.strictObject(length, { error: unknownFields }).optional(),
    releaseDate: dateText('releaseDate').optional(),
    licenceEndDate: dateText('licenceEndDate').optional(),
    orderEndDate: dateText('orderEndDate').optional(),
  },
  { error: (iss) => unknownFields(iss) ?? 'disposal must be an object with a type' },
)

const offenceLine = z.strictObject(
  {
    offenceId: z.string({ error: 'offenceId must be a catalogue id' }).optional(),
    description: z.string({ error: 'description must be text' }).trim().max(500).optional(),
    offenceDate: dateText('offenceDate').optional(),
    offenceDateFrom: dateText('offenceDateFrom').optional(),
    offenceDateTo: dateText('offenceDateTo').optional(),
    victimAge: count('victimAge').optional(),
    victimAgeUnder: count('victimAgeUnder').optional(),
    sexualGratification: z.boolean({ error: 'sexualGratification must be true or false' }).optional(),
    /** Runs after the previous custody line of the same conviction (also accepted on the disposal). */
    consecutive: z.boolean({ error: 'consecutive must be true or false' }).optional(),
    disposal,
  },
  { error: (iss) => unknownFields(iss) ?? 'each offence must be an object' },
)

const convictionShape = {
  date: dateText('date'),
  type: z.enum(OUTCOME_TYPES, { error: `type must be one of ${OUTCOME_TYPES.join(', ')}` }),
  court: z.enum(JURISDICTIONS, { error: `court must be one of ${JURISDICTIONS.join(', ')}` }).optional(),
  sentenceDate: dateText('sentenceDate').optional(),
  notificationOrderDate: dateText('notificationOrderDate').optional(),
  offences: z
    .array(offenceLine, { error: 'offences must be a list of offences' })
    .min(1, 'at least one offence is needed')
    .max(50, 'record 50 offences or fewer on one conviction'),
}

/** `POST /api/v1/people/{id}/convictions` */
export const convictionBody = z.strictObject(convictionShape, {
  error: (iss) => unknownFields(iss) ?? 'send a conviction as a JSON object',
})
export type ConvictionBody = z.output<typeof convictionBody>

/** `POST /api/v1/calculate/notification-period`: the conviction body plus the date of birth. */
export const calculatorBody = z.strictObject(
  {
    dateOfBirth: dateText('dateOfBirth')
      .refine(isIsoDate, 'dateOfBirth must be a real date as YYYY-MM-DD')
      .nullable()
      .optional(),
    ...convictionShape,
  },
  { error: (iss) => unknownFields(iss) ?? 'send a conviction as a JSON object' },
)
export type CalculatorBody = z.output<typeof calculatorBody>

/** Drops absent optional values so the rules see exactly what was recorded. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T
}

export type ShapeProblem = { path: string; message: string }

/** The body in the rules core's model; `consecutive` may be given on the line or its disposal. */
export function toConviction(body: ConvictionBody): { conviction: Conviction; problems: ShapeProblem[] } {
  const problems: ShapeProblem[] = []
  const offences = body.offences.map((line, i): OffenceLine => {
    const { consecutive, disposal: d, ...rest } = line
    if (consecutive !== undefined && d.consecutive !== undefined && consecutive !== d.consecutive)
      problems.push({
        path: `offences.${i}.consecutive`,
        message: `offences[${i}]: consecutive is given twice with different values; give it once`,
      })
    const merged: Disposal = defined({ ...d, consecutive: consecutive ?? d.consecutive })
    if (merged.consecutive === false) delete merged.consecutive
    return defined({ ...rest, description: rest.description || undefined, disposal: merged })
  })
  const { offences: _lines, ...conviction } = body
  return { conviction: { ...defined(conviction), offences }, problems }
}

// Responses, for the OpenAPI description only (the handlers build them).

const reasonSchema = z.object({ text: z.string(), reference: z.string() })

export const eligibilityResponse = z.object({
  status: z.enum(['eligible', 'not_eligible', 'needs_review']),
  category: z.union([z.literal(1), z.literal(2), z.null()]),
  reasons: z.array(reasonSchema),
  notification: z
    .object({
      required: z.literal(true),
      period: z.string().nullable().describe('ISO 8601 duration such as P10Y, or "indefinite"'),
      startDate: z.string(),
      endDate: z.string().nullable().describe('The last day subject to notification'),
      reviewFrom: z.string().nullable(),
    })
    .nullable(),
})

export const dueItemsResponse = z.object({
  rulesVersion: z.string(),
  items: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      ruleId: z.string(),
      title: z.string(),
      startDate: z.string(),
      dueDate: z.string(),
      dueAt: z.string().optional(),
      status: z.enum(['due', 'overdue', 'paused', 'done']),
      basis: z.array(reasonSchema),
      pausedFrom: z.string().optional(),
      resumedOn: z.string().optional(),
      doneOn: z.string().optional(),
      rulesVersion: z.string(),
    }),
  ),
  missing: z.array(z.string()).describe('Facts not recorded that these deadlines depend on'),
})

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})
