import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  auditEvents,
  disclosureApplications,
  memberships,
  people,
  personTimeline,
  users,
} from '../../db/schema.js'
import { addDays, londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { userPrincipal } from '../../security/accounts.js'
import { addUser, agencyIdOf } from '../registrations/test-support.js'
import { recordDisclosure } from './service.js'

let t: TestApp
let key: string
const today = londonDateOf(new Date().toISOString())
const yesterday = addDays(today, -1)

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

const agencyId = (code: string) => agencyIdOf(t, code)

async function newPerson() {
  const created = await api('POST', '/api/v1/people', {
    givenName: 'Disclosure',
    familyName: 'Subject',
    dateOfBirth: '1975-02-03',
    area: 'west-yorkshire',
  })
  expect(created.statusCode).toBe(201)
  return created.json().id as string
}

const dateForm = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  }
}

const validForm = {
  ...dateForm('decidedOn', yesterday),
  lawful: 'yes',
  necessary: 'yes',
  proportionate: 'yes',
  legalBasis: 'Common law powers of the police to prevent crime',
  rationale: 'New partner with two children under 10; history of offences against children.',
  content: 'He has convictions for sexual offences against children.',
  recipientName: 'Sam Partner',
  recipientRole: 'Partner',
  disclosedByName: 'PC Jo Bloggs',
  method: 'in_person',
}

const validApi = {
  decidedOn: yesterday,
  lawful: true,
  necessary: true,
  proportionate: true,
  legalBasis: 'Common law powers of the police',
  rationale: 'Risk to the children of the household.',
  content: 'Convictions for offences against children.',
  recipientName: 'Pat Head',
  recipientRole: 'Head teacher',
  disclosedByName: 'DS Smith',
  method: 'letter',
}

beforeAll(async () => {
  t = await createTestApp()
  key = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Police case system' }))
    .key
})
afterAll(() => t.close())

describe('recording a disclosure outside a meeting (browser)', () => {
  it('lists, records with the legal tests, and keeps what was typed on an error', async () => {
    const personId = await newPerson()
    const om = await t.signedIn('police.om')
    const list = await om.get(`/people/${personId}/disclosures`)
    expect(list.statusCode).toBe(200)
    expect($(list.body)('[data-qa=no-disclosures]').length).toBe(1)

    const missing = await om.post(`/people/${personId}/disclosures/new`, {
      ...validForm,
      proportionate: 'no',
      recipientName: '',
      'plannedOn-day': '3',
    })
    expect(missing.statusCode).toBe(400)
    const page = $(missing.body)
    expect(page('.govuk-error-summary').text()).toMatch(/lawful, necessary and proportionate/)
    expect(page('.govuk-error-summary').text()).toMatch(/name of the person receiving/)
    expect(page('.govuk-error-summary').text()).toMatch(/Planned date must include a month and year/)
    expect(page('#recipientRole').val()).toBe('Partner')
    expect(page('#rationale').text()).toMatch(/New partner/)

    const notTold = await om.post(`/people/${personId}/disclosures/new`, { ...validForm, personTold: 'no' })
    expect(notTold.statusCode).toBe(400)
    expect($(notTold.body)('#notToldReason-error').text()).toMatch(/why the person was not told/)

    const saved = await om.post(`/people/${personId}/disclosures/new`, validForm)
    expect(saved.statusCode).toBe(303)
    const after = $((await om.get(`/people/${personId}/disclosures`)).body)
    const row = after('[data-qa=disclosure]')
    expect(row.length).toBe(1)
    expect(row.attr('data-source')).toBe('outside')
    expect(row.text()).toMatch(/Sam Partner/)
    const history = await t.database.db
      .select()
      .from(personTimeline)
      .where(and(eq(personTimeline.personId, personId), eq(personTimeline.kind, 'disclosure.recorded')))
    expect(history).toHaveLength(1)
    // A recipient may be a victim: the history names the role, never the person.
    expect(history[0]!.detail).not.toContain('Sam Partner')
  })

  it('marks a disclosure made with a version check; a stale edit changes nothing', async () => {
    const personId = await newPerson()
    const om = await t.signedIn('police.om')
    await om.post(`/people/${personId}/disclosures/new`, validForm)
    const id = $((await om.get(`/people/${personId}/disclosures`)).body)('[data-qa=disclosure]').attr(
      'data-disclosure-id',
    )!
    const show = await om.get(`/disclosures/${id}`)
    expect(show.statusCode).toBe(200)
    expect($(show.body)('[data-qa=disclosure-facts]').text()).toMatch(/all three tests met/)

    const incomplete = await om.post(`/disclosures/${id}/edit`, { version: '1', status: 'made' })
    expect(incomplete.statusCode).toBe(400)
    expect($(incomplete.body)('.govuk-error-summary').text()).toMatch(
      /Enter the date the disclosure was made/,
    )

    const made = {
      version: '1',
      status: 'made',
      ...dateForm('disclosedOn', today),
      personTold: 'yes',
      undertakingSigned: 'yes',
    }
    expect((await om.post(`/disclosures/${id}/edit`, made)).statusCode).toBe(303)
    const stale = await om.post(`/disclosures/${id}/edit`, { ...made, outcome: 'Partner left the household' })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('#outcome').text()).toBe('Partner left the household')
    expect($(stale.body)('input[name=version]').val()).toBe('2')
  })

  it('victim liaison officers see disclosures but do not record them; housing sees neither', async () => {
    const personId = await newPerson()
    const vlo = await t.signedIn('vlo')
    expect((await vlo.get(`/people/${personId}/disclosures`)).statusCode).toBe(200)
    expect((await vlo.get(`/people/${personId}/disclosures/new`)).statusCode).toBe(403)
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${personId}/disclosures`)).statusCode).toBe(403)
    expect((await housing.get('/disclosures')).statusCode).toBe(403)
  })

  it('unknown disclosures are not found', async () => {
    const om = await t.signedIn('police.om')
    expect((await om.get('/disclosures/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
  })
})

describe('the disclosure register (report)', () => {
  let outsideId: string
  let applicationLinkedId: string
  let restrictedId: string

  beforeAll(async () => {
    const db = t.database.db
    const personId = await newPerson()
    const [membership] = await db
      .select({ userId: memberships.userId, id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.username, 'police.om'))
    const principal = (await userPrincipal(db, membership!.userId, membership!.id))!
    const outside = await recordDisclosure(db, principal, personId, {
      ...validApi,
      recipientName: 'Outside Recipient',
    })
    const [application] = await db
      .insert(disclosureApplications)
      .values({
        reference: 'TEST-REF-1',
        scheme: 'sarahs_law',
        route: 'police',
        sealed: 'x',
        areaCode: 'west-yorkshire',
      })
      .returning()
    const linked = await recordDisclosure(db, principal, personId, validApi, {
      applicationId: application!.id,
    })
    const restrictedPerson = await newPerson()
    const restricted = await recordDisclosure(db, principal, restrictedPerson, {
      ...validApi,
      recipientName: 'Hidden Victim',
    })
    await db.update(people).set({ restricted: true }).where(eq(people.id, restrictedPerson))
    if (outside.kind !== 'created' || linked.kind !== 'created' || restricted.kind !== 'created')
      throw new Error('disclosures not recorded')
    outsideId = outside.disclosure.id
    applicationLinkedId = linked.disclosure.id
    restrictedId = restricted.disclosure.id
  })

  it('lists disclosures made without a meeting decision, and hides recipients of records the viewer may not open', async () => {
    const om = await t.signedIn('police.om')
    const response = await om.get('/disclosures?withoutMeeting=true')
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    const ids = page('[data-qa=register-row]')
      .map((_i, el) => page(el).attr('data-disclosure-id'))
      .get()
    expect(ids).toContain(outsideId)
    expect(ids).toContain(restrictedId)
    expect(ids).not.toContain(applicationLinkedId)
    const hidden = page(`[data-disclosure-id=${restrictedId}]`)
    expect(hidden.text()).toMatch(/Restricted record/)
    expect(response.body).not.toContain('Hidden Victim')
    expect(page(`[data-disclosure-id=${outsideId}] [data-qa=recipient]`).text()).toMatch(/Outside Recipient/)

    const bySource = $((await om.get('/disclosures?source=application')).body)
    expect(
      bySource('[data-qa=register-row]')
        .map((_i, el) => bySource(el).attr('data-disclosure-id'))
        .get(),
    ).toEqual([applicationLinkedId])
    const none = $((await om.get(`/disclosures?from=${addDays(today, 1)}`)).body)
    expect(none('[data-qa=register-empty]').length).toBe(1)
    const bad = await om.get('/disclosures?from=31-01-2025')
    expect(bad.statusCode).toBe(400)
    expect($(bad.body)('.govuk-error-summary').text()).toMatch(/YYYY-MM-DD/)
  })

  it('downloads the report as CSV without restricted recipients', async () => {
    const om = await t.signedIn('police.om')
    const csv = await om.get('/disclosures?withoutMeeting=true&format=csv')
    expect(csv.headers['content-type']).toMatch(/text\/csv/)
    expect(csv.body).toContain('Outside Recipient')
    expect(csv.body).not.toContain('Hidden Victim')
    expect(csv.body).not.toContain('Pat Head')
  })

  it('is only for responsible-authority staff', async () => {
    await addUser(t, 'housing.vlo', 'leeds-housing', ['victim_liaison_officer'])
    const other = await t.signedIn('housing.vlo')
    expect((await other.get('/disclosures')).statusCode).toBe(403)
  })

  it('is audited', async () => {
    const om = await t.signedIn('police.om')
    await om.get('/disclosures')
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.event, 'DISCLOSURE_REGISTER_VIEWED'))
    expect(events.length).toBeGreaterThan(0)
  })
})

describe('the disclosures API', () => {
  it('records, reads, lists without a meeting, and updates with a version', async () => {
    const personId = await newPerson()
    const refused = await api('POST', '/api/v1/disclosures', { ...validApi, personId, proportionate: false })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().errors[0]).toMatchObject({ path: 'proportionate' })
    const unknownField = await api('POST', '/api/v1/disclosures', { ...validApi, personId, extra: 1 })
    expect(unknownField.statusCode).toBe(400)

    const created = await api('POST', '/api/v1/disclosures', { ...validApi, personId })
    expect(created.statusCode).toBe(201)
    const body = created.json()
    expect(body).toMatchObject({
      source: 'outside',
      status: 'decided',
      recipientRole: 'Head teacher',
      version: 1,
    })

    const list = await api('GET', '/api/v1/disclosures?withoutMeeting=true')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(body.id)

    expect((await api('GET', `/api/v1/disclosures/${body.id}`)).json()).toMatchObject({
      id: body.id,
      content: validApi.content,
    })
    const patch = {
      version: 1,
      status: 'made',
      disclosedOn: today,
      personTold: false,
      notToldReason: 'Would increase risk to the school',
      undertakingSigned: true,
    }
    const updated = await api('PATCH', `/api/v1/disclosures/${body.id}`, patch)
    expect(updated.statusCode).toBe(200)
    expect(updated.json()).toMatchObject({ status: 'made', version: 2, personTold: false })
    expect((await api('PATCH', `/api/v1/disclosures/${body.id}`, patch)).statusCode).toBe(409)
    expect((await api('GET', '/api/v1/disclosures/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    )
    expect(
      (
        await api('POST', '/api/v1/disclosures', {
          ...validApi,
          personId: '00000000-0000-4000-8000-000000000000',
        })
      ).statusCode,
    ).toBe(404)
  })

  it('refuses keys without the scope, and other areas’ records', async () => {
    const personId = await newPerson()
    const readOnly = (
      await createApiKey(t.database.db, {
        agencyId: await agencyId('wyp'),
        name: 'Reader',
        scopes: ['disclosure:view'],
      })
    ).key
    expect((await api('POST', '/api/v1/disclosures', { ...validApi, personId }, readOnly)).statusCode).toBe(
      403,
    )
    const londonPerson = await newPerson()
    await t.database.db.update(people).set({ areaCode: 'london' }).where(eq(people.id, londonPerson))
    expect(
      (await api('POST', '/api/v1/disclosures', { ...validApi, personId: londonPerson })).statusCode,
    ).toBe(403)
  })
})
