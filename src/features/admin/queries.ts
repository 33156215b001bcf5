import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { agencies, memberships, users } from '../../db/schema.js'

export type AgencyRow = typeof agencies.$inferSelect

export interface MembershipRow {
  id: string
  userId: string
  agencyCode: string
  agencyName: string
  areaCodes: string[]
  roles: string[]
}

/** What the administrator sees about an account: never its password hash or second-factor secret. */
export interface AccountRow {
  id: string
  username: string
  displayName: string
  email: string | null
  isDemo: boolean
  secondFactorSetUp: boolean
  disabledAt: Date | null
  lastSignInAt: Date | null
  createdAt: Date
}

const accountColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  isDemo: users.isDemo,
  totpSecret: users.totpSecret,
  disabledAt: users.disabledAt,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
}

const toAccount = ({
  totpSecret,
  ...row
}: { totpSecret: string | null } & Omit<AccountRow, 'secondFactorSetUp'>) => ({
  ...row,
  secondFactorSetUp: totpSecret !== null,
})

/** Postgres unique_violation, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true
  }
  return false
}

export async function listAccounts(db: Database): Promise<AccountRow[]> {
  const rows = await db.select(accountColumns).from(users).orderBy(asc(users.username))
  return rows.map(toAccount)
}

export async function findAccount(db: Database, id: string): Promise<AccountRow | undefined> {
  const [row] = await db.select(accountColumns).from(users).where(eq(users.id, id))
  return row && toAccount(row)
}

export async function usernameTaken(db: Database, username: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username))
  return !!row
}

/** Memberships of the given users (all users if none given), agency name order. */
export async function membershipsOfUsers(db: Database, userIds?: string[]): Promise<MembershipRow[]> {
  if (userIds && userIds.length === 0) return []
  return db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      agencyCode: agencies.code,
      agencyName: agencies.name,
      areaCodes: memberships.areaCodes,
      roles: memberships.roles,
    })
    .from(memberships)
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(userIds ? inArray(memberships.userId, userIds) : undefined)
    .orderBy(asc(agencies.name), asc(memberships.createdAt))
}

export async function insertUser(
  db: Database,
  user: { username: string; displayName: string; email: string | null; passwordHash: string },
  membership: { agencyId: string; areaCodes: string[]; roles: string[] },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ ...user, isDemo: false })
      .returning({ id: users.id })
    await tx.insert(memberships).values({ ...membership, userId: row!.id })
    return row!.id
  })
}

export async function insertMembership(
  db: Database,
  membership: { userId: string; agencyId: string; areaCodes: string[]; roles: string[] },
): Promise<string> {
  const [row] = await db.insert(memberships).values(membership).returning({ id: memberships.id })
  return row!.id
}

/** Removes a membership only if it belongs to this user; says whether it did. */
export async function deleteMembership(db: Database, userId: string, membershipId: string): Promise<boolean> {
  const deleted = await db
    .delete(memberships)
    .where(and(eq(memberships.id, membershipId), eq(memberships.userId, userId)))
    .returning({ id: memberships.id })
  return deleted.length > 0
}

export async function setDisabledAt(db: Database, userId: string, disabledAt: Date | null): Promise<void> {
  await db.update(users).set({ disabledAt }).where(eq(users.id, userId))
}

export async function clearSecondFactor(db: Database, userId: string): Promise<void> {
  await db.update(users).set({ totpSecret: null }).where(eq(users.id, userId))
}

export async function listAgencies(db: Database): Promise<AgencyRow[]> {
  return db.select().from(agencies).orderBy(asc(agencies.name))
}

export async function findAgencyByCode(db: Database, code: string): Promise<AgencyRow | undefined> {
  const [row] = await db.select().from(agencies).where(eq(agencies.code, code))
  return row
}

export async function insertAgency(
  db: Database,
  agency: { code: string; type: string; areaCode: string; name: string },
): Promise<string> {
  const [row] = await db.insert(agencies).values(agency).returning({ id: agencies.id })
  return row!.id
}
