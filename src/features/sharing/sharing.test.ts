import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { agencies, personShares, personTimeline, users } from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'

let t: TestApp
let key: string

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })
const today = () => londonDateOf(new Date().toISOString())

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function newPerson() {
  const created = await api('POST', '/api/v1/people', {
    givenName: 'Shared',
    familyName: 'Case',
    dateOfBirth: '1982-08-08',
    area: 'west-yorkshire',
  })
  return created.json().id as string
}

const share = (id: string, extra: object = {}) =>
  api('POST', `/api/v1/people/${id}/shares`, {
    agency: 'leeds-housing',
    lawfulBasis: 'cja2003_s325_3',
    lawfulBasisDetail: 'Housing need to manage the tenancy safely.',
    scope: 'summary',
    expiresOn: addDays(today(), 30),
    ...extra,
  })

beforeAll(async () => {
  t = await createTestApp()
  key = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('wyp'),
      name: 'Partner',
      scopes: ['person:view', 'person:create', 'person:share'],
    })
  ).key
})
afterAll(() => t.close())

describe('sharing with a duty-to-co-operate agency', () => {
  it('gives the agency access; revoking takes it away at once and keeps the share in the list', async () => {
    const id = await newPerson()
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${id}`)).statusCode).toBe(403)

    const created = await share(id)
    expect(created.statusCode).toBe(201)
    const shared = created.json()
    expect(shared).toMatchObject({
      agency: 'leeds-housing',
      scope: 'summary',
      status: 'current',
      expiresOn: addDays(today(), 30),
      lawfulBasis: expect.stringContaining('s.325(3)'),
    })
    expect((await housing.get(`/people/${id}`)).statusCode).toBe(200)
    expect((await share(id)).statusCode).toBe(400)

    const revoked = await api('POST', `/api/v1/people/${id}/shares/${shared.id}/revoke`)
    expect(revoked.statusCode).toBe(200)
    expect(revoked.json()).toMatchObject({ status: 'revoked' })
    expect((await housing.get(`/people/${id}`)).statusCode).toBe(403)
    expect((await api('POST', `/api/v1/people/${id}/shares/${shared.id}/revoke`)).statusCode).toBe(409)
    const listed = (await api('GET', `/api/v1/people/${id}/shares`)).json()
    expect(listed.items.map((s: { status: string }) => s.status)).toEqual(['revoked'])
    const kinds = (
      await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    ).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['share.granted', 'share.revoked']))
  })

  it('gives no access once the share has expired', async () => {
    const id = await newPerson()
    const shared = (await share(id)).json()
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${id}`)).statusCode).toBe(200)
    await t.database.db
      .update(personShares)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(personShares.id, shared.id))
    expect((await housing.get(`/people/${id}`)).statusCode).toBe(403)
    const listed = (await api('GET', `/api/v1/people/${id}/shares`)).json()
    expect(listed.items[0]).toMatchObject({ status: 'expired' })
  })

  it('refuses a share without its lawful basis, ending in the past, or with a responsible-authority agency', async () => {
    const id = await newPerson()
    const bad = await share(id, { lawfulBasis: 'because', lawfulBasisDetail: '', expiresOn: '2020-01-01' })
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['expiresOn', 'lawfulBasis', 'lawfulBasisDetail'])
    const police = await share(id, { agency: 'wyp' })
    expect(police.statusCode).toBe(400)
    expect(police.json().errors[0].path).toBe('agency')
  })

  it('shares and revokes in the browser, recording who shared', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    expect((await om.get(`/people/${id}/sharing`)).statusCode).toBe(200)
    const expires = addDays(today(), 10).split('-')
    const invalid = await om.post(`/people/${id}/sharing`, {
      agency: 'leeds-housing',
      lawfulBasis: 'cja2003_s325_3',
      lawfulBasisDetail: '',
      scope: 'full',
      'expiresOn-day': '31',
      'expiresOn-month': '2',
      'expiresOn-year': expires[0]!,
    })
    expect(invalid.statusCode).toBe(400)
    const page = $(invalid.body)
    expect(page('.govuk-error-summary').text()).toContain('Enter why sharing is necessary and proportionate')
    expect(page('.govuk-error-summary').text()).toContain('must be a real date')
    expect(page('input[name=scope][value=full]').attr('checked')).toBeDefined()

    const done = await om.post(`/people/${id}/sharing`, {
      agency: 'leeds-housing',
      lawfulBasis: 'cja2003_s325_3',
      lawfulBasisDetail: 'Tenancy risk assessment.',
      scope: 'full',
      'expiresOn-day': expires[2]!,
      'expiresOn-month': expires[1]!,
      'expiresOn-year': expires[0]!,
    })
    expect(done.statusCode).toBe(303)
    const [row] = await t.database.db.select().from(personShares).where(eq(personShares.personId, id))
    const [officer] = await t.database.db.select().from(users).where(eq(users.username, 'police.om'))
    expect(row).toMatchObject({ sharedBy: officer!.id, scope: 'full', revokedAt: null })
    const shown = $((await om.get(`/people/${id}/sharing`)).body)
    expect(shown('[data-qa=revoke]').text()).toContain('Leeds City Council Housing')
    expect(shown('[data-qa=current-share]').text()).toContain('Tenancy risk assessment.')
    const revoked = await om.post(`/people/${id}/sharing/${row!.id}/revoke`, {})
    expect(revoked.statusCode).toBe(303)
    expect($((await om.get(`/people/${id}/sharing`)).body)('[data-qa=past-shares]').text()).toContain(
      'Revoked',
    )
  })

  it('is refused to roles that may not share', async () => {
    const id = await newPerson()
    for (const username of ['housing', 'lay.adviser', 'vlo']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(`/people/${id}/sharing`)).statusCode).toBe(403)
    }
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(doc.paths['/api/v1/people/{id}/shares']).toHaveProperty('post')
    expect(doc.paths['/api/v1/people/{id}/shares/{shareId}/revoke']).toHaveProperty('post')
  })
})
