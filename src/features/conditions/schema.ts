import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const CONDITION_KINDS = [
  { value: 'no_contact', text: 'No contact with named people' },
  { value: 'exclusion_zone', text: 'Exclusion zone' },
  { value: 'inclusion_curfew', text: 'Inclusion zone or curfew (address and hours)' },
  { value: 'residence', text: 'Residence (including Approved Premises)' },
  { value: 'reporting', text: 'Reporting' },
  { value: 'travel', text: 'Travel' },
  { value: 'internet_device', text: 'Internet and device restrictions' },
  { value: 'other', text: 'Other' },
] as const
export type ConditionKind = (typeof CONDITION_KINDS)[number]['value']

export const CONDITION_SOURCES = [
  { value: 'licence', text: 'Licence' },
  { value: 'shpo', text: 'Sexual harm prevention order (SHPO)' },
  { value: 'sro', text: 'Sexual risk order (SRO)' },
  { value: 'restraining_order', text: 'Restraining order' },
  { value: 'notification_order', text: 'Notification order' },
  { value: 'other', text: 'Other' },
] as const
export type ConditionSource = (typeof CONDITION_SOURCES)[number]['value']

const values = <T extends readonly { value: string }[]>(list: T) =>
  list.map((o) => o.value) as [T[number]['value'], ...T[number]['value'][]]
export const isConditionKind = (kind: unknown): kind is ConditionKind =>
  CONDITION_KINDS.some((k) => k.value === kind)
export const labelOf = (list: readonly { value: string; text: string }[], value: string) =>
  list.find((o) => o.value === value)?.text ?? value

const text = (label: string, max = 500) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)
const required = (label: string, missing: string, max = 500) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)
const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
const time = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()} as a time, for example 19:00` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} must be a time on the 24-hour clock, for example 19:00`)

/**
 * What each kind of condition records beyond its wording. A no-contact condition names the
 * person by record ID or by name (a victim record, `victimId`, is for the victims feature).
 */
export const DETAIL_SCHEMAS = {
  no_contact: z
    .object({
      personId: z.uuid({ error: 'Enter a record ID in the right format' }).nullish().or(z.literal('')),
      name: text('Name of the person'),
      relationship: text('Relationship', 200),
    })
    .transform((d) => ({ ...d, personId: d.personId || null }))
    .refine((d) => d.personId || d.name, {
      message: 'Enter the name of the person they must not contact, or their record ID',
      path: ['name'],
    }),
  exclusion_zone: z.object({}),
  inclusion_curfew: z.object({
    address: required('Curfew address', 'Enter the address they must be at'),
    from: time('Curfew start'),
    to: time('Curfew end'),
    days: text('Days', 200),
  }),
  residence: z.object({
    address: required('Address', 'Enter where they must live'),
    approvedPremises: z.boolean({ error: 'approvedPremises must be true or false' }).default(false),
    premisesName: text('Name of the Approved Premises', 200),
  }),
  reporting: z.object({
    place: required('Reporting place', 'Enter where they must report'),
    frequency: required('Frequency', 'Enter how often they must report, for example weekly on Mondays', 200),
  }),
  travel: z.object({ area: text('Travel restriction') }),
  internet_device: z.object({ devices: text('Devices and services') }),
  other: z.object({}),
} satisfies Record<ConditionKind, z.ZodType>

export type ConditionDetails = Record<string, unknown>

const common = {
  source: z.enum(values(CONDITION_SOURCES), {
    error: `Select where the condition comes from (${CONDITION_SOURCES.map((s) => s.value).join(', ')})`,
  }),
  orderId: z.uuid({ error: 'orderId must be the id of one of the person’s orders' }).nullish(),
  wording: required('Wording', 'Enter the condition as worded in the licence or order', 5000),
  startsOn: date('Start date'),
  endsOn: date('End date').nullish(),
  details: z.record(z.string(), z.unknown(), { error: 'details must be an object' }).default({}),
}

/** `POST /api/v1/people/{id}/conditions` and the add form. */
export const conditionBody = z.object({
  kind: z.enum(values(CONDITION_KINDS), {
    error: `Select the kind of condition (${CONDITION_KINDS.map((k) => k.value).join(', ')})`,
  }),
  ...common,
})
export type ConditionBody = z.output<typeof conditionBody>

const version = z.number({ error: 'Send the version you read' }).int().min(1)

/** `PATCH /api/v1/people/{id}/conditions/{conditionId}`: the fields to change, with the version read. */
export const conditionChange = z.object({
  version,
  source: common.source.optional(),
  orderId: common.orderId,
  wording: common.wording.optional(),
  startsOn: common.startsOn.optional(),
  endsOn: common.endsOn,
  details: z.record(z.string(), z.unknown(), { error: 'details must be an object' }).optional(),
})

/** `POST …/conditions/{conditionId}/end` */
export const conditionEnd = z.object({ version, endsOn: date('End date') })

export const conditionResponse = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(values(CONDITION_KINDS)),
  source: z.enum(values(CONDITION_SOURCES)),
  orderId: z.string().nullable(),
  wording: z.string(),
  details: z.record(z.string(), z.unknown()),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(['active', 'future', 'ended']),
  recordedAt: z.string(),
  version: z.number(),
})
