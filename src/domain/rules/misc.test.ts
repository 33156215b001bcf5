import { describe, expect, it } from 'vitest'
import { decideCategory } from './category.js'
import { DEFAULT_RULES_CONFIG, rulesConfig } from './config.js'
import { checkDeregistration } from './deregistration.js'
import { ADULT_DOB, conviction, GBH, line, SEXUAL_ASSAULT } from './fixtures.test-support.js'
import { validateConviction } from './model.js'
import { validateOrder } from './orders.js'
import { nextHomeVisit, nextLevelReview, reactiveManagementEligibility } from './reviews.js'
import { seriousCaseReviewTrigger, seriousChargeOf } from './serious-case-review.js'
import { catalogue } from './test-support.js'
import { compareDecisions, recordDecision, RULES_VERSION } from './version.js'
import { victimContactDueItems, victimContactEligibility } from './victims.js'

const cfg = DEFAULT_RULES_CONFIG

describe('de-registration flags (MAPPA Guidance ch.6)', () => {
  it('Category 2 whose licence ended is flagged, never removed', () => {
    const c = conviction('2021-05-10', [
      line(GBH, { type: 'custody', months: 24, licenceEndDate: '2023-05-09' }),
    ])
    const decision = decideCategory({ dateOfBirth: ADULT_DOB }, [c], catalogue(), cfg, '2024-01-01')
    const check = checkDeregistration(
      { subjectId: 'p1', category: 2, registeredOn: '2021-05-10' },
      decision,
      '2024-01-01',
    )
    expect(check.flag).toMatchObject({
      kind: 'deregistration_review',
      startDate: '2023-05-10',
      status: 'due',
    })
  })

  it('Category 1 whose notification ended is flagged', () => {
    const c = conviction('2010-01-10', [line(SEXUAL_ASSAULT, { type: 'fine' })])
    const decision = decideCategory({ dateOfBirth: ADULT_DOB }, [c], catalogue(), cfg, '2024-01-01')
    expect(
      checkDeregistration({ category: 1, registeredOn: '2010-01-10' }, decision, '2024-01-01').flag
        ?.startDate,
    ).toBe('2015-01-10')
  })

  it('Categories 3 and 4 are never flagged automatically', () => {
    const decision = decideCategory({}, [], catalogue(), cfg, '2024-01-01')
    expect(
      checkDeregistration({ category: 3, registeredOn: '2020-01-01' }, decision, '2024-01-01').flag,
    ).toBeNull()
  })
})

describe('reviews and visits (MAPPA Guidance ch.7; APP home visits)', () => {
  it.each([
    [2, '2024-04-22'],
    [3, '2024-02-26'],
  ] as const)('Level %i review due by default on %s', (level, due) => {
    expect(nextLevelReview({ level, lastReviewDate: '2024-01-01' }, cfg, '2024-01-02').due?.dueDate).toBe(due)
  })

  it('Level 1 has no review meeting; intervals are configurable', () => {
    expect(nextLevelReview({ level: 1, lastReviewDate: '2024-01-01' }, cfg, '2024-01-02').due).toBeNull()
    const c = rulesConfig({ levelReviewInterval: { level2: 'P12W' } })
    expect(nextLevelReview({ level: 2, lastReviewDate: '2024-01-01' }, c, '2024-01-02').due?.dueDate).toBe(
      '2024-03-25',
    )
  })

  it.each([
    ['very_high', '2024-02-15'],
    ['high', '2024-04-15'],
    ['medium', '2024-07-15'],
    ['low', '2025-01-15'],
  ] as const)('home visit for RoSH %s due %s', (rosh, due) => {
    expect(nextHomeVisit({ rosh, lastVisitDate: '2024-01-15' }, cfg, '2024-01-16').due?.dueDate).toBe(due)
  })

  it('the risk management plan overrides the default; reactive management has no routine visit', () => {
    expect(
      nextHomeVisit({ rosh: 'low', lastVisitDate: '2024-01-15', planInterval: 'P2M' }, cfg, '2024-01-16').due
        ?.dueDate,
    ).toBe('2024-03-15')
    expect(
      nextHomeVisit({ rosh: 'low', lastVisitDate: '2024-01-15', reactiveManagement: true }, cfg, '2024-01-16')
        .due,
    ).toBeNull()
  })

  it('reactive management after 3 years continuously at low risk', () => {
    const history = [
      { rosh: 'medium' as const, from: '2019-01-01' },
      { rosh: 'low' as const, from: '2020-06-01' },
      { rosh: 'low' as const, from: '2022-01-01' },
    ]
    expect(reactiveManagementEligibility(history, '2023-05-31')).toMatchObject({
      status: 'not_eligible',
      eligibleFrom: '2023-06-01',
    })
    expect(reactiveManagementEligibility(history, '2023-06-01').status).toBe('eligible')
    expect(reactiveManagementEligibility([], '2023-06-01').status).toBe('needs_review')
  })
})

describe('orders (SOA 2003 s.103C(2), s.122A(7))', () => {
  it.each([
    [{ type: 'shpo' as const, madeOn: '2020-01-10', endDate: '2025-01-09' }, true],
    [{ type: 'shpo' as const, madeOn: '2020-01-10', endDate: '2025-01-08' }, false],
    [{ type: 'shpo' as const, madeOn: '2020-01-10', endDate: null }, true],
    [{ type: 'sro' as const, madeOn: '2020-01-10', endDate: '2022-01-09' }, true],
    [{ type: 'sro' as const, madeOn: '2020-01-10', endDate: '2021-12-31' }, false],
    [{ type: 'shpo' as const, madeOn: '2014-01-10', endDate: null }, false],
    [{ type: 'sopo' as const, madeOn: '2016-01-10', endDate: null }, false],
    [
      {
        type: 'shpo' as const,
        madeOn: '2020-01-10',
        endDate: null,
        foreignTravelProhibitionEnd: '2026-01-01',
      },
      false,
    ],
  ])('%o valid: %s', (order, valid) => {
    const result = validateOrder(order)
    expect(result.valid).toBe(valid)
    for (const m of result.messages) expect(m.reference).toMatch(/SOA 2003|2014/)
  })

  it('the SHPO message cites the rule', () => {
    expect(
      validateOrder({ type: 'shpo', madeOn: '2020-01-10', endDate: '2021-01-09' }).messages[0],
    ).toMatchObject({
      reference: 'SOA 2003 s.103C(2)',
    })
  })
})

describe('Victim Contact Scheme (DVCVA 2004 s.35)', () => {
  it.each([
    [line(GBH, { type: 'custody', months: 12 }), 'eligible'],
    [line(GBH, { type: 'custody', months: 11 }), 'not_eligible'],
    [line(GBH, { type: 'hospital_order' }), 'eligible'],
    [line('soa2003-s66-exposure', { type: 'custody', months: 12 }), 'eligible'],
    [line('cda1971-s1-arson', { type: 'custody' }), 'needs_review'],
    [line('ta2006-s5-preparation-terrorist-acts', { type: 'custody', months: 24 }), 'not_eligible'],
  ])('%o → %s', (l, status) => {
    expect(victimContactEligibility(ADULT_DOB, conviction('2024-05-03', [l]), catalogue(), cfg).status).toBe(
      status,
    )
  })

  it('referral within 10 working days of sentence; VLO contact 20 working days after referral', () => {
    const items = victimContactDueItems(
      { sentenceDate: '2024-05-03', referredOn: '2024-05-10' },
      '2024-05-11',
    )
    expect(items.map((i) => [i.kind, i.dueDate, i.status])).toEqual([
      ['victim_contact_referral', '2024-05-20', 'done'],
      ['victim_liaison_contact', '2024-06-10', 'due'],
    ])
  })
})

describe('serious case review trigger (MAPPA Guidance ch.20)', () => {
  const levels = [{ level: 2 as const, from: '2023-01-01', to: '2023-06-30' }]
  it.each([
    ['2023-03-01', 'murder', true],
    ['2023-07-28', 'rape', true],
    ['2023-07-29', 'rape', false],
    ['2023-03-01', 'other', false],
  ] as const)('offence %s, charge %s → %s', (date, charge, trigger) => {
    expect(seriousCaseReviewTrigger({ levels, charge, offenceDate: date }).trigger).toBe(trigger)
  })

  it('a range that straddles the window → needs review', () => {
    expect(
      seriousCaseReviewTrigger({
        levels,
        charge: 'manslaughter',
        offenceDateFrom: '2023-07-20',
        offenceDateTo: '2023-08-10',
      }).trigger,
    ).toBe('unknown')
  })

  it('maps catalogue offences to charges', () => {
    expect(seriousChargeOf('soa2003-s1-rape', true)).toBe('attempted_rape')
    expect(seriousChargeOf('crimatt1981-s1-attempted-murder')).toBe('attempted_murder')
  })
})

describe('validation of impossible input', () => {
  it('names each problem', () => {
    const issues = validateConviction(
      conviction('2021-05-10', [
        line(SEXUAL_ASSAULT, { type: 'custody', months: -3 }, { offenceDate: '2021-06-01' }),
        { offenceId: 'no-such-offence', disposal: { type: 'fine' } },
      ]),
      catalogue(),
    )
    expect(issues.map((i) => i.path)).toEqual([
      'offences[0].offenceDate',
      'offences[0].disposal.months',
      'offences[1].offenceId',
    ])
    expect(issues[0]?.message).toContain('after the date of conviction')
  })

  it('accepts a well-formed conviction', () => {
    expect(
      validateConviction(
        conviction('2021-05-10', [line(SEXUAL_ASSAULT, { type: 'custody', months: 18 })]),
        catalogue(),
        ADULT_DOB,
      ),
    ).toEqual([])
  })
})

describe('decision records', () => {
  it('record the rules version and notice a changed answer', () => {
    const a = recordDecision('eligibility', { x: 1 }, { status: 'eligible' }, '2024-01-01')
    const b = recordDecision('eligibility', { x: 1 }, { status: 'not_eligible' }, '2024-02-01')
    expect(a.rulesVersion).toBe(RULES_VERSION)
    expect(compareDecisions(a, b)).toMatchObject({ changed: true, inputsChanged: false })
    expect(compareDecisions(a, { ...a, output: { status: 'eligible' } }).changed).toBe(false)
  })
})
