import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

/** What a registered sexual offender notifies (SOA 2003 ss.83–86 and the 2012 regulations). */
export const NOTIFICATION_KINDS = [
  'initial',
  'change',
  'periodic',
  'travel',
  'child_household',
  'weekly_no_fixed_abode',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  initial: 'Initial notification',
  change: 'Change notification',
  periodic: 'Periodic (annual) notification',
  travel: 'Foreign travel',
  child_household: 'Stay in a household with a child',
  weekly_no_fixed_abode: 'Weekly notification (no fixed abode)',
}

/** What a change notification (s.84) is about. */
export const CHANGE_KINDS = [
  'name',
  'home_address',
  'other_address',
  'release',
  'seven_day_stay',
  'other',
] as const
export type ChangeKind = (typeof CHANGE_KINDS)[number]

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  name: 'Name',
  home_address: 'Home address',
  other_address: 'Other address regularly stayed at',
  release: 'Release from custody or hospital',
  seven_day_stay: 'Stay of 7 days at an address not notified',
  other: 'Something else',
}

export const BREACH_OUTCOMES = [
  'pending',
  'no_further_action',
  'cautioned',
  'charged',
  'convicted',
  'acquitted',
] as const
export type BreachOutcome = (typeof BREACH_OUTCOMES)[number]

export const BREACH_OUTCOME_LABELS: Record<BreachOutcome, string> = {
  pending: 'Pending',
  no_further_action: 'No further action',
  cautioned: 'Cautioned',
  charged: 'Charged',
  convicted: 'Convicted',
  acquitted: 'Acquitted',
}

const EARLIEST = '1900-01-01'

const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
    .refine((d) => d >= EARLIEST, `${label} must be after 1 January 1900`)

const optionalDate = (label: string) =>
  date(label)
    .nullish()
    .transform((v) => v ?? undefined)

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter the ${label.toLowerCase()}`)
    .max(max, `${label} must be ${max} characters or fewer`)

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || undefined)

const notes = z.object({ notes: optionalText('Notes', 2000) }).default({ notes: undefined })

/** Details notified, by kind; stored as given (jsonb) and turned into the rules core's history. */
export const changeDetails = z.object({
  what: z.enum(CHANGE_KINDS, { error: 'Select what changed' }),
  changeDate: date('Date of the change'),
  newValue: optionalText('New name or address', 500),
  /** A home address change to having no sole or main residence: weekly notification follows. */
  noFixedAbode: z.boolean().default(false),
  notes: optionalText('Notes', 2000),
})

export const travelDetails = z.object({
  departureDate: date('Departure date'),
  destination: text('Destination', 200),
  returnDate: optionalDate('Return date'),
  /** When the travel became known, if later than 7 days before departure. */
  knownOn: optionalDate('Date the travel became known'),
})

export const householdDetails = z.object({
  address: text('Address of the household', 500),
  startDate: date('Start of the stay'),
  endDate: optionalDate('End of the stay'),
})

export const noFixedAbodeDetails = z.object({
  whereFound: text('Where the person can be found', 500),
})

const common = (today: string) => ({
  notifiedOn: date('Date notified').refine((d) => d <= today, 'Date notified must be today or in the past'),
  station: optionalText('Police station', 200),
  officerId: z
    .uuid('Select the officer who took the notification')
    .nullish()
    .transform((v) => v ?? undefined),
})

/** A notification event as partners send it (API) and as the form maps to. */
export function notificationBody(today: string) {
  const c = common(today)
  return z
    .discriminatedUnion(
      'kind',
      [
        z.object({ kind: z.literal('initial'), ...c, details: notes }),
        z.object({ kind: z.literal('change'), ...c, details: changeDetails }),
        z.object({ kind: z.literal('periodic'), ...c, details: notes }),
        z.object({ kind: z.literal('travel'), ...c, details: travelDetails }),
        z.object({ kind: z.literal('child_household'), ...c, details: householdDetails }),
        z.object({ kind: z.literal('weekly_no_fixed_abode'), ...c, details: noFixedAbodeDetails }),
      ],
      { error: 'Select what was notified' },
    )
    .superRefine((body, ctx) => {
      const problem = (path: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: ['details', path], message })
      if (body.kind === 'travel') {
        const d = body.details
        if (d.returnDate && d.returnDate < d.departureDate)
          problem('returnDate', 'Return date must be on or after the departure date')
        if (d.knownOn && d.knownOn > body.notifiedOn)
          problem('knownOn', 'Date the travel became known must be on or before the date notified')
      }
      if (body.kind === 'child_household' && body.details.endDate) {
        if (body.details.endDate < body.details.startDate)
          problem('endDate', 'End of the stay must be on or after its start')
      }
    })
}
export type NotificationBody = z.output<ReturnType<typeof notificationBody>>

export function breachBody(today: string) {
  return z.object({
    suspectedOn: date('Date of the suspected breach').refine(
      (d) => d <= today,
      'Date of the suspected breach must be today or in the past',
    ),
    description: text('Description of the suspected breach', 2000),
  })
}
export type BreachBody = z.output<ReturnType<typeof breachBody>>

export function breachOutcomeBody(today: string) {
  return z
    .object({
      outcome: z.enum(BREACH_OUTCOMES, { error: 'Select the outcome' }),
      outcomeOn: optionalDate('Date of the outcome').refine(
        (d) => d === undefined || d <= today,
        'Date of the outcome must be today or in the past',
      ),
      version: z.number({ error: 'Give the version of the breach you read' }).int().min(1),
    })
    .superRefine((body, ctx) => {
      if (body.outcome !== 'pending' && !body.outcomeOn)
        ctx.addIssue({ code: 'custom', path: ['outcomeOn'], message: 'Enter the date of the outcome' })
    })
}
export type BreachOutcomeBody = z.output<ReturnType<typeof breachOutcomeBody>>

// Responses, for the OpenAPI description only (the handlers build them).

const reason = z.object({ text: z.string(), reference: z.string() })

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})

export const dueItemSchema = z.object({
  key: z.string(),
  kind: z.string(),
  title: z.string(),
  startDate: z.string(),
  dueDate: z.string(),
  dueAt: z.string().optional(),
  status: z.enum(['due', 'overdue', 'paused', 'done']),
  basis: z.array(reason),
  rulesVersion: z.string(),
})

export const notificationJsonSchema = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  notifiedOn: z.string(),
  station: z.string().nullable(),
  officer: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
  details: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
})

export const notificationsResponse = z.object({
  items: z.array(notificationJsonSchema),
  nextPeriodicDue: z
    .string()
    .nullable()
    .describe('Last day for the next periodic notification (SOA 2003 s.85), if it can be worked out'),
  due: z.array(dueItemSchema).describe('Notifications due, overdue or paused, with their basis'),
  missing: z.array(z.string()).describe('Facts not recorded that these deadlines depend on'),
})

export const breachJsonSchema = z.object({
  id: z.string(),
  personId: z.string(),
  suspectedOn: z.string(),
  description: z.string(),
  outcome: z.enum(BREACH_OUTCOMES),
  outcomeOn: z.string().nullable(),
  version: z.number(),
  recordedAt: z.string(),
})
