import { dateFromParts, dateParts } from '../../web/date-input.js'
import { formErrors } from '../disclosures/form.js'
import type { ApplicationRow } from './queries.js'
import type { FieldStage, Stage } from './schema.js'

export type FormValues = Record<string, string | undefined>
type Problem = { path: string; message: string }

const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined)

const DATE_FIELDS: Partial<Record<FieldStage, [name: string, label: string]>> = {
  'face-to-face': ['faceToFaceOn', 'Date of the face-to-face meeting'],
  checks: ['checksCompletedOn', 'Date the checks were completed'],
  decision: ['forumDecidedOn', 'Date of the decision'],
  letter: ['letterIssuedOn', 'Date the letter was issued'],
  close: ['closedOn', 'Date closed'],
}

/** A stage's form as the body `updateStage` takes; half-typed dates come back as problems. */
export function readStageForm(
  stage: FieldStage,
  values: FormValues,
): { input: Record<string, unknown>; problems: Problem[] } {
  const problems: Problem[] = []
  const input: Record<string, unknown> = { version: Number(values.version) }
  const date = DATE_FIELDS[stage]
  if (date) {
    const read = dateFromParts(values, date[0], date[1])
    if (read.error) problems.push({ path: date[0], message: read.error })
    input[date[0]] = read.value
  }
  switch (stage) {
    case 'triage':
      input.immediateRisk = yesNo(values.immediateRisk)
      input.triageNote = values.triageNote
      input.assignedUserId = values.assignedUserId || null
      break
    case 'match':
      input.matchedPersonId = values.matchedPersonId === 'none' ? null : values.matchedPersonId || undefined
      break
    case 'decision':
      input.forumDecision = values.forumDecision || undefined
      input.forumRationale = values.forumRationale
      input.forumAgencies = values.forumAgencies
      break
    case 'close':
      input.closedReason = values.closedReason
      break
  }
  return { input, problems }
}

/** What a stage's form shows for what is recorded now. */
export function stageFormValues(stage: Stage, app: ApplicationRow): FormValues {
  const version = String(app.version)
  switch (stage) {
    case 'triage':
      return {
        version,
        immediateRisk: app.immediateRisk === null ? '' : app.immediateRisk ? 'yes' : 'no',
        triageNote: app.triageNote ?? '',
        assignedUserId: app.assignedUserId ?? '',
      }
    case 'match':
      return { version, matchedPersonId: app.matchedAt ? (app.matchedPersonId ?? 'none') : '' }
    case 'face-to-face':
      return { version, ...dateParts('faceToFaceOn', app.faceToFaceOn) }
    case 'checks':
      return { version, ...dateParts('checksCompletedOn', app.checksCompletedOn) }
    case 'decision':
      return {
        version,
        forumDecision: app.forumDecision ?? '',
        ...dateParts('forumDecidedOn', app.forumDecidedOn),
        forumRationale: app.forumRationale ?? '',
        forumAgencies: app.forumAgencies ?? '',
      }
    case 'disclosure':
      return { version, ...dateParts('decidedOn', app.forumDecidedOn) }
    case 'letter':
      return { version, ...dateParts('letterIssuedOn', app.letterIssuedOn) }
    case 'close':
      return { version, ...dateParts('closedOn', app.closedOn), closedReason: app.closedReason ?? '' }
  }
}

const FIELD_IDS: Record<string, string> = {
  faceToFaceOn: 'faceToFaceOn-day',
  checksCompletedOn: 'checksCompletedOn-day',
  forumDecidedOn: 'forumDecidedOn-day',
  letterIssuedOn: 'letterIssuedOn-day',
  closedOn: 'closedOn-day',
}

/** Where on the page each problem's field is (the disclosure form's fields included). */
export const stageFormErrors = (problems: Problem[]) => formErrors(problems, FIELD_IDS)
