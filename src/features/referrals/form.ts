import { dateFromParts, dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import type { ReferredForm } from './schema.js'
import type { Problem, ReferralRecord } from './service.js'

/** What the referral form posts: flat strings, kept as typed to show again. */
export type FormValues = Record<string, string>

const TEXT_FIELDS = [
  'areaName',
  'currentCategory',
  'currentLevel',
  'givenName',
  'middleNames',
  'familyName',
  'aliases',
  'gender',
  'ethnicity',
  'visorId',
  'pncId',
  'crn',
  'prisonNumber',
  'croNumber',
  'address',
  'releaseAddress',
  'indexOffences',
  'sentence',
  'hospitalDetails',
] as const
export const DATE_FIELDS = {
  dateOfBirth: 'Date of birth',
  sentenceDate: 'Sentence date',
  releaseDate: 'Release date',
  licenceEndDate: 'Licence end date',
  registeredOn: 'Registration date',
} as const
const NARRATIVE = ['reason', 'currentRisk', 'currentPlan', 'addedValue'] as const

/** The request radio: Level 2, Level 3, or Category 3 registration. */
export const REQUEST_OPTIONS = [
  { value: '2', text: 'Level 2 management' },
  { value: '3', text: 'Level 3 management' },
  {
    value: 'category3',
    text: 'Category 3 registration',
    hint: 'Another person who may cause serious harm (CJA 2003 s.325(2)(b)); the meeting sets the level',
  },
] as const

const requestValue = (r: { levelRequested: number | null; categoryThreeRequested: boolean }) =>
  r.categoryThreeRequested ? 'category3' : r.levelRequested ? String(r.levelRequested) : ''

/** The referred facts (and any referral's own fields) as form values. */
export function toValues(
  form: ReferredForm,
  referral?: Pick<
    ReferralRecord,
    | 'levelRequested'
    | 'categoryThreeRequested'
    | 'reason'
    | 'currentRisk'
    | 'currentPlan'
    | 'addedValue'
    | 'version'
  >,
): FormValues {
  const values: FormValues = {}
  for (const key of TEXT_FIELDS) values[key] = form[key] ?? ''
  for (const key of Object.keys(DATE_FIELDS) as (keyof typeof DATE_FIELDS)[])
    Object.assign(values, dateParts(key, form[key]))
  values.noFixedAbode = form.noFixedAbode ? 'true' : ''
  if (referral) {
    values.request = requestValue(referral)
    for (const key of NARRATIVE) values[key] = referral[key]
    values.version = String(referral.version)
  }
  return values
}

/** Maps the form onto the API body, so the browser and partner systems are checked alike. */
export function formToBody(values: FormValues): { body: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = []
  const form: Record<string, unknown> = { noFixedAbode: values.noFixedAbode === 'true' }
  for (const key of TEXT_FIELDS) form[key] = values[key] ?? ''
  for (const [key, label] of Object.entries(DATE_FIELDS)) {
    const result = dateFromParts(values, key, label)
    if (result.error) problems.push({ path: `form.${key}`, message: result.error })
    form[key] = result.value ?? null
  }
  const body: Record<string, unknown> = {
    levelRequested: values.request === '2' ? 2 : values.request === '3' ? 3 : null,
    categoryThreeRequested: values.request === 'category3',
    form,
  }
  for (const key of NARRATIVE) body[key] = values[key] ?? ''
  if (values.version !== undefined) body.version = Number(values.version)
  if (values.response !== undefined) body.response = values.response
  return { body, problems }
}

const idOf = (path: string) => {
  if (path === 'levelRequested' || path === 'categoryThreeRequested') return 'request'
  return path.startsWith('form.') ? path.slice('form.'.length) : path
}

/** Where each problem's field is on the page, for the error summary's links. */
export function formErrors(problems: Problem[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) errors[idOf(path)] ??= message
  return {
    errors,
    errorList: Object.entries(errors).map(([id, text]) => ({
      text,
      href: id === 'version' ? '#main-content' : `#${id in DATE_FIELDS ? `${id}-day` : id}`,
    })),
  }
}
