import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from './dates.js'
import {
  daysBeginningWithDisregarding,
  notificationDueItems,
  qualifyingStayDate,
  type NotificationHistory,
} from './notification-deadlines.js'

const base: NotificationHistory = { subjectId: 'p1', relevantDate: '2024-03-04', notifications: [] }
const find = (h: NotificationHistory, today: string, kind: string) =>
  notificationDueItems(h, today).filter((i) => i.kind === kind)

describe('SOA 2003 s.83(1), (6) initial notification', () => {
  it('within 3 days beginning with a Monday is by the end of Wednesday', () => {
    const [item] = find(base, '2024-03-05', 'initial_notification')
    expect(item).toMatchObject({ dueDate: '2024-03-06', status: 'due', subjectId: 'p1' })
    expect(find(base, '2024-03-07', 'initial_notification')[0]?.status).toBe('overdue')
  })

  it('is done by the first notification on or after the relevant date', () => {
    expect(
      find({ ...base, notifications: ['2024-03-05'] }, '2024-04-01', 'initial_notification')[0],
    ).toMatchObject({ status: 'done', doneOn: '2024-03-05' })
  })

  it('custody from the relevant date: due by the end of the day after next following release', () => {
    const h = { ...base, absences: [{ kind: 'custody' as const, from: '2024-03-04', to: '2025-01-10' }] }
    expect(find(h, '2025-01-11', 'initial_notification')[0]).toMatchObject({
      dueDate: '2025-01-12',
      pausedFrom: '2024-03-04',
      resumedOn: '2025-01-10',
      status: 'due',
    })
  })

  it('still in custody: the clock is paused', () => {
    const h = { ...base, absences: [{ kind: 'custody' as const, from: '2024-03-04' }] }
    expect(find(h, '2024-06-01', 'initial_notification')[0]).toMatchObject({
      status: 'paused',
      pausedFrom: '2024-03-04',
    })
  })

  it('property: the due date is never earlier than 2 days after the start and never inside an absence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 30 }), (gap, length) => {
        const from = addDays('2024-01-01', gap)
        const to = addDays(from, length)
        const clock = daysBeginningWithDisregarding('2024-01-01', 3, [{ kind: 'abroad', from, to }])
        return clock.dueDate >= '2024-01-03' && !(clock.dueDate >= from && clock.dueDate < to)
      }),
    )
  })
})

describe('SOA 2003 s.84 changes', () => {
  it('a change of home address: 3 days beginning with the change', () => {
    const h = {
      ...base,
      notifications: ['2024-03-04'],
      changes: [{ kind: 'home_address' as const, date: '2024-05-10' }],
    }
    expect(find(h, '2024-05-13', 'change_notification')[0]).toMatchObject({
      dueDate: '2024-05-12',
      status: 'overdue',
    })
  })

  it('s.84(5): time abroad does not count', () => {
    const h = {
      ...base,
      notifications: ['2024-03-04'],
      changes: [{ kind: 'name' as const, date: '2024-05-10' }],
      absences: [{ kind: 'abroad' as const, from: '2024-05-11', to: '2024-05-20' }],
    }
    expect(find(h, '2024-05-13', 'change_notification')[0]).toMatchObject({
      dueDate: '2024-05-21',
      status: 'due',
    })
  })

  it('s.84(6): 7 days at one address in total within 12 months', () => {
    const stays = [
      { address: '1 High St', from: '2024-01-01', to: '2024-01-03' },
      { address: '1 High St', from: '2024-06-01', to: '2024-06-04' },
    ]
    expect(qualifyingStayDate(stays)).toBe('2024-06-04')
    expect(
      qualifyingStayDate([
        { address: 'x', from: '2023-01-01', to: '2023-01-03' },
        { address: 'x', from: '2024-06-01', to: '2024-06-04' },
      ]),
    ).toBeNull()
    const h = { ...base, notifications: ['2024-03-04'], stays }
    expect(find(h, '2024-06-05', 'qualifying_stay_notification')[0]).toMatchObject({
      dueDate: '2024-06-06',
      status: 'due',
    })
  })

  it('s.84(4): an advance notice for a move that did not happen must be corrected within 6 days', () => {
    const h = {
      ...base,
      notifications: ['2024-03-04'],
      advanceNotices: [{ notifiedOn: '2024-04-01', expectedDate: '2024-04-10' }],
    }
    expect(find(h, '2024-04-12', 'advance_notice_not_occurred')).toHaveLength(0)
    expect(find(h, '2024-04-13', 'advance_notice_not_occurred')[0]).toMatchObject({
      dueDate: '2024-04-15',
      status: 'due',
    })
  })

  it('household with a child, 12 hours or more: 3 days', () => {
    const h = {
      ...base,
      notifications: ['2024-03-04'],
      householdStays: [{ address: '2 Low Rd', startDate: '2024-07-01' }],
    }
    expect(find(h, '2024-07-01', 'household_stay_notification')[0]).toMatchObject({ dueDate: '2024-07-03' })
  })
})

describe('SOA 2003 s.85 periodic notification', () => {
  it('one year after the last notification ends on the anniversary (s.85(1): “after”)', () => {
    const h = { ...base, notifications: ['2024-03-04', '2024-09-10'] }
    expect(find(h, '2025-01-01', 'periodic_notification')[0]).toMatchObject({
      startDate: '2024-09-10',
      dueDate: '2025-09-10',
      status: 'due',
    })
  })

  it('s.85(3)-(4): falling due in custody runs on to 3 days beginning with release', () => {
    const h = {
      ...base,
      notifications: ['2023-03-01'],
      absences: [{ kind: 'custody' as const, from: '2024-01-10', to: '2024-04-15' }],
    }
    expect(find(h, '2024-04-16', 'periodic_notification')[0]).toMatchObject({
      dueDate: '2024-04-17',
      pausedFrom: '2024-01-10',
      resumedOn: '2024-04-15',
      status: 'due',
    })
  })

  it('s.85(3)-(4): still in hospital when it falls due → paused', () => {
    const h = {
      ...base,
      notifications: ['2023-03-01'],
      absences: [{ kind: 'hospital' as const, from: '2024-01-10' }],
    }
    expect(find(h, '2024-05-01', 'periodic_notification')[0]).toMatchObject({
      status: 'paused',
      dueDate: '2024-03-01',
    })
  })

  it('weekly with no sole or main residence', () => {
    const h = { ...base, notifications: ['2024-03-04'], noFixedAbode: true }
    expect(find(h, '2024-03-12', 'periodic_notification')[0]).toMatchObject({
      dueDate: '2024-03-11',
      status: 'overdue',
      title: 'Weekly notification',
    })
  })

  it('no periodic item once the notification period has ended', () => {
    const h = { ...base, notifications: ['2024-03-04'], endDate: '2024-12-31' }
    expect(find(h, '2024-04-01', 'periodic_notification')).toHaveLength(0)
  })
})

describe('foreign travel (SOA 2003 s.86; SI 2004/1220 as amended)', () => {
  it('known in time: at least 7 days before departure', () => {
    const h = {
      ...base,
      notifications: ['2024-03-04'],
      travel: [{ departure: '2024-08-20', knownOn: '2024-07-01' }],
    }
    expect(find(h, '2024-08-01', 'foreign_travel_notification')[0]).toMatchObject({
      dueDate: '2024-08-13',
      status: 'due',
    })
  })

  it('known late: as soon as known and at least 12 hours before departure', () => {
    const h = {
      ...base,
      notifications: ['2024-03-04'],
      travel: [{ departure: '2024-08-20T09:30', knownOn: '2024-08-18' }],
    }
    expect(find(h, '2024-08-19', 'foreign_travel_notification')[0]).toMatchObject({
      dueDate: '2024-08-19',
      dueAt: '2024-08-19T21:30',
      status: 'due',
    })
  })
})
