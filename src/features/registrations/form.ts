import type { z } from 'zod'
import type { FieldErrors } from '../../web/forms.js'
import { apiErrors } from '../../web/forms.js'

export type FieldProblem = { path: string; message: string }
export type FormValues = Record<string, string | undefined>

/** Problems from zod or a service as the GOV.UK error summary and field messages. */
export function formErrors(problems: FieldProblem[], firstField: string): FieldErrors {
  const errors: Record<string, string> = {}
  for (const p of problems) errors[p.path || firstField] ??= p.message
  return {
    errors,
    errorList: Object.entries(errors).map(([path, text]) => ({ text, href: `#${path}` })),
  }
}

export const zodProblems = (error: z.ZodError): FieldProblem[] => apiErrors(error).errors

/** Form bodies arrive as strings; anything else is ignored. */
export function formValues(body: unknown): FormValues {
  const values: FormValues = {}
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (typeof v === 'string' && k !== '_csrf') values[k] = v
  return values
}
