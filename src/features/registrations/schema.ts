import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/index.js'

/** Blank form fields mean "not given". */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v)
const asNumber = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blank(v))

export const optionalText = (label: string, max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .nullish()
    .transform((v) => v || null)

export const requiredText = (message: string, label: string, max = 2000) =>
  z.string({ error: message }).trim().min(1, message).max(max, `${label} must be ${max} characters or fewer`)

const category = z.preprocess(
  asNumber,
  z
    .number({ error: 'Select a category' })
    .int('Select a category')
    .min(1, 'Select a category from 1 to 4')
    .max(4, 'Select a category from 1 to 4'),
)
const level = z.preprocess(
  asNumber,
  z
    .number({ error: 'Select a level' })
    .int('Select a level')
    .min(1, 'Select a level from 1 to 3')
    .max(3, 'Select a level from 1 to 3'),
)
/** A named manager: a user id, or blank/null for none. */
const manager = z.preprocess(
  (v) => (v === '' ? null : v),
  z.uuid('Select a named manager from the list').nullish(),
)
const version = z.preprocess(
  asNumber,
  z.number({ error: 'Give the version of the registration you read' }).int().min(1),
)
const pastDate = (label: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date in the format YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

const CATEGORY_RATIONALE =
  'Enter why the person is in this category: Categories 3 and 4 are decided by the Responsible Authority, with reasons'
const CATEGORY_3_LEVEL = 'Category 3 is managed at Level 2 or 3 (MAPPA Guidance ch.6)'

/** Registering a person under MAPPA (CJA 2003 s.325): the form and `POST …/registrations`. */
export const registerInput = z
  .object({
    category,
    categoryRationale: optionalText('Category rationale'),
    level,
    levelRationale: requiredText('Enter why this level is right', 'Level rationale'),
    leadAgency: requiredText('Select the lead agency', 'Lead agency', 60),
    policeManager: manager,
    probationManager: manager,
    registeredOn: pastDate('Registration date').optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.category === 3 || v.category === 4) && !v.categoryRationale)
      ctx.addIssue({ code: 'custom', path: ['categoryRationale'], message: CATEGORY_RATIONALE })
    if (v.category === 3 && v.level === 1)
      ctx.addIssue({ code: 'custom', path: ['level'], message: CATEGORY_3_LEVEL })
  })
export type RegisterInput = z.output<typeof registerInput>

/**
 * A change of level, category, lead agency or named managers, with the version read
 * (`PATCH …/registrations/{id}`; each page of the browser sends its own part). Level and
 * category changes need their reasons.
 */
export const changeInput = z
  .object({
    version,
    level: level.optional(),
    levelRationale: optionalText('Level rationale'),
    category: category.optional(),
    categoryRationale: optionalText('Category rationale'),
    leadAgency: z.preprocess(blank, z.string().trim().max(60).optional()),
    policeManager: manager,
    probationManager: manager,
  })
  .superRefine((v, ctx) => {
    if (v.level !== undefined && !v.levelRationale)
      ctx.addIssue({ code: 'custom', path: ['levelRationale'], message: 'Enter why the level is changing' })
    if (v.category !== undefined && !v.categoryRationale)
      ctx.addIssue({
        code: 'custom',
        path: ['categoryRationale'],
        message: 'Enter why the category is changing',
      })
    const changes = [v.level, v.category, v.leadAgency, v.policeManager, v.probationManager]
    if (changes.every((c) => c === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'Send at least one change' })
  })
export type ChangeInput = z.output<typeof changeInput>

/** Confirming a de-registration: never automatic; a person gives the reason. */
export const deregisterInput = z.object({
  version,
  reason: requiredText('Enter why the registration is ending', 'Reason'),
  deregisteredOn: pastDate('De-registration date').optional(),
})
export type DeregisterInput = z.output<typeof deregisterInput>

export { CATEGORY_3_LEVEL }
