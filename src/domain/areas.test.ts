import { describe, expect, it } from 'vitest'
import { AREAS, AREA_CODES, REGIONS, areaByCode, isAreaCode } from './areas.js'

const allForces = AREAS.flatMap((area) => area.policeForces)

describe('AREAS', () => {
  it('has exactly 42 areas covering the 43 territorial police forces of England and Wales', () => {
    expect(AREAS).toHaveLength(42)
    expect(allForces).toHaveLength(43)
    expect(new Set(allForces).size).toBe(43)
  })

  it('has unique, slug-shaped codes', () => {
    const codes = AREAS.map((area) => area.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/)
    expect(AREA_CODES).toEqual(codes)
  })

  it('has unique names and is sorted by name', () => {
    const names = AREAS.map((area) => area.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB')))
    expect(names[0]).toBe('Avon and Somerset')
    expect(names.at(-1)).toBe('Wiltshire')
  })

  it('gives every area at least one force and a known region', () => {
    for (const area of AREAS) {
      expect(area.policeForces.length, area.code).toBeGreaterThan(0)
      expect(REGIONS, area.code).toContain(area.region)
    }
  })

  it('puts the Metropolitan Police and City of London Police in the one London area', () => {
    const london = areaByCode('london')
    expect(london?.name).toBe('London')
    expect(london?.region).toBe('London')
    expect(london?.policeForces).toEqual(['Metropolitan Police Service', 'City of London Police'])
    expect(AREAS.filter((area) => area.region === 'London')).toEqual([london])
    expect(AREAS.filter((area) => area.policeForces.length > 1)).toEqual([london])
  })

  it('has the four Welsh forces as the four areas in Wales', () => {
    const wales = AREAS.filter((area) => area.region === 'Wales')
    expect(wales.map((area) => area.code)).toEqual(['dyfed-powys', 'gwent', 'north-wales', 'south-wales'])
    expect(wales.flatMap((area) => area.policeForces)).toEqual([
      'Dyfed-Powys Police',
      'Gwent Police',
      'North Wales Police',
      'South Wales Police',
    ])
  })

  it('has 38 areas in England spread over the nine English regions', () => {
    const england = AREAS.filter((area) => area.region !== 'Wales')
    expect(england).toHaveLength(38)
    const counts = Object.fromEntries(
      REGIONS.map((region) => [region, AREAS.filter((area) => area.region === region).length]),
    )
    expect(counts).toEqual({
      'North East': 3,
      'North West': 5,
      'Yorkshire and the Humber': 4,
      'East Midlands': 5,
      'West Midlands': 4,
      'East of England': 6,
      London: 1,
      'South East': 5,
      'South West': 5,
      Wales: 4,
    })
  })

  it('is frozen', () => {
    expect(Object.isFrozen(AREAS)).toBe(true)
    for (const area of AREAS) {
      expect(Object.isFrozen(area)).toBe(true)
      expect(Object.isFrozen(area.policeForces)).toBe(true)
    }
  })
})

describe('areaByCode', () => {
  it('finds each area by its code', () => {
    for (const area of AREAS) expect(areaByCode(area.code)).toBe(area)
    expect(areaByCode('avon-somerset')?.name).toBe('Avon and Somerset')
    expect(areaByCode('dyfed-powys')?.policeForces).toEqual(['Dyfed-Powys Police'])
  })

  it('returns undefined for unknown or differently cased codes', () => {
    expect(areaByCode('metropolitan')).toBeUndefined()
    expect(areaByCode('city-of-london')).toBeUndefined()
    expect(areaByCode('London')).toBeUndefined()
    expect(areaByCode('')).toBeUndefined()
    expect(areaByCode('constructor')).toBeUndefined()
  })

  it('isAreaCode recognises codes', () => {
    expect(isAreaCode('london')).toBe(true)
    expect(isAreaCode('nowhere')).toBe(false)
    expect(isAreaCode(42)).toBe(false)
  })
})
