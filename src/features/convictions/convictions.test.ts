import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  convictions,
  people,
  rulesDecisions,
  significantEvents,
} from '../../db/schema.js'
import { RULES_VERSION, addDays, addDuration, lastDayOfPeriod } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'

let t: TestApp
let key: string

const api = (method: 'GET' | 'POST', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function personIn(area: string) {
  const [row] = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, area), eq(people.restricted, false)))
    .limit(1)
  return row!.id
}

/** A fresh adult in West Yorkshire, so each test starts with no convictions. */
async function newPerson(dateOfBirth = '1980-04-01') {
  const response = await api('POST', '/api/v1/people', {
    givenName: 'Test',
    familyName: 'Subject',
    dateOfBirth,
    area: 'west-yorkshire',
  })
  expect(response.statusCode).toBe(201)
  return response.json().id as string
}

// SOA 2003 s.3 against a 15-year-old, 18 months' custody: Sch.3 para 18 (victim under 18 or
// 12 months+ custody) → notification, more than 6 and less than 30 months → 10 years.
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

beforeAll(async () => {
  t = await createTestApp()
  key = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Partner system' })).key
})
afterAll(() => t.close())

describe('POST /api/v1/people/{id}/convictions', () => {
  it('records a conviction (201) and returns it with its id', async () => {
    const id = await newPerson()
    const response = await api('POST', `/api/v1/people/${id}/convictions`, sexualAssault)
    expect(response.statusCode).toBe(201)
    const stored = response.json()
    expect(stored).toMatchObject({
      personId: id,
      date: '2025-01-10',
      type: 'conviction',
      court: 'england_wales',
      version: 1,
      offences: [
        {
          offenceId: 'soa2003-s3-sexual-assault',
          offenceDate: '2024-06-01',
          victimAge: 15,
          disposal: { type: 'custody', months: 18 },
        },
      ],
    })
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.headers.location).toBe(`/api/v1/people/${id}/convictions/${stored.id}`)
    expect((await api('GET', response.headers.location!)).json()).toEqual(stored)
    expect((await api('GET', `/api/v1/people/${id}/convictions`)).json()).toEqual({ items: [stored] })

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'CONVICTION_RECORDED'), eq(auditEvents.recordId, id)))
    expect(audit).toMatchObject({ outcome: 'success', recordType: 'person' })
  })

  it('keeps the optional facts: ranges, "under" ages, descriptions, consecutive terms and custody dates', async () => {
    const id = await newPerson()
    const body = {
      date: '2023-03-01',
      type: 'conviction',
      court: 'england_wales',
      offences: [
        {
          offenceId: 'soa2003-s3-sexual-assault',
          offenceDateFrom: '2022-01-01',
          offenceDateTo: '2022-02-01',
          victimAgeUnder: 13,
          disposal: { type: 'custody', months: 18, releaseDate: '2023-12-01', licenceEndDate: '2024-09-01' },
        },
        {
          description: 'Offence under a local byelaw',
          offenceDate: '2022-01-15',
          consecutive: true,
          disposal: { type: 'custody', weeks: 26 },
        },
      ],
    }
    const response = await api('POST', `/api/v1/people/${id}/convictions`, body)
    expect(response.statusCode).toBe(201)
    expect(response.json().offences).toEqual(body.offences)
  })

  it('tells victim liaison of a release still to come, and not of one already past', async () => {
    const id = await newPerson()
    const release = addDays(londonDateOf(new Date().toISOString()), 30)
    const line = (releaseDate: string) => ({
      offenceId: 'soa2003-s3-sexual-assault',
      offenceDate: '2024-01-01',
      disposal: { type: 'custody', months: 18, releaseDate },
    })
    const record = (releaseDate: string) =>
      api('POST', `/api/v1/people/${id}/convictions`, {
        date: '2024-06-01',
        type: 'conviction',
        court: 'england_wales',
        offences: [line(releaseDate)],
      })
    expect((await record('2025-01-01')).statusCode).toBe(201)
    expect((await record(release)).statusCode).toBe(201)
    const events = await t.database.db
      .select()
      .from(significantEvents)
      .where(eq(significantEvents.personId, id))
    expect(events.map((e) => [e.kind, e.occurredOn])).toEqual([['release_date_set', release]])
  })

  it.each([
    [
      'an offence date after the conviction date',
      { offences: [{ ...sexualAssault.offences[0], offenceDate: '2025-02-01' }] },
      'offences.0.offenceDate',
      /offenceDate \(2025-02-01\) is after the date of conviction \(2025-01-10\)/,
    ],
    [
      'negative months',
      { offences: [{ ...sexualAssault.offences[0], disposal: { type: 'custody', months: -3 } }] },
      'offences.0.disposal.months',
      /must be a whole number, 0 or more \(got -3\)/,
    ],
    [
      'an unknown offence id',
      { offences: [{ ...sexualAssault.offences[0], offenceId: 'soa2003-s999-no-such-offence' }] },
      'offences.0.offenceId',
      /unknown offence id “soa2003-s999-no-such-offence”/,
    ],
    ['a conviction date in the future', { date: '2999-01-01' }, 'date', /is in the future/],
    ['a date that is not a date', { date: '2025-02-30' }, 'date', /real calendar date/],
    ['an unknown type', { type: 'acquittal' }, 'type', /type must be one of conviction, caution/],
    ['no offences', { offences: [] }, 'offences', /at least one offence is needed/],
    [
      'an unknown disposal',
      { offences: [{ ...sexualAssault.offences[0], disposal: { type: 'flogging' } }] },
      'offences.0.disposal.type',
      /disposal type must be one of custody, life/,
    ],
    [
      'a misspelt field',
      { offences: [{ ...sexualAssault.offences[0], victimage: 15 }] },
      'offences.0',
      /Unknown field: victimage/,
    ],
    [
      'a caution with a custodial sentence',
      { type: 'caution' },
      'offences.0.disposal.type',
      /a caution can only have the disposal “caution”/,
    ],
  ])('answers 400 for %s, with a clear message', async (_name, change, path, message) => {
    const id = await newPerson()
    const response = await api('POST', `/api/v1/people/${id}/convictions`, { ...sexualAssault, ...change })
    expect(response.statusCode).toBe(400)
    const { errors } = response.json() as { errors: { path: string; message: string }[] }
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) })
    const [stored] = await t.database.db
      .select({ n: count() })
      .from(convictions)
      .where(eq(convictions.personId, id))
    expect(stored!.n).toBe(0)
  })

  it('answers 401 without a key, 404 for an unknown person, 403 outside the key’s area or scopes', async () => {
    const id = await newPerson()
    const url = `/api/v1/people/${id}/convictions`
    expect((await api('POST', url, sexualAssault, '')).statusCode).toBe(401)
    expect(
      (await api('POST', '/api/v1/people/00000000-0000-4000-8000-000000000000/convictions', sexualAssault))
        .statusCode,
    ).toBe(404)
    expect((await api('POST', '/api/v1/people/not-an-id/convictions', sexualAssault)).statusCode).toBe(404)
    const london = await personIn('london')
    expect((await api('POST', `/api/v1/people/${london}/convictions`, sexualAssault)).statusCode).toBe(403)
    const reader = await createApiKey(t.database.db, {
      agencyId: await agencyId('wyp'),
      name: 'Reader',
      scopes: ['person:view'],
    })
    expect((await api('POST', url, sexualAssault, reader.key)).statusCode).toBe(403)
  })
})

describe('GET /api/v1/people/{id}/mappa-eligibility', () => {
  it('answers exactly status, category, reasons and notification', async () => {
    const id = await newPerson()
    await api('POST', `/api/v1/people/${id}/convictions`, sexualAssault)
    const response = await api('GET', `/api/v1/people/${id}/mappa-eligibility`)
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(['category', 'notification', 'reasons', 'status'])
    expect(body).toMatchObject({
      status: 'eligible',
      category: 1,
      notification: {
        required: true,
        period: 'P10Y',
        startDate: '2025-01-10',
        endDate: '2035-01-09',
        reviewFrom: null,
      },
    })
    expect(Object.keys(body.notification).sort()).toEqual([
      'endDate',
      'period',
      'required',
      'reviewFrom',
      'startDate',
    ])
    for (const r of body.reasons) expect(Object.keys(r).sort()).toEqual(['reference', 'text'])
    expect(body.reasons.map((r: { reference: string }) => r.reference)).toEqual(
      expect.arrayContaining(['CJA 2003 s.327(2)', 'SOA 2003 s.82(1)']),
    )
  })

  it('is "not eligible" with no convictions and "needs review" when a fact is missing', async () => {
    const id = await newPerson()
    expect((await api('GET', `/api/v1/people/${id}/mappa-eligibility`)).json()).toMatchObject({
      status: 'not_eligible',
      category: null,
      notification: null,
    })
    const { victimAge: _age, ...noAge } = sexualAssault.offences[0]!
    await api('POST', `/api/v1/people/${id}/convictions`, {
      ...sexualAssault,
      offences: [{ ...noAge, disposal: { type: 'fine' } }],
    })
    const body = (await api('GET', `/api/v1/people/${id}/mappa-eligibility`)).json()
    expect(body.status).toBe('needs_review')
    expect(JSON.stringify(body.reasons)).toMatch(/victim/i)
  })

  it('halves the period for a person under 18 on the date of conviction', async () => {
    const id = await newPerson('2008-06-01')
    await api('POST', `/api/v1/people/${id}/convictions`, sexualAssault)
    expect((await api('GET', `/api/v1/people/${id}/mappa-eligibility`)).json().notification).toMatchObject({
      period: 'P5Y',
      endDate: '2030-01-09',
    })
  })

  it('answers 401, 404 and 403 as the people API does', async () => {
    const id = await newPerson()
    expect((await api('GET', `/api/v1/people/${id}/mappa-eligibility`, undefined, '')).statusCode).toBe(401)
    expect(
      (await api('GET', '/api/v1/people/00000000-0000-4000-8000-000000000000/mappa-eligibility')).statusCode,
    ).toBe(404)
    const london = await personIn('london')
    expect((await api('GET', `/api/v1/people/${london}/mappa-eligibility`)).statusCode).toBe(403)
    expect((await api('GET', `/api/v1/people/${london}/notification-deadlines`)).statusCode).toBe(403)
  })

  it('keeps a decision only when the answer changes, with the rules version and inputs', async () => {
    const id = await newPerson()
    const decisions = () =>
      t.database.db
        .select()
        .from(rulesDecisions)
        .where(eq(rulesDecisions.personId, id))
        .orderBy(rulesDecisions.decidedAt)
    await api('GET', `/api/v1/people/${id}/mappa-eligibility`)
    await api('GET', `/api/v1/people/${id}/mappa-eligibility`)
    expect(await decisions()).toHaveLength(1)
    await api('POST', `/api/v1/people/${id}/convictions`, sexualAssault)
    await api('GET', `/api/v1/people/${id}/mappa-eligibility`)
    const rows = await decisions()
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({ kind: 'mappa_eligibility', rulesVersion: RULES_VERSION })
    expect(rows[1]!.result).toMatchObject({ status: 'eligible', category: 1 })
    expect(rows[1]!.inputs).toMatchObject({
      person: { dateOfBirth: '1980-04-01' },
      convictions: [{ date: '2025-01-10' }],
    })

    const agent = await t.signedIn('police.om')
    const page = $((await agent.get(`/people/${id}/mappa-eligibility`)).body)
    expect(page('[data-qa=answer-changed]').text()).toContain('the recorded facts changed')
    expect(page('[data-qa=answer-changed]').text()).toContain('Not eligible')
  })
})

describe('GET /api/v1/people/{id}/notification-deadlines', () => {
  it('lists the initial notification, paused while in custody and due after release', async () => {
    const id = await newPerson()
    const inCustody = await api('POST', `/api/v1/people/${id}/convictions`, sexualAssault)
    expect(inCustody.statusCode).toBe(201)
    const paused = (await api('GET', `/api/v1/people/${id}/notification-deadlines`)).json()
    expect(paused.items[0]).toMatchObject({ kind: 'initial_notification', status: 'paused' })
    expect(paused.missing.join(' ')).toContain('release date is not recorded')

    const other = await newPerson()
    await api('POST', `/api/v1/people/${other}/convictions`, {
      ...sexualAssault,
      offences: [
        {
          ...sexualAssault.offences[0],
          disposal: { type: 'custody', months: 18, releaseDate: '2025-10-06' },
        },
      ],
    })
    const released = (await api('GET', `/api/v1/people/${other}/notification-deadlines`)).json()
    expect(released.items[0]).toMatchObject({
      kind: 'initial_notification',
      dueDate: '2025-10-08',
      status: 'overdue',
      resumedOn: '2025-10-06',
    })
    expect(released.items[0].basis.map((b: { reference: string }) => b.reference)).toEqual([
      'SOA 2003 s.83(1)',
      'SOA 2003 s.83(6)',
    ])
  })
})

describe('POST /api/v1/calculate/notification-period', () => {
  it('answers the same four fields for facts sent, creating nothing', async () => {
    const before = await t.database.db.select({ n: count() }).from(convictions)
    const response = await api('POST', '/api/v1/calculate/notification-period', {
      dateOfBirth: '1980-04-01',
      ...sexualAssault,
    })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(Object.keys(body).sort()).toEqual(['category', 'notification', 'reasons', 'status'])
    expect(body).toMatchObject({
      status: 'eligible',
      category: 1,
      notification: { period: 'P10Y', startDate: '2025-01-10', endDate: '2035-01-09' },
    })
    expect(await t.database.db.select({ n: count() }).from(convictions)).toEqual(before)
  })

  it('does not halve a conditional discharge for a 16-year-old (SOA 2003 s.82(2))', async () => {
    // Dated from today, so the 18 months have not yet run out.
    const date = addDays(londonDateOf(new Date().toISOString()), -10)
    const response = await api('POST', '/api/v1/calculate/notification-period', {
      dateOfBirth: addDuration(date, '-P16Y3M'),
      date,
      type: 'conviction',
      offences: [
        {
          offenceId: 'soa2003-s5-rape-child-under-13',
          offenceDate: addDays(date, -30),
          victimAge: 12,
          disposal: { type: 'conditional_discharge', months: 18 },
        },
      ],
    })
    expect(response.json().notification).toMatchObject({
      period: 'P1Y6M',
      endDate: lastDayOfPeriod(date, 'P18M'),
    })
  })

  it('answers 400 for impossible facts and 401 without a key', async () => {
    const bad = await api('POST', '/api/v1/calculate/notification-period', {
      dateOfBirth: '2030-01-01',
      ...sexualAssault,
      offences: [{ ...sexualAssault.offences[0], offenceDate: '2026-01-01' }],
    })
    expect(bad.statusCode).toBe(400)
    const paths = bad.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['dateOfBirth', 'offences.0.offenceDate']))
    expect((await api('POST', '/api/v1/calculate/notification-period', sexualAssault, '')).statusCode).toBe(
      401,
    )
  })
})

describe('OpenAPI', () => {
  it('describes the convictions, eligibility, deadlines and calculator resources', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/people/{id}/convictions',
        '/api/v1/people/{id}/mappa-eligibility',
        '/api/v1/people/{id}/notification-deadlines',
        '/api/v1/calculate/notification-period',
      ]),
    )
    expect(doc.paths['/api/v1/people/{id}/convictions'].post.requestBody).toBeTruthy()
    expect(doc.paths['/api/v1/people/{id}/convictions'].post.tags).toEqual(['MAPPA eligibility'])
  })
})

describe('in the browser', () => {
  const form = {
    'date-day': '10',
    'date-month': '1',
    'date-year': '2025',
    type: 'conviction',
    court: 'england_wales',
    'offences-0-offenceId': 'soa2003-s3-sexual-assault',
    'offences-0-offenceDate-day': '1',
    'offences-0-offenceDate-month': '6',
    'offences-0-offenceDate-year': '2024',
    'offences-0-victimAgeKind': 'exact',
    'offences-0-victimAge': '15',
    'offences-0-disposalType': 'custody',
    'offences-0-length': '18',
    'offences-0-lengthUnit': 'months',
  }

  it('links the record to its MAPPA eligibility and records a conviction from a form', async () => {
    const id = await newPerson()
    const agent = await t.signedIn('police.om')
    const record = $((await agent.get(`/people/${id}`)).body)
    expect(record('[data-qa=eligibility-link]').attr('href')).toBe(`/people/${id}/mappa-eligibility`)
    expect(record('[data-qa=record-conviction-link]').attr('href')).toBe(`/people/${id}/convictions/new`)

    const blank = $((await agent.get(`/people/${id}/convictions/new`)).body)
    expect(blank('#offences-0-offenceId optgroup').length).toBeGreaterThan(1)
    expect(blank('#offences-0-offenceId').text()).toContain('unconfirmed')

    const saved = await agent.post(`/people/${id}/convictions/new`, form)
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/people/${id}/mappa-eligibility?recorded=1`)

    const page = $((await agent.get(saved.headers.location!)).body)
    const summary = page('[data-qa=eligibility-summary]').text()
    expect(summary).toContain('Category 1')
    expect(summary).toContain('10 years')
    expect(summary).toContain('9 January 2035')
    expect(page('[data-qa=deadlines]').text()).toContain('Initial notification')
    expect(page('[data-qa=deadlines]').text()).toContain('SOA 2003 s.83(1)')
    expect(page('[data-qa=reasons]').text()).toContain('CJA 2003 s.327(2)')
    expect(page('[data-qa=needs-review]').text()).toContain('licence end date is not recorded')
    expect(page('[data-qa=conviction]').text()).toContain('Sexual assault')
  })

  it('shows every problem at once and keeps what was typed (400)', async () => {
    const id = await newPerson()
    const agent = await t.signedIn('police.om')
    const response = await agent.post(`/people/${id}/convictions/new`, {
      ...form,
      'offences-0-offenceDate-year': '2026',
      'offences-0-length': '-3',
      'offences-0-victimAge': '',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Offence 1: enter the victim’s age')
    expect(page('title').text()).toMatch(/^Error: /)
    expect(page('#offences-0-length').val()).toBe('-3')
    expect(page('#offences-0-offenceId').find('option[selected]').val()).toBe('soa2003-s3-sexual-assault')

    const rules = await agent.post(`/people/${id}/convictions/new`, {
      ...form,
      'offences-0-offenceDate-year': '2026',
      'offences-0-length': '-3',
    })
    expect(rules.statusCode).toBe(400)
    const text = $(rules.body)('.govuk-error-summary').text()
    expect(text).toContain('Offence 1 date (2026-06-01) is after the date of conviction')
    expect(text).toContain('Offence 1 length in months must be a whole number, 0 or more')
    expect($(rules.body)('.govuk-error-summary a').first().attr('href')).toBe('#offences-0-offenceDate-day')
  })

  it('adds another offence without losing what was typed', async () => {
    const id = await newPerson()
    const agent = await t.signedIn('police.om')
    const response = await agent.post(`/people/${id}/convictions/new`, { ...form, action: 'add-offence' })
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('#offences-1-offenceId').length).toBe(1)
    expect(page('#offences-0-victimAge').val()).toBe('15')
  })

  it('refuses a role that cannot edit, and sends another area’s record to its access page', async () => {
    const id = await newPerson()
    const reader = await t.signedIn('housing')
    expect((await reader.get(`/people/${id}/convictions/new`)).statusCode).toBe(403)
    const agent = await t.signedIn('police.om')
    const london = await personIn('london')
    const response = await agent.get(`/people/${london}/mappa-eligibility`)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`/people/${london}`)
    expect(
      (await agent.get('/people/00000000-0000-4000-8000-000000000000/mappa-eligibility')).statusCode,
    ).toBe(404)
  })

  it('works out the period on the calculator page without creating a record', async () => {
    const agent = await t.signedIn('police.om')
    expect((await agent.get('/calculator')).statusCode).toBe(200)
    const before = await t.database.db.select({ n: count() }).from(convictions)
    const response = await agent.post('/calculator', {
      ...form,
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '1980',
    })
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('[data-qa=eligibility-summary]').text()).toContain('Category 1')
    expect(page('[data-qa=eligibility-summary]').text()).toContain('9 January 2035')
    expect(page('[data-qa=deadlines]').text()).toContain('Initial notification')
    expect(page('#offences-0-victimAge').val()).toBe('15')
    expect(await t.database.db.select({ n: count() }).from(convictions)).toEqual(before)

    const bad = await agent.post('/calculator', { ...form, 'date-day': '' })
    expect(bad.statusCode).toBe(400)
    expect($(bad.body)('.govuk-error-summary').text()).toContain('Date of conviction must include a day')
  })
})
