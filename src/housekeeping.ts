import type { FastifyBaseLogger } from 'fastify'
import type { Database } from './db/connection.js'
import { pruneRateLimits } from './security/rate-limit-store.js'
import { PostgresSessionStore } from './security/session-store.js'

/** Removes expired sessions and rate-limit counters every few minutes. */
export function startHousekeeping(db: Database, log: FastifyBaseLogger, intervalMs = 5 * 60_000): () => void {
  const sessions = new PostgresSessionStore(db, 0)
  const timer = setInterval(() => {
    Promise.all([sessions.prune(), pruneRateLimits(db)]).catch((err: unknown) =>
      log.warn({ err }, 'housekeeping failed'),
    )
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
