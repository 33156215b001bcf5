import type { FastifySessionObject, SessionStore } from '@fastify/session'
import { eq, lt } from 'drizzle-orm'
import type { Database } from '../db/connection.js'
import { sessions } from '../db/schema.js'

type Callback = (error?: unknown) => void
type SessionCallback = (error: unknown, session?: FastifySessionObject | null) => void

/**
 * Sessions live in PostgreSQL so every instance shares them and sign-out ends them everywhere.
 * Each save pushes the expiry on by the idle timeout; an expired row reads as no session.
 */
export class PostgresSessionStore implements SessionStore {
  constructor(
    private readonly db: Database,
    private readonly idleMs: number,
  ) {}

  set(sid: string, session: FastifySessionObject, callback: Callback): void {
    const expiresAt = new Date(Date.now() + this.idleMs)
    const data = JSON.parse(JSON.stringify(session)) as object
    this.db
      .insert(sessions)
      .values({ sid, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } })
      .then(() => callback(null), callback)
  }

  get(sid: string, callback: SessionCallback): void {
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.sid, sid))
      .then(([row]) => {
        const live = row && row.expiresAt > new Date()
        callback(null, live ? (row.data as FastifySessionObject) : null)
      }, callback)
  }

  destroy(sid: string, callback: Callback): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => callback(null), callback)
  }

  /** Removes expired rows; run from the housekeeping timer. */
  async prune(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()))
  }
}
