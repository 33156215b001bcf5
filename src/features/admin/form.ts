import { z } from 'zod'
import { AGENCY_TYPES, AGENCY_TYPE_LABELS } from '../../domain/agency-types.js'
import { AREAS, isAreaCode } from '../../domain/areas.js'
import { ROLE_LABELS, ROLES } from '../../security/roles.js'
import type { FieldErrors } from '../../web/forms.js'

/** One problem with one form field, from the schema or from a check against stored data. */
export type FieldProblem = { path: string; message: string }

/** What a form posts, kept as typed to show again on an error; checkboxes become lists. */
export type FormValues = Record<string, string | string[] | undefined>

/** A checkbox group posts nothing, one value or several: always a list. */
const checkedList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(item),
  )

const membershipFields = {
  agency: z.string({ error: 'Select an agency' }).trim().min(1, 'Select an agency').max(100),
  roles: checkedList(z.enum(ROLES, { error: 'Select roles from the list' })).refine(
    (roles) => roles.length > 0,
    'Select at least one role',
  ),
  /** Empty means the agency's own area; regional staff may work in several. */
  areas: checkedList(z.string().refine(isAreaCode, 'Select areas from the list')),
}

export const membershipForm = z.object(membershipFields)
export type MembershipInput = z.output<typeof membershipForm>

export const PASSWORD_MIN = 12

export const newUserForm = z.object({
  username: z
    .string({ error: 'Enter a username' })
    .trim()
    .min(1, 'Enter a username')
    .max(100, 'Username must be 100 characters or fewer')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      'Username must only include letters, numbers, full stops, hyphens and underscores',
    )
    .transform((username) => username.toLowerCase()),
  displayName: z
    .string({ error: 'Enter the user’s full name' })
    .trim()
    .min(1, 'Enter the user’s full name')
    .max(200, 'Full name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .max(320, 'Email address must be 320 characters or fewer')
    .refine(
      (email) => email === '' || z.email().safeParse(email).success,
      'Enter an email address in the correct format, like name@example.gov.uk',
    )
    .optional()
    .transform((email) => email || null),
  password: z
    .string({ error: 'Enter an initial password' })
    .min(1, 'Enter an initial password')
    .min(PASSWORD_MIN, `Password must be ${PASSWORD_MIN} characters or more`)
    .max(1000, 'Password must be 1000 characters or fewer'),
  ...membershipFields,
})
export type NewUserInput = z.output<typeof newUserForm>

export const agencyForm = z.object({
  code: z
    .string({ error: 'Enter a code for the agency' })
    .trim()
    .min(1, 'Enter a code for the agency')
    .max(50, 'Code must be 50 characters or fewer')
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      'Code must only include lowercase letters, numbers and single hyphens between them, like leeds-housing',
    ),
  type: z.enum(AGENCY_TYPES, { error: 'Select the type of agency' }),
  area: z.string({ error: 'Select the MAPPA area' }).refine(isAreaCode, 'Select the MAPPA area'),
  name: z
    .string({ error: 'Enter the agency’s name' })
    .trim()
    .min(1, 'Enter the agency’s name')
    .max(200, 'Name must be 200 characters or fewer'),
})
export type AgencyInput = z.output<typeof agencyForm>

/** Field order on each page, so the error summary lists problems in the order of the fields. */
export const USER_FIELDS = ['username', 'displayName', 'email', 'password', 'agency', 'roles', 'areas']
export const MEMBERSHIP_FIELDS = ['agency', 'roles', 'areas']
export const AGENCY_FIELDS = ['code', 'type', 'area', 'name']

export type Parsed<T> = { ok: true; data: T } | { ok: false; problems: FieldProblem[] }

/** Parses with the form's schema; each problem belongs to its top-level field (`roles.1` → `roles`). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(body ?? {})
  if (result.success) return { ok: true, data: result.data }
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: String(issue.path[0] ?? ''),
      message: issue.message,
    })),
  }
}

/** Each field's first message, and the error summary in the order the fields appear. */
export function formErrors(problems: FieldProblem[], fieldOrder: string[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[path] ??= message
  const position = (field: string) => {
    const i = fieldOrder.indexOf(field)
    return i < 0 ? fieldOrder.length : i
  }
  const errorList = Object.keys(errors)
    .sort((a, b) => position(a) - position(b))
    .map((field) => ({ text: errors[field]!, href: `#${field}` }))
  return { errors, errorList }
}

/** What was posted, to show again: never the password, never the CSRF token. */
export function keptValues(body: unknown): FormValues {
  const values: FormValues = {}
  if (!body || typeof body !== 'object') return values
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'password' || key === '_csrf') continue
    if (typeof value === 'string') values[key] = value
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string')
  }
  return values
}

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]
const asText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? ''

/** GOV.UK macro items for the membership fields, marking what the user chose. */
export function membershipItems(
  values: FormValues,
  agencies: { code: string; name: string; areaName: string }[],
) {
  const roles = asList(values.roles)
  const areas = asList(values.areas)
  const agency = asText(values.agency)
  return {
    agencyItems: [
      { value: '', text: 'Select an agency', selected: agency === '' },
      ...agencies.map((a) => ({
        value: a.code,
        text: `${a.name} (${a.areaName})`,
        selected: a.code === agency,
      })),
    ],
    roleItems: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], checked: roles.includes(role) })),
    areaItems: AREAS.map((area) => ({
      value: area.code,
      text: area.name,
      checked: areas.includes(area.code),
    })),
  }
}

/** GOV.UK macro items for the agency form. */
export function agencyItems(values: FormValues) {
  const type = asText(values.type)
  const area = asText(values.area)
  return {
    typeItems: [
      { value: '', text: 'Select a type', selected: type === '' },
      ...AGENCY_TYPES.map((t) => ({ value: t, text: AGENCY_TYPE_LABELS[t], selected: t === type })),
    ],
    areaItems: [
      { value: '', text: 'Select an area', selected: area === '' },
      ...AREAS.map((a) => ({ value: a.code, text: a.name, selected: a.code === area })),
    ],
  }
}
