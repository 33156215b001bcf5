import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPdf } from '../../../test/support/pdf.js'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  auditEvents,
  disclosures,
  meetingAttendance,
  meetingCases,
  meetingInvitations,
  meetings,
  minuteFields,
  minuteRevisions,
  registrationChanges,
  registrations,
  riskPlans,
  victimSchemeChoices,
  victims,
} from '../../db/schema.js'
import { addDays, addDuration } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { paths } from '../../web/paths.js'
import { agencyIdOf, signedInAs, userIdOf } from '../registrations/test-support.js'
import { informationKey } from './fields.js'
import { CONFIDENTIALITY_STATEMENT } from './present.js'

let t: TestApp
let policeKey: string
/** A partner minute-taking system of West Yorkshire Police. */
let minutesKey: string
let chair: Agent
let coordinator: Agent
const today = londonDateOf(new Date().toISOString())
const db = () => t.database.db

const agencyId = (code: string) => agencyIdOf(t, code)

const userId = (username: string) => userIdOf(t, username)

const api = (method: 'GET' | 'PATCH' | 'PUT' | 'POST', url: string, payload?: object, key = minutesKey) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })

/** A West Yorkshire person registered Category 1, Level 2. */
async function newPerson(name = 'Minute') {
  const created = await api(
    'POST',
    '/api/v1/people',
    { givenName: name, familyName: 'Subject', dateOfBirth: '1971-04-05', area: 'west-yorkshire' },
    policeKey,
  )
  expect(created.statusCode).toBe(201)
  const id = created.json().id as string
  await db()
    .insert(registrations)
    .values({
      personId: id,
      category: 1,
      level: 2,
      levelRationale: 'Referred',
      registeredOn: addDays(today, -200),
      leadAgencyId: await agencyId('wyp'),
    })
  return id
}

/** A Level 2 meeting held today, chaired by the demo chair, with the people on its agenda. */
async function newMeeting(personIds: string[], options: { invite?: string[] } = {}) {
  const [meeting] = await db()
    .insert(meetings)
    .values({
      areaCode: 'west-yorkshire',
      level: 2,
      heldOn: today,
      startsAt: '10:00',
      chairUserId: await userId('chair'),
      chairName: 'Dr Helen Clarke',
      chairAgencyId: await agencyId('wyp'),
      chairRank: 'Detective Superintendent',
      format: 'online',
    })
    .returning()
  const cases: string[] = []
  for (const [i, personId] of personIds.entries()) {
    const [row] = await db()
      .insert(meetingCases)
      .values({ meetingId: meeting!.id, personId, position: i + 1, kind: 'review' })
      .returning({ id: meetingCases.id })
    cases.push(row!.id)
  }
  for (const code of options.invite ?? ['leeds-housing'])
    await db()
      .insert(meetingInvitations)
      .values({
        meetingId: meeting!.id,
        agencyId: await agencyId(code),
        lawfulBasis: 'Criminal Justice Act 2003 s.325(3): duty to co-operate',
        accessUntil: new Date(Date.now() + 7 * 86_400_000),
      })
  return { id: meeting!.id, cases }
}

const fieldUrl = (meetingId: string, caseId: string, field: string) =>
  paths.meetings.minutesField(meetingId, caseId, field)

async function saveField(
  agent: Agent,
  meetingId: string,
  caseId: string,
  field: string,
  value: string,
  version: number,
) {
  const response = await agent.post(fieldUrl(meetingId, caseId, field), { value, version: String(version) })
  return { status: response.statusCode, body: response.json() }
}

const revisions = (caseId: string, field: string) =>
  db()
    .select()
    .from(minuteRevisions)
    .where(and(eq(minuteRevisions.meetingCaseId, caseId), eq(minuteRevisions.field, field)))

const caseRow = async (caseId: string) =>
  (await db().select().from(meetingCases).where(eq(meetingCases.id, caseId)))[0]!

/** Everything finalising needs, recorded through the API as a partner system would. */
async function completeCase(meetingId: string, caseId: string, level = 2) {
  expect(
    (
      await api('PATCH', paths.api.minutes(meetingId), {
        caseId,
        field: 'level-rationale',
        value: 'Risk is stable but high.',
        version: 0,
      })
    ).statusCode,
  ).toBe(200)
  const decide = async (body: object) => {
    const version = (await caseRow(caseId)).version
    const response = await api('PUT', paths.api.minutes(meetingId), { caseId, version, ...body })
    expect(response.statusCode, response.body).toBe(200)
  }
  await decide({ decision: 'victims', victimInput: 'written_report' })
  await decide({ decision: 'disclosure', disclose: false, notNeededReason: 'No third party at risk.' })
  await decide({
    decision: 'level',
    level,
    category: 1,
    nextReviewOn: level === 1 ? null : addDays(today, 28),
  })
}

async function recordAttendance(meetingId: string) {
  const read = await api('GET', paths.api.minutes(meetingId))
  const response = await api('PUT', paths.api.meetingAttendance(meetingId), {
    version: read.json().attendance.version,
    agencies: [
      {
        agencyId: await agencyId('wyp'),
        status: 'attended',
        attendees: 'DS Helen Clarke (chair); PC Priya Shah, offender manager',
        reportSubmitted: true,
        confidentialityAcknowledged: true,
      },
      {
        agencyId: await agencyId('leeds-housing'),
        status: 'apologies',
        attendees: null,
        reportSubmitted: true,
        confidentialityAcknowledged: false,
      },
    ],
  })
  expect(response.statusCode, response.body).toBe(200)
}

beforeAll(async () => {
  t = await createTestApp()
  const wyp = await agencyId('wyp')
  policeKey = (await createApiKey(db(), { agencyId: wyp, name: 'Police case system' })).key
  minutesKey = (
    await createApiKey(db(), {
      agencyId: wyp,
      name: 'Minute-taking system',
      scopes: ['person:view', 'meeting:view', 'meeting:minute', 'disclosure:record', 'risk:manage'],
    })
  ).key
  chair = await signedInAs(t, 'chair', 'West Yorkshire')
  coordinator = await t.signedIn('coordinator')
})
afterAll(() => t.close())

describe('attendance (MAPPA C, with the MAPPA D confidentiality statement)', () => {
  it('lists invited agencies first, shows the statement, and saves each agency’s attendance', async () => {
    const meeting = await newMeeting([await newPerson()])
    const page = $((await coordinator.get(paths.meetings.attendance(meeting.id))).body)
    expect(page('[data-qa=confidentiality-statement]').text()).toContain(
      CONFIDENTIALITY_STATEMENT[1]!.slice(0, 60),
    )
    const lines = page('[data-qa=attendance-line]')
    expect(lines.first().text()).toContain('Leeds City Council Housing')
    expect(lines.first().text()).toContain('Invited')
    expect(lines.eq(1).text()).toContain('West Yorkshire Police')

    const housing = await agencyId('leeds-housing')
    const wyp = await agencyId('wyp')
    const probation = await agencyId('wy-probation')
    const form = {
      version: String(page('input[name=version]').val()),
      [`line-${housing}`]: housing,
      [`line-${wyp}`]: wyp,
      [`status-${housing}`]: 'attended',
      [`attendees-${housing}`]: 'Sam Patel, housing officer',
      [`confidentiality-${housing}`]: 'yes',
      [`status-${wyp}`]: 'attended',
      [`attendees-${wyp}`]: 'Dr Helen Clarke, chair',
      [`confidentiality-${wyp}`]: 'yes',
      'agency-new': probation,
      'status-new': 'apologies',
      'report-new': 'yes',
    }
    const saved = await coordinator.post(paths.meetings.attendance(meeting.id), form)
    expect(saved.statusCode, saved.body).toBe(303)
    const rows = await db()
      .select()
      .from(meetingAttendance)
      .where(eq(meetingAttendance.meetingId, meeting.id))
    expect(rows.map((r) => [r.agencyId, r.status, r.reportSubmitted]).sort()).toEqual(
      [
        [housing, 'attended', false],
        [wyp, 'attended', false],
        [probation, 'apologies', true],
      ].sort(),
    )
  })

  it('an agency that attended must acknowledge the statement: 400 with the typed values kept', async () => {
    const meeting = await newMeeting([await newPerson()])
    const page = $((await coordinator.get(paths.meetings.attendance(meeting.id))).body)
    const housing = await agencyId('leeds-housing')
    const response = await coordinator.post(paths.meetings.attendance(meeting.id), {
      version: String(page('input[name=version]').val()),
      [`line-${housing}`]: housing,
      [`status-${housing}`]: 'attended',
      [`attendees-${housing}`]: 'Sam Patel, housing officer',
    })
    expect(response.statusCode).toBe(400)
    const again = $(response.body)
    expect(again('.govuk-error-summary').text()).toContain('acknowledge the confidentiality statement')
    expect(again(`#attendees-${housing}`).val()).toBe('Sam Patel, housing officer')
  })

  it('a save based on an older reading is refused (409), nothing overwritten', async () => {
    const meeting = await newMeeting([await newPerson()])
    await recordAttendance(meeting.id)
    const response = await api('PUT', paths.api.meetingAttendance(meeting.id), {
      version: 'stale',
      agencies: [],
    })
    expect(response.statusCode).toBe(409)
    expect(
      await db().select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, meeting.id)),
    ).toHaveLength(2)
  })

  it('only minute-takers record attendance: an agency representative and an offender manager are refused', async () => {
    const meeting = await newMeeting([await newPerson()])
    for (const username of ['housing', 'police.om']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(paths.meetings.attendance(meeting.id))).statusCode).toBe(403)
    }
    expect(
      (await api('PUT', paths.api.meetingAttendance(meeting.id), { version: 'x', agencies: [] }, policeKey))
        .statusCode,
    ).toBe(403)
  })
})

describe('autosave: typed text is never lost', () => {
  it('saves of different fields at the same time are both kept', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const [a, b] = await Promise.all([
      saveField(coordinator, meeting.id, caseId, 'risk-rosh', 'High risk to children', 0),
      saveField(chair, meeting.id, caseId, 'risk-diversity', 'Needs an interpreter', 0),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    expect(a.body).toMatchObject({
      field: 'risk-rosh',
      value: 'High risk to children',
      version: 1,
      outcome: 'saved',
    })
    const stored = await db().select().from(minuteFields).where(eq(minuteFields.meetingCaseId, caseId))
    expect(Object.fromEntries(stored.map((f) => [f.field, f.value]))).toEqual({
      'risk-rosh': 'High risk to children',
      'risk-diversity': 'Needs an interpreter',
    })
  })

  it('two saves of one field from the same version: one is saved, the other gets 409 with the current text and is kept', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    expect((await saveField(coordinator, meeting.id, caseId, 'victim-issues', 'First draft', 0)).status).toBe(
      200,
    )
    const [a, b] = await Promise.all([
      saveField(coordinator, meeting.id, caseId, 'victim-issues', 'Coordinator’s version', 1),
      saveField(chair, meeting.id, caseId, 'victim-issues', 'Chair’s version', 1),
    ])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual([200, 409])
    const lost = a.status === 409 ? a : b
    const won = a.status === 200 ? a : b
    expect(lost.body.current).toMatchObject({ value: won.body.value, version: 2 })
    expect(lost.body.yours.value).toBe(a.status === 409 ? 'Coordinator’s version' : 'Chair’s version')
    const kept = await revisions(caseId, 'victim-issues')
    expect(kept.find((r) => r.value === lost.body.yours.value)).toMatchObject({
      outcome: 'conflict',
      baseVersion: 1,
    })
    // The page shows the text that lost, until someone merges it.
    const page = $((await coordinator.get(paths.meetings.minutes(meeting.id, caseId))).body)
    expect(page('[data-qa=unmerged]').text()).toContain(lost.body.yours.value)
    // A merge based on the current version goes through.
    const merged = await saveField(
      coordinator,
      meeting.id,
      caseId,
      'victim-issues',
      'Both versions merged',
      2,
    )
    expect(merged.body).toMatchObject({ version: 3, outcome: 'saved' })
    const after = $((await coordinator.get(paths.meetings.minutes(meeting.id, caseId))).body)
    expect(after('[data-qa=unmerged]')).toHaveLength(0)
  })

  it('under a burst of concurrent saves every text is either the current value or in the revisions', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const texts = Array.from({ length: 12 }, (_, i) => `Text number ${i}`)
    const results = await Promise.all(
      texts.map((text, i) => saveField(i % 2 ? chair : coordinator, meeting.id, caseId, 'dissent', text, 0)),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(texts.length - 1)
    const [field] = await db()
      .select()
      .from(minuteFields)
      .where(and(eq(minuteFields.meetingCaseId, caseId), eq(minuteFields.field, 'dissent')))
    const kept = new Set([field!.value, ...(await revisions(caseId, 'dissent')).map((r) => r.value)])
    for (const text of texts) expect(kept.has(text), text).toBe(true)
    expect(await revisions(caseId, 'dissent')).toHaveLength(texts.length)
  })

  it('a field that is not part of the minutes is refused (400); a field save needs a CSRF token', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    expect((await saveField(coordinator, meeting.id, caseId, 'favourite-colour', 'x', 0)).status).toBe(400)
    const forged = await coordinator.post(
      fieldUrl(meeting.id, caseId, 'dissent'),
      { value: 'x', version: '0' },
      { csrf: false },
    )
    expect(forged.statusCode).toBe(403)
  })

  it('without JavaScript the Save button posts the section; a stale field shows both texts and keeps what was typed', async () => {
    const person = await newPerson()
    const meeting = await newMeeting([person])
    const caseId = meeting.cases[0]!
    await recordAttendance(meeting.id)
    const url = paths.meetings.minutes(meeting.id, caseId)
    const page = $((await coordinator.get(url)).body)
    const wyp = await agencyId('wyp')
    const info = informationKey(wyp)
    // Information fields for the agencies that attended or reported, in MAPPA C order.
    expect(page(`textarea[name="${info}"]`)).toHaveLength(1)
    expect(page(`textarea[name="${informationKey(await agencyId('leeds-housing'))}"]`)).toHaveLength(1)
    const headings = page('h2.govuk-heading-m')
      .map((_i, el) => page(el).text())
      .get()
    expect(headings.slice(0, 9).map((h) => h.replace(/^\d+\. /, ''))).toEqual([
      'Category and level',
      'Information shared by each agency',
      'Risk assessment',
      'Risk management plan',
      'Victim issues',
      'Disclosure decision',
      'Level decision and next review',
      'Dissent',
      'Actions',
    ])
    expect(page('#field-risk-rosh').attr('data-save-url')).toBe(fieldUrl(meeting.id, caseId, 'risk-rosh'))
    const saved = await coordinator.post(url, {
      section: 'information',
      [info]: 'Police: two intelligence reports this month',
      [`version:${info}`]: '0',
    })
    expect(saved.statusCode).toBe(303)
    // Someone else saves the same field; this user's form still holds version 1.
    await saveField(chair, meeting.id, caseId, info, 'Chair rewrote the police update', 1)
    const stale = await coordinator.post(url, {
      section: 'information',
      [info]: 'Police: two intelligence reports and one arrest',
      [`version:${info}`]: '1',
    })
    expect(stale.statusCode).toBe(409)
    const conflict = $(stale.body)
    expect(conflict('[data-qa=their-text]').text()).toBe('Chair rewrote the police update')
    expect(conflict(`textarea[name="${info}"]`).val()).toBe('Police: two intelligence reports and one arrest')
    expect(conflict(`input[name="version:${info}"]`).val()).toBe('2')
    expect((await revisions(caseId, info)).map((r) => r.outcome)).toEqual(['saved', 'saved', 'conflict'])
  })

  it('the page loads the autosave script and a live status; the script is served', async () => {
    const meeting = await newMeeting([await newPerson()])
    const page = $((await coordinator.get(paths.meetings.minutes(meeting.id, meeting.cases[0]!))).body)
    expect(page('script[src="/assets/app/minutes-autosave.js"]')).toHaveLength(1)
    expect(page('[data-autosave-status]').first().attr('aria-live')).toBe('polite')
    const script = await t.app.inject({ method: 'GET', url: '/assets/app/minutes-autosave.js' })
    expect(script.statusCode).toBe(200)
    expect(script.body).toContain('Saved at')
  })

  it('every id on the page is unique, so each radio is named by its own label', async () => {
    const meeting = await newMeeting([await newPerson()])
    const page = $((await coordinator.get(paths.meetings.minutes(meeting.id, meeting.cases[0]!))).body)
    const ids = page('[id]')
      .map((_i, el) => page(el).attr('id'))
      .get()
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    expect(page('label[for="level"]').text()).toContain('Level 1')
  })
})

describe('decisions', () => {
  it('the disclosure decision: “disclose” without a recipient or legal basis is refused (400), keeping what was typed', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const version = String((await caseRow(caseId)).version)
    const response = await chair.post(paths.meetings.decision(meeting.id, caseId, 'disclosure'), {
      version,
      disclose: 'yes',
      recipientRole: 'New partner',
      rationale: 'She has two children under ten',
      lawful: 'yes',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Enter the name of the person receiving the disclosure')
    expect(summary).toContain('Enter the legal basis for the disclosure')
    expect(summary).toContain('Select whether the person will be told')
    expect(page('#recipientRole').val()).toBe('New partner')
    expect(page('#rationale').val()).toBe('She has two children under ten')
    expect(page('input[name=lawful]').attr('checked')).toBeDefined()
    expect(await db().select().from(disclosures).where(eq(disclosures.meetingCaseId, caseId))).toHaveLength(0)
    expect((await caseRow(caseId)).disclosureDecision).toBeNull()
  })

  it('“no disclosure needed” needs its reason; a decision to disclose goes into the register linked to the case', async () => {
    const person = await newPerson()
    const meeting = await newMeeting([person])
    const caseId = meeting.cases[0]!
    const url = paths.meetings.decision(meeting.id, caseId, 'disclosure')
    const noReason = await chair.post(url, { version: '1', disclose: 'no' })
    expect(noReason.statusCode).toBe(400)
    expect($(noReason.body)('.govuk-error-summary').text()).toContain('Enter why no disclosure is needed')
    expect((await chair.post(url, { version: '1' })).statusCode).toBe(400)

    const disclosed = await chair.post(url, {
      version: '1',
      disclose: 'yes',
      recipientName: 'Jane Doe',
      recipientRole: 'New partner',
      disclosedByName: 'PC Priya Shah',
      method: 'in_person',
      'plannedOn-day': String(Number(addDays(today, 3).slice(8))),
      'plannedOn-month': String(Number(addDays(today, 3).slice(5, 7))),
      'plannedOn-year': addDays(today, 3).slice(0, 4),
      content: 'His convictions for offences against children',
      legalBasis: 'Common law police powers to prevent crime',
      rationale: 'She lives with two children under ten',
      lawful: 'yes',
      necessary: 'yes',
      proportionate: 'yes',
      personTold: 'no',
      notToldReason: 'Telling him would put her at risk',
      undertakingSigned: 'yes',
    })
    expect(disclosed.statusCode, disclosed.body).toBe(303)
    const [row] = await db().select().from(disclosures).where(eq(disclosures.meetingCaseId, caseId))
    expect(row).toMatchObject({
      personId: person,
      decidedOn: today,
      recipientName: 'Jane Doe',
      personTold: false,
      undertakingSigned: true,
      plannedOn: addDays(today, 3),
    })
    expect((await caseRow(caseId)).disclosureDecision).toBe('disclose')
    // A decided disclosure cannot be undone by recording “not needed” afterwards.
    const undo = await chair.post(url, { version: '2', disclose: 'no', notNeededReason: 'Changed our minds' })
    expect(undo.statusCode).toBe(400)
  })

  it('the level decision needs its rationale; the next review defaults from the rules and may only be earlier', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const latest = addDuration(today, 'P16W')
    const page = $((await chair.get(paths.meetings.minutes(meeting.id, caseId))).body)
    expect(page('#nextReviewOn-day').val()).toBe(String(Number(latest.slice(8))))
    expect(page('#nextReviewOn-year').val()).toBe(latest.slice(0, 4))
    const url = paths.meetings.decision(meeting.id, caseId, 'level')
    const date = (d: string) => ({
      'nextReviewOn-day': d.slice(8),
      'nextReviewOn-month': d.slice(5, 7),
      'nextReviewOn-year': d.slice(0, 4),
    })
    const noRationale = await chair.post(url, { version: '1', level: '2', category: '1', ...date(latest) })
    expect(noRationale.statusCode).toBe(400)
    expect($(noRationale.body)('.govuk-error-summary').text()).toContain(
      'Enter why the meeting decided this level',
    )

    const tooLate = await chair.post(url, {
      version: '1',
      level: '2',
      category: '1',
      'level-rationale': 'Stable; still needs multi-agency management',
      'version:level-rationale': '0',
      ...date(addDays(latest, 1)),
    })
    expect(tooLate.statusCode).toBe(400)
    expect($(tooLate.body)('.govuk-error-summary').text()).toContain(`on or before ${latest}`)
    // The rationale typed with the decision was saved even though the date was refused.
    expect($(tooLate.body)('#field-level-rationale').val()).toBe(
      'Stable; still needs multi-agency management',
    )

    const saved = await chair.post(url, {
      version: '1',
      level: '2',
      category: '1',
      'level-rationale': 'Stable; still needs multi-agency management',
      'version:level-rationale': '1',
      ...date(addDays(today, 56)),
    })
    expect(saved.statusCode, saved.body).toBe(303)
    expect(await caseRow(caseId)).toMatchObject({
      levelDecision: 2,
      categoryDecision: 1,
      nextReviewOn: addDays(today, 56),
    })

    // Left blank, the date is the rules' latest for the level decided (Level 3: 8 weeks).
    const blank = await chair.post(url, {
      version: '2',
      level: '3',
      category: '1',
      'nextReviewOn-day': '',
      'nextReviewOn-month': '',
      'nextReviewOn-year': '',
    })
    expect(blank.statusCode, blank.body).toBe(303)
    expect(await caseRow(caseId)).toMatchObject({ levelDecision: 3, nextReviewOn: addDuration(today, 'P8W') })
  })

  it('a decision based on an older reading is refused (409) and nothing is overwritten', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const url = paths.meetings.decision(meeting.id, caseId, 'victims')
    expect((await chair.post(url, { version: '1', victimInput: 'attended' })).statusCode).toBe(303)
    const stale = await coordinator.post(url, { version: '1', victimInput: 'none' })
    expect(stale.statusCode).toBe(409)
    expect((await caseRow(caseId)).victimInput).toBe('attended')
  })

  it('warns when a case in the Victim Contact Scheme has neither the VLO’s attendance nor a written report', async () => {
    const person = await newPerson()
    const meeting = await newMeeting([person])
    const caseId = meeting.cases[0]!
    const url = paths.meetings.minutes(meeting.id, caseId)
    expect($((await chair.get(url)).body)('[data-qa=victim-warning]')).toHaveLength(0)
    const [victim] = await db()
      .insert(victims)
      .values({ personId: person, kind: 'victim', sealed: 'sealed' })
      .returning()
    await db()
      .insert(victimSchemeChoices)
      .values({ victimId: victim!.id, optedIn: true, on: addDays(today, -30) })
    expect($((await chair.get(url)).body)('[data-qa=victim-warning]').text()).toContain(
      'Victim Contact Scheme',
    )
    await chair.post(paths.meetings.decision(meeting.id, caseId, 'victims'), {
      version: '1',
      victimInput: 'none',
    })
    expect($((await chair.get(url)).body)('[data-qa=victim-warning]')).toHaveLength(1)
    await chair.post(paths.meetings.decision(meeting.id, caseId, 'victims'), {
      version: '2',
      victimInput: 'written_report',
    })
    expect($((await chair.get(url)).body)('[data-qa=victim-warning]')).toHaveLength(0)
    // A victim who opted out no longer brings the warning.
    await chair.post(paths.meetings.decision(meeting.id, caseId, 'victims'), {
      version: '3',
      victimInput: 'none',
    })
    await db().insert(victimSchemeChoices).values({ victimId: victim!.id, optedIn: false, on: today })
    expect($((await chair.get(url)).body)('[data-qa=victim-warning]')).toHaveLength(0)
  })

  it('changing the plan starts its next version through the plans feature and records it on the case', async () => {
    const person = await newPerson()
    await db()
      .insert(riskPlans)
      .values({ personId: person, number: 1, status: 'signed_off', signedOffAt: new Date() })
    const meeting = await newMeeting([person])
    const caseId = meeting.cases[0]!
    const response = await chair.post(paths.meetings.decision(meeting.id, caseId, 'plan'), { version: '1' })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(paths.people.planEdit(person, 2))
    const [draft] = await db()
      .select()
      .from(riskPlans)
      .where(and(eq(riskPlans.personId, person), eq(riskPlans.number, 2)))
    expect(draft!.status).toBe('draft')
    expect((await caseRow(caseId)).planId).toBe(draft!.id)
    const page = $((await chair.get(paths.meetings.minutes(meeting.id, caseId))).body)
    expect(page('[data-qa=meeting-plan]').text()).toContain('plan version 2')
  })
})

describe('finalising (the chair only)', () => {
  it('refuses, listing what is missing per case, until every case has its decisions', async () => {
    const first = await newPerson('First')
    const second = await newPerson('Second')
    const meeting = await newMeeting([first, second])
    const version = String(
      (await db().select().from(meetings).where(eq(meetings.id, meeting.id)))[0]!.version,
    )
    const refused = await chair.post(paths.meetings.finalise(meeting.id), { version })
    expect(refused.statusCode).toBe(400)
    const summary = $(refused.body)('.govuk-error-summary').text()
    expect(summary).toContain('Record the attendance by agency')
    expect(summary).toContain('First Subject: record the disclosure decision')
    expect(summary).toContain('Second Subject: record the disclosure decision')
    expect(summary).toContain('Second Subject: record how the victims’ views reached the meeting')
    expect(summary).toContain('Second Subject: record why the meeting decided this level')

    await recordAttendance(meeting.id)
    await completeCase(meeting.id, meeting.cases[0]!)
    // Everything for the second case except the disclosure decision: still refused.
    await api('PATCH', paths.api.minutes(meeting.id), {
      caseId: meeting.cases[1],
      field: 'level-rationale',
      value: 'Kept',
      version: 0,
    })
    await api('PUT', paths.api.minutes(meeting.id), {
      caseId: meeting.cases[1],
      version: 1,
      decision: 'victims',
      victimInput: 'attended',
    })
    await api('PUT', paths.api.minutes(meeting.id), {
      caseId: meeting.cases[1],
      version: 2,
      decision: 'level',
      level: 2,
      category: 1,
      nextReviewOn: addDays(today, 20),
    })
    const stillRefused = await chair.post(paths.meetings.finalise(meeting.id), { version })
    expect(stillRefused.statusCode).toBe(400)
    const text = $(stillRefused.body)('.govuk-error-summary').text()
    expect(text).toContain('Second Subject: record the disclosure decision')
    expect(text).not.toContain('First Subject')
    expect((await db().select().from(meetings).where(eq(meetings.id, meeting.id)))[0]!.status).toBe(
      'scheduled',
    )
  })

  it('only the meeting’s chair may finalise: the co-ordinator and an API key are refused (403)', async () => {
    const meeting = await newMeeting([await newPerson()])
    await recordAttendance(meeting.id)
    await completeCase(meeting.id, meeting.cases[0]!)
    const page = $((await coordinator.get(paths.meetings.finalise(meeting.id))).body)
    expect(page('[data-qa=finalise]')).toHaveLength(0)
    expect((await coordinator.post(paths.meetings.finalise(meeting.id), { version: '1' })).statusCode).toBe(
      403,
    )
    expect((await api('POST', paths.api.minutesFinalise(meeting.id), { version: 1 })).statusCode).toBe(403)
  })

  it('finalising applies each level decision to the registration and makes the minutes read-only', async () => {
    const kept = await newPerson('Kept')
    const raised = await newPerson('Raised')
    const meeting = await newMeeting([kept, raised])
    await recordAttendance(meeting.id)
    await completeCase(meeting.id, meeting.cases[0]!, 2)
    await completeCase(meeting.id, meeting.cases[1]!, 3)
    const page = $((await chair.get(paths.meetings.finalise(meeting.id))).body)
    expect(page('[data-qa=complete]')).toHaveLength(1)
    const response = await chair.post(paths.meetings.finalise(meeting.id), {
      version: String(page('input[name=version]').val()),
    })
    expect(response.statusCode, response.body).toBe(303)
    const [row] = await db().select().from(meetings).where(eq(meetings.id, meeting.id))
    expect(row).toMatchObject({ status: 'finalised', finalisedBy: await userId('chair') })
    expect(row!.finalisedAt).toBeInstanceOf(Date)

    const registrationOf = async (personId: string) =>
      (await db().select().from(registrations).where(eq(registrations.personId, personId)))[0]!
    const changesOf = async (personId: string) =>
      db()
        .select()
        .from(registrationChanges)
        .where(eq(registrationChanges.registrationId, (await registrationOf(personId)).id))
    expect((await registrationOf(raised)).level).toBe(3)
    expect((await changesOf(raised)).map((c) => c.kind)).toContain('level_changed')
    const review = (await changesOf(kept)).find((c) => c.kind === 'level_reviewed')
    expect(review).toMatchObject({ rationale: 'Risk is stable but high.', toValue: '2' })
    expect(londonDateOf(review!.at.toISOString())).toBe(today)
    // The next level review now falls due on the date the meeting set, earlier than the rules'
    // latest (16 weeks for Level 2, 8 for Level 3).
    const registration = await api('GET', paths.api.registrations(kept), undefined, policeKey)
    expect(registration.json().nextLevelReview).toBe(addDays(today, 28))
    expect(addDays(today, 28) < addDuration(today, 'P8W')).toBe(true)
    const raisedReview = await api('GET', paths.api.registrations(raised), undefined, policeKey)
    expect(raisedReview.json().nextLevelReview).toBe(addDays(today, 28))

    // Read-only: every write is refused with a clear message.
    const caseId = meeting.cases[0]!
    const field = await saveField(chair, meeting.id, caseId, 'dissent', 'Too late', 0)
    expect(field.status).toBe(409)
    expect(field.body.errors[0].message).toContain('finalised')
    expect(
      (
        await api('PATCH', paths.api.minutes(meeting.id), {
          caseId,
          field: 'dissent',
          value: 'x',
          version: 0,
        })
      ).statusCode,
    ).toBe(409)
    expect(
      (
        await chair.post(paths.meetings.decision(meeting.id, caseId, 'victims'), {
          version: '4',
          victimInput: 'none',
        })
      ).statusCode,
    ).toBe(409)
    expect(
      (await api('PUT', paths.api.meetingAttendance(meeting.id), { version: 'x', agencies: [] })).statusCode,
    ).toBe(409)
    expect((await chair.post(paths.meetings.finalise(meeting.id), { version: '2' })).statusCode).toBe(409)
    const readOnly = $((await chair.get(paths.meetings.minutes(meeting.id, caseId))).body)
    expect(readOnly('[data-qa=closed]').text()).toContain('finalised')
    expect(readOnly('textarea')).toHaveLength(0)
    expect(readOnly('[data-qa="text-level-rationale"]').text()).toBe('Risk is stable but high.')
  })
})

describe('the minutes PDF', () => {
  it('is a tagged OFFICIAL-SENSITIVE document in MAPPA C order with the distribution list, and each download is audited', async () => {
    const person = await newPerson('Pdf')
    const meeting = await newMeeting([person])
    await recordAttendance(meeting.id)
    await completeCase(meeting.id, meeting.cases[0]!)
    await saveField(chair, meeting.id, meeting.cases[0]!, 'risk-rosh', 'High risk to children', 0)
    const response = await coordinator.get(paths.meetings.minutesPdf(meeting.id))
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('application/pdf')
    const pdf = await readPdf(response.rawPayload)
    const text = pdf.pages.join(' ')
    for (const page of pdf.pages) expect(page).toContain('OFFICIAL-SENSITIVE')
    expect(text).toContain('Distribution: Leeds City Council Housing; West Yorkshire Police')
    expect(text).toContain('Pdf Subject')
    expect(text).toContain('High risk to children')
    expect(text).toContain('No disclosure needed')
    const order = [
      'Attendance',
      'Information shared by agencies',
      'Risk assessment',
      'Risk management plan',
      'Victim issues',
      'Disclosure decision',
      'Level decision',
      'Dissent',
      'Actions',
    ]
    const positions = order.map((h) => text.indexOf(h))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(pdf.roles.has('H2')).toBe(true)
    const [audit] = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'MEETING_MINUTES_DOWNLOADED'), eq(auditEvents.recordId, meeting.id)))
    expect(audit).toMatchObject({ outcome: 'success', recordType: 'meeting' })
  })

  it('withholds what the minutes say about victims from invited agencies, in the PDF and the API', async () => {
    const meeting = await newMeeting([await newPerson('Withheld')])
    const caseId = meeting.cases[0]!
    await saveField(chair, meeting.id, caseId, 'victim-issues', 'Victim fears him near Roundhay Park', 0)
    await saveField(chair, meeting.id, caseId, 'risk-victims', 'Former partner at risk', 0)
    await saveField(chair, meeting.id, caseId, 'risk-rosh', 'High risk to a known adult', 0)
    const textOf = async (agent: Agent) =>
      (await readPdf((await agent.get(paths.meetings.minutesPdf(meeting.id))).rawPayload)).pages.join(' ')
    const housingText = await textOf(await t.signedIn('housing'))
    expect(housingText).toContain('High risk to a known adult')
    expect(housingText).not.toContain('Roundhay Park')
    expect(housingText).not.toContain('Former partner at risk')
    expect(housingText).toContain('Withheld from invited agencies')
    const policeText = await textOf(await t.signedIn('police.om'))
    expect(policeText).toContain('Roundhay Park')

    const housingKey = await createApiKey(db(), {
      agencyId: await agencyId('leeds-housing'),
      name: 'Housing system',
      scopes: ['meeting:view'],
    })
    const viaApi = await t.app.inject({
      method: 'GET',
      url: paths.api.minutes(meeting.id),
      headers: { authorization: `Bearer ${housingKey.key}` },
    })
    expect(viaApi.statusCode).toBe(200)
    expect(viaApi.body).toContain('High risk to a known adult')
    expect(viaApi.body).not.toContain('Roundhay Park')
  })

  it('an invited agency downloads it only while its invitation lasts; an agency not invited never', async () => {
    const meeting = await newMeeting([await newPerson()])
    const housing = await t.signedIn('housing')
    expect((await housing.get(paths.meetings.minutesPdf(meeting.id))).statusCode).toBe(200)
    await db()
      .update(meetingInvitations)
      .set({ accessUntil: new Date(Date.now() - 1000) })
      .where(eq(meetingInvitations.meetingId, meeting.id))
    expect((await housing.get(paths.meetings.minutesPdf(meeting.id))).statusCode).toBe(403)
    await db()
      .update(meetingInvitations)
      .set({ accessUntil: new Date(Date.now() + 86_400_000), revokedAt: new Date() })
      .where(eq(meetingInvitations.meetingId, meeting.id))
    expect((await housing.get(paths.meetings.minutesPdf(meeting.id))).statusCode).toBe(403)
    const uninvited = await newMeeting([await newPerson()], { invite: [] })
    expect((await housing.get(paths.meetings.minutesPdf(uninvited.id))).statusCode).toBe(403)
    // Responsible-authority staff of the area always may.
    const police = await t.signedIn('police.om')
    expect((await police.get(paths.meetings.minutesPdf(uninvited.id))).statusCode).toBe(200)
    const denied = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'MEETING_MINUTES_DOWNLOADED'), eq(auditEvents.recordId, uninvited.id)))
    expect(denied.map((a) => a.outcome).sort()).toEqual(['denied', 'success'])
  })
})

describe('the minutes API', () => {
  it('GET returns every case’s fields with versions and decisions; PATCH answers 409 with the current text', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const first = await api('PATCH', paths.api.minutes(meeting.id), {
      caseId,
      field: 'risk-victims',
      value: 'Ex-partner',
      version: 0,
    })
    expect(first.json()).toMatchObject({ field: 'risk-victims', version: 1, outcome: 'saved' })
    const stale = await api('PATCH', paths.api.minutes(meeting.id), {
      caseId,
      field: 'risk-victims',
      value: 'Mine',
      version: 0,
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({
      current: { value: 'Ex-partner', version: 1 },
      yours: { value: 'Mine' },
    })
    const read = await api('GET', paths.api.minutes(meeting.id))
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({
      meetingId: meeting.id,
      status: 'scheduled',
      cases: [
        {
          caseId,
          version: 1,
          disclosureDecision: null,
          defaultNextReviewOn: addDuration(today, 'P16W'),
          fields: [{ field: 'risk-victims', value: 'Ex-partner', version: 1 }],
        },
      ],
    })
    const unknownCase = await api('PATCH', paths.api.minutes(meeting.id), {
      caseId: '00000000-0000-4000-8000-000000000000',
      field: 'dissent',
      value: 'x',
      version: 0,
    })
    expect(unknownCase.statusCode).toBe(404)
    expect((await api('PATCH', paths.api.minutes(meeting.id), { caseId, field: 'dissent' })).statusCode).toBe(
      400,
    )
  })

  it('PUT decisions: a disclosure to make needs the register’s fields (400 with paths), then joins the register', async () => {
    const meeting = await newMeeting([await newPerson()])
    const caseId = meeting.cases[0]!
    const missing = await api('PUT', paths.api.minutes(meeting.id), {
      caseId,
      version: 1,
      decision: 'disclosure',
      disclose: true,
      disclosure: {},
    })
    expect(missing.statusCode).toBe(400)
    const paths400 = missing.json().errors.map((e: { path: string }) => e.path)
    expect(paths400).toEqual(
      expect.arrayContaining(['disclosure.recipientName', 'disclosure.legalBasis', 'disclosure.personTold']),
    )
    const made = await api('PUT', paths.api.minutes(meeting.id), {
      caseId,
      version: 1,
      decision: 'disclosure',
      disclose: true,
      disclosure: {
        recipientName: 'Head teacher',
        recipientRole: 'Head teacher, St Mary’s Primary',
        disclosedByName: 'PC Priya Shah',
        method: 'in_person',
        legalBasis: 'Common law police powers',
        rationale: 'He collects a child from the school',
        content: 'Registered sex offender; conditions',
        lawful: true,
        necessary: true,
        proportionate: true,
        personTold: true,
        undertakingSigned: true,
      },
    })
    expect(made.statusCode, made.body).toBe(200)
    expect(made.json()).toMatchObject({ disclosureDecision: 'disclose', version: 2 })
    expect(made.json().disclosureIds).toHaveLength(1)
    const stale = await api('PUT', paths.api.minutes(meeting.id), {
      caseId,
      version: 1,
      decision: 'victims',
      victimInput: 'none',
    })
    expect(stale.statusCode).toBe(409)
  })

  it('an agency representative may read the minutes of a meeting they are invited to but not write them', async () => {
    const meeting = await newMeeting([await newPerson()])
    const housingKey = (
      await createApiKey(db(), {
        agencyId: await agencyId('leeds-housing'),
        name: 'Housing system',
        scopes: ['meeting:view'],
      })
    ).key
    expect((await api('GET', paths.api.minutes(meeting.id), undefined, housingKey)).statusCode).toBe(200)
    expect(
      (
        await api(
          'PATCH',
          paths.api.minutes(meeting.id),
          { caseId: meeting.cases[0], field: 'dissent', value: 'x', version: 0 },
          housingKey,
        )
      ).statusCode,
    ).toBe(403)
    const other = await newMeeting([await newPerson()], { invite: [] })
    expect((await api('GET', paths.api.minutes(other.id), undefined, housingKey)).statusCode).toBe(403)
  })
})
