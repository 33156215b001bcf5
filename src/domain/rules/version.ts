import type { IsoDate } from './dates.js'

/** Version of the rule set. Bump whenever a rule, default or reference changes. */
export const RULES_VERSION = '2026.11.1'

/** The date this version of the rules takes effect in the service. */
export const RULES_EFFECTIVE_FROM: IsoDate = '2026-11-21'

/**
 * A stored decision: what was asked, what was answered and under which rules, so a past
 * answer can be explained and a changed answer noticed.
 */
export interface DecisionRecord<I, O> {
  kind: string
  rulesVersion: string
  decidedOn: IsoDate
  inputs: I
  output: O
}

export function recordDecision<I, O>(
  kind: string,
  inputs: I,
  output: O,
  decidedOn: IsoDate,
): DecisionRecord<I, O> {
  return { kind, rulesVersion: RULES_VERSION, decidedOn, inputs, output }
}

export interface DecisionChange {
  changed: boolean
  inputsChanged: boolean
  rulesChanged: boolean
  outputChanged: boolean
}

/** Whether a recomputed decision differs from a stored one, and why it might. */
export function compareDecisions<I, O>(
  previous: DecisionRecord<I, O>,
  current: DecisionRecord<I, O>,
): DecisionChange {
  const inputsChanged = stableJson(previous.inputs) !== stableJson(current.inputs)
  const rulesChanged = previous.rulesVersion !== current.rulesVersion
  const outputChanged = stableJson(previous.output) !== stableJson(current.output)
  return { changed: outputChanged, inputsChanged, rulesChanged, outputChanged }
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )
}
