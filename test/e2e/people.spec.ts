import { expect, test } from '@playwright/test'
import { expectAccessible, PeopleListPage, PersonFormPage, SignInPage } from './pages.js'

test('an offender manager signs in, adds a person, finds and opens the record, and signs out', async ({
  page,
}) => {
  await new SignInPage(page).signIn('police.om')
  await expect(page.getByRole('heading', { name: 'Welcome, Priya Shah' })).toBeVisible()
  await expect(page.getByTestId('user-name')).toHaveText('Priya Shah')
  await expectAccessible(page)

  await page.getByTestId('add-person-link').click()
  await expect(page.getByRole('heading', { name: 'Add a person' })).toBeVisible()
  await expectAccessible(page)

  const form = new PersonFormPage(page)
  await page.getByLabel('Given name', { exact: true }).fill('Eirwen')
  await page.getByLabel('Family name', { exact: true }).fill('Llewellyn-Price')
  await form.fillDate('Date of birth', '30', '2', '1975')
  await page.getByLabel('PNC ID (optional)').fill('2001/0123456A')
  await form.save()

  // Both problems are shown together and nothing typed is lost.
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible()
  await expect(page.locator('.govuk-error-summary')).toContainText('Date of birth must be a real date')
  await expect(page.locator('.govuk-error-summary')).toContainText('PNC ID check character is wrong')
  await expect(page.getByLabel('Family name', { exact: true })).toHaveValue('Llewellyn-Price')
  await expectAccessible(page)

  await form.fillDate('Date of birth', '28', '2', '1975')
  await page.getByLabel('PNC ID (optional)').fill('2001/0123456F')
  await page.getByTestId('add-alias').click()
  await page.getByLabel('Alias given name').first().fill('Wendy')
  await page.getByLabel('Alias family name').first().fill('Price')
  await form.save()

  await expect(page.getByTestId('person-name')).toContainText('LLEWELLYN-PRICE')
  await expect(page.getByTestId('identity')).toContainText('28 February 1975')
  await expect(page.getByTestId('identity')).toContainText('Wendy Price')
  await expectAccessible(page)

  await page.getByRole('link', { name: 'People', exact: true }).click()
  const list = new PeopleListPage(page)
  await expectAccessible(page)
  await list.search('eirwen llewellyn')
  await expect(list.rows()).toHaveCount(1)
  await expectAccessible(page)
  await list.rows().getByRole('link').click()
  await expect(page.getByTestId('person-name')).toContainText('Eirwen')

  await page.getByTestId('sign-out').click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.goto('/people')
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Fpeople/)
})
