import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const REFERRAL_STATUSES = [
  { value: 'submitted', text: 'Awaiting screening', classes: 'govuk-tag--yellow' },
  { value: 'information_requested', text: 'Information requested', classes: 'govuk-tag--orange' },
  { value: 'accepted', text: 'Accepted', classes: 'govuk-tag--green' },
  { value: 'declined', text: 'Declined', classes: 'govuk-tag--red' },
  { value: 'withdrawn', text: 'Withdrawn', classes: 'govuk-tag--grey' },
] as const
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]['value']
export const isReferralStatus = (value: unknown): value is ReferralStatus =>
  REFERRAL_STATUSES.some((s) => s.value === value)
export const statusTag = (status: string) => {
  const found = REFERRAL_STATUSES.find((s) => s.value === status)
  return { text: found?.text ?? status, classes: found?.classes ?? 'govuk-tag--grey' }
}

/** What a referral can ask for (MAPPA A): Level 2 or 3 management, or Category 3 registration. */
export function requestText(r: { levelRequested: number | null; categoryThreeRequested: boolean }) {
  const parts = [
    r.categoryThreeRequested ? 'Category 3 registration' : undefined,
    r.levelRequested ? `Level ${r.levelRequested} management` : undefined,
  ].filter(Boolean)
  return parts.join(' at ') || 'Not stated'
}

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)
const required = (missing: string, max: number, label: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)
const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

/**
 * The record's facts as referred (MAPPA A): pre-filled from the record, then checked and edited
 * by the referrer. Kept with the referral as sent, so later changes to the record do not rewrite it.
 */
export const referredForm = z.object({
  areaName: text('Area', 200),
  currentCategory: text('Category', 200),
  currentLevel: text('Level', 200),
  givenName: required('Enter their first name', 200, 'First name'),
  middleNames: text('Middle names', 200),
  familyName: required('Enter their last name', 200, 'Last name'),
  aliases: text('Aliases', 2000),
  dateOfBirth: date('Date of birth'),
  gender: text('Gender', 100),
  ethnicity: text('Ethnicity', 200),
  visorId: text('ViSOR reference', 50),
  pncId: text('PNC ID', 50),
  crn: text('CRN', 50),
  prisonNumber: text('Prison number', 50),
  croNumber: text('CRO number', 50),
  noFixedAbode: z.boolean({ error: 'noFixedAbode must be true or false' }).default(false),
  address: text('Address', 1000),
  releaseAddress: text('Release address', 1000),
  indexOffences: required('Enter the index offences', 5000, 'Index offences'),
  sentence: text('Sentence', 2000),
  sentenceDate: date('Sentence date').nullish(),
  releaseDate: date('Release date').nullish(),
  licenceEndDate: date('Licence end date').nullish(),
  registeredOn: date('Registration date').nullish(),
  hospitalDetails: text('Hospital details', 2000),
})
export type ReferredForm = z.output<typeof referredForm>

const request = {
  levelRequested: z
    .union([z.literal(2), z.literal(3)], { error: 'levelRequested must be 2, 3 or null' })
    .nullish()
    .transform((v) => v ?? null),
  categoryThreeRequested: z.boolean({ error: 'categoryThreeRequested must be true or false' }).default(false),
  form: referredForm,
  reason: required('Enter the reason for referral', 10000, 'Reason for referral'),
  currentRisk: required('Enter the current risk', 10000, 'Current risk'),
  currentPlan: required('Enter the current risk management plan', 10000, 'Current plan'),
  addedValue: required(
    'Enter what Level 2 or 3 management would add to the current plan',
    10000,
    'What Level 2 or 3 would add',
  ),
}

/** `POST /api/v1/referrals` and the referral form. */
export const referralBody = z.object({
  personId: z.uuid({ error: 'personId must be the id of a person' }),
  ...request,
})
export type ReferralBody = z.output<typeof referralBody>

/** The referral form edited after a request for information, then resubmitted. */
export const referralResubmission = z.object({
  version: z.number({ error: 'Send the version you read' }).int().min(1),
  ...request,
  /** What was added or changed, for the co-ordinator. */
  response: required('Say what you have added or changed', 5000, 'What you have added'),
})
export type ReferralResubmission = z.output<typeof referralResubmission>

/** `POST /api/v1/referrals/{id}/screening` and the screening pages. */
export const screeningBody = z.discriminatedUnion(
  'decision',
  [
    z.object({
      decision: z.literal('accept'),
      version: z.number({ error: 'Send the version you read' }).int().min(1),
      meetingId: z.uuid({ error: 'Select the meeting the case goes to' }),
    }),
    z.object({
      decision: z.literal('decline'),
      version: z.number({ error: 'Send the version you read' }).int().min(1),
      reason: required('Enter why the referral is declined', 5000, 'Reason'),
    }),
    z.object({
      decision: z.literal('request_information'),
      version: z.number({ error: 'Send the version you read' }).int().min(1),
      information: required('Enter what information is needed', 5000, 'Information needed'),
    }),
  ],
  { error: 'decision must be accept, decline or request_information' },
)

export const referralParams = z.object({ id: z.uuid() })
export const listQuery = z.object({
  status: z.enum(REFERRAL_STATUSES.map((s) => s.value) as [ReferralStatus, ...ReferralStatus[]]).optional(),
  personId: z.uuid().optional(),
})

const timeliness = z.object({
  submittedOn: z.string(),
  screenedOn: z.string().nullable(),
  firstMeetingOn: z.string().nullable(),
  screeningWorkingDays: z.number(),
  screeningDecided: z.boolean(),
  daysToFirstMeeting: z.number().nullable(),
})

export const referralResponse = z.object({
  id: z.string(),
  reference: z.string(),
  personId: z.string(),
  areaCode: z.string(),
  levelRequested: z.number().nullable(),
  categoryThreeRequested: z.boolean(),
  category: z.number().nullable(),
  form: z.record(z.string(), z.unknown()),
  reason: z.string(),
  currentRisk: z.string(),
  currentPlan: z.string(),
  addedValue: z.string(),
  status: z.enum(REFERRAL_STATUSES.map((s) => s.value) as [ReferralStatus, ...ReferralStatus[]]),
  referredBy: z.string().nullable(),
  referrerAgency: z.string().nullable(),
  submittedAt: z.string(),
  screenedAt: z.string().nullable(),
  meetingId: z.string().nullable(),
  timeliness,
  events: z
    .array(
      z.object({ kind: z.string(), note: z.string().nullable(), at: z.string(), by: z.string().nullable() }),
    )
    .optional(),
  version: z.number(),
})
