import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ALL_RULES } from './catalogue-rules.js'
import { renderRulesDocument } from './document.js'

const DOC_URL = new URL('../../../docs/rules.md', import.meta.url)

describe('docs/rules.md is generated from the rule metadata', () => {
  it('matches renderRulesDocument() exactly (re-render after changing a rule)', () => {
    expect(readFileSync(DOC_URL, 'utf8')).toBe(renderRulesDocument())
  })

  it('documents every rule once, with references and an effective date', () => {
    const ids = ALL_RULES.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of ALL_RULES) {
      expect(rule.references.length).toBeGreaterThan(0)
      expect(rule.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it('marks unconfirmed rules visibly', () => {
    const doc = renderRulesDocument()
    for (const rule of ALL_RULES.filter((r) => r.confidence === 'unconfirmed'))
      expect(doc).toContain(`### ${rule.title} ⚠`)
  })
})
