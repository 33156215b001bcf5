import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { DEMO_PERSON } from '../../db/demo-cases.js'
import {
  meetingActions,
  meetingCases,
  meetingInvitations,
  meetings,
  people,
  registrations,
} from '../../db/schema.js'
import { addDays, londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { addUser, agencyIdOf, signedInAs, userIdOf } from '../registrations/test-support.js'
import { carriedForwardActions } from './queries.js'
import { DEFAULT_LAWFUL_BASIS } from './schema.js'

let t: TestApp
let coordinator: Agent
let housing: Agent
let chairId: string
const today = londonDateOf(new Date().toISOString())

const agencyId = (code: string) => agencyIdOf(t, code)
const userId = (username: string) => userIdOf(t, username)
const dateForm = (prefix: string, date: string) => ({
  [`${prefix}-day`]: String(Number(date.slice(8))),
  [`${prefix}-month`]: String(Number(date.slice(5, 7))),
  [`${prefix}-year`]: date.slice(0, 4),
})
const idIn = (location: unknown) => /\/meetings\/([0-9a-f-]{36})/.exec(String(location))![1]!

/** A person of the area registered at a level (2 or 3 makes them a review candidate). */
async function registeredPerson(level: number, area = 'west-yorkshire') {
  const db = t.database.db
  const [person] = await db
    .insert(people)
    .values({ givenName: 'Agenda', familyName: `Case${level}`, dateOfBirth: '1975-06-07', areaCode: area })
    .returning({ id: people.id })
  await db
    .insert(registrations)
    .values({ personId: person!.id, category: 2, level, registeredOn: addDays(today, -100) })
  return person!.id
}

async function schedule(changes: Record<string, string> = {}) {
  const response = await coordinator.post('/meetings/new', {
    ...dateForm('heldOn', addDays(today, 21)),
    startsAt: '10:00',
    level: '2',
    chairUserId: chairId,
    chairRank: 'Detective Superintendent',
    format: 'in_person',
    venue: 'Leeds Civic Hall',
    ...changes,
  })
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303)
  return idIn(response.headers.location)
}

beforeAll(async () => {
  t = await createTestApp()
  coordinator = await t.signedIn('coordinator')
  housing = await t.signedIn('housing')
  chairId = await userId('chair')
})
afterAll(() => t.close())

describe('scheduling a meeting', () => {
  it('offers the area’s chairs, checks the form and keeps what was typed', async () => {
    const form = $((await coordinator.get('/meetings/new')).body)
    const chairs = form('#chairUserId option')
      .map((_i, el) => form(el).text())
      .get()
    expect(chairs).toContain('Dr Helen Clarke, West Yorkshire Police')
    expect(chairs.some((c) => c.includes('South Yorkshire'))).toBe(false)
    const invalid = await coordinator.post('/meetings/new', {
      ...dateForm('heldOn', addDays(today, -1)),
      startsAt: '25:00',
      level: '',
      chairUserId: '',
      chairRank: 'Superintendent',
      format: 'in_person',
      venue: '',
    })
    expect(invalid.statusCode).toBe(400)
    const page = $(invalid.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Enter the start time on the 24-hour clock')
    expect(summary).toContain('Select Level 2 or Level 3')
    expect(summary).toContain('Select the chair')
    expect(page('#chairRank').val()).toBe('Superintendent')
    const noVenue = await coordinator.post('/meetings/new', {
      ...dateForm('heldOn', addDays(today, 1)),
      startsAt: '10:00',
      level: '2',
      chairUserId: chairId,
      chairRank: 'Superintendent',
      format: 'in_person',
      venue: '',
    })
    expect($(noVenue.body)('.govuk-error-summary').text()).toContain('Enter the venue')
  })

  it('records a meeting already held, but does not move a meeting into the past', async () => {
    const held = await schedule({ ...dateForm('heldOn', addDays(today, -3)) })
    const [stored] = await t.database.db.select().from(meetings).where(eq(meetings.id, held))
    expect(stored!.heldOn).toBe(addDays(today, -3))
    const id = await schedule()
    const moved = await coordinator.post(`/meetings/${id}/edit`, {
      version: '1',
      ...dateForm('heldOn', addDays(today, -1)),
      startsAt: '10:00',
      level: '2',
      chairUserId: chairId,
      chairRank: 'Detective Superintendent',
      format: 'in_person',
      venue: 'Leeds Civic Hall',
    })
    expect(moved.statusCode).toBe(400)
    expect($(moved.body)('.govuk-error-summary').text()).toContain(
      'The meeting date must be today or in the future',
    )
  })

  it('refuses a chair who does not chair meetings in the area', async () => {
    const southOnly = await addUser(t, 'sy.chair', 'syp', ['meeting_chair'])
    const response = await coordinator.post('/meetings/new', {
      ...dateForm('heldOn', addDays(today, 5)),
      startsAt: '10:00',
      level: '3',
      chairUserId: southOnly,
      chairRank: 'Chief Inspector',
      format: 'online',
    })
    expect(response.statusCode).toBe(400)
    expect($(response.body)('.govuk-error-summary').text()).toContain(
      'Select a chair who chairs MAPPA meetings',
    )
  })

  it('schedules it with the chair’s name and agency, and shows its details', async () => {
    const id = await schedule()
    const [stored] = await t.database.db.select().from(meetings).where(eq(meetings.id, id))
    expect(stored).toMatchObject({
      areaCode: 'west-yorkshire',
      level: 2,
      chairName: 'Dr Helen Clarke',
      chairAgencyId: await agencyId('wyp'),
      status: 'scheduled',
    })
    const page = $((await coordinator.get(`/meetings/${id}`)).body)
    expect(page('[data-qa=meeting-details]').text()).toContain(
      'Detective Superintendent, West Yorkshire Police',
    )
    expect(page('[data-qa=empty-agenda]').length).toBe(1)
    expect(
      page('[data-qa=meeting-links] a')
        .map((_i, el) => page(el).attr('href'))
        .get(),
    ).toEqual([`/meetings/${id}/attendance`, `/meetings/${id}/finalise`])
  })

  it.each(['probation.pp', 'police.om', 'housing', 'vlo'])(
    '%s cannot schedule or manage meetings',
    async (username) => {
      const agent = await t.signedIn(username)
      expect((await agent.get('/meetings/new')).statusCode).toBe(403)
      const id = await schedule()
      expect((await agent.get(`/meetings/${id}/cases/new`)).statusCode).toBe(403)
      expect((await agent.post(`/meetings/${id}/cancel`, { version: '1', reason: 'x' })).statusCode).toBe(403)
    },
  )

  it('changes details only at the version read, and cancels with a reason', async () => {
    const id = await schedule()
    const edit = $((await coordinator.get(`/meetings/${id}/edit`)).body)
    expect(edit('input[name=version]').val()).toBe('1')
    const base = {
      version: '1',
      ...dateForm('heldOn', addDays(today, 22)),
      startsAt: '11:00',
      level: '2',
      chairUserId: chairId,
      chairRank: 'Detective Superintendent',
      format: 'online',
      venue: '',
    }
    expect((await coordinator.post(`/meetings/${id}/edit`, base)).statusCode).toBe(303)
    const stale = await coordinator.post(`/meetings/${id}/edit`, { ...base, startsAt: '12:00' })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('#startsAt').val()).toBe('12:00')
    expect((await coordinator.post(`/meetings/${id}/cancel`, { version: '2', reason: '' })).statusCode).toBe(
      400,
    )
    expect(
      (await coordinator.post(`/meetings/${id}/cancel`, { version: '2', reason: 'Chair unavailable' }))
        .statusCode,
    ).toBe(303)
    const [stored] = await t.database.db.select().from(meetings).where(eq(meetings.id, id))
    expect(stored).toMatchObject({
      status: 'cancelled',
      cancelledReason: 'Chair unavailable',
      startsAt: '11:00',
    })
    expect((await coordinator.post(`/meetings/${id}/edit`, { ...base, version: '3' })).statusCode).toBe(409)
    const page = $((await coordinator.get(`/meetings/${id}`)).body)
    expect(page('[data-qa=status]').text()).toContain('Cancelled')
    expect(page('[data-qa=manage]').length).toBe(0)
  })
})

describe('the agenda', () => {
  it('adds registered Level 2 and 3 cases of the area from a list, never a typed id, in order', async () => {
    const id = await schedule()
    const levelTwo = await registeredPerson(2)
    const levelOne = await registeredPerson(1)
    const elsewhere = await registeredPerson(3, 'south-yorkshire')
    const page = $((await coordinator.get(`/meetings/${id}/cases/new`)).body)
    const options = page('input[name=case]')
      .map((_i, el) => page(el).val())
      .get()
    expect(options).toContain(`person:${levelTwo}`)
    expect(options).not.toContain(`person:${levelOne}`)
    expect(options).not.toContain(`person:${elsewhere}`)
    for (const personId of [levelOne, elsewhere]) {
      const refused = await coordinator.post(`/meetings/${id}/cases/new`, { case: `person:${personId}` })
      expect(refused.statusCode).toBe(400)
    }
    expect((await coordinator.post(`/meetings/${id}/cases/new`, { case: '' })).statusCode).toBe(400)
    expect(
      (await coordinator.post(`/meetings/${id}/cases/new`, { case: `person:${levelTwo}` })).statusCode,
    ).toBe(303)
    const second = await registeredPerson(3)
    expect(
      (await coordinator.post(`/meetings/${id}/cases/new`, { case: `person:${second}`, kind: 'initial' }))
        .statusCode,
    ).toBe(303)
    const cases = await t.database.db
      .select()
      .from(meetingCases)
      .where(eq(meetingCases.meetingId, id))
      .orderBy(meetingCases.position)
    expect(cases.map((c) => [c.personId, c.position, c.kind])).toEqual([
      [levelTwo, 1, 'review'],
      [second, 2, 'initial'],
    ])
    // Already on the agenda: no longer offered, and refused.
    expect(
      (await coordinator.post(`/meetings/${id}/cases/new`, { case: `person:${levelTwo}` })).statusCode,
    ).toBe(400)
    const shown = $((await coordinator.get(`/meetings/${id}`)).body)
    expect(shown('[data-qa=agenda-case]').length).toBe(2)
    expect(shown('[data-qa=agenda-case]').first().text()).toContain('CASE2')
    expect(shown('[data-qa=agenda-case] [data-qa=minutes-link]').first().attr('href')).toBe(
      `/meetings/${id}/cases/${cases[0]!.id}/minutes`,
    )
  })

  it('carries open actions from earlier meetings for the cases on the agenda', async () => {
    const db = t.database.db
    const personId = await registeredPerson(2)
    const other = await registeredPerson(2)
    const earlier = await schedule()
    const current = await schedule()
    for (const meetingId of [earlier, current])
      await coordinator.post(`/meetings/${meetingId}/cases/new`, { case: `person:${personId}` })
    await coordinator.post(`/meetings/${earlier}/cases/new`, { case: `person:${other}` })
    const housingId = await agencyId('leeds-housing')
    const action = (values: Partial<typeof meetingActions.$inferInsert>) => ({
      meetingId: earlier,
      personId,
      text: 'Find supported housing away from the school',
      ownerName: 'Sam Patel',
      ownerAgencyId: housingId,
      dueOn: addDays(today, -3),
      ...values,
    })
    await db
      .insert(meetingActions)
      .values([
        action({}),
        action({ text: 'Done already', status: 'done', completedOn: today }),
        action({ text: 'Set at this meeting', meetingId: current }),
        action({ text: 'Someone else’s', personId: other }),
      ])
    const carried = await carriedForwardActions(db, current)
    expect(carried.map((a) => a.text)).toEqual(['Find supported housing away from the school'])
    expect(carried[0]).toMatchObject({ ownerAgencyName: 'Leeds City Council Housing', meetingId: earlier })
    const page = $((await coordinator.get(`/meetings/${current}`)).body)
    const row = page('[data-qa=carried-action]')
    expect(row.length).toBe(1)
    expect(row.text()).toContain('Find supported housing')
    expect(row.text()).toContain('Overdue')
    // The Meetings section of the person's record lists the meetings and every action.
    const section = $((await coordinator.get(`/people/${personId}/meetings`)).body)
    expect(section('[data-qa=person-meeting]').length).toBe(2)
    expect(section('[data-qa=person-action]').length).toBe(3)
    expect(section('.moj-sub-navigation__link[aria-current=page]').text()).toBe('Meetings')
  })
})

describe('invitations', () => {
  let meetingId: string
  let casePersonId: string

  beforeAll(async () => {
    meetingId = await schedule()
    casePersonId = await registeredPerson(2)
    await coordinator.post(`/meetings/${meetingId}/cases/new`, { case: `person:${casePersonId}` })
  })

  it('defaults the lawful basis and a week’s access after the meeting, and checks the choice', async () => {
    const form = $((await coordinator.get(`/meetings/${meetingId}/invitations`)).body)
    expect(form('#lawfulBasis').text()).toBe(DEFAULT_LAWFUL_BASIS)
    expect(DEFAULT_LAWFUL_BASIS).toContain('s.325(3)-(4)')
    const until = addDays(today, 28)
    expect(form('#accessUntil-day').val()).toBe(String(Number(until.slice(8))))
    const options = form('#agencyId option')
      .map((_i, el) => form(el).text())
      .get()
    expect(options.some((o) => o.startsWith('Leeds City Council Housing'))).toBe(true)
    expect(options.some((o) => o.startsWith('West Yorkshire Police'))).toBe(false)
    const bad = await coordinator.post(`/meetings/${meetingId}/invitations`, {
      agencyId: await agencyId('wyp'),
      lawfulBasis: 'x',
      ...dateForm('accessUntil', addDays(today, 1)),
    })
    expect(bad.statusCode).toBe(400)
    const summary = $(bad.body)('.govuk-error-summary').text()
    expect(summary).toContain('Select an agency with a duty to co-operate')
    expect(summary).toContain('on or after the meeting date')
  })

  it('lets the invited agency see the meeting and its packs only, until access is revoked or ends', async () => {
    const childrens = await addUser(t, 'childrens', 'leeds-childrens', ['agency_representative'])
    void childrens
    const otherAgency = await t.signedIn('childrens')
    expect((await housing.get(`/meetings/${meetingId}`)).statusCode).toBe(403)
    expect(
      (
        await coordinator.post(`/meetings/${meetingId}/invitations`, {
          agencyId: await agencyId('leeds-housing'),
          lawfulBasis: DEFAULT_LAWFUL_BASIS,
          ...dateForm('accessUntil', addDays(today, 28)),
        })
      ).statusCode,
    ).toBe(303)
    const list = $((await housing.get('/meetings')).body)
    expect(list(`[data-meeting-id="${meetingId}"]`).length).toBe(1)
    expect($((await otherAgency.get('/meetings')).body)(`[data-meeting-id="${meetingId}"]`).length).toBe(0)
    expect((await otherAgency.get(`/meetings/${meetingId}`)).statusCode).toBe(403)
    const page = $((await housing.get(`/meetings/${meetingId}`)).body)
    expect(page('[data-qa=agenda-case]').text()).toContain('CASE2')
    expect(page('[data-qa=pack-link]').length).toBe(1)
    expect(
      page('[data-qa=minutes-link], [data-qa=record-link], [data-qa=invitations], [data-qa=carried-actions]')
        .length,
    ).toBe(0)
    expect((await housing.get(`/people/${casePersonId}/meetings`)).statusCode).toBe(403)
    // Access ends with the last day of access…
    const [invitation] = await t.database.db
      .select()
      .from(meetingInvitations)
      .where(eq(meetingInvitations.meetingId, meetingId))
    await t.database.db
      .update(meetingInvitations)
      .set({ accessUntil: new Date(Date.now() - 1000) })
      .where(eq(meetingInvitations.id, invitation!.id))
    expect((await housing.get(`/meetings/${meetingId}`)).statusCode).toBe(403)
    expect($((await housing.get('/meetings')).body)(`[data-meeting-id="${meetingId}"]`).length).toBe(0)
    // …or when it is revoked.
    await t.database.db
      .update(meetingInvitations)
      .set({ accessUntil: new Date(Date.now() + 86_400_000) })
      .where(eq(meetingInvitations.id, invitation!.id))
    expect((await housing.get(`/meetings/${meetingId}`)).statusCode).toBe(200)
    const manage = $((await coordinator.get(`/meetings/${meetingId}`)).body)
    const revoke = manage('[data-qa=invitation-row] form').attr('action')!
    expect(revoke).toBe(`/meetings/${meetingId}/invitations/${invitation!.id}/revoke`)
    expect((await housing.post(revoke, {})).statusCode).toBe(403)
    expect((await coordinator.post(revoke, {})).statusCode).toBe(303)
    expect((await housing.get(`/meetings/${meetingId}`)).statusCode).toBe(403)
    expect((await coordinator.post(revoke, {})).statusCode).toBe(404)
  })
})

describe('the demo meeting', () => {
  it('is a Level 2 meeting next week with the chair, one case (not Jonathan Smythe) and housing invited', async () => {
    const db = t.database.db
    const [demo] = await db
      .select()
      .from(meetings)
      .where(and(eq(meetings.heldOn, addDays(today, 7)), eq(meetings.createdBy, await userId('coordinator'))))
    expect(demo).toMatchObject({
      areaCode: 'west-yorkshire',
      level: 2,
      chairUserId: chairId,
      status: 'scheduled',
    })
    const cases = await db
      .select({ familyName: people.familyName })
      .from(meetingCases)
      .innerJoin(people, eq(people.id, meetingCases.personId))
      .where(eq(meetingCases.meetingId, demo!.id))
    expect(cases.length).toBe(1)
    expect(cases[0]!.familyName).not.toBe(DEMO_PERSON.familyName)
    const invited = await db
      .select()
      .from(meetingInvitations)
      .where(
        and(
          eq(meetingInvitations.meetingId, demo!.id),
          inArray(meetingInvitations.agencyId, [await agencyId('leeds-housing')]),
        ),
      )
    expect(invited.length).toBe(1)
    const chair = await signedInAs(t, 'chair', 'West Yorkshire Police')
    expect((await chair.get(`/meetings/${demo!.id}`)).statusCode).toBe(200)
  })
})

describe('the meetings API', () => {
  let key: string
  let housingKey: string
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
    t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

  beforeAll(async () => {
    key = (
      await createApiKey(t.database.db, {
        agencyId: await agencyId('wy-probation'),
        name: 'MAPPA unit system',
        scopes: ['person:view', 'meeting:view', 'meeting:manage'],
      })
    ).key
    housingKey = (
      await createApiKey(t.database.db, {
        agencyId: await agencyId('leeds-housing'),
        name: 'Housing system',
        scopes: ['meeting:view'],
      })
    ).key
  })

  it('schedules, reads, changes, fills and shares a meeting', async () => {
    const body = {
      heldOn: addDays(today, 30),
      startsAt: '13:30',
      level: 3,
      chairUserId: chairId,
      chairRank: 'Assistant Chief Constable',
      format: 'online',
    }
    const invalid = await api('POST', '/api/v1/meetings', key, { ...body, level: 4, format: 'in_person' })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toContain('level')
    const created = await api('POST', '/api/v1/meetings', key, body)
    expect(created.statusCode).toBe(201)
    const meeting = created.json()
    expect(meeting).toMatchObject({
      level: 3,
      status: 'scheduled',
      chair: {
        name: 'Dr Helen Clarke',
        agencyName: 'West Yorkshire Police',
        rank: 'Assistant Chief Constable',
      },
      cases: [],
      invitations: [],
      carriedForwardActions: [],
      version: 1,
    })
    const personId = await registeredPerson(3)
    const typed = await api('POST', `/api/v1/meetings/${meeting.id}/cases`, key, {
      personId: crypto.randomUUID(),
    })
    expect(typed.statusCode).toBe(400)
    const added = await api('POST', `/api/v1/meetings/${meeting.id}/cases`, key, { personId })
    expect(added.statusCode).toBe(201)
    const stale = await api('PATCH', `/api/v1/meetings/${meeting.id}`, key, { version: 9, startsAt: '14:00' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().errors[0].path).toBe('version')
    const changed = await api('PATCH', `/api/v1/meetings/${meeting.id}`, key, {
      version: 1,
      format: 'hybrid',
      venue: 'Wakefield',
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ format: 'hybrid', venue: 'Wakefield', version: 2 })
    expect(changed.json().cases).toMatchObject([{ personId, kind: 'review', position: 1 }])
    expect((await api('GET', `/api/v1/meetings/${meeting.id}`, housingKey)).statusCode).toBe(403)
    const invited = await api('POST', `/api/v1/meetings/${meeting.id}/invitations`, key, {
      agencyId: await agencyId('leeds-housing'),
    })
    expect(invited.statusCode).toBe(201)
    const read = (await api('GET', `/api/v1/meetings/${meeting.id}`, key)).json()
    expect(read.invitations[0]).toMatchObject({
      agencyName: 'Leeds City Council Housing',
      lawfulBasis: DEFAULT_LAWFUL_BASIS,
    })
    // The default: to the end of the seventh day after the meeting, in London.
    expect(new Date(read.invitations[0].accessUntil) > new Date(`${addDays(body.heldOn, 7)}T12:00:00Z`)).toBe(
      true,
    )
    const asHousing = await api('GET', `/api/v1/meetings/${meeting.id}`, housingKey)
    expect(asHousing.statusCode).toBe(200)
    expect(asHousing.json().invitations).toBeUndefined()
    expect(asHousing.json().carriedForwardActions).toBeUndefined()
    expect(asHousing.json().cases[0].name).toBe('Agenda Case3')
    const listed = await api('GET', '/api/v1/meetings?level=3', housingKey)
    expect(listed.json().items.map((m: { id: string }) => m.id)).toContain(meeting.id)
    expect((await api('POST', `/api/v1/meetings/${meeting.id}/invitations`, housingKey, {})).statusCode).toBe(
      403,
    )
    const revoked = await api(
      'POST',
      `/api/v1/meetings/${meeting.id}/invitations/${invited.json().id}/revoke`,
      key,
    )
    expect(revoked.statusCode).toBe(200)
    expect((await api('GET', `/api/v1/meetings/${meeting.id}`, housingKey)).statusCode).toBe(403)
    expect((await api('GET', '/api/v1/meetings/00000000-0000-4000-8000-000000000000', key)).statusCode).toBe(
      404,
    )
  })
})
