import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Database } from '../db/connection.js'
import { settings } from '../db/schema.js'

/**
 * The configured secret, or one generated once and kept in the database, so every instance
 * signs cookies alike without an operator having to invent one.
 */
export async function sessionSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured
  await db
    .insert(settings)
    .values({ key: 'session_secret', value: randomBytes(48).toString('base64url') })
    .onConflictDoNothing()
  const [row] = await db.select().from(settings).where(eq(settings.key, 'session_secret'))
  return row!.value
}
