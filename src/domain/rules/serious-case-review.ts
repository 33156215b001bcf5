import { addDays, type IsoDate } from './dates.js'
import type { RuleMeta } from './meta.js'
import { MURDER_OFFENCE_ID } from './model.js'
import type { MappaLevel } from './reviews.js'
import { reason, type Reason, type Tri } from './reason.js'
import { REF } from './references.js'
import { RULES_EFFECTIVE_FROM } from './version.js'

export const SERIOUS_CHARGES = [
  'murder',
  'attempted_murder',
  'manslaughter',
  'rape',
  'attempted_rape',
] as const
export type SeriousCharge = (typeof SERIOUS_CHARGES)[number] | 'other'

/** Maps catalogue offences (with the attempt flag) to the charges that trigger a review. */
export function seriousChargeOf(offenceId: string, attempted = false): SeriousCharge {
  if (offenceId === MURDER_OFFENCE_ID) return attempted ? 'attempted_murder' : 'murder'
  if (offenceId === 'crimatt1981-s1-attempted-murder') return 'attempted_murder'
  if (offenceId === 'cl-manslaughter') return 'manslaughter'
  if (['soa2003-s1-rape', 'soa1956-s1-rape', 'soa2003-s5-rape-child-under-13'].includes(offenceId))
    return attempted ? 'attempted_rape' : 'rape'
  return 'other'
}

export interface LevelPeriod {
  level: MappaLevel
  from: IsoDate
  /** Last day at this level; omitted while current. */
  to?: IsoDate
}

export interface SeriousCaseReviewInput {
  levels: readonly LevelPeriod[]
  charge: SeriousCharge
  offenceDate?: IsoDate
  offenceDateFrom?: IsoDate
  offenceDateTo?: IsoDate
}

const LOOKBACK_DAYS = 28

function managedAtLevel2or3(levels: readonly LevelPeriod[], offenceDate: IsoDate): boolean {
  const windowStart = addDays(offenceDate, -LOOKBACK_DAYS)
  return levels.some(
    (l) => l.level >= 2 && l.from <= offenceDate && (l.to === undefined || l.to >= windowStart),
  )
}

/** Whether a serious case review must be considered. */
export function seriousCaseReviewTrigger(input: SeriousCaseReviewInput): { trigger: Tri; reasons: Reason[] } {
  if (input.charge === 'other')
    return {
      trigger: false,
      reasons: [
        reason('The charge is not murder, attempted murder, manslaughter, rape or attempted rape.', REF.scr),
      ],
    }
  const from = input.offenceDate ?? input.offenceDateFrom
  const to = input.offenceDate ?? input.offenceDateTo
  if (!from || !to)
    return {
      trigger: 'unknown',
      reasons: [
        reason('The offence date is needed to decide whether a serious case review is triggered.', REF.scr),
      ],
    }
  const results = new Set<boolean>()
  for (let d = from; d <= to && results.size < 2; d = addDays(d, 1))
    results.add(managedAtLevel2or3(input.levels, d))
  const charge = input.charge.replaceAll('_', ' ')
  if (results.size > 1)
    return {
      trigger: 'unknown',
      reasons: [
        reason(
          `Charged with ${charge}, but whether the offence date range falls within Level 2/3 management (or 28 days after it) depends on the exact date.`,
          REF.scr,
        ),
      ],
    }
  const trigger = results.has(true)
  return {
    trigger,
    reasons: [
      reason(
        trigger
          ? `Charged with ${charge} while managed at Level 2 or 3, or within 28 days of it: consider a serious case review.`
          : `Charged with ${charge}, but not managed at Level 2 or 3 at the offence or in the 28 days before it.`,
        REF.scr,
      ),
    ],
  }
}

export const seriousCaseReviewRules: RuleMeta[] = [
  {
    id: 'scr.trigger',
    area: 'Serious case reviews',
    title: 'When a serious case review is considered',
    description:
      'When a person managed at Level 2 or 3 at the time of the offence, or at any time in the 28 days before it, is charged with murder, attempted murder, manslaughter, rape or attempted rape. The Strategic Management Board decides whether to hold one.',
    references: [REF.scr],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'recalled',
  },
]
