import { expect, test } from '@playwright/test'
import { DEMO_PERSON } from '../../src/db/demo-cases.js'
import { expectAccessible, PersonFormPage, SignInPage, today } from './pages.js'

test('an officer finds a person from a misspelt name, records a change of address notification, changes the level and sees it in the history', async ({
  page,
}) => {
  await new SignInPage(page).signIn('police.om')
  await page.getByRole('link', { name: 'Search', exact: true }).click()
  await expectAccessible(page)

  // "Jonathon Smith" for Jonathan Smythe: a misspelt given name and a sound-alike family name.
  await page.getByLabel('Name, date of birth, identifier, postcode or vehicle').fill('jonathon smith')
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  const result = page.getByTestId('search-result').filter({ hasText: DEMO_PERSON.familyName.toUpperCase() })
  await expect(result).toHaveCount(1)
  await expect(result).toContainText('sounds like')
  await expectAccessible(page)
  await result.getByRole('link').first().click()
  await expect(page.getByTestId('person-name')).toContainText('Jonathan')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Notifications', exact: true }).click()
  const nextPeriodic = page.getByTestId('next-periodic-due')
  const before = await nextPeriodic.innerText()
  await expectAccessible(page)

  await page.getByTestId('record-notification').click()
  await page.getByLabel('Change notification').check()
  await page.getByLabel('What changed').selectOption({ label: 'Home address' })
  await page.getByLabel('New name or address (optional)').fill('14 Chapel Street, Leeds LS6 3AB')
  const form = new PersonFormPage(page)
  await form.fillDate('Date of the change', ...today())
  await form.fillDate('Date notified', ...today())
  await expectAccessible(page)
  await page.getByTestId('save').click()

  // A change notification starts a new year for the annual notification (SOA 2003 s.85).
  await expect(nextPeriodic).not.toHaveText(before)
  await expect(page.getByTestId('notification-events')).toContainText('Home address')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'Registration', exact: true }).click()
  await expectAccessible(page)
  await page.getByTestId('change-level').click()
  // The meetings journey has agreed Level 2; the officer raises it to Level 3.
  await page.getByRole('radio', { name: /Level 3/ }).check()
  await page
    .getByLabel('Level rationale')
    .fill('Now living near a primary school; senior oversight and resources of Level 3 are needed.')
  await expectAccessible(page)
  await page
    .getByRole('button', { name: /Save|Change/ })
    .first()
    .click()
  await expect(page.getByText('Level 3').first()).toBeVisible()

  await page.getByRole('link', { name: 'History', exact: true }).click()
  await expect(page.locator('.moj-timeline')).toContainText('Level 3')
  await expect(page.locator('.moj-timeline')).toContainText('near a primary school')
  await expect(page.locator('.moj-timeline')).toContainText('Priya Shah')
  await expectAccessible(page)
})
