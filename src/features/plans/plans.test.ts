import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import {
  agencies,
  auditEvents,
  conditions,
  personOrders,
  personTimeline,
  registrations,
  riskPlans,
} from '../../db/schema.js'
import { addDays, londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { currentPlan, planWarnings, planWarningSummary } from './service.js'

let t: TestApp
let omKey: string
let coordinatorKey: string
const today = londonDateOf(new Date().toISOString())
const review = addDays(today, 90)

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, token = omKey) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

/** A fresh West Yorkshire person, registered under MAPPA unless told otherwise. */
async function newPerson(registered = true) {
  const created = await api('POST', '/api/v1/people', {
    givenName: 'Plan',
    familyName: 'Subject',
    dateOfBirth: '1975-02-03',
    area: 'west-yorkshire',
  })
  expect(created.statusCode).toBe(201)
  const id = created.json().id as string
  if (registered)
    await t.database.db
      .insert(registrations)
      .values({ personId: id, category: 1, level: 2, registeredOn: addDays(today, -30) })
  return id
}

/** The draft form as posted: plan fields plus one entry per pillar given. */
function draftForm(version: number, entries: Record<string, string>, more: Record<string, string> = {}) {
  const [year, month, day] = review.split('-')
  const form: Record<string, string> = {
    version: String(version),
    'reviewOn-day': String(Number(day)),
    'reviewOn-month': String(Number(month)),
    'reviewOn-year': year!,
    visitIntervalMonths: '',
    action: 'save',
    ...more,
  }
  for (const [pillar, text] of Object.entries(entries)) form[`${pillar}-0-text`] = text
  return form
}

const FULL = {
  supervision: 'Weekly reporting to the probation office',
  monitoring_control: 'Curfew 7pm to 7am with electronic monitoring',
  interventions_treatment: 'Horizon programme',
  victim_safety: 'No contact with the victim; exclusion zone around her home',
  contingency: 'Recall on any breach of the exclusion zone',
}

async function versionOf(id: string, number: number) {
  const [row] = await t.database.db
    .select({ version: riskPlans.version, status: riskPlans.status })
    .from(riskPlans)
    .where(and(eq(riskPlans.personId, id), eq(riskPlans.number, number)))
  return row!
}

async function draftAndSave(agent: Agent, id: string, entries: Record<string, string>, more = {}) {
  const started = await agent.post(`/people/${id}/plan/new`, {})
  expect(started.statusCode).toBe(303)
  const number = Number(/versions\/(\d+)\/edit/.exec(started.headers.location!)![1])
  const saved = await agent.post(
    `/people/${id}/plan/versions/${number}/edit`,
    draftForm((await versionOf(id, number)).version, entries, more),
  )
  expect(saved.statusCode).toBe(303)
  return number
}

beforeAll(async () => {
  t = await createTestApp()
  omKey = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Police system' })).key
  coordinatorKey = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('wy-probation'),
      name: 'MAPPA unit system',
      scopes: ['person:view', 'risk:manage', 'plan:sign_off'],
    })
  ).key
})
afterAll(() => t.close())

describe('drafting and signing off a plan in the browser', () => {
  it('drafts, signs off, drafts again from a copy, and the new sign-off supersedes the old', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    const coordinator = await t.signedIn('coordinator')

    const empty = $((await om.get(`/people/${id}/plan`)).body)
    expect(empty('[data-qa=no-plan]')).toHaveLength(1)
    expect(empty('[data-qa=plan-warning][data-kind=plan_missing]').text()).toContain('MAPPA Guidance ch.12')

    // "Add another entry" posts the form and keeps what was typed.
    const started = await om.post(`/people/${id}/plan/new`, {})
    expect(started.headers.location).toBe(`/people/${id}/plan/versions/1/edit?done=drafted`)
    const more = await om.post(
      `/people/${id}/plan/versions/1/edit`,
      draftForm(1, { supervision: 'Weekly reporting' }, { action: 'add-supervision' }),
    )
    expect(more.statusCode).toBe(200)
    const rows = $(more.body)
    expect(rows('#supervision-0-text').text()).toBe('Weekly reporting')
    expect(rows('#supervision-1-text')).toHaveLength(1)

    const saved = await om.post(
      `/people/${id}/plan/versions/1/edit`,
      draftForm(1, FULL, { 'supervision-1-text': 'Home visit every month', visitIntervalMonths: '1' }),
    )
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/people/${id}/plan/versions/1?done=saved`)

    // An offender manager may draft but not sign off.
    const draftPage = $((await om.get(`/people/${id}/plan/versions/1`)).body)
    expect(draftPage('[data-qa=sign-off-form]')).toHaveLength(0)
    const refused = await om.post(`/people/${id}/plan/versions/1/sign-off`, { version: '2' })
    expect(refused.statusCode).toBe(403)
    expect((await versionOf(id, 1)).status).toBe('draft')

    const coordinatorPage = $((await coordinator.get(`/people/${id}/plan/versions/1`)).body)
    const version = String(coordinatorPage('[data-qa=sign-off-form] input[name=version]').val())
    const signed = await coordinator.post(`/people/${id}/plan/versions/1/sign-off`, { version })
    expect(signed.statusCode).toBe(303)
    expect(signed.headers.location).toBe(`/people/${id}/plan?done=signed_off`)

    const plan = $((await om.get(signed.headers.location!)).body)
    expect(plan('[data-qa=done]').text()).toContain('signed off')
    expect(plan('[data-qa=current-plan] [data-pillar=supervision] [data-qa=entry]')).toHaveLength(2)
    expect(plan('[data-qa=current-plan] [data-pillar=contingency]').text()).toContain('Recall on any breach')
    expect(plan('[data-qa=plan-details]').text()).toContain('Every 1 month, set by the plan')
    expect(plan('[data-qa=plan-warning]')).toHaveLength(0)

    // A new draft starts as a copy of the signed-off version.
    const again = await om.post(`/people/${id}/plan/new`, {})
    expect(again.headers.location).toBe(`/people/${id}/plan/versions/2/edit?done=drafted`)
    const copy = $((await om.get(`/people/${id}/plan/versions/2/edit`)).body)
    expect(copy('#victim_safety-0-text').text()).toBe(FULL.victim_safety)
    expect(copy('#supervision-1-text').text()).toBe('Home visit every month')

    // Only one draft at a time: starting another opens the one in progress.
    const second = await om.post(`/people/${id}/plan/new`, {})
    expect(second.headers.location).toBe(`/people/${id}/plan/versions/2/edit`)

    const changed = await om.post(
      `/people/${id}/plan/versions/2/edit`,
      draftForm((await versionOf(id, 2)).version, {
        ...FULL,
        contingency: 'Recall on any breach; police alerted at once',
      }),
    )
    expect(changed.statusCode).toBe(303)
    const signedAgain = await coordinator.post(`/people/${id}/plan/versions/2/sign-off`, {
      version: String((await versionOf(id, 2)).version),
    })
    expect(signedAgain.statusCode).toBe(303)
    expect((await versionOf(id, 1)).status).toBe('superseded')
    expect((await versionOf(id, 2)).status).toBe('signed_off')

    const versions = $((await om.get(`/people/${id}/plan`)).body)
    expect(
      versions('[data-qa=plan-version]')
        .map((_i, el) => versions(el).attr('data-status'))
        .get(),
    ).toEqual(['signed_off', 'superseded'])
    // Earlier versions stay readable.
    const old = $((await om.get(`/people/${id}/plan/versions/1`)).body)
    expect(old('[data-qa=version-plan] [data-pillar=contingency]').text()).toContain(
      'Recall on any breach of',
    )

    const compared = $((await om.get(`/people/${id}/plan/compare?from=1&to=2`)).body)
    expect(
      compared('[data-qa=pillar-changes][data-pillar=contingency] [data-qa=entry-changed]').text(),
    ).toContain('police alerted at once')
    expect(
      compared('[data-qa=pillar-changes][data-pillar=supervision] [data-qa=entry-removed]').text(),
    ).toContain('Home visit every month')
    expect(compared('[data-qa=plan-changes]').text()).toContain('Home visit interval')

    const timeline = await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))
    expect(timeline.map((e) => e.kind).sort()).toEqual([
      'plan.draft_changed',
      'plan.draft_changed',
      'plan.drafted',
      'plan.drafted',
      'plan.signed_off',
      'plan.signed_off',
    ])
    const audited = await t.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id))
    const events = new Set(audited.map((a) => `${a.event}:${a.outcome}`))
    for (const e of [
      'RISK_PLAN_VIEWED:success',
      'RISK_PLAN_DRAFTED:success',
      'RISK_PLAN_DRAFT_CHANGED:success',
      'RISK_PLAN_SIGNED_OFF:success',
      'RISK_PLAN_SIGNED_OFF:denied',
      'RISK_PLANS_COMPARED:success',
    ])
      expect(events).toContain(e)

    const current = await currentPlan(t.database.db, id)
    expect(current).toMatchObject({ number: 2, visitIntervalMonths: null, reviewOn: review })
    expect(current!.entries).toHaveLength(5)
  })

  it('refuses a stale edit of the draft with 409 and keeps what the editor typed', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    const pp = await t.signedIn('probation.pp')
    await om.post(`/people/${id}/plan/new`, {})
    const read = (await versionOf(id, 1)).version
    expect((await pp.post(`/people/${id}/plan/versions/1/edit`, draftForm(read, FULL))).statusCode).toBe(303)
    const stale = await om.post(
      `/people/${id}/plan/versions/1/edit`,
      draftForm(read, { supervision: 'My careful wording about reporting' }),
    )
    expect(stale.statusCode).toBe(409)
    const page = $(stale.body)
    expect(page('.govuk-error-summary').text()).toContain('Someone else saved this draft')
    expect(page('#supervision-0-text').text()).toBe('My careful wording about reporting')
    expect(page('[data-qa=stale]').text()).toContain(FULL.contingency)
    expect(page('input[name=version]').val()).toBe(String(read + 1))
    const saved = await currentDraftText(id)
    expect(saved).toContain(FULL.supervision)
  })

  it('shows form errors with the text kept', async () => {
    const id = await newPerson()
    const om = await t.signedIn('police.om')
    await om.post(`/people/${id}/plan/new`, {})
    const bad = await om.post(
      `/people/${id}/plan/versions/1/edit`,
      draftForm(
        1,
        {},
        {
          'victim_safety-0-reviewOn-day': '31',
          'victim_safety-0-reviewOn-month': '2',
          'victim_safety-0-reviewOn-year': '2026',
          visitIntervalMonths: 'often',
        },
      ),
    )
    expect(bad.statusCode).toBe(400)
    const page = $(bad.body)
    expect(page('.govuk-error-summary a[href="#victim_safety-0-text"]').text()).toBe(
      'Enter what the plan says',
    )
    expect(page('.govuk-error-summary a[href="#visitIntervalMonths"]')).toHaveLength(1)
    expect(page('#visitIntervalMonths').val()).toBe('often')
  })
})

async function currentDraftText(id: string) {
  const plan = await api('GET', `/api/v1/people/${id}/risk-plans/1`)
  return JSON.stringify(plan.json())
}

describe('warnings', () => {
  it('warns of missing pillars, missing contingency and an overdue review', async () => {
    const id = await newPerson()
    expect((await planWarnings(t.database.db, id, today)).map((w) => w.kind)).toEqual(['plan_missing'])
    const om = await t.signedIn('police.om')
    const coordinator = await t.signedIn('coordinator')
    await draftAndSave(om, id, { supervision: FULL.supervision, monitoring_control: FULL.monitoring_control })
    await coordinator.post(`/people/${id}/plan/versions/1/sign-off`, {
      version: String((await versionOf(id, 1)).version),
    })
    // The review date passes.
    await t.database.db
      .update(riskPlans)
      .set({ reviewOn: addDays(today, -1) })
      .where(eq(riskPlans.personId, id))

    const warnings = await planWarnings(t.database.db, id, today)
    expect(warnings.map((w) => [w.kind, w.status])).toEqual([
      ['plan_incomplete', 'overdue'],
      ['plan_incomplete', 'overdue'],
      ['plan_incomplete', 'overdue'],
      ['plan_review', 'overdue'],
    ])
    expect(warnings.every((w) => w.basis.some((b) => b.reference === 'MAPPA Guidance ch.12'))).toBe(true)
    expect((await planWarningSummary(t.database.db, id, today)).count).toBe(4)

    const page = $((await om.get(`/people/${id}/plan`)).body)
    const shown = page('[data-qa=plan-warning]').text()
    expect(shown).toContain('no contingency plan')
    expect(shown).toContain('nothing under victim safety')
    expect(shown).toContain('nothing under interventions and treatment')
    expect(shown).toContain('Review the risk management plan')
  })

  it('gives no missing-plan warning for a person who is not registered', async () => {
    const id = await newPerson(false)
    expect(await planWarnings(t.database.db, id, today)).toEqual([])
  })
})

describe('conditions and orders on the plan', () => {
  it('lists every condition and order in force, read-only, with a link to the conditions', async () => {
    const id = await newPerson()
    await t.database.db.insert(conditions).values([
      {
        personId: id,
        source: 'licence',
        kind: 'exclusion_zone',
        wording: 'Not to enter the area of Harehills marked on the map',
        startsOn: addDays(today, -10),
      },
      {
        personId: id,
        source: 'shpo',
        kind: 'internet_device',
        wording: 'Not to use any device capable of accessing the internet unless it keeps a history',
        startsOn: addDays(today, -100),
        endsOn: addDays(today, 100),
      },
      {
        personId: id,
        source: 'licence',
        kind: 'reporting',
        wording: 'Report to Leeds police station daily (ended)',
        startsOn: addDays(today, -100),
        endsOn: addDays(today, -1),
      },
      {
        personId: id,
        source: 'licence',
        kind: 'travel',
        wording: 'Not yet in force',
        startsOn: addDays(today, 5),
      },
    ])
    await t.database.db.insert(personOrders).values({
      personId: id,
      kind: 'shpo',
      madeOn: addDays(today, -100),
      untilFurtherOrder: true,
      terms: 'No unsupervised contact with children under 16',
    })
    const om = await t.signedIn('police.om')
    const page = $((await om.get(`/people/${id}/plan`)).body)
    const listed = page('[data-qa=plan-condition]')
    expect(listed).toHaveLength(2)
    expect(page('[data-qa=plan-conditions]').text()).toContain('Harehills')
    expect(page('[data-qa=plan-conditions]').text()).toContain('Sexual harm prevention order prohibitions')
    expect(page('[data-qa=plan-conditions]').text()).not.toContain('ended')
    expect(page('[data-qa=plan-order]').text()).toContain('No unsupervised contact with children under 16')
    expect(page('[data-qa=conditions-link]').attr('href')).toBe(`/people/${id}/conditions`)
  })
})

describe('the risk plans API', () => {
  it('drafts, edits with a version, refuses a stale edit and sign-off without the permission, compares', async () => {
    const id = await newPerson()
    const created = await api('POST', `/api/v1/people/${id}/risk-plans`)
    expect(created.statusCode).toBe(201)
    expect(created.headers.location).toBe(`/api/v1/people/${id}/risk-plans/1`)
    expect(created.json()).toMatchObject({ number: 1, status: 'draft', entries: [], version: 1 })
    expect((await api('POST', `/api/v1/people/${id}/risk-plans`)).statusCode).toBe(409)

    const housing = await agencyId('leeds-housing')
    const entries = [
      { pillar: 'supervision', text: FULL.supervision },
      { pillar: 'monitoring_control', text: FULL.monitoring_control },
      {
        pillar: 'interventions_treatment',
        text: 'Approved premises placement',
        ownerAgencyId: housing,
        reviewOn: review,
      },
      { pillar: 'victim_safety', text: FULL.victim_safety },
      { pillar: 'contingency', text: FULL.contingency },
    ]
    const bad = await api('PATCH', `/api/v1/people/${id}/risk-plans/1`, {
      version: 1,
      entries: [{ pillar: 'leisure', text: '' }],
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'entries.0.pillar',
      'entries.0.text',
    ])

    const patched = await api('PATCH', `/api/v1/people/${id}/risk-plans/1`, {
      version: 1,
      reviewOn: review,
      visitIntervalMonths: 3,
      entries,
    })
    expect(patched.statusCode).toBe(200)
    expect(patched.json()).toMatchObject({ version: 2, visitIntervalMonths: 3, reviewOn: review })
    expect(patched.json().entries[2]).toMatchObject({ ownerAgencyName: 'Leeds City Council Housing' })

    const stale = await api('PATCH', `/api/v1/people/${id}/risk-plans/1`, {
      version: 1,
      visitIntervalMonths: 6,
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().errors[0].path).toBe('version')

    // The offender manager's key has no plan:sign_off scope.
    expect((await api('POST', `/api/v1/people/${id}/risk-plans/1/sign-off`, { version: 2 })).statusCode).toBe(
      403,
    )
    const signed = await api(
      'POST',
      `/api/v1/people/${id}/risk-plans/1/sign-off`,
      { version: 2 },
      coordinatorKey,
    )
    expect(signed.statusCode).toBe(200)
    expect(signed.json()).toMatchObject({ status: 'signed_off', signedOffAt: expect.any(String) })
    // A signed-off version cannot be changed.
    expect(
      (await api('PATCH', `/api/v1/people/${id}/risk-plans/1`, { version: 3, visitIntervalMonths: 1 }))
        .statusCode,
    ).toBe(409)

    const draft = await api('POST', `/api/v1/people/${id}/risk-plans`)
    expect(draft.json().entries).toHaveLength(5)
    await api('PATCH', `/api/v1/people/${id}/risk-plans/2`, {
      version: 1,
      entries: entries.slice(0, 4),
      visitIntervalMonths: null,
    })
    const diff = await api('GET', `/api/v1/people/${id}/risk-plans/compare?from=1&to=2`)
    expect(diff.statusCode).toBe(200)
    expect(diff.json()).toMatchObject({
      from: 1,
      to: 2,
      changed: true,
      visitIntervalMonths: { from: 3, to: null },
      reviewOn: null,
    })
    const contingency = diff.json().pillars.find((p: { pillar: string }) => p.pillar === 'contingency')
    expect(contingency.removed).toEqual([expect.objectContaining({ text: FULL.contingency })])

    const list = await api('GET', `/api/v1/people/${id}/risk-plans`)
    expect(list.json().items.map((p: { number: number; status: string }) => [p.number, p.status])).toEqual([
      [2, 'draft'],
      [1, 'signed_off'],
    ])
    expect(list.json().warnings).toEqual([])
    expect((await api('GET', `/api/v1/people/${id}/risk-plans/9`)).statusCode).toBe(404)
    expect((await api('GET', `/api/v1/people/${id}/risk-plans/compare?from=1`)).statusCode).toBe(400)
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/people/{id}/risk-plans',
        '/api/v1/people/{id}/risk-plans/{number}',
        '/api/v1/people/{id}/risk-plans/{number}/sign-off',
        '/api/v1/people/{id}/risk-plans/compare',
      ]),
    )
  })
})
