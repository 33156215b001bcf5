import Fastify, { type FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../../test/support/database.js'
import { loadConfig } from '../../config.js'
import type { DatabaseHandle } from '../../db/connection.js'
import { outbox } from '../../db/schema.js'
import { MAX_ATTEMPTS, sendOutbox } from './outbox.js'
import { SIGNIFICANT_EVENT_MESSAGE } from './service.js'

/** A Notify API key: a name, then the service id and the secret (two UUIDs). */
const API_KEY = `test-${'11111111-1111-4111-8111-111111111111'}-${'22222222-2222-4222-8222-222222222222'}`
const TEMPLATE = '33333333-3333-4333-8333-333333333333'

/** A fake GOV.UK Notify: answers as the real one does, or fails while `failing` is set. */
let notify: FastifyInstance
let baseUrl: string
let failing = false
const received: {
  template_id: string
  email_address: string
  personalisation: Record<string, string>
  reference: string
  authorization: string
}[] = []

let handle: DatabaseHandle
/** The sender's settings as the service's configuration gives them, Notify at the fake. */
const settings = () => {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    BASE_URL: 'https://mappa.example.gov.uk',
    NOTIFY_API_KEY: API_KEY,
    NOTIFY_BASE_URL: baseUrl,
    NOTIFY_TEMPLATE_SIGNIFICANT_EVENT: TEMPLATE,
  })
  return { notify: config.notify, baseUrl: config.baseUrl }
}

async function queue(recipient = 'vlo@probation.example.gov.uk') {
  const [row] = await handle.db
    .insert(outbox)
    .values({
      channel: 'email',
      template: SIGNIFICANT_EVENT_MESSAGE,
      recipient,
      personalisation: { event: 'Released', date: '1 June 2026', link: '/victim-alerts' },
    })
    .returning()
  return row!
}
const rowOf = async (id: string) => (await handle.db.select().from(outbox).where(eq(outbox.id, id)))[0]!

beforeAll(async () => {
  notify = Fastify()
  notify.post('/v2/notifications/email', async (request, reply) => {
    if (failing)
      return reply
        .code(500)
        .send({ status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] })
    received.push({
      ...(request.body as Omit<(typeof received)[number], 'authorization'>),
      authorization: request.headers.authorization ?? '',
    })
    return reply.code(201).send({ id: `notify-${received.length}`, content: {}, template: { id: TEMPLATE } })
  })
  baseUrl = await notify.listen({ port: 0, host: '127.0.0.1' })
  handle = await createTestDatabase({ demoData: false })
})
afterAll(async () => {
  await notify.close()
  await handle.close()
})
beforeEach(async () => {
  await handle.db.delete(outbox)
  received.length = 0
  failing = false
})

describe('the outbox sender (GOV.UK Notify)', () => {
  it('sends pending messages with the configured template and an absolute link, and marks them sent', async () => {
    const message = await queue()
    expect(await sendOutbox(handle.db, settings())).toEqual({ sent: 1, failed: 0, notConfigured: 0 })
    expect(received).toEqual([
      {
        template_id: TEMPLATE,
        email_address: 'vlo@probation.example.gov.uk',
        personalisation: {
          event: 'Released',
          date: '1 June 2026',
          link: 'https://mappa.example.gov.uk/victim-alerts',
        },
        reference: message.id,
        authorization: expect.stringMatching(/^Bearer /),
      },
    ])
    expect(await rowOf(message.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerId: 'notify-1',
      lastError: null,
    })
    // Sent once: a second run finds nothing to do.
    expect(await sendOutbox(handle.db, settings())).toEqual({ sent: 0, failed: 0, notConfigured: 0 })
  })

  it('keeps a failure with its error, tries it again later, and gives up after the last attempt', async () => {
    const message = await queue()
    failing = true
    expect(await sendOutbox(handle.db, settings())).toMatchObject({ failed: 1 })
    const failed = await rowOf(message.id)
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 500: Exception' })
    expect(failed.lastError).not.toContain('vlo@')

    failing = false
    expect(await sendOutbox(handle.db, settings())).toMatchObject({ sent: 1 })
    expect(await rowOf(message.id)).toMatchObject({ status: 'sent', attempts: 2 })

    const hopeless = await queue()
    failing = true
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await sendOutbox(handle.db, settings())
    expect(await rowOf(hopeless.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
  })

  it('keeps messages as not configured when Notify is not set up', async () => {
    const message = await queue()
    expect(await sendOutbox(handle.db, { notify: undefined, baseUrl: 'http://localhost:3000' })).toEqual({
      sent: 0,
      failed: 0,
      notConfigured: 1,
    })
    expect(await rowOf(message.id)).toMatchObject({ status: 'not_configured', attempts: 0 })
    expect(received).toEqual([])
    // Not sent later either: the in-app alert was the message.
    expect(await sendOutbox(handle.db, settings())).toEqual({ sent: 0, failed: 0, notConfigured: 0 })
  })
})
