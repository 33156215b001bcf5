import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ConditionSyntaxError,
  conditionToString,
  evaluateCondition,
  parseCondition,
  tokenizeCondition,
  type ConditionFacts,
} from './condition.js'
import { span } from './span.js'
import { loadOffences } from './test-support.js'

const facts = (over: Partial<ConditionFacts> = {}): ConditionFacts => ({
  offenderAge: 25,
  victimAge: { exact: 15 },
  imprisonment: { kind: 'none' },
  hospital: false,
  hospitalRestriction: false,
  community: 'none',
  convictionDate: '2021-05-10',
  sentenceDate: '2021-05-10',
  sexualGratification: null,
  ...over,
})
const term = (months: number) => ({
  kind: 'term' as const,
  min: span({ months }),
  max: span({ months }),
  notes: [],
})
const SEXUAL_ASSAULT =
  '(offender_under:18 and custody_months:12) or (offender_min_age:18 and (victim_under:18 or custody_any or hospital or community_months:12))'

describe('Schedule 3 condition grammar (offences.md section 2)', () => {
  it('tokenizes atoms, keywords and parentheses', () => {
    expect(tokenizeCondition('(a and b:1) or c').map((t) => t.type)).toEqual([
      'lparen',
      'atom',
      'and',
      'atom',
      'rparen',
      'or',
      'atom',
    ])
  })

  it('parses every condition in the catalogue and round-trips it', () => {
    const conditions = loadOffences()
      .map((o) => o.sched3Condition)
      .filter((c): c is string => c !== null)
    expect(conditions.length).toBeGreaterThan(50)
    for (const c of conditions) {
      const ast = parseCondition(c)
      expect(parseCondition(conditionToString(ast))).toEqual(ast)
    }
  })

  it('and binds tighter than or', () => {
    expect(parseCondition('always or hospital and custody_any')).toEqual(
      parseCondition('always or (hospital and custody_any)'),
    )
  })

  it.each([
    'custody_months',
    'victim_under:x',
    'and always',
    '(always',
    'always)',
    'always hospital',
    'foo',
    'always & hospital',
  ])('rejects “%s”', (source) => {
    expect(() => parseCondition(source)).toThrow(ConditionSyntaxError)
  })
})

describe('evaluation, ages at the time of the offence (Sch.3 para 95)', () => {
  it.each([
    ['always', facts(), true],
    ['victim_under:18', facts({ victimAge: { exact: 17 } }), true],
    ['victim_under:18', facts({ victimAge: { exact: 18 } }), false],
    ['victim_under:18', facts({ victimAge: null }), 'unknown'],
    ['victim_under:16', facts({ victimAge: { under: 13 } }), true],
    ['victim_under:13', facts({ victimAge: { under: 16 } }), 'unknown'],
    ['offender_min_age:20', facts({ offenderAge: 19 }), false],
    ['offender_under:18', facts({ offenderAge: null }), 'unknown'],
    ['custody_months:12', facts({ imprisonment: term(12) }), true],
    ['custody_months:12', facts({ imprisonment: term(11) }), false],
    [
      'custody_months:12',
      facts({ imprisonment: { kind: 'term', min: span({}), max: null, notes: [] } }),
      'unknown',
    ],
    ['custody_any', facts({ imprisonment: { kind: 'life' } }), true],
    ['community_months:12', facts({ community: { min: span({}), max: null } }), 'unknown'],
    ['convicted_before:2004-05-01', facts(), false],
    ['purpose:sexual_gratification', facts(), 'unknown'],
    // Sexual assault pattern: adult offender, child victim, fine → notifiable.
    [SEXUAL_ASSAULT, facts(), true],
    // Under 18 with 11 months custody → not notifiable.
    [SEXUAL_ASSAULT, facts({ offenderAge: 17, imprisonment: term(11) }), false],
    // Adult, victim age unknown, fine → unknown (never false).
    [SEXUAL_ASSAULT, facts({ victimAge: null }), 'unknown'],
    // Adult, victim age unknown but custody → true regardless.
    [SEXUAL_ASSAULT, facts({ victimAge: null, imprisonment: term(2) }), true],
  ])('%s with %o → %s', (source, f, expected) => {
    expect(evaluateCondition(parseCondition(source), f).value).toBe(expected)
  })

  it('property: adding a known fact never turns true into false (unknown only widens)', () => {
    const cond = parseCondition(SEXUAL_ASSAULT)
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 80 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 60 }),
        (age, victim, months) => {
          const known = evaluateCondition(
            cond,
            facts({ offenderAge: age, victimAge: { exact: victim }, imprisonment: term(months) }),
          ).value
          const partial = evaluateCondition(
            cond,
            facts({ offenderAge: age, victimAge: null, imprisonment: term(months) }),
          ).value
          return partial === 'unknown' || partial === known
        },
      ),
    )
  })
})
