import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { agencyIdOf, userIdOf } from '../registrations/test-support.js'
import {
  auditEvents,
  meetingActions,
  meetingCases,
  meetingInvitations,
  meetings,
  people,
  referrals,
  tasks,
} from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { openActionsForPeople } from './queries.js'

let t: TestApp
let coordinator: Agent
let housing: Agent
let om: Agent
const today = londonDateOf(new Date().toISOString())
const ids: Record<string, string> = {}

const agencyId = (code: string) => agencyIdOf(t, code)
const userId = (username: string) => userIdOf(t, username)

/** A West Yorkshire meeting with one case on its agenda, and housing invited (helpers build these pages). */
async function meetingWithCase(personId: string, heldOn = addDays(today, -30), status = 'scheduled') {
  const db = t.database.db
  const [meeting] = await db
    .insert(meetings)
    .values({
      areaCode: 'west-yorkshire',
      level: 2,
      heldOn,
      startsAt: '10:00',
      chairName: 'Dr Helen Clarke',
      chairRank: 'Detective Superintendent',
      format: 'in_person',
      status,
    })
    .returning()
  const [meetingCase] = await db
    .insert(meetingCases)
    .values({ meetingId: meeting!.id, personId, position: 1, kind: 'review' })
    .returning()
  await db.insert(meetingInvitations).values({
    meetingId: meeting!.id,
    agencyId: ids.housingAgency!,
    lawfulBasis: 'CJA 2003 s.325(3)',
    accessUntil: new Date(Date.now() + 30 * 86_400_000),
  })
  return { meetingId: meeting!.id, caseId: meetingCase!.id }
}

const dateFields = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-')
  return { [`${prefix}-day`]: day!, [`${prefix}-month`]: month!, [`${prefix}-year`]: year! }
}

async function setAction(
  agent: Agent,
  m: { meetingId: string; caseId: string },
  fields: { text: string; agency: string; owner?: string; ownerName?: string; dueOn: string },
) {
  const response = await agent.post(`/meetings/${m.meetingId}/cases/${m.caseId}/actions/new`, {
    text: fields.text,
    ownerAgencyId: fields.agency,
    ownerUserId: fields.owner ?? '',
    ownerName: fields.ownerName ?? '',
    ...dateFields('dueOn', fields.dueOn),
  })
  expect(response.statusCode, response.body).toBe(303)
  const [row] = await t.database.db
    .select({ id: meetingActions.id })
    .from(meetingActions)
    .where(and(eq(meetingActions.meetingId, m.meetingId), eq(meetingActions.text, fields.text)))
  return row!.id
}

const queueItems = (html: string) =>
  $(html)('[data-qa=queue-item]')
    .toArray()
    .map((el) => ({
      kind: $(html)(el).attr('data-kind'),
      status: $(html)(el).attr('data-status'),
      recordId: $(html)(el).attr('data-record-id'),
      href: $(html)(el).find('[data-qa=act]').attr('href'),
      text: $(html)(el).text(),
    }))

beforeAll(async () => {
  t = await createTestApp()
  const db = t.database.db
  const open = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
  const [restricted] = await db.select({ id: people.id }).from(people).where(eq(people.restricted, true))
  ids.person = open[40]!.id
  ids.other = open[41]!.id
  ids.restricted = restricted!.id
  ids.housingAgency = await agencyId('leeds-housing')
  ids.wyp = await agencyId('wyp')
  ids.housingUser = await userId('housing')
  ids.omUser = await userId('police.om')
  ids.vloUser = await userId('vlo')
  coordinator = await t.signedIn('coordinator')
  housing = await t.signedIn('housing')
  om = await t.signedIn('police.om')
})
afterAll(() => t.close())

describe('setting an action at a meeting', () => {
  it('offers the area’s and invited agencies and their people, and keeps what was typed on an error', async () => {
    const m = await meetingWithCase(ids.person!)
    const form = $((await coordinator.get(`/meetings/${m.meetingId}/cases/${m.caseId}/actions/new`)).body)
    const agencyNames = form('#ownerAgencyId option')
      .toArray()
      .map((o) => form(o).text())
    expect(agencyNames).toEqual(
      expect.arrayContaining(['Leeds City Council Housing', 'West Yorkshire Police']),
    )
    expect(agencyNames).not.toContain('Metropolitan Police Service')
    expect(form('#ownerUserId option').text()).toContain('Sam Patel (Leeds City Council Housing)')
    // Administrators and oversight roles own no actions.
    expect(form('#ownerUserId option').text()).not.toContain('Robin Lee')
    expect(form('#ownerUserId option').text()).not.toContain('Pat Green')

    const bad = await coordinator.post(`/meetings/${m.meetingId}/cases/${m.caseId}/actions/new`, {
      text: 'Check the tenancy',
      ownerAgencyId: ids.housingAgency!,
      ownerUserId: ids.omUser!,
      ownerName: '',
      ...dateFields('dueOn', addDays(today, -40)),
    })
    expect(bad.statusCode).toBe(400)
    const page = $(bad.body)
    expect(page('.govuk-error-summary').text()).toContain('Select a person who works for the owner agency')
    expect(page('.govuk-error-summary').text()).toContain('Due date must be on or after the meeting')
    expect(page('#text').val()).toBe('Check the tenancy')

    // Setting actions is minuting: housing representatives cannot.
    expect((await housing.get(`/meetings/${m.meetingId}/cases/${m.caseId}/actions/new`)).statusCode).toBe(403)
  })

  it('puts an overdue action in the owner’s work queue and on the home page, linking to the action', async () => {
    const m = await meetingWithCase(ids.person!)
    const id = await setAction(coordinator, m, {
      text: 'Confirm the tenancy start date with the landlord',
      agency: ids.housingAgency!,
      owner: ids.housingUser!,
      dueOn: addDays(today, -10),
    })
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.recordId, id))
    expect(task).toMatchObject({
      kind: 'meeting_action',
      ownerUserId: ids.housingUser,
      ownerAgencyId: ids.housingAgency,
      areaCode: 'west-yorkshire',
      recordType: 'meeting_action',
      status: 'overdue',
    })
    expect(task!.title).toMatch(/^Meeting action: Confirm the tenancy/)

    const queue = queueItems((await housing.get('/work-queue')).body)
    expect(queue.find((i) => i.recordId === id)).toMatchObject({
      kind: 'meeting_action',
      status: 'overdue',
      href: `/actions/${id}`,
    })
    const onlyActions = queueItems((await housing.get('/work-queue?group=meetingActions')).body)
    expect(onlyActions.every((i) => i.kind === 'meeting_action')).toBe(true)
    expect($((await housing.get('/')).body)('[data-qa=overdue-count]').text()).toMatch(/\d+\s+overdue/)

    // The area's queue (co-ordinators) has it too; another officer's own queue does not.
    const area = queueItems((await coordinator.get('/work-queue?scope=area&group=meetingActions')).body)
    expect(area.some((i) => i.recordId === id)).toBe(true)
    expect(queueItems((await om.get('/work-queue')).body).some((i) => i.recordId === id)).toBe(false)
  })
})

describe('updating an action', () => {
  it('lets the owner mark it done only with evidence, keeps history, and clears the queue', async () => {
    const m = await meetingWithCase(ids.person!)
    const id = await setAction(coordinator, m, {
      text: 'Send the housing report to probation',
      agency: ids.housingAgency!,
      owner: ids.housingUser!,
      dueOn: addDays(today, -5),
    })
    const page = $((await housing.get(`/actions/${id}`)).body)
    expect(page('[data-qa=complete]').attr('href')).toBe(`/actions/${id}/complete`)
    expect(page('[data-qa=status]').text()).toContain('Overdue')

    const empty = await housing.post(`/actions/${id}/complete`, {
      version: '1',
      evidence: '',
      ...dateFields('completedOn', today),
    })
    expect(empty.statusCode).toBe(400)
    expect($(empty.body)('.govuk-error-summary').text()).toContain(
      'Enter the evidence that the action is done',
    )

    const done = await housing.post(`/actions/${id}/complete`, {
      version: '1',
      evidence: 'Report emailed to the probation practitioner on secure email',
      ...dateFields('completedOn', today),
    })
    expect(done.statusCode).toBe(303)
    const [row] = await t.database.db.select().from(meetingActions).where(eq(meetingActions.id, id))
    expect(row).toMatchObject({
      status: 'done',
      completedOn: today,
      completedBy: ids.housingUser,
      version: 2,
    })
    expect(await t.database.db.select().from(tasks).where(eq(tasks.recordId, id))).toHaveLength(0)

    const after = $((await housing.get(`/actions/${id}`)).body)
    expect(after('[data-qa=action-details]').text()).toContain('Report emailed')
    expect(after('[data-qa=complete]')).toHaveLength(0)
    const history = after('[data-qa=action-history]').text()
    expect(history).toContain('Meeting action set')
    expect(history).toContain('Meeting action done')
    const audit = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'ACTION_UPDATED'), eq(auditEvents.recordId, id)))
    expect(audit.map((a) => a.outcome)).toEqual(['invalid', 'success'])

    // A second editor who read version 1 is told, and what they typed is kept.
    const late = await housing.post(`/actions/${id}/complete`, {
      version: '1',
      evidence: 'My own evidence text',
      ...dateFields('completedOn', today),
    })
    expect(late.statusCode).toBe(409)
    expect($(late.body)('#evidence').val()).toBe('My own evidence text')
  })

  it('lets the owner agency and the area co-ordinator update it; other agencies and officers may not', async () => {
    const m = await meetingWithCase(ids.person!)
    const unnamed = await setAction(coordinator, m, {
      text: 'Housing to name an officer for the move',
      agency: ids.housingAgency!,
      dueOn: addDays(today, 3),
    })
    const police = await setAction(coordinator, m, {
      text: 'Police to visit the new address',
      agency: ids.wyp!,
      owner: ids.omUser!,
      dueOn: addDays(today, 3),
    })
    // Housing: its agency's action, yes; police's, no (not even to read).
    expect((await housing.get(`/actions/${unnamed}/cancel`)).statusCode).toBe(200)
    expect((await housing.get(`/actions/${police}`)).statusCode).toBe(403)
    expect((await housing.get(`/actions/${police}/complete`)).statusCode).toBe(403)
    expect(
      (
        await housing.post(`/actions/${police}/complete`, {
          version: '1',
          evidence: 'Not ours',
          ...dateFields('completedOn', today),
        })
      ).statusCode,
    ).toBe(403)
    // An offender manager of the area sees housing's action but may not update it.
    expect((await om.get(`/actions/${unnamed}`)).statusCode).toBe(200)
    expect($((await om.get(`/actions/${unnamed}`)).body)('[data-qa=complete]')).toHaveLength(0)
    expect((await om.get(`/actions/${unnamed}/complete`)).statusCode).toBe(403)
    // Police's own owner may; so may the co-ordinator, who cancels with a reason.
    expect((await om.get(`/actions/${police}/complete`)).statusCode).toBe(200)
    const noReason = await coordinator.post(`/actions/${police}/cancel`, { version: '1', reason: '' })
    expect(noReason.statusCode).toBe(400)
    expect($(noReason.body)('.govuk-error-summary').text()).toContain('Enter why the action is cancelled')
    const cancelled = await coordinator.post(`/actions/${police}/cancel`, {
      version: '1',
      reason: 'The person was recalled to custody',
    })
    expect(cancelled.statusCode).toBe(303)
    const [row] = await t.database.db.select().from(meetingActions).where(eq(meetingActions.id, police))
    expect(row).toMatchObject({ status: 'cancelled', evidence: 'The person was recalled to custody' })
    // SMB members have no ledger at all.
    const smb = await t.signedIn('smb')
    expect((await smb.get(`/actions/${unnamed}`)).statusCode).toBe(403)
    expect((await smb.get('/actions')).statusCode).toBe(403)
  })
})

describe('the ledger', () => {
  it('gives housing its own agency’s actions only, and staff of the area every action, with filters', async () => {
    const m = await meetingWithCase(ids.other!)
    const mine = await setAction(coordinator, m, {
      text: 'Ledger: housing waiting list check',
      agency: ids.housingAgency!,
      owner: ids.housingUser!,
      dueOn: addDays(today, -2),
    })
    const theirs = await setAction(coordinator, m, {
      text: 'Ledger: police intelligence check',
      agency: ids.wyp!,
      owner: ids.omUser!,
      dueOn: addDays(today, 20),
    })
    const rowsOf = (html: string) =>
      $(html)('[data-qa=action]')
        .toArray()
        .map((el) => $(html)(el).attr('data-action-id'))
    const housingPage = await housing.get('/actions')
    expect($(housingPage.body)('[data-qa=list-area]')).toHaveLength(0)
    expect(rowsOf(housingPage.body)).toContain(mine)
    expect(rowsOf((await housing.get('/actions?scope=agency')).body)).not.toContain(theirs)
    expect(rowsOf((await housing.get('/actions?scope=area')).body)).not.toContain(theirs)

    const area = await om.get('/actions?scope=area')
    expect(rowsOf(area.body)).toEqual(expect.arrayContaining([mine, theirs]))
    expect(rowsOf((await om.get('/actions?scope=area&overdue=yes')).body)).not.toContain(theirs)
    expect(rowsOf((await om.get('/actions?scope=area&agency=leeds-housing')).body)).not.toContain(theirs)
    expect(rowsOf((await om.get('/actions')).body)).toContain(theirs)
    expect(rowsOf((await om.get('/actions?status=done')).body)).not.toContain(theirs)
    const desc = rowsOf((await om.get('/actions?scope=area&order=desc')).body)
    expect(desc.indexOf(theirs)).toBeLessThan(desc.indexOf(mine))
    expect((await om.get('/actions?scope=nonsense&page=-1')).statusCode).toBe(200)
  })

  it('gives open actions for the next meeting’s agenda', async () => {
    const m = await meetingWithCase(ids.other!, addDays(today, -60))
    const open = await setAction(coordinator, m, {
      text: 'Carry forward: check the GPS data',
      agency: ids.wyp!,
      dueOn: addDays(today, 5),
    })
    const carried = await openActionsForPeople(t.database.db, [ids.other!])
    expect(carried.map((a) => a.id)).toContain(open)
    expect(carried.every((a) => a.personId === ids.other)).toBe(true)
    expect(await openActionsForPeople(t.database.db, [])).toEqual([])
  })
})

describe('the co-ordinator’s dashboard', () => {
  it('shows overdue actions by agency, unowned actions, referrals, unfinalised and coming meetings', async () => {
    const held = await meetingWithCase(ids.other!, addDays(today, -3))
    const coming = await meetingWithCase(ids.other!, addDays(today, 7))
    const overdue = await setAction(coordinator, held, {
      text: 'Dashboard: overdue housing action',
      agency: ids.housingAgency!,
      owner: ids.housingUser!,
      dueOn: addDays(today, -1),
    })
    const unowned = await setAction(coordinator, held, {
      text: 'Dashboard: nobody named',
      agency: ids.housingAgency!,
      dueOn: addDays(today, 10),
    })
    await t.database.db.insert(referrals).values({
      reference: 'REF-TEST-1',
      personId: ids.other!,
      areaCode: 'west-yorkshire',
      levelRequested: 2,
      form: {},
      reason: 'Escalating risk',
      currentRisk: 'High',
      currentPlan: 'Plan',
      addedValue: 'Multi-agency',
      status: 'submitted',
      submittedAt: new Date(Date.now() - 5 * 86_400_000),
    })
    const page = $((await coordinator.get('/dashboards/meetings')).body)
    const housingRow = page(`[data-qa=agency-overdue][data-agency-id=${ids.housingAgency}]`)
    expect(Number(housingRow.attr('data-count'))).toBeGreaterThanOrEqual(1)
    expect(housingRow.find('a').attr('href')).toBe('/actions?scope=area&overdue=yes&agency=leeds-housing')
    expect(page(`[data-qa=overdue-actions] [data-action-id=${overdue}]`)).toHaveLength(1)
    expect(page(`[data-qa=unowned-actions] [data-action-id=${unowned}]`)).toHaveLength(1)
    expect(Number(page('[data-qa=referrals-awaiting]').attr('data-count'))).toBeGreaterThanOrEqual(1)
    expect(page('[data-qa=referrals-awaiting]').text()).toContain('REF-TEST-1')
    const heldRow = page(`[data-qa=not-finalised] [data-meeting-id=${held.meetingId}]`)
    expect(heldRow.find('td').last().text().trim()).toBe('1')
    expect(page(`[data-qa=upcoming] [data-meeting-id=${coming.meetingId}]`)).toHaveLength(1)

    expect($((await coordinator.get('/')).body)('[data-qa=meetings-dashboard-link]').attr('href')).toBe(
      '/dashboards/meetings',
    )
    expect((await om.get('/dashboards/meetings')).statusCode).toBe(403)
    expect((await housing.get('/dashboards/meetings')).statusCode).toBe(403)
  })
})

describe('the API', () => {
  it('sets, lists, reads and closes actions with a version check', async () => {
    const m = await meetingWithCase(ids.person!)
    const probation = await agencyId('wy-probation')
    const key = (
      await createApiKey(t.database.db, {
        agencyId: probation,
        name: 'Probation case system',
        scopes: ['person:view', 'meeting:view', 'meeting:minute', 'action:update'],
      })
    ).key
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })

    const invalid = await call('POST', '/api/v1/actions', { meetingId: m.meetingId, caseId: m.caseId })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['text', 'ownerAgencyId', 'dueOn']),
    )
    const missing = await call('POST', '/api/v1/actions', {
      meetingId: m.meetingId,
      caseId: crypto.randomUUID(),
      text: 'x',
      ownerAgencyId: ids.wyp,
      dueOn: today,
    })
    expect(missing.statusCode).toBe(404)

    const created = await call('POST', '/api/v1/actions', {
      meetingId: m.meetingId,
      caseId: m.caseId,
      text: 'API: check the approved premises bed',
      ownerAgencyId: probation,
      ownerName: 'Approved premises manager',
      dueOn: addDays(today, 7),
    })
    expect(created.statusCode, created.body).toBe(201)
    const action = created.json()
    expect(action).toMatchObject({
      status: 'open',
      overdue: false,
      owner: { agencyId: probation, userId: null, name: 'Approved premises manager' },
      version: 1,
      meeting: { id: m.meetingId },
    })
    expect(created.headers.location).toBe(`/api/v1/actions/${action.id}`)

    expect((await call('GET', `/api/v1/actions/${action.id}`)).json().text).toBe(
      'API: check the approved premises bed',
    )
    const list = await call('GET', '/api/v1/actions?scope=area&agency=wy-probation')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.some((i: { id: string }) => i.id === action.id)).toBe(true)
    expect((await call('GET', '/api/v1/actions?scope=mine')).statusCode).toBe(403)

    const noEvidence = await call('PATCH', `/api/v1/actions/${action.id}`, {
      status: 'done',
      completedOn: today,
      version: 1,
    })
    expect(noEvidence.statusCode).toBe(400)
    expect(noEvidence.json().errors[0].path).toBe('evidence')
    const done = await call('PATCH', `/api/v1/actions/${action.id}`, {
      status: 'done',
      evidence: 'Bed confirmed by the approved premises manager',
      completedOn: today,
      version: 1,
    })
    expect(done.statusCode).toBe(200)
    expect(done.json()).toMatchObject({ status: 'done', version: 2, completedOn: today })
    const stale = await call('PATCH', `/api/v1/actions/${action.id}`, {
      status: 'cancelled',
      reason: 'Too late',
      version: 1,
    })
    expect(stale.statusCode).toBe(409)
    expect((await call('GET', `/api/v1/actions/${crypto.randomUUID()}`)).statusCode).toBe(404)

    // A housing system sees and updates only what its agency owns.
    const housingKey = (
      await createApiKey(t.database.db, {
        agencyId: ids.housingAgency!,
        name: 'Housing system',
        scopes: ['meeting:view', 'action:update'],
      })
    ).key
    const asHousing = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/actions/${action.id}`,
      payload: { status: 'cancelled', reason: 'Not ours to cancel', version: 2 },
      headers: { authorization: `Bearer ${housingKey}` },
    })
    expect(asHousing.statusCode).toBe(403)

    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(Object.keys(doc.paths['/api/v1/actions/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']))
    expect(Object.keys(doc.paths['/api/v1/actions'])).toEqual(expect.arrayContaining(['get', 'post']))
  })

  it('refuses new actions once the minutes are finalised', async () => {
    const m = await meetingWithCase(ids.person!, addDays(today, -10), 'finalised')
    const response = await coordinator.post(`/meetings/${m.meetingId}/cases/${m.caseId}/actions/new`, {
      text: 'Too late',
      ownerAgencyId: ids.wyp!,
      ownerUserId: '',
      ownerName: '',
      ...dateFields('dueOn', today),
    })
    expect(response.statusCode).toBe(409)
    expect($(response.body)('.govuk-warning-text').text()).toContain('finalised')
  })
})
