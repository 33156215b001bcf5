import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** Every page the journeys visit must pass axe at WCAG 2.2 AA. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze()
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
  await expect(page.getByTestId('marking').first()).toHaveText('OFFICIAL-SENSITIVE')
}

export class SignInPage {
  constructor(private readonly page: Page) {}

  async signIn(username: string, password = 'demo-password-2026') {
    await this.page.goto('/sign-in')
    await expect(this.page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
    await expectAccessible(this.page)
    await this.page.getByLabel('Username').fill(username)
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    await this.page.getByTestId('sign-in').click()
  }
}

export class PeopleListPage {
  constructor(private readonly page: Page) {}

  async search(text: string) {
    await this.page.getByLabel('Find a person').fill(text)
    await this.page.getByTestId('search').click()
  }

  rows() {
    return this.page.getByTestId('people-table').locator('tbody tr')
  }
}

export class PersonFormPage {
  constructor(private readonly page: Page) {}

  async fillDate(legend: string, day: string, month: string, year: string) {
    const group = this.page.getByRole('group', { name: legend, exact: true })
    await group.getByLabel('Day').fill(day)
    await group.getByLabel('Month').fill(month)
    await group.getByLabel('Year').fill(year)
  }

  async save() {
    await this.page.getByTestId('save-person').click()
  }
}
