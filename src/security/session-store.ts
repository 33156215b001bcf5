import type { FastifySessionObject, SessionStore } from '@fastify/session'
import { eq, gt, lt } from 'drizzle-orm'
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
      // A request still in flight when its session ended (sign-out, idle expiry) must not
      // bring the session back: only a live session is updated.
      .onConflictDoUpdate({
        target: sessions.sid,
        set: { data, expiresAt },
        where: gt(sessions.expiresAt, new Date()),
      })
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

  /** Ends the session at once; the row stays, expired, until pruned, so nothing revives it. */
  destroy(sid: string, callback: Callback): void {
    this.db
      .update(sessions)
      .set({ expiresAt: new Date(0) })
      .where(eq(sessions.sid, sid))
      .then(() => callback(null), callback)
  }

  /** Removes rows expired over an hour ago (long after any request could still save them). */
  async prune(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date(Date.now() - 3_600_000)))
  }
}
