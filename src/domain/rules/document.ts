import { ALL_RULES } from './catalogue-rules.js'
import { DEFAULT_RULES_CONFIG } from './config.js'
import { markdownTable, RULE_AREAS, type Confidence, type RuleMeta } from './meta.js'
import { RULES_EFFECTIVE_FROM, RULES_VERSION } from './version.js'
import { BANK_HOLIDAY_CHANGES } from './working-days.js'

const CONFIDENCE: Record<Confidence, string> = {
  confirmed: 'Confirmed in a public source.',
  recalled: 'Widely recalled; not yet seen in a source.',
  unconfirmed: '**⚠ Unconfirmed** — a configurable default until checked against the source.',
}

function configValue(path: string): string {
  let value: unknown = DEFAULT_RULES_CONFIG
  for (const part of path.split('.')) value = (value as Record<string, unknown>)[part]
  return '`' + JSON.stringify(value) + '`'
}

function renderRule(rule: RuleMeta): string[] {
  const lines = [
    `### ${rule.title}${rule.confidence === 'unconfirmed' ? ' ⚠' : ''}`,
    '',
    rule.description,
    '',
  ]
  lines.push(`- References: ${rule.references.join('; ')}`)
  lines.push(`- Applies from: ${rule.effectiveFrom}`)
  lines.push(`- Status: ${CONFIDENCE[rule.confidence]}`)
  if (rule.configKey)
    lines.push(`- Configurable: \`${rule.configKey}\`, default ${configValue(rule.configKey)}`)
  lines.push(`- Rule id: \`${rule.id}\``, '')
  return lines
}

/** docs/rules.md, generated from the rules' own metadata so the two cannot drift. */
export function renderRulesDocument(): string {
  const out: string[] = [
    '# MAPPA rules',
    '',
    '<!-- Generated from src/domain/rules (renderRulesDocument). Do not edit by hand: change the rule metadata and re-render. -->',
    '',
    `Rules version **${RULES_VERSION}**, in effect from ${RULES_EFFECTIVE_FROM}. Every decision records this version and its inputs.`,
    '',
    'Each decision the service makes comes with its reasons and the statute or guidance behind each. When a fact a rule needs is missing, the answer is **needs review**, naming the missing fact — never “not eligible”. Rules marked **⚠ Unconfirmed** use configurable defaults that must be checked against the source before they are relied on.',
    '',
    '## Contents',
    '',
    ...RULE_AREAS.map((area) => `- ${area}`),
    '',
  ]
  for (const area of RULE_AREAS) {
    out.push(`## ${area}`, '')
    for (const rule of ALL_RULES.filter((r) => r.area === area)) out.push(...renderRule(rule))
    if (area === 'Dates and working days') {
      const rows = BANK_HOLIDAY_CHANGES.flatMap((c) => [
        ...(c.moved ? [[String(c.year), `${c.moved.name} moved from ${c.moved.from} to ${c.moved.to}`]] : []),
        ...(c.extra ? [[String(c.year), `Extra: ${c.extra.name}, ${c.extra.date}`]] : []),
      ])
      out.push('#### One-off bank holiday changes', '', markdownTable(['Year', 'Change'], rows), '')
    }
  }
  const stray = ALL_RULES.filter((r) => !(RULE_AREAS as readonly string[]).includes(r.area))
  if (stray.length) throw new Error(`Rules with unknown areas: ${stray.map((r) => r.id).join(', ')}`)
  const defaults = Object.entries(DEFAULT_RULES_CONFIG).map(([key, value]) => [
    '`' + key + '`',
    '`' + JSON.stringify(value) + '`',
  ])
  out.push('## Configurable defaults', '', markdownTable(['Setting', 'Default'], defaults), '')
  return out.join('\n')
}
