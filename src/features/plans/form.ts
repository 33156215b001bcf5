import { dateFromParts, dateParts } from '../../web/date-input.js'
import { type FieldErrors, dottedPath, parseFormBody } from '../../web/forms.js'
import { PILLARS, type Pillar } from './pillars.js'
import { type DraftPatch, draftPatch } from './schema.js'
import type { FieldProblem, PlanDetail } from './service.js'

/** What the draft form posts: flat strings, kept as typed to show again on an error. */
export type FormValues = Record<string, string>

/** The row numbers of a pillar's entries on the form (`supervision-0-text`, …). */
export function rowIndexes(values: FormValues, pillar: Pillar): number[] {
  const indexes = new Set<number>()
  const pattern = new RegExp(`^${pillar}-(\\d+)-`)
  for (const key of Object.keys(values)) {
    const match = pattern.exec(key)
    if (match) indexes.add(Number(match[1]))
  }
  return [...indexes].sort((a, b) => a - b)
}

const ROW_FIELDS = ['text', 'owner', 'reviewOn-day', 'reviewOn-month', 'reviewOn-year']
const blankRow = (values: FormValues, prefix: string) =>
  ROW_FIELDS.every((f) => !values[`${prefix}-${f}`]?.trim())

/** A draft as form values, for the edit page. */
export function planToValues(plan: PlanDetail): FormValues {
  const values: FormValues = {
    version: String(plan.version),
    visitIntervalMonths: plan.visitIntervalMonths === null ? '' : String(plan.visitIntervalMonths),
    ...dateParts('reviewOn', plan.reviewOn),
  }
  for (const pillar of PILLARS) {
    plan.entries
      .filter((e) => e.pillar === pillar)
      .sort((a, b) => a.position - b.position)
      .forEach((e, i) => {
        values[`${pillar}-${i}-text`] = e.text
        values[`${pillar}-${i}-owner`] = e.ownerAgencyId ?? ''
        Object.assign(values, dateParts(`${pillar}-${i}-reviewOn`, e.reviewOn))
      })
  }
  return values
}

export type ReadForm =
  | { kind: 'rows'; values: FormValues; focus: string }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'valid'; patch: DraftPatch }

/**
 * Reads a posted draft: a request for another entry row (or to remove one), the problems
 * found, or the change to save. Blank rows are left out.
 */
export function readDraftForm(values: FormValues): ReadForm {
  const action = values.action ?? ''
  const add = PILLARS.find((p) => action === `add-${p}`)
  if (add) {
    const next = Math.max(-1, ...rowIndexes(values, add)) + 1
    return { kind: 'rows', values: { ...values, [`${add}-${next}-text`]: '' }, focus: `${add}-${next}-text` }
  }
  const remove = /^remove-(\w+)-(\d+)$/.exec(action)
  if (remove) {
    const prefix = `${remove[1]}-${remove[2]}-`
    const kept = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith(prefix)))
    return { kind: 'rows', values: kept, focus: 'reviewOn-day' }
  }
  const problems: FieldProblem[] = []
  const fieldIds: Record<string, string> = {}
  const date = (prefix: string, label: string, path: string) => {
    const result = dateFromParts(values, prefix, label)
    if (result.error) problems.push({ path, message: result.error })
    fieldIds[path] = `${prefix}-day`
    return result.value ?? null
  }
  const entries: Record<string, unknown>[] = []
  for (const pillar of PILLARS) {
    for (const i of rowIndexes(values, pillar)) {
      const prefix = `${pillar}-${i}`
      if (blankRow(values, prefix)) continue
      const at = entries.length
      fieldIds[`entries.${at}.text`] = `${prefix}-text`
      fieldIds[`entries.${at}.ownerAgencyId`] = `${prefix}-owner`
      entries.push({
        pillar,
        text: values[`${prefix}-text`] ?? '',
        ownerAgencyId: values[`${prefix}-owner`] || null,
        reviewOn: date(`${prefix}-reviewOn`, 'Entry review date', `entries.${at}.reviewOn`),
      })
    }
  }
  const interval = values.visitIntervalMonths?.trim()
  fieldIds.visitIntervalMonths = 'visitIntervalMonths'
  const body = {
    version: Number(values.version),
    reviewOn: date('reviewOn', 'Plan review date', 'reviewOn'),
    visitIntervalMonths: interval ? (/^\d+$/.test(interval) ? Number(interval) : Number.NaN) : null,
    entries,
  }
  const parsed = parseFormBody(draftPatch, body, problems, dottedPath)
  return parsed.ok
    ? { kind: 'valid', patch: parsed.data }
    : { kind: 'invalid', errors: formErrors(parsed.problems, fieldIds) }
}

/** Field messages keyed by the field's id, and the summary linking to each. */
export function formErrors(problems: FieldProblem[], fieldIds: Record<string, string>): FieldErrors {
  const errors: Record<string, string> = {}
  for (const { path, message } of problems) {
    const id = (fieldIds[path] ?? path).replace(/-day$/, '')
    errors[id] ??= message
  }
  const href = (id: string) => (id.endsWith('reviewOn') ? `#${id}-day` : `#${id}`)
  return { errors, errorList: Object.entries(errors).map(([id, text]) => ({ text, href: href(id) })) }
}

/** The same ids for problems the service finds (unknown agencies) in a posted form. */
export function fieldIdsOf(values: FormValues): Record<string, string> {
  const ids: Record<string, string> = { reviewOn: 'reviewOn-day' }
  let at = 0
  for (const pillar of PILLARS)
    for (const i of rowIndexes(values, pillar)) {
      if (blankRow(values, `${pillar}-${i}`)) continue
      ids[`entries.${at}.ownerAgencyId`] = `${pillar}-${i}-owner`
      ids[`entries.${at}.text`] = `${pillar}-${i}-text`
      at += 1
    }
  return ids
}
