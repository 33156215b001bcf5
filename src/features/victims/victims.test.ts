import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { DEMO_PERSON } from '../../db/demo-cases.js'
import {
  alerts,
  auditEvents,
  conditions,
  convictionOffences,
  convictions,
  outbox,
  people,
  personShares,
  registrations,
  significantEvents,
  tasks,
  users,
  victimRequests,
  victimViews,
  victims,
  zones,
} from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { agencyIdOf, signedInAs } from '../registrations/test-support.js'
import { recordSignificantEvent } from '../significant-events/service.js'
import { paths } from '../../web/paths.js'

let t: TestApp
let personId: string
let convictionId: string
let vloId: string
let probationId: string
/** A victim liaison system's key in West Yorkshire probation. */
let vloKey: string
/** A key with the offender manager scopes (victim:view, but never a named manager). */
let omKey: string
let housingKey: string
let victimId: string
const today = londonDateOf(new Date().toISOString())

/** What the compartment keeps: none of it may reach anyone outside it. */
const SECRET = {
  name: 'Rachel Testvictim',
  address: '1 Hidden Close',
  postcode: 'LS8 9ZZ',
  phone: '07700 900999',
  email: 'rachel.testvictim@example.com',
  concerns: 'Frightened he will come to the school gates',
  place: 'Her sister’s house on Quiet Lane',
}
const PLACE = { lat: '53.8262', lon: '-1.5051' }
const leaks = (text: string) => Object.values(SECRET).filter((s) => text.includes(s))

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

const dateForm = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  }
}

async function idOf(username: string) {
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return row!.id
}
const agencyId = (code: string) => agencyIdOf(t, code)

const agents = new Map<string, Agent>()
async function as(username: string) {
  if (!agents.has(username))
    agents.set(
      username,
      // The chair acts for two forces: as West Yorkshire Police, the person's area.
      username === 'chair'
        ? await signedInAs(t, 'chair', 'West Yorkshire Police')
        : await t.signedIn(username),
    )
  return agents.get(username)!
}

beforeAll(async () => {
  t = await createTestApp()
  const db = t.database.db
  const [person] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.givenName, DEMO_PERSON.givenName), eq(people.familyName, DEMO_PERSON.familyName)))
  personId = person!.id
  const [conviction] = await db
    .select({ id: convictions.id })
    .from(convictions)
    .where(eq(convictions.personId, personId))
  convictionId = conviction!.id
  vloId = await idOf('vlo')
  probationId = await idOf('probation.pp')
  await db.update(users).set({ email: 'vlo@probation.example.gov.uk' }).where(eq(users.id, vloId))
  const housing = await agencyId('leeds-housing')
  await db.insert(personShares).values({
    personId,
    agencyId: housing,
    lawfulBasis: 'CJA 2003 s.325',
    scope: 'full',
    sharedBy: probationId,
  })
  const probation = await agencyId('wy-probation')
  vloKey = (
    await createApiKey(db, {
      agencyId: probation,
      name: 'Victim contact system',
      scopes: ['person:list', 'person:view', 'victim:view', 'victim:manage'],
    })
  ).key
  omKey = (await createApiKey(db, { agencyId: probation, name: 'Case system' })).key
  housingKey = (
    await createApiKey(db, {
      agencyId: housing,
      name: 'Housing system',
      scopes: ['person:list', 'person:view'],
    })
  ).key
})
afterAll(() => t.close())

describe('victim records, a restricted compartment', () => {
  it('a VLO records a victim, sealed at rest, with the sentence date from the conviction', async () => {
    const vlo = await as('vlo')
    const list = $((await vlo.get(`/people/${personId}/victims`)).body)
    expect(list('[data-qa=add-victim]').length).toBe(1)
    const form = await vlo.get(`/people/${personId}/victims/new`)
    expect(form.statusCode).toBe(200)

    const invalid = await vlo.post(`/people/${personId}/victims/new`, {
      kind: 'victim',
      email: 'not-an-email',
    })
    expect(invalid.statusCode).toBe(400)
    const page = $(invalid.body)
    expect(page('.govuk-error-summary').text()).toContain('Enter the victim’s name')
    expect(page('#email').val()).toBe('not-an-email')

    const saved = await vlo.post(`/people/${personId}/victims/new`, {
      kind: 'victim',
      convictionId,
      name: SECRET.name,
      address: SECRET.address,
      postcode: SECRET.postcode,
      ...PLACE,
      phone: SECRET.phone,
      email: SECRET.email,
      preferredContact: 'phone',
      vloUserId: vloId,
    })
    expect(saved.statusCode).toBe(303)
    victimId = /victims\/([0-9a-f-]{36})/.exec(saved.headers.location as string)![1]!

    const [row] = await t.database.db.select().from(victims).where(eq(victims.id, victimId))
    expect(leaks(JSON.stringify(row))).toEqual([])
    const [conviction] = await t.database.db
      .select()
      .from(convictions)
      .where(eq(convictions.id, convictionId))
    expect(row!.sentencedOn).toBe(conviction!.sentenceDate ?? conviction!.date)

    const shown = $((await vlo.get(saved.headers.location as string)).body)
    expect(shown('[data-qa=victim-name]').text()).toContain(SECRET.name)
    expect(shown('[data-qa=victim-details]').text()).toContain(SECRET.postcode)
    expect(shown('[data-qa=eligibility]').attr('data-status')).toBe('eligible')
    expect(shown('[data-qa=eligibility-reasons] li').length).toBeGreaterThan(1)
  })

  it.each([
    ['vlo', 200, 'full'],
    ['police.om', 200, 'full'],
    ['probation.pp', 200, 'full'],
    ['coordinator', 200, 'redacted'],
    ['chair', 200, 'redacted'],
    ['regional', 200, 'redacted'],
    ['housing', 200, 'redacted'],
    ['lay.adviser', 403, 'none'],
    ['smb', 403, 'none'],
    ['admin', 403, 'none'],
  ])('the victims page as %s: %i, %s', async (username, status, view) => {
    const response = await (await as(username)).get(`/people/${personId}/victims`)
    expect(response.statusCode).toBe(status)
    if (view === 'none') return
    const page = $(response.body)
    if (view === 'full') {
      expect(page('[data-qa=victims]').text()).toContain(SECRET.name)
      return
    }
    expect(leaks(response.body)).toEqual([])
    expect(page('[data-qa=redacted]').length).toBe(1)
    expect(page('[data-qa=victim-count]').text()).toContain('1 victim')
    expect(page('[data-qa=redacted-victim]').length).toBe(1)
  })

  it.each([
    ['vlo', 200],
    ['police.om', 200],
    ['coordinator', 403],
    ['regional', 403],
    ['housing', 403],
    ['chair', 403],
  ])('one victim’s page as %s: %i', async (username, status) => {
    const response = await (await as(username)).get(`/people/${personId}/victims/${victimId}`)
    expect(response.statusCode).toBe(status)
    if (status === 403) expect(leaks(response.body)).toEqual([])
  })

  it('lets only VLOs record: a lead manager reads but cannot change', async () => {
    const om = await as('police.om')
    expect((await om.get(`/people/${personId}/victims/${victimId}/change`)).statusCode).toBe(403)
    const post = await om.post(`/people/${personId}/victims/${victimId}/scheme`, {
      optedIn: 'true',
      ...dateForm('on', today),
    })
    expect(post.statusCode).toBe(403)
    expect((await om.get(`/people/${personId}/victims/new`)).statusCode).toBe(403)
    const page = $((await om.get(`/people/${personId}/victims/${victimId}`)).body)
    expect(page('a[href$="/change"]').length).toBe(0)
  })

  it('keeps the Victim Contact Scheme clocks as tasks for the probation manager and the VLO', async () => {
    const vlo = await as('vlo')
    const referral = await t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.recordType, 'victim_referral'), eq(tasks.recordId, victimId)))
    // The demo conviction is years old: the referral is long overdue, and the probation manager's.
    expect(referral).toEqual([
      expect.objectContaining({
        kind: 'victim_contact_referral',
        ownerUserId: probationId,
        status: 'overdue',
      }),
    ])

    const opted = await vlo.post(`/people/${personId}/victims/${victimId}/scheme`, {
      optedIn: 'true',
      ...dateForm('on', today),
    })
    expect(opted.statusCode).toBe(303)
    const referredOn = addDays(today, -1)
    const dates = await vlo.post(`/people/${personId}/victims/${victimId}/contact`, {
      version: '1',
      ...dateForm('referredOn', referredOn),
    })
    expect(dates.statusCode).toBe(303)
    const open = await t.database.db.select().from(tasks).where(eq(tasks.personId, personId))
    expect(open.filter((r) => r.recordId === victimId)).toEqual([
      expect.objectContaining({ kind: 'victim_liaison_contact', ownerUserId: vloId, status: 'due' }),
    ])

    const stale = await vlo.post(`/people/${personId}/victims/${victimId}/contact`, {
      version: '1',
      ...dateForm('referredOn', today),
    })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('[data-qa=stale-warning]').length).toBe(1)

    const page = $((await vlo.get(`/people/${personId}/victims/${victimId}`)).body)
    expect(page('[data-qa=scheme]').text()).toContain('Opted in')
    expect(page('[data-qa=clock][data-kind=victim_liaison_contact]').attr('data-status')).toBe('due')
  })

  it('seals the victim’s views, seen only inside the compartment', async () => {
    const vlo = await as('vlo')
    const saved = await vlo.post(`/people/${personId}/victims/${victimId}/views`, {
      concerns: SECRET.concerns,
      ...dateForm('recordedOn', today),
    })
    expect(saved.statusCode).toBe(303)
    const [row] = await t.database.db.select().from(victimViews).where(eq(victimViews.victimId, victimId))
    expect(row!.sealed).not.toContain('school')
    expect(
      $((await vlo.get(`/people/${personId}/victims/${victimId}`)).body)('[data-qa=view]').text(),
    ).toContain(SECRET.concerns)
    const response = await api('GET', `/api/v1/people/${personId}/victims/${victimId}/views`, omKey)
    expect(response.statusCode).toBe(403)
  })
})

describe('requested conditions', () => {
  let requestId: string

  it('turns a request for an exclusion zone into a condition and zone, warning when the zone pinpoints the place', async () => {
    const vlo = await as('vlo')
    const saved = await vlo.post(`/people/${personId}/victims/${victimId}/requests`, {
      kind: 'exclusion_zone',
      wording: 'Not to enter the area of Roundhay marked on the attached map',
      place: SECRET.place,
      ...PLACE,
      ...dateForm('requestedOn', today),
    })
    expect(saved.statusCode).toBe(303)
    requestId = /requests\/([0-9a-f-]{36})/.exec(saved.headers.location as string)![1]!
    const [row] = await t.database.db.select().from(victimRequests).where(eq(victimRequests.id, requestId))
    expect(row!.sealed).not.toContain('Quiet Lane')

    const grant = {
      version: '1',
      source: 'licence',
      wording: 'Not to enter the area of Roundhay marked on the attached map',
      ...dateForm('startsOn', today),
      'zone-name': 'Exclusion zone 1',
      'zone-lat': PLACE.lat,
      'zone-lon': PLACE.lon,
      'zone-radiusMetres': '1500',
    }
    const url = `/people/${personId}/victims/${victimId}/requests/${requestId}/grant`
    const warned = await vlo.post(url, grant)
    expect(warned.statusCode).toBe(400)
    const page = $(warned.body)
    expect(page('[data-qa=pinpoint-warning][data-kind=centred]').length).toBeGreaterThan(0)
    expect(page('input[name=acceptPinpointRisk]').length).toBe(1)
    expect(page('input[name=zone-radiusMetres]').val()).toBe('1500')
    expect(await t.database.db.select().from(zones).where(eq(zones.personId, personId))).toEqual([])

    const accepted = await vlo.post(url, { ...grant, acceptPinpointRisk: 'true' })
    expect(accepted.statusCode).toBe(303)
    const [granted] = await t.database.db
      .select()
      .from(victimRequests)
      .where(eq(victimRequests.id, requestId))
    expect(granted).toMatchObject({ status: 'granted' })
    const [condition] = await t.database.db
      .select()
      .from(conditions)
      .where(eq(conditions.id, granted!.conditionId!))
    expect(condition).toMatchObject({ kind: 'exclusion_zone', source: 'licence' })
    const [zone] = await t.database.db.select().from(zones).where(eq(zones.id, granted!.zoneId!))
    expect(zone).toMatchObject({ conditionId: condition!.id, kind: 'exclusion', name: 'Exclusion zone 1' })

    // The request page keeps warning about the zone as drawn.
    const shown = $((await vlo.get(`/people/${personId}/victims/${victimId}/requests/${requestId}`)).body)
    expect(shown('[data-qa=pinpoint-warning]').length).toBeGreaterThan(0)
    expect(shown('[data-qa=grant-form]').length).toBe(0)
  })

  it('shows a housing representative that the zone exists, never the victim’s address', async () => {
    const response = await (await as('housing')).get(`/people/${personId}/victims`)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('[data-qa=protecting-condition]').text()).toContain('Not to enter the area of Roundhay')
    expect(page('[data-qa=protecting-zone]').text()).toContain('Exclusion zone 1')
    expect(leaks(response.body)).toEqual([])
  })

  it('records a refusal with its reason, which the plan shows without the victim', async () => {
    const vlo = await as('vlo')
    const saved = await vlo.post(`/people/${personId}/victims/${victimId}/requests`, {
      kind: 'no_contact',
      wording: 'Not to contact the victim directly or indirectly',
      ...dateForm('requestedOn', today),
    })
    const id = /requests\/([0-9a-f-]{36})/.exec(saved.headers.location as string)![1]!
    const url = `/people/${personId}/victims/${victimId}/requests/${id}/decision`
    const missing = await vlo.post(url, { version: '1', status: 'refused', ...dateForm('decidedOn', today) })
    expect(missing.statusCode).toBe(400)
    expect($(missing.body)('.govuk-error-summary').text()).toContain('Give the reason')
    const refused = await vlo.post(url, {
      version: '1',
      status: 'refused',
      reason: 'Already covered by the restraining order',
      ...dateForm('decidedOn', today),
    })
    expect(refused.statusCode).toBe(303)

    const plan = await (await as('coordinator')).get(`/people/${personId}/plan`)
    const rows = $(plan.body)('[data-qa=victim-request]')
    expect(rows.length).toBe(2)
    expect($(plan.body)('[data-qa=victim-requests]').text()).toContain(
      'Refused: Already covered by the restraining order',
    )
    expect($(plan.body)('[data-qa=victim-request][data-status=granted]').length).toBe(1)
    expect(leaks(plan.body)).toEqual([])
  })
})

describe('significant events for victim liaison officers', () => {
  it('alerts the VLO of an opted-in victim, with a task and an email that names nobody', async () => {
    // The condition added from the request above was one.
    const [event] = await t.database.db
      .select()
      .from(significantEvents)
      .where(and(eq(significantEvents.personId, personId), eq(significantEvents.kind, 'condition_added')))
    expect(event).toBeDefined()
    const alert = await t.database.db.select().from(alerts).where(eq(alerts.significantEventId, event!.id))
    expect(alert).toEqual([expect.objectContaining({ userId: vloId, kind: 'significant_event', personId })])
    const contact = await t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.recordType, 'alert'), eq(tasks.recordId, alert[0]!.id)))
    expect(contact).toEqual([expect.objectContaining({ kind: 'victim_event_contact', ownerUserId: vloId })])
    const mail = await t.database.db.select().from(outbox)
    expect(mail.length).toBeGreaterThan(0)
    expect(mail[0]).toMatchObject({
      recipient: 'vlo@probation.example.gov.uk',
      template: 'significant_event',
    })
    const sent = JSON.stringify(mail)
    expect(sent).not.toContain('Smythe')
    expect(sent).not.toContain('Jonathan')
    expect(leaks(sent)).toEqual([])
  })

  it('records breaches, level changes and releases through their own features', async () => {
    const breach = await api('POST', `/api/v1/people/${personId}/notification-breaches`, omKey, {
      suspectedOn: today,
      description: 'Did not notify a change of address',
    })
    expect(breach.statusCode).toBe(201)
    const [registration] = await t.database.db
      .select()
      .from(registrations)
      .where(eq(registrations.personId, personId))
    const level = await api('PATCH', `/api/v1/people/${personId}/registrations/${registration!.id}`, omKey, {
      version: registration!.version,
      level: 2,
      levelRationale: 'Risk to the victim has risen',
    })
    expect(level.statusCode).toBe(200)
    const om = await as('police.om')
    const [line] = await t.database.db
      .select()
      .from(convictionOffences)
      .where(eq(convictionOffences.convictionId, convictionId))
    const newDate = addDays(today, 60)
    const released = await om.post(`/people/${personId}/significant-events/new`, {
      kind: 'release_date_set',
      ...dateForm('on', newDate),
      line: `${convictionId}:${line!.position}`,
    })
    expect(released.statusCode).toBe(303)
    const [updated] = await t.database.db
      .select()
      .from(convictionOffences)
      .where(eq(convictionOffences.convictionId, convictionId))
    expect(updated!.releaseDate).toBe(newDate)
    const kinds = (
      await t.database.db.select().from(significantEvents).where(eq(significantEvents.personId, personId))
    ).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['breach', 'level_changed', 'release_date_changed']))

    const invalid = await om.post(`/people/${personId}/significant-events/new`, { kind: 'recalled' })
    expect(invalid.statusCode).toBe(400)
    expect($(invalid.body)('.govuk-error-summary').text()).toContain('Enter the date')
    expect((await (await as('vlo')).get(`/people/${personId}/significant-events/new`)).statusCode).toBe(403)
  })

  it('shows the VLO their alerts, counts them at home, and records each victim told', async () => {
    const vlo = await as('vlo')
    const home = $((await vlo.get('/')).body)
    expect(Number(home('[data-qa=victim-alert-count] strong').text())).toBeGreaterThanOrEqual(3)
    const page = $((await vlo.get('/victim-alerts')).body)
    expect(page('[data-qa=alert]').length).toBeGreaterThanOrEqual(3)
    expect(page('[data-qa=contact]').first().text()).toContain(SECRET.name)

    const form = page('[data-qa=alert]').first().find('form').first()
    const told = await vlo.post(form.attr('action')!, { key: String(form.find('input[name=key]').val()) })
    expect(told.statusCode).toBe(303)
    const after = $((await vlo.get('/victim-alerts')).body)
    expect(after('[data-qa=contact][data-status=done]').length).toBe(1)

    const readForm = after('[data-qa=alert][data-read=no]').first().find('form[action$="/read"]')
    expect((await vlo.post(readForm.attr('action')!, {})).statusCode).toBe(303)
    expect($((await vlo.get('/victim-alerts')).body)('[data-qa=alert][data-read=yes]').length).toBe(1)

    // Nobody else may mark them.
    expect((await (await as('police.om')).get('/victim-alerts')).statusCode).toBe(403)
    const other = await (await as('coordinator')).post(readForm.attr('action')!, {})
    expect(other.statusCode).toBe(403)
  })

  it('alerts nobody for a person without victims, or once the victim opts out', async () => {
    const [other] = await t.database.db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.areaCode, 'south-yorkshire'))
      .limit(1)
    const before = (await t.database.db.select().from(alerts)).length
    await recordSignificantEvent(t.database.db, {
      personId: other!.id,
      kind: 'recalled',
      occurredOn: today,
      summary: 'Recalled to custody',
    })
    const vlo = await as('vlo')
    await vlo.post(`/people/${personId}/victims/${victimId}/scheme`, {
      optedIn: 'false',
      ...dateForm('on', today),
    })
    await recordSignificantEvent(t.database.db, {
      personId,
      kind: 'licence_ended',
      occurredOn: today,
      summary: 'Licence ended',
    })
    expect((await t.database.db.select().from(alerts)).length).toBe(before)
    await vlo.post(`/people/${personId}/victims/${victimId}/scheme`, {
      optedIn: 'true',
      ...dateForm('on', today),
    })
  })
})

describe('the victims API', () => {
  it('gives the compartment’s callers everything and every other caller the redacted view', async () => {
    const full = await api('GET', `/api/v1/people/${personId}/victims`, vloKey)
    expect(full.statusCode).toBe(200)
    expect(full.json()).toMatchObject({
      access: 'full',
      count: 1,
      items: [{ name: SECRET.name, postcode: SECRET.postcode }],
    })

    for (const key of [omKey, housingKey]) {
      const redacted = await api('GET', `/api/v1/people/${personId}/victims`, key)
      expect(redacted.statusCode).toBe(200)
      expect(redacted.json()).toMatchObject({
        access: 'redacted',
        count: 1,
        items: [{ access: 'redacted', kind: 'victim', scheme: { status: 'opted_in' } }],
        protectingConditions: [{ kind: 'exclusion_zone' }],
      })
      expect(leaks(redacted.body)).toEqual([])
      const one = await api('GET', `/api/v1/people/${personId}/victims/${victimId}`, key)
      expect(one.json()).toMatchObject({ access: 'redacted', id: victimId })
      expect(leaks(one.body)).toEqual([])
      expect(
        (await api('GET', `/api/v1/people/${personId}/victims/${victimId}/requests`, key)).statusCode,
      ).toBe(403)
    }
  })

  it('creates and changes victims with a version check, for VLOs only', async () => {
    const body = { kind: 'person_at_risk', name: 'Another Person', convictionId, vloUserId: vloId }
    expect((await api('POST', `/api/v1/people/${personId}/victims`, omKey, body)).statusCode).toBe(403)
    const invalid = await api('POST', `/api/v1/people/${personId}/victims`, vloKey, { kind: 'x' })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['kind', 'name']),
    )
    const created = await api('POST', `/api/v1/people/${personId}/victims`, vloKey, body)
    expect(created.statusCode).toBe(201)
    const id = created.json().id as string
    expect(created.json()).toMatchObject({
      access: 'full',
      kind: 'person_at_risk',
      version: 1,
      eligibility: { status: 'eligible' },
    })

    const url = `/api/v1/people/${personId}/victims/${id}`
    const changed = await api('PATCH', url, vloKey, { version: 1, phone: '07700 900111' })
    expect(changed.json()).toMatchObject({ version: 2, phone: '07700 900111', name: 'Another Person' })
    const stale = await api('PATCH', url, vloKey, { version: 1, phone: '07700 900222' })
    expect(stale.statusCode).toBe(409)
    expect((await api('PATCH', url, omKey, { version: 2 })).statusCode).toBe(403)

    const choice = await api('POST', `${url}/scheme-choices`, vloKey, { optedIn: false, on: today })
    expect(choice.json()).toMatchObject({ scheme: { status: 'opted_out' } })
    const request = await api('POST', `${url}/requests`, vloKey, {
      kind: 'other',
      wording: 'To tell the supervising officer of any new relationship',
      requestedOn: today,
    })
    expect(request.statusCode).toBe(201)
    const decided = await api('POST', `${url}/requests/${request.json().id}/decision`, vloKey, {
      version: 1,
      status: 'partly_granted',
      reason: 'Made a licence condition for intimate relationships only',
      decidedOn: today,
    })
    expect(decided.json()).toMatchObject({ status: 'partly_granted', version: 2 })
    expect(
      (await api('GET', `/api/v1/people/${personId}/victims/${crypto.randomUUID()}`, vloKey)).statusCode,
    ).toBe(404)
  })
})

describe('subject access export', () => {
  it('gives a co-ordinator the person’s own data as a download without any victim’s details, audited', async () => {
    const response = await (await as('coordinator')).get(`/people/${personId}/subject-access`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="subject-access-/)
    const data = response.json()
    expect(data.person).toMatchObject({ givenName: 'Jonathan', familyName: 'Smythe' })
    expect(data.conditions.length).toBeGreaterThan(0)
    expect(data.convictions.length).toBeGreaterThan(0)
    expect(data.withheld.join(' ')).toContain('Victims')
    expect(leaks(response.body)).toEqual([])
    expect(response.body).not.toContain('Another Person')
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'SUBJECT_ACCESS_EXPORTED'), eq(auditEvents.recordId, personId)))
    expect(audit).toMatchObject({ outcome: 'success' })
  })

  it('is offered on the overview to co-ordinators only', async () => {
    const link = async (username: string) =>
      $((await (await as(username)).get(paths.people.show(personId))).body)('[data-qa=subject-access-link]')
    expect((await link('coordinator')).attr('href')).toBe(paths.people.subjectAccess(personId))
    expect(await link('police.om')).toHaveLength(0)
  })

  it('is not for offender managers or agency representatives', async () => {
    expect((await (await as('police.om')).get(`/people/${personId}/subject-access`)).statusCode).toBe(403)
    expect((await (await as('housing')).get(`/people/${personId}/subject-access`)).statusCode).toBe(403)
  })
})
