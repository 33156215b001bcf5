import { eq, sql } from 'drizzle-orm'
import type { Database } from '../db/connection.js'
import { signInFailures, users } from '../db/schema.js'
import { findUserById, findUserByUsername, type UserRow } from './accounts.js'
import { passwordMatches } from './passwords.js'
import { totpMatches } from './totp.js'

export interface LockoutPolicy {
  maxFailures: number
  lockoutMinutes: number
}

export type SignInResult =
  | { outcome: 'signed_in' | 'needs_code' | 'needs_code_setup'; user: UserRow }
  | { outcome: 'invalid' | 'locked' }

/**
 * Counters are kept per username typed, whether or not the account exists, so neither the
 * message nor the lockout tells anyone which accounts exist.
 */
async function isLocked(db: Database, key: string, now: Date): Promise<boolean> {
  const [row] = await db.select().from(signInFailures).where(eq(signInFailures.key, key))
  return !!row?.lockedUntil && row.lockedUntil > now
}

async function recordFailure(db: Database, key: string, policy: LockoutPolicy, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - policy.lockoutMinutes * 60_000)
  const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000)
  await db
    .insert(signInFailures)
    .values({
      key,
      failures: 1,
      firstFailedAt: now,
      lockedUntil: policy.maxFailures <= 1 ? lockedUntil : null,
    })
    .onConflictDoUpdate({
      target: signInFailures.key,
      set: {
        failures: sql`case when ${signInFailures.firstFailedAt} < ${windowStart} then 1 else ${signInFailures.failures} + 1 end`,
        firstFailedAt: sql`case when ${signInFailures.firstFailedAt} < ${windowStart} then ${now} else ${signInFailures.firstFailedAt} end`,
        lockedUntil: sql`case when ${signInFailures.firstFailedAt} >= ${windowStart} and ${signInFailures.failures} + 1 >= ${policy.maxFailures} then ${lockedUntil}::timestamptz else null end`,
      },
    })
}

const clearFailures = (db: Database, key: string) =>
  db.delete(signInFailures).where(eq(signInFailures.key, key))

const normalise = (username: string) => username.trim().toLowerCase()

export async function checkPassword(
  db: Database,
  policy: LockoutPolicy,
  username: string,
  password: string,
  now = new Date(),
): Promise<SignInResult> {
  const key = normalise(username)
  if (await isLocked(db, key, now)) return { outcome: 'locked' }
  const user = await findUserByUsername(db, key)
  const usable = user && !user.disabledAt && user.passwordHash
  const matches = await passwordMatches(usable ? user.passwordHash : null, password)
  if (!usable || !matches) {
    await recordFailure(db, key, policy, now)
    return { outcome: 'invalid' }
  }
  if (user.isDemo) {
    await clearFailures(db, key)
    return { outcome: 'signed_in', user }
  }
  return { outcome: user.totpSecret ? 'needs_code' : 'needs_code_setup', user }
}

/** Second step: the code from the user's authenticator app (set up now, or already enrolled). */
export async function checkCode(
  db: Database,
  policy: LockoutPolicy,
  userId: string,
  code: string,
  enrollingSecret?: string,
  now = new Date(),
): Promise<SignInResult> {
  const user = await findUserById(db, userId)
  if (!user || user.disabledAt) return { outcome: 'invalid' }
  const key = normalise(user.username)
  if (await isLocked(db, key, now)) return { outcome: 'locked' }
  const secret = enrollingSecret ?? user.totpSecret
  if (!secret || !(await totpMatches(secret, code))) {
    await recordFailure(db, key, policy, now)
    return { outcome: 'invalid' }
  }
  if (enrollingSecret)
    await db.update(users).set({ totpSecret: enrollingSecret }).where(eq(users.id, user.id))
  await clearFailures(db, key)
  return { outcome: 'signed_in', user }
}

export async function markSignedIn(db: Database, userId: string, now = new Date()): Promise<void> {
  await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId))
}
