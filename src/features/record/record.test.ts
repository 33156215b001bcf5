import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  people,
  personAddresses,
  personSearchTerms,
  personShares,
  personTimeline,
  users,
} from '../../db/schema.js'
import { DEFAULT_API_SCOPES, createApiKey } from '../../security/api-keys.js'
import { FACT_SECTIONS } from './sections.js'

let t: TestApp
let key: string
let financialKey: string
let housingKey: string

const api = (method: 'GET' | 'POST', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function peopleIn(area: string) {
  const rows = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, area), eq(people.restricted, false)))
  return rows.map((r) => r.id)
}

const address = {
  kind: 'home',
  line1: '14 Acacia Avenue',
  town: 'Leeds',
  postcode: 'ls6 2ab',
  'validFrom-day': '1',
  'validFrom-month': '3',
  'validFrom-year': '2023',
  source: 'The person',
}

/** What a page's fact form would post back: its inputs as shown. */
function formValues(html: string) {
  const page = $(html)
  const values: Record<string, string> = {}
  page('[data-qa=fact-form] input, [data-qa=fact-form] textarea').each((_i, el) => {
    const input = page(el)
    const name = input.attr('name')
    if (!name || name === '_csrf') return
    if (['radio', 'checkbox'].includes(input.attr('type') ?? '') && input.attr('checked') === undefined)
      return
    values[name] = String(input.val() ?? '')
  })
  return values
}

/** A multipart body as a browser sends a form with a file. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = '----record-test-boundary'
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  )
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    )
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** Posts a multipart form with the agent's session and CSRF token, as its browser would. */
function upload(
  agent: Agent,
  url: string,
  fields: Record<string, string>,
  file?: Parameters<typeof multipart>[1],
) {
  const body = multipart({ _csrf: agent['csrf'] ?? '', ...fields }, file)
  return t.app.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: { cookie: agent['cookieHeader'](), 'content-type': body.contentType },
  })
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('a tiny test image'),
])

beforeAll(async () => {
  t = await createTestApp()
  const wyp = await agencyId('wyp')
  key = (await createApiKey(t.database.db, { agencyId: wyp, name: 'Partner system' })).key
  financialKey = (
    await createApiKey(t.database.db, {
      agencyId: wyp,
      name: 'Financial investigation',
      scopes: [...new Set([...DEFAULT_API_SCOPES, 'person:view_financial' as const])],
    })
  ).key
  housingKey = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('leeds-housing'),
      name: 'Housing system',
      scopes: ['person:list', 'person:view'],
    })
  ).key
})
afterAll(() => t.close())

describe('addresses in the browser: add, change, correct and history', () => {
  it('records a change and a correction, keeping both in the history and the timeline', async () => {
    const [id] = await peopleIn('west-yorkshire')
    const agent = await t.signedIn('police.om')

    const added = await agent.post(`/people/${id}/addresses/new`, address)
    expect(added.statusCode).toBe(303)
    expect(added.headers.location).toBe(`/people/${id}/addresses?saved=add`)
    let page = $((await agent.get(`/people/${id}/addresses`)).body)
    const card = page('[data-qa=facts-addresses] .govuk-summary-card')
    expect(card).toHaveLength(1)
    expect(card.text()).toContain('LS6 2AB')
    expect(card.text()).toContain('The person')
    const changeHref = page('[data-qa^=change-]').attr('href')!

    // A real change: the person moved.
    const changeForm = formValues((await agent.get(changeHref)).body)
    expect(changeForm.line1).toBe('14 Acacia Avenue')
    const changed = await agent.post(changeHref, {
      ...changeForm,
      line1: '2 Mill Lane',
      postcode: 'LS7 3CD',
      'date-day': '1',
      'date-month': '2',
      'date-year': '2024',
    })
    expect(changed.statusCode).toBe(303)

    // The new address was recorded wrongly: it is corrected, not changed.
    page = $((await agent.get(`/people/${id}/addresses`)).body)
    expect(page('[data-qa=facts-addresses] .govuk-summary-card').text()).toContain('2 Mill Lane')
    const correctHref = page('[data-qa^=correct-]').attr('href')!
    const correctForm = formValues((await agent.get(correctHref)).body)
    expect(correctForm['validFrom-year']).toBe('2024')
    expect((await agent.post(correctHref, { ...correctForm, line1: '12 Mill Lane' })).statusCode).toBe(303)

    page = $((await agent.get(`/people/${id}/addresses`)).body)
    const current = page('[data-qa=facts-addresses] .govuk-summary-card')
    expect(current).toHaveLength(1)
    expect(current.text()).toContain('12 Mill Lane')
    expect(current.text()).toContain('Replaces an entry recorded in error')
    const history = page('[data-qa=history-addresses] tbody tr')
    expect(history).toHaveLength(2)
    expect(history.text()).toContain('14 Acacia Avenue')
    expect(history.text()).toContain('Ended')
    expect(history.text()).toContain('2 Mill Lane')
    expect(history.text()).toContain('Corrected')

    const rows = await t.database.db.select().from(personAddresses).where(eq(personAddresses.personId, id!))
    const first = rows.find((r) => r.line1 === '14 Acacia Avenue')!
    const wrong = rows.find((r) => r.line1 === '2 Mill Lane')!
    const right = rows.find((r) => r.line1 === '12 Mill Lane')!
    expect(first.validTo).toBe('2024-01-31')
    expect(wrong.correctedAt).not.toBeNull()
    expect(right).toMatchObject({ corrects: wrong.id, validFrom: '2024-02-01', correctedAt: null })

    const timeline = await t.database.db
      .select({ kind: personTimeline.kind, title: personTimeline.title, actor: personTimeline.actorUserId })
      .from(personTimeline)
      .where(eq(personTimeline.personId, id!))
    expect(timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['address.added', 'address.changed', 'address.corrected']),
    )
    expect(timeline.every((e) => e.actor)).toBe(true)

    const audit = await t.database.db
      .select({ event: auditEvents.event, recordType: auditEvents.recordType })
      .from(auditEvents)
      .where(eq(auditEvents.recordId, right.id))
    expect(audit).toContainEqual({ event: 'PERSON_FACT_CORRECTED', recordType: 'addresses' })

    // The history page: every change, with who and when, filterable by kind.
    const historyPage = $((await agent.get(`/people/${id}/history?kind=address`)).body)
    const entries = historyPage('[data-qa=history-entry]')
    expect(entries.length).toBeGreaterThanOrEqual(3)
    expect(entries.text()).toContain('Address corrected')
    expect(entries.text()).toContain('by Priya Shah')
    const kinds = entries.map((_i, el) => historyPage(el).attr('data-kind')).get()
    expect(kinds.every((k) => k.startsWith('address.'))).toBe(true)
  })

  it('shows every problem at once and keeps what was typed', async () => {
    const [id] = await peopleIn('west-yorkshire')
    const agent = await t.signedIn('police.om')
    const response = await agent.post(`/people/${id}/addresses/new`, {
      ...address,
      line1: '',
      postcode: 'NOT A CODE',
      'validFrom-day': '31',
      'validFrom-month': '2',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Enter a real postcode')
    expect(summary).toContain('True from must be a real date')
    expect(page('#postcode').val()).toBe('NOT A CODE')
    expect(page('#town').val()).toBe('Leeds')
    expect(page('#validFrom-day').val()).toBe('31')
    expect(page('title').text()).toMatch(/^Error: /)

    const missing = $((await agent.post(`/people/${id}/addresses/new`, { ...address, line1: '' })).body)
    expect(missing('.govuk-error-summary').text()).toContain('Enter address line 1')
  })

  it('refuses a stale change, keeps the editor’s input and overwrites nothing', async () => {
    const [, id] = await peopleIn('west-yorkshire')
    const first = await t.signedIn('police.om')
    const second = await t.signedIn('probation.pp')
    expect((await first.post(`/people/${id}/addresses/new`, address)).statusCode).toBe(303)
    const [fact] = await t.database.db.select().from(personAddresses).where(eq(personAddresses.personId, id!))
    const url = `/people/${id}/addresses/${fact!.id}/change`
    const firstForm = formValues((await first.get(url)).body)
    const secondForm = formValues((await second.get(url)).body)
    const date = { 'date-day': '5', 'date-month': '5', 'date-year': '2024' }
    expect((await first.post(url, { ...firstForm, ...date, line1: 'First Street' })).statusCode).toBe(303)

    const stale = await second.post(url, { ...secondForm, ...date, line1: 'Second Street' })
    expect(stale.statusCode).toBe(409)
    const page = $(stale.body)
    expect(page('#line1').val()).toBe('Second Street')
    expect(page('[data-qa=stale-warning]')).toHaveLength(1)
    const rows = await t.database.db.select().from(personAddresses).where(eq(personAddresses.personId, id!))
    expect(rows.map((r) => r.line1).sort()).toEqual(['14 Acacia Avenue', 'First Street'])
  })

  it('draws every section and every form', async () => {
    const [id] = await peopleIn('west-yorkshire')
    const agent = await t.signedIn('police.om')
    for (const { section, types } of FACT_SECTIONS) {
      const page = await agent.get(`/people/${id}/${section}`)
      expect(page.statusCode, section).toBe(200)
      expect($(page.body)('.moj-sub-navigation__link[aria-current=page]').text()).not.toBe('')
      for (const type of types) {
        const form = await agent.get(`/people/${id}/${type.key}/new`)
        expect(form.statusCode, type.key).toBe(200)
        expect($(form.body)('[data-qa=fact-form]')).toHaveLength(1)
      }
    }
  })

  it('needs person:edit to write and access to the record to read', async () => {
    const [id] = await peopleIn('west-yorkshire')
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${id}/addresses`)).statusCode).toBe(403)
    expect((await housing.get(`/people/${id}/addresses/new`)).statusCode).toBe(403)
    const [elsewhere] = await peopleIn('south-yorkshire')
    const officer = await t.signedIn('police.om')
    // Another area's record asks for a reason on the record page.
    const other = await officer.get(`/people/${elsewhere}/vehicles`)
    expect(other.statusCode).toBe(303)
    expect(other.headers.location).toBe(`/people/${elsewhere}`)
  })
})

describe('bank accounts and cards are masked except to those permitted', () => {
  it('shows the numbers to permitted principals and the last four digits to a housing representative', async () => {
    const [, , id] = await peopleIn('west-yorkshire')
    // A system that may record accounts but not read their numbers back.
    const writer = (
      await createApiKey(t.database.db, {
        agencyId: await agencyId('wyp'),
        name: 'Case system',
        scopes: ['person:view', 'person:edit'],
      })
    ).key
    const created = await api(
      'POST',
      `/api/v1/people/${id}/financial`,
      {
        kind: 'bank_account',
        institution: 'Northern Bank',
        sortCode: '12-34-56',
        accountNumber: '12345678',
        validFrom: '2020-01-01',
      },
      writer,
    )
    expect(created.statusCode).toBe(201)
    expect(created.json().accountNumber).toBe('••••5678')

    const full = await api('GET', `/api/v1/people/${id}/financial`, undefined, financialKey)
    expect(full.json().items[0].accountNumber).toBe('12345678')

    const officer = await t.signedIn('police.om')
    expect((await officer.get(`/people/${id}/financial`)).body).toContain('12345678')

    const [housingUser] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'housing'))
    await t.database.db.insert(personShares).values({
      personId: id!,
      agencyId: await agencyId('leeds-housing'),
      lawfulBasis: 'CJA 2003 s.325(3) duty to co-operate',
      scope: 'full',
      sharedBy: housingUser!.id,
    })
    const housing = await t.signedIn('housing')
    const page = await housing.get(`/people/${id}/financial`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('12345678')
    expect($(page.body)('[data-qa=facts-financial]').text()).toContain('••••5678')
    expect($(page.body)('[data-qa=add-financial]')).toHaveLength(0)

    const masked = await api('GET', `/api/v1/people/${id}/financial`, undefined, housingKey)
    expect(masked.statusCode).toBe(200)
    expect(masked.body).not.toContain('12345678')
    expect(masked.json().items[0].accountNumber).toBe('••••5678')
  })
})

describe('photographs', () => {
  it('refuses files that are not JPEG or PNG, or are too large, with a GOV.UK error', async () => {
    const [id] = await peopleIn('west-yorkshire')
    const agent = await t.signedIn('police.om')
    await agent.get(`/people/${id}/photos/new`)
    const url = `/people/${id}/photos/new`
    const fields = { description: 'Head and shoulders, facing the camera' }

    const wrongType = await upload(agent, url, fields, {
      name: 'photo.jpg',
      type: 'image/jpeg',
      content: Buffer.from('%PDF-1.7 not an image'),
    })
    expect(wrongType.statusCode).toBe(400)
    expect($(wrongType.body)('.govuk-error-summary').text()).toContain('The photograph must be a JPG or PNG')
    expect($(wrongType.body)('#description').val()).toBe(fields.description)

    const tooBig = await upload(agent, url, fields, {
      name: 'big.jpg',
      type: 'image/jpeg',
      content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5 * 1024 * 1024)]),
    })
    expect(tooBig.statusCode).toBe(400)
    expect($(tooBig.body)('.govuk-error-summary').text()).toContain('smaller than 5 MB')

    const none = await upload(agent, url, fields)
    expect($(none.body)('.govuk-error-summary').text()).toContain('Select a photograph')
  })

  it('stores a PNG and serves it only through an audited route that checks access', async () => {
    const [id] = await peopleIn('west-yorkshire')
    const agent = await t.signedIn('police.om')
    await agent.get(`/people/${id}/photos/new`)
    const saved = await upload(
      agent,
      `/people/${id}/photos/new`,
      {
        description: 'Full face, short grey hair',
        'takenOn-day': '2',
        'takenOn-month': '1',
        'takenOn-year': '2024',
      },
      { name: 'face.png', type: 'image/png', content: PNG },
    )
    expect(saved.statusCode).toBe(303)
    const page = $((await agent.get(`/people/${id}/identity`)).body)
    const img = page('[data-qa=photo]')
    expect(img.attr('alt')).toBe('Full face, short grey hair')
    const src = img.attr('src')!

    const image = await agent.get(src)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.rawPayload.equals(PNG)).toBe(true)
    const photoId = src.split('/').at(-2)!
    const views = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'PERSON_PHOTO_VIEWED'), eq(auditEvents.recordId, photoId)))
    expect(views).toHaveLength(1)

    expect((await t.agent().get(src)).statusCode).toBe(303)
    const housing = await t.signedIn('housing')
    expect((await housing.get(src)).statusCode).toBe(403)
  })
})

describe('the sections API (contract: /api/v1/people/{id}/addresses)', () => {
  it('adds, lists, changes with a version check and reports history', async () => {
    const [, , , id] = await peopleIn('west-yorkshire')
    const added = await api('POST', `/api/v1/people/${id}/addresses`, {
      kind: 'home',
      line1: '3 Canal Wharf',
      town: 'Leeds',
      postcode: 'ls11 5pz',
      validFrom: '2022-06-01',
      verified: true,
    })
    expect(added.statusCode).toBe(201)
    const fact = added.json()
    expect(fact).toMatchObject({ postcode: 'LS11 5PZ', status: 'current', version: 1, verified: true })
    expect(added.headers.location).toBe(`/api/v1/people/${id}/addresses/${fact.id}`)

    const invalid = await api('POST', `/api/v1/people/${id}/addresses`, { kind: 'castle', line1: '' })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toContain('kind')

    const body = {
      version: 1,
      date: '2024-04-01',
      kind: 'home',
      line1: '9 Dock Street',
      postcode: 'LS10 1JF',
    }
    const changed = await api('POST', `/api/v1/people/${id}/addresses/${fact.id}/change`, body)
    expect(changed.statusCode).toBe(201)
    expect(changed.json()).toMatchObject({ line1: '9 Dock Street', validFrom: '2024-04-01' })
    const stale = await api('POST', `/api/v1/people/${id}/addresses/${fact.id}/change`, body)
    expect(stale.statusCode).toBe(409)

    const list = (await api('GET', `/api/v1/people/${id}/addresses`)).json()
    expect(list.items.map((i: { line1: string; status: string }) => [i.line1, i.status])).toEqual([
      ['9 Dock Street', 'current'],
      ['3 Canal Wharf', 'ended'],
    ])

    const ended = await api('POST', `/api/v1/people/${id}/addresses/${changed.json().id}/end`, {
      version: 1,
      date: '2024-05-01',
    })
    expect(ended.statusCode).toBe(200)
    expect(ended.json().validTo).toBe('2024-05-01')

    const history = (await api('GET', `/api/v1/people/${id}/history?kind=address`)).json()
    expect(history.items.map((i: { kind: string }) => i.kind)).toEqual([
      'address.ended',
      'address.changed',
      'address.added',
    ])

    expect(
      (await api('GET', `/api/v1/people/00000000-0000-4000-8000-000000000000/addresses`)).statusCode,
    ).toBe(404)
    const [elsewhere] = await peopleIn('south-yorkshire')
    expect((await api('GET', `/api/v1/people/${elsewhere}/addresses`)).statusCode).toBe(403)
    expect((await api('GET', `/api/v1/people/${id}/addresses`, undefined, '')).statusCode).toBe(401)
  })

  it('normalises vehicle registrations, checks orders against the statute and indexes names', async () => {
    const [, , , id] = await peopleIn('west-yorkshire')
    const vehicle = await api('POST', `/api/v1/people/${id}/vehicles`, {
      registration: 'ab12 c-de',
      make: 'Ford',
    })
    expect(vehicle.json().registration).toBe('AB12CDE')

    const shpo = await api('POST', `/api/v1/people/${id}/orders`, {
      kind: 'shpo',
      madeOn: '2020-01-10',
      endsOn: '2021-01-09',
    })
    expect(shpo.statusCode).toBe(400)
    expect(shpo.json().errors[0]).toMatchObject({ path: 'endsOn' })
    expect(shpo.json().errors[0].message).toContain('SOA 2003 s.103C(2)')
    const ok = await api('POST', `/api/v1/people/${id}/orders`, {
      kind: 'shpo',
      madeOn: '2020-01-10',
      untilFurtherOrder: true,
    })
    expect(ok.statusCode).toBe(201)

    const alias = await api('POST', `/api/v1/people/${id}/names`, {
      kind: 'nickname',
      givenName: 'Smudger',
    })
    expect(alias.statusCode).toBe(201)
    const terms = await t.database.db
      .select({ source: personSearchTerms.source, givenName: personSearchTerms.givenName })
      .from(personSearchTerms)
      .where(eq(personSearchTerms.personId, id!))
    expect(terms).toContainEqual({ source: 'nickname', givenName: 'Smudger' })
  })

  it('links an associate to their own record where one exists', async () => {
    const [first, second] = await peopleIn('west-yorkshire')
    const unknown = await api('POST', `/api/v1/people/${first}/associates`, {
      relationship: 'associate',
      associatePersonId: '00000000-0000-4000-8000-000000000000',
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().errors).toContainEqual({
      path: 'associatePersonId',
      message: 'No record has that ID',
    })
    const linked = await api('POST', `/api/v1/people/${first}/associates`, {
      relationship: 'co_defendant',
      associatePersonId: second,
    })
    expect(linked.statusCode).toBe(201)
    const [other] = await t.database.db.select().from(people).where(eq(people.id, second!))
    expect(linked.json().name).toBe(`${other!.givenName} ${other!.familyName}`)
    const page = $((await (await t.signedIn('police.om')).get(`/people/${first}/associates`)).body)
    expect(page(`[data-qa=facts-associates] a[href="/people/${second}"]`).text()).toBe('Open their record')
  })

  it('documents the sections in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/people/{id}/addresses',
        '/api/v1/people/{id}/addresses/{factId}/change',
        '/api/v1/people/{id}/history',
      ]),
    )
  })
})
