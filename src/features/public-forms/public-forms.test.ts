import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  $,
  type Agent,
  createTestApp,
  TEST_SEALING_KEY,
  type TestApp,
} from '../../../test/support/test-app.js'
import { disclosureApplications, tasks } from '../../db/schema.js'
import { createSealer } from '../../security/sealing.js'
import type { ApplicationDetails } from '../applications/schema.js'

let t: TestApp
const sealer = createSealer(TEST_SEALING_KEY)

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_FORM_RATE_LIMIT: '4' })
})
afterAll(() => t.close())

const base = (lang: 'en' | 'cy') => (lang === 'cy' ? '/cy/gwneud-cais' : '/apply')

/** Answers each page as a browser would: GET it (for the form's token), then POST it. */
async function answer(agent: Agent, url: string, form: Record<string, string>) {
  await agent.get(url)
  const response = await agent.post(url, form)
  expect(response.statusCode, `${url}: ${$(response.body)('.govuk-error-summary').text()}`).toBe(303)
  return response.headers.location as string
}

async function claresLaw(agent: Agent, lang: 'en' | 'cy', subjectName = 'Alex Subject') {
  const q = (step: string) => `${base(lang)}/clares-law/${step}`
  expect(await answer(agent, q('who-for'), { forWhom: 'someone_else' })).toBe(q('at-risk'))
  expect(
    await answer(agent, q('at-risk'), { atRiskName: 'Sam Sister', atRiskRelationship: 'My sister' }),
  ).toBe(q('subject'))
  await answer(agent, q('subject'), {
    subjectName,
    'subjectDob-day': '',
    'subjectDob-month': '',
    'subjectDob-year': '',
    subjectAddress: '',
    subjectHowKnown: 'Her partner for a year',
  })
  await answer(agent, q('concern'), { concern: 'He checks her phone and she is frightened of him.' })
  await answer(agent, q('your-details'), {
    applicantName: 'Chris Applicant',
    'applicantDob-day': '3',
    'applicantDob-month': '4',
    'applicantDob-year': '1980',
    applicantAddress: '1 High Street, Leeds',
    applicantEmail: 'chris@example.com',
    applicantPhone: '',
  })
  await answer(agent, q('contact'), {
    contactMethods: 'email',
    safeToCall: 'no',
    safeToLeaveMessage: 'no',
    safeTimes: '',
  })
  expect(await answer(agent, q('police-force'), { policeForce: 'West Yorkshire Police' })).toBe(q('check'))
  return q
}

describe('the public forms’ pages', () => {
  it.each([
    ['en', '/apply', 'Ask the police if someone could be a risk', '/cy/gwneud-cais', 'cy'],
    ['cy', '/cy/gwneud-cais', 'Gofyn i’r heddlu a allai rhywun fod yn risg', '/apply', 'en'],
  ] as const)(
    '%s start page: language, heading and a toggle to the other language',
    async (lang, url, heading, other, otherLang) => {
      const response = await t.agent().get(url)
      expect(response.statusCode).toBe(200)
      const page = $(response.body)
      expect(page('html').attr('lang')).toBe(lang)
      expect(page('h1').text()).toBe(heading)
      const toggle = page('[data-qa=toggle-language]')
      expect(toggle.attr('href')).toBe(other)
      expect(toggle.attr('hreflang')).toBe(otherLang)
      expect(page('[data-qa=emergency]').text()).toMatch(/999/)
      expect(page('[data-qa=emergency] .govuk-visually-hidden').text()).toBe(
        lang === 'cy' ? 'Rhybudd' : 'Warning',
      )
      expect(response.body).not.toContain('OFFICIAL-SENSITIVE')
    },
  )

  it('Welsh question pages are in Welsh, and toggle to the same question in English', async () => {
    const response = await t.agent().get('/cy/gwneud-cais/sarahs-law/your-details')
    const page = $(response.body)
    expect(page('html').attr('lang')).toBe('cy')
    expect(page('h1').text()).toBe('Eich manylion')
    expect(page('label[for=applicantName]').text()).toMatch(/Eich enw llawn/)
    expect(page('[data-qa=toggle-language]').attr('href')).toBe('/apply/sarahs-law/your-details')
    expect(page('.govuk-back-link').text()).toBe('Yn ôl')
  })

  it.each([
    ['en', 'Enter the full name of the person you want to ask about'],
    ['cy', 'Rhowch enw llawn y person rydych eisiau gofyn amdano'],
  ] as const)('validation in %s keeps what was typed', async (lang, missing) => {
    const agent = t.agent()
    const url = `${base(lang)}/clares-law/subject`
    await agent.get(url)
    const response = await agent.post(url, {
      subjectName: '',
      'subjectDob-day': '31',
      'subjectDob-month': '2',
      'subjectDob-year': '1990',
      subjectAddress: '2 Low Road',
      subjectHowKnown: 'Ex-partner',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('html').attr('lang')).toBe(lang)
    expect(page('.govuk-error-summary').text()).toContain(missing)
    expect(page('.govuk-error-summary').text()).toMatch(
      lang === 'cy' ? /ddyddiad go iawn/ : /must be a real date/,
    )
    expect(page('title').text()).toMatch(lang === 'cy' ? /^Gwall:/ : /^Error:/)
    // What a screen reader hears before the inline message (GOV.UK adds the colon).
    expect(page('#subjectName-error .govuk-visually-hidden').text()).toBe(lang === 'cy' ? 'Gwall:' : 'Error:')
    expect(page('#subjectAddress').text()).toBe('2 Low Road')
    expect(page('#subjectDob-day').val()).toBe('31')
    expect(page('#subjectHowKnown').text()).toBe('Ex-partner')
  })

  it('rejects fields a page does not have', async () => {
    const agent = t.agent()
    await agent.get('/apply/clares-law/concern')
    const response = await agent.post('/apply/clares-law/concern', { concern: 'Worried', isAdmin: 'true' })
    expect(response.statusCode).toBe(400)
  })

  it('refuses a body over 16 KB with a page in the applicant’s language', async () => {
    const agent = t.agent()
    await agent.get('/cy/gwneud-cais/clares-law/concern')
    const response = await agent.post('/cy/gwneud-cais/clares-law/concern', { concern: 'x'.repeat(20_000) })
    expect(response.statusCode).toBe(413)
    expect($(response.body)('html').attr('lang')).toBe('cy')
    expect($(response.body)('h1').text()).toMatch(/rhy hir/)
  })

  it('says when an answer is too long, without losing it', async () => {
    const agent = t.agent()
    await agent.get('/apply/clares-law/concern')
    const response = await agent.post('/apply/clares-law/concern', { concern: 'y'.repeat(4001) })
    expect(response.statusCode).toBe(400)
    expect($(response.body)('#concern-error').text()).toMatch(/4000 characters or fewer/)
    expect($(response.body)('#concern').text()).toHaveLength(4001)
  })
})

describe('sending an application', () => {
  it('Clare’s Law for someone else: check answers, a reference, what happens next; everything sealed', async () => {
    const agent = t.agent()
    const q = await claresLaw(agent, 'en')
    const check = $((await agent.get(q('check'))).body)
    expect(check('h1').text()).toMatch(/Check your answers/)
    expect(check('.govuk-summary-list').text()).toContain('Sam Sister')
    expect(check('.govuk-summary-list').text()).toContain('West Yorkshire Police')

    const sent = await agent.post(q('check'), {})
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toBe(q('confirmation'))
    const confirmation = $((await agent.get(q('confirmation'))).body)
    const reference = confirmation('[data-qa=reference]').text()
    expect(reference).toMatch(/^DS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(confirmation('[data-qa=what-happens-next]').text()).toMatch(/within 24 hours/)

    const [row] = await t.database.db
      .select()
      .from(disclosureApplications)
      .where(eq(disclosureApplications.reference, reference))
    expect(row).toMatchObject({
      scheme: 'clares_law_ask',
      route: 'public_form',
      language: 'en',
      areaCode: 'west-yorkshire',
      status: 'received',
    })
    expect(row!.sealed).not.toContain('Alex')
    const details = sealer.open<ApplicationDetails>('application', row!.sealed)
    expect(details).toMatchObject({
      applicant: { name: 'Chris Applicant', dateOfBirth: '1980-04-03', forWhom: 'someone_else' },
      personAtRisk: { name: 'Sam Sister' },
      subject: { name: 'Alex Subject', dateOfBirth: null },
      contact: { methods: ['email'], safeToCall: false, safeToLeaveMessage: false },
      policeForce: 'West Yorkshire Police',
    })
    const clocks = await t.database.db.select().from(tasks).where(eq(tasks.recordId, row!.id))
    expect(clocks.map((c) => c.kind).sort()).toEqual([
      'clares_law_disclosure',
      'clares_law_face_to_face',
      'clares_law_initial_checks',
    ])

    // The answers went with the application: starting again starts blank.
    expect($((await agent.get(q('subject'))).body)('#subjectName').val()).toBeUndefined()
  })

  it('Sarah’s Law in Welsh, adding and removing children', async () => {
    const agent = t.agent()
    const q = (step: string) => `/cy/gwneud-cais/sarahs-law/${step}`
    await answer(agent, q('your-details'), {
      applicantName: 'Rhian Jones',
      'applicantDob-day': '1',
      'applicantDob-month': '1',
      'applicantDob-year': '1985',
      applicantAddress: '3 Stryd Fawr, Caerdydd',
      applicantEmail: '',
      applicantPhone: '029 2000 0000',
    })
    await answer(agent, q('relationship'), { relationshipToChild: 'Mam' })
    const child = { 'childDob-day': '5', 'childDob-month': '6', 'childDob-year': '2018', childAddress: '' }
    expect(await answer(agent, q('child'), { childName: 'Elin Jones', ...child })).toBe(q('children'))
    expect(await answer(agent, q('children'), { anotherChild: 'yes' })).toBe(q('child'))
    await answer(agent, q('child'), { childName: 'Wrong Child', ...child })
    const list = $((await agent.get(q('children'))).body)
    expect(list('[data-qa=child]').length).toBe(2)
    expect(await agent.post(q('children'), { remove: '1' }).then((r) => r.headers.location)).toBe(
      q('children'),
    )
    expect(await answer(agent, q('children'), { anotherChild: 'no' })).toBe(q('subject'))
    await answer(agent, q('subject'), {
      subjectName: 'Dai Subject',
      'subjectDob-day': '',
      'subjectDob-month': '',
      'subjectDob-year': '',
      subjectAddress: '',
      subjectHowKnown: 'Fy mhartner newydd',
    })
    await answer(agent, q('concern'), { concern: 'Mae’n treulio amser ar ei ben ei hun gyda’r plant.' })
    await answer(agent, q('contact'), {
      contactMethods: 'phone',
      safeToCall: 'yes',
      safeToLeaveMessage: 'no',
      safeTimes: '',
    })
    await answer(agent, q('police-force'), { policeForce: 'South Wales Police' })
    const check = $((await agent.get(q('check'))).body)
    expect(check('html').attr('lang')).toBe('cy')
    expect(check('.govuk-summary-list').text()).toContain('Heddlu De Cymru')
    expect(check('.govuk-summary-list').text()).not.toContain('Wrong Child')
    await agent.post(q('check'), {})
    const confirmation = $((await agent.get(q('confirmation'))).body)
    expect(confirmation('h1').text()).toMatch(/Cais wedi’i anfon/)
    const reference = confirmation('[data-qa=reference]').text()
    const [row] = await t.database.db
      .select()
      .from(disclosureApplications)
      .where(eq(disclosureApplications.reference, reference))
    expect(row).toMatchObject({ scheme: 'sarahs_law', language: 'cy', areaCode: 'south-wales' })
    const details = sealer.open<ApplicationDetails>('application', row!.sealed)
    expect(details.children).toEqual([{ name: 'Elin Jones', dateOfBirth: '2018-06-05', address: null }])
    expect(details.relationshipToChild).toBe('Mam')
  })

  it('an incomplete application goes back to the first unanswered page', async () => {
    const agent = t.agent()
    await agent.get('/apply/clares-law/who-for')
    const response = await agent.get('/apply/clares-law/check')
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/apply/clares-law/who-for')
  })
})

describe('no enumeration of anything about anyone', () => {
  it('gives the same answer whoever the application is about', async () => {
    const pages: string[] = []
    for (const name of ['Jonathan Smythe', 'Nobody Atall']) {
      const agent = t.agent()
      const q = await claresLaw(agent, 'en', name)
      const sent = await agent.post(q('check'), {})
      expect(sent.statusCode).toBe(303)
      expect(sent.headers.location).toBe(q('confirmation'))
      const body = (await agent.get(q('confirmation'))).body
      const reference = $(body)('[data-qa=reference]').text()
      pages.push($(body)('main').text().replace(reference, 'REFERENCE'))
    }
    expect(pages[0]).toBe(pages[1])
  })

  it('shows nothing for a reference: confirmation comes only from the sender’s own session', async () => {
    const [row] = await t.database.db.select().from(disclosureApplications).limit(1)
    const stranger = t.agent()
    const response = await stranger.get(`/apply/clares-law/confirmation?reference=${row!.reference}`)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/apply')
    expect((await stranger.get(`/apply/${row!.reference}`)).statusCode).toBe(404)
  })
})

describe('rate limit on sending', () => {
  it('allows the configured number an hour per address, then a 429 page in the applicant’s language', async () => {
    // Earlier tests sent some from this address already; keep sending until refused.
    let status = 303
    let last = ''
    for (let i = 0; i < 5 && status !== 429; i++) {
      const agent = t.agent()
      const q = await claresLaw(agent, 'cy')
      const response = await agent.post(q('check'), {})
      status = response.statusCode
      last = response.body
    }
    expect(status).toBe(429)
    const page = $(last)
    expect(page('html').attr('lang')).toBe('cy')
    expect(page('h1').text()).toMatch(/gormod o geisiadau/)
  })
})
