import type { RiskTool } from '../../domain/risk/index.js'
import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { z } from 'zod'
import { type FieldErrors, apiErrors } from '../../web/forms.js'
import type { Assessment, FieldProblem } from './service.js'
import { assessmentBody, correctionBody, endAtRiskBody, personAtRiskBody } from './schema.js'

/** What the risk forms post: flat strings, kept as typed. */
export type FormValues = Record<string, string>

const DATE_FIELDS = new Set(['assessedOn', 'nextDueOn', 'validFrom', 'date'])

/** Each tool's fields as the form names them: levels (selects), numbers, and text. */
export const TOOL_FIELDS: Record<RiskTool, { levels?: string[]; numbers?: string[]; texts?: string[] }> = {
  oasys_rosh: { levels: ['children', 'public', 'knownAdult', 'staff', 'prisoners', 'overall'] },
  rsr: { numbers: ['percent'] },
  osp_dc: { numbers: ['score'] },
  osp_iic: { numbers: ['imageSanctions', 'childContactSanctions'] },
  rm2000: { levels: ['sexual', 'violent', 'combined'] },
  arms: { texts: ['outcomeSummary'] },
  other: { texts: ['toolName', 'result'] },
}

const NUMBER_LABELS: Record<string, string> = {
  percent: 'The RSR score must be a number, like 4.5',
  score: 'The OSP/DC score must be a whole number, like 24',
  imageSanctions: 'The number of indecent image sanctions must be a whole number, like 1',
  childContactSanctions: 'The number of child contact sanctions must be a whole number, like 1',
}

function number(value: string | undefined, field: string, problems: FieldProblem[]): number | undefined {
  const text = value?.trim()
  if (!text) return undefined
  if (!/^-?\d+(\.\d+)?$/.test(text)) {
    problems.push({ path: field, message: NUMBER_LABELS[field] ?? `${field} must be a number` })
    return undefined
  }
  return Number(text)
}

/**
 * Maps a tool's posted form onto the API body, so the browser and partners are checked by the
 * same schema; dates that cannot be read and numbers that are not numbers are problems here.
 */
function toBody(tool: RiskTool, values: FormValues) {
  const problems: FieldProblem[] = []
  const body: Record<string, unknown> = { tool }
  const date = (prefix: string, label: string) => {
    const result = dateFromParts(values, prefix, label)
    if (result.error) problems.push({ path: prefix, message: result.error })
    return result.value
  }
  body.assessedOn = date('assessedOn', 'The date of the assessment')
  body.nextDueOn = date('nextDueOn', 'The date it is due again') ?? null
  body.assessorName = values.assessorName ?? ''
  const fields = TOOL_FIELDS[tool]
  // An empty choice is "not rated" where rating is optional, and missing where it is required.
  for (const f of fields.levels ?? [])
    body[f] = values[f] || (tool === 'rm2000' || f === 'prisoners' ? null : undefined)
  if (tool === 'oasys_rosh')
    body.custody = values.custody === 'true' ? true : values.custody === 'false' ? false : undefined
  for (const f of fields.numbers ?? []) body[f] = number(values[f], f, problems)
  for (const f of fields.texts ?? []) body[f] = values[f] ?? ''
  return { body, problems }
}

function check<S extends z.ZodType>(
  schema: S,
  body: Record<string, unknown>,
  problems: FieldProblem[],
): { input?: z.output<S>; problems: FieldProblem[] } {
  const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined))
  const parsed = schema.safeParse(defined)
  const shape = parsed.success ? [] : apiErrors(parsed.error).errors
  const all = [...problems, ...shape.filter((p) => !problems.some((q) => q.path === p.path))]
  return parsed.success && !problems.length ? { input: parsed.data, problems: [] } : { problems: all }
}

export const readAssessmentForm = (tool: RiskTool, values: FormValues) => {
  const { body, problems } = toBody(tool, values)
  return check(assessmentBody, body, problems)
}

export const readCorrectionForm = (tool: RiskTool, values: FormValues) => {
  const { body, problems } = toBody(tool, values)
  body.version = Number(values.version)
  body.reason = values.reason ?? ''
  return check(correctionBody, body, problems)
}

export function readAtRiskForm(values: FormValues) {
  const problems: FieldProblem[] = []
  const from = dateFromParts(values, 'validFrom', 'The date they became at risk')
  if (from.error) problems.push({ path: 'validFrom', message: from.error })
  return check(
    personAtRiskBody,
    {
      kind: values.kind || undefined,
      name: values.name ?? '',
      linkedPersonId: values.linkedPersonId?.trim() || null,
      notes: values.notes ?? null,
      validFrom: from.value ?? null,
    },
    problems,
  )
}

export function readEndAtRiskForm(values: FormValues) {
  const problems: FieldProblem[] = []
  const date = dateFromParts(values, 'date', 'The date they stopped being at risk')
  if (date.error) problems.push({ path: 'date', message: date.error })
  return check(endAtRiskBody, { version: Number(values.version), date: date.value }, problems)
}

/** The form's fields for an assessment being corrected, as the assessor last saved it. */
export function assessmentToValues(a: Assessment): FormValues {
  const values: FormValues = {
    assessorName: a.assessorName ?? '',
    version: String(a.version),
    ...dateParts('assessedOn', a.assessedOn),
    ...dateParts('nextDueOn', a.nextDueOn),
  }
  for (const [k, v] of Object.entries(a.inputs)) values[k] = typeof v === 'string' ? v : String(v)
  return values
}

/** The form field a problem belongs to, for its inline message and the error summary's link. */
export function formErrors(problems: FieldProblem[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[path || 'tool'] ??= message
  const href = (id: string) => (DATE_FIELDS.has(id) ? `#${id}-day` : `#${id}`)
  return { errors, errorList: Object.entries(errors).map(([id, text]) => ({ text, href: href(id) })) }
}
