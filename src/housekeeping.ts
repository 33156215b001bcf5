import type { FastifyBaseLogger } from 'fastify'
import type { Database } from './db/connection.js'
import { londonDateOf } from './domain/rules/dates.js'
import { refreshAllDueItems } from './features/caseload/due-items.js'
import { type OutboxSettings, sendOutbox } from './features/significant-events/outbox.js'
import { pruneRateLimits } from './security/rate-limit-store.js'
import { PostgresSessionStore } from './security/session-store.js'

/**
 * Removes expired sessions and rate-limit counters and sends the outbox (GOV.UK Notify) every few
 * minutes; refreshes due items daily.
 */
export function startHousekeeping(
  db: Database,
  log: FastifyBaseLogger,
  intervalMs = 5 * 60_000,
  options: { outbox?: OutboxSettings } = {},
): () => void {
  const sessions = new PostgresSessionStore(db, 0)
  const sendMail = async () => {
    if (!options.outbox) return
    const run = await sendOutbox(db, options.outbox)
    if (run.sent + run.failed > 0) log.info(run, 'outbox sent')
  }
  const timer = setInterval(() => {
    Promise.all([sessions.prune(), pruneRateLimits(db), sendMail()]).catch((err: unknown) =>
      log.warn({ err }, 'housekeeping failed'),
    )
  }, intervalMs)
  timer.unref()
  const stopDueItems = startDailyDueItemsRefresh(db, log)
  return () => {
    clearInterval(timer)
    stopDueItems()
  }
}

const DAY_MS = 24 * 60 * 60_000

/**
 * Works out everyone's due items again once a day (and soon after start), so that items that
 * fall due or become overdue with the date alone are right in every work queue.
 */
export function startDailyDueItemsRefresh(db: Database, log: FastifyBaseLogger, firstAfterMs = 60_000) {
  let lastDay: string | undefined
  const run = () => {
    const today = londonDateOf(new Date().toISOString())
    if (today === lastDay) return
    lastDay = today
    refreshAllDueItems(db, today)
      .then((count) => log.info({ count }, 'due items refreshed'))
      .catch((err: unknown) => {
        lastDay = undefined
        log.warn({ err }, 'due items refresh failed')
      })
  }
  const first = setTimeout(run, firstAfterMs)
  // Checked hourly so the refresh follows the London date, not the process's start time.
  const timer = setInterval(run, DAY_MS / 24)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
