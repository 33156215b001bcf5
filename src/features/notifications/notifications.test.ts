import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { agencies, auditEvents, personManagers, personTimeline, users } from '../../db/schema.js'
import { addDays, addDuration } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { permissionsOf } from '../../security/roles.js'

let t: TestApp
let key: string
/** A key with the default (offender manager) scopes, to add people. */
let creator: string
const today = londonDateOf(new Date().toISOString())
// Offender managers record notifications once the role holds the permission (security/roles.ts).

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

async function newPerson(managedBy?: string) {
  const response = await api(
    'POST',
    '/api/v1/people',
    {
      givenName: 'Notif',
      familyName: 'Subject',
      dateOfBirth: '1975-02-03',
      area: 'west-yorkshire',
    },
    creator,
  )
  expect(response.statusCode).toBe(201)
  const id = response.json().id as string
  if (managedBy)
    await t.database.db
      .insert(personManagers)
      .values({ personId: id, userId: await userId(managedBy), kind: 'police' })
  return id
}

const dateForm = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  }
}

beforeAll(async () => {
  t = await createTestApp()
  key = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('wyp'),
      name: 'Police notifications system',
      scopes: ['person:list', 'person:view', 'notification:record'],
    })
  ).key
  creator = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Case system' })).key
})
afterAll(() => t.close())

describe('notification events through the API', () => {
  it('records a periodic notification and moves the next periodic date (SOA 2003 s.85)', async () => {
    const id = await newPerson()
    const first = addDays(today, -200)
    const recorded = await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'periodic',
      notifiedOn: first,
      station: 'Leeds Elland Road',
    })
    expect(recorded.statusCode).toBe(201)
    expect(recorded.json()).toMatchObject({
      kind: 'periodic',
      notifiedOn: first,
      station: 'Leeds Elland Road',
    })
    let status = (await api('GET', `/api/v1/people/${id}/notifications`)).json()
    expect(status.nextPeriodicDue).toBe(addDuration(first, 'P1Y'))

    const moved = addDays(today, -10)
    const change = await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'change',
      notifiedOn: moved,
      details: {
        what: 'home_address',
        changeDate: addDays(moved, -1),
        newValue: '1 New Street, Leeds LS1 1AA',
      },
    })
    expect(change.statusCode).toBe(201)
    status = (await api('GET', `/api/v1/people/${id}/notifications`)).json()
    expect(status.nextPeriodicDue).toBe(addDuration(moved, 'P1Y'))
    expect(status.items).toHaveLength(2)
    expect(
      status.due.find((i: { kind: string }) => i.kind === 'periodic_notification').basis[0].reference,
    ).toMatch(/s\.85/)

    const timeline = await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    expect(timeline.filter((e) => e.kind === 'notification.recorded')).toHaveLength(2)
  })

  it('refuses an invalid notification with every problem (400) and records nothing', async () => {
    const id = await newPerson()
    const response = await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'travel',
      notifiedOn: addDays(today, 3),
      details: { departureDate: '2025-02-30', destination: '' },
    })
    expect(response.statusCode).toBe(400)
    const paths = response.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(
      expect.arrayContaining(['notifiedOn', 'details.departureDate', 'details.destination']),
    )
    expect((await api('GET', `/api/v1/people/${id}/notifications`)).json().items).toHaveLength(0)
    expect((await api('POST', `/api/v1/people/${id}/notifications`, { kind: 'nonsense' })).statusCode).toBe(
      400,
    )
  })

  it('answers 404 for an unknown person and 403 for a person in another area', async () => {
    expect(
      (await api('GET', '/api/v1/people/00000000-0000-4000-8000-000000000000/notifications')).statusCode,
    ).toBe(404)
    const london = await createApiKey(t.database.db, { agencyId: await agencyId('met'), name: 'Met' })
    const id = await newPerson()
    expect((await api('GET', `/api/v1/people/${id}/notifications`, undefined, london.key)).statusCode).toBe(
      403,
    )
    // A key without the scope may read but not record.
    const plain = await createApiKey(t.database.db, {
      agencyId: await agencyId('wyp'),
      name: 'Reader',
      scopes: ['person:list', 'person:view'],
    })
    expect(
      (
        await api(
          'POST',
          `/api/v1/people/${id}/notifications`,
          { kind: 'periodic', notifiedOn: today },
          plain.key,
        )
      ).statusCode,
    ).toBe(403)
  })
})

describe('suspected breaches', () => {
  it('records a breach, then its outcome with a version check (409 on a stale version)', async () => {
    const id = await newPerson()
    const created = await api('POST', `/api/v1/people/${id}/notification-breaches`, {
      suspectedOn: addDays(today, -5),
      description: 'Did not notify a change of home address within 3 days',
    })
    expect(created.statusCode).toBe(201)
    const breach = created.json()
    expect(breach).toMatchObject({ outcome: 'pending', version: 1 })

    const invalid = await api('PATCH', `/api/v1/people/${id}/notification-breaches/${breach.id}`, {
      outcome: 'charged',
      version: 1,
    })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().errors[0].path).toBe('outcomeOn')

    const charged = await api('PATCH', `/api/v1/people/${id}/notification-breaches/${breach.id}`, {
      outcome: 'charged',
      outcomeOn: today,
      version: 1,
    })
    expect(charged.statusCode).toBe(200)
    expect(charged.json()).toMatchObject({ outcome: 'charged', outcomeOn: today, version: 2 })

    const stale = await api('PATCH', `/api/v1/people/${id}/notification-breaches/${breach.id}`, {
      outcome: 'no_further_action',
      outcomeOn: today,
      version: 1,
    })
    expect(stale.statusCode).toBe(409)
    const list = (await api('GET', `/api/v1/people/${id}/notification-breaches`)).json()
    expect(list.items[0]).toMatchObject({ outcome: 'charged', version: 2 })

    const kinds = (
      await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    ).map((e) => e.kind)
    expect(kinds).toEqual(expect.arrayContaining(['breach.recorded', 'breach.outcome_recorded']))
  })
})

describe('notifications in the browser', () => {
  it('shows what is due with its reasons, and the next periodic date prominently', async () => {
    const id = await newPerson()
    await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'initial',
      notifiedOn: addDays(today, -400),
    })
    const agent = await t.signedIn('coordinator')
    const response = await agent.get(`/people/${id}/notifications`)
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('[data-qa=next-periodic-due]').attr('data-due-date')).toBe(
      addDuration(addDays(today, -400), 'P1Y'),
    )
    const overdue = page('[data-qa=due-item][data-kind=periodic_notification]')
    expect(overdue.attr('data-status')).toBe('overdue')
    expect(overdue.text()).toContain('SOA 2003 s.85')
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'NOTIFICATIONS_VIEWED'), eq(auditEvents.recordId, id)))
    expect(audit).toMatchObject({ outcome: 'success', recordType: 'person' })
  })

  it('records a change of address notification, keeping the input on an error, and the date moves', async () => {
    const id = await newPerson('police.om')
    await api('POST', `/api/v1/people/${id}/notifications`, {
      kind: 'periodic',
      notifiedOn: addDays(today, -100),
    })
    const agent = await t.signedIn('police.om')
    const form = await agent.get(`/people/${id}/notifications/new`)
    expect(form.statusCode).toBe(200)

    const invalid = await agent.post(`/people/${id}/notifications/new`, {
      kind: 'change',
      'change-what': 'home_address',
      'change-newValue': '2 Kept Street, Leeds',
      ...dateForm('notifiedOn', today),
      station: 'Leeds Elland Road',
    })
    expect(invalid.statusCode).toBe(400)
    const page = $(invalid.body)
    expect(page('.govuk-error-summary').text()).toContain('Enter the date of the change')
    expect(page('.govuk-error-summary a').attr('href')).toBe('#change-changeDate-day')
    expect(page('#change-newValue').val()).toBe('2 Kept Street, Leeds')
    expect(page('#station').val()).toBe('Leeds Elland Road')

    const saved = await agent.post(`/people/${id}/notifications/new`, {
      kind: 'change',
      'change-what': 'home_address',
      'change-newValue': '2 Kept Street, Leeds',
      ...dateForm('change-changeDate', addDays(today, -1)),
      ...dateForm('notifiedOn', today),
      station: 'Leeds Elland Road',
    })
    expect(saved.statusCode).toBe(303)
    const after = $((await agent.get(saved.headers.location!)).body)
    expect(after('[data-qa=banner]').text()).toContain('recorded')
    expect(after('[data-qa=next-periodic-due]').attr('data-due-date')).toBe(addDuration(today, 'P1Y'))
    expect(after('[data-qa=notification-event]').first().text()).toContain('2 Kept Street')
    expect(after('[data-qa=notification-event]').first().text()).toContain('Priya Shah')
  })

  it('refuses a stale breach outcome (409) and keeps the choice', async () => {
    const id = await newPerson('police.om')
    const breach = (
      await api('POST', `/api/v1/people/${id}/notification-breaches`, {
        suspectedOn: today,
        description: 'Failed to notify travel',
      })
    ).json()
    const agent = await t.signedIn('police.om')
    await agent.get(`/people/${id}/notifications/breaches/${breach.id}`)
    await api('PATCH', `/api/v1/people/${id}/notification-breaches/${breach.id}`, {
      outcome: 'cautioned',
      outcomeOn: today,
      version: 1,
    })
    const stale = await agent.post(`/people/${id}/notifications/breaches/${breach.id}`, {
      outcome: 'convicted',
      ...dateForm('outcomeOn', today),
      version: '1',
    })
    expect(stale.statusCode).toBe(409)
    const page = $(stale.body)
    expect(page('input[name=outcome][value=convicted]').attr('checked')).toBeDefined()
    expect(page('input[name=version]').val()).toBe('2')
    expect(page('[data-qa=breach-summary]').text()).toContain('Cautioned')
  })

  it('lets only those who may record notifications see the forms', async () => {
    const id = await newPerson()
    for (const [username, role] of [
      ['probation.pp', 'offender_manager'],
      ['coordinator', 'mappa_coordinator'],
      ['vlo', 'victim_liaison_officer'],
    ] as const) {
      const agent = await t.signedIn(username)
      expect((await agent.get(`/people/${id}/notifications`)).statusCode).toBe(200)
      const expected = permissionsOf([role]).has('notification:record') ? 200 : 403
      expect((await agent.get(`/people/${id}/notifications/new`)).statusCode).toBe(expected)
    }
    for (const username of ['smb', 'lay.adviser', 'admin']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(`/people/${id}/notifications`)).statusCode).toBe(403)
    }
    // An agency the case is not shared with cannot see it.
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${id}/notifications`)).statusCode).toBe(403)
  })
})
