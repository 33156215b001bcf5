import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const SCHEMES = ['clares_law_ask', 'clares_law_know', 'sarahs_law'] as const
export type Scheme = (typeof SCHEMES)[number]
export const SCHEME_LABELS: Record<Scheme, string> = {
  clares_law_ask: 'Clare’s Law: Right to Ask',
  clares_law_know: 'Clare’s Law: Right to Know',
  sarahs_law: 'Sarah’s Law',
}

export const STAGES = [
  'triage',
  'match',
  'face-to-face',
  'checks',
  'decision',
  'disclosure',
  'letter',
  'close',
] as const
export type Stage = (typeof STAGES)[number]
export const isStage = (value: unknown): value is Stage => (STAGES as readonly unknown[]).includes(value)

export const STATUS_LABELS: Record<string, string> = {
  received: 'Received',
  triaged: 'Triaged',
  in_progress: 'In progress',
  decided: 'Decided',
  closed: 'Closed',
}

const text = (max: number) => z.string().trim().max(max)
const optional = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => v || null)
const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
const optionalDate = z
  .string()
  .refine(isIsoDate)
  .nullish()
  .transform((v) => v || null)

/**
 * What an applicant (or, for Right to Know, the police) tells us: sealed as one value. The public
 * forms build it page by page (their own checks, in the applicant's language); this is its shape.
 */
const person = z.object({ name: text(200), dateOfBirth: optionalDate, address: optional(500) })
export const applicationDetails = z.object({
  applicant: person
    .extend({
      email: optional(254),
      phone: optional(40),
      forWhom: z.enum(['self', 'someone_else']).nullish(),
    })
    .nullish(),
  contact: z
    .object({
      methods: z.array(z.enum(['phone', 'text', 'email', 'letter'])).max(4),
      safeToCall: z.boolean().nullable(),
      safeToLeaveMessage: z.boolean().nullable(),
      safeTimes: optional(500),
    })
    .nullish(),
  /** Clare's Law for a third party, and Right to Know: the person who may be at risk. */
  personAtRisk: person.extend({ relationship: optional(500) }).nullish(),
  /** Sarah's Law: the applicant's relationship to the children, and the children. */
  relationshipToChild: optional(500),
  children: z.array(person).max(10).nullish(),
  subject: person.extend({ howKnown: optional(1000) }),
  concern: text(4000),
  /** The force the applicant chose (the application's area follows it). */
  policeForce: optional(200),
})
export type ApplicationDetails = z.output<typeof applicationDetails>
export type ApplicationDetailsInput = z.input<typeof applicationDetails>

/** A Right to Know application the police raise themselves. */
export const rightToKnowBody = z
  .object({
    areaCode: z.string({ error: 'Select the area' }).trim().min(1, 'Select the area'),
    subjectName: text(200).min(1, 'Enter the name of the person the information is about'),
    subjectDateOfBirth: optionalDate,
    subjectAddress: optional(500),
    atRiskName: text(200).min(1, 'Enter the name of the person who may be at risk'),
    atRiskRelationship: text(500).min(1, 'Enter their relationship to the person the information is about'),
    atRiskContact: optional(500),
    concern: text(4000).min(1, 'Enter the information that prompted this application'),
    language: z.enum(['en', 'cy']).default('en'),
  })
  .strict()
export type RightToKnowBody = z.output<typeof rightToKnowBody>

const version = z.number({ error: 'Give the version of the application you read' }).int().min(1)
const requiredText = (missing: string, label: string, max = 4000) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)

/** Each stage's form, as the API takes it and the pages map to. */
export function stageBodies(today: string) {
  const past = (label: string) =>
    date(label).refine((d) => d <= today, `${label} must be today or in the past`)
  return {
    triage: z
      .object({
        version,
        immediateRisk: z.boolean({ error: 'Select whether there is an immediate risk of harm' }),
        triageNote: requiredText('Enter what the initial checks found', 'Triage note'),
        assignedUserId: z.uuid('Select the officer who will work the application').nullish(),
      })
      .strict(),
    match: z
      .object({
        version,
        /** null: no existing record matches the subject. */
        matchedPersonId: z.uuid('Select a record, or that there is no match').nullable(),
      })
      .strict(),
    'face-to-face': z.object({ version, faceToFaceOn: past('Date of the face-to-face meeting') }).strict(),
    checks: z.object({ version, checksCompletedOn: past('Date the checks were completed') }).strict(),
    decision: z
      .object({
        version,
        forumDecision: z.enum(['disclose', 'no_disclosure'], { error: 'Select the forum’s decision' }),
        forumDecidedOn: past('Date of the decision'),
        forumRationale: requiredText('Enter the forum’s rationale', 'Rationale'),
        forumAgencies: requiredText('Enter the agencies present at the forum', 'Agencies present', 1000),
      })
      .strict(),
    letter: z.object({ version, letterIssuedOn: past('Date the letter was issued') }).strict(),
    close: z
      .object({
        version,
        closedOn: past('Date closed'),
        closedReason: requiredText('Enter why the application is closed', 'Reason', 2000),
      })
      .strict(),
  }
}
export type StageBodies = ReturnType<typeof stageBodies>
export type FieldStage = keyof StageBodies

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})
