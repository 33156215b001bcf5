import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addDuration } from '../../domain/rules/index.js'
import { agencyOfField, informationKey, isFieldKey } from './fields.js'
import { attendanceVersion, defaultNextReview } from './service.js'

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

describe('the next review a meeting may set (MAPPA Guidance ch.7 and 13; rules.md §7)', () => {
  it.each([
    [1, '2026-03-02', null],
    [2, '2026-03-02', '2026-06-22'],
    [3, '2026-03-02', '2026-04-27'],
    [2, '2026-12-21', '2027-04-12'],
  ])('Level %i, meeting on %s: no later than %s', (level, heldOn, latest) => {
    expect(defaultNextReview(level, heldOn, heldOn).dueOn).toBe(latest)
  })

  it('Level 2 is reviewed within 16 weeks and Level 3 within 8 weeks of the meeting, whatever its date', () => {
    fc.assert(
      fc.property(isoDate, fc.constantFrom(2, 3), (heldOn, level) => {
        const { dueOn, reasons } = defaultNextReview(level, heldOn, heldOn)
        expect(dueOn).toBe(addDuration(heldOn, level === 2 ? 'P16W' : 'P8W'))
        expect(dueOn! > heldOn).toBe(true)
        expect(dueOn! <= addDays(heldOn, 112)).toBe(true)
        expect(reasons[0]!.reference).toBeTruthy()
      }),
    )
  })
})

describe('the attendance version', () => {
  const row = fc.record({
    agencyId: fc.uuid(),
    status: fc.constantFrom('attended', 'apologies', 'absent'),
    attendees: fc.option(fc.string(), { nil: null }),
    reportSubmitted: fc.boolean(),
    confidentialityAcknowledged: fc.boolean(),
  })

  it('does not depend on the order rows are read in, and changes when anything recorded changes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => r.agencyId, minLength: 1 }), (rows) => {
        expect(attendanceVersion([...rows].reverse())).toBe(attendanceVersion(rows))
        const changed = [{ ...rows[0]!, reportSubmitted: !rows[0]!.reportSubmitted }, ...rows.slice(1)]
        expect(attendanceVersion(changed)).not.toBe(attendanceVersion(rows))
      }),
    )
  })
})

describe('minutes field keys', () => {
  it('an agency’s information field names that agency; anything else is not a field', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(isFieldKey(informationKey(id))).toBe(true)
        expect(agencyOfField(informationKey(id))).toBe(id.toLowerCase())
      }),
    )
    for (const key of ['information:', 'information:not-a-uuid', 'risk', '__proto__', 'version'])
      expect(isFieldKey(key)).toBe(false)
  })
})
