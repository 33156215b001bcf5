// Start-up time of `npm start`: wall time from launching the command to the first healthy
// /health answer, on a new embedded database (cold: migrations, reference and demo data) and
// on the same database again (warm). Run: npx tsx bench/startup.ts [runs]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const port = 3990
const runs = Number(process.argv[2] ?? 3)

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://localhost:${port}/health`)).ok
  } catch {
    return false
  }
}

async function timeStart(dataDir: string): Promise<number> {
  const started = performance.now()
  const child = spawn('npm', ['start'], {
    env: { ...embeddedEnv, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  })
  const deadline = started + 120_000
  while (!(await healthy())) {
    if (performance.now() > deadline) throw new Error('the service did not become healthy within 120 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const seconds = (performance.now() - started) / 1000
  process.kill(-child.pid!, 'SIGTERM')
  while (await healthy()) await new Promise((resolve) => setTimeout(resolve, 100))
  await new Promise((resolve) => setTimeout(resolve, 1000))
  return seconds
}

// Always the embedded database, whatever this shell points at.
const { DATABASE_URL: _unused, ...embeddedEnv } = process.env

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const cold: number[] = []
const warm: number[] = []
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ppcm-bench-'))
  cold.push(await timeStart(dataDir))
  warm.push(await timeStart(dataDir))
  rmSync(dataDir, { recursive: true, force: true })
}
console.log(`cold start: median ${median(cold).toFixed(1)} s (${cold.map((s) => s.toFixed(1)).join(', ')})`)
console.log(`warm start: median ${median(warm).toFixed(1)} s (${warm.map((s) => s.toFixed(1)).join(', ')})`)
