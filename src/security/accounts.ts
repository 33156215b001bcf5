import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { AgencyType } from '../domain/agency-types.js'
import { areaByCode } from '../domain/areas.js'
import type { Database } from '../db/connection.js'
import { agencies, memberships, users } from '../db/schema.js'
import type { ActingMembership, Principal } from './principal.js'
import { isRole, permissionsOf } from './roles.js'

export type UserRow = typeof users.$inferSelect

export async function findUserByUsername(db: Database, username: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.username, username.trim()))
  return user
}

export async function findUserById(db: Database, id: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id))
  return user
}

export async function findUserByOidcSubject(db: Database, subject: string): Promise<UserRow | undefined> {
  const [user] = await db.select().from(users).where(eq(users.oidcSubject, subject))
  return user
}

/** Every membership a user holds, with its agency, for the organisation switcher. */
export async function membershipsOf(db: Database, userId: string): Promise<ActingMembership[]> {
  const rows = await db
    .select({ membership: memberships, agency: agencies })
    .from(memberships)
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(eq(memberships.userId, userId))
    .orderBy(agencies.name)
  return rows.map(({ membership, agency }) => ({
    id: membership.id,
    agencyId: agency.id,
    agencyCode: agency.code,
    agencyName: agency.name,
    agencyType: agency.type as AgencyType,
    areaCodes: membership.areaCodes,
    roles: membership.roles.filter(isRole),
  }))
}

/** The principal for a signed-in session, or undefined if the user or membership is gone. */
export async function userPrincipal(
  db: Database,
  userId: string,
  membershipId: string,
): Promise<Principal | undefined> {
  const [user] = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
  if (!user) return undefined
  const memberships = await membershipsOf(db, userId)
  const membership = memberships.find((m) => m.id === membershipId)
  if (!membership) return undefined
  return {
    kind: 'user',
    userId: user.id,
    displayName: user.displayName,
    membership,
    membershipCount: memberships.length,
    permissions: permissionsOf(membership.roles),
  }
}

export function areaNames(areaCodes: readonly string[]): string {
  return areaCodes.map((code) => areaByCode(code)?.name ?? code).join(', ')
}

export async function usersByIds(db: Database, ids: string[]) {
  if (ids.length === 0) return []
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(inArray(users.id, ids))
}
