import * as cheerio from 'cheerio'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/connection.js'
import { DEMO_PASSWORD } from '../../src/db/demo-data.js'
import { createTestDatabase } from './database.js'

export interface TestApp {
  app: FastifyInstance
  database: DatabaseHandle
  /** A browser-like client: keeps cookies and sends the CSRF token with every form. */
  agent(): Agent
  signedIn(username: string, password?: string): Promise<Agent>
  close(): Promise<void>
}

export class Agent {
  private cookies = new Map<string, string>()
  private csrf: string | undefined

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as {
      name: string
      value: string
      maxAge?: number
      expires?: Date
    }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now())
      if (expired || cookie.value === '') this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1]
    if (token) this.csrf = token
    return response
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }),
    )
  }

  /** Posts a form as a browser would, fetching a CSRF token first if none is held. */
  async post(url: string, form: Record<string, string>, options: { csrf?: string | false } = {}) {
    if (this.csrf === undefined && options.csrf === undefined) await this.get('/sign-in')
    const token = options.csrf === false ? undefined : (options.csrf ?? this.csrf)
    const body = new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...form }).toString()
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    )
  }

  /** Refreshes the CSRF token from a page (as a browser holds the one in the form it shows). */
  async refreshCsrf(url = '/') {
    await this.get(url)
  }

  forgetCookies() {
    this.cookies.clear()
  }
}

export const $ = (html: string) => cheerio.load(html)

export const TEST_SEALING_KEY = Buffer.alloc(32, 7).toString('base64')

export async function createTestApp(
  env: Record<string, string> = {},
  options: { demoData?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(options)
  // A fixed key: tests never write a key file into the data directory.
  const config = loadConfig({ LOG_LEVEL: 'silent', SEALING_KEY: TEST_SEALING_KEY, ...env })
  const app = await buildApp({ config, database })
  await app.ready()
  const agent = () => new Agent(app)
  return {
    app,
    database,
    agent,
    async signedIn(username, password = DEMO_PASSWORD) {
      const a = agent()
      await a.get('/sign-in')
      const response = await a.post('/sign-in', { username, password })
      if (response.statusCode !== 303)
        throw new Error(`sign-in as ${username} failed: ${response.statusCode}`)
      await a.refreshCsrf()
      return a
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
}
