import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { DatabaseInUseError } from './db/connection.js'
import { DEMO_PASSWORD, DEMO_USERS } from './db/demo-data.js'
import { openPreparedDatabase } from './db/prepare.js'
import { startHousekeeping } from './housekeeping.js'

const startedAt = performance.now()
const config = loadConfig()

let prepared
try {
  prepared = await openPreparedDatabase(config)
} catch (error) {
  if (error instanceof DatabaseInUseError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
const { handle, demo } = prepared
const app = await buildApp({ config, database: handle })
const stopHousekeeping = startHousekeeping(handle.db, app.log, undefined, {
  outbox: { notify: config.notify, baseUrl: config.baseUrl },
})

app.log.info(
  { database: handle.kind, location: handle.location },
  handle.kind === 'pglite'
    ? `Using the embedded database (PGlite) in ${handle.location} – for one machine, demos and tests`
    : `Using PostgreSQL at ${handle.location}`,
)
if (demo === 'refused') {
  app.log.warn('Demo data was not loaded: this database already has user accounts')
}

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  stopHousekeeping()
  await app.close()
  await handle.close()
})

await app.listen({ port: config.port, host: config.host })
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
if (demo === 'loaded' || demo === 'already_loaded') {
  const accounts = DEMO_USERS.map(
    (u) => `  ${u.username.padEnd(14)} ${u.memberships[0]!.roles.join(', ')}`,
  ).join('\n')
  console.log(
    `\nDemo accounts (no second factor; demo data only), password "${DEMO_PASSWORD}":\n${accounts}\n`,
  )
}
console.log(
  `MAPPA case management is ready on ${config.baseUrl} (database: ${handle.kind}, started in ${seconds}s)`,
)
