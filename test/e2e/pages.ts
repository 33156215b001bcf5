import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Locator, type Page } from '@playwright/test'
import { addDuration, londonDateOf } from '../../src/domain/rules/dates.js'

/** A date as [day, month, year] for a GOV.UK date input, from YYYY-MM-DD. */
export function dateParts(iso: string): [string, string, string] {
  const [year, month, day] = iso.split('-')
  return [String(Number(day)), String(Number(month)), year!]
}

/** Today in England and Wales as YYYY-MM-DD. */
export function todayIso(): string {
  return londonDateOf(new Date().toISOString())
}

/** Today in England and Wales as [day, month, year] for a GOV.UK date input. */
export function today(): [string, string, string] {
  return dateParts(todayIso())
}

/** A date an ISO 8601 duration (for example P6M) after today, as [day, month, year]. */
export function fromToday(duration: string): [string, string, string] {
  return dateParts(addDuration(todayIso(), duration))
}

/**
 * axe at WCAG 2.2 AA. Legacy mode runs axe in the page itself: our pages have no cross-origin
 * frames, and the default mode opens a blank page for every check (about a second each).
 */
async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze()
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
}

/** Every signed-in page the journeys visit must pass axe and carry the protective marking. */
export async function expectAccessible(page: Page) {
  await expectNoAxeViolations(page)
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

/** The sub-navigation of a person's record ("Risk", "Plan", "Conditions", …). */
export class RecordPage {
  constructor(private readonly page: Page) {}

  async open(section: string) {
    await this.page
      .getByRole('navigation', { name: 'Sections of the record' })
      .getByRole('link', { name: section, exact: true })
      .click()
  }
}

/** A GOV.UK date input inside `scope`, found by its legend. */
export async function fillDateIn(
  scope: Locator,
  legend: string,
  [day, month, year]: [string, string, string],
) {
  const group = scope.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day').fill(day)
  await group.getByLabel('Month').fill(month)
  await group.getByLabel('Year').fill(year)
}

/** The draft form of a risk management plan: one fieldset per entry under each pillar. */
export class PlanDraftPage {
  constructor(private readonly page: Page) {}

  entry(pillar: string, position = 1) {
    return this.page.getByRole('group', { name: `${pillar}: entry ${position}`, exact: true })
  }

  async fillEntry(pillar: string, position: number, text: string, owner?: string) {
    const entry = this.entry(pillar, position)
    await entry.getByLabel('What the plan says').fill(text)
    if (owner) await entry.getByLabel('Owner agency').selectOption({ label: owner })
  }

  async addEntry(pillar: string) {
    await this.page.getByRole('button', { name: `Add another entry under ${pillar.toLowerCase()}` }).click()
  }
}

/** A corner of a polygon as a fraction of the map's width and height from its top left. */
export type MapPoint = [number, number]

/** The zone form's Leaflet map: click corners, finish the polygon; the GeoJSON box is filled in. */
export class ZoneFormPage {
  constructor(private readonly page: Page) {}

  map() {
    return this.page.getByRole('region', { name: /^Map of the zone/ })
  }

  async drawPolygon(corners: MapPoint[]) {
    await this.page.getByRole('button', { name: 'Draw polygon' }).click()
    const map = this.map()
    const box = await map.boundingBox()
    if (!box) throw new Error('The zone map is not on the page')
    for (const [x, y] of corners)
      await map.click({ position: { x: Math.round(box.width * x), y: Math.round(box.height * y) } })
    await expect(
      this.page.getByText(`${corners.length} corners. Choose “Finish polygon” when done.`),
    ).toBeVisible()
    await this.page.getByRole('button', { name: 'Finish polygon' }).click()
    await expect(this.page.getByText('Polygon finished: its GeoJSON is in the box below.')).toBeVisible()
  }

  geoJson() {
    return this.page.getByLabel('GeoJSON of the zone')
  }
}

/** A point inside a convex polygon: the mean of its corners (the closing position left out). */
export function insidePolygon(ring: [number, number][]): { lat: number; lon: number } {
  const corners = ring.slice(0, -1)
  const mean = (i: 0 | 1) => corners.reduce((sum, p) => sum + p[i], 0) / corners.length
  return { lon: Math.round(mean(0) * 1e6) / 1e6, lat: Math.round(mean(1) * 1e6) / 1e6 }
}

/**
 * The public disclosure scheme pages (no sign-in) must pass axe at WCAG 2.2 AA too; they carry no
 * protective marking, as what they show is the applicant's own.
 */
export async function expectAccessiblePublic(page: Page) {
  await expectNoAxeViolations(page)
  await expect(page.getByTestId('marking')).toHaveCount(0)
}

/**
 * None of `secrets` anywhere in the page as it is now, in any letter case: not in its visible
 * text, its hidden text or its markup (attributes, scripts, comments).
 */
export async function expectNowhereOnPage(page: Page, secrets: readonly string[]) {
  const html = (await page.content()).toLowerCase()
  const text = (await page.locator('body').innerText()).toLowerCase()
  for (const secret of secrets) {
    expect(html, `“${secret}” in the page’s markup`).not.toContain(secret.toLowerCase())
    expect(text, `“${secret}” in the page’s text`).not.toContain(secret.toLowerCase())
  }
}
