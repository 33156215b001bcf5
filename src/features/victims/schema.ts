import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const VICTIM_KINDS = [
  { value: 'victim', text: 'Victim' },
  { value: 'person_at_risk', text: 'Other person at risk' },
] as const

export const CONTACT_METHODS = [
  { value: 'phone', text: 'Phone' },
  { value: 'email', text: 'Email' },
  { value: 'post', text: 'Letter' },
  { value: 'visit', text: 'Visit by the victim liaison officer' },
] as const

export const REQUEST_KINDS = [
  { value: 'no_contact', text: 'No contact' },
  { value: 'exclusion_zone', text: 'Exclusion zone' },
  { value: 'other', text: 'Other condition' },
] as const

export const REQUEST_STATUSES = [
  { value: 'requested', text: 'Awaiting a decision' },
  { value: 'granted', text: 'Granted' },
  { value: 'partly_granted', text: 'Partly granted' },
  { value: 'refused', text: 'Refused' },
] as const

type Options = readonly { value: string; text: string }[]
const values = <T extends Options>(list: T) =>
  list.map((o) => o.value) as [T[number]['value'], ...T[number]['value'][]]
export const labelOf = (list: Options, value: string | null | undefined) =>
  list.find((o) => o.value === value)?.text ?? value ?? ''

const text = (label: string, max = 500) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)
const required = (missing: string, label: string, max = 500) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)
export const isoDate = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
const version = z.number({ error: 'Send the version you read' }).int().min(1)

/** A place's coordinates, kept sealed, so a zone drawn around it can be checked for pinpointing. */
export const location = z.object(
  {
    lat: z
      .number({ error: 'Latitude must be a number' })
      .min(49, 'Latitude must be in the UK, between 49 and 61.5')
      .max(61.5, 'Latitude must be in the UK, between 49 and 61.5'),
    lon: z
      .number({ error: 'Longitude must be a number' })
      .min(-11, 'Longitude must be in the UK, between -11 and 3')
      .max(3, 'Longitude must be in the UK, between -11 and 3'),
  },
  { error: 'location must be {lat, lon}' },
)

/** Sealed with context `victim`: who the victim is and how to reach them. */
const details = {
  name: required('Enter the victim’s name', 'Name', 200),
  address: text('Address', 1000),
  postcode: text('Postcode', 10),
  location: location.nullish().transform((v) => v ?? null),
  phone: text('Phone', 50),
  email: z
    .email({ error: 'Enter an email address in the right format, like name@example.com' })
    .nullish()
    .or(z.literal(''))
    .transform((v) => v || null),
  preferredContact: z
    .enum(values(CONTACT_METHODS), { error: 'Select how they prefer to be contacted' })
    .nullish()
    .transform((v) => v ?? null),
  contactTimes: text('Times to contact', 200),
  language: text('Language', 100),
  needs: text('Needs', 1000),
}
export const victimDetails = z.object(details)
export type VictimDetails = z.output<typeof victimDetails>

/** `POST /api/v1/people/{id}/victims` and the add form. */
export const victimBody = z.object({
  kind: z.enum(values(VICTIM_KINDS), { error: 'Select whether this is a victim or another person at risk' }),
  convictionId: z.uuid({ error: 'convictionId must be the id of one of the person’s convictions' }).nullish(),
  vloUserId: z.uuid({ error: 'Select the victim liaison officer' }).nullish(),
  sentencedOn: isoDate('Sentence date').nullish(),
  ...details,
})
export type VictimBody = z.output<typeof victimBody>

/** `PATCH /api/v1/people/{id}/victims/{victimId}`: what changes, with the version read. */
export const victimChange = victimBody.partial().extend({
  version,
  referredOn: isoDate('Referral date').nullish(),
  contactedOn: isoDate('First contact date').nullish(),
  endedOn: isoDate('End date').nullish(),
})
export type VictimChange = z.output<typeof victimChange>

/** `POST …/victims/{victimId}/scheme-choices`: opting in or out of the Victim Contact Scheme. */
export const schemeChoiceBody = z.object({
  optedIn: z.boolean({ error: 'Select whether they opted in or out' }),
  on: isoDate('Date of the choice'),
})

/** `POST …/victims/{victimId}/views`: the victim's concerns, as the VLO took them (sealed). */
export const viewBody = z.object({
  recordedOn: isoDate('Date taken'),
  concerns: required('Enter the victim’s views and concerns', 'Views', 10_000),
})

/** `POST …/victims/{victimId}/requests`: a condition the victim asks for. */
export const requestBody = z.object({
  kind: z.enum(values(REQUEST_KINDS), { error: 'Select what kind of condition they ask for' }),
  wording: required('Enter the condition as it would be worded in the licence', 'Wording', 5000),
  place: text('Place', 1000),
  location: location.nullish().transform((v) => v ?? null),
  requestedOn: isoDate('Date asked'),
})
export type RequestBody = z.output<typeof requestBody>

/** `POST …/requests/{requestId}/decision`: refused or partly granted, with the reason. */
export const decisionBody = z
  .object({
    version,
    status: z.enum(['granted', 'partly_granted', 'refused'], {
      error: 'Select whether the request was granted, partly granted or refused',
    }),
    reason: text('Reason', 5000),
    decidedOn: isoDate('Decision date'),
    conditionId: z.uuid({ error: 'conditionId must be the id of one of the person’s conditions' }).nullish(),
    zoneId: z.uuid({ error: 'zoneId must be the id of one of the person’s zones' }).nullish(),
  })
  .refine((d) => d.status === 'granted' || d.reason, {
    message: 'Give the reason it was not granted in full',
    path: ['reason'],
  })
export type DecisionBody = z.output<typeof decisionBody>

/** A circle around the place, in the zone feature's form. */
const circle = z.object(
  {
    centre: z.tuple([z.number(), z.number()], { error: 'circle.centre must be [longitude, latitude]' }),
    radiusMetres: z.number({ error: 'circle.radiusMetres must be a number of metres' }),
  },
  { error: 'circle must be {centre: [longitude, latitude], radiusMetres}' },
)

/**
 * `POST …/requests/{requestId}/grant`: add the request as the person's condition (and, for an
 * exclusion zone, its zone), then mark it granted. A zone that would pinpoint a place the victim
 * uses is refused until `acceptPinpointRisk` is true.
 */
export const grantBody = z.object({
  version,
  source: z.string({ error: 'Select where the condition comes from' }),
  wording: required('Enter the condition as worded in the licence or order', 'Wording', 5000),
  startsOn: isoDate('Start date'),
  endsOn: isoDate('End date').nullish(),
  /** For a no-contact condition: the name as the licence gives it (seen by all who see conditions). */
  name: text('Name in the licence', 200),
  zone: z
    .object(
      { name: required('Enter a name for the zone', 'Zone name', 200), circle },
      { error: 'zone must be an object' },
    )
    .nullish(),
  acceptPinpointRisk: z.boolean().default(false),
})
export type GrantBody = z.output<typeof grantBody>

export const ERRORS_DOC = z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) })
