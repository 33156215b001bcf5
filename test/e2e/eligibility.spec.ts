import { expect, test } from '@playwright/test'
import {
  ConvictionFormPage,
  EligibilityPage,
  expectAccessible,
  PeopleListPage,
  PersonFormPage,
  SignInPage,
} from './pages.js'

const sexualAssault = {
  offenceId: 'soa2003-s3-sexual-assault',
  offenceDate: ['1', '6', '2024'] as [string, string, string],
  victimAge: '15',
  disposalType: 'custody',
  length: '18',
  unit: 'months' as const,
}

test('an offender manager records a conviction and sees the category, period and deadlines with their reasons', async ({
  page,
}) => {
  await new SignInPage(page).signIn('police.om')
  await expect(page.getByRole('heading', { name: 'Welcome, Priya Shah' })).toBeVisible()

  // A person of known age, so the period is not halved.
  await page.getByTestId('add-person-link').click()
  await page.getByLabel('Given name', { exact: true }).fill('Idris')
  await page.getByLabel('Family name', { exact: true }).fill('Carrow-Eligibility')
  await new PersonFormPage(page).fillDate('Date of birth', '1', '4', '1980')
  await new PersonFormPage(page).save()
  await expect(page.getByTestId('person-name')).toContainText('CARROW-ELIGIBILITY')

  // Open the record from the list, as an officer would.
  await page.getByRole('link', { name: 'People', exact: true }).click()
  const list = new PeopleListPage(page)
  await list.search('idris carrow')
  await expect(list.rows()).toHaveCount(1)
  await list.rows().getByRole('link').click()
  await expect(page.getByRole('heading', { name: 'MAPPA eligibility' })).toBeVisible()
  await expectAccessible(page)

  await page.getByTestId('eligibility-link').click()
  await expect(page.getByRole('heading', { name: 'MAPPA eligibility', level: 2 })).toBeVisible()
  await expect(new EligibilityPage(page).summary()).toContainText('Not subject to notification')
  await expect(page.getByTestId('no-convictions')).toBeVisible()
  await expectAccessible(page)

  await page.getByTestId('record-conviction').click()
  await expect(page.getByRole('heading', { name: 'Record a conviction' })).toBeVisible()
  await expectAccessible(page)

  const form = new ConvictionFormPage(page)
  await form.fillConviction(['10', '1', '2025'])
  await form.fillOffence(1, { ...sexualAssault, offenceDate: ['1', '6', '2026'] })
  await form.save()

  // The impossible date is refused, with what was typed kept.
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible()
  await expect(page.locator('.govuk-error-summary')).toContainText(
    'Offence 1 date (2026-06-01) is after the date of conviction (2025-01-10)',
  )
  await expect(page.getByLabel('Victim’s age in years')).toHaveValue('15')
  await expectAccessible(page)

  await form.fillOffence(1, sexualAssault)
  await form.save()

  const eligibility = new EligibilityPage(page)
  await expect(page.getByTestId('recorded')).toContainText('The conviction has been recorded')
  await expect(eligibility.summary()).toContainText('Category 1')
  await expect(eligibility.summary()).toContainText('10 years')
  await expect(eligibility.summary()).toContainText('10 January 2025')
  await expect(eligibility.summary()).toContainText('9 January 2035')
  await expect(eligibility.deadlines()).toContainText('Initial notification')
  await expect(eligibility.deadlines()).toContainText('SOA 2003 s.83(1)')
  await expect(eligibility.deadlines()).toContainText('does not count')
  await expect(eligibility.reasons()).toContainText(
    'Category 1: subject to the notification requirements of SOA 2003 Part 2.',
  )
  await expect(eligibility.reasons()).toContainText('notification period 10 years')
  await expect(eligibility.reasons()).toContainText('SOA 2003 s.82(1)')
  await expect(page.getByTestId('needs-review')).toContainText('licence end date is not recorded')
  await expect(page.getByTestId('answer-changed')).toContainText('the recorded facts changed')
  await expect(page.getByTestId('conviction')).toContainText('Unconfirmed')
  await expectAccessible(page)

  // The calculator gives the same answer without creating a record.
  await page.getByRole('link', { name: 'Notification period calculator' }).click()
  await expect(page.getByRole('heading', { name: 'Notification period calculator' })).toBeVisible()
  await expectAccessible(page)
  await form.fillDate('Date of birth (optional)', '1', '4', '1980')
  await form.fillConviction(['10', '1', '2025'])
  await form.fillOffence(1, sexualAssault)
  await page.getByTestId('calculate').click()
  await expect(page.getByTestId('calculator-result')).toBeVisible()
  await expect(eligibility.summary()).toContainText('Category 1')
  await expect(eligibility.summary()).toContainText('9 January 2035')
  await expect(eligibility.deadlines()).toContainText('Initial notification')
  await expectAccessible(page)
})
