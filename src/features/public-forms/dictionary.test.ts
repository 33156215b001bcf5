import { describe, expect, it } from 'vitest'
import { AREAS } from '../../domain/areas.js'
import { LANGS, TEXT, WELSH_FORCE_NAMES, t } from './dictionary.js'

describe('the public forms’ dictionary', () => {
  it.each(Object.entries(TEXT))('%s has English and Welsh text', (_key, entry) => {
    for (const lang of LANGS) expect((entry as Record<string, string>)[lang]?.trim()).toBeTruthy()
  })

  it('uses the same placeholders in both languages', () => {
    for (const entry of Object.values(TEXT)) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(names(entry.cy)).toEqual(names(entry.en))
    }
  })

  it('fills in values', () => {
    expect(t('cy', 'tooLong', { label: 'Eich enw llawn', max: 200 })).toBe(
      'Rhaid i Eich enw llawn fod yn 200 o nodau neu lai',
    )
  })

  it('names each Welsh force in Welsh', () => {
    const welsh = AREAS.filter((a) => a.region === 'Wales').flatMap((a) => a.policeForces)
    expect(Object.keys(WELSH_FORCE_NAMES).sort()).toEqual([...welsh].sort())
  })
})
