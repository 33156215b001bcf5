import { expect, test } from '@playwright/test'
import { DEMO_PERSON } from '../../src/db/demo-cases.js'
import { addDuration } from '../../src/domain/rules/dates.js'
import {
  dateParts,
  expectAccessible,
  fromToday,
  insidePolygon,
  PeopleListPage,
  PersonFormPage,
  PlanDraftPage,
  RecordPage,
  SignInPage,
  today,
  todayIso,
  ZoneFormPage,
} from './pages.js'

const PILLAR_ENTRIES = {
  Supervision:
    'Weekly reporting at Leeds probation office; joint home visits with the police offender manager.',
  'Monitoring and control': 'Licence conditions enforced; quarterly device checks by the police.',
  'Interventions and treatment': 'Horizon programme starting next month.',
  'Victim safety': 'Exclusion zone around the victim’s home; no contact with the victim.',
  Contingency:
    'Any breach of the exclusion zone: recall considered the same day; the victim liaison officer told.',
}

test('a MAPPA co-ordinator records risk, signs off a plan, adds a condition and a zone drawn on the map, is warned about an address inside it, and records a home visit', async ({
  page,
}) => {
  await new SignInPage(page).signIn('coordinator')
  await expect(page.getByRole('heading', { name: 'Welcome, Alex Morgan' })).toBeVisible()

  // Find the demo case from the people list.
  await page.getByRole('link', { name: 'People', exact: true }).click()
  const list = new PeopleListPage(page)
  await list.search(DEMO_PERSON.familyName.toLowerCase())
  const row = list.rows().filter({ hasText: DEMO_PERSON.familyName.toUpperCase() })
  await expect(row).toHaveCount(1)
  await expectAccessible(page)
  await row.getByRole('link').first().click()
  await expect(page.getByTestId('person-name')).toContainText('Jonathan')
  const record = new RecordPage(page)
  const form = new PersonFormPage(page)

  // 1. An OASys RoSH assessment, seen in the risk summary.
  await record.open('Risk')
  await expect(page.getByTestId('no-rosh')).toBeVisible()
  await expectAccessible(page)
  await page.getByTestId('record-assessment').click()
  await expectAccessible(page)
  await page.getByLabel('OASys risk of serious harm (RoSH)').check()
  await page.getByTestId('continue').click()
  await expect(page.getByRole('heading', { name: 'OASys risk of serious harm (RoSH)' })).toBeVisible()
  await expectAccessible(page)
  await form.fillDate('Date of the assessment', ...today())
  await page.getByLabel('Assessor').fill('Alex Morgan')
  await page.getByRole('group', { name: 'Was the person in custody when assessed?' }).getByLabel('No').check()
  await page.getByLabel('Risk to children').selectOption({ label: 'High' })
  await page.getByLabel('Risk to the public').selectOption({ label: 'Medium' })
  await page.getByLabel('Risk to a known adult').selectOption({ label: 'Medium' })
  await page.getByLabel('Risk to staff').selectOption({ label: 'Low' })
  await page.getByLabel('Overall risk of serious harm').selectOption({ label: 'High' })
  await page.getByTestId('save-assessment').click()

  await expect(page.getByTestId('saved-banner')).toBeVisible()
  await expect(page.getByTestId('overall-rosh')).toContainText(
    'Overall risk of serious harm (OASys RoSH): High',
  )
  await expect(page.getByTestId('rosh-groups')).toContainText('Children')
  await expect(page.getByTestId('latest-assessments')).toContainText('Children high, Public medium')
  await expect(page.getByTestId('latest-assessments')).toContainText('by Alex Morgan')
  await expectAccessible(page)

  // 2. A plan under the four pillars and contingency, saved and signed off.
  await record.open('Plan')
  await expect(page.getByTestId('no-plan')).toBeVisible()
  await expectAccessible(page)
  await page.getByTestId('new-draft').click()
  await expect(page.getByTestId('done')).toHaveText(/A new draft has been started/)
  await expectAccessible(page)
  const draft = new PlanDraftPage(page)
  await form.fillDate('Plan review date', ...fromToday('P6M'))
  await page.getByLabel('Home visits every (months, optional)').fill('4')
  for (const [pillar, text] of Object.entries(PILLAR_ENTRIES)) await draft.fillEntry(pillar, 1, text)
  // A second supervision entry, added without JavaScript by posting the form.
  await draft.addEntry('Supervision')
  await expect(draft.entry('Supervision', 2)).toBeVisible()
  await expect(draft.entry('Victim safety').getByLabel('What the plan says')).toHaveValue(
    PILLAR_ENTRIES['Victim safety'],
  )
  await draft.fillEntry('Supervision', 2, 'Polygraph test every six months.')
  await expectAccessible(page)
  await page.getByTestId('save-draft').click()

  await expect(page.getByTestId('done')).toHaveText(/The draft has been saved/)
  await expect(page.getByTestId('version-plan')).toContainText('Polygraph test every six months.')
  await expectAccessible(page)
  await page.getByTestId('sign-off').click()

  await expect(page.getByTestId('done')).toHaveText(/The plan has been signed off/)
  const details = page.getByTestId('plan-details')
  await expect(details).toContainText('Signed off')
  await expect(details).toContainText('by Alex Morgan')
  await expect(details).toContainText('Every 4 months, set by the plan')
  const inForce = page.getByTestId('current-plan')
  for (const text of Object.values(PILLAR_ENTRIES)) await expect(inForce).toContainText(text)
  await expect(inForce.getByTestId('pillar')).toHaveCount(5)
  await expect(page.getByTestId('plan-version')).toHaveAttribute('data-status', 'signed_off')
  await expectAccessible(page)

  // 3. A no-contact condition from the licence, naming the person.
  await record.open('Conditions')
  await expect(page.getByTestId('no-conditions')).toBeVisible()
  await expectAccessible(page)
  await page.getByTestId('add-condition').click()
  await expectAccessible(page)
  await page.getByLabel('No contact with named people').check()
  await page.getByTestId('continue').click()
  await expect(
    page.getByRole('heading', { name: 'Add a condition: no contact with named people' }),
  ).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Licence', { exact: true }).check()
  await page
    .getByLabel('Wording')
    .fill(
      'Not to contact or associate with Sarah Jones without the prior approval of your supervising officer.',
    )
  await page.getByLabel('Name of the person they must not contact').fill('Sarah Jones')
  await page.getByLabel('Relationship (optional)').fill('Victim')
  await form.fillDate('Start date', ...today())
  await page.getByTestId('save-condition').click()

  await expect(page.getByTestId('saved')).toHaveText(/The condition has been added/)
  await expect(page.getByRole('heading', { name: 'No contact with named people', level: 4 })).toBeVisible()
  const condition = page
    .getByTestId('condition')
    .filter({ hasText: 'Must not contact: Sarah Jones (Victim)' })
  await expect(condition).toHaveCount(1)
  await expect(condition).toContainText('In force')
  await expect(condition).toContainText('Licence')
  await expectAccessible(page)

  // 4. An exclusion zone drawn on the map: four corners around the map's centre.
  await page.getByTestId('add-zone').click()
  await expect(page.getByRole('heading', { name: 'Draw or import a zone' })).toBeVisible()
  const zoneForm = new ZoneFormPage(page)
  await expect(zoneForm.map()).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Name of the zone').fill('Victim’s home area')
  await expect(page.getByLabel('Exclusion zone (must not enter)')).toBeChecked()
  await zoneForm.drawPolygon([
    [0.4, 0.35],
    [0.6, 0.35],
    [0.6, 0.65],
    [0.4, 0.65],
  ])
  await expect(zoneForm.geoJson()).toHaveValue(/"type":"Polygon"/)
  await expectAccessible(page)
  await page.getByTestId('save-zone').click()

  await expect(page.getByTestId('zone-name')).toHaveText('Victim’s home area')
  await expect(page.getByTestId('zone-summary')).toContainText('Exclusion zone (must not enter)')
  await expect(page.getByTestId('zone-summary')).toContainText('Polygon drawn or imported')
  await expect(zoneForm.map()).toBeVisible()
  await expectAccessible(page)
  const download = await page.request.get((await page.getByTestId('export-geojson').getAttribute('href'))!)
  expect(download.ok()).toBe(true)
  const feature = (await download.json()) as { geometry: { type: string; coordinates: [number, number][][] } }
  expect(feature.geometry.type).toBe('Polygon')
  expect(feature.geometry.coordinates[0]).toHaveLength(5)
  const inside = insidePolygon(feature.geometry.coordinates[0]!)

  // 5. A proposed address inside the zone: warned, saved anyway.
  await record.open('Addresses')
  await expectAccessible(page)
  await page.getByTestId('add-addresses').click()
  await expectAccessible(page)
  await page.getByLabel('Home address').check()
  await page.getByLabel('Address line 1').fill('7 Mill Lane')
  await page.getByLabel('Town or city').fill('Wolverhampton')
  await page.getByLabel('Postcode').fill('WV1 1AA')
  await form.fillDate('True from', ...today())
  await page.getByLabel('Latitude (optional)').fill(String(inside.lat))
  await page.getByLabel('Longitude (optional)').fill(String(inside.lon))
  await page.getByTestId('save-fact').click()

  const warning = page.getByTestId('address-warning')
  await expect(warning).toBeVisible()
  await expect(warning).toContainText('Victim’s home area')
  await expect(page.getByLabel('Address line 1')).toHaveValue('7 Mill Lane')
  await expect(page.getByTestId('save-fact')).toHaveText('Save anyway')
  await expectAccessible(page)
  await page.getByTestId('save-fact').click()

  await expect(page.getByTestId('saved-banner')).toBeVisible()
  await expect(page.getByTestId('facts-addresses')).toContainText(
    'Home address: 7 Mill Lane, Wolverhampton, WV1 1AA',
  )
  await expectAccessible(page)

  // 6. A home visit today: the next one is planned at the plan's interval.
  await record.open('Visits')
  await expectAccessible(page)
  await page.getByTestId('record-visit').click()
  await expect(page.getByRole('heading', { name: 'Record a home visit' })).toBeVisible()
  await expectAccessible(page)
  await form.fillDate('Date of the visit', ...today())
  await expect(page.getByLabel('Alex Morgan')).toBeChecked()
  await page.getByRole('group', { name: 'Was the person seen?' }).getByLabel('Yes').check()
  await page.getByLabel('Concerns (optional)').fill('None: the address is tidy and no visitors.')
  await page.getByTestId('save').click()

  await expect(page.getByTestId('banner')).toHaveText(/The home visit has been recorded/)
  const visit = page.getByTestId('visit')
  await expect(visit).toHaveCount(1)
  await expect(visit).toContainText('Alex Morgan')
  await expect(visit).toContainText('Seen')
  const nextDue = addDuration(todayIso(), 'P4M')
  await expect(page.getByTestId('next-visit-due')).toHaveAttribute('data-due-date', nextDue)
  const [day, , year] = dateParts(nextDue)
  await expect(page.getByTestId('next-visit-due')).toContainText(`By ${day} `)
  await expect(page.getByTestId('next-visit-due')).toContainText(year)
  await expect(page.getByTestId('visit-basis')).toContainText('The risk management plan sets visits every')
  await expectAccessible(page)
})
