import { AREAS } from '../../domain/areas.js'
import { isIsoDate } from '../../domain/rules/dates.js'
import type { ApplicationDetailsInput } from '../applications/schema.js'
import { type Lang, type TextKey, WELSH_FORCE_NAMES, t } from './dictionary.js'

/**
 * The questions of the public forms, one thing per page (GOV.UK pattern), as data: the pages,
 * their checks (messages in the applicant's language), the check-answers page and the
 * application made from the answers all come from here.
 */

export const SCHEMES = { 'clares-law': 'clares_law_ask', 'sarahs-law': 'sarahs_law' } as const
export type SchemeSlug = keyof typeof SCHEMES
export const isSchemeSlug = (value: unknown): value is SchemeSlug =>
  typeof value === 'string' && Object.hasOwn(SCHEMES, value)

type Option = { value: string; text: TextKey }
export interface Field {
  name: string
  kind: 'text' | 'email' | 'tel' | 'textarea' | 'date' | 'radios' | 'checkboxes' | 'force'
  label: TextKey
  hint?: TextKey
  /** The message when a required field is empty; absent for optional fields. */
  missing?: TextKey
  max?: number
  options?: Option[]
  autocomplete?: string
}
export interface Step {
  slug: string
  title: TextKey
  fields: Field[]
  /** Shown only when this holds of the answers so far. */
  when?: (answers: Answers) => boolean
  /** Each submission of the page adds an item to a list (Sarah's Law children). */
  addsTo?: 'children'
}

/** What was typed, per field (date fields as `<name>-day` / `-month` / `-year`). */
export type Values = Record<string, string | string[]>
export interface Answers {
  values: Values
  children: Values[]
}

export const MAX_CHILDREN = 6
const yesNo: Option[] = [
  { value: 'yes', text: 'yes' },
  { value: 'no', text: 'no' },
]
const NAME = 200
const ADDRESS = 500
const LONG = 4000

const yourDetails: Step = {
  slug: 'your-details',
  title: 'yourDetailsTitle',
  fields: [
    {
      name: 'applicantName',
      kind: 'text',
      label: 'applicantName',
      missing: 'applicantNameMissing',
      max: NAME,
      autocomplete: 'name',
    },
    {
      name: 'applicantDob',
      kind: 'date',
      label: 'applicantDob',
      missing: 'applicantDobMissing',
      autocomplete: 'bday',
    },
    {
      name: 'applicantAddress',
      kind: 'textarea',
      label: 'applicantAddress',
      missing: 'applicantAddressMissing',
      max: ADDRESS,
      autocomplete: 'street-address',
    },
    { name: 'applicantEmail', kind: 'email', label: 'applicantEmail', max: 254, autocomplete: 'email' },
    { name: 'applicantPhone', kind: 'tel', label: 'applicantPhone', max: 40, autocomplete: 'tel' },
  ],
}
const contact: Step = {
  slug: 'contact',
  title: 'contactTitle',
  fields: [
    {
      name: 'contactMethods',
      kind: 'checkboxes',
      label: 'contactMethods',
      hint: 'contactMethodsHint',
      missing: 'contactMethodsMissing',
      options: [
        { value: 'phone', text: 'methodPhone' },
        { value: 'text', text: 'methodText' },
        { value: 'email', text: 'methodEmail' },
        { value: 'letter', text: 'methodLetter' },
      ],
    },
    { name: 'safeToCall', kind: 'radios', label: 'safeToCall', missing: 'safeToCallMissing', options: yesNo },
    {
      name: 'safeToLeaveMessage',
      kind: 'radios',
      label: 'safeToLeaveMessage',
      missing: 'safeToLeaveMessageMissing',
      options: yesNo,
    },
    { name: 'safeTimes', kind: 'text', label: 'safeTimes', hint: 'safeTimesHint', max: ADDRESS },
  ],
}
const subject = (howKnown: TextKey, howKnownHint: TextKey): Step => ({
  slug: 'subject',
  title: 'subjectTitle',
  fields: [
    {
      name: 'subjectName',
      kind: 'text',
      label: 'subjectName',
      hint: 'subjectNameHint',
      missing: 'subjectNameMissing',
      max: NAME,
    },
    { name: 'subjectDob', kind: 'date', label: 'subjectDob' },
    { name: 'subjectAddress', kind: 'textarea', label: 'subjectAddress', max: ADDRESS },
    {
      name: 'subjectHowKnown',
      kind: 'textarea',
      label: howKnown,
      hint: howKnownHint,
      missing: 'subjectHowKnownMissing',
      max: 1000,
    },
  ],
})
const concern: Step = {
  slug: 'concern',
  title: 'concernTitle',
  fields: [
    {
      name: 'concern',
      kind: 'textarea',
      label: 'concernTitle',
      hint: 'concernHint',
      missing: 'concernMissing',
      max: LONG,
    },
  ],
}
const force: Step = {
  slug: 'police-force',
  title: 'forceTitle',
  fields: [
    { name: 'policeForce', kind: 'force', label: 'forceTitle', hint: 'forceHint', missing: 'forceMissing' },
  ],
}

export const STEPS: Record<SchemeSlug, Step[]> = {
  'clares-law': [
    {
      slug: 'who-for',
      title: 'whoForTitle',
      fields: [
        {
          name: 'forWhom',
          kind: 'radios',
          label: 'whoForTitle',
          missing: 'whoForMissing',
          options: [
            { value: 'self', text: 'whoForSelf' },
            { value: 'someone_else', text: 'whoForOther' },
          ],
        },
      ],
    },
    {
      slug: 'at-risk',
      title: 'atRiskTitle',
      when: (a) => a.values.forWhom === 'someone_else',
      fields: [
        { name: 'atRiskName', kind: 'text', label: 'atRiskName', missing: 'atRiskNameMissing', max: NAME },
        {
          name: 'atRiskRelationship',
          kind: 'text',
          label: 'atRiskRelationship',
          hint: 'atRiskRelationshipHint',
          missing: 'atRiskRelationshipMissing',
          max: ADDRESS,
        },
      ],
    },
    subject('subjectHowKnownPartner', 'subjectHowKnownPartnerHint'),
    concern,
    yourDetails,
    contact,
    force,
  ],
  'sarahs-law': [
    yourDetails,
    {
      slug: 'relationship',
      title: 'relationshipTitle',
      fields: [
        {
          name: 'relationshipToChild',
          kind: 'text',
          label: 'relationshipTitle',
          hint: 'relationshipHint',
          missing: 'relationshipMissing',
          max: ADDRESS,
        },
      ],
    },
    {
      slug: 'child',
      title: 'childTitle',
      addsTo: 'children',
      fields: [
        { name: 'childName', kind: 'text', label: 'childName', missing: 'childNameMissing', max: NAME },
        { name: 'childDob', kind: 'date', label: 'childDob', missing: 'childDobMissing' },
        { name: 'childAddress', kind: 'textarea', label: 'childAddress', max: ADDRESS },
      ],
    },
    {
      slug: 'children',
      title: 'childrenTitle',
      fields: [
        {
          name: 'anotherChild',
          kind: 'radios',
          label: 'childrenAnother',
          missing: 'childrenAnotherMissing',
          options: [
            { value: 'yes', text: 'childrenAnotherYes' },
            { value: 'no', text: 'childrenAnotherNo' },
          ],
        },
      ],
    },
    subject('subjectHowKnownChild', 'subjectHowKnownChildHint'),
    concern,
    contact,
    force,
  ],
}

export const stepOf = (scheme: SchemeSlug, slug: string) => STEPS[scheme].find((s) => s.slug === slug)
const applies = (step: Step, answers: Answers) => !step.when || step.when(answers)

/** The page after this one, given the answers (the children loop goes round until "no"). */
export function nextStep(scheme: SchemeSlug, slug: string, answers: Answers): string {
  if (slug === 'children' && answers.values.anotherChild === 'yes' && answers.children.length < MAX_CHILDREN)
    return 'child'
  const steps = STEPS[scheme]
  const after = steps.slice(steps.findIndex((s) => s.slug === slug) + 1).find((s) => applies(s, answers))
  return after?.slug ?? 'check'
}

/** The page before this one, for the back link. */
export function previousStep(scheme: SchemeSlug, slug: string, answers: Answers): string | undefined {
  const steps = STEPS[scheme]
  const index = slug === 'check' ? steps.length : steps.findIndex((s) => s.slug === slug)
  return steps
    .slice(0, Math.max(index, 0))
    .reverse()
    .find((s) => applies(s, answers))?.slug
}

/** Every force, by its name in the language, with the area it belongs to. */
export function forces(lang: Lang) {
  return AREAS.flatMap((area) =>
    area.policeForces.map((name) => ({
      value: name,
      text: lang === 'cy' ? (WELSH_FORCE_NAMES[name] ?? name) : name,
      areaCode: area.code,
    })),
  ).sort((a, b) => a.text.localeCompare(b.text, lang === 'cy' ? 'cy' : 'en-GB'))
}
export const areaOfForce = (name: string) => AREAS.find((a) => a.policeForces.includes(name))?.code

const str = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim()
const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : [])

/** The names a page may post: its fields (a date's three parts) and the CSRF token. */
export function allowedNames(step: Step): Set<string> {
  return new Set([
    '_csrf',
    ...step.fields.flatMap((f) =>
      f.kind === 'date' ? [`${f.name}-day`, `${f.name}-month`, `${f.name}-year`] : [f.name],
    ),
  ])
}

function readDate(values: Values, name: string): { value?: string; problem?: 'dateIncomplete' | 'dateReal' } {
  const parts = ['day', 'month', 'year'].map((p) => str(values[`${name}-${p}`]))
  const [day, month, year] = parts as [string, string, string]
  if (!day && !month && !year) return {}
  if (!day || !month || !year) return { problem: 'dateIncomplete' }
  if (![day, month, year].every((p) => /^\d+$/.test(p)) || year.length !== 4) return { problem: 'dateReal' }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isIsoDate(iso) && iso >= '1900-01-01' ? { value: iso } : { problem: 'dateReal' }
}

export interface StepErrors {
  errors: Record<string, string>
  errorList: { text: string; href: string }[]
}

/** Checks one page's answers; messages in the applicant's language. */
export function checkStep(step: Step, values: Values, lang: Lang, today: string): StepErrors {
  const errors: Record<string, string> = {}
  for (const field of step.fields) {
    const label = t(lang, field.label)
    if (field.kind === 'date') {
      const date = readDate(values, field.name)
      if (date.problem) errors[field.name] = t(lang, date.problem, { label })
      else if (!date.value && field.missing) errors[field.name] = t(lang, field.missing)
      else if (date.value && date.value > today) errors[field.name] = t(lang, 'datePast', { label })
      continue
    }
    if (field.kind === 'checkboxes') {
      const chosen = list(values[field.name])
      const allowed = new Set(field.options!.map((o) => o.value))
      if ((!chosen.length && field.missing) || chosen.some((c) => !allowed.has(c)))
        errors[field.name] = t(lang, field.missing!)
      continue
    }
    const value = str(values[field.name])
    if (!value) {
      if (field.missing) errors[field.name] = t(lang, field.missing)
      continue
    }
    if (field.max && value.length > field.max)
      errors[field.name] = t(lang, 'tooLong', { label, max: field.max })
    else if (field.kind === 'radios' && !field.options!.some((o) => o.value === value))
      errors[field.name] = t(lang, field.missing!)
    else if (field.kind === 'force' && !areaOfForce(value)) errors[field.name] = t(lang, field.missing!)
    else if (field.kind === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
      errors[field.name] = t(lang, 'emailFormat')
    else if (field.kind === 'tel' && !/^\+?[\d\s()-]{7,20}$/.test(value))
      errors[field.name] = t(lang, 'phoneFormat')
  }
  return {
    errors,
    errorList: Object.entries(errors).map(([name, text]) => {
      const field = step.fields.find((f) => f.name === name)
      return { text, href: `#${field?.kind === 'date' ? `${name}-day` : name}` }
    }),
  }
}

/** Only the page's own fields, trimmed: what is kept between pages. */
export function pick(step: Step, values: Values): Values {
  const kept: Values = {}
  for (const name of allowedNames(step)) {
    if (name === '_csrf' || values[name] === undefined) continue
    const field = step.fields.find((f) => f.name === name)
    kept[name] = field?.kind === 'checkboxes' ? list(values[name]) : str(values[name])
  }
  return kept
}

/** The first page not yet answered well, or undefined when all are (before check answers). */
export function firstIncomplete(
  scheme: SchemeSlug,
  answers: Answers,
  lang: Lang,
  today: string,
): string | undefined {
  for (const step of STEPS[scheme]) {
    if (!applies(step, answers)) continue
    if (step.addsTo) {
      if (!answers.children.length) return step.slug
      continue
    }
    if (step.slug === 'children') continue
    if (Object.keys(checkStep(step, answers.values, lang, today).errors).length) return step.slug
  }
  return undefined
}

const dateOf = (values: Values, name: string) => readDate(values, name).value ?? null
const orNull = (value: string | string[] | undefined) => str(value) || null
const yes = (value: string | string[] | undefined) =>
  str(value) === 'yes' ? true : str(value) === 'no' ? false : null

/** The application's details from complete answers. */
export function detailsOf(scheme: SchemeSlug, answers: Answers): ApplicationDetailsInput {
  const v = answers.values
  const forWhom = scheme === 'clares-law' ? (str(v.forWhom) as 'self' | 'someone_else') : null
  return {
    applicant: {
      name: str(v.applicantName),
      dateOfBirth: dateOf(v, 'applicantDob'),
      address: orNull(v.applicantAddress),
      email: orNull(v.applicantEmail),
      phone: orNull(v.applicantPhone),
      forWhom,
    },
    contact: {
      methods: list(v.contactMethods) as ('phone' | 'text' | 'email' | 'letter')[],
      safeToCall: yes(v.safeToCall),
      safeToLeaveMessage: yes(v.safeToLeaveMessage),
      safeTimes: orNull(v.safeTimes),
    },
    personAtRisk:
      forWhom === 'someone_else'
        ? {
            name: str(v.atRiskName),
            dateOfBirth: null,
            address: null,
            relationship: orNull(v.atRiskRelationship),
          }
        : null,
    relationshipToChild: scheme === 'sarahs-law' ? orNull(v.relationshipToChild) : null,
    children:
      scheme === 'sarahs-law'
        ? answers.children.map((c) => ({
            name: str(c.childName),
            dateOfBirth: dateOf(c, 'childDob'),
            address: orNull(c.childAddress),
          }))
        : null,
    subject: {
      name: str(v.subjectName),
      dateOfBirth: dateOf(v, 'subjectDob'),
      address: orNull(v.subjectAddress),
      howKnown: orNull(v.subjectHowKnown),
    },
    concern: str(v.concern),
    policeForce: str(v.policeForce),
  }
}

/** An answer as the check-answers page shows it. */
export function answerText(field: Field, values: Values, lang: Lang): string {
  if (field.kind === 'date') {
    const iso = dateOf(values, field.name)
    return iso
      ? new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }).format(new Date(`${iso}T00:00:00Z`))
      : t(lang, 'notProvided')
  }
  if (field.kind === 'force')
    return forces(lang).find((f) => f.value === str(values[field.name]))?.text ?? t(lang, 'notProvided')
  if (field.options) {
    const chosen = list(values[field.name])
    const texts = field.options.filter((o) => chosen.includes(o.value)).map((o) => t(lang, o.text))
    return texts.length ? texts.join(', ') : t(lang, 'notProvided')
  }
  return str(values[field.name]) || t(lang, 'notProvided')
}
