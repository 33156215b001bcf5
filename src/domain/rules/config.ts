/**
 * Values the rules reference marks as unconfirmed [U]: configurable defaults, never
 * hard-wired. Durations are ISO 8601 (`P16W`, `P1M`).
 */
export type RoshLevel = 'low' | 'medium' | 'high' | 'very_high'

export interface RulesConfig {
  /** Minimum interval between MAPPA level reviews [U]. */
  levelReviewInterval: { level2: string; level3: string }
  /** Default home visit interval by RoSH; a risk management plan may set its own [U]. */
  homeVisitInterval: Record<RoshLevel, string>
  /** Schedule 15 Part 3 (terrorism) offences: not named in s.327(3)(a), so off by default [U]. */
  sched15Part3: { category2Trigger: boolean; victimContact: boolean }
  /**
   * Direct Category 2 triggers in s.327(4A) beyond paragraph (a) (catalogue rows tagged
   * `cat2_direct` and `unconfirmed`) [U].
   */
  unconfirmedDirectTriggers: 'trigger' | 'needs_review' | 'ignore'
  /**
   * Detention and training orders for Schedule 3 conditions and the s.82 table [U].
   * s.131(a) applies Part 2 to "a period of detention which a person is liable to serve
   * under" a DTO, which is half its term (Sentencing Act 2020 s.242(2)).
   */
  detentionTrainingOrder: { countsAsImprisonment: boolean; term: 'detention_period' | 'full_term' }
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
  levelReviewInterval: { level2: 'P16W', level3: 'P8W' },
  homeVisitInterval: { very_high: 'P1M', high: 'P3M', medium: 'P6M', low: 'P12M' },
  sched15Part3: { category2Trigger: false, victimContact: false },
  unconfirmedDirectTriggers: 'needs_review',
  detentionTrainingOrder: { countsAsImprisonment: true, term: 'detention_period' },
}

/** Defaults with some values replaced (nested objects are merged one level deep). */
export function rulesConfig(overrides: DeepPartial<RulesConfig> = {}): RulesConfig {
  const d = DEFAULT_RULES_CONFIG
  return {
    levelReviewInterval: { ...d.levelReviewInterval, ...overrides.levelReviewInterval },
    homeVisitInterval: { ...d.homeVisitInterval, ...overrides.homeVisitInterval },
    sched15Part3: { ...d.sched15Part3, ...overrides.sched15Part3 },
    unconfirmedDirectTriggers: overrides.unconfirmedDirectTriggers ?? d.unconfirmedDirectTriggers,
    detentionTrainingOrder: { ...d.detentionTrainingOrder, ...overrides.detentionTrainingOrder },
  }
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] }
