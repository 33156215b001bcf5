import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  dueItems,
  personManagers,
  personShares,
  personTimeline,
  registrations,
  users,
} from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { refreshAllDueItems } from './due-items.js'

let t: TestApp
let recorder: string
let creator: string
const today = londonDateOf(new Date().toISOString())

const api = (method: 'GET' | 'POST', url: string, payload?: object, token = recorder) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function userId(username: string) {
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return row!.id
}

async function newPerson(
  familyName: string,
  options: {
    manager?: string
    registration?: { category: number; level: number; registeredOn?: string }
  } = {},
) {
  const response = await api(
    'POST',
    '/api/v1/people',
    { givenName: 'Case', familyName, dateOfBirth: '1970-01-01', area: 'west-yorkshire' },
    creator,
  )
  expect(response.statusCode).toBe(201)
  const id = response.json().id as string
  const db = t.database.db
  if (options.manager)
    await db
      .insert(personManagers)
      .values({ personId: id, userId: await userId(options.manager), kind: 'police' })
  if (options.registration)
    await db.insert(registrations).values({
      personId: id,
      category: options.registration.category,
      level: options.registration.level,
      registeredOn: options.registration.registeredOn ?? addDays(today, -30),
      leadAgencyId: await agencyId('wyp'),
    })
  // Registration and managers are written directly here, so say so on the timeline as the
  // registration feature does.
  await db.insert(personTimeline).values({ personId: id, kind: 'test.setup', title: 'Set up for a test' })
  return id
}

const queueItems = (html: string) =>
  $(html)('[data-qa=queue-item]')
    .toArray()
    .map((el) => ({
      personId: $(html)(el).attr('data-person-id'),
      kind: $(html)(el).attr('data-kind'),
      status: $(html)(el).attr('data-status'),
      text: $(html)(el).text(),
    }))

beforeAll(async () => {
  t = await createTestApp()
  recorder = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('wyp'),
      name: 'Police notifications system',
      scopes: ['person:list', 'person:view', 'notification:record'],
    })
  ).key
  creator = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Case system' })).key
})
afterAll(() => t.close())

describe('work queue', () => {
  it('shows an overdue notification with why it exists, and drops it once notified', async () => {
    const id = await newPerson('Overdue', { manager: 'police.om' })
    await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'periodic',
      notifiedOn: addDays(today, -400),
    })
    const agent = await t.signedIn('police.om')

    let items = queueItems((await agent.get('/work-queue')).body).filter((i) => i.personId === id)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ kind: 'periodic_notification', status: 'overdue' })
    expect(items[0]!.text).toContain('SOA 2003 s.85')
    const page = $((await agent.get('/work-queue')).body)
    expect(page(`[data-person-id=${id}] [data-qa=act]`).attr('href')).toBe(`/people/${id}/notifications`)
    const home = $((await agent.get('/')).body)
    expect(home('[data-qa=overdue-count]').text()).toMatch(/\d+\s+overdue/)

    await api('POST', `/api/v1/people/${id}/notifications`, { kind: 'periodic', notifiedOn: today })
    items = queueItems((await agent.get('/work-queue')).body).filter((i) => i.personId === id)
    expect(items).toHaveLength(0)

    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'WORK_QUEUE_VIEWED'), eq(auditEvents.outcome, 'success')))
    expect(audit).toBeDefined()
  })

  it('has level reviews and de-registration flags, each linking to the registration', async () => {
    // Level 3 reviewed at least every 8 weeks (configurable); registered 9 weeks ago.
    const review = await newPerson('Review', {
      manager: 'police.om',
      registration: { category: 3, level: 3, registeredOn: addDays(today, -63) },
    })
    // Category 1 with no notification requirement in the recorded convictions: flag for review.
    const flagged = await newPerson('Flagged', {
      manager: 'police.om',
      registration: { category: 1, level: 1 },
    })
    const agent = await t.signedIn('police.om')
    const html = (await agent.get('/work-queue?group=reviews')).body
    expect(queueItems(html).find((i) => i.personId === review)).toMatchObject({
      kind: 'level_review',
      status: 'overdue',
    })
    expect($(html)(`[data-person-id=${review}] [data-qa=act]`).attr('href')).toBe(
      `/people/${review}/registration`,
    )
    const dereg = queueItems((await agent.get('/work-queue?group=deregistrations')).body)
    expect(dereg.find((i) => i.personId === flagged)?.kind).toBe('deregistration_review')
    expect(dereg.some((i) => i.kind !== 'deregistration_review')).toBe(false)
  })

  it('lets a co-ordinator see the whole area; an offender manager only their own', async () => {
    const id = await newPerson('Unmanaged')
    await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'initial',
      notifiedOn: addDays(today, -370),
    })
    const coordinator = await t.signedIn('coordinator')
    expect(queueItems((await coordinator.get('/work-queue')).body).some((i) => i.personId === id)).toBe(false)
    // Narrowed to notifications: the area's older risk management gaps would fill the first page.
    expect(
      queueItems((await coordinator.get('/work-queue?scope=area&group=notifications')).body).some(
        (i) => i.personId === id,
      ),
    ).toBe(true)
    const officer = await t.signedIn('police.om')
    const page = await officer.get('/work-queue?scope=area')
    expect(queueItems(page.body).some((i) => i.personId === id)).toBe(false)
    expect($(page.body)('[data-qa=scope-2]')).toHaveLength(0)

    const viaApi = await api('GET', '/api/v1/work-queue?scope=area&group=notifications')
    expect(viaApi.statusCode).toBe(200)
    expect(viaApi.json().items.some((i: { personId: string }) => i.personId === id)).toBe(true)
  })

  it('keeps date-driven items right with the daily refresh', async () => {
    const id = await newPerson('Daily', { manager: 'police.om' })
    await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'periodic',
      notifiedOn: addDays(today, -300),
    })
    const later = addDays(today, 100)
    await refreshAllDueItems(t.database.db, later)
    const [item] = await t.database.db
      .select()
      .from(dueItems)
      .where(and(eq(dueItems.personId, id), eq(dueItems.kind, 'periodic_notification')))
    expect(item?.status).toBe('overdue')
  })
})

describe('caseloads', () => {
  it('filters and sorts by GET query strings, so a filter can be bookmarked', async () => {
    const one = await newPerson('Aardvark', { manager: 'police.om', registration: { category: 1, level: 2 } })
    const two = await newPerson('Zebra', { manager: 'police.om', registration: { category: 2, level: 1 } })
    const agent = await t.signedIn('police.om')

    const all = $((await agent.get('/cases/mine')).body)
    expect(all('table[data-module=moj-sortable-table]')).toHaveLength(1)
    expect(all('.moj-filter')).toHaveLength(1)

    const cat1 = $((await agent.get('/cases/mine?category=1')).body)
    const ids = cat1('[data-qa=case]')
      .toArray()
      .map((el) => cat1(el).attr('data-person-id'))
    expect(ids).toContain(one)
    expect(ids).not.toContain(two)
    expect(cat1('.moj-filter__tag').text()).toContain('Category 1')
    expect(cat1('#category option[selected]').val()).toBe('1')

    const level1 = $((await agent.get('/cases/mine?level=1&leadAgency=wyp')).body)
    const levelIds = level1('[data-qa=case]')
      .toArray()
      .map((el) => level1(el).attr('data-person-id'))
    expect(levelIds).toContain(two)
    expect(levelIds).not.toContain(one)

    const desc = $((await agent.get('/cases/mine?sort=name&order=desc')).body)
    const first = (html: string) => $(html)('[data-qa=case] td:first-child').first().text().trim()
    expect(first((await agent.get('/cases/mine?sort=name')).body)).toMatch(/^AARDVARK/)
    expect(first((await agent.get('/cases/mine?sort=name&order=desc')).body)).toMatch(/^ZEBRA/)
    expect(desc('th[aria-sort=descending]').text()).toContain('Name')

    // Junk in a bookmarked query string is ignored, not an error.
    expect((await agent.get('/cases/mine?category=nine&sort=evil&page=-3')).statusCode).toBe(200)

    // Registered people without a signed-off plan have an overdue plan: compare with one not registered.
    const quiet = await newPerson('Quiet', { manager: 'police.om' })
    const overdue = await newPerson('Late', { manager: 'police.om' })
    await api('POST', `/api/v1/people/${overdue}/notifications`, {
      kind: 'periodic',
      notifiedOn: addDays(today, -500),
    })
    const late = $((await agent.get('/cases/mine?hasOverdue=yes')).body)
    const lateIds = late('[data-qa=case]')
      .toArray()
      .map((el) => late(el).attr('data-person-id'))
    expect(lateIds).toContain(overdue)
    expect(lateIds).not.toContain(quiet)
  })

  it('shows an agency representative only the cases shared with their agency', async () => {
    const shared = await newPerson('Shared')
    const notShared = await newPerson('NotShared')
    await t.database.db.insert(personShares).values({
      personId: shared,
      agencyId: await agencyId('leeds-housing'),
      lawfulBasis: 'CJA 2003 s.325(3)',
      scope: 'case',
      sharedBy: await userId('coordinator'),
    })
    const housing = await t.signedIn('housing')
    const page = $((await housing.get('/cases/area')).body)
    const ids = page('[data-qa=case]')
      .toArray()
      .map((el) => page(el).attr('data-person-id'))
    expect(ids).toEqual([shared])
    expect(ids).not.toContain(notShared)
    expect((await housing.get('/cases/mine')).statusCode).toBe(200)
  })

  it('hides restricted records the user is not named on', async () => {
    const agent = await t.signedIn('coordinator')
    const page = $((await agent.get('/cases/area?sort=name&order=desc')).body)
    expect(page('[data-qa=case]').text()).toContain('Restricted record')
    const api2 = await api('GET', '/api/v1/caseload?list=area&category=1')
    expect(api2.statusCode).toBe(200)
    expect(api2.json().items.every((i: { category?: number }) => i.category === 1)).toBe(true)
  })

  it('gives each role the access it should have', async () => {
    const expected: [string, number][] = [
      ['police.om', 200],
      ['probation.pp', 200],
      ['coordinator', 200],
      ['housing', 200],
      ['vlo', 200],
      ['smb', 403],
      ['lay.adviser', 403],
      ['admin', 403],
    ]
    for (const [username, status] of expected) {
      const agent = await t.signedIn(username)
      for (const url of ['/cases/mine', '/cases/area', '/work-queue'])
        expect([username, url, (await agent.get(url)).statusCode]).toEqual([username, url, status])
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/caseload' })
    expect(anonymous.statusCode).toBe(401)
  })
})
