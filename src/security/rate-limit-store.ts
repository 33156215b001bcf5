import { lt, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../db/connection.js'
import { rateLimitHits } from '../db/schema.js'

type Result = { current: number; ttl: number }
type Callback = (error: Error | null, result?: Result) => void

/** A @fastify/rate-limit store whose counters live in PostgreSQL, shared by every instance. */
export function postgresRateLimitStore(db: Database) {
  return class PostgresRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      db.execute(
        sql`insert into rate_limit_hits (key, count, reset_at)
            values (${key}, 1, now() + ${timeWindow} * interval '1 millisecond')
            on conflict (key) do update set
              count = case when rate_limit_hits.reset_at <= now() then 1 else rate_limit_hits.count + 1 end,
              reset_at = case when rate_limit_hits.reset_at <= now() then excluded.reset_at
                              else rate_limit_hits.reset_at end
            returning count, (extract(epoch from reset_at - now()) * 1000)::int as ttl`,
      ).then((result) => {
        const [row] = rowsOf<{ count: number; ttl: number }>(result)
        callback(null, { current: Number(row?.count ?? 1), ttl: Math.max(0, Number(row?.ttl ?? timeWindow)) })
      }, callback)
    }

    child() {
      return new PostgresRateLimitStore()
    }
  }
}

export async function pruneRateLimits(db: Database): Promise<void> {
  await db.delete(rateLimitHits).where(lt(rateLimitHits.resetAt, new Date()))
}
