import { Temporal } from 'temporal-polyfill'
import { addDays, addDuration, toPlainDate, type IsoDate } from './dates.js'
import { dueItem, type DueItem } from './due.js'
import type { RuleMeta } from './meta.js'
import { reason, type Reason } from './reason.js'
import { REF } from './references.js'

/** Time when the 3-day clocks stop (SOA 2003 s.83(6), s.85(4)). */
export type AbsenceKind = 'custody' | 'hospital' | 'abroad'

/** Half-open: from `from` (first day away) up to `to` (day of release or return, which counts). */
export interface Absence {
  kind: AbsenceKind
  from: IsoDate
  to?: IsoDate
}

export interface ChangeEvent {
  kind: 'name' | 'home_address' | 'release' | 'other'
  date: IsoDate
  notifiedOn?: IsoDate
  description?: string
}

/** A change notified in advance with an expected date (s.84(2)). */
export interface AdvanceNotice {
  notifiedOn: IsoDate
  expectedDate: IsoDate
  occurredOn?: IsoDate
  nonOccurrenceNotifiedOn?: IsoDate
  description?: string
}

/** A stay at an address not notified; `from` and `to` are the first and last days. */
export interface Stay {
  address: string
  from: IsoDate
  to: IsoDate
  notifiedOn?: IsoDate
}

/** `departure` is a date, or a local date-time `YYYY-MM-DDTHH:MM` when the time is known. */
export interface TravelPlan {
  departure: string
  knownOn: IsoDate
  notifiedOn?: IsoDate
  destination?: string
}

/** A stay of 12 hours or more in a household with a child under 18. */
export interface HouseholdStay {
  address: string
  startDate: IsoDate
  notifiedOn?: IsoDate
}

export interface NotificationHistory {
  subjectId?: string
  /** Date of the conviction, finding, caution or order that started the requirement. */
  relevantDate: IsoDate
  /** Last day subject; null = no end; omitted = not known (treated as continuing). */
  endDate?: IsoDate | null
  /** Dates of every notification made (initial, changes, periodic). */
  notifications: IsoDate[]
  initialNotifiedOn?: IsoDate
  absences?: Absence[]
  /** No sole or main residence: weekly notification. */
  noFixedAbode?: boolean
  changes?: ChangeEvent[]
  advanceNotices?: AdvanceNotice[]
  stays?: Stay[]
  travel?: TravelPlan[]
  householdStays?: HouseholdStay[]
}

function mergeAbsences(absences: readonly Absence[]): Absence[] {
  const sorted = [...absences].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  const merged: Absence[] = []
  for (const a of sorted) {
    const last = merged[merged.length - 1]
    if (last && (last.to === undefined || a.from <= last.to)) {
      if (last.to !== undefined && (a.to === undefined || a.to > last.to)) {
        if (a.to === undefined) delete last.to
        else last.to = a.to
      }
    } else merged.push({ ...a })
  }
  return merged
}

function absenceOn(absences: readonly Absence[], day: IsoDate): Absence | undefined {
  return absences.find((a) => a.from <= day && (a.to === undefined || day < a.to))
}

interface Clock {
  dueDate: IsoDate
  paused: boolean
  pausedFrom?: IsoDate
  resumedOn?: IsoDate
}

/**
 * "Within N days beginning with" a day, not counting days in custody, hospital or abroad:
 * the day itself counts, so 3 days from a Monday end on Wednesday.
 */
export function daysBeginningWithDisregarding(
  start: IsoDate,
  n: number,
  absences: readonly Absence[],
): Clock {
  const merged = mergeAbsences(absences)
  const clock: Clock = { dueDate: addDays(start, n - 1), paused: false }
  let day = start
  let counted = 0
  for (;;) {
    const away = absenceOn(merged, day)
    if (away) {
      clock.pausedFrom ??= away.from > start ? away.from : start
      if (away.to === undefined) return { ...clock, paused: true }
      day = away.to
      clock.resumedOn = away.to
      continue
    }
    counted += 1
    if (counted === n) return { ...clock, dueDate: day }
    day = addDays(day, 1)
  }
}

function periodicClock(last: IsoDate, weekly: boolean, absences: readonly Absence[]): Clock {
  // "within the applicable period after" the last notification: the period starts the next
  // day, so one year after 2024-03-01 ends on 2025-03-01 (s.85(1)).
  const nominal = weekly ? addDays(last, 7) : addDuration(last, 'P1Y')
  const away = absenceOn(mergeAbsences(absences), nominal)
  if (!away) return { dueDate: nominal, paused: false }
  if (away.to === undefined) return { dueDate: nominal, paused: true, pausedFrom: away.from }
  // Runs on to the end of 3 days beginning when the absence ends (s.85(3)).
  return { dueDate: addDays(away.to, 2), paused: false, pausedFrom: away.from, resumedOn: away.to }
}

function within(history: NotificationHistory, day: IsoDate): boolean {
  return history.endDate === undefined || history.endDate === null || day <= history.endDate
}

/** The day a stay at one address reaches 7 days, alone or in total over 12 months (s.84(6)). */
export function qualifyingStayDate(stays: readonly Stay[]): IsoDate | null {
  const days = new Set<string>()
  for (const s of stays) for (let d = s.from; d <= s.to; d = addDays(d, 1)) days.add(d)
  const sorted = [...days].sort()
  for (const d of sorted) {
    const windowStart = toPlainDate(d).subtract({ years: 1 }).add({ days: 1 }).toString()
    if (sorted.filter((x) => x >= windowStart && x <= d).length >= 7) return d
  }
  return null
}

/** What notifications are due, by when, and which are overdue. */
export function notificationDueItems(history: NotificationHistory, today: IsoDate): DueItem[] {
  const items: DueItem[] = []
  const absences = history.absences ?? []
  const subjectId = history.subjectId
  const notifications = [...history.notifications].sort()
  const clockBasis = (clock: Clock): Reason[] =>
    clock.pausedFrom
      ? [
          reason(
            `Time in custody, in hospital or abroad from ${clock.pausedFrom} does not count.`,
            REF.soaDisregard,
          ),
        ]
      : []
  const threeDay = (
    kind:
      | 'initial_notification'
      | 'change_notification'
      | 'qualifying_stay_notification'
      | 'household_stay_notification',
    ruleId: string,
    title: string,
    start: IsoDate,
    basis: Reason,
    doneOn: IsoDate | undefined,
    keySuffix?: string,
  ) => {
    if (!within(history, start)) return
    const clock = daysBeginningWithDisregarding(start, 3, absences)
    items.push(
      dueItem(
        {
          kind,
          ruleId,
          subjectId,
          title,
          startDate: start,
          ...clock,
          basis: [basis, ...clockBasis(clock)],
          doneOn,
          ...(keySuffix ? { keySuffix } : {}),
        },
        today,
      ),
    )
  }

  // Initial notification (s.83(1)).
  const initialDone = history.initialNotifiedOn ?? notifications.find((n) => n >= history.relevantDate)
  threeDay(
    'initial_notification',
    'deadlines.initial',
    'Initial notification',
    history.relevantDate,
    reason(`Notify within 3 days beginning with the relevant date ${history.relevantDate}.`, REF.soaInitial),
    initialDone,
  )

  // Changes (s.84(1)); time away is disregarded (s.84(5) applying s.83(6)).
  for (const change of history.changes ?? []) {
    const what =
      change.kind === 'home_address'
        ? 'home address'
        : change.kind === 'other'
          ? (change.description ?? 'change')
          : change.kind
    threeDay(
      'change_notification',
      'deadlines.change',
      `Notify change: ${what}`,
      change.date,
      reason(`Notify the ${what} within 3 days beginning with ${change.date}.`, REF.soaChanges),
      change.notifiedOn,
      change.kind,
    )
  }

  // Advance notices that did not happen as notified (s.84(3)-(4)).
  for (const notice of history.advanceNotices ?? []) {
    const lastDayOfWindow = addDays(notice.expectedDate, 2)
    const what = notice.description ?? 'notified change'
    if (notice.occurredOn && notice.occurredOn < addDays(notice.expectedDate, -2)) {
      threeDay(
        'change_notification',
        'deadlines.change',
        `Notify change: ${what} (earlier than notified)`,
        notice.occurredOn,
        reason(
          `The ${what} happened more than 2 days before the date given, so it must be notified again.`,
          REF.soaAdvanceNotice,
        ),
        undefined,
        'advance',
      )
    }
    const notOccurred =
      notice.occurredOn === undefined ? today > lastDayOfWindow : notice.occurredOn > lastDayOfWindow
    if (notOccurred) {
      const clock = daysBeginningWithDisregarding(notice.expectedDate, 6, absences)
      items.push(
        dueItem(
          {
            kind: 'advance_notice_not_occurred',
            ruleId: 'deadlines.advance-notice',
            subjectId,
            title: `Notify that the ${what} did not happen as notified`,
            startDate: notice.expectedDate,
            ...clock,
            basis: [
              reason(
                `The ${what} notified for ${notice.expectedDate} had not happened within 3 days; notify that within 6 days beginning with that date.`,
                REF.soaAdvanceNotice,
              ),
              ...clockBasis(clock),
            ],
            doneOn: notice.nonOccurrenceNotifiedOn,
          },
          today,
        ),
      )
      if (notice.occurredOn)
        threeDay(
          'change_notification',
          'deadlines.change',
          `Notify change: ${what} (later than notified)`,
          notice.occurredOn,
          reason(
            `The ${what} happened more than 3 days after the date given, so it must be notified.`,
            REF.soaAdvanceNotice,
          ),
          undefined,
          'advance',
        )
    }
  }

  // Stays at unnotified addresses reaching a qualifying period (s.84(1)(c), (6)).
  const byAddress = new Map<string, Stay[]>()
  for (const stay of history.stays ?? [])
    byAddress.set(stay.address, [...(byAddress.get(stay.address) ?? []), stay])
  for (const [address, stays] of byAddress) {
    const date = qualifyingStayDate(stays)
    if (!date) continue
    threeDay(
      'qualifying_stay_notification',
      'deadlines.qualifying-stay',
      `Notify address stayed at: ${address}`,
      date,
      reason(
        `Stays at ${address} reached 7 days (alone or in total within 12 months) on ${date}.`,
        REF.soaQualifyingStay,
      ),
      stays.map((s) => s.notifiedOn).find((d) => d !== undefined),
      address,
    )
  }

  // Households with a child: 12 hours or more.
  for (const stay of history.householdStays ?? []) {
    threeDay(
      'household_stay_notification',
      'deadlines.household',
      `Notify stay in a household with a child: ${stay.address}`,
      stay.startDate,
      reason(
        `Stayed 12 hours or more in a household with a child under 18 from ${stay.startDate}.`,
        REF.soaHousehold,
      ),
      stay.notifiedOn,
      stay.address,
    )
  }

  // Periodic notification (s.85): one year (a week with no fixed abode) after the last one.
  const last = notifications[notifications.length - 1]
  if (last) {
    const weekly = history.noFixedAbode === true
    const clock = periodicClock(last, weekly, absences)
    if (within(history, clock.dueDate)) {
      const basis = [
        weekly
          ? reason(
              `No sole or main residence: notify within one week after the last notification (${last}).`,
              REF.soaNoFixedAbode,
            )
          : reason(`Notify within one year after the last notification (${last}).`, REF.soaPeriodic),
      ]
      if (clock.resumedOn)
        basis.push(
          reason(
            `The period would have ended in custody, hospital or abroad (from ${clock.pausedFrom}); it runs on until 3 days beginning with ${clock.resumedOn}.`,
            REF.soaPeriodicExtension,
          ),
        )
      else if (clock.paused)
        basis.push(
          reason(
            `The period ends while away (from ${clock.pausedFrom}); it runs on until 3 days after return.`,
            REF.soaPeriodicExtension,
          ),
        )
      items.push(
        dueItem(
          {
            kind: 'periodic_notification',
            ruleId: 'deadlines.periodic',
            subjectId,
            title: weekly ? 'Weekly notification' : 'Annual notification',
            startDate: last,
            ...clock,
            basis,
          },
          today,
        ),
      )
    }
  }

  // Foreign travel.
  for (const trip of history.travel ?? []) {
    const hasTime = trip.departure.includes('T')
    const departure = hasTime
      ? Temporal.PlainDateTime.from(trip.departure)
      : Temporal.PlainDate.from(trip.departure).toPlainDateTime({ hour: 0 })
    const departureDay = departure.toPlainDate().toString()
    if (!within(history, departureDay)) continue
    const sevenBefore = addDays(departureDay, -7)
    const knownInTime = trip.knownOn <= sevenBefore
    const latest = departure.subtract({ hours: 12 })
    const dueDate = knownInTime ? sevenBefore : latest.toPlainDate().toString()
    const basis = knownInTime
      ? reason(`Notify foreign travel at least 7 days before departure (${departureDay}).`, REF.soaTravel)
      : reason(
          `Travel became known on ${trip.knownOn}, less than 7 days before departure: notify as soon as possible and at least 12 hours before departure${hasTime ? '' : ' (time not recorded: taken as the start of the day)'}.`,
          REF.soaTravel,
        )
    items.push(
      dueItem(
        {
          kind: 'foreign_travel_notification',
          ruleId: 'deadlines.travel',
          subjectId,
          title: `Notify foreign travel${trip.destination ? ` to ${trip.destination}` : ''}`,
          startDate: trip.knownOn,
          dueDate,
          dueAt: knownInTime ? undefined : latest.toString({ smallestUnit: 'minute' }),
          basis: [basis],
          doneOn: trip.notifiedOn,
          keySuffix: departureDay,
        },
        today,
      ),
    )
  }
  return items.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
}

export const notificationDeadlineRules: RuleMeta[] = [
  {
    id: 'deadlines.initial',
    area: 'Notification deadlines',
    title: 'Initial notification',
    description:
      'Within 3 days beginning with the relevant date — by the end of the day after next. Days in custody, detained in hospital or outside the UK do not count, so after a custodial sentence it falls due by the end of the day after next following release (the day of release counts).',
    references: [REF.soaInitial, REF.soaDisregard],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'deadlines.change',
    area: 'Notification deadlines',
    title: 'Changes',
    description:
      'A new name, a change of home address, release from custody or hospital and other prescribed changes: within 3 days beginning with the change, not counting time away. A change may be notified in advance with its expected date; if it happens more than 2 days earlier it must be notified again, and if it has not happened within 3 days beginning with that date the person must say so within 6 days beginning with it.',
    references: [REF.soaChanges, REF.soaAdvanceNotice],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'deadlines.qualifying-stay',
    area: 'Notification deadlines',
    title: 'Qualifying stays',
    description:
      'Staying at an address not notified for 7 days — in one stay or in total within any 12 months — must be notified within 3 days beginning with the day the 7 days are reached.',
    references: [REF.soaQualifyingStay],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'deadlines.household',
    area: 'Notification deadlines',
    title: 'Staying in a household with a child',
    description:
      'Staying 12 hours or more in a household or other private place where a child under 18 lives or stays must be notified (date, address, period) within 3 days.',
    references: [REF.soaHousehold],
    effectiveFrom: '2012-08-13',
    confidence: 'confirmed',
  },
  {
    id: 'deadlines.periodic',
    area: 'Notification deadlines',
    title: 'Periodic notification',
    description:
      'Within one year after the last notification of any kind, so every notification restarts the year; the statute says “after”, so the year ends on the anniversary. Weekly (within 7 days after) where there is no sole or main residence. If the period would end while the person is in custody, detained in hospital or outside the UK, it runs on to the end of 3 days beginning with the day that ends; while it has not ended the item shows as paused.',
    references: [REF.soaPeriodic, REF.soaPeriodicExtension, REF.soaNoFixedAbode],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'deadlines.travel',
    area: 'Notification deadlines',
    title: 'Foreign travel',
    description:
      'Travel outside the UK must be notified at least 7 days before departure or, if not known then, as soon as it is known and at least 12 hours before departure (the due item then carries the exact time).',
    references: [REF.soaTravel],
    effectiveFrom: '2012-08-13',
    confidence: 'confirmed',
  },
]
