import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, addWorkingDays, DEFAULT_RULES_CONFIG } from '../../domain/rules/index.js'
import {
  type AgencyAttendance,
  absentReportsCriterion,
  attendanceCriterion,
  CRITERIA,
  type CriterionResult,
  caseCriteria,
  disclosureCriterion,
  median,
  type Outcome,
  planCriterion,
  referralToMeetingCriterion,
  reviewOnTimeCriterion,
  type ReviewFacts,
  tally,
  victimInputCriterion,
} from './criteria.js'

// MAPPA Guidance ch.12-13 and the MAPPA L meeting audit, criterion by criterion.

const agency = (
  status: AgencyAttendance['status'],
  reportSubmitted = false,
  invited = true,
): AgencyAttendance => ({
  agencyId: `${status}-${reportSubmitted}-${Math.random()}`,
  invited,
  status,
  reportSubmitted,
})

describe('attendance by agency and reports from absent agencies (MAPPA C: attendees, agencies sending reports)', () => {
  it.each<[string, AgencyAttendance[], Outcome, Outcome]>([
    ['everyone attended', [agency('attended'), agency('attended', false, false)], 'met', 'not_applicable'],
    ['apologies with a report', [agency('attended'), agency('apologies', true)], 'not_met', 'met'],
    ['apologies without a report', [agency('attended'), agency('apologies')], 'not_met', 'not_met'],
    ['invited, not recorded, no report', [agency('attended'), agency(null)], 'not_met', 'not_met'],
    [
      'absent with a report, apologies with one',
      [agency('absent', true), agency('apologies', true)],
      'not_met',
      'met',
    ],
    ['nothing recorded at all', [agency(null), agency(null)], 'not_met', 'not_met'],
  ])('%s', (_, agencies, attendance, reports) => {
    expect(attendanceCriterion(agencies).outcome).toBe(attendance)
    expect(absentReportsCriterion(agencies).outcome).toBe(reports)
  })

  it('is met exactly when every agency expected attended; reports apply exactly when one did not', () => {
    const status = fc.constantFrom<AgencyAttendance['status']>('attended', 'apologies', 'absent', null)
    fc.assert(
      fc.property(fc.array(fc.tuple(status, fc.boolean()), { minLength: 1, maxLength: 8 }), (rows) => {
        const agencies = rows.map(([s, r]) => agency(s, r))
        const allAttended = agencies.every((a) => a.status === 'attended')
        expect(attendanceCriterion(agencies).outcome === 'met').toBe(allAttended)
        expect(absentReportsCriterion(agencies).outcome === 'not_applicable').toBe(allAttended)
      }),
    )
  })
})

describe('referral to first meeting (MAPPA L; 20 working days, a local default)', () => {
  // Monday 2 March 2026: 20 working days later is Monday 30 March 2026 (no bank holiday between).
  const referral = (firstMeetingOn: string, days: number) => ({
    submittedOn: '2026-03-02',
    firstMeetingOn,
    daysToFirstMeeting: days,
  })
  it.each<[string, ReturnType<typeof referral> | null, string, Outcome]>([
    ['not referred', null, '2026-03-20', 'not_applicable'],
    ['first meeting 18 days on', referral('2026-03-20', 18), '2026-03-20', 'met'],
    ['first meeting on the 20th working day', referral('2026-03-30', 28), '2026-03-30', 'met'],
    ['first meeting a day later', referral('2026-03-31', 29), '2026-03-31', 'not_met'],
    ['a later meeting of a referred case', referral('2026-03-20', 18), '2026-05-20', 'not_applicable'],
  ])('%s', (_, timing, meetingOn, outcome) => {
    const r = referralToMeetingCriterion(timing, meetingOn)
    expect(r.outcome).toBe(outcome)
    if (outcome !== 'not_applicable') expect(r.days).toBe(timing!.daysToFirstMeeting)
  })

  it('is met exactly when the first meeting is within 20 working days of the referral', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 90 }),
        (d, n) => {
          const submittedOn = d.toISOString().slice(0, 10)
          const meetingOn = addDays(submittedOn, n)
          const r = referralToMeetingCriterion(
            { submittedOn, firstMeetingOn: meetingOn, daysToFirstMeeting: n },
            meetingOn,
          )
          expect(r.outcome === 'met').toBe(meetingOn <= addWorkingDays(submittedOn, 20))
        },
      ),
    )
  })
})

describe('plan with the four pillars and contingency (MAPPA Guidance ch.12)', () => {
  const all = ['supervision', 'monitoring_control', 'interventions_treatment', 'victim_safety', 'contingency']
  it.each<[string, { number: number; parts: string[] } | null, Outcome, string]>([
    ['no plan', null, 'not_met', 'no risk management plan'],
    ['every part', { number: 3, parts: all }, 'met', 'version 3'],
    ['no contingency', { number: 2, parts: all.slice(0, 4) }, 'not_met', 'contingency'],
    [
      'no victim safety',
      { number: 2, parts: all.filter((p) => p !== 'victim_safety') },
      'not_met',
      'victim safety',
    ],
  ])('%s', (_, plan, outcome, text) => {
    const r = planCriterion(plan)
    expect(r.outcome).toBe(outcome)
    expect(r.text).toContain(text)
  })
})

describe('victims’ views and the disclosure decision (MAPPA Guidance ch.13)', () => {
  it.each<[string | null, boolean, Outcome]>([
    ['attended', true, 'met'],
    ['written_report', true, 'met'],
    ['none', true, 'not_met'],
    ['none', false, 'not_applicable'],
    [null, true, 'not_met'],
    [null, false, 'not_met'],
  ])('victim input %s with victims recorded %s is %s', (input, victims, outcome) => {
    expect(victimInputCriterion(input, victims).outcome).toBe(outcome)
  })

  it.each<[string | null, Outcome]>([
    ['disclose', 'met'],
    ['not_needed', 'met'],
    [null, 'not_met'],
  ])('disclosure decision %s is %s', (decision, outcome) => {
    expect(disclosureCriterion(decision).outcome).toBe(outcome)
  })
})

describe('review held on time (MAPPA Guidance ch.7: Level 2 every 16 weeks, Level 3 every 8, configurable)', () => {
  const base: ReviewFacts = { meetingOn: '2026-05-01', kind: 'review', previous: null, registration: null }
  it.each<[string, ReviewFacts, Outcome]>([
    ['first meeting after referral', { ...base, kind: 'initial' }, 'not_applicable'],
    [
      'the date the last meeting set',
      { ...base, previous: { heldOn: '2026-04-01', level: 2, nextReviewOn: '2026-05-01' } },
      'met',
    ],
    [
      'a day after the date the last meeting set',
      {
        ...base,
        meetingOn: '2026-05-02',
        previous: { heldOn: '2026-04-01', level: 2, nextReviewOn: '2026-05-01' },
      },
      'not_met',
    ],
    [
      'Level 3, 8 weeks after the last meeting',
      { ...base, meetingOn: '2026-05-27', previous: { heldOn: '2026-04-01', level: 3, nextReviewOn: null } },
      'met',
    ],
    [
      'Level 3, 8 weeks and a day after',
      { ...base, meetingOn: '2026-05-28', previous: { heldOn: '2026-04-01', level: 3, nextReviewOn: null } },
      'not_met',
    ],
    [
      'a later date set than the level allows: the level wins',
      {
        ...base,
        meetingOn: '2026-06-01',
        previous: { heldOn: '2026-04-01', level: 3, nextReviewOn: '2026-07-01' },
      },
      'not_met',
    ],
    [
      'Level 1 after the last meeting',
      { ...base, previous: { heldOn: '2026-01-01', level: 1, nextReviewOn: null } },
      'not_applicable',
    ],
    [
      'no meeting before: the registration clock (Level 2, 16 weeks)',
      { ...base, meetingOn: '2026-04-23', registration: { level: 2, lastReviewDate: '2026-01-01' } },
      'met',
    ],
    [
      'no meeting before: registration clock passed',
      { ...base, meetingOn: '2026-04-24', registration: { level: 2, lastReviewDate: '2026-01-01' } },
      'not_met',
    ],
  ])('%s', (_, facts, outcome) => {
    expect(reviewOnTimeCriterion(facts, DEFAULT_RULES_CONFIG).outcome).toBe(outcome)
  })

  it('a meeting on time stays on time if held earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.constantFrom(2, 3),
        (gap, earlier, level) => {
          const previous = { heldOn: '2026-01-05', level, nextReviewOn: null }
          const later = reviewOnTimeCriterion(
            { ...base, meetingOn: addDays('2026-01-05', gap), previous },
            DEFAULT_RULES_CONFIG,
          )
          const sooner = reviewOnTimeCriterion(
            { ...base, meetingOn: addDays('2026-01-05', Math.max(1, gap - earlier)), previous },
            DEFAULT_RULES_CONFIG,
          )
          if (later.outcome === 'met') expect(sooner.outcome).toBe('met')
        },
      ),
    )
  })
})

describe('figures', () => {
  it('gives every case criterion once, in order', () => {
    const results = caseCriteria(
      {
        meetingOn: '2026-05-01',
        referral: null,
        plan: null,
        victimInput: null,
        victimsRecorded: false,
        disclosureDecision: 'not_needed',
        review: { meetingOn: '2026-05-01', kind: 'initial', previous: null, registration: null },
      },
      DEFAULT_RULES_CONFIG,
    )
    expect(results.map((r) => r.criterion)).toEqual([
      'referral_to_meeting',
      'plan',
      'victim_input',
      'disclosure',
      'review_on_time',
    ])
  })

  it('counts every result once and gives percentages of those that applied', () => {
    const outcome = fc.constantFrom<Outcome>('met', 'not_met', 'not_applicable')
    const row = fc.record({ criterion: fc.constantFrom(...CRITERIA), outcome })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const results: CriterionResult[] = rows.map((r) => ({ ...r, text: '', reference: '' }))
        const t = tally(results)
        const total = Object.values(t).reduce((n, c) => n + c.met + c.notMet + c.notApplicable, 0)
        expect(total).toBe(results.length)
        for (const c of Object.values(t)) {
          if (c.met + c.notMet === 0) expect(c.percentage).toBeNull()
          else expect(c.percentage).toBeGreaterThanOrEqual(0)
          expect(c.percentage ?? 0).toBeLessThanOrEqual(100)
        }
      }),
    )
    expect(
      tally([
        { criterion: 'plan', outcome: 'met', text: '', reference: '' },
        { criterion: 'plan', outcome: 'not_met', text: '', reference: '' },
        { criterion: 'plan', outcome: 'not_met', text: '', reference: '' },
      ]).plan.percentage,
    ).toBe(33)
  })

  it.each<[number[], number | null]>([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[1, 2], 2],
    [[10, 20, 30, 40], 25],
  ])('median of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected)
  })
})
