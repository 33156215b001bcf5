import { and, asc, eq, lt, or } from 'drizzle-orm'
import { NotifyClient } from 'notifications-node-client'
import type { Config } from '../../config.js'
import type { Database } from '../../db/connection.js'
import { outbox } from '../../db/schema.js'
import { SIGNIFICANT_EVENT_MESSAGE } from './service.js'

/** A failed message is tried again on later runs until it has been tried this many times. */
export const MAX_ATTEMPTS = 5
const BATCH = 50

export interface OutboxSettings {
  notify: Config['notify']
  /** The service's public address: links in messages are made absolute with it. */
  baseUrl: string
}

export interface OutboxRun {
  sent: number
  failed: number
  notConfigured: number
}

/** What Notify (or the network) said, without the message's recipient or content. */
function errorText(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: { errors?: { error?: string }[] } } })
    .response
  if (response?.status)
    return `HTTP ${response.status}${response.data?.errors?.[0]?.error ? `: ${response.data.errors[0].error}` : ''}`
  return error instanceof Error ? error.message.slice(0, 200) : 'Unknown error'
}

/**
 * Sends what the outbox holds by GOV.UK Notify. Without Notify configured, pending messages are
 * marked `not_configured` and kept (the in-app alert is the message). Each message is claimed
 * by moving its attempt count on, so several instances never send one twice; a failure is kept
 * with its error and tried again on later runs, up to MAX_ATTEMPTS.
 */
export async function sendOutbox(db: Database, settings: OutboxSettings): Promise<OutboxRun> {
  const run: OutboxRun = { sent: 0, failed: 0, notConfigured: 0 }
  const { notify } = settings
  if (!notify) {
    const rows = await db
      .update(outbox)
      .set({ status: 'not_configured' })
      .where(eq(outbox.status, 'pending'))
      .returning({ id: outbox.id })
    run.notConfigured = rows.length
    return run
  }
  const client = notify.baseUrl
    ? new NotifyClient(notify.baseUrl, notify.apiKey)
    : new NotifyClient(notify.apiKey)
  const due = await db
    .select()
    .from(outbox)
    .where(
      or(eq(outbox.status, 'pending'), and(eq(outbox.status, 'failed'), lt(outbox.attempts, MAX_ATTEMPTS))),
    )
    .orderBy(asc(outbox.createdAt))
    .limit(BATCH)
  for (const message of due) {
    const [claimed] = await db
      .update(outbox)
      .set({ attempts: message.attempts + 1 })
      .where(and(eq(outbox.id, message.id), eq(outbox.attempts, message.attempts)))
      .returning({ id: outbox.id })
    if (!claimed) continue
    const template =
      message.template === SIGNIFICANT_EVENT_MESSAGE ? notify.significantEventTemplate : message.template
    const personalisation = { ...(message.personalisation as Record<string, string>) }
    if (personalisation.link)
      personalisation.link = new URL(personalisation.link, settings.baseUrl).toString()
    try {
      const response = await client.sendEmail(template, message.recipient, {
        personalisation,
        reference: message.id,
      })
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: new Date(), providerId: response.data.id, lastError: null })
        .where(eq(outbox.id, message.id))
      run.sent += 1
    } catch (error) {
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: errorText(error) })
        .where(eq(outbox.id, message.id))
      run.failed += 1
    }
  }
  return run
}
