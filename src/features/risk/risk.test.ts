import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { agencies, auditEvents, personTimeline } from '../../db/schema.js'
import { addDays, londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { assessmentsDue, currentRiskLevel, roshHistory } from './service.js'

let t: TestApp
let key: string
let readOnlyKey: string
let om: Agent
const today = londonDateOf(new Date().toISOString())

const api = (method: 'GET' | 'POST', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: token ? { authorization: `Bearer ${token}` } : {} })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

let n = 0
/** A new West Yorkshire person, shared with no agency. */
async function newPerson() {
  n += 1
  const response = await api('POST', '/api/v1/people', {
    givenName: 'Risk',
    familyName: `Subject${'abcdefghij'[n % 10]}`,
    dateOfBirth: '1975-04-02',
    gender: 'male',
    area: 'west-yorkshire',
  })
  expect(response.statusCode).toBe(201)
  return response.json().id as string
}

const dateFields = (prefix: string, iso: string) => {
  const [year, month, day] = iso.split('-')
  return { [`${prefix}-day`]: day!, [`${prefix}-month`]: month!, [`${prefix}-year`]: year! }
}

const rosh = (overrides: Record<string, string> = {}) => ({
  ...dateFields('assessedOn', addDays(today, -10)),
  assessorName: 'Priya Shah',
  custody: 'false',
  children: 'high',
  public: 'medium',
  knownAdult: 'high',
  staff: 'low',
  prisoners: '',
  overall: 'high',
  ...overrides,
})

const roshBody = (overrides: Record<string, unknown> = {}) => ({
  tool: 'oasys_rosh',
  assessedOn: addDays(today, -10),
  assessorName: 'Priya Shah',
  custody: false,
  children: 'medium',
  public: 'low',
  knownAdult: 'medium',
  staff: 'low',
  overall: 'medium',
  ...overrides,
})

beforeAll(async () => {
  t = await createTestApp()
  const wyp = await agencyId('wyp')
  key = (await createApiKey(t.database.db, { agencyId: wyp, name: 'Partner system' })).key
  readOnlyKey = (
    await createApiKey(t.database.db, { agencyId: wyp, name: 'Read only', scopes: ['person:view'] })
  ).key
  om = await t.signedIn('police.om')
})
afterAll(async () => {
  await t.close()
})

describe('recording a RoSH assessment in the browser', () => {
  it('chooses the tool first, then records the assessment and shows it in the summary', async () => {
    const id = await newPerson()
    const risk = $((await om.get(`/people/${id}/risk`)).body)
    expect(risk('[data-qa=no-rosh]').length).toBe(1)
    expect(risk('[data-qa=record-assessment]').attr('href')).toBe(`/people/${id}/risk/assessments/new`)

    const choose = await om.get(`/people/${id}/risk/assessments/new`)
    expect(choose.statusCode).toBe(200)
    expect($(choose.body)('input[name=tool]').length).toBe(7)
    const noTool = await om.post(`/people/${id}/risk/assessments/new`, {})
    expect(noTool.statusCode).toBe(400)
    expect($(noTool.body)('.govuk-error-summary').text()).toContain('Select the tool')
    const chosen = await om.post(`/people/${id}/risk/assessments/new`, { tool: 'oasys_rosh' })
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe(`/people/${id}/risk/assessments/new/oasys_rosh`)

    const form = $((await om.get(chosen.headers.location!)).body)
    expect(form('#assessorName').val()).toBe('Priya Shah')
    expect(form('select#prisoners').length).toBe(1)

    const saved = await om.post(chosen.headers.location!, rosh())
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/people/${id}/risk?saved=assessment`)

    const page = $((await om.get(saved.headers.location!)).body)
    expect(page('[data-qa=saved-banner]').length).toBe(1)
    expect(page('[data-qa=overall-rosh]').text()).toContain('High')
    expect(page('[data-qa=rosh-groups]').text()).toContain('Known adult')
    expect(page('[data-qa=latest-oasys_rosh]').text()).toBe('OASys RoSH')
    expect(page('[data-qa=latest-assessments]').text()).toContain('Priya Shah')

    const [entry] = await t.database.db
      .select()
      .from(personTimeline)
      .where(and(eq(personTimeline.personId, id), eq(personTimeline.kind, 'risk.assessed')))
    expect(entry?.title).toBe('Risk assessed: OASys RoSH: high')
    const audit = await t.database.db
      .select({ event: auditEvents.event })
      .from(auditEvents)
      .where(eq(auditEvents.recordId, entry!.recordId!))
    expect(audit).toContainEqual({ event: 'RISK_ASSESSMENT_RECORDED' })
  })

  it('keeps what was typed when the input is invalid', async () => {
    const id = await newPerson()
    const url = `/people/${id}/risk/assessments/new/rsr`
    const response = await om.post(url, {
      ...dateFields('assessedOn', addDays(today, 5)),
      assessorName: 'Sam Taylor',
      percent: 'about four',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const summary = page('.govuk-error-summary').text()
    expect(summary).toContain('The RSR score must be a number')
    expect(page('#percent').val()).toBe('about four')
    expect(page('#assessorName').val()).toBe('Sam Taylor')
    expect(page('.govuk-error-summary a[href="#percent"]').length).toBe(1)

    // Rules across fields: a future date; prisoners rated outside custody.
    const future = await om.post(url, {
      ...dateFields('assessedOn', addDays(today, 5)),
      assessorName: 'S',
      percent: '4',
    })
    expect(future.statusCode).toBe(400)
    expect($(future.body)('.govuk-error-summary a[href="#assessedOn-day"]').text()).toContain(
      'today or in the past',
    )
    const prisoners = await om.post(
      `/people/${id}/risk/assessments/new/oasys_rosh`,
      rosh({ prisoners: 'low' }),
    )
    expect(prisoners.statusCode).toBe(400)
    expect($(prisoners.body)('#prisoners-error').text()).toContain('only in custody')
    expect($(prisoners.body)('#overall').val()).toBe('high')
  })

  it('computes bands from scores and explains them', async () => {
    const id = await newPerson()
    const saved = await om.post(`/people/${id}/risk/assessments/new/osp_dc`, {
      ...dateFields('assessedOn', addDays(today, -1)),
      assessorName: 'Sam Taylor',
      score: '31',
    })
    expect(saved.statusCode).toBe(303)
    const page = $((await om.get(`/people/${id}/risk`)).body)
    const href = page('[data-qa=latest-osp_dc]').attr('href')!
    const detail = $((await om.get(href)).body)
    expect(detail('[data-qa=assessment-title]').text()).toContain('High')
    expect(detail('[data-qa=reasons]').text()).toContain('OSP/DC score 31: a score of 30–35 is high.')
  })
})

describe('the risk summary and history', () => {
  it('shows the latest of each tool, the overall RoSH over time, and overdue reviews', async () => {
    const id = await newPerson()
    const first = await api(
      'POST',
      `/api/v1/people/${id}/risk-assessments`,
      roshBody({ assessedOn: addDays(today, -200), nextDueOn: addDays(today, -88) }),
    )
    expect(first.statusCode).toBe(201)
    await api(
      'POST',
      `/api/v1/people/${id}/risk-assessments`,
      roshBody({
        assessedOn: addDays(today, -20),
        overall: 'very_high',
        children: 'very_high',
        nextDueOn: addDays(today, -1),
      }),
    )
    await api('POST', `/api/v1/people/${id}/risk-assessments`, {
      tool: 'other',
      toolName: 'SARN',
      result: 'Moderate treatment need',
      assessedOn: addDays(today, -30),
      assessorName: 'Dr Jones',
    })
    const page = $((await om.get(`/people/${id}/risk`)).body)
    expect(page('[data-qa=overall-rosh]').text()).toContain('Very high')
    const latest = page('[data-qa=latest-assessments] tbody tr')
    expect(latest.length).toBe(2)
    expect(latest.first().find('[data-qa=overdue]').length).toBe(1)
    expect(page('[data-qa=overdue-warning]').text()).toContain('1 assessment is overdue')
    const history = page('[data-qa=history-oasys_rosh] tbody tr')
    expect(history.length).toBe(2)
    expect(history.first().text()).toContain('Up from medium')
    expect(history.last().text()).toContain('First assessment')
    expect(page('[data-qa=history-other-sarn]').text()).toContain('Moderate treatment need')
  })

  it('gives the current overall RoSH level and the assessments due within 30 days', async () => {
    const id = await newPerson()
    const { db } = t.database
    expect(await currentRiskLevel(db, id)).toBeNull()
    await api('POST', `/api/v1/people/${id}/risk-assessments`, roshBody({ assessedOn: addDays(today, -100) }))
    const later = await api(
      'POST',
      `/api/v1/people/${id}/risk-assessments`,
      roshBody({ assessedOn: addDays(today, -3), overall: 'high', nextDueOn: addDays(today, 20) }),
    )
    await api('POST', `/api/v1/people/${id}/risk-assessments`, {
      tool: 'rsr',
      percent: 2.5,
      assessedOn: addDays(today, -3),
      assessorName: 'Priya Shah',
      nextDueOn: addDays(today, 90),
    })
    await api('POST', `/api/v1/people/${id}/risk-assessments`, {
      tool: 'arms',
      outcomeSummary: 'Protective factors: stable housing',
      assessedOn: addDays(today, -400),
      assessorName: 'DC Moss',
      nextDueOn: addDays(today, -35),
    })
    expect(await currentRiskLevel(db, id)).toEqual({
      level: 'high',
      assessedOn: addDays(today, -3),
      assessmentId: later.json().id,
    })
    expect(await roshHistory(db, id)).toEqual([
      { rosh: 'medium', from: addDays(today, -100) },
      { rosh: 'high', from: addDays(today, -3) },
    ])
    const due = await assessmentsDue(db, id, today)
    expect(due.map((d) => [d.kind, d.title, d.status, d.dueDate])).toEqual([
      ['risk_assessment', 'OASys risk of serious harm (RoSH) due again', 'due', addDays(today, 20)],
      ['risk_assessment', 'Active Risk Management System (ARMS) due again', 'overdue', addDays(today, -35)],
    ])
    const summary = (await api('GET', `/api/v1/people/${id}/risk-summary`)).json()
    expect(summary.currentRosh.level).toBe('high')
    expect(summary.due).toHaveLength(2)
  })
})

describe('risk assessments API', () => {
  it('records, reads and lists assessments with their computed bands', async () => {
    const id = await newPerson()
    const created = await api('POST', `/api/v1/people/${id}/risk-assessments`, {
      tool: 'rsr',
      percent: 6.9,
      assessedOn: addDays(today, -2),
      assessorName: 'Priya Shah',
    })
    expect(created.statusCode).toBe(201)
    const body = created.json()
    expect(body).toMatchObject({ tool: 'rsr', band: 'high', inputs: { percent: 6.9 }, version: 1 })
    expect(body.nextDueOn).toBe(addDays(addDays(today, -2), 16 * 7))
    expect(body.reasons[0].text).toContain('6.9% or more is high')
    expect(created.headers.location).toBe(`/api/v1/people/${id}/risk-assessments/${body.id}`)
    expect((await api('GET', created.headers.location!)).json().id).toBe(body.id)
    const list = await api('GET', `/api/v1/people/${id}/risk-assessments?tool=rsr`)
    expect(list.json().items).toHaveLength(1)

    const iic = await api('POST', `/api/v1/people/${id}/risk-assessments`, {
      tool: 'osp_iic',
      imageSanctions: 0,
      childContactSanctions: 2,
      assessedOn: today,
      assessorName: 'Priya Shah',
    })
    expect(iic.json()).toMatchObject({ band: 'medium' })
  })

  it('answers 400 with paths for bad input, and 404 for unknown ids', async () => {
    const id = await newPerson()
    const bad = await api('POST', `/api/v1/people/${id}/risk-assessments`, {
      tool: 'osp_dc',
      score: 65,
      assessedOn: '2026-02-30',
      assessorName: '',
      colour: 'red',
    })
    expect(bad.statusCode).toBe(400)
    const paths = bad.json().errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['score', 'assessedOn', 'assessorName']))
    const noTool = await api('POST', `/api/v1/people/${id}/risk-assessments`, { tool: 'tarot' })
    expect(noTool.statusCode).toBe(400)
    expect(noTool.json().errors[0].message).toContain('Select the tool')
    expect(
      (await api('GET', `/api/v1/people/${id}/risk-assessments/00000000-0000-4000-8000-000000000000`))
        .statusCode,
    ).toBe(404)
    expect(
      (await api('GET', `/api/v1/people/00000000-0000-4000-8000-000000000000/risk-assessments`)).statusCode,
    ).toBe(404)
  })

  it('corrects an assessment with a version check, keeping the old version in its history', async () => {
    const id = await newPerson()
    const created = (await api('POST', `/api/v1/people/${id}/risk-assessments`, roshBody())).json()
    const url = `/api/v1/people/${id}/risk-assessments/${created.id}/corrections`
    const corrected = await api('POST', url, {
      ...roshBody({ overall: 'high', knownAdult: 'high' }),
      version: 1,
      reason: 'Known adult rating was keyed wrongly',
    })
    expect(corrected.statusCode).toBe(200)
    expect(corrected.json()).toMatchObject({ band: 'high', version: 2 })
    expect(corrected.json().previousVersions).toEqual([
      expect.objectContaining({ version: 1, band: 'medium', reason: 'Known adult rating was keyed wrongly' }),
    ])
    const stale = await api('POST', url, { ...roshBody(), version: 1, reason: 'Back again' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().errors[0].path).toBe('version')
    const otherTool = await api('POST', url, {
      tool: 'rsr',
      percent: 3,
      assessedOn: today,
      assessorName: 'X',
      version: 2,
      reason: 'Wrong tool',
    })
    expect(otherTool.statusCode).toBe(400)
    expect((await api('GET', url)).json().items).toHaveLength(1)

    // The browser shows the earlier version; a stale correction keeps what was typed (409).
    const page = $((await om.get(`/people/${id}/risk/assessments/${created.id}`)).body)
    expect(page('[data-qa=previous-version]').text()).toContain('Known adult rating was keyed wrongly')
    const form = $((await om.get(`/people/${id}/risk/assessments/${created.id}/correct`)).body)
    expect(form('input[name=version]').val()).toBe('2')
    expect(form('#overall').val()).toBe('high')
    const staleForm = await om.post(`/people/${id}/risk/assessments/${created.id}/correct`, {
      ...rosh({ overall: 'low' }),
      version: '1',
      reason: 'Typed while someone else corrected it',
    })
    expect(staleForm.statusCode).toBe(409)
    expect($(staleForm.body)('[data-qa=stale-warning]').length).toBe(1)
    expect($(staleForm.body)('#reason').val()).toBe('Typed while someone else corrected it')
    expect($(staleForm.body)('input[name=version]').val()).toBe('2')
    const ok = await om.post(`/people/${id}/risk/assessments/${created.id}/correct`, {
      ...rosh({ overall: 'low' }),
      version: '2',
      reason: 'Overall was wrong',
    })
    expect(ok.statusCode).toBe(303)
    expect(
      (await api('GET', `/api/v1/people/${id}/risk-assessments/${created.id}`)).json().previousVersions,
    ).toHaveLength(2)
  })

  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json()
    expect(doc.paths['/api/v1/people/{id}/risk-assessments']).toHaveProperty('post')
    expect(doc.paths['/api/v1/people/{id}/risk-assessments/{assessmentId}']).toHaveProperty('get')
    expect(doc.paths['/api/v1/people/{id}/risk-assessments/{assessmentId}/corrections']).toHaveProperty(
      'post',
    )
    expect(doc.paths['/api/v1/people/{id}/people-at-risk']).toHaveProperty('post')
    expect(doc.paths['/api/v1/people/{id}/risk-assessments'].post.tags).toEqual(['Risk'])
  })
})

describe('people at risk', () => {
  it('adds a named person linked to their record, and ends it with a version check', async () => {
    const id = await newPerson()
    const other = await newPerson()
    const invalid = await om.post(`/people/${id}/risk/people-at-risk/new`, {
      kind: 'known_adult',
      name: 'Jane Doe',
      linkedPersonId: '00000000-0000-4000-8000-000000000000',
    })
    expect(invalid.statusCode).toBe(400)
    expect($(invalid.body)('#name').val()).toBe('Jane Doe')
    expect($(invalid.body)('#linkedPersonId-error').text()).toContain('No record has that ID')
    const added = await om.post(`/people/${id}/risk/people-at-risk/new`, {
      kind: 'known_adult',
      name: 'Jane Doe',
      linkedPersonId: other,
      notes: 'Former partner',
    })
    expect(added.statusCode).toBe(303)
    const page = $((await om.get(`/people/${id}/risk`)).body)
    const row = page('[data-qa=people-at-risk] tbody tr')
    expect(row.text()).toContain('Jane Doe')
    expect(row.find(`a[href="/people/${other}"]`).length).toBe(1)

    const child = await api('POST', `/api/v1/people/${id}/people-at-risk`, {
      kind: 'child',
      name: 'A child at the address',
      validFrom: addDays(today, -30),
    })
    expect(child.statusCode).toBe(201)
    const { id: childId, version } = child.json()
    const endUrl = `/api/v1/people/${id}/people-at-risk/${childId}/end`
    expect((await api('POST', endUrl, { version, date: addDays(today, -1) })).statusCode).toBe(200)
    expect((await api('POST', endUrl, { version, date: addDays(today, -1) })).statusCode).toBe(409)
    const list = (await api('GET', `/api/v1/people/${id}/people-at-risk`)).json().items
    expect(list.find((p: { id: string }) => p.id === childId).current).toBe(false)
    expect($((await om.get(`/people/${id}/risk`)).body)('[data-qa=formerly-at-risk]').text()).toContain(
      'A child at the address',
    )
  })
})

describe('who may see and record risk', () => {
  it('refuses a housing representative without a share, a lay adviser, and recording without risk:manage', async () => {
    const id = await newPerson()
    await api('POST', `/api/v1/people/${id}/risk-assessments`, roshBody())
    const housing = await t.signedIn('housing')
    expect((await housing.get(`/people/${id}/risk`)).statusCode).toBe(403)
    expect((await housing.get(`/people/${id}/risk/assessments/new`)).statusCode).toBe(403)
    const lay = await t.signedIn('lay.adviser')
    expect((await lay.get(`/people/${id}/risk`)).statusCode).toBe(403)
    expect((await lay.get(`/api/v1/people/${id}/risk-assessments`)).statusCode).toBe(403)
    const chair = await t.signedIn('coordinator')
    expect((await chair.get(`/people/${id}/risk`)).statusCode).toBe(200)

    expect(
      (await api('GET', `/api/v1/people/${id}/risk-assessments`, undefined, readOnlyKey)).statusCode,
    ).toBe(200)
    expect(
      (await api('POST', `/api/v1/people/${id}/risk-assessments`, roshBody(), readOnlyKey)).statusCode,
    ).toBe(403)
    expect((await api('GET', `/api/v1/people/${id}/risk-assessments`, undefined, '')).statusCode).toBe(401)

    const denied = await t.database.db
      .select({ event: auditEvents.event, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'RISK_VIEWED'), eq(auditEvents.outcome, 'denied')))
    expect(denied.length).toBeGreaterThan(0)
  })
})
