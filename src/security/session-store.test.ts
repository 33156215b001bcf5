import type { FastifySessionObject } from '@fastify/session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../../test/support/database.js'
import type { DatabaseHandle } from '../db/connection.js'
import { PostgresSessionStore } from './session-store.js'

let handle: DatabaseHandle
let store: PostgresSessionStore

const session = (userId: string) => ({ userId, cookie: {} }) as unknown as FastifySessionObject
const call = <T>(fn: (cb: (error?: unknown, value?: T) => void) => void) =>
  new Promise<T | undefined>((resolve, reject) =>
    fn((error, value) => (error ? reject(error) : resolve(value))),
  )

beforeAll(async () => {
  handle = await createTestDatabase({ demoData: false })
  store = new PostgresSessionStore(handle.db, 60_000)
})
afterAll(() => handle.close())

describe('session store', () => {
  it('keeps a session and gives it back', async () => {
    await call((cb) => store.set('live', session('u1'), cb))
    expect(await call((cb) => store.get('live', cb))).toMatchObject({ userId: 'u1' })
  })

  it('does not bring a signed-out session back when a request still in flight saves it', async () => {
    await call((cb) => store.set('ended', session('u1'), cb))
    await call((cb) => store.destroy('ended', cb))
    await call((cb) => store.set('ended', session('u1'), cb))
    expect(await call((cb) => store.get('ended', cb))).toBeNull()
  })
})
