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
})
