import { Temporal } from 'temporal-polyfill'
import { addDays, londonDateOf, type IsoDate } from './dates.js'
import { dueItem, type DueItem, type DueKind } from './due.js'
import type { RuleMeta } from './meta.js'
import { reason } from './reason.js'
import { REF } from './references.js'
import { RULES_EFFECTIVE_FROM } from './version.js'
import { addWorkingDays } from './working-days.js'

export interface ClaresLawApplication {
  subjectId?: string
  /** When the application was received: an ISO instant, e.g. 2024-05-01T09:30:00Z. */
  receivedAt: string
  initialChecksDoneAt?: string
  faceToFaceOn?: IsoDate
  disclosureDecidedOn?: IsoDate
}

interface StageClock {
  kind: DueKind
  ruleId: string
  title: string
  reference: string
  subjectId?: string | undefined
}

/**
 * The stages both schemes share: initial checks within 24 hours of receipt (an exact time, so
 * they take instants), and a face-to-face meeting within 10 working days of the day received
 * (England and Wales time).
 */
function firstStages(
  clocks: { checks: StageClock; faceToFace: StageClock },
  app: { receivedAt: string; initialChecksDoneAt?: string | undefined; faceToFaceOn?: IsoDate | undefined },
  now: string,
): DueItem[] {
  const received = Temporal.Instant.from(app.receivedAt)
  const receivedDay = londonDateOf(app.receivedAt)
  const today = londonDateOf(now)
  const checksDue = received.add({ hours: 24 })
  const { checks, faceToFace } = clocks
  return [
    dueItem(
      {
        kind: checks.kind,
        ruleId: checks.ruleId,
        subjectId: checks.subjectId,
        title: checks.title,
        startDate: receivedDay,
        dueDate: londonDateOf(checksDue.toString()),
        dueAt: checksDue.toString(),
        basis: [
          reason(`Initial checks within 24 hours of receipt (${received.toString()}).`, checks.reference),
        ],
        doneOn: app.initialChecksDoneAt ? londonDateOf(app.initialChecksDoneAt) : undefined,
      },
      today,
      Temporal.Instant.compare(Temporal.Instant.from(now), checksDue) > 0,
    ),
    dueItem(
      {
        kind: faceToFace.kind,
        ruleId: faceToFace.ruleId,
        subjectId: faceToFace.subjectId,
        title: faceToFace.title,
        startDate: receivedDay,
        dueDate: addWorkingDays(receivedDay, 10),
        basis: [reason('Face-to-face meeting within 10 working days of receipt.', faceToFace.reference)],
        doneOn: app.faceToFaceOn,
      },
      today,
    ),
  ]
}

/**
 * Domestic Violence Disclosure Scheme clocks: initial checks within 24 hours, face-to-face
 * meeting within 10 working days, disclosure (or the decision) within 28 days of receipt.
 */
export function claresLawDueItems(app: ClaresLawApplication, now: string): DueItem[] {
  const receivedDay = londonDateOf(app.receivedAt)
  const clock = { subjectId: app.subjectId, ruleId: 'disclosure.clares-law', reference: REF.claresLaw }
  return [
    ...firstStages(
      {
        checks: { ...clock, kind: 'clares_law_initial_checks', title: 'Clare’s Law: initial checks' },
        faceToFace: { ...clock, kind: 'clares_law_face_to_face', title: 'Clare’s Law: face-to-face meeting' },
      },
      app,
      now,
    ),
    dueItem(
      {
        kind: 'clares_law_disclosure',
        ruleId: clock.ruleId,
        subjectId: app.subjectId,
        title: 'Clare’s Law: disclosure decision',
        startDate: receivedDay,
        dueDate: addDays(receivedDay, 28),
        basis: [reason('Disclosure (or decision) within 28 days of receipt.', REF.claresLaw)],
        doneOn: app.disclosureDecidedOn,
      },
      londonDateOf(now),
    ),
  ]
}

export interface SarahsLawApplication {
  subjectId?: string
  /** When the application was received: an ISO instant. */
  receivedAt: string
  initialChecksDoneAt?: string
  faceToFaceOn?: IsoDate
  /** The day the process ended: the letter issued or the application closed. */
  completedOn?: IsoDate
}

/**
 * Child Sex Offender Disclosure Scheme clocks: initial (immediate risk) checks within 24 hours,
 * face-to-face meeting within 10 working days, and the whole process — contact, meeting, checks,
 * decision, letter — within 45 days of the application.
 */
export function sarahsLawDueItems(app: SarahsLawApplication, now: string): DueItem[] {
  const receivedDay = londonDateOf(app.receivedAt)
  const stages = {
    subjectId: app.subjectId,
    ruleId: 'disclosure.sarahs-law-stages',
    reference: REF.sarahsLaw,
  }
  return [
    ...firstStages(
      {
        checks: { ...stages, kind: 'sarahs_law_initial_checks', title: 'Sarah’s Law: initial checks' },
        faceToFace: {
          ...stages,
          kind: 'sarahs_law_face_to_face',
          title: 'Sarah’s Law: face-to-face meeting',
        },
      },
      app,
      now,
    ),
    dueItem(
      {
        kind: 'sarahs_law_completion',
        ruleId: 'disclosure.sarahs-law',
        subjectId: app.subjectId,
        title: 'Sarah’s Law: complete the application',
        startDate: receivedDay,
        dueDate: addDays(receivedDay, 45),
        basis: [
          reason(
            'The whole process (contact, meeting, checks, decision, letter) within 45 days.',
            REF.sarahsLaw,
          ),
        ],
        doneOn: app.completedOn,
      },
      londonDateOf(now),
    ),
  ]
}

export const disclosureRules: RuleMeta[] = [
  {
    id: 'disclosure.clares-law',
    area: 'Disclosure schemes',
    title: 'Clare’s Law (Domestic Violence Disclosure Scheme)',
    description:
      'Initial checks within 24 hours of receiving the application (an exact time); face-to-face meeting within 10 working days; disclosure within 28 days. “Within N days of” receipt does not count the day of receipt.',
    references: [REF.claresLaw],
    effectiveFrom: '2014-03-08',
    confidence: 'confirmed',
  },
  {
    id: 'disclosure.sarahs-law',
    area: 'Disclosure schemes',
    title: 'Sarah’s Law (Child Sex Offender Disclosure Scheme)',
    description:
      'The whole process — initial contact, face-to-face meeting, checks and risk assessment, decision, letter — within 45 days of the application.',
    references: [REF.sarahsLaw],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'confirmed',
  },
  {
    id: 'disclosure.sarahs-law-stages',
    area: 'Disclosure schemes',
    title: 'Sarah’s Law: initial checks and face-to-face meeting',
    description:
      'Initial checks for immediate risk within 24 hours of receiving the application (an exact time); face-to-face meeting with the applicant within 10 working days. The guidance sets the 45-day whole; these stage clocks follow forces’ published practice and the Clare’s Law stages.',
    references: [REF.sarahsLaw],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'recalled',
  },
]
