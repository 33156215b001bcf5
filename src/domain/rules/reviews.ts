import type { RoshLevel, RulesConfig } from './config.js'
import { addDuration, type IsoDate } from './dates.js'
import { dueItem, type DueItem } from './due.js'
import type { RuleMeta } from './meta.js'
import { reason, type Reason } from './reason.js'
import { REF } from './references.js'
import type { EligibilityStatus } from './category.js'
import { RULES_EFFECTIVE_FROM } from './version.js'

export type MappaLevel = 1 | 2 | 3

export interface LevelReviewInput {
  subjectId?: string
  level: MappaLevel
  /** Last review meeting, or the date the level was set. */
  lastReviewDate: IsoDate
  /** Next review date set at the last meeting, if any (an earlier date wins). */
  scheduledDate?: IsoDate
  doneOn?: IsoDate
}

export interface DueDecision {
  due: DueItem | null
  reasons: Reason[]
}

/** Next MAPPA level review: Level 2 and 3 at configured minimum intervals; Level 1 has none. */
export function nextLevelReview(input: LevelReviewInput, config: RulesConfig, today: IsoDate): DueDecision {
  if (input.level === 1)
    return {
      due: null,
      reasons: [
        reason(
          'Level 1 is managed by the lead agency without MAPPA meetings; no review meeting falls due.',
          REF.levels,
        ),
      ],
    }
  const interval = input.level === 2 ? config.levelReviewInterval.level2 : config.levelReviewInterval.level3
  const latest = addDuration(input.lastReviewDate, interval)
  const dueDate = input.scheduledDate && input.scheduledDate < latest ? input.scheduledDate : latest
  const reasons = [
    reason(
      `Level ${input.level} is reviewed at least every ${interval} (configurable default, unconfirmed); last review ${input.lastReviewDate}.`,
      REF.levels,
    ),
  ]
  if (dueDate !== latest)
    reasons.push(reason(`The meeting set an earlier review date, ${dueDate}.`, REF.levels))
  return {
    due: dueItem(
      {
        kind: 'level_review',
        ruleId: 'reviews.level',
        subjectId: input.subjectId,
        title: `Level ${input.level} review`,
        startDate: input.lastReviewDate,
        dueDate,
        basis: reasons,
        doneOn: input.doneOn,
      },
      today,
    ),
    reasons,
  }
}

export interface HomeVisitInput {
  subjectId?: string
  rosh: RoshLevel
  lastVisitDate: IsoDate
  /** Interval set by the risk management plan (ISO duration); overrides the default. */
  planInterval?: string
  reactiveManagement?: boolean
  doneOn?: IsoDate
}

/** Next home visit to a registered sexual offender, by RoSH or as the plan sets. */
export function nextHomeVisit(
  input: HomeVisitInput,
  config: RulesConfig,
  today: IsoDate,
): DueDecision & { interval: string | null } {
  if (input.reactiveManagement)
    return {
      due: null,
      interval: null,
      reasons: [
        reason('Under reactive management: no routine visits; annual notification continues.', REF.reactive),
      ],
    }
  const interval = input.planInterval ?? config.homeVisitInterval[input.rosh]
  const reasons = [
    input.planInterval
      ? reason(`The risk management plan sets visits every ${interval}.`, REF.homeVisits)
      : reason(
          `RoSH ${input.rosh.replace('_', ' ')}: visit at least every ${interval} (configurable default).`,
          REF.homeVisits,
        ),
  ]
  return {
    interval,
    reasons,
    due: dueItem(
      {
        kind: 'home_visit',
        ruleId: 'reviews.home-visit',
        subjectId: input.subjectId,
        title: 'Home visit',
        startDate: input.lastVisitDate,
        dueDate: addDuration(input.lastVisitDate, interval),
        basis: reasons,
        doneOn: input.doneOn,
      },
      today,
    ),
  }
}

export interface RiskPeriod {
  rosh: RoshLevel
  from: IsoDate
}

const REACTIVE_AFTER = 'P3Y'

/** Reactive management: low risk continuously for 3 years or more. */
export function reactiveManagementEligibility(
  history: readonly RiskPeriod[],
  today: IsoDate,
): { status: EligibilityStatus; eligibleFrom: IsoDate | null; reasons: Reason[] } {
  const sorted = [...history].filter((h) => h.from <= today).sort((a, b) => (a.from < b.from ? -1 : 1))
  const current = sorted[sorted.length - 1]
  if (!current)
    return {
      status: 'needs_review',
      eligibleFrom: null,
      reasons: [reason('No RoSH assessment recorded.', REF.reactive)],
    }
  if (current.rosh !== 'low')
    return {
      status: 'not_eligible',
      eligibleFrom: null,
      reasons: [
        reason(
          `Current RoSH is ${current.rosh.replace('_', ' ')}; reactive management needs low risk for 3 years.`,
          REF.reactive,
        ),
      ],
    }
  // Start of the current unbroken run of low assessments.
  let start = current.from
  for (let i = sorted.length - 2; i >= 0 && sorted[i]?.rosh === 'low'; i -= 1)
    start = sorted[i]?.from ?? start
  const eligibleFrom = addDuration(start, REACTIVE_AFTER)
  const eligible = eligibleFrom <= today
  return {
    status: eligible ? 'eligible' : 'not_eligible',
    eligibleFrom,
    reasons: [
      reason(`Low risk since ${start}; reactive management possible from ${eligibleFrom}.`, REF.reactive),
    ],
  }
}

export const reviewRules: RuleMeta[] = [
  {
    id: 'reviews.level',
    area: 'Reviews and visits',
    title: 'Level reviews',
    description:
      'Level 2 cases are reviewed at least every 16 weeks and Level 3 cases at least every 8 weeks (configurable defaults), or sooner if the meeting set an earlier date. Level 1 has no MAPPA review meeting.',
    references: [REF.levels],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'unconfirmed',
    configKey: 'levelReviewInterval',
  },
  {
    id: 'reviews.home-visit',
    area: 'Reviews and visits',
    title: 'Home visits to registered sexual offenders',
    description:
      'Visit frequency follows RoSH, not MAPPA level. Defaults (the former national minima): very high every month, high every 3 months, medium every 6 months, low every 12 months. The risk management plan may set its own interval, which then applies.',
    references: [REF.homeVisits],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'unconfirmed',
    configKey: 'homeVisitInterval',
  },
  {
    id: 'reviews.reactive',
    area: 'Reviews and visits',
    title: 'Reactive management',
    description:
      'A registered sexual offender assessed as low risk continuously for 3 years or more may move to reactive management: no routine visits, annual notification continues, reinstated on new information.',
    references: [REF.reactive],
    effectiveFrom: RULES_EFFECTIVE_FROM,
    confidence: 'confirmed',
  },
]
