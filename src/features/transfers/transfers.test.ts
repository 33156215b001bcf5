import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  convictions,
  people,
  personManagers,
  personTimeline,
  registrations,
  significantEvents,
  transfers,
  users,
} from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'
import { addUser, signedInAs } from '../registrations/test-support.js'

let t: TestApp
let wyKey: string
let syKey: string

const api = (method: 'GET' | 'POST', url: string, payload: object | undefined, token: string) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

/** A West Yorkshire person, registered with a West Yorkshire lead agency and police manager, with a conviction. */
async function registeredPerson() {
  const created = await api(
    'POST',
    '/api/v1/people',
    { givenName: 'Moving', familyName: 'Case', dateOfBirth: '1975-02-02', area: 'west-yorkshire' },
    wyKey,
  )
  const id = created.json().id as string
  await api(
    'POST',
    `/api/v1/people/${id}/convictions`,
    {
      date: '2025-01-10',
      type: 'conviction',
      offences: [
        {
          offenceId: 'soa2003-s3-sexual-assault',
          offenceDate: '2024-06-01',
          victimAge: 15,
          disposal: { type: 'custody', months: 18 },
        },
      ],
    },
    wyKey,
  )
  const [police] = await t.database.db.select().from(users).where(eq(users.username, 'police.om'))
  const registered = await api(
    'POST',
    `/api/v1/people/${id}/registrations`,
    { category: 1, level: 1, levelRationale: 'Ordinary.', leadAgency: 'wyp', policeManager: police!.id },
    wyKey,
  )
  expect(registered.statusCode).toBe(201)
  return id
}

const areaOf = async (id: string) =>
  (await t.database.db.select({ area: people.areaCode }).from(people).where(eq(people.id, id)))[0]!.area

beforeAll(async () => {
  t = await createTestApp()
  const scopes = ['person:view', 'person:create', 'person:edit', 'registration:manage']
  wyKey = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'WY', scopes })).key
  syKey = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('sy-probation'),
      name: 'SY',
      scopes: ['person:view', 'transfer:decide'],
    })
  ).key
  await addUser(t, 'sy.coordinator', 'sy-probation', ['mappa_coordinator'])
})
afterAll(() => t.close())

describe('transfer to another area', () => {
  it('is requested by the owning area and declined by the receiving co-ordinator, changing nothing', async () => {
    const id = await registeredPerson()
    const chair = await signedInAs(t, 'chair', 'West Yorkshire Police')
    const form = $((await chair.get(`/people/${id}/transfer`)).body)
    expect(form('.govuk-warning-text').text()).toContain('West Yorkshire loses access')
    const invalid = await chair.post(`/people/${id}/transfer`, { toArea: '', reason: 'Kept reason' })
    expect(invalid.statusCode).toBe(400)
    expect($(invalid.body)('#reason').text()).toBe('Kept reason')
    const requested = await chair.post(`/people/${id}/transfer`, {
      toArea: 'south-yorkshire',
      reason: 'Moved to live in Sheffield with family.',
    })
    expect(requested.statusCode).toBe(303)
    const again = await chair.post(`/people/${id}/transfer`, { toArea: 'london', reason: 'Second request' })
    expect(again.statusCode).toBe(409)
    const [transfer] = await t.database.db.select().from(transfers).where(eq(transfers.personId, id))

    // West Yorkshire's co-ordinator cannot decide a transfer into South Yorkshire.
    const wy = await t.signedIn('coordinator')
    expect($((await wy.get('/transfers')).body)('[data-qa=pending-transfers]')).toHaveLength(0)
    const refused = await wy.post(`/transfers/${transfer!.id}`, { decision: 'accept', reason: 'Not ours' })
    expect(refused.statusCode).toBe(403)

    const sy = await t.signedIn('sy.coordinator')
    const queue = $((await sy.get('/transfers')).body)
    expect(queue('[data-qa=pending-transfers]').text()).toContain('Moving CASE')
    const noReason = await sy.post(`/transfers/${transfer!.id}`, { decision: 'decline', reason: '' })
    expect(noReason.statusCode).toBe(400)
    const declined = await sy.post(`/transfers/${transfer!.id}`, {
      decision: 'decline',
      reason: 'The address is not confirmed; keep the case until it is.',
    })
    expect(declined.statusCode).toBe(303)
    expect(await areaOf(id)).toBe('west-yorkshire')
    const [after] = await t.database.db.select().from(transfers).where(eq(transfers.id, transfer!.id))
    expect(after).toMatchObject({
      status: 'declined',
      decisionReason: expect.stringContaining('not confirmed'),
    })
    const [registration] = await t.database.db
      .select()
      .from(registrations)
      .where(eq(registrations.personId, id))
    expect(registration!.leadAgencyId).toBe(await agencyId('wyp'))
    const kinds = (
      await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    ).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['transfer.requested', 'transfer.declined']))
    expect(
      (await sy.post(`/transfers/${transfer!.id}`, { decision: 'accept', reason: 'Changed mind' }))
        .statusCode,
    ).toBe(409)
  })

  it('moves the case when accepted: history, convictions and audit trail stay; the sending area loses access', async () => {
    const id = await registeredPerson()
    const chair = await signedInAs(t, 'chair', 'West Yorkshire Police')
    await chair.post(`/people/${id}/transfer`, { toArea: 'south-yorkshire', reason: 'Moved to Sheffield.' })
    const [transfer] = await t.database.db.select().from(transfers).where(eq(transfers.personId, id))
    const sy = await t.signedIn('sy.coordinator')
    const page = $((await sy.get(`/transfers/${transfer!.id}`)).body)
    expect(page('.govuk-warning-text').text()).toContain('West Yorkshire then loses access')
    const accepted = await sy.post(`/transfers/${transfer!.id}`, {
      decision: 'accept',
      reason: 'Address verified by South Yorkshire Police.',
    })
    expect(accepted.statusCode).toBe(303)
    expect(await areaOf(id)).toBe('south-yorkshire')
    // A significant event for victim liaison: victims are told when the case moves.
    const events = await t.database.db
      .select()
      .from(significantEvents)
      .where(eq(significantEvents.personId, id))
    expect(events.map((e) => [e.kind, e.sourceType])).toEqual([['transferred', 'transfer']])

    expect(await t.database.db.select().from(convictions).where(eq(convictions.personId, id))).toHaveLength(1)
    const kinds = (
      await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    ).map((e) => e.kind)
    expect(kinds).toEqual(
      expect.arrayContaining(['registration.registered', 'transfer.requested', 'transfer.accepted']),
    )
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'TRANSFER_DECIDED'), eq(auditEvents.recordId, transfer!.id)))
    expect(audit[0]).toMatchObject({ outcome: 'success' })
    // The sending area's lead agency and managers are taken off (recorded), so no access remains through them.
    const [registration] = await t.database.db
      .select()
      .from(registrations)
      .where(eq(registrations.personId, id))
    expect(registration).toMatchObject({ status: 'active', leadAgencyId: null })
    expect(
      await t.database.db.select().from(personManagers).where(eq(personManagers.personId, id)),
    ).toHaveLength(0)

    const wyOfficer = await t.signedIn('police.om')
    const opened = await wyOfficer.get(`/people/${id}`)
    expect(opened.statusCode).toBe(403)
    expect($(opened.body)('h1').text()).toContain('another area')
    const syOfficer = await signedInAs(t, 'chair', 'South Yorkshire Police')
    expect((await syOfficer.get(`/people/${id}/registration`)).statusCode).toBe(200)
  })

  it('is refused to roles without transfer rights', async () => {
    for (const username of ['housing', 'lay.adviser', 'police.om']) {
      const agent = await t.signedIn(username)
      expect((await agent.get('/transfers')).statusCode).toBe(403)
    }
    const housing = await t.signedIn('housing')
    const id = await registeredPerson()
    expect((await housing.post(`/people/${id}/transfer`, { toArea: 'london', reason: 'x' })).statusCode).toBe(
      403,
    )
  })
})

describe('/api/v1/transfers', () => {
  it('requests, lists for the receiving area, and decides', async () => {
    const id = await registeredPerson()
    const created = await api(
      'POST',
      '/api/v1/transfers',
      { personId: id, toArea: 'south-yorkshire', reason: 'Moved.' },
      wyKey,
    )
    expect(created.statusCode).toBe(201)
    const transfer = created.json()
    expect(transfer).toMatchObject({
      personId: id,
      fromArea: 'west-yorkshire',
      toArea: 'south-yorkshire',
      status: 'pending',
    })
    const listed = (await api('GET', '/api/v1/transfers', undefined, syKey)).json()
    expect(listed.items.find((i: { id: string }) => i.id === transfer.id)).toMatchObject({ mayDecide: true })
    expect(
      (await api('POST', `/api/v1/transfers/${transfer.id}`, { decision: 'maybe' }, syKey)).statusCode,
    ).toBe(400)
    const decided = await api(
      'POST',
      `/api/v1/transfers/${transfer.id}`,
      { decision: 'accept', reason: 'Yes.' },
      syKey,
    )
    expect(decided.statusCode).toBe(200)
    expect(decided.json()).toMatchObject({ status: 'accepted', decisionReason: 'Yes.' })
    expect(await areaOf(id)).toBe('south-yorkshire')
    expect(
      (await api('POST', '/api/v1/transfers', { personId: id, toArea: 'london', reason: 'x' }, wyKey))
        .statusCode,
    ).toBe(403)
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(doc.paths['/api/v1/transfers']).toHaveProperty('post')
    expect(doc.paths['/api/v1/transfers/{id}']).toHaveProperty('post')
  })
})
