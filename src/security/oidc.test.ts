import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeOidcProvider, startFakeOidcProvider } from '../../test/support/fake-oidc-provider.js'
import { $, type Agent, createTestApp, type TestApp } from '../../test/support/test-app.js'
import { auditEvents, users } from '../db/schema.js'
import { allowsInsecureRequests } from './oidc.js'

const BASE_URL = 'http://localhost:3000'
const LINKED_SUBJECT = 'idp|priya.shah'
const DISABLED_SUBJECT = 'idp|disabled.user'

let provider: FakeOidcProvider
let t: TestApp

beforeAll(async () => {
  provider = await startFakeOidcProvider()
  t = await createTestApp({
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    BASE_URL,
  })
  const { db } = t.database
  await db.update(users).set({ oidcSubject: LINKED_SUBJECT }).where(eq(users.username, 'police.om'))
  await db
    .update(users)
    .set({ oidcSubject: DISABLED_SUBJECT, disabledAt: new Date() })
    .where(eq(users.username, 'probation.pp'))
})
afterAll(async () => {
  await t?.close()
  await provider?.close()
})

/** Leaves for the provider, signs in there as `subject`, and returns the callback path and query. */
async function throughProvider(agent: Agent, subject: string): Promise<URL> {
  const start = await agent.get('/sign-in/oidc')
  expect(start.statusCode).toBe(303)
  const authorize = new URL(String(start.headers.location))
  expect(authorize.origin).toBe(provider.issuer)
  provider.subject = subject
  const response = await fetch(authorize, { redirect: 'manual' })
  expect(response.status).toBe(302)
  const callback = new URL(response.headers.get('location')!)
  expect(`${callback.origin}${callback.pathname}`).toBe(`${BASE_URL}/sign-in/oidc/callback`)
  return callback
}

const pathOf = (url: URL) => `${url.pathname}${url.search}`

async function lastAudit(event: string) {
  const rows = await t.database.db.select().from(auditEvents).where(eq(auditEvents.event, event))
  return rows.at(-1)
}

describe('OIDC sign-in', () => {
  it('offers the organisation sign-in on the sign-in page', async () => {
    const page = $((await t.agent().get('/sign-in')).body)
    expect(page('a[href="/sign-in/oidc"]').text()).toContain('organisation account')
  })

  it('sends the browser to the provider with PKCE, state, nonce and the configured redirect URI', async () => {
    const start = await t.agent().get('/sign-in/oidc')
    expect(start.statusCode).toBe(303)
    const authorize = new URL(String(start.headers.location))
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/authorize`)
    const q = authorize.searchParams
    expect(q.get('client_id')).toBe(provider.clientId)
    expect(q.get('response_type')).toBe('code')
    expect(q.get('redirect_uri')).toBe(`${BASE_URL}/sign-in/oidc/callback`)
    expect(q.get('scope')).toBe('openid email profile')
    expect(q.get('code_challenge_method')).toBe('S256')
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(q.get('state')).toBeTruthy()
    expect(q.get('nonce')).toBeTruthy()
  })

  it('signs a linked user in without a second code and shows their name', async () => {
    const agent = t.agent()
    const callback = await throughProvider(agent, LINKED_SUBJECT)
    const response = await agent.get(pathOf(callback))
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/')
    const home = await agent.get('/')
    expect(home.statusCode).toBe(200)
    expect($(home.body)('[data-qa=user-name]').text()).toBe('Priya Shah')
    const [user] = await t.database.db.select().from(users).where(eq(users.username, 'police.om'))
    expect((await lastAudit('SIGNED_IN'))?.actorUserId).toBe(user!.id)
    expect(provider.refusals).toEqual([])
  })

  it('refuses a subject that is not linked to any user, and audits it', async () => {
    const agent = t.agent()
    const callback = await throughProvider(agent, 'idp|somebody-else')
    const response = await agent.get(pathOf(callback))
    expect(response.statusCode).toBe(403)
    expect($(response.body)('main').text()).toContain(
      'Your organisation account is not linked to this service. Ask your administrator.',
    )
    const audit = await lastAudit('SIGN_IN_FAILED')
    expect(audit).toMatchObject({ outcome: 'denied', actorUserId: null })
    expect((await agent.get('/')).statusCode).toBe(303)
  })

  it('refuses a linked user who has been disabled', async () => {
    const agent = t.agent()
    const callback = await throughProvider(agent, DISABLED_SUBJECT)
    const response = await agent.get(pathOf(callback))
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('Your organisation account is not linked to this service.')
  })

  it('refuses a tampered state', async () => {
    const agent = t.agent()
    const callback = await throughProvider(agent, LINKED_SUBJECT)
    callback.searchParams.set('state', 'tampered')
    const response = await agent.get(pathOf(callback))
    expect(response.statusCode).toBe(400)
    expect($(response.body)('main').text()).toContain('Sign-in did not complete. Try again.')
    expect((await agent.get('/')).statusCode).toBe(303)
  })

  it('refuses a callback that does not belong to this browser session', async () => {
    const callback = await throughProvider(t.agent(), LINKED_SUBJECT)
    const response = await t.agent().get(pathOf(callback))
    expect(response.statusCode).toBe(400)
  })

  it('refuses a callback used twice', async () => {
    const agent = t.agent()
    const callback = await throughProvider(agent, LINKED_SUBJECT)
    expect((await agent.get(pathOf(callback))).statusCode).toBe(303)
    expect((await agent.get(pathOf(callback))).statusCode).toBe(400)
  })

  it('shows the failure page when the provider returns an error', async () => {
    const agent = t.agent()
    const start = await agent.get('/sign-in/oidc')
    const state = new URL(String(start.headers.location)).searchParams.get('state')!
    const response = await agent.get(
      `/sign-in/oidc/callback?${new URLSearchParams({ error: 'access_denied', state })}`,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Sign-in did not complete')
  })
})

describe('OIDC not configured', () => {
  let plain: TestApp
  beforeAll(async () => {
    plain = await createTestApp()
  })
  afterAll(() => plain?.close())

  it('has no OIDC routes and no link', async () => {
    const agent = plain.agent()
    expect((await agent.get('/sign-in/oidc')).statusCode).toBe(404)
    expect((await agent.get('/sign-in/oidc/callback?code=x&state=y')).statusCode).toBe(404)
    expect($((await agent.get('/sign-in')).body)('a[href="/sign-in/oidc"]').length).toBe(0)
  })
})

describe('allowsInsecureRequests', () => {
  it('allows plain http only for a loopback issuer', () => {
    expect(allowsInsecureRequests(new URL('http://localhost:8080'))).toBe(true)
    expect(allowsInsecureRequests(new URL('http://127.0.0.1:8080/realms/x'))).toBe(true)
    expect(allowsInsecureRequests(new URL('http://[::1]:8080'))).toBe(true)
    expect(allowsInsecureRequests(new URL('http://idp.example.org'))).toBe(false)
    expect(allowsInsecureRequests(new URL('http://localhost.example.org'))).toBe(false)
    expect(allowsInsecureRequests(new URL('https://idp.example.org'))).toBe(false)
  })
})
