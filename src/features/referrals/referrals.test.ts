import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { DEMO_PERSON } from '../../db/demo-cases.js'
import { meetingCases, people, personTimeline, referralEvents, referrals } from '../../db/schema.js'
import { addDays, londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { addUser, agencyIdOf, signedInAs, userIdOf } from '../registrations/test-support.js'

let t: TestApp
let smythe: string
let probation: Agent
let coordinator: Agent
const today = londonDateOf(new Date().toISOString())

const agencyId = (code: string) => agencyIdOf(t, code)
const userId = (username: string) => userIdOf(t, username)

/** A new West Yorkshire person (so each referral test starts with no open referral). */
async function newPerson(area = 'west-yorkshire') {
  const [row] = await t.database.db
    .insert(people)
    .values({ givenName: 'Referral', familyName: 'Subject', dateOfBirth: '1980-02-03', areaCode: area })
    .returning({ id: people.id })
  return row!.id
}

/** The pre-filled form as the browser would post it back, with the referrer's own words. */
async function filledForm(agent: Agent, personId: string, changes: Record<string, string> = {}) {
  const page = $((await agent.get(`/people/${personId}/referrals/new`)).body)
  const values: Record<string, string> = {}
  page('form[data-qa=referral-form] input, form[data-qa=referral-form] textarea').each((_i, el) => {
    const input = page(el)
    const name = input.attr('name')
    if (!name || name === '_csrf') return
    if (input.attr('type') === 'checkbox' || input.attr('type') === 'radio') {
      if (input.attr('checked') !== undefined) values[name] = String(input.val())
      return
    }
    values[name] = el.tagName === 'textarea' ? input.text() : String(input.val() ?? '')
  })
  return {
    ...values,
    request: '2',
    address: values.address || '1 Test Street, Leeds LS1 1AA',
    indexOffences: values.indexOffences || 'Sexual assault (SOA 2003 s.3)',
    reason: 'Escalating contact with a child in the household next door.',
    currentRisk: 'High risk of serious harm to children.',
    currentPlan: 'Weekly supervision; home visits monthly.',
    addedValue: 'Housing and children’s social care can act on the household.',
    ...changes,
  }
}

async function refer(personId: string, changes: Record<string, string> = {}, agent = probation) {
  const response = await agent.post(
    `/people/${personId}/referrals/new`,
    await filledForm(agent, personId, changes),
  )
  expect(response.statusCode, response.body.slice(0, 500)).toBe(303)
  return /\/referrals\/([0-9a-f-]{36})/.exec(response.headers.location as string)![1]!
}

async function referral(id: string) {
  const [row] = await t.database.db.select().from(referrals).where(eq(referrals.id, id))
  return row!
}

/** A scheduled West Yorkshire meeting, straight through the API as the co-ordinator's system would. */
async function scheduleMeeting(level = 2, heldOn = addDays(today, 14)) {
  const response = await coordinator.post('/meetings/new', {
    'heldOn-day': String(Number(heldOn.slice(8))),
    'heldOn-month': String(Number(heldOn.slice(5, 7))),
    'heldOn-year': heldOn.slice(0, 4),
    startsAt: '09:30',
    level: String(level),
    chairUserId: await userId('chair'),
    chairRank: 'Detective Superintendent',
    format: 'online',
  })
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303)
  return /\/meetings\/([0-9a-f-]{36})/.exec(response.headers.location as string)![1]!
}

beforeAll(async () => {
  t = await createTestApp()
  const [row] = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.givenName, DEMO_PERSON.givenName), eq(people.familyName, DEMO_PERSON.familyName)))
  smythe = row!.id
  probation = await t.signedIn('probation.pp')
  coordinator = await t.signedIn('coordinator')
  await addUser(t, 'sy.coordinator', 'sy-probation', ['mappa_coordinator'])
})
afterAll(() => t.close())

describe('the referral form (MAPPA A), pre-filled from the record', () => {
  it('fills identity, identifiers, registration, offences, sentence and dates from the record', async () => {
    const response = await probation.get(`/people/${smythe}/referrals/new`)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('#givenName').val()).toBe('Jonathan')
    expect(page('#familyName').val()).toBe('Smythe')
    expect(page('#dateOfBirth-day').val()).toBe('14')
    expect(page('#dateOfBirth-month').val()).toBe('4')
    expect(page('#dateOfBirth-year').val()).toBe('1971')
    expect(page('#crn').val()).toBe('D123456')
    expect(String(page('#pncId').val())).toMatch(/^1998\/0412345/)
    expect(page('#gender').val()).toBe('Male')
    expect(page('#ethnicity').val()).toContain('British')
    expect(page('input[name=currentCategory]').val()).toBe('Category 1')
    expect(page('input[name=currentLevel]').val()).toBe('Level 1')
    expect(page('input[name=areaName]').val()).toBe('West Yorkshire')
    expect(page('#indexOffences').text()).toMatch(/^Conviction of \d+ \w+ \d{4}:\nSexual assault/)
    expect(page('#sentence').text()).toContain('custody')
    expect(page('#releaseDate-year').val()).toMatch(/^\d{4}$/)
    expect(page('#licenceEndDate-year').val()).toMatch(/^\d{4}$/)
    expect(page('#registeredOn-year').val()).toMatch(/^\d{4}$/)
    expect(page('#sentenceDate-year').val()).toMatch(/^\d{4}$/)
    expect(page('[data-qa=person-name]').text()).toContain('SMYTHE')
  })

  it('keeps what the referrer typed and names every problem when the form is incomplete', async () => {
    const personId = await newPerson()
    const form = await filledForm(probation, personId, {
      request: '',
      address: '',
      reason: '  ',
      currentRisk: 'Typed risk kept',
      'releaseDate-day': '31',
      'releaseDate-month': '2',
      'releaseDate-year': '20x6',
    })
    const response = await probation.post(`/people/${personId}/referrals/new`, form)
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Release date must be a real date')
    expect(summary).toContain('Enter the reason for referral')
    expect(page('.govuk-error-summary a[href="#releaseDate-day"]').length).toBe(1)
    expect(page('#currentRisk').text()).toBe('Typed risk kept')
    expect(page('#releaseDate-year').val()).toBe('20x6')
    // The other checks, once the dates can be read.
    const second = await probation.post(`/people/${personId}/referrals/new`, {
      ...form,
      'releaseDate-day': '28',
      'releaseDate-year': '2026',
      reason: 'x',
    })
    const summary2 = $(second.body)('.govuk-error-summary').text()
    expect(second.statusCode).toBe(400)
    expect(summary2).toContain('Select what you are asking for')
    expect(summary2).toContain('Enter the current address, or select no fixed abode')
  })

  it('stores the edited facts as referred, a readable unique reference, the event and the history', async () => {
    const personId = await newPerson()
    const id = await refer(personId, {
      aliases: 'Johnny Subject',
      noFixedAbode: 'true',
      address: 'Leeds bus station',
    })
    const stored = await referral(id)
    expect(stored.reference).toMatch(new RegExp(`^WY-${today.slice(0, 4)}-\\d{4}$`))
    expect(stored.status).toBe('submitted')
    expect(stored.levelRequested).toBe(2)
    expect(stored.form).toMatchObject({
      aliases: 'Johnny Subject',
      noFixedAbode: true,
      address: 'Leeds bus station',
    })
    const events = await t.database.db.select().from(referralEvents).where(eq(referralEvents.referralId, id))
    expect(events.map((e) => e.kind)).toEqual(['submitted'])
    const history = await t.database.db.select().from(personTimeline).where(eq(personTimeline.recordId, id))
    expect(history[0]?.title).toContain(stored.reference)
    const page = $((await probation.get(`/referrals/${id}?saved=submitted`)).body)
    expect(page('[data-qa=reference]').text()).toBe(stored.reference)
    expect(page('[data-qa=screening-time]').text()).toContain('0 working days so far')
    // A second referral while the first is being screened is refused, and the form says so.
    expect(
      $((await probation.get(`/people/${personId}/referrals/new`)).body)('[data-qa=open-referral]').text(),
    ).toContain(stored.reference)
    const again = await probation.post(
      `/people/${personId}/referrals/new`,
      await filledForm(probation, personId),
    )
    expect(again.statusCode).toBe(409)
    expect($(again.body)('.govuk-error-summary').text()).toContain(stored.reference)
    const second = await refer(await newPerson())
    expect((await referral(second)).reference).not.toBe(stored.reference)
  })

  it('asks for Category 3 registration without a level', async () => {
    const id = await refer(await newPerson(), { request: 'category3' })
    expect(await referral(id)).toMatchObject({
      levelRequested: null,
      categoryThreeRequested: true,
      category: 3,
    })
  })
})

describe('who may refer and screen', () => {
  it.each(['housing', 'vlo', 'lay.adviser', 'smb', 'chair'])('%s cannot refer', async (username) => {
    const agent =
      username === 'chair'
        ? await signedInAs(t, 'chair', 'West Yorkshire Police')
        : await t.signedIn(username)
    expect((await agent.get(`/people/${smythe}/referrals/new`)).statusCode).toBe(403)
    expect((await agent.post(`/people/${smythe}/referrals/new`, { request: '2' })).statusCode).toBe(403)
  })

  it('a referrer cannot screen; another area’s co-ordinator can neither screen nor see it', async () => {
    const id = await refer(await newPerson())
    expect((await probation.get(`/referrals/${id}/screen/accept`)).statusCode).toBe(403)
    expect(
      (await probation.post(`/referrals/${id}/screen/decline`, { version: '1', reason: 'x' })).statusCode,
    ).toBe(403)
    const other = await t.signedIn('sy.coordinator')
    expect((await other.get(`/referrals/${id}`)).statusCode).toBe(403)
    expect(
      (await other.post(`/referrals/${id}/screen/decline`, { version: '1', reason: 'x' })).statusCode,
    ).toBe(403)
    expect((await other.get('/referrals')).body).not.toContain(id)
    const police = await t.signedIn('police.om')
    expect((await police.get(`/referrals/${id}`)).statusCode).toBe(403)
    expect((await referral(id)).status).toBe('submitted')
  })

  it('lists the co-ordinator’s area referrals awaiting screening first; a referrer sees their own', async () => {
    const id = await refer(await newPerson())
    const mine = $((await probation.get('/referrals')).body)
    expect(mine(`[data-qa=referral-row] a[href="/referrals/${id}"]`).length).toBe(1)
    expect(mine('[data-qa=awaiting-referrals]').length).toBe(0)
    const queue = $((await coordinator.get('/referrals')).body)
    expect(queue(`[data-qa=awaiting-referrals] a[href="/referrals/${id}"]`).length).toBe(1)
    const declinedOnly = $((await coordinator.get('/referrals?status=declined')).body)
    expect(declinedOnly(`a[href="/referrals/${id}"]`).length).toBe(0)
    const police = $((await (await t.signedIn('police.om')).get('/referrals')).body)
    expect(police(`a[href="/referrals/${id}"]`).length).toBe(0)
  })
})

describe('screening', () => {
  it('asks for more information; the referrer adds it and sends it again', async () => {
    const id = await refer(await newPerson())
    const empty = await coordinator.post(`/referrals/${id}/screen/request-information`, {
      version: '1',
      information: '',
    })
    expect(empty.statusCode).toBe(400)
    expect($(empty.body)('.govuk-error-summary').text()).toContain('Enter what information is needed')
    const asked = await coordinator.post(`/referrals/${id}/screen/request-information`, {
      version: '1',
      information: 'The latest OASys and the police intelligence summary.',
    })
    expect(asked.statusCode).toBe(303)
    expect((await referral(id)).status).toBe('information_requested')
    // Screening waits for the referrer.
    expect(
      (await coordinator.post(`/referrals/${id}/screen/decline`, { version: '2', reason: 'x' })).statusCode,
    ).toBe(409)
    const show = $((await probation.get(`/referrals/${id}`)).body)
    expect(show('[data-qa=edit-referral]').attr('href')).toBe(`/referrals/${id}/edit`)
    expect(show('[data-qa=referral-events]').text()).toContain('police intelligence summary')
    const edit = await probation.get(`/referrals/${id}/edit`)
    expect($(edit.body)('[data-qa=information-asked]').text()).toContain('latest OASys')
    const form = (await filledForm(probation, id.length ? (await referral(id)).personId : '')) as Record<
      string,
      string
    >
    const noAnswer = await probation.post(`/referrals/${id}/edit`, { ...form, version: '2' })
    expect(noAnswer.statusCode).toBe(400)
    expect($(noAnswer.body)('.govuk-error-summary').text()).toContain('Say what you have added or changed')
    const stale = await probation.post(`/referrals/${id}/edit`, {
      ...form,
      version: '1',
      response: 'Attached.',
    })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('#response').text()).toBe('Attached.')
    const sent = await probation.post(`/referrals/${id}/edit`, {
      ...form,
      version: '2',
      currentRisk: 'OASys 12 May: very high risk to children.',
      response: 'OASys added to the current risk.',
    })
    expect(sent.statusCode).toBe(303)
    const stored = await referral(id)
    expect(stored).toMatchObject({
      status: 'submitted',
      currentRisk: 'OASys 12 May: very high risk to children.',
      version: 3,
    })
    const events = await t.database.db.select().from(referralEvents).where(eq(referralEvents.referralId, id))
    expect(events.map((e) => e.kind).sort()).toEqual(['information_requested', 'resubmitted', 'submitted'])
    // Only the referrer may change it, and only while information is asked for.
    expect((await coordinator.get(`/referrals/${id}/edit`)).statusCode).toBe(303)
  })

  it('declines only with a reason, and measures the time it took', async () => {
    const id = await refer(await newPerson())
    expect(
      (await coordinator.post(`/referrals/${id}/screen/decline`, { version: '1', reason: '' })).statusCode,
    ).toBe(400)
    const stale = await coordinator.post(`/referrals/${id}/screen/decline`, {
      version: '7',
      reason: 'Typed reason',
    })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('#reason').text()).toBe('Typed reason')
    const declined = await coordinator.post(`/referrals/${id}/screen/decline`, {
      version: '1',
      reason: 'Level 1 management meets the risk; review after the OASys.',
    })
    expect(declined.statusCode).toBe(303)
    const stored = await referral(id)
    expect(stored.status).toBe('declined')
    expect(stored.screenedAt).not.toBeNull()
    const page = $((await probation.get(`/referrals/${id}`)).body)
    expect(page('[data-qa=status]').text()).toContain('Declined')
    expect(page('[data-qa=screening-time]').text()).toContain('0 working days')
    expect(page('[data-qa=screening-time]').text()).not.toContain('so far')
    expect(page('[data-qa=screening]').length).toBe(0)
  })

  it('accepts onto a scheduled meeting of the area at the level asked for: the case joins its agenda', async () => {
    const levelThree = await scheduleMeeting(3)
    const levelTwo = await scheduleMeeting(2)
    const personId = await newPerson()
    const id = await refer(personId)
    const page = $((await coordinator.get(`/referrals/${id}/screen/accept`)).body)
    expect(page(`input[name=meetingId][value="${levelTwo}"]`).length).toBe(1)
    expect(page(`input[name=meetingId][value="${levelThree}"]`).length).toBe(0)
    const wrongLevel = await coordinator.post(`/referrals/${id}/screen/accept`, {
      version: '1',
      meetingId: levelThree,
    })
    expect(wrongLevel.statusCode).toBe(400)
    expect($(wrongLevel.body)('.govuk-error-summary').text()).toContain('Select a Level 2 meeting')
    const accepted = await coordinator.post(`/referrals/${id}/screen/accept`, {
      version: '1',
      meetingId: levelTwo,
    })
    expect(accepted.statusCode).toBe(303)
    expect(await referral(id)).toMatchObject({ status: 'accepted', meetingId: levelTwo })
    const [onAgenda] = await t.database.db.select().from(meetingCases).where(eq(meetingCases.referralId, id))
    expect(onAgenda).toMatchObject({ meetingId: levelTwo, personId, kind: 'initial' })
    // Its first meeting set, the referral is no longer offered for later agendas (those are reviews).
    const later = await scheduleMeeting(2, addDays(today, 28))
    const candidates = $((await coordinator.get(`/meetings/${later}/cases/new`)).body)
    expect(candidates(`input[name=case][value="referral:${id}"]`)).toHaveLength(0)
    const shown = $((await probation.get(`/referrals/${id}`)).body)
    expect(shown('[data-qa=meeting-time]').text()).toContain('14 days')
    expect(shown('[data-qa=meeting-time] a').attr('href')).toBe(`/meetings/${levelTwo}`)
  })

  it('accepts onto a new meeting scheduled from the screening page, in one step', async () => {
    const personId = await newPerson()
    const id = await refer(personId, { request: '3' })
    const toForm = await coordinator.post(`/referrals/${id}/screen/accept`, {
      version: '1',
      meetingId: 'new',
    })
    expect(toForm.statusCode).toBe(303)
    expect(toForm.headers.location).toBe(`/meetings/new?referral=${id}&version=1`)
    const form = $((await coordinator.get(toForm.headers.location as string)).body)
    expect(form('[data-qa=for-referral]').text()).toContain((await referral(id)).reference)
    expect(form('input[name=level][value="3"]').attr('checked')).toBeDefined()
    const heldOn = addDays(today, 10)
    const post = (level: string) =>
      coordinator.post('/meetings/new', {
        referral: id,
        referralVersion: '1',
        'heldOn-day': String(Number(heldOn.slice(8))),
        'heldOn-month': String(Number(heldOn.slice(5, 7))),
        'heldOn-year': heldOn.slice(0, 4),
        startsAt: '14:00',
        level,
        chairUserId: '',
        chairRank: 'Head of Public Protection',
        format: 'in_person',
        venue: '',
      })
    const invalid = await post('2')
    expect(invalid.statusCode).toBe(400)
    const problems = $(invalid.body)('.govuk-error-summary').text()
    expect(problems).toContain('Select the chair')
    const chairId = await userId('chair')
    const wrongLevel = await coordinator.post('/meetings/new', {
      referral: id,
      referralVersion: '1',
      'heldOn-day': String(Number(heldOn.slice(8))),
      'heldOn-month': String(Number(heldOn.slice(5, 7))),
      'heldOn-year': heldOn.slice(0, 4),
      startsAt: '14:00',
      level: '2',
      chairUserId: chairId,
      chairRank: 'Head of Public Protection',
      format: 'in_person',
      venue: 'Leeds',
    })
    expect(wrongLevel.statusCode).toBe(400)
    expect($(wrongLevel.body)('.govuk-error-summary').text()).toContain('Select Level 3')
    const ok = await coordinator.post('/meetings/new', {
      referral: id,
      referralVersion: '1',
      'heldOn-day': String(Number(heldOn.slice(8))),
      'heldOn-month': String(Number(heldOn.slice(5, 7))),
      'heldOn-year': heldOn.slice(0, 4),
      startsAt: '14:00',
      level: '3',
      chairUserId: chairId,
      chairRank: 'Head of Public Protection',
      format: 'in_person',
      venue: 'Leeds',
    })
    expect(ok.statusCode).toBe(303)
    const meetingId = /\/meetings\/([0-9a-f-]{36})/.exec(ok.headers.location as string)![1]
    expect(await referral(id)).toMatchObject({ status: 'accepted', meetingId })
    const [onAgenda] = await t.database.db.select().from(meetingCases).where(eq(meetingCases.referralId, id))
    expect(onAgenda).toMatchObject({ meetingId, personId, kind: 'initial', position: 1 })
    // Only a co-ordinator who may screen it can schedule a meeting for it.
    const other = await t.signedIn('sy.coordinator')
    expect((await other.get(`/meetings/new?referral=${id}`)).statusCode).toBe(403)
  })
})

describe('the referrals API', () => {
  let referrerKey: string
  let screenerKey: string
  const api = (method: 'GET' | 'POST', url: string, token: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

  beforeAll(async () => {
    const probationId = await agencyId('wy-probation')
    referrerKey = (
      await createApiKey(t.database.db, { agencyId: probationId, name: 'Probation case system' })
    ).key
    screenerKey = (
      await createApiKey(t.database.db, {
        agencyId: probationId,
        name: 'MAPPA unit system',
        scopes: ['person:view', 'referral:create', 'referral:screen', 'meeting:view'],
      })
    ).key
  })

  const body = (personId: string) => ({
    personId,
    levelRequested: 3,
    form: {
      givenName: 'Api',
      familyName: 'Subject',
      dateOfBirth: '1980-02-03',
      address: '2 Test Street, Leeds',
      indexOffences: 'Rape (SOA 2003 s.1)',
    },
    reason: 'Reason',
    currentRisk: 'Risk',
    currentPlan: 'Plan',
    addedValue: 'Added value',
  })

  it('creates, reads, lists and screens referrals, with errors as {errors:[{path,message}]}', async () => {
    const personId = await newPerson()
    const invalid = await api('POST', '/api/v1/referrals', referrerKey, { personId, form: {} })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['form.givenName', 'form.dateOfBirth', 'reason']),
    )
    const created = await api('POST', '/api/v1/referrals', referrerKey, body(personId))
    expect(created.statusCode).toBe(201)
    const json = created.json()
    expect(json).toMatchObject({
      personId,
      levelRequested: 3,
      status: 'submitted',
      version: 1,
      referredBy: null,
    })
    expect(json.timeliness).toMatchObject({ screeningDecided: false, daysToFirstMeeting: null })
    expect(created.headers.location).toBe(`/api/v1/referrals/${json.id}`)
    expect((await api('GET', `/api/v1/referrals/${json.id}`, referrerKey)).json().events[0].kind).toBe(
      'submitted',
    )
    const listed = await api('GET', '/api/v1/referrals?status=submitted', screenerKey)
    expect(listed.json().items.map((r: { id: string }) => r.id)).toContain(json.id)
    expect((await api('GET', '/api/v1/referrals?status=nonsense', screenerKey)).statusCode).toBe(400)
    // A referrer's key may not screen.
    expect(
      (
        await api('POST', `/api/v1/referrals/${json.id}/screening`, referrerKey, {
          decision: 'decline',
          version: 1,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403)
    expect(
      (
        await api('POST', `/api/v1/referrals/${json.id}/screening`, screenerKey, {
          decision: 'accept',
          version: 1,
        })
      ).json().errors[0].path,
    ).toBe('meetingId')
    const meetingId = await scheduleMeeting(3)
    const stale = await api('POST', `/api/v1/referrals/${json.id}/screening`, screenerKey, {
      decision: 'accept',
      version: 9,
      meetingId,
    })
    expect(stale.statusCode).toBe(409)
    const accepted = await api('POST', `/api/v1/referrals/${json.id}/screening`, screenerKey, {
      decision: 'accept',
      version: 1,
      meetingId,
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ status: 'accepted', meetingId, version: 2 })
    expect(accepted.json().timeliness.daysToFirstMeeting).toBe(14)
    expect(
      (await api('GET', '/api/v1/referrals/00000000-0000-4000-8000-000000000000', screenerKey)).statusCode,
    ).toBe(404)
  })

  it('refuses a record of another area with 403 (a key cannot give a reason)', async () => {
    const personId = await newPerson('south-yorkshire')
    const response = await api('POST', '/api/v1/referrals', referrerKey, body(personId))
    expect(response.statusCode).toBe(403)
    expect(response.json().errors[0].path).toBe('personId')
  })
})
