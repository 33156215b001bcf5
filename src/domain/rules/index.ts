// Public API of the statutory rules core. Pure: no I/O, no clock — "today" is always passed in.
export {
  RULES_VERSION,
  RULES_EFFECTIVE_FROM,
  recordDecision,
  compareDecisions,
  stableJson,
} from './version.js'
export type { DecisionRecord, DecisionChange } from './version.js'
export { reason, triAnd, triOr } from './reason.js'
export type { Reason, Tri } from './reason.js'
export { DEFAULT_RULES_CONFIG, rulesConfig } from './config.js'
export type { RulesConfig, RoshLevel, DeepPartial } from './config.js'
export { isIsoDate, ageOn, addDays, addDuration, lastDayOfPeriod } from './dates.js'
export type { IsoDate } from './dates.js'
export type { Span, Length } from './span.js'
export { DUE_KINDS, dueItem } from './due.js'
export type { DueItem, DueKind, DueStatus } from './due.js'
export type { RuleMeta, Confidence } from './meta.js'
export { ALL_RULES } from './catalogue-rules.js'
export { renderRulesDocument } from './document.js'

// Convictions and disposals
export { DISPOSAL_TYPES, OUTCOME_TYPES, JURISDICTIONS, catalogueOf, validateConviction } from './model.js'
export type {
  Conviction,
  OffenceLine,
  Disposal,
  DisposalType,
  OutcomeType,
  Jurisdiction,
  OffenceCatalogue,
  ValidationIssue,
} from './model.js'
export { offenderAgesAtOffence, ageOnRelevantDate } from './ages.js'

// Schedule 3 conditions
export {
  tokenizeCondition,
  parseCondition,
  evaluateCondition,
  conditionToString,
  ConditionSyntaxError,
} from './condition.js'
export type { Condition, Atom, Token, ConditionFacts, ConditionResult } from './condition.js'
export { assessSchedule3 } from './schedule3.js'

// Category and notification period
export { assessEligibility, decideCategory, assessCategory2Line } from './category.js'
export type { EligibilityResult, EligibilityStatus, CategoryDecision, LineAssessment } from './category.js'
export { assessNotification, notificationPeriodFor, periodToString } from './notification-period.js'
export type {
  PersonRecord,
  NotificationSummary,
  NotificationSource,
  NotificationAssessment,
  PeriodValue,
} from './notification-period.js'

// Deadlines, end of category, reviews
export {
  notificationDueItems,
  daysBeginningWithDisregarding,
  qualifyingStayDate,
} from './notification-deadlines.js'
export type {
  NotificationHistory,
  Absence,
  AbsenceKind,
  ChangeEvent,
  AdvanceNotice,
  Stay,
  TravelPlan,
  HouseholdStay,
} from './notification-deadlines.js'
export { checkDeregistration } from './deregistration.js'
export type { Registration, DeregistrationCheck } from './deregistration.js'
export { nextLevelReview, nextHomeVisit, reactiveManagementEligibility } from './reviews.js'
export type { MappaLevel, LevelReviewInput, HomeVisitInput, RiskPeriod, DueDecision } from './reviews.js'

// Working days, orders, victims, disclosure, serious case reviews
export {
  bankHolidays,
  isBankHoliday,
  isWorkingDay,
  addWorkingDays,
  easterSunday,
  BANK_HOLIDAY_CHANGES,
} from './working-days.js'
export type { BankHoliday } from './working-days.js'
export { validateOrder, ORDER_TYPES, NOTIFYING_ORDERS } from './orders.js'
export type { CourtOrder, OrderType, OrderValidation } from './orders.js'
export { victimContactEligibility, victimContactDueItems } from './victims.js'
export type { VictimContactCase } from './victims.js'
export { claresLawDueItems, sarahsLawDueItems } from './disclosure.js'
export type { ClaresLawApplication, SarahsLawApplication } from './disclosure.js'
export { seriousCaseReviewTrigger, seriousChargeOf, SERIOUS_CHARGES } from './serious-case-review.js'
export type { SeriousCharge, SeriousCaseReviewInput, LevelPeriod } from './serious-case-review.js'
