import { fileURLToPath } from 'node:url'

/** The project folder: `src/..` when run with tsx, `dist/..` when run from the build. */
export const appRoot = fileURLToPath(new URL('..', import.meta.url))
