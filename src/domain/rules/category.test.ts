import { describe, expect, it } from 'vitest'
import { assessEligibility, decideCategory } from './category.js'
import { DEFAULT_RULES_CONFIG, rulesConfig } from './config.js'
import type { Conviction } from './model.js'
import { ADULT_DOB, conviction, GBH, line, SEXUAL_ASSAULT } from './fixtures.test-support.js'
import { catalogue } from './test-support.js'

const cfg = DEFAULT_RULES_CONFIG
const DATE = '2021-05-10'
const decide = (convictions: Conviction[], config = cfg, today?: string) =>
  assessEligibility({ dateOfBirth: ADULT_DOB }, convictions, catalogue(), config, today)

describe('CJA 2003 s.327(3)-(4) Category 2', () => {
  it.each<[string, Conviction, 'eligible' | 'not_eligible' | 'needs_review', 1 | 2 | null]>([
    [
      's.327(3): GBH with exactly 12 months custody → Category 2',
      conviction(DATE, [line(GBH, { type: 'custody', months: 12 })]),
      'eligible',
      2,
    ],
    [
      's.327(3): GBH with 11 months custody → not eligible',
      conviction(DATE, [line(GBH, { type: 'custody', months: 11 })]),
      'not_eligible',
      null,
    ],
    [
      's.327(3)(b): 52 weeks is not 12 calendar months from the sentence date',
      conviction(DATE, [line(GBH, { type: 'custody', weeks: 52 })]),
      'not_eligible',
      null,
    ],
    [
      's.327(3)(b): hospital order qualifies',
      conviction(DATE, [line(GBH, { type: 'hospital_order' })]),
      'eligible',
      2,
    ],
    [
      's.327(3)(b): guardianship order qualifies',
      conviction(DATE, [line(GBH, { type: 'guardianship_order' })]),
      'eligible',
      2,
    ],
    [
      's.327(3)(b) with CJA 2003 s.189(6): suspended sentence of 12 months',
      conviction(DATE, [line(GBH, { type: 'suspended_sentence', months: 12 })]),
      'eligible',
      2,
    ],
    [
      's.327(3)(b): suspended sentence of 6 months does not',
      conviction(DATE, [line(GBH, { type: 'suspended_sentence', months: 6 })]),
      'not_eligible',
      null,
    ],
    ['s.327(3)(a): murder with life', conviction(DATE, [line('cl-murder', { type: 'life' })]), 'eligible', 2],
    [
      's.327(4A)(a): child abduction by a parent, 12 months',
      conviction(DATE, [line('caa1984-s1-abduction-by-parent', { type: 'custody', months: 12 })]),
      'eligible',
      2,
    ],
    [
      's.327(4A) beyond (a) is unconfirmed → needs review by default',
      conviction(DATE, [line('caa1984-s2-abduction-by-other', { type: 'custody', months: 12 })]),
      'needs_review',
      null,
    ],
    [
      's.327(3)(a): Sch.15 Part 3 is not a trigger by default',
      conviction(DATE, [line('ta2006-s5-preparation-terrorist-acts', { type: 'custody', months: 60 })]),
      'not_eligible',
      null,
    ],
    [
      's.327(3)(a): conviction in Scotland does not count',
      conviction(DATE, [line(GBH, { type: 'custody', months: 24 })], { court: 'scotland' }),
      'not_eligible',
      null,
    ],
    [
      's.327(3): custody length missing → needs review',
      conviction(DATE, [line(GBH, { type: 'custody' })]),
      'needs_review',
      null,
    ],
    [
      's.327(4): insanity finding with hospital order',
      { ...conviction(DATE, [line(GBH, { type: 'hospital_order' })]), type: 'insanity' },
      'eligible',
      2,
    ],
    [
      's.327(4): disability finding with absolute discharge',
      { ...conviction(DATE, [line(GBH, { type: 'absolute_discharge' })]), type: 'disability_finding' },
      'not_eligible',
      null,
    ],
    [
      's.327(3): a caution never qualifies',
      { date: DATE, type: 'caution', offences: [line(GBH, { type: 'caution' })] },
      'not_eligible',
      null,
    ],
    [
      's.327(3): not in the catalogue with 2 years → needs review',
      conviction(DATE, [
        {
          description: 'Something violent',
          offenceDate: '2020-01-01',
          disposal: { type: 'custody', months: 24 },
        },
      ]),
      'needs_review',
      null,
    ],
    [
      's.327(3): not in the catalogue with absolute discharge → not eligible',
      conviction(DATE, [
        { description: 'Something', offenceDate: '2020-01-01', disposal: { type: 'absolute_discharge' } },
      ]),
      'not_eligible',
      null,
    ],
  ])('%s', (_name, c, status, category) => {
    expect(decide([c])).toMatchObject({ status, category })
  })

  it('Sch.15 Part 3 becomes a trigger when configured', () => {
    const c = conviction(DATE, [
      line('ta2006-s5-preparation-terrorist-acts', { type: 'custody', months: 60 }),
    ])
    expect(decide([c], rulesConfig({ sched15Part3: { category2Trigger: true } }))).toMatchObject({
      status: 'eligible',
      category: 2,
    })
  })

  it('s.327(4A) beyond (a) can be configured as a trigger', () => {
    const c = conviction(DATE, [line('caa1984-s2-abduction-by-other', { type: 'custody', months: 12 })])
    expect(decide([c], rulesConfig({ unconfirmedDirectTriggers: 'trigger' }))).toMatchObject({
      status: 'eligible',
      category: 2,
    })
  })

  it('Category 2 ends when the licence ends (MAPPA Guidance ch.6)', () => {
    const c = conviction(DATE, [line(GBH, { type: 'custody', months: 24, licenceEndDate: '2023-05-09' })])
    expect(decide([c], cfg, '2023-05-09').category).toBe(2)
    const after = decideCategory({ dateOfBirth: ADULT_DOB }, [c], catalogue(), cfg, '2023-05-10')
    expect(after).toMatchObject({
      status: 'not_eligible',
      category: null,
      category2: { result: false, endedOn: '2023-05-09' },
    })
  })
})

describe('Category 1 before Category 2 (CJA 2003 s.327(2); MAPPA Guidance ch.6)', () => {
  it('a notifiable sexual offence with 18 months is Category 1, and every line is explained', () => {
    const d = decideCategory(
      { dateOfBirth: ADULT_DOB },
      [
        conviction(DATE, [
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18 }),
          line(GBH, { type: 'custody', months: 6 }),
        ]),
      ],
      catalogue(),
      cfg,
    )
    expect(d).toMatchObject({
      status: 'eligible',
      category: 1,
      category1: { result: true },
      category2: { result: true },
    })
    expect(d.lines.map((l) => [l.schedule3, l.category2])).toEqual([
      [true, true],
      [false, false],
    ])
    expect(d.lines[1]?.reasons.map((r) => r.text).join(' ')).toMatch(
      /not listed in Schedule 3.*does not qualify for Category 2/,
    )
  })

  it('Category 1 unknown but Category 2 certain → needs review, category 2 meanwhile', () => {
    const c = conviction(DATE, [
      line(SEXUAL_ASSAULT, { type: 'community_order' }, { victimAge: undefined }),
      line(GBH, { type: 'custody', months: 12 }),
    ])
    expect(decide([c])).toMatchObject({ status: 'needs_review', category: 2, notification: null })
  })

  it('returns exactly the API contract shape', () => {
    const r = decide([conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'custody', months: 18 })])])
    expect(Object.keys(r).sort()).toEqual(['category', 'notification', 'reasons', 'status'])
    expect(Object.keys(r.notification ?? {}).sort()).toEqual([
      'endDate',
      'period',
      'required',
      'reviewFrom',
      'startDate',
    ])
    expect(r.notification).toEqual({
      required: true,
      period: 'P10Y',
      startDate: DATE,
      endDate: '2031-05-09',
      reviewFrom: null,
    })
    for (const reason of r.reasons) expect(Object.keys(reason).sort()).toEqual(['reference', 'text'])
  })

  it('no convictions → not eligible, Categories 3 and 4 left to people', () => {
    const r = decide([])
    expect(r).toMatchObject({ status: 'not_eligible', category: null, notification: null })
    expect(r.reasons.some((x) => x.text.includes('Categories 3 and 4 are never computed'))).toBe(true)
  })
})
