import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

// The journeys always run the service on a fresh embedded database with the demo data.
delete process.env.DATABASE_URL
process.env.DEMO_DATA = 'true'
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'ppcm-e2e-'))
await import('../../src/main.js')
