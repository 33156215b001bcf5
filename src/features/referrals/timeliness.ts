import { addDays, daysBetween, type IsoDate, londonDateOf } from '../../domain/rules/dates.js'
import { isWorkingDay } from '../../domain/rules/working-days.js'

/**
 * Working days after `from` up to and including `to`, counted as "N working days after" a day
 * is elsewhere (the day itself is not counted; working days are Monday to Friday except England
 * and Wales bank holidays): `workingDaysBetween(d, addWorkingDays(d, n)) === n`. Zero when `to`
 * is not after `from`.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count += 1
  return count
}

export interface ReferralTimelinessInput {
  submittedAt: Date | string
  /** When the referral was accepted or declined (a request for information is not a decision). */
  screenedAt: Date | string | null
  /** The date of the first meeting the case was put on after the referral, if any. */
  firstMeetingOn: IsoDate | null
}

export interface ReferralTimeliness {
  submittedOn: IsoDate
  screenedOn: IsoDate | null
  firstMeetingOn: IsoDate | null
  /** Working days from submission to the screening decision, or to today while it is awaited. */
  screeningWorkingDays: number
  screeningDecided: boolean
  /**
   * Calendar days from submission to the first meeting; null until a meeting is set. An urgent
   * meeting held before the referral was written up counts as no wait (0), never negative.
   */
  daysToFirstMeeting: number | null
}

const dateOf = (value: Date | string) => londonDateOf(typeof value === 'string' ? value : value.toISOString())

/**
 * How long a referral (MAPPA A) took: to be screened, in working days, and to reach its first
 * meeting, in days. The MAPPA Guidance sets no time limit for either in England and Wales (only
 * Scotland's guidance does: first meeting within 20 working days), so these are measured for
 * the quality audit (MAPPA L, "referral to meeting") and shown, never enforced.
 */
export function referralTimeliness(input: ReferralTimelinessInput, today: IsoDate): ReferralTimeliness {
  const submittedOn = dateOf(input.submittedAt)
  const screenedOn = input.screenedAt ? dateOf(input.screenedAt) : null
  return {
    submittedOn,
    screenedOn,
    firstMeetingOn: input.firstMeetingOn,
    screeningWorkingDays: workingDaysBetween(submittedOn, screenedOn ?? today),
    screeningDecided: screenedOn !== null,
    daysToFirstMeeting: input.firstMeetingOn
      ? Math.max(0, daysBetween(submittedOn, input.firstMeetingOn))
      : null,
  }
}
