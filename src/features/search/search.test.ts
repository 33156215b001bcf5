import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  people,
  personAddresses,
  personShares,
  personVehicles,
  users,
} from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'
import { readCriteria, searchQuery } from './criteria.js'

let t: TestApp
let key: string
const ids: Record<string, string> = {}

const api = (url: string, token = key) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function create(name: string, body: object) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    payload: { gender: 'male', area: 'west-yorkshire', ...body },
    headers: { authorization: `Bearer ${key}` },
  })
  expect(response.statusCode, response.body).toBe(201)
  ids[name] = response.json<{ id: string }>().id
}

interface Hit {
  person: { id: string; givenName?: string; familyName?: string; restricted: boolean }
  score: number
  reasons: string[]
  access: string
  otherArea: boolean
}

async function search(query: string, token = key): Promise<Hit[]> {
  const response = await api(`/api/v1/search?${query}`, token)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ results: Hit[] }>().results
}

beforeAll(async () => {
  t = await createTestApp()
  key = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Partner system' })).key
  await create('william', {
    givenName: 'William',
    familyName: 'Smyth',
    dateOfBirth: '1978-11-03',
    pncId: '2001/0123456F',
    aliases: [{ givenName: 'Billy', familyName: 'Kidd' }],
  })
  await create('margaret', {
    givenName: 'Margaret',
    familyName: 'Pemberton-Wilde',
    gender: 'female',
    dateOfBirth: '1985-03-27',
    nhsNumber: '943 476 5919',
  })
  await create('dafydd', {
    givenName: 'Dafydd',
    familyName: 'Llewellyn',
    dateOfBirth: '1990-07-14',
    crn: 'X123456',
    prisonNumber: 'A1234BC',
  })
  await create('catherine', {
    givenName: 'Catherine',
    familyName: 'Thompson',
    gender: 'female',
    dateOfBirth: '1969-02-05',
    niNumber: 'AB123456C',
  })
  const { db } = t.database
  await db.insert(personAddresses).values([
    { personId: ids.william!, kind: 'home', line1: '12 Acacia Avenue', town: 'Leeds', postcode: 'LS1 4AB' },
    {
      personId: ids.margaret!,
      kind: 'home',
      line1: '3 Mill Lane',
      town: 'Bradford',
      postcode: 'BD1 1AA',
      validFrom: '2015-01-01',
      validTo: '2019-06-30',
    },
  ])
  await db.insert(personVehicles).values({ personId: ids.dafydd!, registration: 'AB12CDE', make: 'Ford' })
})
afterAll(() => t.close())

describe('matching, through the API on a real database', () => {
  const cases: { what: string; query: string; person: string; reason: RegExp }[] = [
    {
      what: 'misspelt given name',
      query: 'q=Wiliam%20Smyth',
      person: 'william',
      reason: /Given name spelt like William|Given name sounds like William/,
    },
    {
      what: 'phonetic family name',
      query: 'givenName=William&familyName=Smith',
      person: 'william',
      reason: /Family name sounds like SMYTH/,
    },
    {
      what: 'nickname',
      query: 'q=Bill%20Smyth',
      person: 'william',
      reason: /Given name William is another form of Bill/,
    },
    {
      what: 'Welsh short form',
      query: 'q=Dai%20Llewelyn',
      person: 'dafydd',
      reason: /Given name Dafydd is another form of Dai/,
    },
    { what: 'alias', query: 'q=Billy%20Kidd', person: 'william', reason: /Alias: Billy KIDD/ },
    {
      what: 'name order swapped',
      query: 'q=Smyth%20William',
      person: 'william',
      reason: /Names in the other order/,
    },
    {
      what: 'family name first with a comma',
      query: 'q=Smyth,%20William',
      person: 'william',
      reason: /Family name matches/,
    },
    {
      what: 'one part of a double-barrelled name',
      query: 'q=Margaret%20Wilde',
      person: 'margaret',
      reason: /Family name matches part of PEMBERTON-WILDE/,
    },
    {
      what: 'the other part, typed alone',
      query: 'familyName=Pemberton',
      person: 'margaret',
      reason: /part of PEMBERTON-WILDE/,
    },
    {
      what: 'date of birth exact, typed day first',
      query: 'q=Catherine%20Thompson%205/2/1969',
      person: 'catherine',
      reason: /Date of birth matches/,
    },
    {
      what: 'day and month swapped',
      query: 'givenName=Catherine&familyName=Thompson&dob=1969-05-02',
      person: 'catherine',
      reason: /Date of birth with day and month swapped/,
    },
    {
      what: 'a year out',
      query: 'givenName=Kathryn&familyName=Thomson&dob=1970-02-05',
      person: 'catherine',
      reason: /Date of birth one year out/,
    },
    {
      what: 'date of birth alone',
      query: 'dob=03.11.78',
      person: 'william',
      reason: /Date of birth matches/,
    },
    {
      what: 'PNC ID with a 2-digit year',
      query: 'identifier=01/123456f',
      person: 'william',
      reason: /PNC ID matches/,
    },
    {
      what: 'PNC ID in the search box',
      query: 'q=2001/0123456F',
      person: 'william',
      reason: /PNC ID matches/,
    },
    {
      what: 'NI number with spaces',
      query: 'q=ab%2012%2034%2056%20c',
      person: 'catherine',
      reason: /National Insurance number matches/,
    },
    { what: 'NHS number', query: 'identifier=9434765919', person: 'margaret', reason: /NHS number matches/ },
    { what: 'CRN in lower case', query: 'identifier=x123456', person: 'dafydd', reason: /CRN matches/ },
    { what: 'prison number', query: 'q=a1234bc', person: 'dafydd', reason: /Prison number matches/ },
    {
      what: 'postcode without its space',
      query: 'postcode=ls14ab',
      person: 'william',
      reason: /Postcode LS1 4AB \(current address\)/,
    },
    {
      what: 'past address postcode',
      query: 'q=BD1%201AA',
      person: 'margaret',
      reason: /Postcode BD1 1AA \(past address\)/,
    },
    {
      what: 'street name',
      query: 'postcode=acacia%20avenue',
      person: 'william',
      reason: /Address 12 Acacia Avenue/,
    },
    {
      what: 'vehicle registration with a space',
      query: 'vehicle=ab12%20cde',
      person: 'dafydd',
      reason: /Vehicle registration AB12CDE/,
    },
    {
      what: 'vehicle in the search box',
      query: 'q=AB12%20CDE',
      person: 'dafydd',
      reason: /Vehicle registration AB12CDE/,
    },
  ]
  it.each(cases)('$what: $query', async ({ query, person, reason }) => {
    const results = await search(query)
    const hit = results.find((r) => r.person.id === ids[person])
    expect(hit, JSON.stringify(results.slice(0, 3))).toBeDefined()
    expect(results.indexOf(hit!)).toBeLessThan(3)
    expect(hit!.reasons.join('; ')).toMatch(reason)
  })

  it('ranks the closer match first', async () => {
    const results = await search('givenName=William&familyName=Smyth&dob=1978-11-03')
    expect(results[0]!.person.id).toBe(ids.william)
    expect(results[0]!.reasons).toEqual([
      'Family name matches',
      'Given name matches',
      'Date of birth matches',
    ])
  })

  it('finds nobody for a name nobody has, and refuses an impossible date', async () => {
    expect(await search('q=Zebedee%20Quixotic')).toEqual([])
    const bad = await api('/api/v1/search?dob=31/02/1980')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toEqual({ errors: [{ path: 'dob', message: expect.stringContaining('real date') }] })
    expect((await api('/api/v1/search')).statusCode).toBe(400)
  })

  it('reads dates typed in the ways people type them', () => {
    const read = (dob: string) => {
      const r = readCriteria(searchQuery.parse({ dob }), new Date('2026-01-01'))
      return r.ok === true ? r.criteria.dateOfBirth : undefined
    }
    expect(read('3/11/1978')).toBe('1978-11-03')
    expect(read('03-11-78')).toBe('1978-11-03')
    expect(read('11/23/1978')).toBe('1978-11-23')
    expect(read('1978-11-03')).toBe('1978-11-03')
    expect(read('3/11/20')).toBe('2020-11-03')
  })
})

describe('who sees what', () => {
  it('lets an agency representative find only the cases shared with their agency', async () => {
    const housing = await agencyId('leeds-housing')
    const housingKey = (
      await createApiKey(t.database.db, {
        agencyId: housing,
        name: 'Housing system',
        scopes: ['person:list'],
      })
    ).key
    expect(await search('q=Smyth', housingKey)).toEqual([])
    const [sharer] = await t.database.db.select({ id: users.id }).from(users).limit(1)
    await t.database.db.insert(personShares).values({
      personId: ids.william!,
      agencyId: housing,
      lawfulBasis: 'CJA 2003 s.325',
      scope: 'full',
      sharedBy: sharer!.id,
    })
    const shared = await search('q=Smyth', housingKey)
    expect(shared.map((r) => r.person.id)).toEqual([ids.william])
    expect(await search('q=Margaret%20Wilde', housingKey)).toEqual([])

    const agent = await t.signedIn('housing')
    const page = $((await agent.get('/search?q=Smyth')).body)
    expect(page('[data-qa=search-result]')).toHaveLength(1)
  })

  it('shows a restricted record only as that to someone not named on it', async () => {
    await create('restricted', { givenName: 'Quentin', familyName: 'Blackwood', dateOfBirth: '1975-05-05' })
    await t.database.db.update(people).set({ restricted: true }).where(eq(people.id, ids.restricted!))
    const [hit] = await search('q=Quentin%20Blackwood')
    expect(hit).toMatchObject({
      person: { id: ids.restricted, restricted: true },
      access: 'restricted',
      reasons: ['Matches your search'],
    })
    expect(JSON.stringify(hit)).not.toMatch(/Quentin|Blackwood|1975/)

    const agent = await t.signedIn('police.om')
    const response = await agent.get('/search?q=Quentin+Blackwood')
    const page = $(response.body)
    expect(page('[data-qa=search-result]').text()).toContain('Restricted record')
    expect(page('[data-qa=search-results]').text()).not.toMatch(/Quentin|BLACKWOOD/)
  })

  it('marks records in other areas; opening one asks for a reason', async () => {
    await create('elsewhere', { givenName: 'Ignatius', familyName: 'Farthing', dateOfBirth: '1981-08-08' })
    await t.database.db.update(people).set({ areaCode: 'london' }).where(eq(people.id, ids.elsewhere!))
    const agent = await t.signedIn('police.om')
    const page = $((await agent.get('/search?givenName=Ignatius&familyName=Farthing')).body)
    const row = page('[data-qa=search-result]').first()
    expect(row.find('[data-qa=other-area]').text()).toContain('Other area')
    const href = row.find('a').attr('href')!
    expect(href).toBe(`/people/${ids.elsewhere}`)
    const opened = await agent.get(href)
    expect(opened.statusCode).toBe(403)
    expect($(opened.body)('h1').text()).toContain('another area')
  })

  it('audits each search without the words searched for', async () => {
    const before = await t.database.db
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.event, 'PEOPLE_SEARCHED'))
    await search('q=Smyth')
    const agent = await t.signedIn('police.om')
    expect((await agent.get('/search?q=Smyth')).statusCode).toBe(200)
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.event, 'PEOPLE_SEARCHED'))
    expect(rows.length).toBe(before[0]!.n + 2)
    expect(JSON.stringify(rows)).not.toMatch(/smyth/i)
  })

  it('shows the search page with results, reasons and paging links that keep the query', async () => {
    const agent = await t.signedIn('police.om')
    const response = await agent.get('/search?familyName=Smith&givenName=Bill')
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    const first = page('[data-qa=search-result]').first()
    expect(first.attr('data-person-id')).toBe(ids.william)
    expect(first.find('[data-qa=reasons]').text()).toContain('Family name sounds like SMYTH')
    expect(page('#givenName').val()).toBe('Bill')
    const bad = await agent.get('/search?dob=99/99/99')
    expect(bad.statusCode).toBe(400)
    expect($(bad.body)('.govuk-error-summary').text()).toContain('real date')
  })
})

describe('warning of likely duplicates when a person is added', () => {
  const form = {
    givenName: 'Bill',
    middleNames: '',
    familyName: 'Smith',
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '11',
    'dateOfBirth-year': '1978',
    gender: 'male',
    area: 'west-yorkshire',
  }
  const peopleCount = async () => (await t.database.db.select({ n: count() }).from(people))[0]!.n

  it('shows the likely duplicates and saves only once the user confirms a different person', async () => {
    const agent = await t.signedIn('police.om')
    const before = await peopleCount()
    const warned = await agent.post('/people/new', form)
    expect(warned.statusCode).toBe(200)
    const page = $(warned.body)
    const duplicate = page('[data-qa=duplicates] [data-qa=search-result]').first()
    expect(duplicate.attr('data-person-id')).toBe(ids.william)
    expect(duplicate.text()).toContain('Date of birth matches')
    expect(page('#givenName').val()).toBe('Bill')
    const check = String(page('input[name=duplicateCheck]').val())
    expect(await peopleCount()).toBe(before)

    const unconfirmed = await agent.post('/people/new', { ...form, duplicateCheck: check })
    expect(unconfirmed.statusCode).toBe(400)
    expect($(unconfirmed.body)('.govuk-error-summary').text()).toContain('different person')
    expect(await peopleCount()).toBe(before)

    const saved = await agent.post('/people/new', {
      ...form,
      duplicateCheck: check,
      confirmDifferent: 'true',
    })
    expect(saved.statusCode).toBe(303)
    expect(await peopleCount()).toBe(before + 1)
  })

  it('checks again when the name changes after the warning', async () => {
    const agent = await t.signedIn('police.om')
    const warned = $((await agent.post('/people/new', form)).body)
    const check = String(warned('input[name=duplicateCheck]').val())
    const changed = await agent.post('/people/new', {
      ...form,
      givenName: 'Margaret',
      familyName: 'Wilde',
      'dateOfBirth-day': '27',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '1985',
      duplicateCheck: check,
      confirmDifferent: 'true',
    })
    expect(changed.statusCode).toBe(200)
    expect($(changed.body)('[data-qa=duplicates]').text()).toContain('PEMBERTON-WILDE')
  })

  it('saves at once when nobody like the person is on record', async () => {
    const agent = await t.signedIn('police.om')
    const saved = await agent.post('/people/new', {
      ...form,
      givenName: 'Zebedee',
      familyName: 'Quixotic',
    })
    expect(saved.statusCode).toBe(303)
  })
})
