import { z } from 'zod'
import { RISK_LEVELS, RSR_MAX, OSP_DC_MAX } from '../../domain/risk/index.js'
import { isIsoDate } from '../../domain/rules/index.js'

/**
 * One schema per tool for recording an assessment, shared by the API and the browser forms (the
 * forms are read into this shape first). Rules across fields and dates are in the service.
 */

const unknownFields = (iss: { code?: string; keys?: string[] }) =>
  iss.code === 'unrecognized_keys' ? `Unknown field: ${(iss.keys ?? []).join(', ')}` : undefined

const isoDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .refine(isIsoDate, `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a real date as YYYY-MM-DD`)

const level = (label: string) =>
  z.enum(RISK_LEVELS, { error: `Select the ${label}: low, medium, high or very high` })

const text = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${label.charAt(0).toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)

const count = (label: string) =>
  z
    .number({ error: `Enter the number of ${label}` })
    .int(`The number of ${label} must be a whole number`)
    .min(0, `The number of ${label} must be 0 or more`)
    .max(999, `The number of ${label} must be 999 or fewer`)

const common = {
  assessedOn: isoDate('the date of the assessment'),
  assessorName: text('the name of the assessor', 200),
  /** Left out: the configured local default interval after the assessment date applies. */
  nextDueOn: isoDate('the date it is due again').nullish(),
}

export const toolShapes = {
  oasys_rosh: {
    /** Assessed while in custody: only then is risk to prisoners rated. */
    custody: z.boolean({ error: 'Select whether the person was in custody when assessed' }),
    children: level('risk to children'),
    public: level('risk to the public'),
    knownAdult: level('risk to a known adult'),
    staff: level('risk to staff'),
    prisoners: level('risk to prisoners').nullish(),
    overall: level('overall risk of serious harm'),
  },
  rsr: {
    percent: z
      .number({ error: 'Enter the RSR score as a percentage' })
      .min(0, 'The RSR score must be 0% or more')
      .max(RSR_MAX, `The RSR score must be ${RSR_MAX}% or less`),
  },
  osp_dc: {
    score: z
      .number({ error: 'Enter the OSP/DC score' })
      .int('The OSP/DC score must be a whole number')
      .min(0, 'The OSP/DC score must be 0 or more')
      .max(OSP_DC_MAX, `The OSP/DC score must be ${OSP_DC_MAX} or less`),
  },
  osp_iic: {
    imageSanctions: count('indecent image sanctions'),
    childContactSanctions: count('child contact sanctions'),
  },
  /** At least one scale (checked in the service). */
  rm2000: {
    sexual: level('RM2000/S category').nullish(),
    violent: level('RM2000/V category').nullish(),
    combined: level('RM2000/C category').nullish(),
  },
  arms: {
    outcomeSummary: text('a summary of the outcome', 5000),
  },
  other: {
    toolName: text('the name of the tool', 200),
    result: text('the result', 5000),
  },
} as const

type Tool = keyof typeof toolShapes

const member = <T extends Tool, E extends z.ZodRawShape>(tool: T, extra: E) =>
  z.strictObject(
    { tool: z.literal(tool), ...common, ...toolShapes[tool], ...extra },
    { error: (iss) => unknownFields(iss) ?? 'Send an assessment as a JSON object' },
  )

const members = <E extends z.ZodRawShape>(extra: E) =>
  [
    member('oasys_rosh', extra),
    member('rsr', extra),
    member('osp_dc', extra),
    member('osp_iic', extra),
    member('rm2000', extra),
    member('arms', extra),
    member('other', extra),
  ] as const

const toolError = { error: `Select the tool: one of ${Object.keys(toolShapes).join(', ')}` }

/** `POST /api/v1/people/{id}/risk-assessments` */
export const assessmentBody = z.discriminatedUnion('tool', members({}), toolError)
export type AssessmentInput = z.output<typeof assessmentBody>

const correctionExtra = {
  version: z.number({ error: 'Send the version you read' }).int().min(1),
  reason: text('why the assessment is being corrected', 1000),
}

/** `POST /api/v1/people/{id}/risk-assessments/{assessmentId}/corrections`: the whole assessment again. */
export const correctionBody = z.discriminatedUnion('tool', members(correctionExtra), toolError)
export type CorrectionInput = z.output<typeof correctionBody>

export const AT_RISK_KINDS = ['known_adult', 'child', 'group'] as const
export const AT_RISK_LABELS: Record<(typeof AT_RISK_KINDS)[number], string> = {
  known_adult: 'Known adult',
  child: 'Child',
  group: 'Group',
}

/** `POST /api/v1/people/{id}/people-at-risk` */
export const personAtRiskBody = z.strictObject(
  {
    kind: z.enum(AT_RISK_KINDS, { error: 'Select whether it is a known adult, a child or a group' }),
    name: text('the name of the person or group', 200),
    /** The record of the person at risk, where there is one (victims come later). */
    linkedPersonId: z.uuid('The linked record must be a record ID').nullish(),
    notes: z
      .string()
      .trim()
      .max(2000, 'Notes must be 2000 characters or fewer')
      .nullish()
      .transform((v) => v || null),
    validFrom: isoDate('the date they became at risk').nullish(),
  },
  { error: (iss) => unknownFields(iss) ?? 'Send a person at risk as a JSON object' },
)
export type PersonAtRiskInput = z.output<typeof personAtRiskBody>

/** `POST /api/v1/people/{id}/people-at-risk/{atRiskId}/end` */
export const endAtRiskBody = z.strictObject(
  {
    version: z.number({ error: 'Send the version you read' }).int().min(1),
    date: isoDate('the date they stopped being at risk'),
  },
  { error: (iss) => unknownFields(iss) ?? 'Send the end as a JSON object' },
)
export type EndAtRiskInput = z.output<typeof endAtRiskBody>

// Responses, for the OpenAPI description only (the handlers build them).

const reasonSchema = z.object({ text: z.string(), reference: z.string() })
const band = z.enum(['not_applicable', ...RISK_LEVELS]).nullable()

const assessmentFields = {
  id: z.uuid(),
  personId: z.uuid(),
  tool: z.string(),
  assessedOn: z.string(),
  assessorName: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  band: band.describe(
    'Worked out from the inputs; for RoSH the overall level; null for ARMS and other tools',
  ),
  reasons: z.array(reasonSchema),
  inputs: z.record(z.string(), z.unknown()).describe('The tool’s fields as sent'),
  recordedAt: z.string(),
  version: z.number(),
}

export const assessmentResponse = z.object({
  ...assessmentFields,
  previousVersions: z
    .array(
      z.object({
        version: z.number(),
        assessedOn: z.string(),
        assessorName: z.string().nullable(),
        nextDueOn: z.string().nullable(),
        band,
        inputs: z.record(z.string(), z.unknown()),
        correctedAt: z.string(),
        reason: z.string(),
      }),
    )
    .describe('Earlier versions replaced by corrections, newest first'),
})

export const assessmentListResponse = z.object({ items: z.array(assessmentResponse) })

export const personAtRiskResponse = z.object({
  id: z.uuid(),
  kind: z.enum(AT_RISK_KINDS),
  name: z.string(),
  linkedPersonId: z.uuid().nullable(),
  notes: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  current: z.boolean(),
  version: z.number(),
})
