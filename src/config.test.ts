import { describe, expect, it } from 'vitest'
import { loadConfig } from './config.js'

describe('configuration', () => {
  it('uses the embedded database with demo data by default, and PostgreSQL without it when DATABASE_URL is set', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      dataDir: './data',
      databaseUrl: undefined,
      demoData: true,
    })
    const pgConfig = loadConfig({ DATABASE_URL: 'postgres://localhost/ppcm' })
    expect(pgConfig.demoData).toBe(false)
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/ppcm', DEMO_DATA: 'true' }).demoData).toBe(true)
  })

  it('fails fast, naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DEMO_DATA: 'yes' })).toThrow(/PORT[\s\S]*DEMO_DATA/)
  })

  it('takes sealing keys as base64 32-byte keys, and needs a template with a Notify key', () => {
    const key = Buffer.alloc(32, 1).toString('base64')
    const other = Buffer.alloc(32, 2).toString('base64')
    expect(loadConfig({ SEALING_KEY: key, SEALING_PREVIOUS_KEYS: `${other},${key}` }).sealing).toEqual({
      key,
      previousKeys: [other, key],
    })
    expect(() => loadConfig({ SEALING_KEY: 'short' })).toThrow(/SEALING_KEY/)
    expect(loadConfig({}).notify).toBeUndefined()
    expect(() => loadConfig({ NOTIFY_API_KEY: 'k' })).toThrow(/NOTIFY_TEMPLATE_SIGNIFICANT_EVENT/)
    expect(loadConfig({ NOTIFY_API_KEY: 'k', NOTIFY_TEMPLATE_SIGNIFICANT_EVENT: 't' }).notify).toEqual({
      apiKey: 'k',
      baseUrl: undefined,
      significantEventTemplate: 't',
    })
  })
})
