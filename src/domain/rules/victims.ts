import type { Offence } from '../offence.js'
import type { EligibilityStatus } from './category.js'
import type { RulesConfig } from './config.js'
import type { IsoDate } from './dates.js'
import { describeDisposal, imprisonmentOf, isHospital, termAtLeastMonths } from './disposal.js'
import { dueItem, type DueItem } from './due.js'
import type { RuleMeta } from './meta.js'
import {
  lineLabel,
  lineRef,
  sentenceDateOf,
  type Conviction,
  type OffenceCatalogue,
  MURDER_OFFENCE_ID,
} from './model.js'
import { reason, triAnd, triOr, type Reason, type Tri } from './reason.js'
import { REF } from './references.js'
import { assessSchedule3 } from './schedule3.js'
import { RULES_EFFECTIVE_FROM } from './version.js'
import { addWorkingDays } from './working-days.js'

function violentOrSexual(offence: Offence, config: RulesConfig): Tri {
  if (offence.id === MURDER_OFFENCE_ID) return true
  if (offence.sched15Part === 1 || offence.sched15Part === 2) return true
  if (offence.sched15Part === 3) return config.sched15Part3.victimContact
  return false
}

/**
 * Victim Contact Scheme: a violent or sexual offence (murder, Sch.15 Part 1 or 2, or a
 * Schedule 3 offence giving notification) with 12 months or more custody or a hospital order.
 */
export function victimContactEligibility(
  dateOfBirth: IsoDate | null | undefined,
  conviction: Conviction,
  catalogue: OffenceCatalogue,
  config: RulesConfig,
): { status: EligibilityStatus; reasons: Reason[] } {
  const reasons: Reason[] = []
  let overall = false as Tri
  conviction.offences.forEach((line, i) => {
    const offence = line.offenceId ? catalogue.get(line.offenceId) : undefined
    const where = `${lineRef(conviction, i)} (${lineLabel(line, offence)})`
    const kind: Tri = offence
      ? triOr(
          violentOrSexual(offence, config),
          offence.sched3Paragraph
            ? assessSchedule3(dateOfBirth, conviction, i, catalogue, config).applies
            : false,
        )
      : 'unknown'
    const d = line.disposal
    const sentence: Tri =
      isHospital(d) ||
      termAtLeastMonths(imprisonmentOf(d, 'category2', config), 12, sentenceDateOf(conviction))
    const result = triAnd(kind, sentence)
    overall = triOr(overall, result)
    const offenceText =
      kind === true
        ? 'a violent or sexual offence'
        : kind === false
          ? 'not a violent or sexual offence'
          : 'offence type needs checking'
    const sentenceText =
      sentence === true
        ? describeDisposal(d)
        : sentence === false
          ? `${describeDisposal(d)} (not 12 months+ custody or a hospital order)`
          : `${describeDisposal(d)}, length not recorded`
    reasons.push(reason(`${where}: ${offenceText}; ${sentenceText}.`, REF.victimContact))
  })
  const status: EligibilityStatus =
    overall === true ? 'eligible' : overall === false ? 'not_eligible' : 'needs_review'
  reasons.unshift(
    reason(
      status === 'eligible'
        ? 'Victims are offered the Victim Contact Scheme.'
        : status === 'not_eligible'
          ? 'The statutory Victim Contact Scheme does not apply.'
          : 'Whether the Victim Contact Scheme applies needs review.',
      REF.victimContact,
    ),
  )
  return { status, reasons }
}

export interface VictimContactCase {
  subjectId?: string
  sentenceDate: IsoDate
  referredOn?: IsoDate
  victimContactedOn?: IsoDate
}

/** Referral within 10 working days of sentence; VLO contact within 20 working days of referral. */
export function victimContactDueItems(c: VictimContactCase, today: IsoDate): DueItem[] {
  const items = [
    dueItem(
      {
        kind: 'victim_contact_referral',
        ruleId: 'victims.timescales',
        subjectId: c.subjectId,
        title: 'Refer to the Victim Contact Scheme',
        startDate: c.sentenceDate,
        dueDate: addWorkingDays(c.sentenceDate, 10),
        basis: [
          reason(`Refer within 10 working days of sentence (${c.sentenceDate}).`, REF.victimContactTimes),
        ],
        doneOn: c.referredOn,
      },
      today,
    ),
  ]
  if (c.referredOn)
    items.push(
      dueItem(
        {
          kind: 'victim_liaison_contact',
          ruleId: 'victims.timescales',
          subjectId: c.subjectId,
          title: 'Victim liaison officer contacts the victim',
          startDate: c.referredOn,
          dueDate: addWorkingDays(c.referredOn, 20),
          basis: [
            reason(
              `Contact the victim within 20 working days of referral (${c.referredOn}).`,
              REF.victimContactTimes,
            ),
          ],
          doneOn: c.victimContactedOn,
        },
        today,
      ),
    )
  return items
}

export const victimRules: RuleMeta[] = [
  {
    id: 'victims.eligibility',
    area: 'Victims',
    title: 'Victim Contact Scheme eligibility',
    description:
      'Victims are offered the scheme when the offence is violent or sexual (murder, Schedule 15 Part 1 or 2, or a Schedule 3 offence giving notification) and the sentence is 12 months or more custody or a hospital order. Schedule 15 Part 3 offences count only if configured.',
    references: [REF.victimContact],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'confirmed',
    configKey: 'sched15Part3.victimContact',
  },
  {
    id: 'victims.timescales',
    area: 'Victims',
    title: 'Victim Contact Scheme timescales',
    description:
      'Referral to the scheme within 10 working days of sentence; the Victim Liaison Officer contacts the victim within 20 working days of referral. Working days exclude weekends and England and Wales bank holidays.',
    references: [REF.victimContactTimes],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'confirmed',
  },
]
