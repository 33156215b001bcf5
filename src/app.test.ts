import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../test/support/database.js'
import { $, Agent, createTestApp, type TestApp } from '../test/support/test-app.js'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

let t: TestApp

beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

describe('the service', () => {
  it('reports health with the database in use', async () => {
    const response = await t.app.inject('/health')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      status: 'UP',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    })
  })

  it('serves pages with a nonce-based content security policy and no framing', async () => {
    const response = await t.app.inject('/sign-in')
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]
    expect($(response.body)('script').first().attr('nonce')).toBe(nonce)
  })

  it('gives an accessible 404 page with the marking, and JSON 404 under /api', async () => {
    const page = await t.app.inject('/no-such-page')
    expect(page.statusCode).toBe(404)
    expect($(page.body)('h1').text()).toBe('Page not found')
    expect($(page.body)('.app-marking').first().text()).toBe('OFFICIAL-SENSITIVE')
    const api = await t.app.inject('/api/v1/no-such-thing')
    expect(api.statusCode).toBe(404)
    expect(api.json()).toEqual({ errors: [{ path: '', message: 'Not found' }] })
  })

  it('publishes the API documentation and its OpenAPI document without sign-in', async () => {
    expect((await t.app.inject('/api/docs/json')).statusCode).toBe(200)
    expect((await t.app.inject('/api/docs')).statusCode).toBeLessThan(400)
  })

  it('sends people who are not signed in to sign in, and back afterwards', async () => {
    const agent = t.agent()
    const response = await agent.get('/people?q=smith')
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fpeople%3Fq%3Dsmith')
    await agent.get(response.headers.location!)
    const signedIn = await agent.post('/sign-in', { username: 'police.om', password: 'demo-password-2026' })
    expect(signedIn.headers.location).toBe('/people?q=smith')
  })

  it('never redirects off the site after sign-in', async () => {
    const agent = t.agent()
    await agent.get('/sign-in?returnTo=//evil.example/')
    const signedIn = await agent.post('/sign-in', { username: 'police.om', password: 'demo-password-2026' })
    expect(signedIn.headers.location).toBe('/')
  })
})

describe('default deny', () => {
  it('refuses a route that does not declare who may use it, even to a signed-in user', async () => {
    const database = await createTestDatabase()
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database })
    app.get('/undeclared', async () => 'should not be reachable')
    try {
      const agent = new Agent(app)
      await agent.post('/sign-in', { username: 'police.om', password: 'demo-password-2026' })
      const response = await agent.get('/undeclared')
      expect(response.statusCode).toBe(403)
      expect(response.body).not.toContain('should not be reachable')
    } finally {
      await app.close()
      await database.close()
    }
  })
})
