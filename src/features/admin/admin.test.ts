import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../db/demo-data.js'
import { agencies, auditEvents, memberships, users } from '../../db/schema.js'
import { paths } from '../../web/paths.js'
import { membershipForm, newUserForm, parseForm } from './form.js'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'

const PASSWORD = 'a long initial password'

let t: TestApp
let admin: Agent

beforeAll(async () => {
  t = await createTestApp()
  admin = await t.signedIn('admin')
})

afterAll(async () => {
  await t?.close()
})

async function userIdOf(username: string): Promise<string> {
  const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return row!.id
}

/** Successful audit events of this kind about this record, done by the administrator. */
async function auditCount(event: string, recordId: string) {
  const rows = await t.database.db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.event, event),
        eq(auditEvents.recordId, recordId),
        eq(auditEvents.outcome, 'success'),
        eq(auditEvents.actorUserId, await userIdOf('admin')),
      ),
    )
  return rows.length
}

/** Signs in with a password only: where the sign-in sends the browser next. */
async function signInResponse(username: string, password: string) {
  const agent = t.agent()
  await agent.get('/sign-in')
  return agent.post('/sign-in', { username, password })
}

describe('the forms', () => {
  it('takes one or several ticked roles and areas', () => {
    expect(parseForm(membershipForm, { agency: 'wyp', roles: 'offender_manager' })).toEqual({
      ok: true,
      data: { agency: 'wyp', roles: ['offender_manager'], areas: [] },
    })
    const regional = parseForm(membershipForm, {
      agency: 'wy-probation',
      roles: ['offender_manager', 'meeting_chair'],
      areas: ['west-yorkshire', 'humberside'],
    })
    expect(regional.ok && regional.data.areas).toEqual(['west-yorkshire', 'humberside'])
    const wrong = parseForm(membershipForm, { agency: 'wyp', roles: ['superuser'], areas: 'atlantis' })
    expect(wrong.ok ? [] : wrong.problems.map((p) => p.path)).toEqual(['roles', 'areas'])
  })

  it('normalises the username and drops an empty email address', () => {
    const parsed = parseForm(newUserForm, {
      username: ' Jo.Bloggs ',
      displayName: 'Jo Bloggs',
      email: '',
      password: 'twelve chars',
      agency: 'wyp',
      roles: 'offender_manager',
    })
    expect(parsed.ok && parsed.data).toMatchObject({ username: 'jo.bloggs', email: null })
  })
})

describe('users', () => {
  it('lists users with their memberships, status, demo marker and second factor', async () => {
    const response = await admin.get(paths.admin.users())
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    const row = page('[data-qa="user-row"][data-username="police.om"]')
    expect(row.find('[data-qa="display-name"]').text()).toBe('Priya Shah')
    expect(row.find('[data-qa="memberships"]').text().trim()).toBe(
      'West Yorkshire Police – West Yorkshire – Offender manager',
    )
    expect(row.find('[data-qa="status"]').text().trim()).toBe('Active')
    expect(row.find('[data-qa="demo"]').text().trim()).toBe('Demo')
    expect(row.find('[data-qa="second-factor"]').text().trim()).toBe('Not needed (demo)')
    const regional = page('[data-qa="user-row"][data-username="regional"] [data-qa="memberships"]').text()
    expect(regional).toContain('West Yorkshire, South Yorkshire, North Yorkshire, Humberside')
  })

  it('shows the add-user form with roles and agencies', async () => {
    const response = await admin.get(paths.admin.newUser())
    expect(response.statusCode).toBe(200)
    const page = $(response.body)
    expect(page('input[name="roles"][value="offender_manager"]').length).toBe(1)
    expect(page('select[name="agency"] option[value="wyp"]').text()).toContain('West Yorkshire Police')
    expect(page('input[name="areas"]').length).toBe(42)
  })

  it('adds a user with a membership, who must then set up their second factor', async () => {
    const response = await admin.post(paths.admin.newUser(), {
      username: 'Jane.Doe',
      displayName: 'Jane Doe',
      email: 'jane.doe@example.gov.uk',
      password: PASSWORD,
      agency: 'wyp',
      roles: 'offender_manager',
    })
    expect(response.statusCode).toBe(303)
    const id = await userIdOf('jane.doe')
    expect(response.headers.location).toBe(`${paths.admin.user(id)}?done=created`)

    const [stored] = await t.database.db.select().from(users).where(eq(users.id, id))
    expect(stored).toMatchObject({ username: 'jane.doe', isDemo: false, totpSecret: null, disabledAt: null })
    expect(stored!.passwordHash).not.toContain(PASSWORD)
    const [membership] = await t.database.db.select().from(memberships).where(eq(memberships.userId, id))
    expect(membership).toMatchObject({ areaCodes: ['west-yorkshire'], roles: ['offender_manager'] })
    expect(await auditCount('USER_CREATED', id)).toBe(1)

    const page = $((await admin.get(response.headers.location as string)).body)
    expect(page('[data-qa="notice"]').text()).toContain('The user has been added')
    expect(page('[data-qa="membership"]').text()).toContain('West Yorkshire Police')
    expect(page('[data-qa="second-factor"]').text()).toContain('Not set up')

    const signIn = await signInResponse('jane.doe', PASSWORD)
    expect(signIn.statusCode).toBe(303)
    expect(signIn.headers.location).toBe(paths.signInSetUpCode())
  })

  it('refuses a username already in use, keeping what was typed but not the password', async () => {
    const response = await admin.post(paths.admin.newUser(), {
      username: 'POLICE.OM',
      displayName: 'Someone Else',
      password: PASSWORD,
      agency: 'wyp',
      roles: 'offender_manager',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('.govuk-error-summary').text()).toContain('That username is already in use')
    expect(page('.govuk-error-summary a').attr('href')).toBe('#username')
    expect(page('#username-error').text()).toContain('That username is already in use')
    expect(page('#username').val()).toBe('POLICE.OM')
    expect(page('#displayName').val()).toBe('Someone Else')
    expect(page('#password').val() ?? '').toBe('')
    expect(response.body).not.toContain(PASSWORD)
    expect(page('select[name="agency"] option[value="wyp"]').attr('selected')).toBeDefined()
    expect(page('input[name="roles"][value="offender_manager"]').attr('checked')).toBeDefined()
  })

  it('shows each problem with an incomplete form', async () => {
    const response = await admin.post(paths.admin.newUser(), { username: 'new.person', password: 'short' })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    const links = page('.govuk-error-summary a')
      .map((_, a) => page(a).attr('href'))
      .get()
    expect(links).toEqual(['#displayName', '#password', '#agency', '#roles'])
    expect(page('#password-error').text()).toContain('Password must be 12 characters or more')
    expect(page('#roles-error').text()).toContain('Select at least one role')
    expect(page('#username').val()).toBe('new.person')
  })

  it('adds and removes another membership', async () => {
    const id = await userIdOf('jane.doe')
    const response = await t.app.inject({
      method: 'POST',
      url: `${paths.admin.user(id)}/memberships`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'agency=wy-probation&roles=meeting_chair&roles=agency_representative',
    })
    // Without the session and CSRF token of a signed-in administrator, nothing changes.
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toContain('/sign-in')

    const added = await admin.post(`${paths.admin.user(id)}/memberships`, {
      agency: 'wy-probation',
      roles: 'meeting_chair',
      areas: 'south-yorkshire',
    })
    expect(added.statusCode).toBe(303)
    const rows = await t.database.db.select().from(memberships).where(eq(memberships.userId, id))
    const chair = rows.find((m) => m.roles.includes('meeting_chair'))!
    expect(chair.areaCodes).toEqual(['south-yorkshire'])
    expect(await auditCount('MEMBERSHIP_ADDED', id)).toBe(1)

    const noRole = await admin.post(`${paths.admin.user(id)}/memberships`, { agency: 'wyp' })
    expect(noRole.statusCode).toBe(400)
    expect($(noRole.body)('#roles-error').text()).toContain('Select at least one role')
    expect($(noRole.body)('#agency option[value="wyp"]').attr('selected')).toBeDefined()
    const unknown = await admin.post(`${paths.admin.user(id)}/memberships`, {
      agency: 'nope',
      roles: 'lay_adviser',
    })
    expect(unknown.statusCode).toBe(400)
    expect($(unknown.body)('#agency-error').text()).toContain('Select an agency from the list')
    expect($(unknown.body)('input[name="roles"][value="lay_adviser"]').attr('checked')).toBeDefined()

    const removed = await admin.post(`${paths.admin.user(id)}/memberships/${chair.id}/remove`, {})
    expect(removed.statusCode).toBe(303)
    const left = await t.database.db.select().from(memberships).where(eq(memberships.userId, id))
    expect(left.map((m) => m.roles)).toEqual([['offender_manager']])
  })

  it('disables an account so it cannot sign in, and re-enables it', async () => {
    const id = await userIdOf('vlo')
    expect((await signInResponse('vlo', DEMO_PASSWORD)).statusCode).toBe(303)

    const disabled = await admin.post(`${paths.admin.user(id)}/disable`, {})
    expect(disabled.statusCode).toBe(303)
    expect(await auditCount('USER_DISABLED', id)).toBe(1)
    const refused = await signInResponse('vlo', DEMO_PASSWORD)
    expect(refused.statusCode).toBe(401)
    expect($(refused.body)('.govuk-error-summary').text()).toContain('Enter a correct username and password')
    const list = $((await admin.get(paths.admin.users())).body)
    expect(list('[data-qa="user-row"][data-username="vlo"] [data-qa="status"]').text().trim()).toBe(
      'Disabled',
    )

    expect((await admin.post(`${paths.admin.user(id)}/enable`, {})).statusCode).toBe(303)
    expect((await signInResponse('vlo', DEMO_PASSWORD)).statusCode).toBe(303)
  })

  it('ends the sessions of a disabled user', async () => {
    const housing = await t.signedIn('housing')
    expect((await housing.get('/people')).statusCode).toBe(200)
    const id = await userIdOf('housing')
    expect((await admin.post(`${paths.admin.user(id)}/disable`, {})).statusCode).toBe(303)
    const after = await housing.get('/people')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toContain('/choose-membership')
    await admin.post(`${paths.admin.user(id)}/enable`, {})
  })

  it('does not let administrators disable themselves', async () => {
    const id = await userIdOf('admin')
    const response = await admin.post(`${paths.admin.user(id)}/disable`, {})
    expect(response.statusCode).toBe(400)
    expect($(response.body)('.govuk-error-summary').text()).toContain('You cannot disable your own account')
  })

  it('resets the second factor so the user sets it up again', async () => {
    const id = await userIdOf('jane.doe')
    await t.database.db.update(users).set({ totpSecret: 'JBSWY3DPEHPK3PXP' }).where(eq(users.id, id))
    expect((await signInResponse('jane.doe', PASSWORD)).headers.location).toBe(paths.signInCode())

    const response = await admin.post(`${paths.admin.user(id)}/reset-second-factor`, {})
    expect(response.statusCode).toBe(303)
    const [stored] = await t.database.db.select().from(users).where(eq(users.id, id))
    expect(stored!.totpSecret).toBeNull()
    expect((await signInResponse('jane.doe', PASSWORD)).headers.location).toBe(paths.signInSetUpCode())
  })

  it('returns 404 for an unknown user', async () => {
    const response = await admin.get(paths.admin.user('00000000-0000-4000-8000-000000000000'))
    expect(response.statusCode).toBe(404)
  })
})

describe('who may administer', () => {
  it('refuses an offender manager', async () => {
    const om = await t.signedIn('police.om')
    expect((await om.get(paths.admin.users())).statusCode).toBe(403)
    expect((await om.get(paths.admin.agencies())).statusCode).toBe(403)
    const post = await om.post(paths.admin.newAgency(), {
      code: 'sneaky',
      type: 'other',
      area: 'london',
      name: 'Sneaky',
    })
    expect(post.statusCode).toBe(403)
  })

  it('does not give administrators access to case records', async () => {
    expect((await admin.get('/people')).statusCode).toBe(403)
    expect((await admin.get(paths.people.create())).statusCode).toBe(403)
  })
})

describe('agencies', () => {
  it('lists agencies with their type and area', async () => {
    const response = await admin.get(paths.admin.agencies())
    expect(response.statusCode).toBe(200)
    const row = $(response.body)('[data-qa="agency-row"][data-code="wy-probation"]')
    expect(row.find('[data-qa="type"]').text()).toBe('Probation Service')
    expect(row.find('[data-qa="area"]').text()).toBe('West Yorkshire')
    expect(row.find('[data-qa="name"]').text()).toBe('Probation Service – West Yorkshire')
  })

  it('adds an agency', async () => {
    expect((await admin.get(paths.admin.newAgency())).statusCode).toBe(200)
    const response = await admin.post(paths.admin.newAgency(), {
      code: 'bradford-housing',
      type: 'housing_authority',
      area: 'west-yorkshire',
      name: 'Bradford Council Housing',
    })
    expect(response.statusCode).toBe(303)
    const [stored] = await t.database.db.select().from(agencies).where(eq(agencies.code, 'bradford-housing'))
    expect(stored).toMatchObject({ type: 'housing_authority', areaCode: 'west-yorkshire' })
    expect(await auditCount('AGENCY_CREATED', stored!.id)).toBe(1)

    const list = $((await admin.get(response.headers.location as string)).body)
    const row = list('[data-qa="agency-row"][data-code="bradford-housing"]')
    expect(row.find('[data-qa="type"]').text()).toBe('Housing authority')
    expect(row.find('[data-qa="name"]').text()).toBe('Bradford Council Housing')

    const form = $((await admin.get(paths.admin.newUser())).body)
    expect(form('select[name="agency"] option[value="bradford-housing"]').length).toBe(1)
  })

  it('refuses an invalid code, keeping what was typed', async () => {
    const response = await admin.post(paths.admin.newAgency(), {
      code: 'Leeds Housing!',
      type: 'housing_authority',
      area: 'west-yorkshire',
      name: 'Leeds Housing',
    })
    expect(response.statusCode).toBe(400)
    const page = $(response.body)
    expect(page('.govuk-error-summary a').attr('href')).toBe('#code')
    expect(page('#code-error').text()).toContain('Code must only include lowercase letters')
    expect(page('#code').val()).toBe('Leeds Housing!')
    expect(page('#name').val()).toBe('Leeds Housing')
    expect(page('#type option[value="housing_authority"]').attr('selected')).toBeDefined()
  })

  it('refuses a code already in use', async () => {
    const response = await admin.post(paths.admin.newAgency(), {
      code: 'wyp',
      type: 'police',
      area: 'west-yorkshire',
      name: 'Another police',
    })
    expect(response.statusCode).toBe(400)
    expect($(response.body)('#code-error').text()).toContain('An agency with that code already exists')
  })
})
