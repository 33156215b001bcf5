import {
  addWorkingDays,
  type IsoDate,
  type MappaLevel,
  nextLevelReview,
  type RulesConfig,
} from '../../domain/rules/index.js'
import { PILLAR_LABELS, PILLARS } from '../plans/pillars.js'

/**
 * The MAPPA meeting audit (MAPPA L, MAPPA Guidance ch.12-13), worked out live from what the
 * meeting recorded. Pure: every fact is passed in. Each criterion is met, not met, or not
 * applicable, with a sentence saying why and the guidance it comes from.
 */

export const CRITERIA = [
  'referral_to_meeting',
  'attendance',
  'absent_reports',
  'plan',
  'victim_input',
  'disclosure',
  'review_on_time',
] as const
export type CriterionId = (typeof CRITERIA)[number]

export const CRITERION_LABELS: Record<CriterionId, string> = {
  referral_to_meeting: 'Referral to first meeting',
  attendance: 'Attendance by agency',
  absent_reports: 'Reports from absent agencies',
  plan: 'Risk management plan with all four pillars and contingency',
  victim_input: 'Victims’ views considered',
  disclosure: 'Disclosure decision recorded',
  review_on_time: 'Review held on time',
}

/** Criteria about the meeting as a whole; the others are about each case on its agenda. */
export const MEETING_CRITERIA: readonly CriterionId[] = ['attendance', 'absent_reports']

const REF_AUDIT = 'MAPPA Guidance ch.13; MAPPA L (meeting audit)'
const REF_MEETINGS = 'MAPPA Guidance ch.13 (Level 2 and 3 meetings); MAPPA C'
const REF_PLAN = 'MAPPA Guidance ch.12 (risk management plans: the four pillars and contingency)'
const REF_VICTIMS = 'MAPPA Guidance ch.13 (victims’ views through the Victim Liaison Officer)'
const REF_DISCLOSURE = 'MAPPA Guidance ch.13 (every meeting considers disclosure)'
const REF_REVIEW = 'MAPPA Guidance ch.7 (level reviews); ch.13'

/**
 * England and Wales set no time from referral to first meeting (rules.md §7, unconfirmed); the
 * audit compares with Scotland's 20 working days, the only published figure, as a local default.
 */
export const REFERRAL_TO_MEETING_WORKING_DAYS = 20

export type Outcome = 'met' | 'not_met' | 'not_applicable'

export interface CriterionResult {
  criterion: CriterionId
  outcome: Outcome
  text: string
  reference: string
  /** A measure the criterion rests on, such as days from referral to meeting. */
  days?: number
}

const result = (
  criterion: CriterionId,
  outcome: Outcome,
  text: string,
  reference: string,
  days?: number,
): CriterionResult =>
  days === undefined ? { criterion, outcome, text, reference } : { criterion, outcome, text, reference, days }

// The meeting ------------------------------------------------------------------------------------

export type AttendanceStatus = 'attended' | 'apologies' | 'absent'

/** One agency expected at a meeting: invited, or recorded in the attendance. */
export interface AgencyAttendance {
  agencyId: string
  invited: boolean
  /** Null when the agency was invited but no attendance was recorded for it. */
  status: AttendanceStatus | null
  reportSubmitted: boolean
}

const missed = (a: AgencyAttendance) => a.status !== 'attended'

/** Every agency expected (invited or recorded) attended. */
export function attendanceCriterion(agencies: readonly AgencyAttendance[]): CriterionResult {
  if (!agencies.some((a) => a.status !== null))
    return result('attendance', 'not_met', 'No attendance was recorded for the meeting.', REF_MEETINGS)
  const absent = agencies.filter(missed)
  return absent.length === 0
    ? result('attendance', 'met', `All ${agencies.length} agencies expected attended.`, REF_MEETINGS)
    : result(
        'attendance',
        'not_met',
        `${absent.length} of ${agencies.length} agencies expected did not attend (${absent.filter((a) => a.status === 'apologies').length} sent apologies).`,
        REF_MEETINGS,
      )
}

/** Every agency that did not attend sent a report (MAPPA C: "agencies sending reports"). */
export function absentReportsCriterion(agencies: readonly AgencyAttendance[]): CriterionResult {
  const absent = agencies.filter(missed)
  if (absent.length === 0)
    return result('absent_reports', 'not_applicable', 'Every agency expected attended.', REF_MEETINGS)
  const withReport = absent.filter((a) => a.reportSubmitted).length
  return result(
    'absent_reports',
    withReport === absent.length ? 'met' : 'not_met',
    `${withReport} of ${absent.length} agencies that did not attend sent a report.`,
    REF_MEETINGS,
  )
}

// Each case on the agenda ------------------------------------------------------------------------

export interface ReferralTiming {
  submittedOn: IsoDate
  /** The first meeting the case was on after the referral. */
  firstMeetingOn: IsoDate
  daysToFirstMeeting: number
}

/**
 * Time from referral to the first meeting, judged at that first meeting only; review meetings
 * and cases not referred (already managed at the level) are not applicable.
 */
export function referralToMeetingCriterion(
  referral: ReferralTiming | null,
  meetingOn: IsoDate,
): CriterionResult {
  if (!referral)
    return result(
      'referral_to_meeting',
      'not_applicable',
      'The case was not referred to this meeting.',
      REF_AUDIT,
    )
  if (referral.firstMeetingOn !== meetingOn)
    return result(
      'referral_to_meeting',
      'not_applicable',
      `The case was first discussed on ${referral.firstMeetingOn}; this is a later meeting.`,
      REF_AUDIT,
    )
  const target = addWorkingDays(referral.submittedOn, REFERRAL_TO_MEETING_WORKING_DAYS)
  const days = referral.daysToFirstMeeting
  return result(
    'referral_to_meeting',
    meetingOn <= target ? 'met' : 'not_met',
    `${days} ${days === 1 ? 'day' : 'days'} from referral (${referral.submittedOn}) to the first meeting; the audit looks for ${REFERRAL_TO_MEETING_WORKING_DAYS} working days or fewer (by ${target}; a local default, as England and Wales set no time).`,
    REF_AUDIT,
    days,
  )
}

/** The plan in force at the meeting (or the one it made) has every pillar and a contingency plan. */
export function planCriterion(plan: { number: number; parts: readonly string[] } | null): CriterionResult {
  if (!plan) return result('plan', 'not_met', 'There was no risk management plan at the meeting.', REF_PLAN)
  const missing = PILLARS.filter((p) => !plan.parts.includes(p))
  return missing.length === 0
    ? result('plan', 'met', `Plan version ${plan.number} has all four pillars and contingency.`, REF_PLAN)
    : result(
        'plan',
        'not_met',
        `Plan version ${plan.number} has nothing under ${missing.map((m) => PILLAR_LABELS[m].toLowerCase()).join(', ')}.`,
        REF_PLAN,
      )
}

/** The VLO attended or sent a written report; a case with no victims recorded has no views to hear. */
export function victimInputCriterion(victimInput: string | null, victimsRecorded: boolean): CriterionResult {
  if (victimInput === 'attended')
    return result('victim_input', 'met', 'The Victim Liaison Officer attended.', REF_VICTIMS)
  if (victimInput === 'written_report')
    return result('victim_input', 'met', 'The Victim Liaison Officer sent a written report.', REF_VICTIMS)
  if (!victimsRecorded && victimInput === 'none')
    return result('victim_input', 'not_applicable', 'No victims are recorded for the case.', REF_VICTIMS)
  return result(
    'victim_input',
    'not_met',
    victimInput === 'none'
      ? 'Victims’ views did not reach the meeting: no attendance or written report.'
      : 'How victims’ views reached the meeting was not recorded.',
    REF_VICTIMS,
  )
}

/** Every meeting records its disclosure decision, "not needed" included. */
export function disclosureCriterion(decision: string | null): CriterionResult {
  if (decision === 'disclose')
    return result('disclosure', 'met', 'A decision to disclose was recorded.', REF_DISCLOSURE)
  if (decision === 'not_needed')
    return result(
      'disclosure',
      'met',
      'A decision that disclosure is not needed was recorded.',
      REF_DISCLOSURE,
    )
  return result('disclosure', 'not_met', 'No disclosure decision was recorded.', REF_DISCLOSURE)
}

export interface ReviewFacts {
  meetingOn: IsoDate
  /** initial (first meeting after referral) or review. */
  kind: string
  /** The case's last meeting before this one (not cancelled). */
  previous: { heldOn: IsoDate; level: number; nextReviewOn: IsoDate | null } | null
  /** The registration's level review clock, used when the case has had no meeting before. */
  registration: { level: number; lastReviewDate: IsoDate } | null
}

const mappaLevel = (level: number): MappaLevel | null =>
  level === 1 || level === 2 || level === 3 ? level : null

/**
 * Held by the review date: the next review the last meeting set, or the level's longest
 * interval from it (nextLevelReview), or, for a case never met before, the registration's clock.
 */
export function reviewOnTimeCriterion(facts: ReviewFacts, config: RulesConfig): CriterionResult {
  const clock = facts.previous
    ? {
        level: mappaLevel(facts.previous.level),
        lastReviewDate: facts.previous.heldOn,
        scheduledDate: facts.previous.nextReviewOn ?? undefined,
        from: `the meeting of ${facts.previous.heldOn}`,
      }
    : facts.registration && facts.kind !== 'initial'
      ? {
          level: mappaLevel(facts.registration.level),
          lastReviewDate: facts.registration.lastReviewDate,
          scheduledDate: undefined,
          from: `the level set or reviewed on ${facts.registration.lastReviewDate}`,
        }
      : null
  if (!clock || !clock.level)
    return result(
      'review_on_time',
      'not_applicable',
      'The first meeting about the case: no review was due.',
      REF_REVIEW,
    )
  const { due } = nextLevelReview(
    {
      level: clock.level,
      lastReviewDate: clock.lastReviewDate,
      ...(clock.scheduledDate ? { scheduledDate: clock.scheduledDate } : {}),
    },
    config,
    facts.meetingOn,
  )
  if (!due)
    return result('review_on_time', 'not_applicable', 'Level 1: no review meeting falls due.', REF_REVIEW)
  return result(
    'review_on_time',
    facts.meetingOn <= due.dueDate ? 'met' : 'not_met',
    `Review due by ${due.dueDate} (from ${clock.from}); held on ${facts.meetingOn}.`,
    REF_REVIEW,
  )
}

export interface CaseFacts {
  meetingOn: IsoDate
  referral: ReferralTiming | null
  plan: { number: number; parts: readonly string[] } | null
  victimInput: string | null
  victimsRecorded: boolean
  disclosureDecision: string | null
  review: ReviewFacts
}

/** The case criteria, in the order of CRITERIA. */
export function caseCriteria(facts: CaseFacts, config: RulesConfig): CriterionResult[] {
  return [
    referralToMeetingCriterion(facts.referral, facts.meetingOn),
    planCriterion(facts.plan),
    victimInputCriterion(facts.victimInput, facts.victimsRecorded),
    disclosureCriterion(facts.disclosureDecision),
    reviewOnTimeCriterion(facts.review, config),
  ]
}

export function meetingCriteria(agencies: readonly AgencyAttendance[]): CriterionResult[] {
  return [attendanceCriterion(agencies), absentReportsCriterion(agencies)]
}

// Figures ----------------------------------------------------------------------------------------

export interface Tally {
  met: number
  notMet: number
  notApplicable: number
  /** Met as a share of those that applied, rounded to a whole per cent; null when none applied. */
  percentage: number | null
}

/** Counts by criterion, for a meeting or an area. */
export function tally(results: readonly CriterionResult[]): Record<CriterionId, Tally> {
  const out = Object.fromEntries(
    CRITERIA.map((c) => [c, { met: 0, notMet: 0, notApplicable: 0, percentage: null }]),
  ) as Record<CriterionId, Tally>
  for (const r of results) {
    const t = out[r.criterion]
    if (r.outcome === 'met') t.met += 1
    else if (r.outcome === 'not_met') t.notMet += 1
    else t.notApplicable += 1
  }
  for (const t of Object.values(out))
    t.percentage = t.met + t.notMet === 0 ? null : Math.round((100 * t.met) / (t.met + t.notMet))
  return out
}

/** Median of whole numbers (the middle two averaged, rounded half up); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2)
}
