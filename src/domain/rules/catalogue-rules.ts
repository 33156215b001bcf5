import { categoryRules } from './category.js'
import { conditionRules } from './condition.js'
import { deregistrationRules } from './deregistration.js'
import { disclosureRules } from './disclosure.js'
import type { RuleMeta } from './meta.js'
import { modelRules } from './model.js'
import { notificationDeadlineRules } from './notification-deadlines.js'
import { notificationPeriodRules } from './notification-period.js'
import { orderRules } from './orders.js'
import { reviewRules } from './reviews.js'
import { schedule3Rules } from './schedule3.js'
import { seriousCaseReviewRules } from './serious-case-review.js'
import { victimRules } from './victims.js'
import { workingDayRules } from './working-days.js'

/** Every rule's metadata, in document order within each area. */
export const ALL_RULES: readonly RuleMeta[] = [
  ...workingDayRules,
  ...modelRules,
  ...conditionRules,
  ...schedule3Rules,
  ...categoryRules,
  ...notificationPeriodRules,
  ...notificationDeadlineRules,
  ...deregistrationRules,
  ...reviewRules,
  ...orderRules,
  ...victimRules,
  ...disclosureRules,
  ...seriousCaseReviewRules,
]
