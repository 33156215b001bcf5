import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  alerts,
  auditEvents,
  people,
  personAddresses,
  personShares,
  riskAssessments,
  users,
} from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'

let t: TestApp
let key: string

const validForm = {
  givenName: 'Gareth',
  middleNames: '',
  familyName: 'Pemberton-Wilde',
  'dateOfBirth-day': '3',
  'dateOfBirth-month': '11',
  'dateOfBirth-year': '1978',
  gender: 'male',
  area: 'west-yorkshire',
  pncId: '2001/0123456F',
  nhsNumber: '943 476 5919',
  'aliases-0-givenName': 'Gaz',
  'aliases-0-familyName': 'Wilde',
}

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function personIn(area: string, restricted = false) {
  const [row] = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, area), eq(people.restricted, restricted)))
    .limit(1)
  return row!.id
}

beforeAll(async () => {
  t = await createTestApp()
  key = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Partner system' })).key
})
afterAll(() => t.close())

describe('people in the browser', () => {
  it('adds a person, finds them in the list and opens the record (audited)', async () => {
    const agent = await t.signedIn('police.om')
    const created = await agent.post('/people/new', validForm)
    expect(created.statusCode).toBe(303)
    const id = created.headers.location!.split('/').pop()!

    const list = $((await agent.get('/people?q=pemberton')).body)
    expect(list('[data-qa=people-table] tbody tr')).toHaveLength(1)
    expect(list('[data-qa=people-table] a').attr('href')).toBe(`/people/${id}`)

    const record = await agent.get(`/people/${id}`)
    expect(record.statusCode).toBe(200)
    const page = $(record.body)
    expect(page('[data-qa=person-name]').text()).toContain('PEMBERTON-WILDE')
    expect(page('[data-qa=identity]').text()).toContain('Gaz Wilde')
    expect(page('body').text()).toContain('2001/0123456F')

    const views = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'PERSON_VIEWED'), eq(auditEvents.recordId, id)))
    expect(views).toHaveLength(1)
    expect(views[0]).toMatchObject({ outcome: 'success', recordType: 'person' })
  })

  it('shows every problem at once and keeps what was typed', async () => {
    const agent = await t.signedIn('police.om')
    const response = await agent.post('/people/new', {
      ...validForm,
      givenName: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      pncId: '2001/0123456A',
      nhsNumber: '943 476 5918',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Enter a given name')
    expect(summary).toContain('Date of birth must be a real date')
    expect(summary).toContain('PNC ID check character is wrong')
    expect(summary).toContain('NHS number check digit is wrong')
    expect(page('#familyName').val()).toBe('Pemberton-Wilde')
    expect(page('#pncId').val()).toBe('2001/0123456A')
    expect(page('#dateOfBirth-day').val()).toBe('31')
    expect(page('#aliases-0-givenName').val()).toBe('Gaz')
    expect(page('title').text()).toMatch(/^Error: /)
  })

  it('refuses a stale edit, keeps the editor’s text and changes nothing', async () => {
    const id = await personIn('west-yorkshire')
    const first = await t.signedIn('police.om')
    const second = await t.signedIn('probation.pp')
    const form = (html: string) => {
      const values: Record<string, string> = {}
      $(html)('[data-qa=person-form] input, [data-qa=person-form] select').each((_i, el) => {
        const input = $(html)(el)
        const name = input.attr('name')
        if (!name || name === '_csrf' || name === 'action') return
        if (
          (input.attr('type') === 'radio' || input.attr('type') === 'checkbox') &&
          input.attr('checked') === undefined
        )
          return
        values[name] = String(
          input.is('select') ? (input.find('option[selected]').val() ?? '') : (input.val() ?? ''),
        )
      })
      return values
    }
    const firstForm = form((await first.get(`/people/${id}/edit`)).body)
    const secondForm = form((await second.get(`/people/${id}/edit`)).body)
    expect((await first.post(`/people/${id}/edit`, { ...firstForm, middleNames: 'First' })).statusCode).toBe(
      303,
    )
    const stale = await second.post(`/people/${id}/edit`, { ...secondForm, middleNames: 'Second' })
    expect(stale.statusCode).toBe(409)
    const page = $(stale.body)
    expect(page('.govuk-error-summary').text()).toContain('Someone else changed this record')
    expect(page('#middleNames').val()).toBe('Second')
    const [row] = await t.database.db.select().from(people).where(eq(people.id, id))
    expect(row!.middleNames).toBe('First')
  })

  it('shows a restricted record exists and whom to ask; break-glass opens it and alerts its owners', async () => {
    const id = await personIn('west-yorkshire', true)
    const chair = await t.signedIn('coordinator')
    const refused = await chair.get(`/people/${id}`)
    expect(refused.statusCode).toBe(403)
    const page = $(refused.body)
    expect(page('h1').text()).toBe('This record is restricted')
    expect(page('[data-qa=owners]').text()).toContain('Priya Shah')
    expect(page('body').text()).not.toMatch(
      new RegExp((await t.database.db.select().from(people).where(eq(people.id, id)))[0]!.familyName),
    )

    const noReason = await chair.post(`/people/${id}/access`, { reason: 'short' })
    expect(noReason.statusCode).toBe(400)
    expect($(noReason.body)('#reason').val()).toBe('short')

    const opened = await chair.post(`/people/${id}/access`, {
      reason: 'Urgent safeguarding referral received tonight',
    })
    expect(opened.statusCode).toBe(303)
    expect((await chair.get(`/people/${id}`)).statusCode).toBe(200)

    const [owner] = await t.database.db.select().from(users).where(eq(users.username, 'police.om'))
    const ownerAlerts = await t.database.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.userId, owner!.id), eq(alerts.personId, id)))
    expect(ownerAlerts).toHaveLength(1)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.event, 'PERSON_ACCESS_WITH_REASON'),
          eq(auditEvents.recordId, id),
          eq(auditEvents.outcome, 'success'),
        ),
      )
    expect(audit!.reasonId).toBeTruthy()
    const home = $((await (await t.signedIn('police.om')).get('/')).body)
    expect(home('[data-qa=alerts]').text()).toContain('Alex Morgan used emergency access')
  })

  it('asks for a reason before opening another area’s record', async () => {
    const id = await personIn('london')
    const agent = await t.signedIn('police.om')
    const refused = await agent.get(`/people/${id}`)
    expect(refused.statusCode).toBe(403)
    expect($(refused.body)('h1').text()).toBe('This record is in another area')
    await agent.post(`/people/${id}/access`, { reason: 'Person arrested in Leeds overnight' })
    expect((await agent.get(`/people/${id}`)).statusCode).toBe(200)
  })

  it('shows a housing representative only the cases shared with their agency', async () => {
    const shared = await personIn('west-yorkshire')
    const [other] = await t.database.db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.areaCode, 'west-yorkshire'))
      .offset(5)
      .limit(1)
    await t.database.db.insert(personShares).values({
      personId: shared,
      agencyId: await agencyId('leeds-housing'),
      lawfulBasis: 'CJA 2003 s.325(3) duty to co-operate',
      scope: 'record',
      sharedBy: shared,
    })
    const agent = await t.signedIn('housing')
    const list = $((await agent.get('/people')).body)
    expect(list('[data-qa=people-table] tbody tr')).toHaveLength(1)
    expect((await agent.get(`/people/${shared}`)).statusCode).toBe(200)
    expect((await agent.get(`/people/${other!.id}`)).statusCode).toBe(403)
    expect((await agent.get('/people/new')).statusCode).toBe(403)
  })

  it('pages through the list', async () => {
    const agent = await t.signedIn('police.om')
    const first = $((await agent.get('/people')).body)
    expect(first('[data-qa=people-table] tbody tr')).toHaveLength(25)
    const next = first('.govuk-pagination__next a').attr('href')
    expect(next).toBe('/people?page=2')
    const second = $((await agent.get(next!)).body)
    expect(second('[data-qa=people-table] tbody tr').first().text()).not.toBe(
      first('[data-qa=people-table] tbody tr').first().text(),
    )
  })

  it('sums up the registration, address, risk and what is due at the top of the overview', async () => {
    const [smythe] = await t.database.db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.familyName, 'Smythe'))
    const agent = await t.signedIn('police.om')
    const response = await agent.get(`/people/${smythe!.id}`)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)

    const badges = page('[data-qa=person-badges] .govuk-tag')
      .map((_, el) => ({ text: page(el).text().trim(), classes: page(el).attr('class') }))
      .get()
    expect(badges).toEqual([
      { text: 'Category 1', classes: expect.stringContaining('govuk-tag--blue') },
      { text: 'Level 1', classes: expect.stringContaining('govuk-tag--grey') },
    ])
    expect(page('h1').text()).not.toContain('Category 1')

    const registration = page('[data-qa=overview-registration]')
    expect(registration.find('h2').text().trim()).toBe('MAPPA registration')
    expect(registration.text()).toContain('Category 1: registered sexual offender')
    expect(registration.text()).toContain('West Yorkshire Police')
    expect(registration.find('a').attr('href')).toBe(`/people/${smythe!.id}/registration`)

    expect(page('[data-qa=overview-address]').text()).toContain('No current address')
    expect(page('[data-qa=overview-address] a').attr('href')).toBe(`/people/${smythe!.id}/addresses`)
    expect(page('[data-qa=overview-risk]').text()).toContain('No overall RoSH assessment recorded')

    const due = page('[data-qa=overview-due]')
    expect(due.find('h2').text().trim()).toBe('Due and overdue')
    expect(due.find('a').first().attr('href')).toBe('/work-queue')
    const rows = due.find('.govuk-summary-list__row')
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThanOrEqual(5)
    const statuses = rows.map((_, row) => page(row).find('.govuk-tag').text().trim()).get()
    for (const status of statuses) expect(['Overdue', 'Due']).toContain(status)
    // Overdue items come first.
    expect(statuses.join(',')).toMatch(/^(Overdue,)*(Due,?)*$/)
    rows.each((_, row) => {
      expect(page(row).find('.govuk-summary-list__key').text().trim()).not.toBe('')
      expect(page(row).find('.govuk-summary-list__actions a').attr('href')).toMatch(
        new RegExp(`^/people/${smythe!.id}/`),
      )
    })
  })

  it('shows the current home address and latest RoSH, and says an unregistered person is not registered', async () => {
    const agent = await t.signedIn('police.om')
    const created = await agent.post('/people/new', {
      ...validForm,
      givenName: 'Osian',
      familyName: 'Unregistered-Overview',
      pncId: '',
      nhsNumber: '',
    })
    const id = created.headers.location!.split('/').pop()!
    await t.database.db.insert(personAddresses).values([
      {
        personId: id,
        kind: 'home',
        line1: '1 Old Road',
        town: 'Leeds',
        postcode: 'LS1 1AA',
        validFrom: '2020-01-01',
        validTo: '2021-01-01',
      },
      {
        personId: id,
        kind: 'home',
        line1: '14 Chapel Street',
        town: 'Leeds',
        postcode: 'LS6 3AB',
        validFrom: '2021-01-02',
      },
    ])
    await t.database.db.insert(riskAssessments).values([
      { personId: id, tool: 'oasys_rosh', assessedOn: '2024-03-01', data: {}, band: 'medium' },
      { personId: id, tool: 'oasys_rosh', assessedOn: '2025-02-10', data: {}, band: 'high' },
    ])

    const page = $((await agent.get(`/people/${id}`)).body)
    expect(page('[data-qa=person-badges]')).toHaveLength(0)
    expect(page('[data-qa=overview-registration]').text()).toContain('Not registered')
    const address = page('[data-qa=overview-address]').text()
    expect(address).toContain('14 Chapel Street')
    expect(address).not.toContain('1 Old Road')
    const risk = page('[data-qa=overview-risk]')
    expect(risk.find('.govuk-tag').text().trim()).toBe('High')
    expect(risk.text()).toContain('10 February 2025')
    expect(page('[data-qa=overview-due]').text()).toContain('Nothing is due or overdue')
  })

  it('gives an unknown record a 404 page', async () => {
    const agent = await t.signedIn('police.om')
    expect((await agent.get('/people/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    expect((await agent.get('/people/not-an-id')).statusCode).toBe(404)
  })
})

describe('people API (/api/v1/people)', () => {
  const body = {
    givenName: 'Dafydd',
    familyName: 'Owen',
    dateOfBirth: '1969-07-21',
    gender: 'male',
    area: 'west-yorkshire',
    pncId: '2001/0123456F',
    crn: 'x123456',
    aliases: [{ givenName: 'David', familyName: 'Owen', dateOfBirth: null }],
  }

  it('creates a person (201) and returns the stored record with its id', async () => {
    const response = await api('POST', '/api/v1/people', body)
    expect(response.statusCode).toBe(201)
    const person = response.json()
    expect(person).toMatchObject({
      givenName: 'Dafydd',
      dateOfBirth: '1969-07-21',
      area: 'west-yorkshire',
      crn: 'X123456',
      version: 1,
    })
    expect(person.aliases).toEqual([{ givenName: 'David', familyName: 'Owen', dateOfBirth: null }])
    expect(response.headers.location).toBe(`/api/v1/people/${person.id}`)
    const read = await api('GET', `/api/v1/people/${person.id}`)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual(person)
  })

  it('answers 400 with {errors:[{path,message}]} for bad input', async () => {
    const response = await api('POST', '/api/v1/people', {
      ...body,
      givenName: '',
      dateOfBirth: '1969-02-30',
      nhsNumber: '1234567890',
      area: 'atlantis',
    })
    expect(response.statusCode).toBe(400)
    const paths = response.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['givenName', 'dateOfBirth', 'nhsNumber', 'area']))
  })

  it('answers 401 without a key or with a bad or revoked key', async () => {
    expect((await api('GET', '/api/v1/people', undefined, '')).statusCode).toBe(401)
    expect(
      (await api('GET', '/api/v1/people', undefined, 'ppk_000000000000_' + 'a'.repeat(43))).statusCode,
    ).toBe(401)
  })

  it('answers 404 for an unknown id and 403 for a record outside the key’s area', async () => {
    expect((await api('GET', '/api/v1/people/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    expect((await api('GET', `/api/v1/people/${await personIn('london')}`)).statusCode).toBe(403)
  })

  it('limits a key to its scopes', async () => {
    const readOnly = await createApiKey(t.database.db, {
      agencyId: await agencyId('wyp'),
      name: 'Reader',
      scopes: ['person:view'],
    })
    expect((await api('POST', '/api/v1/people', body, readOnly.key)).statusCode).toBe(403)
  })

  it('changes a record with the version read; a stale version is 409 and changes nothing', async () => {
    const { id } = (await api('POST', '/api/v1/people', { ...body, pncId: null })).json()
    const changed = await api('PATCH', `/api/v1/people/${id}`, { version: 1, middleNames: 'Rhys' })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({
      middleNames: 'Rhys',
      version: 2,
      aliases: body.aliases,
      crn: 'X123456',
    })
    const stale = await api('PATCH', `/api/v1/people/${id}`, { version: 1, middleNames: 'Lost' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().errors[0].path).toBe('version')
    expect((await api('GET', `/api/v1/people/${id}`)).json().middleNames).toBe('Rhys')
    expect((await api('PATCH', `/api/v1/people/${id}`, { middleNames: 'No version' })).statusCode).toBe(400)
  })

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/people', '/api/v1/people/{id}']))
    expect(doc.paths['/api/v1/people'].post.requestBody).toBeTruthy()
  })
})
