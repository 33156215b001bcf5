import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const DISCLOSURE_METHODS = [
  { value: 'in_person', text: 'In person' },
  { value: 'phone', text: 'By phone' },
  { value: 'letter', text: 'By letter' },
  { value: 'email', text: 'By email' },
  { value: 'other', text: 'Another way' },
] as const
export type DisclosureMethod = (typeof DISCLOSURE_METHODS)[number]['value']
const METHOD_VALUES = DISCLOSURE_METHODS.map((m) => m.value) as [DisclosureMethod, ...DisclosureMethod[]]

/** decided (not yet made), made, or not_made (decided but in the end not given). */
export const DISCLOSURE_STATUSES = [
  { value: 'decided', text: 'Decided, not yet made' },
  { value: 'made', text: 'Made' },
  { value: 'not_made', text: 'Not made' },
] as const
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number]['value']

export const labelOf = (list: readonly { value: string; text: string }[], value: string | null) =>
  list.find((o) => o.value === value)?.text ?? value ?? ''

const required = (missing: string, label: string, max: number) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)
const date = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)
const optionalDate = (label: string) =>
  z
    .union([date(label), z.literal(''), z.null()])
    .optional()
    .transform((v) => v || null)
const test = (missing: string) => z.boolean({ error: missing })
const yesNo = (label: string) =>
  z
    .boolean({ error: `${label} must be true or false` })
    .nullish()
    .transform((v) => v ?? null)

/**
 * The legal tests of a disclosure (MAPPA Guidance ch. 9: a disclosure must have a lawful basis,
 * be necessary to protect someone from serious harm, and be proportionate to that risk). A
 * disclosure is recorded only when all three hold; a decision not to disclose is recorded where it
 * was taken (the meeting minutes, the application's forum decision), not in the register.
 */
const legalTests = {
  lawful: test('Select whether the disclosure is lawful'),
  necessary: test('Select whether the disclosure is necessary'),
  proportionate: test('Select whether the disclosure is proportionate'),
  legalBasis: required('Enter the legal basis for the disclosure', 'Legal basis', 1000),
  rationale: required('Enter the rationale for the disclosure', 'Rationale', 4000),
}

/** What was (or is to be) done: whether made, whether the person was told, the undertaking, outcome. */
const outcomeFields = {
  disclosedOn: optionalDate('Date the disclosure was made'),
  personTold: yesNo('Whether the person was told'),
  notToldReason: optionalText('Why the person was not told', 2000),
  undertakingSigned: yesNo('Whether the recipient signed a confidentiality undertaking'),
  outcome: optionalText('Outcome', 4000),
}

type OutcomeShape = {
  disclosedOn: string | null
  personTold: boolean | null
  notToldReason: string | null
  decidedOn?: string
}
/** Cross-field rules shared by the record and the update. */
function checkOutcome(v: OutcomeShape, ctx: z.RefinementCtx, today: string) {
  if (v.personTold === false && !v.notToldReason)
    ctx.addIssue({
      code: 'custom',
      path: ['notToldReason'],
      message: 'Enter why the person was not told about the disclosure',
    })
  if (v.disclosedOn && v.disclosedOn > today)
    ctx.addIssue({
      code: 'custom',
      path: ['disclosedOn'],
      message: 'Date the disclosure was made must be today or in the past',
    })
  if (v.disclosedOn && v.decidedOn && v.disclosedOn < v.decidedOn)
    ctx.addIssue({
      code: 'custom',
      path: ['disclosedOn'],
      message: 'Date the disclosure was made must be on or after the date it was decided',
    })
}

/**
 * A disclosure decision and record, as the register, the meeting minutes, the application
 * workflow and the API send it.
 */
export function disclosureInput(today: string) {
  return z
    .object({
      decidedOn: date('Date of the decision').refine(
        (d) => d <= today,
        'Date of the decision must be today or in the past',
      ),
      recipientName: required('Enter the name of the person receiving the disclosure', 'Recipient name', 200),
      recipientRole: required(
        'Enter the role of the person receiving the disclosure, for example partner or head teacher',
        'Recipient role',
        200,
      ),
      disclosedByName: required('Enter who will give the disclosure', 'Who gives it', 200),
      method: z.enum(METHOD_VALUES, { error: 'Select how the disclosure is given' }),
      plannedOn: optionalDate('Planned date'),
      ...legalTests,
      content: required('Enter what is disclosed', 'What is disclosed', 4000),
      ...outcomeFields,
    })
    .strict()
    .superRefine((v, ctx) => {
      for (const key of ['lawful', 'necessary', 'proportionate'] as const)
        if (!v[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `A disclosure can be made only if it is lawful, necessary and proportionate: it is recorded as not ${key}`,
          })
      checkOutcome(v, ctx, today)
    })
}
export type DisclosureInput = z.output<ReturnType<typeof disclosureInput>>

/** Marking a disclosure made (or not made) after the decision, with a version check. */
export function disclosureUpdate(today: string) {
  return z
    .object({
      version: z.number({ error: 'Give the version of the disclosure you read' }).int().min(1),
      status: z.enum(['made', 'not_made'], { error: 'Select whether the disclosure was made' }),
      ...outcomeFields,
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.status === 'made') {
        if (!v.disclosedOn)
          ctx.addIssue({
            code: 'custom',
            path: ['disclosedOn'],
            message: 'Enter the date the disclosure was made',
          })
        if (v.personTold === null)
          ctx.addIssue({
            code: 'custom',
            path: ['personTold'],
            message: 'Select whether the person was told about the disclosure',
          })
        if (v.undertakingSigned === null)
          ctx.addIssue({
            code: 'custom',
            path: ['undertakingSigned'],
            message: 'Select whether the recipient signed a confidentiality undertaking',
          })
      }
      if (v.status === 'not_made' && !v.outcome)
        ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Enter why the disclosure was not made' })
      checkOutcome(v, ctx, today)
    })
}
export type DisclosureUpdate = z.output<ReturnType<typeof disclosureUpdate>>

// Responses, for the OpenAPI description only (the handlers build them).

export const errorsResponse = z.object({
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})
