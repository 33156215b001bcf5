import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  conditions,
  personManagers,
  personOrders,
  personTimeline,
  registrations,
  riskAssessments,
  riskPlanEntries,
  riskPlans,
  users,
} from '../../db/schema.js'
import { addDays, addDuration, type RoshLevel } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { addUser, signedInAs } from '../registrations/test-support.js'

let t: TestApp
/** A key with the offender manager scopes (person:view, visit:record, …). */
let key: string
/** A key that may read records but not record visits. */
let readOnly: string
const today = londonDateOf(new Date().toISOString())

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function userId(username: string) {
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return row!.id
}

const dateForm = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  }
}

/** Written straight to the tables the risk and plans features own, as their pages would. */
async function newPerson(
  options: {
    category?: number | null
    registeredOn?: string
    rosh?: [RoshLevel, string][]
    planIntervalMonths?: number
    manager?: string
  } = {},
) {
  const created = await api('POST', '/api/v1/people', {
    givenName: 'Visit',
    familyName: 'Subject',
    dateOfBirth: '1970-05-06',
    area: 'west-yorkshire',
  })
  expect(created.statusCode).toBe(201)
  const id = created.json().id as string
  const db = t.database.db
  if (options.category !== null)
    await db.insert(registrations).values({
      personId: id,
      category: options.category ?? 1,
      level: 1,
      registeredOn: options.registeredOn ?? addDays(today, -30),
      leadAgencyId: await agencyId('wyp'),
    })
  for (const [overall, assessedOn] of options.rosh ?? [])
    await db
      .insert(riskAssessments)
      .values({ personId: id, tool: 'oasys_rosh', assessedOn, data: { overall }, band: overall })
  if (options.planIntervalMonths)
    await db.insert(riskPlans).values({
      personId: id,
      number: 1,
      status: 'signed_off',
      visitIntervalMonths: options.planIntervalMonths,
      signedOffAt: new Date(),
    })
  if (options.manager)
    await db.insert(personManagers).values({ personId: id, userId: options.manager, kind: 'police' })
  // These rows were written directly: mark the record changed, as the features do.
  await db.insert(personTimeline).values({ personId: id, kind: 'test.setup', title: 'Set up for a test' })
  return id
}

const plan = async (id: string) => (await api('GET', `/api/v1/people/${id}/visit-plan`)).json()

beforeAll(async () => {
  t = await createTestApp()
  const wyp = await agencyId('wyp')
  key = (await createApiKey(t.database.db, { agencyId: wyp, name: 'Police case system' })).key
  readOnly = (
    await createApiKey(t.database.db, {
      agencyId: wyp,
      name: 'Read-only system',
      scopes: ['person:list', 'person:view'],
    })
  ).key
})
afterAll(() => t.close())

describe('visit planning (rules.md §6)', () => {
  const registeredOn = addDays(today, -20)

  it.each([
    ['very_high', 'P1M'],
    ['high', 'P3M'],
    ['medium', 'P6M'],
    ['low', 'P12M'],
  ] as const)('RoSH %s: the next visit is %s from registration', async (rosh, interval) => {
    const id = await newPerson({ registeredOn, rosh: [[rosh, addDays(today, -25)]] })
    const body = await plan(id)
    expect(body).toMatchObject({
      status: 'planned',
      interval,
      nextVisitDue: addDuration(registeredOn, interval),
      overdue: false,
      rosh: { level: rosh },
      countedFrom: { date: registeredOn, event: 'registration' },
    })
    expect(body.basis[0].reference).toMatch(/home visits/)
  })

  it('the risk management plan’s interval overrides the default, and says so', async () => {
    const id = await newPerson({ registeredOn, rosh: [['low', registeredOn]], planIntervalMonths: 2 })
    const body = await plan(id)
    expect(body).toMatchObject({ interval: 'P2M', nextVisitDue: addDuration(registeredOn, 'P2M') })
    expect(body.basis.map((b: { text: string }) => b.text).join(' ')).toMatch(
      /plan sets visits every P2M.*would set every 12 months/,
    )
  })

  it('without a RoSH level it asks for an assessment instead of guessing', async () => {
    const id = await newPerson({ registeredOn })
    expect(await plan(id)).toMatchObject({ status: 'needs_assessment', nextVisitDue: null })
    const agent = await t.signedIn('police.om')
    const page = $((await agent.get(`/people/${id}/visits`)).body)
    expect(page('[data-qa=next-visit-due]').text()).toMatch(/record an OASys RoSH assessment/)
  })

  it('plans nothing for a person not registered, or not Category 1 without a plan interval', async () => {
    expect(await plan(await newPerson({ category: null, rosh: [['high', today]] }))).toMatchObject({
      status: 'not_registered',
    })
    expect(await plan(await newPerson({ category: 2, rosh: [['high', today]] }))).toMatchObject({
      status: 'not_required',
    })
    expect(
      await plan(await newPerson({ category: 2, rosh: [['high', today]], planIntervalMonths: 4 })),
    ).toMatchObject({ status: 'planned', interval: 'P4M' })
  })
})

describe('recording visits', () => {
  it('records a visit in the browser and shows the next one planned from it', async () => {
    const id = await newPerson({ registeredOn: addDays(today, -200), rosh: [['high', addDays(today, -200)]] })
    const agent = await t.signedIn('police.om')
    let page = $((await agent.get(`/people/${id}/visits`)).body)
    expect(page('[data-qa=next-visit-due]').attr('data-due-date')).toBe(
      addDuration(addDays(today, -200), 'P3M'),
    )

    const form = $((await agent.get(`/people/${id}/visits/new`)).body)
    expect(form('input[name=officerIds]:checked').val()).toBe(await userId('police.om'))
    const visitedOn = addDays(today, -3)
    const saved = await agent.post(`/people/${id}/visits/new`, {
      ...dateForm('visitedOn', visitedOn),
      officerIds: await userId('police.om'),
      seen: 'yes',
      othersPresent: 'Partner',
      concerns: 'New laptop in the bedroom',
      followUp: 'Check the device with the digital media investigator',
    })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/people/${id}/visits?recorded=1`)
    page = $((await agent.get(saved.headers.location as string)).body)
    expect(page('[data-qa=banner]').text()).toContain('recorded')
    expect(page('[data-qa=next-visit-due]').attr('data-due-date')).toBe(addDuration(visitedOn, 'P3M'))
    expect(page('[data-qa=visit]').text()).toContain('New laptop in the bedroom')
    expect(page('[data-qa=visit]').text()).toContain('Priya Shah')

    const history = await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    expect(history.some((e) => e.kind === 'visit.recorded')).toBe(true)
    const [audit] = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'VISIT_RECORDED'), eq(auditEvents.recordId, id)))
    expect(audit?.outcome).toBe('success')
  })

  it('refuses an invalid visit, keeping what was typed, and records nothing', async () => {
    const id = await newPerson({ rosh: [['medium', today]] })
    const agent = await t.signedIn('police.om')
    const response = await agent.post(`/people/${id}/visits/new`, {
      ...dateForm('visitedOn', addDays(today, 5)),
      concerns: 'Kept as typed',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('Date of the visit must be today or in the past')
    expect(summary).toContain('Select the officers who made the visit')
    expect(summary).toContain('Select whether the person was seen')
    expect(page('#concerns').text()).toBe('Kept as typed')
    expect((await api('GET', `/api/v1/people/${id}/visits`)).json().items).toHaveLength(0)
  })

  it('a visit where the person was not seen does not move the next visit', async () => {
    const registeredOn = addDays(today, -40)
    const id = await newPerson({ registeredOn, rosh: [['very_high', registeredOn]] })
    const response = await api('POST', `/api/v1/people/${id}/visits`, {
      visitedOn: addDays(today, -1),
      officerIds: [await userId('police.om')],
      seen: false,
    })
    expect(response.statusCode).toBe(201)
    const body = await plan(id)
    expect(body).toMatchObject({ nextVisitDue: addDuration(registeredOn, 'P1M'), overdue: true })
    expect(body.basis.map((b: { text: string }) => b.text).join(' ')).toMatch(/did not see the person/)
  })

  it('only officers of the area may be named', async () => {
    const id = await newPerson({ rosh: [['low', today]] })
    const response = await api('POST', `/api/v1/people/${id}/visits`, {
      visitedOn: today,
      officerIds: [await userId('admin')],
      seen: true,
    })
    expect(response.statusCode).toBe(400)
    expect(response.json().errors[0]).toMatchObject({ path: 'officerIds' })
  })

  it('changes a visit with a version check: a stale change is refused and overwrites nothing', async () => {
    const id = await newPerson({ rosh: [['low', today]] })
    const officer = await userId('police.om')
    const created = (
      await api('POST', `/api/v1/people/${id}/visits`, {
        visitedOn: today,
        officerIds: [officer],
        seen: true,
      })
    ).json()
    const url = `/api/v1/people/${id}/visits/${created.id}`
    const changed = await api('PATCH', url, {
      visitedOn: today,
      officerIds: [officer, await userId('probation.pp')],
      seen: true,
      concerns: 'First editor',
      version: 1,
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ version: 2, concerns: 'First editor' })
    expect(changed.json().officers).toHaveLength(2)
    const stale = await api('PATCH', url, {
      visitedOn: today,
      officerIds: [officer],
      seen: false,
      concerns: 'Second editor',
      version: 1,
    })
    expect(stale.statusCode).toBe(409)
    expect((await api('GET', url)).json()).toMatchObject({ concerns: 'First editor', seen: true })

    // In the browser the stale editor keeps what they typed.
    const agent = await t.signedIn('police.om')
    const response = await agent.post(`/people/${id}/visits/${created.id}`, {
      ...dateForm('visitedOn', today),
      officerIds: officer,
      seen: 'no',
      concerns: 'Browser editor',
      version: '1',
    })
    expect(response.statusCode).toBe(409)
    const page = $(response.body)
    expect(page('#concerns').text()).toBe('Browser editor')
    expect(page('input[name=version]').val()).toBe('2')
    expect(page('[data-qa=current-visit]').text()).toContain('First editor')
  })
})

describe('reactive management', () => {
  it('is refused with the reasons until the person has been low risk for 3 years', async () => {
    const id = await newPerson({
      rosh: [
        ['medium', addDays(today, -2000)],
        ['low', addDays(today, -400)],
      ],
    })
    const refused = await api('POST', `/api/v1/people/${id}/reactive-management`, {
      reason: 'Stable for a long time now',
    })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().errors[0].message).toMatch(/not possible: Low risk since/)
    const agent = await t.signedIn('police.om')
    const page = $((await agent.get(`/people/${id}/visits`)).body)
    expect(page('[data-qa=reactive-eligibility]').text()).toBe('Not eligible')
    expect(page('[data-qa=start-reactive]')).toHaveLength(0)
    const form = $((await agent.get(`/people/${id}/visits/reactive/start`)).body)
    expect(form('textarea[name=reason]')).toHaveLength(0)
  })

  it('starts for an eligible person (no routine visits), and ends on new information', async () => {
    const id = await newPerson({
      registeredOn: addDays(today, -2000),
      rosh: [
        ['low', addDays(today, -1500)],
        ['low', addDays(today, -400)],
      ],
    })
    expect(await plan(id)).toMatchObject({ status: 'planned', reactiveEligibility: { status: 'eligible' } })
    const agent = await t.signedIn('police.om')
    const short = await agent.post(`/people/${id}/visits/reactive/start`, { reason: 'Low' })
    expect(short.statusCode).toBe(400)
    const started = await agent.post(`/people/${id}/visits/reactive/start`, {
      reason: 'Low risk since 2021 and fully compliant',
    })
    expect(started.statusCode).toBe(303)
    const page = $((await agent.get(`/people/${id}/visits`)).body)
    expect(page('[data-qa=reactive-status]').attr('data-reactive')).toBe('yes')
    expect(page('[data-qa=reactive-status]').text()).toMatch(
      /no routine home visits.*Annual notification continues/,
    )
    expect(page('[data-qa=next-visit-due]').attr('data-due-date')).toBe('')
    expect(await plan(id)).toMatchObject({ status: 'reactive', nextVisitDue: null })
    expect(
      (await api('POST', `/api/v1/people/${id}/reactive-management`, { reason: 'Again, twice over' }))
        .statusCode,
    ).toBe(409)

    const ended = await api('POST', `/api/v1/people/${id}/reactive-management/end`, {
      reason: 'Intelligence of contact with a child',
    })
    expect(ended.statusCode).toBe(200)
    expect(ended.json().periods[0]).toMatchObject({
      endedOn: today,
      endReason: 'Intelligence of contact with a child',
    })
    expect(await plan(id)).toMatchObject({
      status: 'planned',
      countedFrom: { date: today, event: 'the end of reactive management' },
      nextVisitDue: addDuration(today, 'P12M'),
    })
    expect(
      (await api('POST', `/api/v1/people/${id}/reactive-management/end`, { reason: 'Not reactive now' }))
        .statusCode,
    ).toBe(409)
    const history = await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    expect(history.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['reactive_management.started', 'reactive_management.ended']),
    )
  })
})

describe('work queue', () => {
  /** Every item of the queue, following its pages (items due today sort after older ones). */
  const queue = async (url: string) => {
    const agent = await t.signedIn('police.om')
    const items = []
    for (let n = 1; n <= 20; n++) {
      const page = $((await agent.get(`${url}&page=${n}`)).body)
      const found = page('[data-qa=queue-item]')
        .toArray()
        .map((el) => ({
          personId: page(el).attr('data-person-id'),
          kind: page(el).attr('data-kind'),
          status: page(el).attr('data-status'),
          href: page(el).find('[data-qa=act]').attr('href'),
          text: page(el).text(),
        }))
      items.push(...found)
      if (!page('.govuk-pagination__next').length) break
    }
    return items
  }

  it('shows an overdue home visit under the visits filter, with its basis', async () => {
    const registeredOn = addDays(today, -400)
    const id = await newPerson({
      registeredOn,
      rosh: [['high', registeredOn]],
      manager: await userId('police.om'),
    })
    const items = (await queue('/work-queue?group=visits')).filter((i) => i.personId === id)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ kind: 'home_visit', status: 'overdue', href: `/people/${id}/visits` })
    expect(items[0]!.text).toMatch(/RoSH high/)
    expect((await queue('/work-queue?group=notifications')).some((i) => i.personId === id)).toBe(false)
  })

  it('shows conditions and orders ending within 30 days, and plan gaps', async () => {
    const id = await newPerson({ rosh: [['low', today]], manager: await userId('police.om') })
    const db = t.database.db
    await db.insert(conditions).values({
      personId: id,
      source: 'licence',
      kind: 'exclusion_zone',
      wording: 'Not to enter the area marked on the map',
      startsOn: addDays(today, -300),
      endsOn: addDays(today, 20),
    })
    await db.insert(conditions).values({
      personId: id,
      source: 'licence',
      kind: 'reporting',
      wording: 'Report weekly',
      startsOn: addDays(today, -300),
      endsOn: addDays(today, 60),
    })
    await db
      .insert(personOrders)
      .values({ personId: id, kind: 'sro', madeOn: addDays(today, -700), endsOn: addDays(today, 25) })
    const [riskPlan] = await db
      .insert(riskPlans)
      .values({
        personId: id,
        number: 1,
        status: 'signed_off',
        signedOffAt: new Date(),
        reviewOn: addDays(today, -1),
      })
      .returning()
    await db
      .insert(riskPlanEntries)
      .values({ planId: riskPlan!.id, pillar: 'supervision', position: 1, text: 'Weekly' })
    await db.insert(personTimeline).values({ personId: id, kind: 'test.setup', title: 'Set up for a test' })

    const ending = (await queue('/work-queue?group=conditions')).filter((i) => i.personId === id)
    expect(ending.map((i) => i.kind).sort()).toEqual(['condition_ending', 'order_ending'])
    expect(ending.find((i) => i.kind === 'condition_ending')!.href).toBe(`/people/${id}/conditions`)
    const plans = (await queue('/work-queue?group=plans')).filter((i) => i.personId === id)
    // The plans feature's warnings: one item for each empty pillar and the contingency plan.
    expect(plans.map((i) => i.kind).sort()).toEqual([
      'plan_incomplete',
      'plan_incomplete',
      'plan_incomplete',
      'plan_incomplete',
      'plan_review',
    ])
    const incomplete = plans.filter((i) => i.kind === 'plan_incomplete').map((i) => i.text)
    expect(incomplete.some((text) => /nothing under victim safety/.test(text))).toBe(true)
    expect(incomplete.some((text) => /no contingency plan/.test(text))).toBe(true)
  })
})

describe('area dashboard of overdue visits', () => {
  it('counts overdue visits by police agency and manager, with each manager’s list', async () => {
    const manager = await addUser(t, 'visits.om', 'wyp', ['offender_manager'])
    const long = addDays(today, -400)
    const overdue = [
      await newPerson({ registeredOn: long, rosh: [['high', long]], manager }),
      await newPerson({ registeredOn: long, rosh: [['medium', long]], manager }),
    ]
    await newPerson({ registeredOn: today, rosh: [['high', today]], manager })

    const agent = await t.signedIn('coordinator')
    const home = $((await agent.get('/')).body)
    expect(home('[data-qa=visits-dashboard-link]').attr('href')).toBe('/dashboards/visits')
    const page = $((await agent.get('/dashboards/visits')).body)
    const row = page(`[data-qa=manager-row][data-manager-id=${manager}]`)
    expect(row.attr('data-overdue')).toBe('2')
    expect(row.text()).toContain('West Yorkshire Police')
    expect(
      Number(page('[data-qa=agency-total][data-agency="West Yorkshire Police"]').attr('data-overdue')),
    ).toBeGreaterThanOrEqual(2)

    const list = $((await agent.get(row.find('a').attr('href') as string)).body)
    expect(
      list('[data-qa=overdue-visit]')
        .toArray()
        .map((el) => list(el).attr('data-person-id'))
        .sort(),
    ).toEqual([...overdue].sort())

    const json = (
      await api(
        'GET',
        '/api/v1/dashboards/visits',
        undefined,
        (
          await createApiKey(t.database.db, {
            agencyId: await agencyId('wyp'),
            name: 'Oversight',
            scopes: ['plan:sign_off'],
          })
        ).key,
      )
    ).json()
    const wyp = json.agencies.find((a: { agencyName: string }) => a.agencyName === 'West Yorkshire Police')
    expect(wyp.managers.find((m: { userId: string }) => m.userId === manager).overdue).toBe(2)
  })
})

describe('access by role', () => {
  it('chairs see the dashboard; offender managers and agency representatives do not', async () => {
    const chair = await signedInAs(t, 'chair', 'West Yorkshire')
    const page = $((await chair.get('/dashboards/visits')).body)
    expect(page('h1').text()).toContain('Overdue home visits')
    expect(page('[data-qa=total]').text()).toMatch(/\d+ (person has|people have) an overdue home visit/)
    expect((await (await t.signedIn('police.om')).get('/dashboards/visits')).statusCode).toBe(403)
    expect((await api('GET', '/api/v1/dashboards/visits')).statusCode).toBe(403)
  })

  it('viewing needs person:view on the record; recording needs visit:record', async () => {
    const id = await newPerson({ rosh: [['low', today]] })
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${id}/visits`)).statusCode).toBe(403)
    const vlo = await t.signedIn('vlo')
    const page = $((await vlo.get(`/people/${id}/visits`)).body)
    expect(page('[data-qa=visit-plan]')).toHaveLength(1)
    expect(page('[data-qa=record-visit]')).toHaveLength(0)
    expect((await vlo.get(`/people/${id}/visits/new`)).statusCode).toBe(403)
    const visit = { visitedOn: today, officerIds: [await userId('police.om')], seen: true }
    expect((await api('POST', `/api/v1/people/${id}/visits`, visit, readOnly)).statusCode).toBe(403)
    expect((await api('GET', `/api/v1/people/${id}/visits`, undefined, readOnly)).statusCode).toBe(200)
    expect((await api('GET', `/api/v1/people/00000000-0000-4000-8000-000000000000/visits`)).statusCode).toBe(
      404,
    )
  })
})
