import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, londonDateOf } from './dates.js'
import { claresLawDueItems, sarahsLawDueItems } from './disclosure.js'
import { isWorkingDay } from './working-days.js'

const summary = (items: { kind: string; dueDate: string; status: string }[]) =>
  items.map((i) => [i.kind, i.dueDate, i.status])

// Domestic Violence Disclosure Scheme statutory guidance (Domestic Abuse Act 2021 s.77):
// initial checks within 24 hours, face-to-face within 10 working days, disclosure within 28 days.
describe('Clare’s Law clocks (DVDS statutory guidance)', () => {
  it.each([
    {
      name: 'received before Easter: Good Friday and Easter Monday are not working days',
      receivedAt: '2024-03-28T15:00:00Z',
      now: '2024-03-29T16:00:00Z',
      expected: [
        ['clares_law_initial_checks', '2024-03-29', 'overdue'],
        ['clares_law_face_to_face', '2024-04-15', 'due'],
        ['clares_law_disclosure', '2024-04-25', 'due'],
      ],
    },
    {
      name: 'checks 23 hours after receipt are still in time',
      receivedAt: '2024-06-03T09:00:00Z',
      now: '2024-06-04T08:00:00Z',
      expected: [
        ['clares_law_initial_checks', '2024-06-04', 'due'],
        ['clares_law_face_to_face', '2024-06-17', 'due'],
        ['clares_law_disclosure', '2024-07-01', 'due'],
      ],
    },
    {
      name: 'received late on a Friday evening (London day is the Friday in summer time)',
      receivedAt: '2024-07-05T22:30:00Z',
      now: '2024-07-06T10:00:00Z',
      expected: [
        ['clares_law_initial_checks', '2024-07-06', 'due'],
        ['clares_law_face_to_face', '2024-07-19', 'due'],
        ['clares_law_disclosure', '2024-08-02', 'due'],
      ],
    },
  ])('$name', ({ receivedAt, now, expected }) => {
    expect(summary(claresLawDueItems({ receivedAt }, now))).toEqual(expected)
  })

  it('the 24-hour clock is an exact instant', () => {
    const [checks] = claresLawDueItems({ receivedAt: '2024-03-28T15:00:00Z' }, '2024-03-28T16:00:00Z')
    expect(checks?.dueAt).toBe('2024-03-29T15:00:00Z')
  })

  it('stages met are done, whenever they were met', () => {
    const items = claresLawDueItems(
      {
        receivedAt: '2024-03-01T10:00:00Z',
        initialChecksDoneAt: '2024-03-03T10:00:00Z',
        faceToFaceOn: '2024-03-20',
        disclosureDecidedOn: '2024-03-25',
      },
      '2024-04-30T10:00:00Z',
    )
    expect(items.map((i) => [i.status, i.doneOn])).toEqual([
      ['done', '2024-03-03'],
      ['done', '2024-03-20'],
      ['done', '2024-03-25'],
    ])
  })
})

// Child sex offender disclosure scheme: police guidance (Home Office, 2023): the whole process
// within 45 days; initial checks for immediate risk within 24 hours; face-to-face meeting.
describe('Sarah’s Law clocks (CSODS guidance)', () => {
  it.each([
    {
      name: '45 days from the day received',
      receivedAt: '2024-01-01T10:00:00Z',
      now: '2024-02-20T10:00:00Z',
      expected: [
        ['sarahs_law_initial_checks', '2024-01-02', 'overdue'],
        ['sarahs_law_face_to_face', '2024-01-15', 'overdue'],
        ['sarahs_law_completion', '2024-02-15', 'overdue'],
      ],
    },
    {
      name: 'over Christmas: 25, 26 December and 1 January are not working days',
      receivedAt: '2024-12-20T12:00:00Z',
      now: '2024-12-20T13:00:00Z',
      expected: [
        ['sarahs_law_initial_checks', '2024-12-21', 'due'],
        ['sarahs_law_face_to_face', '2025-01-08', 'due'],
        ['sarahs_law_completion', '2025-02-03', 'due'],
      ],
    },
  ])('$name', ({ receivedAt, now, expected }) => {
    expect(summary(sarahsLawDueItems({ receivedAt }, now))).toEqual(expected)
  })

  it('completion done on the day the process ends', () => {
    const items = sarahsLawDueItems(
      {
        receivedAt: '2024-01-01T10:00:00Z',
        initialChecksDoneAt: '2024-01-01T15:00:00Z',
        faceToFaceOn: '2024-01-10',
        completedOn: '2024-02-01',
      },
      '2024-03-01T10:00:00Z',
    )
    expect(items.every((i) => i.status === 'done')).toBe(true)
  })
})

describe('properties of the scheme clocks', () => {
  const instant = fc
    .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 11, 31) })
    .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z'))
  const schemes = [
    ['Clare’s Law', (receivedAt: string, now: string) => claresLawDueItems({ receivedAt }, now), 28],
    ['Sarah’s Law', (receivedAt: string, now: string) => sarahsLawDueItems({ receivedAt }, now), 45],
  ] as const

  for (const [name, clocks, days] of schemes) {
    it(`${name}: face-to-face falls on a working day, after receipt and before the final deadline`, () => {
      fc.assert(
        fc.property(instant, (receivedAt) => {
          const [, faceToFace, last] = clocks(receivedAt, receivedAt)
          const day = londonDateOf(receivedAt)
          expect(isWorkingDay(faceToFace!.dueDate)).toBe(true)
          expect(faceToFace!.dueDate > day).toBe(true)
          expect(last!.dueDate).toBe(addDays(day, days))
          expect(faceToFace!.dueDate <= last!.dueDate).toBe(true)
        }),
      )
    })

    it(`${name}: initial checks are overdue exactly when more than 24 hours have passed`, () => {
      fc.assert(
        fc.property(instant, fc.integer({ min: 0, max: 72 * 60 }), (receivedAt, minutes) => {
          const now = new Date(Date.parse(receivedAt) + minutes * 60_000).toISOString()
          const [checks] = clocks(receivedAt, now)
          expect(checks!.status === 'overdue').toBe(minutes > 24 * 60)
        }),
      )
    })

    it(`${name}: nothing open is overdue on the day received`, () => {
      fc.assert(
        fc.property(instant, (receivedAt) => {
          expect(clocks(receivedAt, receivedAt).every((i) => i.status === 'due')).toBe(true)
        }),
      )
    })
  }
})
