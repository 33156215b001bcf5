import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { AgencyType } from '../domain/agency-types.js'
import type { Database } from '../db/connection.js'
import { agencies, apiKeys } from '../db/schema.js'
import type { Principal } from './principal.js'
import { isPermission, type Permission, permissionsOf } from './roles.js'

/** Without scopes, a key may do what an offender manager of its agency's area may do. */
export const DEFAULT_API_SCOPES: Permission[] = [...permissionsOf(['offender_manager'])]

// Keys carry 256 random bits, so a fast hash is enough: they cannot be guessed or brute-forced.
const digest = (key: string) => createHash('sha256').update(key).digest('hex')

export class UnknownScopeError extends Error {}

export async function createApiKey(
  db: Database,
  input: { agencyId: string; name: string; scopes?: string[] },
): Promise<{ id: string; key: string; scopes: Permission[] }> {
  const scopes = input.scopes?.length ? input.scopes : DEFAULT_API_SCOPES
  const unknown = scopes.filter((s) => !isPermission(s))
  if (unknown.length) throw new UnknownScopeError(`Unknown scope: ${unknown.join(', ')}`)
  const prefix = randomBytes(6).toString('hex')
  const key = `ppk_${prefix}_${randomBytes(32).toString('base64url')}`
  const [row] = await db
    .insert(apiKeys)
    .values({ agencyId: input.agencyId, name: input.name, prefix, keyHash: digest(key), scopes })
    .returning({ id: apiKeys.id })
  return { id: row!.id, key, scopes: scopes as Permission[] }
}

export async function revokeApiKey(db: Database, id: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id })
  return rows.length > 0
}

/** The principal behind a bearer key, or undefined for an unknown, malformed or revoked key. */
export async function apiKeyPrincipal(db: Database, key: string): Promise<Principal | undefined> {
  const prefix = /^ppk_([0-9a-f]{12})_[\w-]{43}$/.exec(key)?.[1]
  if (!prefix) return undefined
  const [row] = await db
    .select({ key: apiKeys, agency: agencies })
    .from(apiKeys)
    .innerJoin(agencies, eq(agencies.id, apiKeys.agencyId))
    .where(eq(apiKeys.prefix, prefix))
  if (!row || row.key.revokedAt) return undefined
  const expected = Buffer.from(row.key.keyHash, 'hex')
  if (!timingSafeEqual(expected, Buffer.from(digest(key), 'hex'))) return undefined
  // Noted at most once a minute: a write on every call would cost partners' requests time.
  const now = new Date()
  if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id))
  }
  return {
    kind: 'api_key',
    apiKeyId: row.key.id,
    displayName: row.key.name,
    membership: {
      id: row.key.id,
      agencyId: row.agency.id,
      agencyCode: row.agency.code,
      agencyName: row.agency.name,
      agencyType: row.agency.type as AgencyType,
      areaCodes: [row.agency.areaCode],
      roles: [],
    },
    permissions: new Set(row.key.scopes.filter(isPermission)),
  }
}
