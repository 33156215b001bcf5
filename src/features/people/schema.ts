import { z } from 'zod'
import { isAreaCode } from '../../domain/areas.js'
import { IDENTIFIER_FIELDS, type IdentifierField, identifierValidators } from '../../domain/identifiers.js'
import { ETHNICITY_CODES, GENDERS } from '../../domain/person-attributes.js'
import { isIsoDate } from '../../domain/rules/dates.js'

const EARLIEST_BIRTH = '1900-01-01'

/** Blank strings mean "not given"; everything else is trimmed. */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)

const name = (label: string, article = 'a') =>
  z
    .string({ error: `Enter ${article} ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${article} ${label.toLowerCase()}`)
    .max(100, `${label} must be 100 characters or fewer`)

export const isoDate = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

const birthDate = (label: string, today: string) =>
  isoDate(label)
    .refine((d) => d < today, `${label} must be in the past`)
    .refine((d) => d >= EARLIEST_BIRTH, `${label} must be after 1 January 1900`)

function identifier(field: IdentifierField) {
  const { validate } = identifierValidators[field]
  return z
    .string()
    .nullish()
    .transform((value, ctx) => {
      if (!value?.trim()) return null
      const result = validate(value)
      if (result.ok) return result.value
      ctx.addIssue({ code: 'custom', message: result.message })
      return z.NEVER
    })
}

const identifiers = Object.fromEntries(IDENTIFIER_FIELDS.map((f) => [f, identifier(f)])) as {
  [K in IdentifierField]: ReturnType<typeof identifier>
}

const alias = (today: string) =>
  z.object({
    givenName: name('Alias given name', 'an'),
    familyName: name('Alias family name', 'an'),
    dateOfBirth: birthDate('Alias date of birth', today)
      .nullish()
      .transform((v) => v ?? null),
  })

export const MANAGER_KINDS = ['police', 'probation'] as const

/** The person as partners send it (API) and as the form maps to; `today` bounds dates of birth. */
export function personInput(today: string) {
  return z.object({
    givenName: name('Given name'),
    middleNames: optionalText(200, 'Middle names'),
    familyName: name('Family name'),
    dateOfBirth: birthDate('Date of birth', today),
    gender: z
      .enum(GENDERS, { error: 'Gender must be male, female, other or not_known' })
      .default('not_known'),
    ethnicity: z
      .enum(ETHNICITY_CODES, { error: 'Select an ethnic group from the list' })
      .nullish()
      .transform((v) => v ?? null),
    area: z
      .string({ error: 'Select an area' })
      .refine(isAreaCode, 'Select an area from the list of MAPPA areas'),
    leadAgency: optionalText(60, 'Lead agency'),
    ...identifiers,
    aliases: z.array(alias(today)).max(50, 'Record 50 aliases or fewer').default([]),
    managers: z
      .array(z.object({ userId: z.uuid('Select a named manager'), kind: z.enum(MANAGER_KINDS) }))
      .max(10)
      .default([]),
    restricted: z.boolean().default(false),
  })
}
export type PersonInput = z.output<ReturnType<typeof personInput>>

const version = z.number({ error: 'Give the version of the record you read' }).int().min(1)

/**
 * A partial change with the version the editor read (optimistic concurrency). Only the fields
 * sent are changed: defaults and blank-to-null transforms apply to sent fields alone.
 */
export function parsePersonPatch(today: string, body: unknown) {
  const result = personInput(today).partial().extend({ version }).safeParse(body)
  if (!result.success) return result
  const sent = new Set(Object.keys(body as object))
  const data = Object.fromEntries(Object.entries(result.data).filter(([key]) => sent.has(key)))
  return { success: true as const, data: data as Partial<PersonInput> & { version: number } }
}
