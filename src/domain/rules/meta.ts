import type { IsoDate } from './dates.js'

/** How sure we are of a rule: tags from the shared rules reference. */
export type Confidence = 'confirmed' | 'recalled' | 'unconfirmed'

/** Documentation and provenance of one rule; docs/rules.md is rendered from these. */
export interface RuleMeta {
  id: string
  area: string
  title: string
  /** What the rule does, for officers (plain sentences, Markdown allowed). */
  description: string
  references: readonly string[]
  /** When the rule took effect in law or guidance (the engine applies it from then). */
  effectiveFrom: IsoDate
  confidence: Confidence
  /** Path in RulesConfig when the value is a configurable default. */
  configKey?: string
}

/** Order of areas in the rules document. */
export const RULE_AREAS = [
  'Dates and working days',
  'Convictions and disposals',
  'Schedule 3 conditions',
  'Category',
  'Notification period',
  'Notification deadlines',
  'End of category',
  'Reviews and visits',
  'Orders',
  'Victims',
  'Disclosure schemes',
  'Serious case reviews',
] as const
