import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { agencies, conditions, people, personTimeline } from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'

let t: TestApp
let om: Agent
let key: string
let viewKey: string
let personId: string
let namedId: string

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

const curfewForm = {
  kind: 'inclusion_curfew',
  source: 'licence',
  wording: 'Remain at the address between 19:00 and 07:00 daily',
  'details-address': '14 Acacia Avenue, Leeds LS6 2AB',
  'details-from': '19:00',
  'details-to': '07:00',
  'startsOn-day': '1',
  'startsOn-month': '3',
  'startsOn-year': '2026',
}

beforeAll(async () => {
  t = await createTestApp()
  const [wyp] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'wyp'))
  key = (await createApiKey(t.database.db, { agencyId: wyp!.id, name: 'Partner system' })).key
  viewKey = (
    await createApiKey(t.database.db, { agencyId: wyp!.id, name: 'Reader', scopes: ['person:view'] })
  ).key
  const ids = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
  ;[personId, namedId] = [ids[0]!.id, ids[1]!.id]
  om = await t.signedIn('police.om')
})

afterAll(() => t.close())

describe('conditions in the browser', () => {
  it('asks for the kind first, then the form for that kind', async () => {
    const choose = await om.get(`/people/${personId}/conditions/new`)
    expect(choose.statusCode).toBe(200)
    expect($(choose.body)('input[name=kind]').length).toBe(8)
    const form = await om.get(`/people/${personId}/conditions/new?kind=reporting`)
    expect($(form.body)('#details-place').length).toBe(1)
    expect($(form.body)('#details-frequency').length).toBe(1)
  })

  it('adds a condition, shows it, changes it with a version check, and ends it', async () => {
    const saved = await om.post(`/people/${personId}/conditions/new`, curfewForm)
    expect(saved.statusCode, saved.body).toBe(303)
    const page = $((await om.get(`/people/${personId}/conditions`)).body)
    const card = page('[data-qa=condition][data-kind=inclusion_curfew]')
    expect(card.text()).toContain('Hours: 19:00 to 07:00')
    expect(card.text()).toContain('In force')
    const [row] = await t.database.db.select().from(conditions).where(eq(conditions.personId, personId))

    const changeUrl = `/people/${personId}/conditions/${row!.id}/change`
    const changeForm = $((await om.get(changeUrl)).body)
    expect(changeForm('#details-from').val()).toBe('19:00')
    expect(changeForm('input[name=version]').val()).toBe('1')
    const changed = await om.post(changeUrl, { ...curfewForm, version: '1', 'details-from': '20:00' })
    expect(changed.statusCode).toBe(303)
    // A second editor still holding version 1 is told; what they typed is kept.
    const stale = await om.post(changeUrl, { ...curfewForm, version: '1', 'details-from': '21:00' })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('[data-qa=stale-warning]').length).toBe(1)
    expect($(stale.body)('#details-from').val()).toBe('21:00')
    expect($(stale.body)('input[name=version]').val()).toBe('2')

    const endUrl = `/people/${personId}/conditions/${row!.id}/end`
    const ended = await om.post(endUrl, {
      version: '2',
      'endsOn-day': '2',
      'endsOn-month': '3',
      'endsOn-year': '2026',
    })
    expect(ended.statusCode).toBe(303)
    const after = $((await om.get(`/people/${personId}/conditions`)).body)
    expect(after('[data-qa=condition][data-kind=inclusion_curfew]').text()).toContain('Ended')
    const history = await t.database.db
      .select()
      .from(personTimeline)
      .where(eq(personTimeline.recordId, row!.id))
    expect(history.map((h) => h.kind).sort()).toEqual([
      'condition.added',
      'condition.changed',
      'condition.ended',
    ])
  })

  it('shows every problem on the form, keeping what was typed', async () => {
    const response = await om.post(`/people/${personId}/conditions/new`, {
      kind: 'inclusion_curfew',
      'details-address': '14 Acacia Avenue',
      'details-from': '7pm',
      'startsOn-day': '31',
      'startsOn-month': '2',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Start date must include a year')
    expect(summary).toContain('Select where the condition comes from')
    expect(summary).toContain('Enter the condition as worded')
    expect(summary).toContain('Curfew start must be a time on the 24-hour clock')
    expect(page('#details-from').val()).toBe('7pm')
  })

  it('links a no-contact condition to a person record, and needs a name or a record', async () => {
    const none = await om.post(`/people/${personId}/conditions/new`, {
      kind: 'no_contact',
      source: 'restraining_order',
      wording: 'Not to contact',
      'startsOn-day': '1',
      'startsOn-month': '1',
      'startsOn-year': '2026',
    })
    expect(none.statusCode).toBe(400)
    expect($(none.body)('#details-name-error').text()).toContain('Enter the name of the person')
    const linked = await api('POST', `/api/v1/people/${personId}/conditions`, {
      kind: 'no_contact',
      source: 'restraining_order',
      wording: 'Not to contact',
      startsOn: '2026-01-01',
      details: { personId: namedId, relationship: 'victim' },
    })
    expect(linked.statusCode, linked.body).toBe(201)
    expect(linked.json().details.name).toMatch(/\w+ \w+/)
    const unknown = await api('POST', `/api/v1/people/${personId}/conditions`, {
      kind: 'no_contact',
      source: 'licence',
      wording: 'Not to contact',
      startsOn: '2026-01-01',
      details: { personId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(unknown.json().errors).toEqual([{ path: 'details.personId', message: 'No record has that ID' }])
  })

  it('lets only risk managers write', async () => {
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${personId}/conditions/new`)).statusCode).toBe(403)
    expect((await housing.post(`/people/${personId}/conditions/new`, curfewForm)).statusCode).toBe(403)
  })
})

describe('conditions API', () => {
  it('adds, reads, changes with the version read, and ends', async () => {
    const created = await api('POST', `/api/v1/people/${personId}/conditions`, {
      kind: 'residence',
      source: 'licence',
      wording: 'Reside at Approved Premises as directed',
      startsOn: '2026-02-01',
      details: { address: 'Cardigan House, Leeds', approvedPremises: true, premisesName: 'Cardigan House' },
    })
    expect(created.statusCode, created.body).toBe(201)
    const { id } = created.json()
    const url = `/api/v1/people/${personId}/conditions/${id}`
    expect(created.headers.location).toBe(url)
    expect((await api('GET', url)).json()).toMatchObject({ kind: 'residence', status: 'active', version: 1 })

    const changed = await api('PATCH', url, { version: 1, wording: 'Reside at Cardigan House' })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ wording: 'Reside at Cardigan House', version: 2 })
    expect(changed.json().details.approvedPremises).toBe(true)
    expect((await api('PATCH', url, { version: 1, wording: 'Lost' })).statusCode).toBe(409)
    const badDetails = await api('PATCH', url, { version: 2, details: { approvedPremises: true } })
    expect(badDetails.statusCode).toBe(400)
    expect(badDetails.json().errors[0].path).toBe('details.address')

    const early = await api('POST', `${url}/end`, { version: 2, endsOn: '2026-01-01' })
    expect(early.json().errors).toEqual([
      { path: 'endsOn', message: 'The end date must be on or after the start date' },
    ])
    const ended = await api('POST', `${url}/end`, { version: 2, endsOn: '2026-02-28' })
    expect(ended.json()).toMatchObject({ status: 'ended', endsOn: '2026-02-28', version: 3 })
    const list = await api('GET', `/api/v1/people/${personId}/conditions`)
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id)
  })

  it('refuses writes to a key without risk:manage, and unknown people', async () => {
    const body = { kind: 'other', source: 'other', wording: 'x', startsOn: '2026-01-01' }
    expect((await api('POST', `/api/v1/people/${personId}/conditions`, body, viewKey)).statusCode).toBe(403)
    expect((await api('GET', `/api/v1/people/${personId}/conditions`, undefined, viewKey)).statusCode).toBe(
      200,
    )
    const unknown = await api('GET', '/api/v1/people/00000000-0000-4000-8000-000000000000/conditions')
    expect(unknown.statusCode).toBe(404)
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    for (const path of [
      '/api/v1/people/{id}/conditions',
      '/api/v1/people/{id}/conditions/{conditionId}',
      '/api/v1/people/{id}/zones',
      '/api/v1/people/{id}/zones/{zoneId}',
      '/api/v1/zones/check',
    ])
      expect(doc.paths[path], path).toBeDefined()
  })
})
