import type { CategoryDecision } from './category.js'
import { addDays, type IsoDate } from './dates.js'
import { dueItem, type DueItem } from './due.js'
import type { RuleMeta } from './meta.js'
import { reason, type Reason } from './reason.js'
import { REF } from './references.js'

export interface Registration {
  subjectId?: string
  category: 1 | 2 | 3 | 4
  registeredOn: IsoDate
}

export interface DeregistrationCheck {
  flag: DueItem | null
  reasons: Reason[]
}

/**
 * Flags (never removes) a registration whose basis has ended: Category 1 when notification
 * ends, Category 2 when the licence or hospital/guardianship order ends. Categories 3 and 4
 * end only by a decision of the Responsible Authority.
 */
export function checkDeregistration(
  registration: Registration,
  decision: CategoryDecision,
  today: IsoDate,
): DeregistrationCheck {
  const { category, subjectId } = registration
  if (category === 3 || category === 4)
    return {
      flag: null,
      reasons: [
        reason(
          `Category ${category} ends only when the Responsible Authority decides; it is never flagged automatically.`,
          REF.cat3,
        ),
      ],
    }
  const basis = category === 1 ? decision.category1 : decision.category2
  const what = category === 1 ? 'notification requirement' : 'licence or hospital/guardianship order'
  if (basis.result === true)
    return {
      flag: null,
      reasons: [
        reason(`The Category ${category} basis continues.`, category === 1 ? REF.cat1 : REF.cat2Sentence),
      ],
    }
  if (basis.result === 'unknown')
    return {
      flag: null,
      reasons: [
        reason(
          `Whether the Category ${category} basis continues needs review; not flagged until the missing facts are recorded.`,
          REF.catEnd,
        ),
      ],
    }
  const endedOn = basis.endedOn
  const start = endedOn ? addDays(endedOn, 1) : registration.registeredOn
  const text = endedOn
    ? `The ${what} ended on ${endedOn}: review the registration for de-registration (it is not removed automatically).`
    : `No Category ${category} basis is found in the recorded convictions and orders: review the registration.`
  const basisReasons = [reason(text, REF.catEnd)]
  const flag = dueItem(
    {
      kind: 'deregistration_review',
      ruleId: 'deregistration.flag',
      subjectId,
      title: `Review Category ${category} registration for de-registration`,
      startDate: start,
      dueDate: start > today ? start : today,
      basis: basisReasons,
      keySuffix: `cat${category}`,
    },
    today,
  )
  return { flag, reasons: basisReasons }
}

export const deregistrationRules: RuleMeta[] = [
  {
    id: 'deregistration.flag',
    area: 'End of category',
    title: 'End of Category 1 or 2',
    description:
      'Category 1 ends when the notification period ends (or an indefinite requirement is discharged on review); Category 2 ends when the licence, or the hospital or guardianship order, ends. A registration whose basis has ended is flagged for de-registration review — never removed automatically. Categories 3 and 4 end only by decision of the Responsible Authority.',
    references: [REF.catEnd, REF.cat1, REF.cat2Sentence],
    effectiveFrom: '2005-04-04',
    confidence: 'confirmed',
  },
]
