import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { assessEligibility } from './category.js'
import { DEFAULT_RULES_CONFIG, rulesConfig } from './config.js'
import { addDays } from './dates.js'
import type { Disposal } from './model.js'
import { assessNotification, notificationPeriodFor, periodToString } from './notification-period.js'
import { ADULT_DOB, conviction, line, SEXUAL_ASSAULT } from './fixtures.test-support.js'
import { catalogue } from './test-support.js'

const cfg = DEFAULT_RULES_CONFIG
const DATE = '2021-05-10'

function period(
  disposal: Disposal,
  dob: string | null = ADULT_DOB,
  date = DATE,
  config = cfg,
): string | null {
  const p = notificationPeriodFor(conviction(date, [line(SEXUAL_ASSAULT, disposal)]), 0, dob, config)
  return p.min === p.max || JSON.stringify(p.min) === JSON.stringify(p.max) ? periodToString(p.min) : 'range'
}

describe('SOA 2003 s.82(1) notification period table', () => {
  it.each<[string, Disposal, string | null]>([
    ['life → indefinite', { type: 'life' }, 'indefinite'],
    ['IPP/indeterminate → indefinite', { type: 'indeterminate' }, 'indefinite'],
    ['exactly 30 months → indefinite', { type: 'custody', months: 30 }, 'indefinite'],
    ['29 months → 10 years', { type: 'custody', months: 29 }, 'P10Y'],
    ['7 months → 10 years (more than 6)', { type: 'custody', months: 7 }, 'P10Y'],
    ['exactly 6 months → 7 years (6 months or less)', { type: 'custody', months: 6 }, 'P7Y'],
    [
      '26 weeks → 7 years (shorter than 6 calendar months from the sentence date)',
      { type: 'custody', weeks: 26 },
      'P7Y',
    ],
    ['6 months and 1 day → 10 years', { type: 'custody', months: 6, days: 1 }, 'P10Y'],
    ['hospital order with restriction → indefinite', { type: 'hospital_order_restricted' }, 'indefinite'],
    ['hospital order without restriction → 7 years', { type: 'hospital_order' }, 'P7Y'],
    [
      'conditional discharge of 18 months → its period',
      { type: 'conditional_discharge', months: 18 },
      'P1Y6M',
    ],
    ['fine → 5 years (any other description)', { type: 'fine' }, 'P5Y'],
    ['community order → 5 years', { type: 'community_order', months: 12 }, 'P5Y'],
    ['guardianship order → 5 years', { type: 'guardianship_order' }, 'P5Y'],
    [
      'suspended sentence of 6 months → 7 years (CJA 2003 s.189(6))',
      { type: 'suspended_sentence', months: 6 },
      'P7Y',
    ],
    [
      'suspended sentence of 18 months → 10 years (CJA 2003 s.189(6))',
      { type: 'suspended_sentence', months: 18 },
      'P10Y',
    ],
    ['custody, length missing → range (needs review)', { type: 'custody' }, 'range'],
  ])('%s', (_name, disposal, expected) => {
    expect(period(disposal)).toBe(expected)
  })

  it('a caution gives 2 years, 1 year under 18 (s.82(1)-(2))', () => {
    const caution = (dob: string) =>
      notificationPeriodFor(
        { date: DATE, type: 'caution', offences: [line(SEXUAL_ASSAULT, { type: 'caution' })] },
        0,
        dob,
        cfg,
      )
    expect(periodToString(caution(ADULT_DOB).min)).toBe('P2Y')
    expect(periodToString(caution('2005-01-01').min)).toBe('P1Y')
  })

  it('10 years beginning with 2021-05-10 has endDate 2031-05-09', () => {
    const p = notificationPeriodFor(
      conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'custody', months: 18 })]),
      0,
      ADULT_DOB,
      cfg,
    )
    expect(p.endDate).toBe('2031-05-09')
  })
})

describe('SOA 2003 s.82(2) halving for under-18s on the relevant date', () => {
  const YOUTH = '2005-01-01' // 16 on 2021-05-10
  it.each<[Disposal, string]>([
    [{ type: 'custody', months: 18 }, 'P5Y'],
    [{ type: 'custody', months: 6 }, 'P3Y6M'],
    [{ type: 'fine' }, 'P2Y6M'],
    [{ type: 'hospital_order' }, 'P3Y6M'],
    [{ type: 'custody', months: 30 }, 'indefinite'],
  ])('%o → %s', (disposal, expected) => {
    expect(period(disposal, YOUTH)).toBe(expected)
  })

  it('conditional discharge of 18 months for a 16-year-old is not halved: P1Y6M', () => {
    expect(period({ type: 'conditional_discharge', months: 18 }, YOUTH)).toBe('P1Y6M')
  })

  it('date of birth unknown → the period is a range (needs review)', () => {
    expect(period({ type: 'custody', months: 18 }, null)).toBe('range')
  })

  it('DTO counts by its detention half for notification (SOA 2003 s.131(a), configurable)', () => {
    expect(period({ type: 'detention_training_order', months: 24 }, YOUTH)).toBe('P5Y') // 12 months → 10y halved
    expect(period({ type: 'detention_training_order', months: 12 }, YOUTH)).toBe('P3Y6M') // 6 months → 7y halved
    const full = rulesConfig({ detentionTrainingOrder: { term: 'full_term' } })
    expect(period({ type: 'detention_training_order', months: 12 }, YOUTH, DATE, full)).toBe('P5Y')
  })

  const months = fc.integer({ min: 0, max: 60 })
  it('property: a person under 18 never gets a longer period than an adult, and fixed periods are exactly halved', () => {
    fc.assert(
      fc.property(
        months,
        fc.constantFrom<Disposal['type']>('custody', 'fine', 'hospital_order', 'suspended_sentence'),
        (m, type) => {
          const adult = notificationPeriodFor(
            conviction(DATE, [line(SEXUAL_ASSAULT, { type, months: m })]),
            0,
            ADULT_DOB,
            cfg,
          )
          const youth = notificationPeriodFor(
            conviction(DATE, [line(SEXUAL_ASSAULT, { type, months: m })]),
            0,
            '2005-01-01',
            cfg,
          )
          if (adult.min === 'indefinite') return youth.min === 'indefinite'
          if (typeof adult.min === 'string' || typeof youth.min === 'string') return false
          return youth.min.months * 2 === adult.min.months + adult.min.years * 12
        },
      ),
    )
  })
})

describe('monotonic in custody length (s.82(1))', () => {
  const end = (m: number) =>
    notificationPeriodFor(
      conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'custody', months: m })]),
      0,
      ADULT_DOB,
      cfg,
    ).endDate
  it('property: a longer custodial term never gives a shorter notification period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a]
        const es = end(short)
        const el = end(long)
        return el === null || (es !== null && es <= el)
      }),
    )
  })

  it('property: endDate is never before startDate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20000 }),
        fc.integer({ min: 0, max: 29 }),
        fc.boolean(),
        (n, m, young) => {
          const date = addDays('2004-06-01', n)
          const c = conviction(date, [
            line(SEXUAL_ASSAULT, { type: 'custody', months: m }, { offenceDate: date }),
          ])
          const p = notificationPeriodFor(c, 0, young ? addDays(date, -16 * 365) : ADULT_DOB, cfg)
          return p.endDate !== null && p.endDate >= date
        },
      ),
    )
  })
})

describe('SOA 2003 s.82(3)-(4) consecutive and partly concurrent terms', () => {
  it('two consecutive 18-month Sch.3 terms make 36 months → indefinite', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [
        conviction(DATE, [
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18 }),
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18, consecutive: true }),
        ]),
      ],
      catalogue(),
      cfg,
    )
    expect(r.notification?.period).toBe('indefinite')
  })

  it('two concurrent 18-month terms stay at 10 years', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [
        conviction(DATE, [
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18 }),
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18 }),
        ]),
      ],
      catalogue(),
      cfg,
    )
    expect(r.notification).toMatchObject({ period: 'P10Y', endDate: '2031-05-09' })
  })

  it('partly concurrent: 18 + 18 − 7 months overlap = 29 months → 10 years', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [
        conviction(DATE, [
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18 }),
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18, overlap: { months: 7 } }),
        ]),
      ],
      catalogue(),
      cfg,
    )
    expect(r.notification?.period).toBe('P10Y')
  })

  it('a consecutive term for a non-Schedule 3 offence is not added', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [
        conviction(DATE, [
          line(SEXUAL_ASSAULT, { type: 'custody', months: 18 }),
          line('oapa1861-s47-abh', { type: 'custody', months: 18, consecutive: true }),
        ]),
      ],
      catalogue(),
      cfg,
    )
    expect(r.notification?.period).toBe('P10Y')
  })
})

describe('never shorter for a longer custody term (s.82(1), (3)-(4))', () => {
  const endOf = (terms: number[]) => {
    const lines = terms.map((m, i) =>
      line(SEXUAL_ASSAULT, { type: 'custody', months: m, consecutive: i > 0 }),
    )
    const r = assessEligibility({ dateOfBirth: ADULT_DOB }, [conviction(DATE, lines)], catalogue(), cfg)
    return r.notification?.period === 'indefinite' ? null : (r.notification?.endDate ?? '0000-00-00')
  }
  it('property: adding a consecutive Schedule 3 term never shortens the period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 12, max: 40 }), fc.integer({ min: 1, max: 40 }), (a, b) => {
        const single = endOf([a])
        const both = endOf([a, b])
        return both === null || (single !== null && single <= both)
      }),
      { numRuns: 60 },
    )
  })
})

describe('Schedule 3 boundaries (Sch.3 para 95; s.82(2))', () => {
  it('17 at the offence but 18 at conviction: condition uses 17, halving uses 18', () => {
    const dob = '2002-09-01' // 17 on 2020-06-01, 18 on 2021-05-10
    const with12 = assessEligibility(
      { dateOfBirth: dob },
      [conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'custody', months: 12 })])],
      catalogue(),
      cfg,
    )
    expect(with12).toMatchObject({ status: 'eligible', category: 1, notification: { period: 'P10Y' } })
    // Under 18 at the offence, so the under-18 limb needs 12 months custody: 8 months is not enough.
    const with8 = assessEligibility(
      { dateOfBirth: dob },
      [conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'custody', months: 8 })])],
      catalogue(),
      cfg,
    )
    expect(with8.category).not.toBe(1)
    expect(with8.notification).toBeNull()
  })

  it('unknown victim age with a fine → needs review, never not eligible', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'fine' }, { victimAge: undefined })])],
      catalogue(),
      cfg,
    )
    expect(r.status).toBe('needs_review')
    expect(r.reasons.some((x) => x.text.includes('victim’s age not recorded'))).toBe(true)
  })

  it('victim recorded only as “under 13” satisfies victim_under:18', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [
        conviction(DATE, [
          line(SEXUAL_ASSAULT, { type: 'fine' }, { victimAge: undefined, victimAgeUnder: 13 }),
        ]),
      ],
      catalogue(),
      cfg,
    )
    expect(r).toMatchObject({
      status: 'eligible',
      category: 1,
      notification: { period: 'P5Y', endDate: '2026-05-09' },
    })
  })

  it('an offence date range straddling the 18th birthday that matters → needs review', () => {
    const dob = '2002-03-01'
    const l = line(
      SEXUAL_ASSAULT,
      { type: 'custody', months: 8 },
      { offenceDate: undefined, offenceDateFrom: '2020-01-01', offenceDateTo: '2020-06-01' },
    )
    const r = assessEligibility({ dateOfBirth: dob }, [conviction(DATE, [l])], catalogue(), cfg)
    expect(r.status).toBe('needs_review')
    expect(r.reasons.some((x) => x.text.includes('could mean ages 17, 18'))).toBe(true)
  })

  it('a straddling range that does not change the answer is decided', () => {
    const dob = '2002-03-01'
    const l = line(
      SEXUAL_ASSAULT,
      { type: 'custody', months: 14 },
      { offenceDate: undefined, offenceDateFrom: '2020-01-01', offenceDateTo: '2020-06-01' },
    )
    expect(assessEligibility({ dateOfBirth: dob }, [conviction(DATE, [l])], catalogue(), cfg).status).toBe(
      'eligible',
    )
  })

  it('absolute discharge on conviction gives no notification (Sentencing Act 2020 s.82(2); SOA 2003 s.134)', () => {
    const r = assessNotification(
      { dateOfBirth: ADULT_DOB },
      [conviction(DATE, [line('soa2003-s1-rape', { type: 'absolute_discharge' })])],
      catalogue(),
      cfg,
    )
    expect(r.subject).toBe(false)
  })
})

describe('across convictions and orders', () => {
  it('the latest end applies across convictions', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [
        conviction('2015-01-10', [line(SEXUAL_ASSAULT, { type: 'custody', months: 18 })]),
        conviction('2020-03-01', [line(SEXUAL_ASSAULT, { type: 'fine' })]),
      ],
      catalogue(),
      cfg,
    )
    // 10 years from 2015 ends 2025-01-09; 5 years from 2020 ends later, on 2025-02-28.
    expect(r.notification).toMatchObject({ period: 'P5Y', startDate: '2020-03-01', endDate: '2025-02-28' })
  })

  it('with today: an ended period no longer gives Category 1', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [conviction('2010-01-10', [line(SEXUAL_ASSAULT, { type: 'fine' })])],
      catalogue(),
      cfg,
      '2024-01-01',
    )
    expect(r).toMatchObject({ status: 'not_eligible', category: null, notification: null })
    expect(r.reasons.some((x) => x.text.includes('ended on 2015-01-09'))).toBe(true)
  })

  it('an SHPO gives notification for its duration (SOA 2003 s.103G)', () => {
    const r = assessEligibility(
      { orders: [{ type: 'shpo', madeOn: '2020-01-01', endDate: '2026-12-31' }] },
      [],
      catalogue(),
      cfg,
      '2024-01-01',
    )
    expect(r).toMatchObject({
      status: 'eligible',
      category: 1,
      notification: { period: 'P7Y', startDate: '2020-01-01', endDate: '2026-12-31' },
    })
  })

  it('an overseas conviction needs a notification order (SOA 2003 s.97)', () => {
    const c = conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'custody', months: 18 })], { court: 'overseas' })
    expect(assessEligibility({ dateOfBirth: ADULT_DOB }, [c], catalogue(), cfg).status).toBe('not_eligible')
    const withOrder = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [{ ...c, notificationOrderDate: '2022-01-01' }],
      catalogue(),
      cfg,
    )
    expect(withOrder).toMatchObject({ category: 1, notification: { period: 'P10Y' } })
  })
})

describe('indefinite review (SOA 2003 ss.91A-91F)', () => {
  const indefinite = () => [
    conviction('2005-03-01', [
      line(SEXUAL_ASSAULT, { type: 'custody', months: 48, releaseDate: '2007-03-01' }),
    ]),
  ]
  it('15 years after the first notification following release', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB, notifications: ['2007-03-02', '2008-03-01'] },
      indefinite(),
      catalogue(),
      cfg,
    )
    expect(r.notification).toMatchObject({ period: 'indefinite', endDate: null, reviewFrom: '2022-03-02' })
  })

  it('8 years if under 18 on the relevant date', () => {
    const r = assessEligibility(
      { dateOfBirth: '1988-06-01', notifications: ['2007-03-02'] },
      indefinite(),
      catalogue(),
      cfg,
    )
    expect(r.notification?.reviewFrom).toBe('2015-03-02')
  })

  it('8 years after a refusal, and not while an SHPO is in force', () => {
    const r = assessEligibility(
      {
        dateOfBirth: ADULT_DOB,
        notifications: ['2007-03-02'],
        indefiniteReviewRefusals: [{ decidedOn: '2022-06-01' }],
        orders: [{ type: 'shpo', madeOn: '2021-01-01', endDate: '2031-12-31' }],
      },
      indefinite(),
      catalogue(),
      cfg,
    )
    expect(r.notification?.reviewFrom).toBe('2032-01-01')
  })

  it('no release date → reviewFrom null with a reason', () => {
    const r = assessEligibility(
      { dateOfBirth: ADULT_DOB },
      [conviction(DATE, [line(SEXUAL_ASSAULT, { type: 'life' })])],
      catalogue(),
      cfg,
    )
    expect(r.notification?.reviewFrom).toBeNull()
    expect(r.reasons.some((x) => x.text.includes('needs the release date'))).toBe(true)
  })
})
