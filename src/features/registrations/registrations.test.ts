import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  personManagers,
  personTimeline,
  registrationChanges,
  registrations,
  users,
} from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'
import { signedInAs } from './test-support.js'

let t: TestApp
let key: string
let otherAreaKey: string

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}
async function userId(username: string) {
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return row!.id
}

/** A fresh West Yorkshire person with one conviction (by default one that puts them in Category 1). */
async function newPerson(conviction: object | null = sexualAssault) {
  const created = await api('POST', '/api/v1/people', {
    givenName: 'Reg',
    familyName: 'Istrant',
    dateOfBirth: '1980-04-01',
    area: 'west-yorkshire',
  })
  expect(created.statusCode).toBe(201)
  const id = created.json().id as string
  if (conviction)
    expect((await api('POST', `/api/v1/people/${id}/convictions`, conviction)).statusCode).toBe(201)
  return id
}

// Notification for 10 years (Sch.3 para 18; 18 months' custody): Category 1.
const sexualAssault = {
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
}
// Schedule 15 Part 1 with four years' custody: Category 2 while on licence, which ended in 2022.
const woundingLicenceEnded = {
  date: '2018-03-01',
  type: 'conviction',
  offences: [
    {
      offenceId: 'oapa1861-s18-gbh-with-intent',
      offenceDate: '2017-09-01',
      victimAge: 30,
      disposal: { type: 'custody', months: 48, releaseDate: '2020-03-01', licenceEndDate: '2022-03-01' },
    },
  ],
}

beforeAll(async () => {
  t = await createTestApp()
  const scopes = ['person:list', 'person:view', 'person:create', 'person:edit', 'registration:manage']
  key = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Partner', scopes })).key
  otherAreaKey = (await createApiKey(t.database.db, { agencyId: await agencyId('met'), name: 'Met', scopes }))
    .key
})
afterAll(() => t.close())

describe('registering under MAPPA in the browser', () => {
  it('shows the suggested category with reasons; the offender manager confirms it and registers', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    const page = $((await om.get(`/people/${id}/registration`)).body)
    expect(page('[data-qa=suggestion]').text()).toContain('The rules suggest Category 1')
    expect(page('[data-qa=suggestion-reasons] li').length).toBeGreaterThan(0)

    const form = $((await om.get(`/people/${id}/registration/register`)).body)
    expect(form('input[name=category][value=1]').attr('checked')).toBeDefined()
    const police = await userId('police.om')
    const registered = await om.post(`/people/${id}/registration/register`, {
      category: '1',
      categoryRationale: '',
      level: '1',
      levelRationale: 'Managed by the police public protection unit; no multi-agency meeting needed.',
      leadAgency: 'wyp',
      policeManager: police,
      probationManager: '',
    })
    expect(registered.statusCode).toBe(303)
    expect(registered.headers.location).toBe(`/people/${id}/registration?done=registered`)

    const shown = $((await om.get(`/people/${id}/registration`)).body)
    expect(shown('[data-qa=registration]').text()).toContain('Category 1')
    expect(shown('[data-qa=registration]').text()).toContain('West Yorkshire Police')
    expect(shown('[data-qa=registration]').text()).toContain('(police)')
    expect(shown('[data-qa=registration-change][data-kind=registered]')).toHaveLength(1)
    const [row] = await t.database.db.select().from(registrations).where(eq(registrations.personId, id))
    expect(row).toMatchObject({ category: 1, level: 1, status: 'active', registeredBy: police, version: 1 })
    const managers = await t.database.db.select().from(personManagers).where(eq(personManagers.personId, id))
    expect(managers).toEqual([{ personId: id, userId: police, kind: 'police' }])
  })

  it('changes the level with a rationale; the change is in the history and on the History page', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    await om.post(`/people/${id}/registration/register`, {
      category: '1',
      level: '1',
      levelRationale: 'Ordinary management.',
      leadAgency: 'wyp',
    })
    const noReason = await om.post(`/people/${id}/registration/level`, {
      level: '2',
      levelRationale: '',
      version: '1',
    })
    expect(noReason.statusCode).toBe(400)
    expect($(noReason.body)('.govuk-error-summary').text()).toContain('Enter why the level is changing')
    expect($(noReason.body)('input[name=level][value=2]').attr('checked')).toBeDefined()

    const changed = await om.post(`/people/${id}/registration/level`, {
      level: '2',
      levelRationale: 'New intelligence of contact with children: high risk of serious harm.',
      version: '1',
    })
    expect(changed.statusCode).toBe(303)
    const changes = await t.database.db.select().from(registrationChanges)
    expect(changes.filter((c) => c.kind === 'level_changed' && c.toValue === '2').length).toBeGreaterThan(0)
    const page = $((await om.get(`/people/${id}/registration`)).body)
    expect(page('[data-qa=registration-change][data-kind=level_changed]').text()).toContain(
      'New intelligence of contact with children',
    )
    const history = await om.get(`/people/${id}/history`)
    expect(history.statusCode).toBe(200)
    expect(history.body).toContain('MAPPA level changed from Level 1 to Level 2')
    expect(history.body).toContain('New intelligence of contact with children: high risk of serious harm.')
  })

  it('refuses Category 3 without a rationale, keeping what was typed; Category 3 is never at Level 1', async () => {
    const id = await newPerson(null)
    const om = await t.signedIn('police.om')
    const form = {
      category: '3',
      categoryRationale: '',
      level: '1',
      levelRationale: 'Typed rationale kept',
      leadAgency: 'wy-probation',
    }
    const refused = await om.post(`/people/${id}/registration/register`, form)
    expect(refused.statusCode).toBe(400)
    const page = $(refused.body)
    expect(page('.govuk-error-summary').text()).toContain(
      'Categories 3 and 4 are decided by the Responsible Authority',
    )
    expect(page('.govuk-error-summary').text()).toContain('Category 3 is managed at Level 2 or 3')
    expect(page('#levelRationale').text()).toBe('Typed rationale kept')
    expect(page('#leadAgency option[selected]').val()).toBe('wy-probation')
    expect(
      await t.database.db.select().from(registrations).where(eq(registrations.personId, id)),
    ).toHaveLength(0)

    const accepted = await om.post(`/people/${id}/registration/register`, {
      ...form,
      level: '2',
      categoryRationale:
        'Previous convictions for serious violence and current threats: needs active multi-agency management.',
    })
    expect(accepted.statusCode).toBe(303)
  })

  it('needs a rationale to register a category the rules do not suggest', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    const refused = await om.post(`/people/${id}/registration/register`, {
      category: '2',
      level: '1',
      levelRationale: 'x',
      leadAgency: 'wyp',
    })
    expect(refused.statusCode).toBe(400)
    expect($(refused.body)('#categoryRationale-error').text()).toContain('the rules suggest (Category 1)')
  })

  it('refuses roles that may not manage registrations', async () => {
    const id = await newPerson()
    for (const username of ['housing', 'lay.adviser', 'vlo', 'smb']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(`/people/${id}/registration/register`)).statusCode).toBe(403)
      const post = await agent.post(`/people/${id}/registration/register`, { category: '1' })
      expect(post.statusCode).toBe(403)
    }
    expect(
      await t.database.db.select().from(registrations).where(eq(registrations.personId, id)),
    ).toHaveLength(0)
    const refusals = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'PERSON_REGISTERED'), eq(auditEvents.outcome, 'denied')))
    expect(refusals.length).toBeGreaterThanOrEqual(4)
  })

  it('lets the meeting chair register too', async () => {
    const id = await newPerson()
    const chair = await signedInAs(t, 'chair', 'West Yorkshire Police')
    const response = await chair.post(`/people/${id}/registration/register`, {
      category: '1',
      level: '3',
      levelRationale: 'Media interest; senior oversight needed.',
      leadAgency: 'wyp',
    })
    expect(response.statusCode).toBe(303)
  })
})

describe('de-registration', () => {
  it('is prompted when the basis has ended, confirmed with a reason, and deletes nothing', async () => {
    const id = await newPerson(woundingLicenceEnded)
    const om = await t.signedIn('police.om')
    const registered = await om.post(`/people/${id}/registration/register`, {
      category: '2',
      categoryRationale: 'Registered while on licence; imported from the previous system.',
      level: '1',
      levelRationale: 'Ordinary management.',
      leadAgency: 'wy-probation',
    })
    expect(registered.statusCode).toBe(303)
    const page = $((await om.get(`/people/${id}/registration`)).body)
    expect(page('[data-qa=deregistration-prompt]').text()).toContain('ended on 2022-03-01')
    expect(page('[data-qa=deregistration-prompt]').text()).toContain('never automatic')
    // Never automatic: the registration is still in force until a person confirms.
    const [before] = await t.database.db.select().from(registrations).where(eq(registrations.personId, id))
    expect(before!.status).toBe('active')

    const noReason = await om.post(`/people/${id}/registration/deregister`, { reason: '', version: '1' })
    expect(noReason.statusCode).toBe(400)
    expect($(noReason.body)('.govuk-error-summary').text()).toContain('Enter why the registration is ending')

    const confirmed = await om.post(`/people/${id}/registration/deregister`, {
      reason: 'Licence ended on 1 March 2022; no further basis for MAPPA management.',
      version: '1',
    })
    expect(confirmed.statusCode).toBe(303)
    const [after] = await t.database.db.select().from(registrations).where(eq(registrations.personId, id))
    expect(after).toMatchObject({
      status: 'deregistered',
      category: 2,
      deregisteredBy: await userId('police.om'),
      deregistrationReason: 'Licence ended on 1 March 2022; no further basis for MAPPA management.',
    })
    expect(after!.deregisteredOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const changes = await t.database.db
      .select()
      .from(registrationChanges)
      .where(eq(registrationChanges.registrationId, after!.id))
    expect(changes.map((c) => c.kind).sort()).toEqual(['deregistered', 'registered'])
    const timeline = await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    expect(timeline.map((e) => e.kind)).toContain('registration.deregistered')
    const shown = $((await om.get(`/people/${id}/registration`)).body)
    expect(shown('[data-qa=past-registration]').text()).toContain('Licence ended on 1 March 2022')
    expect(shown('[data-qa=register]')).toHaveLength(1)
  })

  it('is not prompted while the basis continues (Category 1 notification running)', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    await om.post(`/people/${id}/registration/register`, {
      category: '1',
      level: '1',
      levelRationale: 'Ordinary management.',
      leadAgency: 'wyp',
    })
    const page = $((await om.get(`/people/${id}/registration`)).body)
    expect(page('[data-qa=deregistration-prompt]')).toHaveLength(0)
    expect(page('[data-qa=deregistration-basis]').text()).toContain('basis continues')
  })
})

describe('/api/v1/people/{id}/registrations', () => {
  it('registers (201), allows one registration in force (409), changes with a version, and de-registers', async () => {
    const id = await newPerson()
    const body = { category: 1, level: 1, levelRationale: 'Ordinary management.', leadAgency: 'wyp' }
    const created = await api('POST', `/api/v1/people/${id}/registrations`, body)
    expect(created.statusCode).toBe(201)
    const registration = created.json()
    expect(registration).toMatchObject({ personId: id, category: 1, level: 1, leadAgency: 'wyp', version: 1 })
    expect(created.headers.location).toBe(`/api/v1/people/${id}/registrations/${registration.id}`)
    expect((await api('POST', `/api/v1/people/${id}/registrations`, body)).statusCode).toBe(409)

    const url = `/api/v1/people/${id}/registrations/${registration.id}`
    expect((await api('PATCH', url, { version: 1, level: 2 })).json().errors).toEqual([
      { path: 'levelRationale', message: 'Enter why the level is changing' },
    ])
    const changed = await api('PATCH', url, { version: 1, level: 2, levelRationale: 'Escalating risk.' })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ level: 2, version: 2 })
    const stale = await api('PATCH', url, { version: 1, level: 3, levelRationale: 'Stale.' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().errors[0].path).toBe('version')

    const listed = (await api('GET', `/api/v1/people/${id}/registrations`)).json()
    expect(listed.current).toBe(registration.id)
    expect(listed.suggestion.category).toBe(1)
    expect(listed.nextLevelReview).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(listed.items[0].history.map((h: { kind: string }) => h.kind)).toEqual([
      'level_changed',
      'registered',
    ])

    const ended = await api('POST', `${url}/deregistration`, { version: 2, reason: 'Decision of the RA.' })
    expect(ended.statusCode).toBe(200)
    expect(ended.json()).toMatchObject({
      status: 'deregistered',
      deregistrationReason: 'Decision of the RA.',
    })
    expect((await api('POST', `${url}/deregistration`, { version: 3, reason: 'Again' })).statusCode).toBe(409)
  })

  it('answers 401 without a key, 403 for another area, 404 for an unknown person, 400 for a bad body', async () => {
    const id = await newPerson()
    expect((await api('GET', `/api/v1/people/${id}/registrations`, undefined, '')).statusCode).toBe(401)
    expect((await api('GET', `/api/v1/people/${id}/registrations`, undefined, otherAreaKey)).statusCode).toBe(
      403,
    )
    expect(
      (await api('GET', '/api/v1/people/00000000-0000-4000-8000-000000000000/registrations')).statusCode,
    ).toBe(404)
    const bad = await api('POST', `/api/v1/people/${id}/registrations`, { category: 5, level: 1 })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['category', 'levelRationale', 'leadAgency']),
    )
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(doc.paths['/api/v1/people/{id}/registrations']).toHaveProperty('post')
    expect(doc.paths['/api/v1/people/{id}/registrations/{registrationId}']).toHaveProperty('patch')
    expect(doc.paths['/api/v1/people/{id}/registrations/{registrationId}/deregistration']).toHaveProperty(
      'post',
    )
  })
})
