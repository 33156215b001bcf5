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

/** One offence line of the conviction form (and the calculator), by its position. */
export interface OffenceFacts {
  offenceId: string
  offenceDate?: [string, string, string]
  victimAge?: string
  disposalType: string
  length?: string
  unit?: 'months' | 'weeks' | 'days'
}

export class ConvictionFormPage {
  private readonly form: PersonFormPage

  constructor(private readonly page: Page) {
    this.form = new PersonFormPage(page)
  }

  fillDate(legend: string, day: string, month: string, year: string) {
    return this.form.fillDate(legend, day, month, year)
  }

  async fillConviction(date: [string, string, string], type = 'Conviction') {
    await this.fillDate('Date of conviction, caution or finding', ...date)
    await this.page.getByLabel(type, { exact: true }).check()
  }

  async fillOffence(position: number, facts: OffenceFacts) {
    const line = this.page.getByTestId(`offence-${position}`)
    await line.getByLabel('Offence', { exact: true }).selectOption(facts.offenceId)
    if (facts.offenceDate) {
      const group = line.getByRole('group', { name: 'Offence date (optional)' })
      await group.getByLabel('Day').fill(facts.offenceDate[0])
      await group.getByLabel('Month').fill(facts.offenceDate[1])
      await group.getByLabel('Year').fill(facts.offenceDate[2])
    }
    if (facts.victimAge !== undefined) {
      await line.getByLabel('Known', { exact: true }).check()
      await line.getByLabel('Victim’s age in years').fill(facts.victimAge)
    }
    await line.getByLabel('Sentence or disposal').selectOption(facts.disposalType)
    if (facts.length) await line.getByLabel('Length (optional)').fill(facts.length)
    if (facts.unit) await line.getByLabel('Length in').selectOption(facts.unit)
  }

  async save() {
    await this.page.getByTestId('save-conviction').click()
  }
}

export class EligibilityPage {
  constructor(private readonly page: Page) {}

  summary() {
    return this.page.getByTestId('eligibility-summary')
  }

  deadlines() {
    return this.page.getByTestId('deadlines')
  }

  reasons() {
    return this.page.getByTestId('reasons')
  }
}
