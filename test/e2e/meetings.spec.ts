import { expect, type Locator, type Page, test } from '@playwright/test'
import { DEMO_PERSON } from '../../src/db/demo-cases.js'
import { addDays } from '../../src/domain/rules/dates.js'
import {
  dateParts,
  expectAccessible,
  fillDateIn,
  PeopleListPage,
  PlanDraftPage,
  RecordPage,
  SignInPage,
  todayIso,
} from './pages.js'

/*
 * Issue 6's journey: a probation officer refers Jonathan Smythe for Level 2 management; the MAPPA
 * co-ordinator accepts the referral onto a new meeting and invites Leeds housing, whose
 * representative reads his meeting pack and nothing else; the chair runs the meeting from the
 * screen and finalises the minutes; an action falls overdue in its owner's work queue; and the
 * next meeting's agenda carries the open actions forward.
 *
 * The meeting is dated three days ago: a meeting may be recorded after it was held, and that
 * lets an action set at it be due yesterday, so overdue within the test.
 *
 * Smythe's plan is where a later journey starts (risk management starts his plan), so the plan
 * change and the "keep Level 2" decision are made for a second, registered Level 2 case that the
 * co-ordinator adds to the agenda after housing has looked (so housing sees Smythe's pack alone).
 * The meeting agrees the Level 2 management Smythe was referred for, so his next meeting is a
 * review.
 *
 * The steps depend on each other (the referral, the meeting), so they run in order and stop at
 * the first failure.
 */
test.describe.configure({ mode: 'serial' })

const HELD_ON = addDays(todayIso(), -3)
const POLICE_ACTION = 'Visit the new address with the housing officer and check who else lives there.'
const HOUSING_ACTION = 'Confirm the tenancy conditions and tell the police of any change of occupant.'
const RECIPIENT = 'Karen Whitfield'
const REVIEW_PLAN_ENTRY = 'Fortnightly joint home visits by police and probation until the next review.'

let smytheRecord = ''
let otherRecord = ''
let reference = ''
let meetingUrl = ''
let reviewCase = ''

/** The chair chairs meetings for two police forces: she signs in as West Yorkshire Police's. */
async function signInAsChair(page: Page) {
  await new SignInPage(page).signIn('chair')
  await expect(page.getByRole('heading', { name: 'Which organisation are you working for?' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('West Yorkshire Police – West Yorkshire').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('heading', { name: 'Which organisation are you working for?' })).toHaveCount(0)
}

/** A GOV.UK date input inside `scope` holds this ISO date. */
async function expectDate(scope: Locator, legend: string, iso: string) {
  const [day, month, year] = dateParts(iso)
  const group = scope.getByRole('group', { name: legend, exact: true })
  await expect(group.getByLabel('Day')).toHaveValue(day)
  await expect(group.getByLabel('Month')).toHaveValue(month)
  await expect(group.getByLabel('Year')).toHaveValue(year)
}

/** The meeting's part ("Attendance", "Case 1: …", "Finalise") from its sub-navigation. */
async function openPart(page: Page, part: string) {
  await page
    .getByRole('navigation', { name: 'Parts of the meeting' })
    .getByRole('link', { name: part })
    .click()
}

/** Sets an action from a case's minutes; back on the minutes, it is listed. */
async function setAction(page: Page, text: string, agency: string, owner: string, dueOn: string) {
  await page.getByTestId('new-action').click()
  await expect(page.getByRole('heading', { name: 'Set an action' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('What is to be done').fill(text)
  await page.getByLabel('Owner agency').selectOption({ label: agency })
  await page.getByLabel('Person who owns it').selectOption({ label: `${owner} (${agency})` })
  await fillDateIn(page.locator('main'), 'Due by', dateParts(dueOn))
  await page.getByTestId('save').click()
  await expect(page.getByTestId('actions')).toContainText(text)
}

test('a probation officer refers Jonathan Smythe for Level 2 management from his record', async ({
  page,
}) => {
  await new SignInPage(page).signIn('probation.pp')
  await page.getByRole('link', { name: 'People', exact: true }).click()
  const list = new PeopleListPage(page)
  await expect(list.rows().first()).toBeVisible()
  await expectAccessible(page)
  // Someone else's record, for the housing representative to be refused later.
  otherRecord = (await list
    .rows()
    .filter({ hasNotText: DEMO_PERSON.familyName.toUpperCase() })
    .first()
    .getByRole('link')
    .first()
    .getAttribute('href'))!
  await list.search(DEMO_PERSON.familyName.toLowerCase())
  const row = list.rows().filter({ hasText: DEMO_PERSON.familyName.toUpperCase() })
  await expect(row).toHaveCount(1)
  await expectAccessible(page)
  await row.getByRole('link').first().click()
  await expect(page.getByTestId('person-name')).toContainText(DEMO_PERSON.givenName)
  smytheRecord = new URL(page.url()).pathname
  await expectAccessible(page)

  await new RecordPage(page).open('Meetings')
  await expect(page.getByTestId('no-referrals')).toBeVisible()
  await expectAccessible(page)
  await page.getByTestId('refer').click()
  await expect(page.getByRole('heading', { name: 'Refer for Level 2 or 3 management' })).toBeVisible()

  // The MAPPA A form comes filled in from the record.
  const form = page.getByTestId('referral-form')
  await expect(form.getByLabel('First name')).toHaveValue(DEMO_PERSON.givenName)
  await expect(form.getByLabel('Last name')).toHaveValue(DEMO_PERSON.familyName)
  await expectDate(form, 'Date of birth', DEMO_PERSON.dateOfBirth)
  await expect(form.getByLabel('CRN (optional)')).toHaveValue('D123456')
  await expect(form.getByLabel('Index offences')).not.toHaveValue('')
  await expectAccessible(page)

  await form.getByLabel('Level 2 management').check()
  // The record holds no address for him: the referrer adds where he lives now.
  await form.getByLabel('Current address').fill('Flat 2, 31 Roundhay Road, Leeds LS7 1AB')
  await form
    .getByLabel('Reason for referral')
    .fill('Moved to a flat two streets from a primary school; his partner has children under 10.')
  await form
    .getByLabel('Current risk', { exact: true })
    .fill('High risk of serious harm to children: access through his partner’s family, grooming history.')
  await form
    .getByLabel('Current risk management plan')
    .fill('Weekly probation reporting and police home visits; licence conditions on contact with children.')
  await form
    .getByLabel('What would Level 2 or 3 management add?')
    .fill('Housing and children’s social care to share what they know of the household and act on it.')
  await page.getByTestId('submit-referral').click()

  await expect(page.getByTestId('saved')).toContainText('sent to the MAPPA co-ordinator')
  reference = (await page.getByTestId('reference').innerText()).trim()
  expect(reference).not.toBe('')
  await expect(page.getByTestId('referral-summary')).toContainText('Level 2')
  await expectAccessible(page)
})

test('the MAPPA co-ordinator accepts the referral onto a new meeting and invites Leeds housing', async ({
  page,
}) => {
  expect(reference, 'the referral from the previous step').not.toBe('')
  await new SignInPage(page).signIn('coordinator')
  await page.getByRole('link', { name: 'Referrals', exact: true }).click()
  const awaiting = page.getByTestId('awaiting-referrals').locator(`[data-reference="${reference}"]`)
  await expect(awaiting).toHaveCount(1)
  await expectAccessible(page)
  await awaiting.getByRole('link', { name: reference }).click()
  await expect(page.getByTestId('reference')).toHaveText(reference)
  await expect(page.getByTestId('referral-narrative')).toContainText('two streets from a primary school')
  await expectAccessible(page)

  await page.getByTestId('accept').click()
  await expect(page.getByRole('heading', { name: 'Accept the referral' })).toBeVisible()
  await expectAccessible(page)
  await page.getByLabel('Schedule a new meeting for this case').check()
  await page.getByTestId('submit').click()

  await expect(page.getByRole('heading', { name: 'Schedule a meeting' })).toBeVisible()
  await expect(page.getByTestId('for-referral')).toContainText(reference)
  await expect(page.getByLabel('Start time')).toHaveValue('10:00')
  await expect(page.getByLabel('Level 2', { exact: true })).toBeChecked()
  await expectAccessible(page)
  const form = page.getByTestId('meeting-form')
  await fillDateIn(form, 'Date', dateParts(HELD_ON))
  await form
    .getByLabel('Chair', { exact: true })
    .selectOption({ label: 'Dr Helen Clarke, West Yorkshire Police' })
  await form.getByLabel('Chair’s rank or grade').fill('Detective Superintendent')
  await form.getByLabel('In person', { exact: true }).check()
  await form.getByLabel('Venue').fill('Public Protection Unit, Elland Road Police Station, Leeds')
  await page.getByTestId('save-meeting').click()

  await expect(page.getByTestId('saved')).toContainText('The meeting has been scheduled')
  meetingUrl = new URL(page.url()).pathname
  const agenda = page.getByTestId('agenda-case')
  await expect(agenda).toHaveCount(1)
  await expect(agenda).toContainText(`${DEMO_PERSON.givenName} ${DEMO_PERSON.familyName.toUpperCase()}`)
  await expect(agenda).toContainText(reference)
  await expect(page.getByTestId('meeting-details')).toContainText(
    'Detective Superintendent, West Yorkshire Police',
  )
  await expectAccessible(page)

  // Leeds housing, on the default lawful basis and for the default week after the meeting.
  await page.getByTestId('invite').click()
  await expect(page.getByRole('heading', { name: /Invite/ })).toBeVisible()
  await expect(page.getByLabel('Lawful basis for sharing')).toHaveValue(/Criminal Justice Act 2003 s\.325/)
  await expectDate(page.getByTestId('invite-form'), 'Last day of access', addDays(HELD_ON, 7))
  await expectAccessible(page)
  await page
    .getByLabel('Agency', { exact: true })
    .selectOption({ label: 'Leeds City Council Housing (West Yorkshire)' })
  await page.getByTestId('submit').click()
  await expect(page.getByTestId('saved')).toContainText('The agency has been invited')
  await expect(page.locator('main')).toContainText('Leeds City Council Housing')
  await expectAccessible(page)
})

test('the housing representative reads Smythe’s meeting pack, and nothing of his record or anyone else’s', async ({
  page,
}) => {
  expect(meetingUrl, 'the meeting from the previous step').not.toBe('')
  await new SignInPage(page).signIn('housing')
  await page.getByRole('link', { name: 'Meetings', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Meetings', level: 1 })).toBeVisible()
  await expectAccessible(page)
  await page.getByRole('link', { name: 'Past', exact: true }).click()
  const row = page.locator(`[data-qa="meeting-row"][data-meeting-id="${meetingUrl.split('/').pop()}"]`)
  await expect(row).toHaveCount(1)
  await expectAccessible(page)
  await row.getByRole('link').first().click()

  // Only Smythe's case, and only its pack: no minutes, no record.
  const agenda = page.getByTestId('agenda-case')
  await expect(agenda).toHaveCount(1)
  await expect(agenda).toContainText(DEMO_PERSON.familyName.toUpperCase())
  await expect(page.getByTestId('record-link')).toHaveCount(0)
  await expect(page.getByTestId('minutes-link')).toHaveCount(0)
  await expectAccessible(page)
  await agenda.getByTestId('pack-link').click()

  await expect(page.getByTestId('pack-title')).toContainText(DEMO_PERSON.familyName.toUpperCase())
  await expect(page.getByTestId('confidentiality')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'What has changed since the last meeting' })).toBeVisible()
  await expect(page.getByTestId('pack-plan')).toBeVisible()
  await expectAccessible(page)

  for (const record of [smytheRecord, otherRecord]) {
    const response = await page.goto(record)
    expect(response?.status(), record).toBe(403)
    await expect(page.getByTestId('person-name')).toHaveCount(0)
    await expectAccessible(page)
  }
})

test('the co-ordinator adds a registered Level 2 case to the agenda for review', async ({ page }) => {
  await new SignInPage(page).signIn('coordinator')
  await page.goto(meetingUrl)
  await expectAccessible(page)
  await page.getByTestId('add-case').click()
  await expect(page.getByRole('heading', { name: 'Add a case to the agenda' })).toBeVisible()
  await expectAccessible(page)
  const candidate = page
    .getByTestId('add-case-form')
    .locator('.govuk-radios__item')
    .filter({ hasText: 'Level 2;' })
    .first()
  reviewCase = (await candidate.locator('label').innerText()).trim()
  await candidate.getByRole('radio').check()
  await page.getByTestId('submit').click()
  await expect(page.getByTestId('saved')).toContainText('The case has been added to the agenda')
  await expect(page.getByTestId('agenda-case')).toHaveCount(2)
  await expect(page.getByTestId('agenda-case').nth(1)).toContainText(reviewCase)
  await expectAccessible(page)
})

test('the chair records attendance and Smythe’s minutes: information, risk, victims, a disclosure, the level and two actions', async ({
  page,
}) => {
  test.setTimeout(90_000)
  expect(reviewCase, 'the review case from the previous step').not.toBe('')
  await signInAsChair(page)
  await page.goto(meetingUrl)
  await expect(page.getByTestId('status')).toContainText('Scheduled')
  await expectAccessible(page)

  // Attendance: police (the chair's agency), housing (invited) and probation (added) attended
  // and acknowledged the confidentiality statement; children's social care sent apologies.
  await page.getByTestId('meeting-links').getByRole('link', { name: 'Attendance' }).click()
  await expect(page.getByTestId('confidentiality-statement')).toBeVisible()
  await expectAccessible(page)
  const line = (agency: string) => page.getByTestId('attendance-line').filter({ hasText: agency })
  const attended = async (scope: Locator, who: string) => {
    await scope.getByLabel('Attended').check()
    await scope.getByLabel('Names and roles of those attending').fill(who)
    await scope.getByLabel('Those attending acknowledged the confidentiality statement').check()
  }
  await attended(line('West Yorkshire Police'), 'Dr Helen Clarke, chair; Priya Shah, offender manager')
  await attended(line('Leeds City Council Housing'), 'Sam Patel, housing officer')
  // One more agency at a time, on the form's last line.
  const addAgency = async (agency: string) => {
    const select = page.getByLabel('Agency (optional)')
    await select.selectOption((await select.locator('option', { hasText: agency }).getAttribute('value'))!)
  }
  const newStatus = page.getByRole('group', { name: 'Attendance', exact: true })
  await addAgency('Probation Service – West Yorkshire')
  await newStatus.getByLabel('Attended').check()
  await page.locator('#attendees-new').fill('Tom Reid, probation practitioner')
  await page.locator('#confidentiality-new').check()
  await page.getByTestId('save-attendance').click()
  await expect(line('Probation Service – West Yorkshire')).toHaveCount(1)
  await addAgency('Leeds Children’s Social Care')
  await newStatus.getByLabel('Sent apologies').check()
  await page.locator('#report-new').check()
  await page.getByTestId('save-attendance').click()
  await expect(line('Leeds Children’s Social Care')).toHaveCount(1)
  await expect(page.getByTestId('saved')).toContainText('Attendance saved')
  await expect(page.getByTestId('attendance-line')).toHaveCount(4)
  await expectAccessible(page)

  // Smythe's minutes.
  await openPart(page, `Case 1: ${DEMO_PERSON.givenName} ${DEMO_PERSON.familyName}`)
  await expect(page.getByTestId('category-level')).toContainText('D123456')
  await expect(page.getByTestId('victim-warning')).toBeVisible()
  await expectAccessible(page)

  // What each agency shared, saved by the section's button.
  const information = page.getByTestId('section-information')
  await information
    .getByLabel('Information shared by West Yorkshire Police')
    .fill('Two visits since release; his partner’s children were at the flat on the second.')
  await information
    .getByLabel('Information shared by Leeds City Council Housing')
    .fill('The tenancy is in his partner’s name; the landlord has had complaints of visitors late at night.')
  await information
    .getByLabel('Information shared by Probation Service – West Yorkshire')
    .fill('Reporting weekly; he denies contact with the children.')
  await page.getByTestId('save-information').click()
  await expect(page).toHaveURL(/saved=information/)
  await expect(
    page.getByTestId('section-information').getByLabel('Information shared by Leeds City Council Housing'),
  ).toHaveValue(/tenancy is in his partner’s name/)

  // The risk assessment, saved by the autosave as the chair moves from field to field.
  await page.waitForLoadState()
  const risk = page.getByTestId('section-risk')
  const autosaved = ['risk-rosh', 'risk-victims'].map((field) =>
    page.waitForResponse((r) => r.url().endsWith(`/minutes/${field}`) && r.ok()),
  )
  await risk
    .getByLabel('Risk of serious harm, by group')
    .fill('Children: high, imminent if he has unsupervised access. Known adult (partner): medium.')
  await risk.getByLabel('Victims and potential victims').fill('The partner’s two children, aged 6 and 9.')
  await risk.getByLabel('Diversity').click()
  await Promise.all(autosaved)
  await expect(risk.locator('[data-autosave-status]')).toContainText('Saved at')
  await page.reload()
  await expect(page.getByTestId('section-risk').getByLabel('Risk of serious harm, by group')).toHaveValue(
    /Children: high, imminent/,
  )
  await expect(page.getByTestId('section-risk').getByLabel('Victims and potential victims')).toHaveValue(
    'The partner’s two children, aged 6 and 9.',
  )

  // Victims: the VLO's written report.
  const victims = page.getByTestId('section-victims')
  const victimIssuesSaved = page.waitForResponse((r) => r.url().endsWith('/minutes/victim-issues') && r.ok())
  await victims
    .getByLabel('Victim issues')
    .fill('The VLO reports the victim of the index offence asks that he is kept away from her area.')
  await page
    .getByTestId('victim-input-form')
    .getByLabel('The Victim Liaison Officer sent a written report')
    .check()
  await victimIssuesSaved
  await page.getByTestId('save-victim-input').click()
  await expect(page).toHaveURL(/saved=victims/)
  await expect(page.getByTestId('victim-warning')).toHaveCount(0)
  await expect(page.getByTestId('section-victims').getByLabel('Victim issues')).toHaveValue(
    /kept away from her area/,
  )
  await expectAccessible(page)

  // The disclosure decision: disclose to the head teacher of the school nearby.
  const disclosure = page.getByTestId('disclosure-form')
  await disclosure.getByLabel('Disclose information').check()
  await disclosure.getByLabel('Name of the person who receives it').fill(RECIPIENT)
  await disclosure.getByLabel('Their role').fill('Head teacher of the primary school nearby')
  await disclosure.getByLabel('Who gives the disclosure').fill('DS Priya Shah')
  await disclosure.getByRole('group', { name: 'How it is given' }).getByLabel('In person').check()
  await fillDateIn(disclosure, 'When it is to be given (optional)', dateParts(addDays(todayIso(), 1)))
  await disclosure
    .getByLabel('What is disclosed')
    .fill('That he lives nearby and is subject to conditions on contact with children.')
  await disclosure
    .getByLabel('Legal basis')
    .fill('Common law powers of the police to prevent crime; CJA 2003 s.327A consideration.')
  await disclosure
    .getByLabel('Rationale')
    .fill('The school can protect its pupils only if it knows; no less intrusive way achieves this.')
  for (const legalTest of ['lawful', 'necessary', 'proportionate'])
    await disclosure.getByLabel(`The disclosure is ${legalTest}`).check()
  await disclosure
    .getByRole('group', { name: 'Will the person be told about the disclosure?' })
    .getByLabel('No')
    .check()
  await disclosure
    .getByLabel('If not, why not')
    .fill('Telling him first would risk him moving without notice.')
  await disclosure
    .getByRole('group', { name: 'Has the recipient signed a confidentiality undertaking?' })
    .getByLabel('Yes')
    .check()
  await page.getByTestId('save-disclosure').click()
  await expect(page).toHaveURL(/saved=disclosure/)
  await expect(page.getByRole('heading', { name: `Disclosure to ${RECIPIENT} (Head teacher` })).toBeVisible()
  await expect(page.getByTestId('disclosure')).toContainText('No: Telling him first would risk him moving')
  await expectAccessible(page)

  // The level: the meeting agrees Level 2, as referred; the next review, left blank, is the rules'.
  const level = page.getByTestId('level-form')
  await level.getByRole('radio', { name: /^Level 2:/ }).check()
  await level
    .getByLabel('Why the meeting decided this level')
    .fill('Housing and the police must act together on his address; Level 2 meetings add that.')
  await page.getByTestId('save-level').click()
  await expect(page).toHaveURL(/saved=level/)

  // Two actions: one for the police, due yesterday (so overdue now); one for housing.
  await setAction(page, POLICE_ACTION, 'West Yorkshire Police', 'Priya Shah', addDays(todayIso(), -1))
  await setAction(page, HOUSING_ACTION, 'Leeds City Council Housing', 'Sam Patel', addDays(todayIso(), 14))
  await expect(page.getByTestId('actions').locator('tbody tr')).toHaveCount(2)
  await expectAccessible(page)
})

test('the chair changes the review case’s plan, keeps it at Level 2, finalises the minutes and downloads them', async ({
  page,
}) => {
  test.setTimeout(90_000)
  await signInAsChair(page)
  await page.goto(meetingUrl)
  await expectAccessible(page)
  await page.getByTestId('agenda-case').nth(1).getByTestId('minutes-link').click()
  await expect(page.getByTestId('category-level')).toBeVisible()
  const minutesUrl = page.url()
  await expectAccessible(page)

  // The plan change: its next version, started from the minutes and edited as a draft.
  await page.getByTestId('start-plan').click()
  const draft = new PlanDraftPage(page)
  await expect(draft.entry('Supervision')).toBeVisible()
  await expectAccessible(page)
  await draft.fillEntry('Supervision', 1, REVIEW_PLAN_ENTRY)
  await page.getByTestId('save-draft').click()
  await expect(page.getByTestId('done')).toHaveText(/The draft has been saved/)
  await expect(page.getByTestId('version-plan')).toContainText(REVIEW_PLAN_ENTRY)
  await expectAccessible(page)
  await page.goto(minutesUrl)
  await expect(page.getByTestId('meeting-plan')).toContainText('(draft)')
  await page
    .getByTestId('section-plan')
    .getByLabel('What the meeting changed in the plan, and why')
    .fill('Joint home visits made fortnightly: the household has changed.')
  await page.getByTestId('save-plan').click()
  await expect(page).toHaveURL(/saved=plan/)

  await page
    .getByTestId('victim-input-form')
    .getByLabel('The Victim Liaison Officer sent a written report')
    .check()
  await page.getByTestId('save-victim-input').click()
  await expect(page).toHaveURL(/saved=victims/)

  const disclosure = page.getByTestId('disclosure-form')
  await disclosure.getByRole('radio', { name: 'No disclosure is needed' }).check()
  await disclosure
    .getByLabel('Why no disclosure is needed')
    .fill('Nobody new is at risk who does not already know; the plan protects the known victims.')
  await page.getByTestId('save-disclosure').click()
  await expect(page.getByTestId('disclosure-decision')).toContainText('No disclosure needed')

  // Level 2 kept: the next review is filled in with the latest date the rules allow.
  const level = page.getByTestId('level-form')
  await expect(level.getByRole('radio', { name: /^Level 2:/ })).toBeChecked()
  const review = level.getByRole('group', { name: 'Next review' })
  await expect(review.getByLabel('Year')).not.toHaveValue('')
  const [day, month, year] = await Promise.all(
    ['Day', 'Month', 'Year'].map((part) => review.getByLabel(part).inputValue()),
  )
  expect(`${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}` > HELD_ON).toBe(true)
  await level
    .getByLabel('Why the meeting decided this level')
    .fill('Still high risk to children; housing and children’s social care remain needed at the table.')
  await page.getByTestId('save-level').click()
  await expect(page).toHaveURL(/saved=level/)
  await expectAccessible(page)

  // Finalise: everything is recorded; the chair finalises and the minutes are closed.
  await openPart(page, 'Finalise')
  await expect(page.getByTestId('complete')).toBeVisible()
  await expectAccessible(page)
  await page.getByTestId('finalise').click()
  await expect(page.getByTestId('finalised')).toContainText('Minutes finalised')
  await expect(page.getByTestId('not-applied')).toHaveCount(0)
  await expectAccessible(page)
  await page.goto(meetingUrl)
  await expect(page.getByTestId('status')).toContainText('Minutes finalised')
  await expectAccessible(page)

  // The minutes as a PDF, downloaded.
  const pdfLink = page.getByTestId('meeting-links').getByRole('link', { name: 'Minutes (PDF)' })
  const [download] = await Promise.all([page.waitForEvent('download'), pdfLink.click()])
  expect(download.suggestedFilename()).toBe(`mappa-minutes-${HELD_ON}.pdf`)
  const response = await page.request.get((await pdfLink.getAttribute('href'))!)
  expect(response.headers()['content-type']).toContain('application/pdf')
  expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-')
})

test('the police action, due yesterday, is overdue in its owner’s work queue', async ({ page }) => {
  await new SignInPage(page).signIn('police.om')
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Work queue' }).click()
  await expectAccessible(page)
  await page.getByLabel('Show').selectOption({ label: 'Meeting actions' })
  await page.getByLabel('Only overdue items').check()
  await page.getByTestId('apply').click()
  const item = page.locator('[data-qa="queue-item"][data-kind="meeting_action"]').filter({
    hasText: POLICE_ACTION.slice(0, 40),
  })
  await expect(item).toHaveCount(1)
  await expect(item).toHaveAttribute('data-status', 'overdue')
  await expect(item).toContainText('Overdue')
  await expect(item).toContainText(DEMO_PERSON.familyName.toUpperCase())
  await expectAccessible(page)
  await item.getByTestId('act').click()
  await expect(page.getByTestId('action-details')).toContainText(POLICE_ACTION)
  await expect(page.getByTestId('action-details')).toContainText('Priya Shah')
  await expectAccessible(page)
})

test('the co-ordinator schedules the next meeting: Smythe’s review carries the open actions forward', async ({
  page,
}) => {
  await new SignInPage(page).signIn('coordinator')
  await page.getByRole('link', { name: 'Meetings', exact: true }).click()
  await expectAccessible(page)
  await page.getByTestId('schedule-meeting').click()
  await expect(page.getByRole('heading', { name: 'Schedule a meeting' })).toBeVisible()
  const form = page.getByTestId('meeting-form')
  await fillDateIn(form, 'Date', dateParts(addDays(todayIso(), 10)))
  await form.getByLabel('Level 2', { exact: true }).check()
  await form
    .getByLabel('Chair', { exact: true })
    .selectOption({ label: 'Dr Helen Clarke, West Yorkshire Police' })
  await form.getByLabel('Chair’s rank or grade').fill('Detective Superintendent')
  await form.getByLabel('Online', { exact: true }).check()
  await expectAccessible(page)
  await page.getByTestId('save-meeting').click()
  await expect(page.getByTestId('saved')).toContainText('The meeting has been scheduled')
  await expect(page.getByTestId('empty-agenda')).toBeVisible()
  await expectAccessible(page)

  await page.getByTestId('add-case').click()
  await expectAccessible(page)
  await page
    .getByTestId('add-case-form')
    .getByLabel(`${DEMO_PERSON.givenName} ${DEMO_PERSON.familyName.toUpperCase()}`)
    .check()
  await page.getByLabel('Review', { exact: true }).check()
  await page.getByTestId('submit').click()
  await expect(page.getByTestId('saved')).toContainText('The case has been added to the agenda')

  const smythe = page.getByTestId('agenda-case').filter({ hasText: DEMO_PERSON.familyName.toUpperCase() })
  await expect(smythe).toContainText('Review')
  const carried = smythe.getByTestId('carried-action')
  await expect(carried).toHaveCount(2)
  const overdue = carried.filter({ hasText: POLICE_ACTION })
  await expect(overdue).toContainText('Priya Shah, West Yorkshire Police')
  await expect(overdue).toContainText('Overdue')
  await expect(carried.filter({ hasText: HOUSING_ACTION })).not.toContainText('Overdue')
  await expectAccessible(page)
})
