import { dueItem, reason, type DueItem, type IsoDate } from '../../domain/rules/index.js'
import { PILLAR_LABELS, PILLARS, REFERENCE, type Pillar } from './pillars.js'

/** What the warnings are worked out from: the registration and the plan in force. */
export interface PlanFacts {
  personId: string
  /** Date of the MAPPA registration in force; null when the person is not registered. */
  registeredOn: IsoDate | null
  current: {
    number: number
    signedOffOn: IsoDate
    reviewOn: IsoDate | null
    entries: readonly { pillar: Pillar; position: number; reviewOn: IsoDate | null }[]
  } | null
}

const EVERY_PLAN = reason(
  'Every person managed under MAPPA, at every level, has a risk management plan held by the lead agency, built on the four pillars (supervision; monitoring and control; interventions and treatment; victim safety) with contingency plans.',
  REFERENCE,
)

/**
 * Gaps in a person's risk management plan, as due items: no signed-off plan for a registered
 * person, a pillar or the contingency plan left empty, and the plan's and its entries' review
 * dates (status `due` until the date passes, then `overdue`). Gaps are overdue at once.
 */
export function planDueItems(facts: PlanFacts, today: IsoDate): DueItem[] {
  const { personId, current } = facts
  if (!current) {
    if (!facts.registeredOn) return []
    return [
      dueItem(
        {
          kind: 'plan_missing',
          ruleId: 'plans.missing',
          subjectId: personId,
          title: 'No signed-off risk management plan',
          startDate: facts.registeredOn,
          dueDate: facts.registeredOn,
          basis: [
            EVERY_PLAN,
            reason(
              `Registered under MAPPA on ${facts.registeredOn}; no plan has been signed off.`,
              REFERENCE,
            ),
          ],
        },
        today,
        true,
      ),
    ]
  }
  const items: DueItem[] = []
  for (const pillar of PILLARS) {
    if (current.entries.some((e) => e.pillar === pillar)) continue
    const contingency = pillar === 'contingency'
    items.push(
      dueItem(
        {
          kind: 'plan_incomplete',
          ruleId: contingency ? 'plans.contingency' : 'plans.pillars',
          subjectId: personId,
          title: contingency
            ? 'Risk management plan has no contingency plan'
            : `Risk management plan has nothing under ${PILLAR_LABELS[pillar].toLowerCase()}`,
          startDate: current.signedOffOn,
          dueDate: current.signedOffOn,
          basis: [
            EVERY_PLAN,
            reason(
              `Version ${current.number} of the plan has no ${contingency ? 'contingency plan' : `entries under ${PILLAR_LABELS[pillar].toLowerCase()}`}.`,
              REFERENCE,
            ),
          ],
          keySuffix: pillar,
        },
        today,
        true,
      ),
    )
  }
  if (current.reviewOn) {
    items.push(
      dueItem(
        {
          kind: 'plan_review',
          ruleId: 'plans.review',
          subjectId: personId,
          title: 'Review the risk management plan',
          startDate: current.signedOffOn,
          dueDate: current.reviewOn,
          basis: [
            reason(
              `Version ${current.number} of the plan, signed off on ${current.signedOffOn}, set its review for ${current.reviewOn}.`,
              REFERENCE,
            ),
          ],
        },
        today,
      ),
    )
  }
  for (const entry of current.entries) {
    if (!entry.reviewOn) continue
    items.push(
      dueItem(
        {
          kind: 'plan_entry_review',
          ruleId: 'plans.entry_review',
          subjectId: personId,
          title: `Review a risk management plan entry (${PILLAR_LABELS[entry.pillar]})`,
          startDate: current.signedOffOn,
          dueDate: entry.reviewOn,
          basis: [
            reason(
              `An entry under ${PILLAR_LABELS[entry.pillar].toLowerCase()} in version ${current.number} of the plan is to be reviewed by ${entry.reviewOn}.`,
              REFERENCE,
            ),
          ],
          keySuffix: `${entry.pillar}-${entry.position}`,
        },
        today,
      ),
    )
  }
  return items
}
