import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type RiskBand,
  RISK_REF,
  compareBands,
  ospDcBand,
  ospIicBand,
  rm2000Band,
  roshReasons,
  rsrBand,
} from './bands.js'

// Every table below is MAPPA rules reference §5 ("Risk assessment vocabulary"), row by row.

describe('RSR % bands (rules reference §5: Low ≤ 3.0, Medium > 3.0 and < 6.9, High ≥ 6.9)', () => {
  it.each<[number, RiskBand]>([
    [0, 'low'],
    [2.99, 'low'],
    [3.0, 'low'],
    [3.01, 'medium'],
    [5, 'medium'],
    [6.89, 'medium'],
    [6.9, 'high'],
    [6.91, 'high'],
    [100, 'high'],
  ])('%s%% is %s', (percent, band) => {
    const result = rsrBand(percent)
    expect(result.band).toBe(band)
    expect(result.reasons[0]?.reference).toBe(RISK_REF.rsr)
  })

  it.each([-0.1, 100.1, Number.NaN])('refuses %s', (percent) => {
    expect(() => rsrBand(percent)).toThrow(RangeError)
  })

  it('is monotonic in the percentage', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a]
          expect(compareBands(rsrBand(lo).band, rsrBand(hi).band)).toBeLessThanOrEqual(0)
        },
      ),
    )
  })
})

describe('OSP/DC bands (rules reference §5: 0 n/a, 1–21 Low, 22–29 Medium, 30–35 High, 36+ Very High)', () => {
  it.each<[number, RiskBand]>([
    [0, 'not_applicable'],
    [1, 'low'],
    [21, 'low'],
    [22, 'medium'],
    [29, 'medium'],
    [30, 'high'],
    [35, 'high'],
    [36, 'very_high'],
    [64, 'very_high'],
  ])('score %s is %s', (score, band) => {
    const result = ospDcBand(score)
    expect(result.band).toBe(band)
    expect(result.reasons[0]?.reference).toBe(RISK_REF.ospDc)
  })

  it('explains the band with its range', () => {
    expect(ospDcBand(25).reasons[0]?.text).toBe('OSP/DC score 25: a score of 22–29 is medium.')
    expect(ospDcBand(40).reasons[0]?.text).toBe('OSP/DC score 40: a score of 36 or more is very high.')
    expect(ospDcBand(0).reasons[0]?.text).toBe('OSP/DC score 0: a score of 0 is not applicable.')
  })

  it.each([-1, 65, 2.5])('refuses %s', (score) => {
    expect(() => ospDcBand(score)).toThrow(RangeError)
  })

  it('is monotonic in the score', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 64 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(compareBands(ospDcBand(lo).band, ospDcBand(hi).band)).toBeLessThanOrEqual(0)
      }),
    )
  })
})

describe('OSP/IIC bands (rules reference §5: 2+ image sanctions Very High; 1 High; 2+ child-contact Medium; else Low)', () => {
  it.each<[number, number, RiskBand]>([
    [2, 0, 'very_high'],
    [5, 3, 'very_high'],
    [1, 0, 'high'],
    [1, 4, 'high'],
    [0, 2, 'medium'],
    [0, 7, 'medium'],
    [0, 1, 'low'],
    [0, 0, 'low'],
  ])('%s image and %s child-contact sanctions is %s', (imageSanctions, childContactSanctions, band) => {
    const result = ospIicBand({ imageSanctions, childContactSanctions })
    expect(result.band).toBe(band)
    expect(result.reasons[0]?.reference).toBe(RISK_REF.ospIic)
  })

  it('refuses negative or fractional counts', () => {
    expect(() => ospIicBand({ imageSanctions: -1, childContactSanctions: 0 })).toThrow(RangeError)
    expect(() => ospIicBand({ imageSanctions: 0, childContactSanctions: 1.5 })).toThrow(RangeError)
  })

  it('is monotonic in each count', () => {
    const count = fc.integer({ min: 0, max: 20 })
    fc.assert(
      fc.property(count, count, count, count, (i1, i2, c1, c2) => {
        const band = (i: number, c: number) =>
          ospIicBand({ imageSanctions: i, childContactSanctions: c }).band
        expect(compareBands(band(Math.min(i1, i2), c1), band(Math.max(i1, i2), c1))).toBeLessThanOrEqual(0)
        expect(compareBands(band(i1, Math.min(c1, c2)), band(i1, Math.max(c1, c2)))).toBeLessThanOrEqual(0)
      }),
    )
  })
})

describe('RM2000 categories (rules reference §5: /S, /V, /C, Low to Very High)', () => {
  it('gives the highest category given, with a reason for each scale', () => {
    const result = rm2000Band({ sexual: 'medium', violent: 'high' })
    expect(result.band).toBe('high')
    expect(result.reasons.map((r) => r.text)).toEqual([
      'RM2000/S (sexual): medium.',
      'RM2000/V (violent): high.',
    ])
    expect(result.reasons[0]?.reference).toBe(RISK_REF.rm2000)
  })

  it('needs at least one scale', () => {
    expect(() => rm2000Band({})).toThrow(RangeError)
  })
})

describe('OASys RoSH (rules reference §5: rated per group and overall; prisoners only in custody)', () => {
  it('says the overall level is the assessor’s rating and whether prisoners are rated', () => {
    const community = roshReasons({ overall: 'high', children: 'high', public: 'medium' }, false)
    expect(community[0]?.text).toBe(
      'Overall RoSH high, as the assessor rated it (children high, public medium).',
    )
    expect(community[1]?.text).toMatch(/rated only in custody/)
    expect(roshReasons({ overall: 'low', prisoners: 'low' }, true)[1]?.text).toMatch(/in custody/)
  })
})
