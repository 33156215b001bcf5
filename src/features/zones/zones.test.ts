import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  people,
  personAddresses,
  personShares,
  personTimeline,
  users,
  zones,
} from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'

let t: TestApp
let om: Agent
let key: string
let housingKey: string
let personId: string
let otherId: string

// A square around Leeds city centre, [longitude, latitude].
const ring = [
  [-1.56, 53.79],
  [-1.53, 53.79],
  [-1.53, 53.81],
  [-1.56, 53.81],
  [-1.56, 53.79],
]
const polygon = { type: 'Polygon', coordinates: [ring] }
const inside = { lat: 53.8, lon: -1.545 }
const outside = { lat: 53.7, lon: -1.7 }

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function addZoneByApi(id: string, properties: Record<string, unknown>, geometry: unknown = polygon) {
  const response = await api('POST', `/api/v1/people/${id}/zones`, { type: 'Feature', geometry, properties })
  expect(response.statusCode, response.body).toBe(201)
  return response.json<{ id: string; properties: { version: number } }>()
}

beforeAll(async () => {
  t = await createTestApp()
  const wyp = await agencyId('wyp')
  key = (await createApiKey(t.database.db, { agencyId: wyp, name: 'Partner system' })).key
  housingKey = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('leeds-housing'),
      name: 'Electronic monitoring provider',
      scopes: ['person:list', 'person:view'],
    })
  ).key
  const ids = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
  ;[personId, otherId] = [ids.at(-1)!.id, ids.at(-2)!.id]
  om = await t.signedIn('police.om')
})

afterAll(() => t.close())

describe('zones in the browser', () => {
  it('draws a zone from the GeoJSON box (no JavaScript needed), shows it and exports it', async () => {
    const form = await om.get(`/people/${personId}/zones/new`)
    expect(form.statusCode).toBe(200)
    const page = $(form.body)
    expect(page('label[for=geometry]').text()).toContain('GeoJSON of the zone')
    expect(page('[data-zone-map]').length).toBe(1)
    expect(page('script[src="/assets/app/zone-map.js"]').attr('nonce')).toBeTruthy()

    const saved = await om.post(`/people/${personId}/zones/new`, {
      name: 'Victim’s home area',
      kind: 'exclusion',
      geometry: JSON.stringify({ type: 'Feature', properties: {}, geometry: polygon }),
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const shown = await om.get(saved.headers.location as string)
    expect(shown.statusCode).toBe(200)
    expect($(shown.body)('[data-qa=zone-name]').text()).toBe('Victim’s home area')
    const features = JSON.parse($(shown.body)('[data-zone-map]').attr('data-features')!)
    expect(features[0].geometry).toEqual(polygon)

    const exported = await om.get(`${saved.headers.location}/geojson`)
    expect(exported.headers['content-type']).toContain('application/geo+json')
    expect(exported.json()).toMatchObject({
      type: 'Feature',
      geometry: polygon,
      bbox: [-1.56, 53.79, -1.53, 53.81],
    })

    const [row] = await t.database.db.select().from(zones).where(eq(zones.name, 'Victim’s home area'))
    expect([row!.minLon, row!.minLat, row!.maxLon, row!.maxLat]).toEqual([-1.56, 53.79, -1.53, 53.81])
    const history = await t.database.db
      .select()
      .from(personTimeline)
      .where(eq(personTimeline.recordId, row!.id))
    expect(history.map((h) => h.kind)).toEqual(['zone.added'])
  })

  it('refuses a bad geometry with a GOV.UK error saying what is wrong, keeping what was typed', async () => {
    const bowtie = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [-1.56, 53.79],
          [-1.53, 53.81],
          [-1.53, 53.79],
          [-1.56, 53.81],
          [-1.56, 53.79],
        ],
      ],
    })
    const response = await om.post(`/people/${personId}/zones/new`, {
      name: 'Crossed',
      kind: 'exclusion',
      geometry: bowtie,
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('.govuk-error-summary').text()).toContain('boundary crosses itself')
    expect(page('.govuk-error-summary a').attr('href')).toBe('#geometry')
    expect(page('#geometry-error').text()).toContain('crosses itself')
    expect(page('#geometry').text()).toBe(bowtie)
    expect(page('#name').val()).toBe('Crossed')
  })

  it('makes a circle from a centre and radius', async () => {
    const saved = await om.post(`/people/${personId}/zones/new`, {
      name: 'School',
      kind: 'exclusion',
      circleLat: '53.75',
      circleLon: '-1.6',
      circleRadius: '250',
    })
    expect(saved.statusCode, saved.body).toBe(303)
    const zoneId = (saved.headers.location as string).split('/').pop()!
    const feature = (await api('GET', `/api/v1/people/${personId}/zones/${zoneId}`)).json()
    expect(feature.geometry.type).toBe('Polygon')
    expect(feature.geometry.coordinates[0]).toHaveLength(65)
    expect(feature.properties.circle).toEqual({ centre: [-1.6, 53.75], radiusMetres: 250 })

    const bad = await om.post(`/people/${personId}/zones/new`, {
      name: 'Nowhere',
      kind: 'exclusion',
      circleLat: '53.75',
      circleLon: 'west',
      circleRadius: '100000',
    })
    expect(bad.statusCode).toBe(400)
    const errors = $(bad.body)('.govuk-error-summary').text()
    expect(errors).toContain('longitude as a number')
  })

  it('lets only risk managers draw zones', async () => {
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${personId}/zones/new`)).statusCode).toBe(403)
    expect((await housing.post(`/people/${personId}/zones/new`, { name: 'x' })).statusCode).toBe(403)
  })
})

describe('zones API', () => {
  it('takes a Feature and gives GeoJSON back; changes need the version read; zones end, not vanish', async () => {
    const created = await addZoneByApi(otherId, { name: 'City centre', kind: 'inclusion' })
    const collection = await api('GET', `/api/v1/people/${otherId}/zones`)
    expect(collection.headers['content-type']).toContain('application/geo+json')
    expect(collection.json()).toMatchObject({
      type: 'FeatureCollection',
      features: [
        { id: created.id, properties: { name: 'City centre', kind: 'inclusion', status: 'active' } },
      ],
    })

    const url = `/api/v1/people/${otherId}/zones/${created.id}`
    const renamed = await api('PATCH', url, {
      type: 'Feature',
      geometry: null,
      properties: { version: 1, name: 'Centre' },
    })
    expect(renamed.statusCode, renamed.body).toBe(200)
    expect(renamed.json().properties).toMatchObject({ name: 'Centre', version: 2 })
    expect(renamed.json().geometry).toEqual(polygon)
    const stale = await api('PATCH', url, {
      type: 'Feature',
      geometry: null,
      properties: { version: 1, name: 'Lost' },
    })
    expect(stale.statusCode).toBe(409)

    const ended = await api('POST', `${url}/end`, { version: 2, endsOn: '2000-01-01' })
    expect(ended.statusCode, ended.body).toBe(200)
    expect(ended.json().properties).toMatchObject({ status: 'ended', endsOn: '2000-01-01', version: 3 })
    const again = await api('POST', `${url}/end`, { version: 3, endsOn: '2000-01-02' })
    expect(again.statusCode).toBe(400)
    expect(again.json().errors[0]).toMatchObject({
      path: 'endsOn',
      message: expect.stringContaining('already ended'),
    })
    const kept = await api('GET', `/api/v1/people/${otherId}/zones`)
    expect(kept.json().features.map((f: { id: string }) => f.id)).toContain(created.id)
    const history = await t.database.db
      .select()
      .from(personTimeline)
      .where(eq(personTimeline.recordId, created.id))
    expect(history.map((h) => h.kind).sort()).toEqual(['zone.added', 'zone.changed', 'zone.ended'])
  })

  it('answers a bad geometry with 400 and the reasons', async () => {
    const response = await api('POST', `/api/v1/people/${otherId}/zones`, {
      type: 'Feature',
      properties: { name: 'Swapped', kind: 'exclusion' },
      geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [y, x])] },
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([
      { path: 'geometry', message: expect.stringMatching(/wrong way round: GeoJSON gives longitude first/) },
    ])
    const geo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/people/${otherId}/zones`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/geo+json' },
      payload: JSON.stringify({
        type: 'Feature',
        properties: { name: 'Geo', kind: 'exclusion' },
        geometry: polygon,
      }),
    })
    expect(geo.statusCode).toBe(201)
  })
})

describe('POST /api/v1/zones/check', () => {
  let checkedId: string
  let zoneId: string
  beforeAll(async () => {
    const [row] = await t.database.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
      .offset(3)
      .limit(1)
    checkedId = row!.id
    zoneId = (await addZoneByApi(checkedId, { name: 'Park', kind: 'exclusion', startsOn: '2026-01-01' })).id
  })

  const check = (body: object, token = key) => api('POST', '/api/v1/zones/check', body, token)

  it('says which of the person’s zones each point is in, at its time', async () => {
    const response = await check({
      personId: checkedId,
      points: [
        { ...inside, at: '2026-06-01T12:00:00+01:00' },
        { ...outside, at: '2026-06-01T12:00:00+01:00' },
        { ...inside, at: '2025-12-31T23:30:00Z' },
        // 00:30 on 1 January in London is still 31 December nowhere: it is the 1st.
        { ...inside, at: '2026-01-01T00:30:00Z' },
      ],
    })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json()).toEqual({
      results: [
        { index: 0, zones: [{ id: zoneId, name: 'Park', kind: 'exclusion' }] },
        { index: 1, zones: [] },
        { index: 2, zones: [] },
        { index: 3, zones: [{ id: zoneId, name: 'Park', kind: 'exclusion' }] },
      ],
    })
  })

  it('sees zones changed by another instance (rebuilt from the database)', async () => {
    await check({ personId: checkedId, points: [{ ...inside, at: '2026-06-01T12:00:00Z' }] })
    // Another instance ends the zone: this one has not written anything itself.
    await t.database.db
      .update(zones)
      .set({ endsOn: '2026-03-01', updatedAt: new Date(), version: 2 })
      .where(eq(zones.id, zoneId))
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const after = await check({ personId: checkedId, points: [{ ...inside, at: '2026-06-01T12:00:00Z' }] })
    expect(after.json()).toEqual({ results: [{ index: 0, zones: [] }] })
  })

  it('refuses a batch over 10,000 points, and bad points, with 400', async () => {
    const many = Array.from({ length: 10_001 }, () => ({ ...inside, at: '2026-06-01T12:00:00Z' }))
    const tooMany = await check({ personId: checkedId, points: many })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json().errors[0]).toEqual({
      path: 'points',
      message: 'Send at most 10,000 points in one request (this request has 10,001)',
    })
    const bad = await check({
      personId: checkedId,
      points: [{ lat: 53.8, lon: -1.5, at: '2026-06-01 12:00' }],
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].path).toBe('points.0.at')
  })

  it('is as open as the person’s record: 404 unknown, 403 not shared, then allowed once shared', async () => {
    const unknown = await check({ personId: '00000000-0000-4000-8000-000000000000', points: [] })
    expect(unknown.statusCode).toBe(404)
    const points = [{ ...inside, at: '2026-06-01T12:00:00Z' }]
    expect((await check({ personId: checkedId, points }, housingKey)).statusCode).toBe(403)
    const [housingUser] = await t.database.db.select().from(users).where(eq(users.username, 'housing'))
    await t.database.db.insert(personShares).values({
      personId: checkedId,
      agencyId: await agencyId('leeds-housing'),
      lawfulBasis: 'CJA 2003 s.325(3) duty to co-operate',
      scope: 'full',
      sharedBy: housingUser!.id,
    })
    expect((await check({ personId: checkedId, points }, housingKey)).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/zones/check', payload: {} })).statusCode).toBe(
      401,
    )
  })
})

describe('address warnings', () => {
  let subjectId: string
  let victimId: string
  beforeAll(async () => {
    const rows = await t.database.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
      .offset(5)
      .limit(2)
    ;[subjectId, victimId] = [rows[0]!.id, rows[1]!.id]
    await addZoneByApi(subjectId, { name: 'Victim’s street', kind: 'exclusion' })
  })

  const address = (lat: string, lon: string) => ({
    kind: 'home',
    line1: '1 Test Street',
    town: 'Leeds',
    postcode: 'LS1 1AA',
    latitude: lat,
    longitude: lon,
  })
  const saved = async () =>
    t.database.db
      .select()
      .from(personAddresses)
      .where(and(eq(personAddresses.personId, subjectId), eq(personAddresses.line1, '1 Test Street')))

  it('warns about an address inside an exclusion zone, and saves it once confirmed', async () => {
    const first = await om.post(`/people/${subjectId}/addresses/new`, address('53.8', '-1.545'))
    expect(first.statusCode).toBe(200)
    const page = $(first.body)
    expect(page('[data-qa=address-warning]').text()).toContain('inside the exclusion zone “Victim’s street”')
    expect(page('#line1').val()).toBe('1 Test Street')
    expect(page('[data-qa=save-fact]').text()).toContain('Save anyway')
    expect(await saved()).toHaveLength(0)

    const confirm = page('input[name=confirmAddress]').val() as string
    const second = await om.post(`/people/${subjectId}/addresses/new`, {
      ...address('53.8', '-1.545'),
      confirmAddress: confirm,
    })
    expect(second.statusCode).toBe(303)
    expect(await saved()).toHaveLength(1)
  })

  it('checks again when the coordinates change after the warning, and not at all outside', async () => {
    const moved = await om.post(`/people/${subjectId}/addresses/new`, {
      ...address('53.801', '-1.546'),
      confirmAddress: '53.8,-1.545',
    })
    expect(moved.statusCode).toBe(200)
    expect($(moved.body)('[data-qa=address-warning]').length).toBe(1)
    const far = await om.post(`/people/${subjectId}/addresses/new`, {
      ...address('53.5', '-1.2'),
      line1: '2 Far Road',
    })
    expect(far.statusCode).toBe(303)
  })

  it('warns about an address near where someone named in a no-contact condition lives', async () => {
    const home = await api('POST', `/api/v1/people/${victimId}/addresses`, {
      kind: 'home',
      line1: '9 Quiet Lane',
      postcode: 'LS6 2AB',
      latitude: 53.82,
      longitude: -1.58,
    })
    expect(home.statusCode, home.body).toBe(201)
    const condition = await api('POST', `/api/v1/people/${subjectId}/conditions`, {
      kind: 'no_contact',
      source: 'licence',
      wording: 'Not to contact directly or indirectly the named person',
      startsOn: '2026-01-01',
      details: { personId: victimId },
    })
    expect(condition.statusCode, condition.body).toBe(201)
    const near = await om.post(`/people/${subjectId}/addresses/new`, {
      ...address('53.8227', '-1.58'),
      line1: '3 Near Road',
    })
    expect(near.statusCode).toBe(200)
    expect($(near.body)('[data-qa=address-warning]').text()).toMatch(
      /about 300 metres from where .+ lives, whom the person must not contact/,
    )
  })
})
