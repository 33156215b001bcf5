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
  /** Date the engine applies the rule from: its commencement where reliably known, otherwise RULES_EFFECTIVE_FROM. */
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

/** A Markdown table laid out as Prettier lays it out, so docs/rules.md stays format-stable. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (s: string) => [...s].length
  const widths = headers.map((h, i) => Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? ''))))
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - width(c))).join(' | ')} |`
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}
