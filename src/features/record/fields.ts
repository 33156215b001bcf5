import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

/** How a field is entered on a GOV.UK form. */
export type InputType = 'text' | 'textarea' | 'date' | 'select' | 'radios' | 'checkbox' | 'number'

export interface Option {
  value: string
  text: string
}

/** One field of a fact: its API value schema, its GOV.UK label and input, and how it is shown. */
export interface FieldDef {
  name: string
  label: string
  hint?: string
  input: InputType
  schema: z.ZodType
  options?: readonly Option[]
  /** GOV.UK width class for text inputs. */
  classes?: string
  /** Shown only to principals with person:view_financial; others see the last four characters. */
  masked?: boolean
  /** Shown as a link to this address (e.g. another person's record) instead of the value. */
  href?: (value: string) => string
}

/** Blank strings mean "not given"; everything else is trimmed. */
export const optionalText = (label: string, max = 200) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)

export const requiredText = (label: string, max = 200, missing = `Enter the ${label.toLowerCase()}`) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, `${label} must be ${max} characters or fewer`)

export const isoDate = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

export const optionalDate = (label: string) =>
  isoDate(label)
    .nullish()
    .transform((v) => v ?? null)

export const choice = (options: readonly Option[], message: string) =>
  z.enum(options.map((o) => o.value) as [string, ...string[]], { error: message })

export const optionalChoice = (options: readonly Option[], message: string) =>
  z
    .union([z.literal(''), choice(options, message)])
    .nullish()
    .transform((v) => v || null)

export const flag = (label: string) => z.boolean({ error: `${label} must be true or false` }).default(false)

export const optionalNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be ${min} or more`)
    .max(max, `${label} must be ${max} or less`)
    .nullish()
    .transform((v) => v ?? null)

export const optionalCoordinate = (label: string, limit: number) =>
  z
    .number({ error: `${label} must be a number` })
    .min(-limit, `${label} must be between -${limit} and ${limit}`)
    .max(limit, `${label} must be between -${limit} and ${limit}`)
    .nullish()
    .transform((v) => v ?? null)

/** Field constructors, so a section definition reads as a list of labelled inputs. */
export const field = {
  text: (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    label,
    input: 'text',
    schema: optionalText(label),
    ...extra,
  }),
  textarea: (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    label,
    input: 'textarea',
    schema: optionalText(label, 2000),
    ...extra,
  }),
  date: (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    label,
    input: 'date',
    hint: 'For example, 27 3 2024',
    schema: optionalDate(label),
    ...extra,
  }),
  radios: (name: string, label: string, options: readonly Option[], extra: Partial<FieldDef> = {}) =>
    ({
      name,
      label,
      input: 'radios',
      options,
      schema: choice(options, `Select the ${label.toLowerCase()}`),
      ...extra,
    }) satisfies FieldDef,
  select: (name: string, label: string, options: readonly Option[], extra: Partial<FieldDef> = {}) =>
    ({
      name,
      label,
      input: 'select',
      options,
      schema: optionalChoice(options, `Select the ${label.toLowerCase()} from the list`),
      ...extra,
    }) satisfies FieldDef,
  checkbox: (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
    name,
    label,
    input: 'checkbox',
    schema: flag(label),
    ...extra,
  }),
  number: (name: string, label: string, min: number, max: number, extra: Partial<FieldDef> = {}) =>
    ({
      name,
      label,
      input: 'number',
      schema: optionalNumber(label, min, max),
      classes: 'govuk-input--width-5',
      ...extra,
    }) satisfies FieldDef,
}

/** `12345678` → `••••5678`: enough to tell two accounts apart, not enough to use one. */
export function mask(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  const text = String(value).replace(/\s+/g, '')
  return `••••${text.slice(-4)}`
}

/** UK postcodes upper case with one space before the inward code (`ls11ab` → `LS1 1AB`). */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s+/g, '').toUpperCase()
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact
}

export const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/

/** Vehicle registrations as searched: upper case without spaces. */
export const normaliseRegistration = (value: string) => value.replace(/[\s-]+/g, '').toUpperCase()
