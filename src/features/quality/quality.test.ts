import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  meetingAttendance,
  meetingCases,
  meetingInvitations,
  meetings,
  people,
  referrals,
  riskPlanEntries,
  riskPlans,
} from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'
import { agencyIdOf, signedInAs } from '../registrations/test-support.js'

// Fixed dates long past, so nothing else in the test database falls in the audited range.
const FIRST = '2020-03-02'
const SECOND = '2020-04-06'
const RANGE = '/quality?area=west-yorkshire&from=2020-01-01&to=2020-12-31'

let t: TestApp
let person: { id: string; familyName: string }
const ids: Record<string, string> = {}

const agencyId = (code: string) => agencyIdOf(t, code)

async function meeting(heldOn: string, areaCode = 'west-yorkshire') {
  const [row] = await t.database.db
    .insert(meetings)
    .values({
      areaCode,
      level: 2,
      heldOn,
      startsAt: '10:00',
      chairName: 'Dr Helen Clarke',
      chairRank: 'Detective Superintendent',
      format: 'online',
      status: 'finalised',
    })
    .returning({ id: meetings.id })
  return row!.id
}

const outcomes = (html: string, qa: string) =>
  Object.fromEntries(
    $(html)(`[data-qa=${qa}] [data-qa=criterion]`)
      .toArray()
      .map((el) => [$(html)(el).attr('data-criterion'), $(html)(el).attr('data-outcome')]),
  )

beforeAll(async () => {
  t = await createTestApp()
  const db = t.database.db
  const open = await db
    .select({ id: people.id, familyName: people.familyName })
    .from(people)
    .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
  person = open[45]!
  const [referral] = await db
    .insert(referrals)
    .values({
      reference: 'REF-QUALITY-1',
      personId: person.id,
      areaCode: 'west-yorkshire',
      levelRequested: 2,
      form: {},
      reason: 'Escalating risk',
      currentRisk: 'High',
      currentPlan: 'Plan',
      addedValue: 'Multi-agency',
      status: 'accepted',
      submittedAt: new Date('2020-02-20T10:00:00Z'),
      screenedAt: new Date('2020-02-21T10:00:00Z'),
    })
    .returning({ id: referrals.id })
  // A signed-off plan with every pillar and contingency.
  const [plan] = await db
    .insert(riskPlans)
    .values({
      personId: person.id,
      number: 1,
      status: 'signed_off',
      signedOffAt: new Date('2020-01-10T12:00:00Z'),
    })
    .returning({ id: riskPlans.id })
  await db
    .insert(riskPlanEntries)
    .values(
      ['supervision', 'monitoring_control', 'interventions_treatment', 'victim_safety', 'contingency'].map(
        (pillar, position) => ({ planId: plan!.id, pillar, position, text: `Entry for ${pillar}` }),
      ),
    )
  ids.first = await meeting(FIRST)
  ids.second = await meeting(SECOND)
  await db.insert(meetingCases).values([
    {
      meetingId: ids.first,
      personId: person.id,
      referralId: referral!.id,
      position: 1,
      kind: 'initial',
      victimInput: 'attended',
      disclosureDecision: 'not_needed',
      nextReviewOn: '2020-04-01',
    },
    {
      meetingId: ids.second,
      personId: person.id,
      position: 1,
      kind: 'review',
      victimInput: 'written_report',
    },
  ])
  const wyp = await agencyId('wyp')
  const housing = await agencyId('leeds-housing')
  const health = await agencyId('wy-health')
  const accessUntil = new Date('2020-05-01T00:00:00Z')
  for (const m of [ids.first, ids.second])
    await db.insert(meetingInvitations).values([
      { meetingId: m, agencyId: housing, lawfulBasis: 'CJA 2003 s.325(3)', accessUntil },
      { meetingId: m, agencyId: health, lawfulBasis: 'CJA 2003 s.325(3)', accessUntil },
    ])
  await db.insert(meetingAttendance).values([
    { meetingId: ids.first, agencyId: wyp, status: 'attended' },
    { meetingId: ids.first, agencyId: housing, status: 'attended' },
    { meetingId: ids.first, agencyId: health, status: 'attended' },
    { meetingId: ids.second, agencyId: wyp, status: 'attended' },
    { meetingId: ids.second, agencyId: housing, status: 'apologies', reportSubmitted: true },
  ])
  ids.housing = housing
  ids.health = health
  ids.london = await meeting('2020-03-03', 'london')
})
afterAll(() => t.close())

describe('the meeting audit', () => {
  it('works out each criterion live from what the meetings recorded', async () => {
    const coordinator = await t.signedIn('coordinator')
    const first = (await coordinator.get(`/meetings/${ids.first}/quality`)).body
    expect(outcomes(first, 'meeting-criteria')).toEqual({
      attendance: 'met',
      absent_reports: 'not_applicable',
    })
    expect(outcomes(first, 'case-criteria')).toEqual({
      referral_to_meeting: 'met',
      plan: 'met',
      victim_input: 'met',
      disclosure: 'met',
      review_on_time: 'not_applicable',
    })
    expect($(first)('[data-criterion=referral_to_meeting]').text()).toContain('11 days from referral')

    const second = (await coordinator.get(`/meetings/${ids.second}/quality`)).body
    // Health was invited and not recorded; housing sent apologies with a report.
    expect(outcomes(second, 'meeting-criteria')).toEqual({ attendance: 'not_met', absent_reports: 'not_met' })
    expect($(second)(`[data-qa=agency-attendance][data-agency-id=${ids.health}]`).attr('data-status')).toBe(
      'none',
    )
    expect(outcomes(second, 'case-criteria')).toEqual({
      referral_to_meeting: 'not_applicable',
      plan: 'met',
      victim_input: 'met',
      disclosure: 'not_met',
      review_on_time: 'not_met',
    })
    expect($(second)('[data-criterion=review_on_time]').text()).toContain('Review due by 2020-04-01')
    expect($(second)('[data-qa=case-heading]').text()).toContain(person.familyName)
  })

  it('shows lay advisers and SMB members figures only, never names, and only for their area', async () => {
    for (const username of ['lay.adviser', 'smb']) {
      const agent = await t.signedIn(username)
      const page = await agent.get(`/meetings/${ids.second}/quality`)
      expect(page.statusCode).toBe(200)
      expect(page.body).not.toContain(person.familyName)
      expect($(page.body)('[data-qa=case-heading]').text()).toBe('Case 1')
      const area = await agent.get(RANGE)
      expect(area.statusCode).toBe(200)
      expect(area.body).not.toContain(person.familyName)
      expect((await agent.get(`/meetings/${ids.london}/quality`)).statusCode).toBe(403)
      expect((await agent.get('/quality?area=london')).statusCode).toBe(403)
    }
  })

  it('is for area staff and oversight roles only', async () => {
    const expected: [string, number][] = [
      ['coordinator', 200],
      ['chair', 200],
      ['police.om', 200],
      ['housing', 403],
      ['admin', 403],
    ]
    for (const [username, status] of expected) {
      const agent =
        username === 'chair'
          ? await signedInAs(t, 'chair', 'West Yorkshire Police')
          : await t.signedIn(username)
      expect([username, (await agent.get(`/meetings/${ids.second}/quality`)).statusCode]).toEqual([
        username,
        status,
      ])
      expect([username, (await agent.get(RANGE)).statusCode]).toEqual([username, status])
    }
  })
})

describe('the area audit', () => {
  it('gives each criterion’s share met, referral days and attendance by agency for a range', async () => {
    const coordinator = await t.signedIn('coordinator')
    const page = $((await coordinator.get(RANGE)).body)
    expect(page('[data-qa=meeting-count]').text()).toContain('2 meetings')
    const percentage = (c: string) =>
      page(`[data-qa=area-criterion][data-criterion=${c}]`).attr('data-percentage')
    expect(percentage('attendance')).toBe('50')
    expect(percentage('plan')).toBe('100')
    expect(percentage('disclosure')).toBe('50')
    expect(percentage('review_on_time')).toBe('0')
    expect(percentage('absent_reports')).toBe('0')
    expect(page('[data-qa=referral-days]').text()).toContain('median 11 days')
    expect(page(`[data-qa=agency-figures][data-agency-id=${ids.housing}]`).text()).toContain('1 of 1')
    expect(page('[data-qa=area-meeting]')).toHaveLength(2)
    // The same range as day/month/year fields from the form.
    const viaForm = $(
      (
        await coordinator.get(
          '/quality?area=west-yorkshire&from-day=1&from-month=1&from-year=2020&to-day=31&to-month=3&to-year=2020',
        )
      ).body,
    )
    expect(viaForm('[data-qa=meeting-count]').text()).toContain('1 meeting')
    // Junk in a bookmarked range is ignored.
    expect((await coordinator.get('/quality?from=yesterday&to=2020-99-99')).statusCode).toBe(200)
  })

  it('is in the API, per meeting and per area', async () => {
    const key = (
      await createApiKey(t.database.db, {
        agencyId: await agencyId('wyp'),
        name: 'Board reporting',
        scopes: ['quality:view'],
      })
    ).key
    const call = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })
    const area = await call('/api/v1/quality?area=west-yorkshire&from=2020-01-01&to=2020-12-31')
    expect(area.statusCode).toBe(200)
    expect(area.json()).toMatchObject({
      areaCode: 'west-yorkshire',
      from: '2020-01-01',
      tally: { plan: { met: 2, notMet: 0, percentage: 100 }, disclosure: { met: 1, notMet: 1 } },
      referralToMeeting: { cases: 1, medianDays: 11 },
    })
    const one = await call(`/api/v1/meetings/${ids.second}/quality`)
    expect(one.statusCode).toBe(200)
    // A police system with quality:view but not meeting:view sees figures only.
    expect(one.json().cases[0]).toMatchObject({ personId: null, person: null })
    expect((await call(`/api/v1/meetings/${crypto.randomUUID()}/quality`)).statusCode).toBe(404)
    expect((await call('/api/v1/quality?area=london')).statusCode).toBe(403)

    const staffKey = (
      await createApiKey(t.database.db, {
        agencyId: await agencyId('wyp'),
        name: 'Police system',
        scopes: ['meeting:view'],
      })
    ).key
    const named = await t.app.inject({
      method: 'GET',
      url: `/api/v1/meetings/${ids.second}/quality`,
      headers: { authorization: `Bearer ${staffKey}` },
    })
    expect(named.json().cases[0]).toMatchObject({
      personId: person.id,
      person: { familyName: person.familyName },
    })
  })
})
