import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPdf } from '../../../test/support/pdf.js'
import {
  $,
  type Agent,
  createTestApp,
  TEST_SEALING_KEY,
  type TestApp,
} from '../../../test/support/test-app.js'
import { auditEvents, disclosureApplications, disclosures, tasks } from '../../db/schema.js'
import { addDays, londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'
import { createSealer } from '../../security/sealing.js'
import { addUser, agencyIdOf } from '../registrations/test-support.js'
import type { ApplicationDetailsInput } from './schema.js'
import { createPublicApplication } from './service.js'

let t: TestApp
let key: string
const sealer = createSealer(TEST_SEALING_KEY)
const today = londonDateOf(new Date().toISOString())

const api = (method: 'GET' | 'POST', url: string, payload?: object, token = key) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })

const agencyId = (code: string) => agencyIdOf(t, code)

const details = (subjectName: string): ApplicationDetailsInput => ({
  applicant: {
    name: 'Pat Applicant',
    dateOfBirth: '1980-01-02',
    address: '1 Road, Leeds',
    email: 'pat@example.com',
    phone: null,
    forWhom: 'self',
  },
  contact: { methods: ['email'], safeToCall: false, safeToLeaveMessage: false, safeTimes: null },
  subject: { name: subjectName, dateOfBirth: '1975-02-03', address: null, howKnown: 'Partner for a year' },
  concern: 'He is controlling and I am frightened.',
  policeForce: 'West Yorkshire Police',
})

async function received(
  options: {
    subjectName?: string
    scheme?: 'clares_law_ask' | 'sarahs_law'
    language?: 'en' | 'cy'
    daysAgo?: number
    area?: string
  } = {},
) {
  const app = await createPublicApplication(t.database.db, sealer, {
    scheme: options.scheme ?? 'clares_law_ask',
    language: options.language ?? 'en',
    areaCode: options.area ?? 'west-yorkshire',
    details: details(options.subjectName ?? 'Quentin Subjectperson'),
  })
  if (options.daysAgo) {
    await t.database.db
      .update(disclosureApplications)
      .set({ receivedAt: new Date(Date.now() - options.daysAgo * 86_400_000) })
      .where(eq(disclosureApplications.id, app.id))
  }
  return app.id
}

const dateForm = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year!,
  }
}

async function stage(agent: Agent, id: string, name: string, form: Record<string, string>) {
  const page = await agent.get(`/applications/${id}/${name}`)
  const version = $(page.body)('input[name=version]').val() as string
  return agent.post(`/applications/${id}/${name}`, { version, ...form })
}

const clocks = async (agent: Agent, id: string) => {
  const page = $((await agent.get(`/applications/${id}`)).body)
  return Object.fromEntries(
    page('[data-qa=clock]')
      .map((_i, el) => [
        [
          page(el).attr('data-kind'),
          { status: page(el).attr('data-status'), onTime: page(el).attr('data-on-time') },
        ],
      ])
      .get(),
  )
}

beforeAll(async () => {
  t = await createTestApp()
  key = (await createApiKey(t.database.db, { agencyId: await agencyId('wyp'), name: 'Police case system' }))
    .key
})
afterAll(() => t.close())

describe('who works applications', () => {
  it('police of the area list and open them; probation, housing and chairs cannot; other forces cannot', async () => {
    const id = await received()
    const om = await t.signedIn('police.om')
    const list = $((await om.get('/applications')).body)
    expect(list(`[data-application-id=${id}]`).length).toBe(1)
    const show = await om.get(`/applications/${id}`)
    expect(show.statusCode).toBe(200)
    expect($(show.body)('[data-qa=details]').text()).toContain('Pat Applicant')

    for (const user of ['probation.pp', 'housing', 'coordinator', 'vlo']) {
      const agent = await t.signedIn(user)
      expect((await agent.get('/applications')).statusCode, user).toBe(403)
      expect((await agent.get(`/applications/${id}`)).statusCode, user).toBe(403)
      expect((await agent.get(`/applications/${id}/letter.pdf`)).statusCode, user).toBe(403)
    }
    await addUser(t, 'syp.om', 'syp', ['offender_manager'])
    const syp = await t.signedIn('syp.om')
    expect((await syp.get(`/applications/${id}`)).statusCode).toBe(403)
    expect($((await syp.get('/applications')).body)(`[data-application-id=${id}]`).length).toBe(0)
    expect((await om.get('/applications/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
  })

  it('reading what the applicant said is audited', async () => {
    const id = await received()
    const om = await t.signedIn('police.om')
    await om.get(`/applications/${id}`)
    const events = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.event, 'APPLICATION_DETAILS_VIEWED'), eq(auditEvents.recordId, id)))
    expect(events).toHaveLength(1)
  })
})

describe('the police workflow, stage by stage', () => {
  it('triage, match, meeting, checks, forum decision, disclosure, letter and close; every clock on time', async () => {
    const personId = (
      await api('POST', '/api/v1/people', {
        givenName: 'Quentin',
        familyName: 'Subjectperson',
        dateOfBirth: '1975-02-03',
        area: 'west-yorkshire',
      })
    ).json().id as string
    const id = await received()
    const om = await t.signedIn('police.om')
    const initialTasks = await t.database.db.select().from(tasks).where(eq(tasks.recordId, id))
    expect(initialTasks).toHaveLength(3)

    const missing = await stage(om, id, 'triage', { triageNote: '' })
    expect(missing.statusCode).toBe(400)
    expect($(missing.body)('.govuk-error-summary').text()).toMatch(/immediate risk/)

    expect(
      (
        await stage(om, id, 'triage', {
          immediateRisk: 'yes',
          triageNote: 'Threats to kill reported last night',
        })
      ).statusCode,
    ).toBe(303)
    const afterTriage = $((await om.get(`/applications/${id}`)).body)
    expect(afterTriage('[data-qa=immediate-risk]').text()).toMatch(/Safeguard now/)
    expect((await clocks(om, id)).clares_law_initial_checks).toEqual({ status: 'done', onTime: 'yes' })
    const taskKinds = (await t.database.db.select().from(tasks).where(eq(tasks.recordId, id)))
      .map((k) => k.kind)
      .sort()
    expect(taskKinds).toEqual(['clares_law_disclosure', 'clares_law_face_to_face'])

    const matchPage = $((await om.get(`/applications/${id}/match`)).body)
    expect(matchPage(`input[name=matchedPersonId][value=${personId}]`).length).toBe(1)
    expect(matchPage('input[name=matchedPersonId][value=none]').length).toBe(1)
    expect((await stage(om, id, 'match', { matchedPersonId: personId })).statusCode).toBe(303)

    expect(
      (await stage(om, id, 'face-to-face', dateForm('faceToFaceOn', addDays(today, 1)))).statusCode,
    ).toBe(400)
    expect((await stage(om, id, 'face-to-face', dateForm('faceToFaceOn', today))).statusCode).toBe(303)
    expect((await stage(om, id, 'checks', dateForm('checksCompletedOn', today))).statusCode).toBe(303)

    // No disclosure before the forum decides to disclose.
    const early = await stage(om, id, 'disclosure', {})
    expect(early.statusCode).toBe(400)
    expect(
      (
        await stage(om, id, 'decision', {
          forumDecision: 'disclose',
          ...dateForm('forumDecidedOn', today),
          forumRationale:
            'History of domestic abuse against two former partners; lawful, necessary and proportionate.',
          forumAgencies: 'Police, probation, IDVA service',
        })
      ).statusCode,
    ).toBe(303)

    const disclosed = await stage(om, id, 'disclosure', {
      ...dateForm('decidedOn', today),
      lawful: 'yes',
      necessary: 'yes',
      proportionate: 'yes',
      legalBasis: 'DVDS Right to Ask; common law powers of the police',
      rationale: 'Applicant is at risk from her partner',
      content: 'Convictions for assaults on two former partners.',
      recipientName: 'Pat Applicant',
      recipientRole: 'Applicant (partner)',
      disclosedByName: 'PC Om',
      method: 'in_person',
      ...dateForm('disclosedOn', today),
      personTold: 'no',
      notToldReason: 'Telling him would increase the risk to her',
      undertakingSigned: 'yes',
    })
    expect(disclosed.statusCode).toBe(303)
    const [registered] = await t.database.db
      .select()
      .from(disclosures)
      .where(eq(disclosures.applicationId, id))
    expect(registered).toMatchObject({ personId, status: 'made', recipientName: 'Pat Applicant' })

    const pdf = await om.get(`/applications/${id}/letter.pdf`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const letter = await readPdf(pdf.rawPayload)
    expect(letter.pages.join(' ')).toMatch(/Dear Pat Applicant/)
    expect(letter.pages.join(' ')).not.toMatch(/assaults/)
    expect(letter.roles.has('H1')).toBe(true)
    expect(letter.info.Title).toBe('Your application under Clare’s Law')

    expect((await stage(om, id, 'letter', dateForm('letterIssuedOn', today))).statusCode).toBe(303)
    const final = await clocks(om, id)
    expect(Object.values(final)).toEqual([
      { status: 'done', onTime: 'yes' },
      { status: 'done', onTime: 'yes' },
      { status: 'done', onTime: 'yes' },
    ])
    expect(
      (
        await stage(om, id, 'close', {
          ...dateForm('closedOn', today),
          closedReason: 'Disclosure made and letter issued',
        })
      ).statusCode,
    ).toBe(303)
    expect(await t.database.db.select().from(tasks).where(eq(tasks.recordId, id))).toHaveLength(0)
    const [row] = await t.database.db
      .select()
      .from(disclosureApplications)
      .where(eq(disclosureApplications.id, id))
    expect(row!.status).toBe('closed')
  })

  it('"no match" is allowed', async () => {
    const id = await received({ subjectName: 'Nobody Knownatall' })
    const om = await t.signedIn('police.om')
    expect((await stage(om, id, 'match', { matchedPersonId: 'none' })).statusCode).toBe(303)
    expect($((await om.get(`/applications/${id}`)).body)('[data-qa=stages]').text()).toMatch(
      /No existing record matches/,
    )
  })

  it('a stale stage changes nothing and keeps what was typed', async () => {
    const id = await received()
    const om = await t.signedIn('police.om')
    const stale = await om.post(`/applications/${id}/close`, {
      version: '7',
      ...dateForm('closedOn', today),
      closedReason: 'Applicant withdrew',
    })
    expect(stale.statusCode).toBe(409)
    expect($(stale.body)('#closedReason').text()).toBe('Applicant withdrew')
    expect($(stale.body)('input[name=version]').val()).toBe('1')
  })

  it('a late application shows its overdue clocks, on the page and the dashboard', async () => {
    const id = await received({ scheme: 'sarahs_law', daysAgo: 50 })
    const om = await t.signedIn('police.om')
    expect(await clocks(om, id)).toEqual({
      sarahs_law_initial_checks: { status: 'overdue', onTime: '' },
      sarahs_law_face_to_face: { status: 'overdue', onTime: '' },
      sarahs_law_completion: { status: 'overdue', onTime: '' },
    })
    const late = await stage(om, id, 'triage', { immediateRisk: 'no', triageNote: 'No immediate risk found' })
    expect(late.statusCode).toBe(303)
    expect((await clocks(om, id)).sarahs_law_initial_checks).toEqual({ status: 'done', onTime: 'no' })

    const dashboard = $(
      (await om.get(`/dashboards/applications?from=${addDays(today, -60)}&to=${today}`)).body,
    )
    expect(
      Number(dashboard('[data-kind=sarahs_law_completion] [data-qa=overdue]').text()),
    ).toBeGreaterThanOrEqual(1)
    expect(dashboard('[data-kind=sarahs_law_initial_checks] [data-qa=percent]').text()).toMatch(/%/)
    expect(Number(dashboard('[data-qa=open-count]').text())).toBeGreaterThanOrEqual(1)
    const probation = await t.signedIn('probation.pp')
    expect((await probation.get('/dashboards/applications')).statusCode).toBe(403)
  })

  it('the letter is in Welsh for an application made in Welsh, and not before a decision', async () => {
    const id = await received({ language: 'cy' })
    const om = await t.signedIn('police.om')
    expect((await om.get(`/applications/${id}/letter.pdf`)).statusCode).toBe(409)
    await stage(om, id, 'decision', {
      forumDecision: 'no_disclosure',
      ...dateForm('forumDecidedOn', today),
      forumRationale: 'Nothing held that meets the tests',
      forumAgencies: 'Police, probation',
    })
    const letter = await readPdf((await om.get(`/applications/${id}/letter.pdf`)).rawPayload)
    expect(letter.pages.join(' ')).toMatch(/Annwyl Pat Applicant/)
    expect(letter.info.Title).toBe('Eich cais o dan Gyfraith Clare')
  })
})

describe('Right to Know raised by the police', () => {
  it('raises one from the form, with its clocks running from now', async () => {
    const om = await t.signedIn('police.om')
    const invalid = await om.post('/applications/new', {
      areaCode: 'west-yorkshire',
      subjectName: '',
      atRiskName: 'Robin',
    })
    expect(invalid.statusCode).toBe(400)
    expect($(invalid.body)('#atRiskName').val()).toBe('Robin')
    const created = await om.post('/applications/new', {
      areaCode: 'west-yorkshire',
      subjectName: 'Terry Threat',
      atRiskName: 'Robin Risk',
      atRiskRelationship: 'Current partner',
      concern: 'Intelligence of previous abuse of partners',
      language: 'en',
    })
    expect(created.statusCode).toBe(303)
    const page = $((await om.get(created.headers.location as string)).body)
    expect(page('h1').text()).toMatch(/Application DS-/)
    expect(page('[data-qa=clock]').length).toBe(3)
  })
})

describe('the applications API', () => {
  it('lists without details, reads with them, records stages with a version, raises Right to Know', async () => {
    const id = await received()
    const list = await api('GET', '/api/v1/applications?open=true')
    expect(list.statusCode).toBe(200)
    const item = list.json().items.find((i: { id: string }) => i.id === id)
    expect(item).toMatchObject({ scheme: 'clares_law_ask', route: 'public_form', matched: 'not_yet' })
    expect(item.details).toBeUndefined()

    const one = (await api('GET', `/api/v1/applications/${id}`)).json()
    expect(one.details.applicant.name).toBe('Pat Applicant')
    expect(one.clocks.map((c: { kind: string }) => c.kind)).toEqual([
      'clares_law_initial_checks',
      'clares_law_face_to_face',
      'clares_law_disclosure',
    ])

    const triage = await api('POST', `/api/v1/applications/${id}/stages/triage`, {
      version: 1,
      immediateRisk: false,
      triageNote: 'Checked',
    })
    expect(triage.statusCode).toBe(200)
    expect(triage.json()).toMatchObject({ status: 'triaged', version: 2, immediateRisk: false })
    expect(
      (
        await api('POST', `/api/v1/applications/${id}/stages/triage`, {
          version: 1,
          immediateRisk: false,
          triageNote: 'Again',
        })
      ).statusCode,
    ).toBe(409)
    expect(
      (
        await api('POST', `/api/v1/applications/${id}/stages/checks`, {
          version: 2,
          checksCompletedOn: 'soon',
        })
      ).statusCode,
    ).toBe(400)
    expect((await api('POST', `/api/v1/applications/${id}/stages/unknown`, { version: 2 })).statusCode).toBe(
      404,
    )
    expect(
      (
        await api('POST', `/api/v1/applications/${id}/stages/match`, { version: 2, matchedPersonId: null })
      ).json(),
    ).toMatchObject({ matched: 'no_match' })

    const raised = await api('POST', '/api/v1/applications', {
      areaCode: 'west-yorkshire',
      subjectName: 'Terry Threat',
      atRiskName: 'Robin Risk',
      atRiskRelationship: 'Partner',
      concern: 'Intelligence report',
    })
    expect(raised.statusCode).toBe(201)
    expect(raised.json()).toMatchObject({ scheme: 'clares_law_know', route: 'police' })
    expect(
      (
        await api('POST', '/api/v1/applications', {
          areaCode: 'london',
          subjectName: 'x',
          atRiskName: 'y',
          atRiskRelationship: 'z',
          concern: 'c',
        })
      ).statusCode,
    ).toBe(400)
  })

  it('refuses keys of other agencies', async () => {
    const id = await received()
    const probationKey = (
      await createApiKey(t.database.db, { agencyId: await agencyId('wy-probation'), name: 'Probation' })
    ).key
    expect((await api('GET', `/api/v1/applications/${id}`, undefined, probationKey)).statusCode).toBe(403)
    expect((await api('GET', '/api/v1/applications', undefined, probationKey)).statusCode).toBe(403)
    expect((await api('GET', '/api/v1/applications/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    )
  })
})
