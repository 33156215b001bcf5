import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPdf } from '../../../test/support/pdf.js'
import { $, createTestApp, TEST_SEALING_KEY, type TestApp } from '../../../test/support/test-app.js'
import { agencyIdOf, userIdOf } from '../registrations/test-support.js'
import {
  auditEvents,
  conditions,
  meetingActions,
  meetingCases,
  meetingInvitations,
  meetings,
  people,
  personAddresses,
  personManagers,
  personTimeline,
  referrals,
  registrations,
  riskAssessments,
  riskPlanEntries,
  riskPlans,
  victimRequests,
  victims,
  victimViews,
  zones,
} from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { createSealer } from '../../security/sealing.js'
import { DEFAULT_MARKING } from '../../web/pdf.js'
import { paths } from '../../web/paths.js'
import { buildPack } from './pack.js'

let t: TestApp
/** West Yorkshire Police's case system: responsible-authority access to the area's meetings. */
let policeKey: string
/** Leeds City Council Housing's system: a duty-to-co-operate agency. */
let housingKey: string
const today = londonDateOf(new Date().toISOString())
const hours = (n: number) => new Date(Date.now() + n * 3_600_000)

/** What a victim told the VLO: none of it may reach the pack. */
const VICTIM_SECRETS = [
  'Marigold Featherstonehaugh',
  '12 Quillfeather Row',
  '07700 900123',
  'frightened of him',
]
/** A zone's centre: the pack names zones but never says where they are. */
const ZONE_LON = -1.5123456
const ZONE_LAT = 53.8123456

const db = () => t.database.db

const agencyId = (code: string) => agencyIdOf(t, code)

const userId = (username: string) => userIdOf(t, username)

async function newPerson(givenName: string, familyName: string) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: { authorization: `Bearer ${policeKey}` },
    payload: { givenName, familyName, dateOfBirth: '1975-02-03', area: 'west-yorkshire' },
  })
  expect(created.statusCode).toBe(201)
  return created.json().id as string
}

async function newMeeting(heldOn: string, status = 'scheduled') {
  const [row] = await db()
    .insert(meetings)
    .values({
      areaCode: 'west-yorkshire',
      level: 2,
      heldOn,
      startsAt: '10:00',
      chairName: 'Dr Helen Clarke',
      chairAgencyId: await agencyId('wyp'),
      chairRank: 'Detective Superintendent',
      format: 'online',
      status,
    })
    .returning({ id: meetings.id })
  return row!.id
}

async function addCase(meetingId: string, personId: string, position = 1, referralId?: string) {
  const [row] = await db()
    .insert(meetingCases)
    .values({ meetingId, personId, position, kind: referralId ? 'initial' : 'review', referralId })
    .returning({ id: meetingCases.id })
  return row!.id
}

async function invite(meetingId: string, agencyCode: string, accessUntil: Date) {
  const [row] = await db()
    .insert(meetingInvitations)
    .values({
      meetingId,
      agencyId: await agencyId(agencyCode),
      lawfulBasis: 'Criminal Justice Act 2003 s.325(3): duty to co-operate',
      accessUntil,
    })
    .returning({ id: meetingInvitations.id })
  return row!.id
}

const timeline = (personId: string, kind: string, title: string, at: Date, detail?: string) =>
  db().insert(personTimeline).values({ personId, kind, title, detail, at })

/** The case the boundaries are about, with something in every section of the pack. */
async function fullCase(personId: string, previousMeetingId: string, previousMeetingOn: string) {
  const wyp = await agencyId('wyp')
  const housing = await agencyId('leeds-housing')
  await db()
    .update(people)
    .set({ pncId: '1998/0123456X', crn: 'X123456', niNumber: 'QQ123456C' })
    .where(eq(people.id, personId))
  await db()
    .insert(personManagers)
    .values({ personId, userId: await userId('police.om'), kind: 'police' })
  await db()
    .insert(registrations)
    .values({ personId, category: 1, level: 2, registeredOn: addDays(today, -400), leadAgencyId: wyp })
  await db()
    .insert(personAddresses)
    .values({
      personId,
      kind: 'home',
      line1: '4 Pack Terrace',
      town: 'Leeds',
      postcode: 'LS6 2AB',
      validFrom: addDays(today, -20),
      latitude: 53.81,
      longitude: -1.56,
    })
  await db()
    .insert(riskAssessments)
    .values({
      personId,
      tool: 'oasys_rosh',
      assessedOn: addDays(today, -15),
      band: 'high',
      nextDueOn: addDays(today, 100),
      data: {
        inputs: {
          custody: false,
          overall: 'high',
          children: 'high',
          public: 'medium',
          knownAdult: 'very_high',
          staff: 'low',
        },
      },
    })
  const [signed] = await db()
    .insert(riskPlans)
    .values({
      personId,
      number: 1,
      status: 'signed_off',
      signedOffAt: new Date(),
      reviewOn: addDays(today, 60),
    })
    .returning({ id: riskPlans.id })
  await db()
    .insert(riskPlanEntries)
    .values([
      { planId: signed!.id, pillar: 'supervision', position: 1, text: 'Weekly probation appointments' },
      {
        planId: signed!.id,
        pillar: 'contingency',
        position: 1,
        text: 'Recall if he enters the zone',
        ownerAgencyId: wyp,
      },
    ])
  const [draft] = await db()
    .insert(riskPlans)
    .values({ personId, number: 2, status: 'draft' })
    .returning({ id: riskPlans.id })
  await db()
    .insert(riskPlanEntries)
    .values({ planId: draft!.id, pillar: 'supervision', position: 1, text: 'Draft text not yet agreed' })
  const [noContact, exclusion] = await db()
    .insert(conditions)
    .values([
      {
        personId,
        source: 'licence',
        kind: 'no_contact',
        wording: 'Not to contact the victim of the index offence directly or indirectly.',
        startsOn: addDays(today, -100),
      },
      {
        personId,
        source: 'licence',
        kind: 'exclusion_zone',
        wording: 'Not to enter the area of Harehills shown on the attached map.',
        startsOn: addDays(today, -100),
      },
      {
        personId,
        source: 'licence',
        kind: 'reporting',
        wording: 'Report to Elland Road police station every Monday.',
        startsOn: addDays(today, -100),
        endsOn: addDays(today, -50),
      },
    ])
    .returning({ id: conditions.id })
  const ring = [
    [ZONE_LON - 0.01, ZONE_LAT - 0.01],
    [ZONE_LON + 0.01, ZONE_LAT - 0.01],
    [ZONE_LON + 0.01, ZONE_LAT + 0.01],
    [ZONE_LON - 0.01, ZONE_LAT + 0.01],
    [ZONE_LON - 0.01, ZONE_LAT - 0.01],
  ]
  const [zone] = await db()
    .insert(zones)
    .values({
      personId,
      conditionId: exclusion!.id,
      name: 'Harehills exclusion zone',
      kind: 'exclusion',
      geometry: { type: 'Polygon', coordinates: [ring] },
      circle: { centre: [ZONE_LON, ZONE_LAT], radiusMetres: 900 },
      minLon: ZONE_LON - 0.01,
      minLat: ZONE_LAT - 0.01,
      maxLon: ZONE_LON + 0.01,
      maxLat: ZONE_LAT + 0.01,
      startsOn: addDays(today, -100),
    })
    .returning({ id: zones.id })
  // The victims' compartment: sealed as the victims feature seals it.
  const sealer = createSealer(TEST_SEALING_KEY)
  const [victim] = await db()
    .insert(victims)
    .values({
      personId,
      kind: 'victim',
      sealed: sealer.seal('victim', {
        name: VICTIM_SECRETS[0],
        address: `${VICTIM_SECRETS[1]}, Leeds LS9 7QQ`,
        phone: VICTIM_SECRETS[2],
      }),
      vloUserId: await userId('vlo'),
    })
    .returning({ id: victims.id })
  await db()
    .insert(victimViews)
    .values({
      victimId: victim!.id,
      recordedOn: addDays(today, -3),
      sealed: sealer.seal('victim_view', { text: `She is ${VICTIM_SECRETS[3]}` }),
    })
  await db()
    .insert(victimRequests)
    .values({
      victimId: victim!.id,
      personId,
      kind: 'exclusion_zone',
      wording: 'Exclusion zone around the victim’s home',
      sealed: sealer.seal('victim_request', { where: VICTIM_SECRETS[1] }),
      requestedOn: addDays(today, -120),
      status: 'granted',
      conditionId: exclusion!.id,
      zoneId: zone!.id,
    })
  // Open and done actions from the last meeting.
  await db()
    .insert(meetingActions)
    .values([
      {
        meetingId: previousMeetingId,
        personId,
        text: 'Check the tenancy at Pack Terrace',
        ownerName: 'Sam Patel',
        ownerAgencyId: housing,
        dueOn: addDays(today, -5),
      },
      {
        meetingId: previousMeetingId,
        personId,
        text: 'Already done: book a home visit',
        ownerName: 'Priya Shah',
        ownerAgencyId: wyp,
        dueOn: addDays(today, -20),
        status: 'done',
      },
    ])
  // History: before the last meeting, since it, and entries the pack must leave out.
  const before = new Date(`${addDays(previousMeetingOn, -10)}T12:00:00Z`)
  const since = new Date(`${addDays(today, -10)}T12:00:00Z`)
  await timeline(personId, 'address.added', 'Address added', before, 'Home address: 9 Old Road, Leeds')
  await timeline(personId, 'address.changed', 'Address changed', since, 'Home address: 4 Pack Terrace, Leeds')
  await timeline(personId, 'risk.assessed', 'Risk assessed: OASys RoSH: high', since)
  await timeline(personId, 'breach.recorded', 'Suspected breach recorded', since, 'Failed to notify a car')
  await timeline(
    personId,
    'visit.recorded',
    'Home visit recorded: person seen',
    since,
    'Officers: Priya Shah',
  )
  await timeline(personId, 'zone.added', 'Zone added', since, 'Exclusion zone: Harehills exclusion zone')
  await timeline(personId, 'risk.person_at_risk_added', 'At risk: Bartholomew Atrisk', since)
  await timeline(personId, 'victim.recorded', `Victim recorded: ${VICTIM_SECRETS[0]}`, since)
  return { noContactId: noContact!.id, exclusionId: exclusion!.id }
}

let subject: string
let other: string
let restricted: string
let meetingM: string
let meetingN: string
let previousOn: string
let caseX: string
let caseRestricted: string
let caseY: string
let invitationM: string

beforeAll(async () => {
  t = await createTestApp()
  const wyp = await agencyId('wyp')
  policeKey = (await createApiKey(db(), { agencyId: wyp, name: 'Police case system' })).key
  housingKey = (
    await createApiKey(db(), {
      agencyId: await agencyId('leeds-housing'),
      name: 'Housing system',
      scopes: ['person:list', 'person:view', 'meeting:view'],
    })
  ).key
  subject = await newPerson('Packard', 'Subject')
  other = await newPerson('Otto', 'Elsewhere')
  restricted = await newPerson('Rita', 'Restricted')
  await db().update(people).set({ restricted: true }).where(eq(people.id, restricted))
  await db()
    .insert(personManagers)
    .values({ personId: restricted, userId: await userId('probation.pp'), kind: 'probation' })
  previousOn = addDays(today, -60)
  const previous = await newMeeting(previousOn, 'finalised')
  await addCase(previous, subject)
  meetingM = await newMeeting(addDays(today, 7))
  meetingN = await newMeeting(addDays(today, 14))
  caseX = await addCase(meetingM, subject, 1)
  caseRestricted = await addCase(meetingM, restricted, 2)
  caseY = await addCase(meetingN, other, 1)
  invitationM = await invite(meetingM, 'leeds-housing', hours(24 * 10))
  await fullCase(subject, previous, previousOn)
})
afterAll(() => t.close())

const packUrl = () => paths.meetings.pack(meetingM, caseX)
const api = (url: string, key: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })

describe('the meeting pack, built from the record', () => {
  it('holds the record summary, risk, plan, conditions in force, open actions and what changed', async () => {
    const response = await api(paths.api.meetingPack(meetingM, caseX), policeKey)
    expect(response.statusCode).toBe(200)
    const pack = response.json()
    expect(pack.person).toMatchObject({
      givenName: 'Packard',
      familyName: 'Subject',
      dateOfBirth: '1975-02-03',
      identifiers: { pncId: '1998/0123456X', crn: 'X123456', niNumber: 'QQ123456C' },
      registration: { category: { code: 1 }, level: { code: 2 }, registeredOn: addDays(today, -400) },
      leadAgency: 'West Yorkshire Police',
      managers: [{ name: 'Priya Shah', kind: 'Police' }],
      address: { kind: 'Home address', lines: ['4 Pack Terrace', 'Leeds', 'LS6 2AB'] },
    })
    expect(pack.risk.overall).toMatchObject({ level: { code: 'high' }, assessedOn: addDays(today, -15) })
    expect(pack.risk.overall.groups).toContainEqual({ group: 'Known adult', level: 'Very high' })
    // The signed-off version, not the later draft.
    expect(pack.plan).toMatchObject({ number: 1, status: { code: 'signed_off' } })
    const pillar = (key: string) => pack.plan.pillars.find((p: { pillar: string }) => p.pillar === key)
    expect(pillar('supervision').entries).toEqual([
      { text: 'Weekly probation appointments', owner: null, reviewOn: null },
    ])
    expect(pillar('contingency').entries[0]).toMatchObject({ owner: 'West Yorkshire Police' })
    expect(pillar('victim_safety').entries).toEqual([])
    // In force only, as worded; the ended reporting condition is left out.
    expect(pack.conditions.map((c: { kind: { code: string } }) => c.kind.code).sort()).toEqual([
      'exclusion_zone',
      'no_contact',
    ])
    expect(pack.conditions.every((c: { protectsVictims: boolean }) => c.protectsVictims)).toBe(true)
    expect(pack.zones).toEqual([
      {
        name: 'Harehills exclusion zone',
        kind: { code: 'exclusion', text: expect.any(String) },
        endsOn: null,
      },
    ])
    expect(pack.actions).toEqual([
      expect.objectContaining({
        text: 'Check the tenancy at Pack Terrace',
        owner: 'Sam Patel',
        ownerAgency: 'Leeds City Council Housing',
        overdue: true,
        setOn: previousOn,
      }),
    ])
    expect(pack.victims).toEqual({
      recorded: 1,
      statement: '1 victim recorded; their details are held by the victim liaison officer.',
    })
    expect(pack.distribution).toEqual(
      expect.arrayContaining(['West Yorkshire Police', 'HMP Leeds', 'Leeds City Council Housing']),
    )
    expect(pack.distribution.indexOf('Leeds City Council Housing')).toBe(pack.distribution.length - 1)
  })

  it('lists what changed since the last meeting about the person, by kind, and nothing older', async () => {
    const pack = (await api(paths.api.meetingPack(meetingM, caseX), policeKey)).json()
    expect(pack.changes).toMatchObject({ since: previousOn, basis: 'meeting' })
    const group = (key: string) =>
      pack.changes.groups.find((g: { group: string }) => g.group === key).entries as { title: string }[]
    expect(group('addresses').map((e) => e.title)).toEqual(['Address changed'])
    expect(group('risk').map((e) => e.title)).toEqual(['Risk assessed: OASys RoSH: high'])
    expect(group('breaches')).toHaveLength(1)
    expect(group('visits')).toHaveLength(1)
    expect(group('conditions').map((e) => e.title)).toEqual(['Zone added'])
    expect(group('notifications')).toEqual([])
    const text = JSON.stringify(pack)
    // People at risk are not named, and the victims' compartment's history stays there.
    expect(text).not.toContain('Bartholomew')
    expect(text).not.toContain('Victim recorded')
  })

  it('counts changes from the referral when there is no earlier meeting, else from registration', async () => {
    const referred = await newPerson('Rufus', 'Referred')
    const [referral] = await db()
      .insert(referrals)
      .values({
        reference: 'REF-PACK-1',
        personId: referred,
        areaCode: 'west-yorkshire',
        levelRequested: 2,
        form: {},
        reason: 'Escalating risk',
        currentRisk: 'High',
        currentPlan: 'Level 1',
        addedValue: 'Housing input',
        status: 'accepted',
        submittedAt: new Date(`${addDays(today, -9)}T09:00:00Z`),
      })
      .returning({ id: referrals.id })
    const referredCase = await addCase(meetingN, referred, 2, referral!.id)
    const fromReferral = (await api(paths.api.meetingPack(meetingN, referredCase), policeKey)).json()
    expect(fromReferral.changes).toMatchObject({ since: addDays(today, -9), basis: 'referral' })
    expect(fromReferral.case.kind.code).toBe('initial')

    await db()
      .insert(registrations)
      .values({ personId: other, category: 2, level: 2, registeredOn: addDays(today, -30) })
    const fromRegistration = (await api(paths.api.meetingPack(meetingN, caseY), policeKey)).json()
    expect(fromRegistration.changes).toMatchObject({ since: addDays(today, -30), basis: 'registration' })
  })

  it('is quick to build', async () => {
    const [meeting] = await db().select().from(meetings).where(eq(meetings.id, meetingM))
    const [meetingCase] = await db().select().from(meetingCases).where(eq(meetingCases.id, caseX))
    await buildPack(db(), { meeting: meeting!, meetingCase: meetingCase! })
    const started = performance.now()
    const runs = 5
    for (let i = 0; i < runs; i++) await buildPack(db(), { meeting: meeting!, meetingCase: meetingCase! })
    const each = (performance.now() - started) / runs
    expect(each).toBeLessThan(500)
  })
})

describe('victims never reach the pack', () => {
  it('leaves every victim detail out of the page, the JSON and the PDF', async () => {
    const police = await t.signedIn('police.om')
    const page = await police.get(packUrl())
    const json = await api(paths.api.meetingPack(meetingM, caseX), policeKey)
    const pdf = await police.get(paths.meetings.packPdf(meetingM, caseX))
    expect([page.statusCode, json.statusCode, pdf.statusCode]).toEqual([200, 200, 200])
    const pdfText = (await readPdf(pdf.rawPayload)).pages.join('\n')
    for (const text of [page.body, json.body, pdfText]) {
      for (const secret of VICTIM_SECRETS) expect(text).not.toContain(secret)
      expect(text).not.toContain('Exclusion zone around the victim’s home')
      // Nor where the zones are.
      expect(text).not.toContain(String(ZONE_LON).slice(0, 7))
      expect(text).not.toContain(String(ZONE_LAT).slice(0, 6))
    }
    expect($(page.body)('[data-qa=pack-victim-statement]').text()).toContain('1 victim recorded')
    // The conditions that protect them, as worded.
    expect(pdfText).toContain('Not to enter the area of Harehills')
  })
})

describe('who may see the pack', () => {
  it('shows an invited agency the pack of a case on its meeting, with when its access ends', async () => {
    const housing = await t.signedIn('housing')
    const response = await housing.get(packUrl())
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('h1').text()).toContain('Packard SUBJECT')
    expect(page('[data-qa=pack-contents] a').length).toBe(8)
    expect(
      page('h2')
        .map((_i, el) => page(el).text())
        .get(),
    ).toEqual(
      expect.arrayContaining([
        'Record summary',
        'Risk summary',
        'Risk management plan',
        'Licence conditions and zones',
        'Open actions',
        'What has changed since the last meeting',
        'Victims',
      ]),
    )
    expect(page('[data-qa=access-until]').text()).toContain('s.325(3)')
    expect(page('[data-qa=pack-action]').text()).toContain('Check the tenancy at Pack Terrace')
    expect((await api(paths.api.meetingPack(meetingM, caseX), housingKey)).statusCode).toBe(200)
  })

  it('refuses an invited agency the packs of meetings it is not invited to', async () => {
    const housing = await t.signedIn('housing')
    const response = await housing.get(paths.meetings.pack(meetingN, caseY))
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('not been invited')
    expect((await housing.get(paths.meetings.packPdf(meetingN, caseY))).statusCode).toBe(403)
    expect((await api(paths.api.meetingPack(meetingN, caseY), housingKey)).statusCode).toBe(403)
  })

  it('gives an invited agency nothing else of the record', async () => {
    const housing = await t.signedIn('housing')
    for (const url of [
      paths.people.show(subject),
      paths.people.risk(subject),
      paths.people.plan(subject),
      paths.people.conditions(subject),
      paths.people.section(subject, 'addresses'),
    ])
      expect((await housing.get(url)).statusCode, url).toBe(403)
    for (const url of [
      paths.api.person(subject),
      paths.api.riskSummary(subject),
      `/api/v1/people/${subject}/conditions`,
    ])
      expect((await api(url, housingKey)).statusCode, url).toBe(403)
  })

  it('answers 404 for a case that is not on the meeting', async () => {
    const police = await t.signedIn('police.om')
    expect((await police.get(paths.meetings.pack(meetingM, caseY))).statusCode).toBe(404)
    expect((await api(paths.api.meetingPack(meetingM, caseY), policeKey)).statusCode).toBe(404)
  })

  it('shows the area’s responsible-authority staff the pack; a restricted record stays restricted', async () => {
    for (const username of ['police.om', 'probation.pp', 'coordinator']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(packUrl())).statusCode, username).toBe(200)
    }
    const police = await t.signedIn('police.om')
    const refused = await police.get(paths.meetings.pack(meetingM, caseRestricted))
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('restricted')
    const named = await t.signedIn('probation.pp')
    expect((await named.get(paths.meetings.pack(meetingM, caseRestricted))).statusCode).toBe(200)
  })

  it('never shows the pack to lay advisers or the Strategic Management Board', async () => {
    for (const username of ['lay.adviser', 'smb']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(packUrl())).statusCode, username).toBe(403)
      expect((await agent.get(paths.meetings.packPdf(meetingM, caseX))).statusCode, username).toBe(403)
    }
  })

  it('audits each view and download against the person', async () => {
    const housing = await t.signedIn('housing')
    await housing.get(packUrl())
    await housing.get(paths.meetings.packPdf(meetingM, caseX))
    const events = await db()
      .select({ event: auditEvents.event, outcome: auditEvents.outcome, recordType: auditEvents.recordType })
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, subject)))
    expect(events).toEqual(
      expect.arrayContaining([
        { event: 'MEETING_PACK_VIEWED', outcome: 'success', recordType: 'person' },
        { event: 'MEETING_PACK_DOWNLOADED', outcome: 'success', recordType: 'person' },
      ]),
    )
  })

  it('ends an invited agency’s access when the invitation expires or is revoked', async () => {
    const housing = await t.signedIn('housing')
    await db()
      .update(meetingInvitations)
      .set({ accessUntil: hours(-1) })
      .where(eq(meetingInvitations.id, invitationM))
    const expired = await housing.get(packUrl())
    expect(expired.statusCode).toBe(403)
    expect($(expired.body)('main').text()).toContain('access to this meeting has ended')
    const viaApi = await api(paths.api.meetingPack(meetingM, caseX), housingKey)
    expect(viaApi.statusCode).toBe(403)
    expect(viaApi.json().errors[0].message).toContain('has ended')
    expect((await housing.get(paths.meetings.packPdf(meetingM, caseX))).statusCode).toBe(403)

    await db()
      .update(meetingInvitations)
      .set({ accessUntil: hours(24), revokedAt: new Date() })
      .where(eq(meetingInvitations.id, invitationM))
    const revoked = await housing.get(packUrl())
    expect(revoked.statusCode).toBe(403)
    expect($(revoked.body)('main').text()).toContain('access to this meeting has ended')
    expect((await api(paths.api.meetingPack(meetingM, caseX), housingKey)).statusCode).toBe(403)
    // Responsible-authority staff are not affected.
    expect((await (await t.signedIn('police.om')).get(packUrl())).statusCode).toBe(200)
    await db()
      .update(meetingInvitations)
      .set({ accessUntil: hours(24 * 10), revokedAt: null })
      .where(eq(meetingInvitations.id, invitationM))
  })
})

describe('the pack as a PDF', () => {
  it('is a tagged, marked attachment with the distribution on every page', async () => {
    const housing = await t.signedIn('housing')
    const response = await housing.get(paths.meetings.packPdf(meetingM, caseX))
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="meeting-pack-.+\.pdf"$/)
    expect(response.headers['cache-control']).toContain('no-store')
    const { pages, roles, info } = await readPdf(response.rawPayload)
    expect(info.Title).toBe('Meeting pack: Packard SUBJECT')
    expect(pages.length).toBeGreaterThan(1)
    const distribution = ['West Yorkshire Police', 'Probation Service – West Yorkshire', 'HMP Leeds']
    pages.forEach((text, i) => {
      expect(text).toContain(DEFAULT_MARKING)
      expect(text).toContain(`Page ${i + 1} of ${pages.length}. Distribution: `)
      for (const name of [...distribution, 'Leeds City Council Housing']) expect(text).toContain(name)
    })
    const all = pages.join('\n')
    for (const heading of [
      'Record summary',
      'Risk summary',
      'Risk management plan',
      'Licence conditions and prohibitions in force',
      'Open actions',
      'What has changed since the last meeting',
      'Victims',
    ])
      expect(all).toContain(heading)
    expect(all).toContain('Weekly probation appointments')
    expect(all).not.toContain('Draft text not yet agreed')
    expect([...roles]).toEqual(expect.arrayContaining(['H1', 'H2', 'H3', 'Table', 'L', 'P']))
  })
})

describe('the pack API', () => {
  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    const operation = doc.paths['/api/v1/meetings/{id}/cases/{caseId}/pack'].get
    expect(operation.tags).toEqual(['Meetings'])
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '403', '404']))
  })
})
