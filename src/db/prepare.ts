import type { Config } from '../config.js'
import { type Sealer, sealerFor } from '../security/sealing.js'
import { type DatabaseHandle, openDatabase } from './connection.js'
import { type DemoOutcome, loadDemoData } from './demo-data.js'
import { loadReferenceData } from './reference-data.js'

/**
 * What every opener of the database does first: migrate, load reference data, and demo data if
 * on. Demo victims are sealed, so they are loaded only when a sealer is given.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  config: Pick<Config, 'demoData'>,
  sealer?: Sealer,
) {
  await handle.migrate()
  await loadReferenceData(handle.db)
  const demo: DemoOutcome | 'off' = config.demoData ? await loadDemoData(handle.db, sealer) : 'off'
  return { demo }
}

export async function openPreparedDatabase(config: Config) {
  const handle = await openDatabase(config)
  try {
    return { handle, ...(await prepareDatabase(handle, config, await sealerFor(config))) }
  } catch (error) {
    await handle.close()
    throw error
  }
}
