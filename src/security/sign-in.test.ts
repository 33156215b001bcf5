import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../test/support/test-app.js'
import { agencies, auditEvents, memberships, sessions, users } from '../db/schema.js'
import { hashPassword } from './passwords.js'
import { currentTotp, newTotpSecret } from './totp.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp({ SIGN_IN_MAX_FAILURES: '3' })
})
afterAll(() => t.close())

const errorSummary = (html: string) => $(html)('.govuk-error-summary').text()

describe('sign-in', () => {
  it('signs a demo user in and lands on the home page with their name, agency and marking', async () => {
    const agent = t.agent()
    await agent.get('/sign-in')
    const response = await agent.post('/sign-in', { username: 'police.om', password: 'demo-password-2026' })
    expect(response.statusCode).toBe(303)
    const home = await agent.get('/')
    expect(home.statusCode).toBe(200)
    const page = $(home.body)
    expect(page('[data-qa=user-name]').text()).toBe('Priya Shah')
    expect(page('.moj-organisation-nav__title').text()).toContain('West Yorkshire Police')
    expect(page('[data-qa=marking]').text()).toBe('OFFICIAL-SENSITIVE')
  })

  it('says the same thing for a wrong password and an unknown username, and keeps the username', async () => {
    const agent = t.agent()
    const wrong = await agent.post('/sign-in', { username: 'probation.pp', password: 'not-the-password' })
    const unknown = await agent.post('/sign-in', { username: 'nobody.here', password: 'not-the-password' })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(errorSummary(wrong.body)).toBe(errorSummary(unknown.body))
    expect($(wrong.body)('#username').val()).toBe('probation.pp')
    expect($(wrong.body)('#password').val()).toBeUndefined()
  })

  it('asks for each missing field with a GOV.UK error summary', async () => {
    const response = await t.agent().post('/sign-in', { username: '', password: '' })
    expect(response.statusCode).toBe(400)
    expect(errorSummary(response.body)).toContain('Enter your username')
    expect(errorSummary(response.body)).toContain('Enter your password')
  })

  it('locks a username after repeated failures, whether or not the account exists', async () => {
    for (const username of ['vlo', 'no.such.person']) {
      const agent = t.agent()
      for (let i = 0; i < 3; i++) await agent.post('/sign-in', { username, password: 'wrong-password' })
      const locked = await agent.post('/sign-in', { username, password: 'demo-password-2026' })
      expect(locked.statusCode).toBe(429)
      expect(errorSummary(locked.body)).toContain('too many attempts')
    }
  })

  it('refuses a form without a valid CSRF token', async () => {
    const agent = t.agent()
    await agent.get('/sign-in')
    const response = await agent.post(
      '/sign-in',
      { username: 'police.om', password: 'demo-password-2026' },
      { csrf: 'forged' },
    )
    expect(response.statusCode).toBe(403)
    expect($(response.body)('h1').text()).toBe('Your form has expired')
  })

  it('requires a second factor for every account that is not a demo account', async () => {
    const secret = newTotpSecret()
    await t.database.db.insert(users).values({
      username: 'real.user',
      displayName: 'Real User',
      passwordHash: await hashPassword('a-long-password-1'),
      totpSecret: secret,
    })
    const [user] = await t.database.db.select().from(users).where(eq(users.username, 'real.user'))
    const [agency] = await t.database.db.select().from(agencies).where(eq(agencies.code, 'wyp'))
    await t.database.db.insert(memberships).values({
      userId: user!.id,
      agencyId: agency!.id,
      areaCodes: ['west-yorkshire'],
      roles: ['offender_manager'],
    })
    const agent = t.agent()
    const step1 = await agent.post('/sign-in', { username: 'real.user', password: 'a-long-password-1' })
    expect(step1.headers.location).toBe('/sign-in/code')
    expect((await agent.get('/')).headers.location).toContain('/sign-in')
    await agent.get('/sign-in/code')
    const bad = await agent.post('/sign-in/code', { code: '000000' })
    expect(bad.statusCode).toBe(401)
    const good = await agent.post('/sign-in/code', { code: await currentTotp(secret) })
    expect(good.statusCode).toBe(303)
    expect((await agent.get('/')).statusCode).toBe(200)
  })

  it('sends a user with several memberships to choose one, then shows the switcher', async () => {
    const agent = t.agent()
    await agent.post('/sign-in', { username: 'chair', password: 'demo-password-2026' })
    const choose = await agent.get('/choose-membership')
    const options = $(choose.body)('input[name=membershipId]')
    expect(options).toHaveLength(2)
    const chosen = await agent.post('/choose-membership', { membershipId: String(options.eq(1).val()) })
    expect(chosen.statusCode).toBe(303)
    const home = $((await agent.get('/')).body)
    expect(home('.moj-organisation-nav__link').text()).toBe('Change organisation')
  })
})

describe('sessions', () => {
  it('signing out ends the session everywhere: the old cookie no longer works', async () => {
    const agent = await t.signedIn('probation.pp')
    expect((await agent.get('/')).statusCode).toBe(200)
    const signOut = await agent.post('/sign-out', {})
    expect(signOut.statusCode).toBe(303)
    const after = await agent.get('/people')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toContain('/sign-in')
  })

  it('expires a session left idle past the timeout', async () => {
    const agent = await t.signedIn('coordinator')
    expect((await agent.get('/people')).statusCode).toBe(200)
    await t.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) })
    const after = await agent.get('/people')
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toBe('/sign-in?returnTo=%2Fpeople')
  })

  it('records sign-in events in the audit trail without personal data', async () => {
    const rows = await t.database.db.select().from(auditEvents).where(eq(auditEvents.event, 'SIGN_IN_FAILED'))
    expect(rows.length).toBeGreaterThan(0)
    expect(JSON.stringify(rows)).not.toContain('no.such.person')
  })
})
