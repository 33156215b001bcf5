import type { Database } from '../../db/connection.js'
import type { IsoDate } from '../../domain/rules/index.js'
import { decideQualityAccess, type QualityAccessDecision } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { rulesConfigInUse } from '../convictions/service.js'
import { referralTimeliness } from '../referrals/timeliness.js'
import {
  type AgencyAttendance,
  caseCriteria,
  CRITERIA,
  type CriterionId,
  type CriterionResult,
  median,
  meetingCriteria,
  type ReferralTiming,
  tally,
  type Tally,
} from './criteria.js'
import * as queries from './queries.js'

export { decideQualityAccess }

export interface AttendanceRow extends AgencyAttendance {
  agencyName: string
}

export interface CaseQuality {
  caseId: string
  position: number
  /** Null to those who see figures only, and for a restricted record the reader is not named on. */
  personId: string | null
  person: { givenName: string; familyName: string } | null
  results: CriterionResult[]
}

export interface MeetingQuality {
  meeting: { id: string; areaCode: string; heldOn: IsoDate; level: number; status: string; held: boolean }
  attendance: AttendanceRow[]
  meetingResults: CriterionResult[]
  cases: CaseQuality[]
  tally: Record<CriterionId, Tally>
}

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

async function attendanceAt(db: Database, meetingId: string): Promise<AttendanceRow[]> {
  const { invited, attendance, names } = await queries.agenciesAt(db, meetingId)
  const byAgency = new Map(attendance.map((a) => [a.agencyId, a]))
  const ids = [...new Set([...invited, ...attendance.map((a) => a.agencyId)])]
  return ids
    .map((agencyId) => {
      const recorded = byAgency.get(agencyId)
      return {
        agencyId,
        agencyName: names.get(agencyId) ?? 'Unknown agency',
        invited: invited.includes(agencyId),
        status: (recorded?.status ?? null) as AgencyAttendance['status'],
        reportSubmitted: recorded?.reportSubmitted ?? false,
      }
    })
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName))
}

async function referralTiming(
  db: Database,
  referralId: string | null,
  personId: string,
  today: IsoDate,
): Promise<ReferralTiming | null> {
  if (!referralId) return null
  const referral = await queries.referralOf(db, referralId, personId)
  if (!referral?.firstMeetingOn) return null
  const timing = referralTimeliness(referral, today)
  return {
    submittedOn: timing.submittedOn,
    firstMeetingOn: referral.firstMeetingOn,
    daysToFirstMeeting: timing.daysToFirstMeeting ?? 0,
  }
}

/**
 * The meeting audit (MAPPA L) of one meeting, live: attendance and reports by agency, and for
 * each case referral time, the plan at the meeting, victims' views, the disclosure decision and
 * whether the review was on time. Names only when `identities` (decideQualityAccess).
 */
export async function meetingQuality(
  db: Database,
  principal: Principal,
  meeting: queries.MeetingRow,
  identities: boolean,
  today: IsoDate,
): Promise<MeetingQuality> {
  const config = rulesConfigInUse()
  const [attendance, rows] = await Promise.all([
    attendanceAt(db, meeting.id),
    queries.casesOf(db, meeting.id, userIdOf(principal)),
  ])
  const cases: CaseQuality[] = []
  for (const { case: c, person } of rows) {
    const [referral, plan, victimsRecorded, previous, registration] = await Promise.all([
      referralTiming(db, c.referralId, c.personId, today),
      queries.planAt(db, c.personId, c.planId, meeting.heldOn),
      queries.hasVictims(db, c.personId),
      queries.previousMeeting(db, c.personId, meeting.heldOn),
      queries.registrationOn(db, c.personId, meeting.heldOn),
    ])
    const results = caseCriteria(
      {
        meetingOn: meeting.heldOn,
        referral,
        plan,
        victimInput: c.victimInput,
        victimsRecorded,
        disclosureDecision: c.disclosureDecision,
        review: {
          meetingOn: meeting.heldOn,
          kind: c.kind,
          previous: previous ?? null,
          registration: registration ?? null,
        },
      },
      config,
    )
    const named = identities && (!person.restricted || person.named)
    cases.push({
      caseId: c.id,
      position: c.position,
      personId: identities ? c.personId : null,
      person: named ? { givenName: person.givenName, familyName: person.familyName } : null,
      results,
    })
  }
  const meetingResults = meetingCriteria(attendance)
  return {
    meeting: {
      id: meeting.id,
      areaCode: meeting.areaCode,
      heldOn: meeting.heldOn,
      level: meeting.level,
      status: meeting.status,
      held: meeting.heldOn <= today,
    },
    attendance,
    meetingResults,
    cases,
    tally: tally([...meetingResults, ...cases.flatMap((c) => c.results)]),
  }
}

export type MeetingAccess =
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }
  | { kind: 'ok'; meeting: queries.MeetingRow; access: Extract<QualityAccessDecision, { allowed: true }> }

export async function meetingForQuality(
  db: Database,
  principal: Principal,
  id: string,
): Promise<MeetingAccess> {
  const meeting = await queries.findMeeting(db, id)
  if (!meeting) return { kind: 'not_found' }
  const access = decideQualityAccess(principal, meeting.areaCode)
  return access.allowed ? { kind: 'ok', meeting, access } : { kind: 'denied', message: access.message }
}

export interface AgencyFigures {
  agencyId: string
  agencyName: string
  expected: number
  invited: number
  attended: number
  apologies: number
  absent: number
  absentWithReport: number
}

export interface AreaQuality {
  areaCode: string
  from: IsoDate
  to: IsoDate
  meetings: { id: string; heldOn: IsoDate; level: number; cases: number; metPercentage: number | null }[]
  tally: Record<CriterionId, Tally>
  referralToMeeting: { cases: number; medianDays: number | null; meanDays: number | null }
  attendance: AgencyFigures[]
}

const overall = (t: Record<CriterionId, Tally>) => {
  const met = CRITERIA.reduce((n, c) => n + t[c].met, 0)
  const applied = CRITERIA.reduce((n, c) => n + t[c].met + t[c].notMet, 0)
  return applied ? Math.round((100 * met) / applied) : null
}

/**
 * An area's audit over a date range: each criterion's share met across the meetings held (not
 * cancelled, not in the future), referral-to-meeting days, and attendance by agency. Figures
 * only: no person is named.
 */
export async function areaQuality(
  db: Database,
  principal: Principal,
  areaCode: string,
  from: IsoDate,
  to: IsoDate,
  today: IsoDate,
): Promise<AreaQuality> {
  const held = await queries.meetingsHeld(db, areaCode, from, to < today ? to : today)
  const all: CriterionResult[] = []
  const meetingsOut: AreaQuality['meetings'] = []
  const agencies = new Map<string, AgencyFigures>()
  for (const meeting of held) {
    const q = await meetingQuality(db, principal, meeting, false, today)
    all.push(...q.meetingResults, ...q.cases.flatMap((c) => c.results))
    meetingsOut.push({
      id: meeting.id,
      heldOn: meeting.heldOn,
      level: meeting.level,
      cases: q.cases.length,
      metPercentage: overall(q.tally),
    })
    for (const a of q.attendance) {
      const f = agencies.get(a.agencyId) ?? {
        agencyId: a.agencyId,
        agencyName: a.agencyName,
        expected: 0,
        invited: 0,
        attended: 0,
        apologies: 0,
        absent: 0,
        absentWithReport: 0,
      }
      f.expected += 1
      if (a.invited) f.invited += 1
      if (a.status === 'attended') f.attended += 1
      else {
        if (a.status === 'apologies') f.apologies += 1
        else f.absent += 1
        if (a.reportSubmitted) f.absentWithReport += 1
      }
      agencies.set(a.agencyId, f)
    }
  }
  const days = all
    .filter((r) => r.criterion === 'referral_to_meeting' && r.days !== undefined)
    .map((r) => r.days!)
  return {
    areaCode,
    from,
    to,
    meetings: meetingsOut,
    tally: tally(all),
    referralToMeeting: {
      cases: days.length,
      medianDays: median(days),
      meanDays: days.length ? Math.round(days.reduce((a, b) => a + b, 0) / days.length) : null,
    },
    attendance: [...agencies.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
  }
}
