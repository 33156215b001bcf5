import { eq, lt } from 'drizzle-orm'
import type { Database } from '../db/connection.js'
import { sessions } from '../db/schema.js'

type Callback<T = void> = (error?: Error | null, value?: T) => void

/**
 * Sessions live in PostgreSQL so every instance shares them and sign-out ends them everywhere.
 * Each save pushes the expiry on by the idle timeout; an expired row reads as no session.
 */
export class PostgresSessionStore {
  constructor(
    private readonly db: Database,
    private readonly idleMs: number,
  ) {}

  set(sid: string, session: object, callback: Callback): void {
    const expiresAt = new Date(Date.now() + this.idleMs)
    const data = JSON.parse(JSON.stringify(session)) as object
    this.db
      .insert(sessions)
      .values({ sid, data, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } })
      .then(() => callback(null), callback)
  }

  get(sid: string, callback: Callback<object | null>): void {
    this.db
      .select()
      .from(sessions)
      .where(eq(sessions.sid, sid))
      .then(([row]) => callback(null, row && row.expiresAt > new Date() ? (row.data as object) : null), callback)
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
