import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const MEETING_FORMATS = [
  { value: 'in_person', text: 'In person' },
  { value: 'online', text: 'Online' },
  { value: 'hybrid', text: 'Hybrid (in person and online)' },
] as const
export const MEETING_STATUSES = [
  { value: 'scheduled', text: 'Scheduled', classes: 'govuk-tag--blue' },
  { value: 'finalised', text: 'Minutes finalised', classes: 'govuk-tag--green' },
  { value: 'cancelled', text: 'Cancelled', classes: 'govuk-tag--grey' },
] as const
export const CASE_KINDS = [
  { value: 'initial', text: 'Initial (first meeting after referral)' },
  { value: 'review', text: 'Review' },
] as const

const values = <T extends readonly { value: string }[]>(list: T) =>
  list.map((o) => o.value) as [T[number]['value'], ...T[number]['value'][]]
export const labelOf = (list: readonly { value: string; text: string }[], value: string) =>
  list.find((o) => o.value === value)?.text ?? value

/**
 * The lawful basis recorded with an invitation unless the co-ordinator words it otherwise: the
 * duty to co-operate is case by case (CJA 2003 s.325(3)-(4)), and the sharing is for law
 * enforcement purposes (Data Protection Act 2018 Part 3, s.31 and s.35).
 */
export const DEFAULT_LAWFUL_BASIS =
  'Co-operation with the responsible authority under the Criminal Justice Act 2003 s.325(3)-(4), for the cases on this meeting’s agenda only; shared for law enforcement purposes under the Data Protection Act 2018 Part 3 (s.31, s.35), necessary and proportionate to managing the risk these people pose.'

/** Days after the meeting an invited agency can still read the packs, unless changed. */
export const DEFAULT_ACCESS_DAYS = 7

const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
const required = (missing: string, max: number, label: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)
const version = z.number({ error: 'Send the version you read' }).int().min(1)

const details = {
  heldOn: date('Meeting date'),
  startsAt: z
    .string({ error: 'Enter the start time, for example 10:00' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the start time on the 24-hour clock, for example 10:00'),
  level: z.union([z.literal(2), z.literal(3)], { error: 'Select Level 2 or Level 3' }),
  chairUserId: z.uuid({ error: 'Select the chair' }),
  chairRank: required('Enter the chair’s rank or grade', 200, 'Rank or grade'),
  format: z.enum(values(MEETING_FORMATS), { error: 'Select how the meeting is held' }),
  venue: z
    .string({ error: 'Venue must be text' })
    .trim()
    .max(500, 'Venue must be 500 characters or fewer')
    .nullish()
    .transform((v) => v || null),
}

/** `POST /api/v1/meetings` and the new-meeting form. */
export const meetingBody = z.object({
  /** Needed only by those who work in more than one area. */
  areaCode: z.string({ error: 'Select the area' }).trim().min(1, 'Select the area').optional(),
  ...details,
})
export type MeetingBody = z.output<typeof meetingBody>

/** `PATCH /api/v1/meetings/{id}`: the details to change, with the version read. */
export const meetingChange = z.object({
  version,
  heldOn: details.heldOn.optional(),
  startsAt: details.startsAt.optional(),
  level: details.level.optional(),
  chairUserId: details.chairUserId.optional(),
  chairRank: details.chairRank.optional(),
  format: details.format.optional(),
  venue: details.venue,
})

export const meetingCancel = z.object({
  version,
  reason: required('Enter why the meeting is cancelled', 2000, 'Reason'),
})

/** `POST /api/v1/meetings/{id}/cases`: an accepted referral of the area, or a Level 2/3 case. */
export const caseBody = z
  .object({
    referralId: z.uuid({ error: 'referralId must be the id of an accepted referral' }).optional(),
    personId: z.uuid({ error: 'personId must be the id of a person' }).optional(),
    kind: z.enum(values(CASE_KINDS), { error: 'Select initial or review' }).optional(),
  })
  .refine((b) => !!b.referralId !== !!b.personId, {
    message: 'Select the case to add: an accepted referral or a registered Level 2 or 3 case',
    path: ['case'],
  })

/** `POST /api/v1/meetings/{id}/invitations` */
export const invitationBody = z.object({
  agencyId: z.uuid({ error: 'Select the agency to invite' }),
  lawfulBasis: required('Enter the lawful basis for sharing the packs', 2000, 'Lawful basis').default(
    DEFAULT_LAWFUL_BASIS,
  ),
  /** The last day the agency can read the packs; 7 days after the meeting if left out. */
  accessUntil: date('Last day of access').optional(),
})

export const meetingParams = z.object({ id: z.uuid() })
export const invitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() })

const actionJson = z.object({
  id: z.string(),
  personId: z.string(),
  meetingId: z.string(),
  meetingHeldOn: z.string(),
  text: z.string(),
  ownerName: z.string(),
  ownerAgencyName: z.string(),
  dueOn: z.string(),
  status: z.string(),
})

export const meetingSummaryResponse = z.object({
  id: z.string(),
  areaCode: z.string(),
  level: z.number(),
  heldOn: z.string(),
  startsAt: z.string(),
  chair: z.object({
    userId: z.string().nullable(),
    name: z.string(),
    agencyName: z.string().nullable(),
    rank: z.string(),
  }),
  format: z.enum(values(MEETING_FORMATS)),
  venue: z.string().nullable(),
  status: z.enum(values(MEETING_STATUSES)),
  cancelledReason: z.string().nullable(),
  caseCount: z.number(),
  version: z.number(),
})

export const meetingResponse = meetingSummaryResponse.extend({
  cases: z.array(
    z.object({
      id: z.string(),
      personId: z.string(),
      name: z.string().nullable(),
      position: z.number(),
      kind: z.enum(values(CASE_KINDS)),
      referralId: z.string().nullable(),
    }),
  ),
  invitations: z
    .array(
      z.object({
        id: z.string(),
        agencyId: z.string(),
        agencyName: z.string(),
        lawfulBasis: z.string(),
        accessUntil: z.string(),
        revokedAt: z.string().nullable(),
      }),
    )
    .optional(),
  carriedForwardActions: z.array(actionJson).optional(),
})
