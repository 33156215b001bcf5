// The README's test command: the unit and route tests, then the browser journeys in Debian's
// Chromium when it is installed (they say clearly that they were skipped otherwise).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { stdio: 'inherit', shell: false }).status ?? 1

const unit = run('npx', ['vitest', 'run'])
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
let e2e = 0
if (existsSync(chromium)) {
  e2e = run('npx', ['playwright', 'test'])
} else {
  console.log(
    `\nBrowser journeys SKIPPED: no Chromium at ${chromium}. Install Debian's chromium ` +
      '(apt-get install chromium) or set CHROMIUM_PATH, then run npm test again.\n',
  )
}
process.exit(unit || e2e)
