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

/** Each issue as a problem at its dotted path (`aliases.0.familyName`). */
export const issueProblems = (error: z.ZodError): FormProblem[] =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))

/** The API's error body: `{errors:[{path,message}]}` with JSON-pointer-like dotted paths. */
export function apiErrors(error: z.ZodError) {
  return { errors: issueProblems(error) }
}

/** One problem with a posted form: the field's path (`dueOn`, `aliases.0.dateOfBirth`) and its message. */
export type FormProblem = { path: string; message: string }

/** An issue's top-level field (`officerIds.1` → `officerIds`), where the page has one element a field. */
export const topLevelPath = (path: readonly PropertyKey[]) => String(path[0] ?? '')

/** An issue's whole dotted path, where the page has an element per nested field. */
export const dottedPath = (path: readonly PropertyKey[]) => path.join('.')

/**
 * Parses a form after reading it. Problems found while reading (a date whose parts cannot form a
 * date) come first and win over the schema's for the same field, so each field is reported once.
 */
export function parseFormBody<S extends z.ZodType>(
  schema: S,
  body: unknown,
  problems: FormProblem[] = [],
  pathOf: (path: readonly PropertyKey[]) => string = topLevelPath,
): { ok: true; data: z.output<S> } | { ok: false; problems: FormProblem[] } {
  const parsed = schema.safeParse(body)
  if (parsed.success && !problems.length) return { ok: true, data: parsed.data }
  const fromSchema = parsed.success
    ? []
    : parsed.error.issues
        .map((i) => ({ path: pathOf(i.path), message: i.message }))
        .filter((p) => !problems.some((q) => q.path === p.path))
  return { ok: false, problems: [...problems, ...fromSchema] }
}

/** The API's 409 for a write based on an older reading: what changed, and its version now. */
export const staleErrors = (what: string, version?: number | string) => ({
  errors: [
    {
      path: 'version',
      message: `${what} has changed since you read it; read it again${version === undefined ? '' : ` (now version ${version})`}`,
    },
  ],
})
