import { expect, type Page, test } from '@playwright/test'
import { DEMO_PERSON } from '../../src/db/demo-cases.js'
import { readPdf } from '../support/pdf.js'
import {
  dateParts,
  expectAccessible,
  expectAccessiblePublic,
  expectNowhereOnPage,
  fillDateIn,
  fromToday,
  PeopleListPage,
  RecordPage,
  SignInPage,
  today,
} from './pages.js'

/*
 * Issue 7's journey: a member of the public asks the police about someone (Clare's Law Right to
 * Ask); the police work the application to a disclosure on time; the victim liaison officer
 * turns a victim's request into an exclusion zone; and a housing representative who can see the
 * case sees the zone but nothing of where the victim lives or how to reach them.
 *
 * The steps depend on each other (the application's reference, the victim's page), so they run
 * in order and stop at the first failure.
 */
test.describe.configure({ mode: 'serial' })

/** The demo victim of Jonathan Smythe (src/db/demo-victims.ts), who must stay in the compartment. */
const VICTIM = {
  name: 'Rachel Denholm',
  street: '12 Kingsley Avenue',
  postcode: 'LS8 2QZ',
  phone: '07700 900461',
  home: { lat: '53.8262', lon: '-1.5051' },
}
const VICTIM_SECRETS = [VICTIM.name, VICTIM.street, VICTIM.postcode, VICTIM.phone]

const ZONE_NAME = 'Exclusion zone A'
const ZONE_WORDING =
  'Not to enter the area defined by the attached map (Exclusion zone A) without the prior approval of your supervising officer.'
const RECIPIENT = 'Emma Clarke'

let reference = ''
let applicationUrl = ''
let victimUrl = ''

async function openDemoPerson(page: Page) {
  await page.getByRole('link', { name: 'People', exact: true }).click()
  const list = new PeopleListPage(page)
  await list.search(DEMO_PERSON.familyName.toLowerCase())
  const row = list.rows().filter({ hasText: DEMO_PERSON.familyName.toUpperCase() })
  await expect(row).toHaveCount(1)
  await expectAccessible(page)
  await row.getByRole('link').first().click()
  await expect(page.getByTestId('person-name')).toContainText(DEMO_PERSON.givenName)
}

/** Continue on a public question page, then land on the next page, checked with axe. */
async function continueTo(page: Page, step: string) {
  await page.getByTestId('continue').click()
  await expect(page).toHaveURL(new RegExp(`/apply/clares-law/${step}$`))
  await expectAccessiblePublic(page)
}

/** From an application's page, a stage's form, checked with axe. */
async function stage(page: Page, title: string) {
  await page
    .getByTestId('stages')
    .getByRole('link', { name: `Record ${title}` })
    .click()
  await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible()
  await expectAccessible(page)
}

/** Saves a stage's form: back on the application's page, checked with axe. */
async function save(page: Page, title: string) {
  await page.getByTestId('save').click()
  await expect(page.getByTestId('banner')).toContainText(`${title}: saved`)
  await expectAccessible(page)
}

test('a member of the public asks about a partner under Clare’s Law, in Welsh or English, and gets a reference', async ({
  page,
}) => {
  // The start page in English and in Welsh; the first question in Welsh, then in English.
  await page.goto('/apply')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Ask the police if someone could be a risk',
  )
  await expectAccessiblePublic(page)
  await page.getByTestId('toggle-language').click()
  await expect(page).toHaveURL(/\/cy\/gwneud-cais$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Gofyn i’r heddlu a allai rhywun fod yn risg',
  )
  await expectAccessiblePublic(page)
  await page.getByTestId('start-clares-law').click()
  await expect(page.getByRole('group', { name: 'Am bwy rydych chi’n poeni?' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy')
  await expectAccessiblePublic(page)
  await page.getByTestId('toggle-language').click()
  await expect(page).toHaveURL(/\/apply\/clares-law\/who-for$/)
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('group', { name: 'Who are you worried about?' })).toBeVisible()
  await expectAccessiblePublic(page)

  // Who for: nothing chosen is an error, shown accessibly; then someone else.
  await page.getByTestId('continue').click()
  await expect(page.getByRole('alert')).toContainText('Select who you are worried about')
  await expectAccessiblePublic(page)
  await page.getByRole('radio', { name: /^Someone else/ }).check()
  await continueTo(page, 'at-risk')

  await page.getByLabel('Their full name').fill(RECIPIENT)
  await page.getByLabel('How do you know them?').fill('She is my daughter')
  await continueTo(page, 'subject')

  await page.getByLabel('Their full name').fill(`${DEMO_PERSON.givenName} ${DEMO_PERSON.familyName}`)
  await fillDateIn(
    page.locator('main'),
    'Their date of birth, if you know it (optional)',
    dateParts(DEMO_PERSON.dateOfBirth),
  )
  await page
    .getByLabel('How do they know you, or the person you are worried about?')
    .fill('Emma’s partner for 8 months')
  await continueTo(page, 'concern')

  await page
    .getByLabel('What are you worried about?')
    .fill('He checks her phone, stops her seeing friends and she has had bruises she will not explain.')
  await continueTo(page, 'your-details')

  await page.getByLabel('Your full name').fill('Margaret Clarke')
  await fillDateIn(page.locator('main'), 'Your date of birth', ['2', '6', '1958'])
  await page.getByLabel('Your address').fill('4 Orchard Close\nWakefield\nWF1 2AB')
  await page.getByLabel('Email address (optional)').fill('margaret.clarke@example.com')
  await page.getByLabel('Phone number (optional)').fill('07700 900123')
  await continueTo(page, 'contact')

  await page.getByLabel('Phone call').check()
  await page.getByLabel('Email', { exact: true }).check()
  await page.getByRole('group', { name: 'Is it safe for us to call you?' }).getByLabel('Yes').check()
  await page.getByRole('group', { name: 'Is it safe for us to leave a message?' }).getByLabel('No').check()
  await page.getByLabel('When is it safe to contact you? (optional)').fill('Weekdays between 9am and 3pm')
  await continueTo(page, 'police-force')

  await page
    .getByLabel('Which police force covers where the person at risk lives?')
    .selectOption('West Yorkshire Police')
  await continueTo(page, 'check')

  const main = page.locator('main')
  await expect(main).toContainText(`${DEMO_PERSON.givenName} ${DEMO_PERSON.familyName}`)
  await expect(main).toContainText('14 April 1971')
  await expect(main).toContainText('West Yorkshire Police')
  await page.getByTestId('submit').click()

  await expect(page).toHaveURL(/\/apply\/clares-law\/confirmation$/)
  await expect(page.getByRole('heading', { name: 'Application sent' })).toBeVisible()
  reference = (await page.getByTestId('reference').innerText()).trim()
  expect(reference).toMatch(/^DS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  await expect(page.getByTestId('what-happens-next')).toContainText('28 days')
  await expectAccessiblePublic(page)
})

test('a police officer finds the application by its reference, triages it and matches it to a person’s record', async ({
  page,
}) => {
  expect(reference, 'the reference from the public form').not.toBe('')
  await new SignInPage(page).signIn('police.om')
  await page.getByRole('link', { name: 'Applications', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Disclosure scheme applications' })).toBeVisible()
  await expectAccessible(page)
  const row = page.getByTestId('application').filter({ hasText: reference })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Received')
  await row.getByRole('link', { name: reference }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Application ${reference}`)
  await expect(page.getByTestId('details')).toContainText('Jonathan Smythe')
  await expectAccessible(page)

  // Triage within 24 hours: no immediate risk.
  await stage(page, 'Triage and initial checks')
  await page.getByRole('group', { name: 'Is there an immediate risk of harm?' }).getByLabel('No').check()
  await page
    .getByLabel('What the initial checks found')
    .fill('No calls to the address in the last year; no immediate risk. Subject known to MAPPA.')
  await save(page, 'Triage and initial checks')
  await expect(page.getByTestId('immediate-risk')).toHaveCount(0)
  await expect(page.getByTestId('assigned')).toContainText('Priya Shah')

  // Matched by the search on the name and date of birth the applicant gave.
  await stage(page, 'Match to a person’s record')
  await expect(page.getByLabel('Search for the person the application is about')).toHaveValue(
    'Jonathan Smythe',
  )
  await page.getByRole('radio', { name: /^Jonathan SMYTHE, born 14 April 1971/ }).check()
  await save(page, 'Match to a person’s record')
  await expect(page.getByTestId('stages').getByRole('link', { name: 'Matched record' })).toBeVisible()
  applicationUrl = new URL(page.url()).pathname
})

test('the officer records the meeting, the checks, the forum’s decision and the disclosure, and every clock is met on time', async ({
  page,
}) => {
  expect(applicationUrl, 'the application from the previous step').not.toBe('')
  await new SignInPage(page).signIn('police.om')
  await page.goto(applicationUrl)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Application ${reference}`)
  await expectAccessible(page)

  await stage(page, 'Face-to-face meeting')
  await fillDateIn(page.locator('main'), 'Date of the face-to-face meeting', today())
  await save(page, 'Face-to-face meeting')

  await stage(page, 'Checks')
  await fillDateIn(page.locator('main'), 'Date the checks and risk assessment were completed', today())
  await save(page, 'Checks')

  await stage(page, 'Multi-agency forum decision')
  await page.getByLabel('Disclose', { exact: true }).check()
  await fillDateIn(page.locator('main'), 'Date of the decision', today())
  await page
    .getByLabel('Rationale')
    .fill(
      'Previous convictions for violence against partners; Emma is at risk of serious harm. Disclosure is lawful, necessary and proportionate.',
    )
  await page.getByLabel('Agencies present').fill('Police, probation, IDVA service, children’s social care')
  await save(page, 'Multi-agency forum decision')
  await expect(page.getByTestId('stages')).toContainText('Disclose, ')

  // The disclosure, to the person best placed to protect: the person at risk, not the applicant.
  await stage(page, 'Disclosure')
  const yes = (legend: string) => page.getByRole('group', { name: legend }).getByLabel('Yes', { exact: true })
  await yes('Is the disclosure lawful?').check()
  await yes('Is it necessary to protect someone from serious harm?').check()
  await yes('Is it proportionate to the risk?').check()
  await page.getByLabel('Legal basis').fill('Common law powers of the police to prevent crime.')
  await page
    .getByLabel('Rationale')
    .fill('Emma is best placed to protect herself: the disclosure goes to her.')
  await page
    .getByLabel('What is disclosed')
    .fill('Jonathan Smythe has previous convictions for offences of violence against former partners.')
  await page.getByLabel('Name of the recipient').fill(RECIPIENT)
  await page.getByLabel('Recipient’s role').fill('Partner of the subject, the person at risk')
  await expect(page.getByLabel('Who gives the disclosure')).toHaveValue('Priya Shah')
  await page.getByLabel('In person').check()
  await fillDateIn(page.locator('main'), 'Date the disclosure was made', today())
  await page
    .getByRole('group', { name: 'Was the person the disclosure is about told of it?' })
    .getByLabel('No')
    .check()
  await page
    .getByLabel('If the person was not told, why not')
    .fill('Telling him would put Emma at greater risk.')
  await yes('Did the recipient sign a confidentiality undertaking?').check()
  await save(page, 'Disclosure')
  await expect(page.getByTestId('application-disclosures')).toContainText(`To ${RECIPIENT}`)

  // Every clock met so far is on time.
  const clocks = page.getByTestId('clocks')
  for (const kind of ['clares_law_initial_checks', 'clares_law_face_to_face', 'clares_law_disclosure']) {
    const clock = clocks.locator(`[data-kind="${kind}"]`)
    await expect(clock).toHaveAttribute('data-status', 'done')
    await expect(clock).toHaveAttribute('data-on-time', 'yes')
    await expect(clock).toContainText('Yes, on time')
  }

  // The letter, generated as a tagged PDF…
  const letter = await page.request.get((await page.getByTestId('letter-pdf').getAttribute('href'))!)
  expect(letter.ok()).toBe(true)
  expect(letter.headers()['content-type']).toContain('application/pdf')
  // …to the applicant, saying what was decided and never what was disclosed.
  const pdf = await readPdf(await letter.body())
  expect(pdf.roles.has('H1')).toBe(true)
  const text = pdf.pages.join(' ')
  expect(text).toContain('Dear Margaret Clarke')
  expect(text).toContain(reference)
  expect(text).toContain('OFFICIAL-SENSITIVE')
  expect(text).not.toContain('previous convictions')

  // The match links the application to the person's record.
  await page.getByTestId('stages').getByRole('link', { name: 'Matched record' }).click()
  await expect(page.getByTestId('person-name')).toContainText(DEMO_PERSON.givenName)
  await expectAccessible(page)
})

test('a victim liaison officer records the victim’s request for an exclusion zone and adds it as a condition', async ({
  page,
}) => {
  await new SignInPage(page).signIn('vlo')
  await openDemoPerson(page)
  await new RecordPage(page).open('Victims')
  await expectAccessible(page)
  await page.getByTestId('victim-row').getByRole('link', { name: VICTIM.name }).click()
  await expect(page.getByTestId('victim-name')).toHaveText(VICTIM.name)
  await expect(page.getByTestId('victim-details')).toContainText(VICTIM.street)
  victimUrl = new URL(page.url()).pathname
  await expectAccessible(page)

  // The request, worded as the licence would put it; where it concerns stays with the VLO.
  await page.getByTestId('add-request').click()
  await expect(page.getByRole('heading', { name: 'A condition the victim asks for' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Exclusion zone', { exact: true }).check()
  await page.getByLabel('The condition as it would be worded in the licence').fill(ZONE_WORDING)
  await page
    .getByLabel('The place it concerns (optional)')
    .fill(`Her home, ${VICTIM.street}, ${VICTIM.postcode}, and the school she walks her son to`)
  await page.getByLabel('Latitude', { exact: true }).fill(VICTIM.home.lat)
  await page.getByLabel('Longitude', { exact: true }).fill(VICTIM.home.lon)
  await page.getByTestId('save-request').click()
  await expect(page.getByTestId('saved')).toContainText('The request has been recorded')
  await expect(page.getByTestId('request-details')).toContainText('Awaiting a decision')
  await expectAccessible(page)

  // Added as a condition with a zone drawn on her home: the VLO is warned it gives the place away…
  const grant = page.getByTestId('grant-form')
  await expect(grant.getByLabel('Licence', { exact: true })).toBeChecked()
  await expect(grant.getByLabel('Wording')).toHaveValue(ZONE_WORDING)
  await grant.getByLabel('Name of the zone').fill(ZONE_NAME)
  await grant.getByLabel('Latitude of the centre').fill(VICTIM.home.lat)
  await grant.getByLabel('Longitude of the centre').fill(VICTIM.home.lon)
  await grant.getByLabel('Radius in metres').fill('800')
  await page.getByTestId('grant').click()
  await expect(page.getByTestId('pinpoint-warning').first()).toHaveAttribute('data-kind', 'centred')
  await expect(page.getByRole('alert')).toContainText('The zone could give away a place the victim uses')
  await expect(grant.getByLabel('Name of the zone')).toHaveValue(ZONE_NAME)
  await expectAccessible(page)

  // …so moves the centre away and widens it, as the warning advises; it still covers her home.
  await grant.getByLabel('Latitude of the centre').fill('53.83')
  await grant.getByLabel('Longitude of the centre').fill('-1.495')
  await grant.getByLabel('Radius in metres').fill('1500')
  await page.getByTestId('grant').click()
  await expect(page.getByTestId('saved')).toContainText(
    'The condition has been added and the request marked granted',
  )
  const details = page.getByTestId('request-details')
  await expect(details).toContainText('Granted')
  await expect(details.getByRole('link', { name: ZONE_NAME, exact: true })).toBeVisible()
  await expect(details).toContainText(`Exclusion zone: ${ZONE_WORDING}`)
  await expect(page.getByTestId('pinpoint-warning')).toHaveCount(0)
  await expect(page.getByTestId('grant-form')).toHaveCount(0)
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Back to the victim' }).click()
  const requested = page.getByTestId('request').filter({ hasText: ZONE_WORDING })
  await expect(requested).toHaveAttribute('data-status', 'granted')
  await expect(requested).toContainText('Granted')
  await expectAccessible(page)
})

test('a housing representative sees the case’s exclusion zone but nothing of where the victim lives or how to reach them', async ({
  page,
}) => {
  expect(victimUrl, 'the victim’s page from the previous step').not.toBe('')

  // First the police offender manager shares the case with Leeds housing (CJA 2003 s.325(3)).
  await new SignInPage(page).signIn('police.om')
  await openDemoPerson(page)
  await new RecordPage(page).open('Sharing')
  await expectAccessible(page)
  const housingShare = page.getByRole('button', { name: 'Revoke sharing with Leeds City Council Housing' })
  if ((await housingShare.count()) === 0) {
    await page.getByLabel('Agency', { exact: true }).selectOption('leeds-housing')
    await page
      .getByLabel('Why is sharing necessary and proportionate?')
      .fill('Housing is placing the person; it must know the conditions that protect his victim.')
    await page.getByLabel('Full record').check()
    await fillDateIn(page.locator('main'), 'Sharing ends on', fromToday('P3M'))
    await page.getByTestId('submit').click()
    await expect(page.getByTestId('done')).toContainText('The case has been shared')
    await expectAccessible(page)
  }
  await expect(housingShare).toHaveCount(1)
  await page.getByTestId('sign-out').click()

  await new SignInPage(page).signIn('housing')
  await openDemoPerson(page)
  await expectNowhereOnPage(page, VICTIM_SECRETS)
  await expectAccessible(page)

  const record = new RecordPage(page)
  await record.open('Conditions')
  const condition = page.getByTestId('condition').filter({ hasText: ZONE_WORDING })
  await expect(condition).toHaveCount(1)
  await expect(condition).toContainText('In force')
  await expect(page.getByTestId('zone-row').filter({ hasText: ZONE_NAME })).toHaveCount(1)
  await expect(page.getByTestId('add-condition')).toHaveCount(0)
  await expectNowhereOnPage(page, VICTIM_SECRETS)
  await expectAccessible(page)

  await page.getByTestId('zone-row').getByRole('link', { name: ZONE_NAME }).click()
  await expect(page.getByTestId('zone-name')).toHaveText(ZONE_NAME)
  await expect(page.getByTestId('zone-summary')).toContainText('Circle of 1500 metres')
  await expectNowhereOnPage(page, VICTIM_SECRETS)
  await expectAccessible(page)

  // The Victims section: that a victim exists and the condition protecting them, no more.
  await record.open('Victims')
  await expect(page.getByTestId('redacted')).toBeVisible()
  await expect(page.getByTestId('victims')).toHaveCount(0)
  const protecting = page.getByTestId('protecting-condition').filter({ hasText: ZONE_WORDING })
  await expect(protecting).toHaveCount(1)
  await expect(protecting.getByTestId('protecting-zone')).toHaveText(`Zone: ${ZONE_NAME}`)
  await expectNowhereOnPage(page, VICTIM_SECRETS)
  await expectAccessible(page)

  // Nor by going to the victim's page directly.
  const response = await page.goto(victimUrl)
  expect(response?.status()).toBe(403)
  await expectNowhereOnPage(page, VICTIM_SECRETS)
  await expectAccessible(page)
})
