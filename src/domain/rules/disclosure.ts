import { Temporal } from 'temporal-polyfill'
import { addDays, londonDateOf, type IsoDate } from './dates.js'
import { dueItem, type DueItem } from './due.js'
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

/**
 * Domestic Violence Disclosure Scheme clocks. Initial checks run in hours, so they take
 * instants; the other clocks run in days from the day received (England and Wales time).
 */
export function claresLawDueItems(app: ClaresLawApplication, now: string): DueItem[] {
  const received = Temporal.Instant.from(app.receivedAt)
  const receivedDay = londonDateOf(app.receivedAt)
  const today = londonDateOf(now)
  const checksDue = received.add({ hours: 24 })
  const base = { subjectId: app.subjectId, startDate: receivedDay, ruleId: 'disclosure.clares-law' }
  return [
    dueItem(
      {
        ...base,
        kind: 'clares_law_initial_checks',
        title: 'Clare’s Law: initial checks',
        dueDate: londonDateOf(checksDue.toString()),
        dueAt: checksDue.toString(),
        basis: [reason(`Initial checks within 24 hours of receipt (${received.toString()}).`, REF.claresLaw)],
        doneOn: app.initialChecksDoneAt ? londonDateOf(app.initialChecksDoneAt) : undefined,
      },
      today,
      Temporal.Instant.compare(Temporal.Instant.from(now), checksDue) > 0,
    ),
    dueItem(
      {
        ...base,
        kind: 'clares_law_face_to_face',
        title: 'Clare’s Law: face-to-face meeting',
        dueDate: addWorkingDays(receivedDay, 10),
        basis: [reason('Face-to-face meeting within 10 working days of receipt.', REF.claresLaw)],
        doneOn: app.faceToFaceOn,
      },
      today,
    ),
    dueItem(
      {
        ...base,
        kind: 'clares_law_disclosure',
        title: 'Clare’s Law: disclosure decision',
        dueDate: addDays(receivedDay, 28),
        basis: [reason('Disclosure (or decision) within 28 days of receipt.', REF.claresLaw)],
        doneOn: app.disclosureDecidedOn,
      },
      today,
    ),
  ]
}

export interface SarahsLawApplication {
  subjectId?: string
  receivedOn: IsoDate
  completedOn?: IsoDate
}

/** Child Sex Offender Disclosure Scheme: whole process within 45 days. */
export function sarahsLawDueItem(app: SarahsLawApplication, today: IsoDate): DueItem {
  return dueItem(
    {
      kind: 'sarahs_law_completion',
      ruleId: 'disclosure.sarahs-law',
      subjectId: app.subjectId,
      title: 'Sarah’s Law: complete the application',
      startDate: app.receivedOn,
      dueDate: addDays(app.receivedOn, 45),
      basis: [
        reason(
          'The whole process (contact, meeting, checks, decision, letter) within 45 days.',
          REF.sarahsLaw,
        ),
      ],
      doneOn: app.completedOn,
    },
    today,
  )
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
]
