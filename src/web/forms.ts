import type { z } from 'zod'

export interface FieldErrors {
  /** Field name → message, for each field's error message. */
  errors: Record<string, string>
  /** For the GOV.UK error summary, in the order the fields appear. */
  errorList: { text: string; href: string }[]
}

export type Parsed<T> = { ok: true; data: T } | ({ ok: false } & FieldErrors)

/** First message per field, keyed by the dotted path (`aliases.0.familyName`). */
export function fieldErrors(error: z.ZodError, fieldIds: Record<string, string> = {}): FieldErrors {
  const errors: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.')
    errors[key] ??= issue.message
  }
  const errorList = Object.entries(errors).map(([key, text]) => ({
    text,
    href: `#${fieldIds[key] ?? key.replaceAll('.', '-')}`,
  }))
  return { errors, errorList }
}

export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fieldIds?: Record<string, string>,
): Parsed<z.output<S>> {
  const result = schema.safeParse(input)
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, ...fieldErrors(result.error, fieldIds) }
}

/** The API's error body: `{errors:[{path,message}]}` with JSON-pointer-like dotted paths. */
export function apiErrors(error: z.ZodError) {
  return { errors: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) }
}
