import { existsSync } from 'node:fs'

/** Debian's Chromium (or CHROMIUM_PATH): the browser journeys never download a browser. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

export const chromiumInstalled = () => existsSync(chromiumPath())
