import { and, asc, count, eq, gt, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  accessReasons,
  agencies,
  alerts,
  memberships,
  people,
  personAccessGrants,
  personAliases,
  personManagers,
  personShares,
  users,
} from '../../db/schema.js'
import type { PersonAccessFacts } from '../../security/policy.js'
import { refreshSearchTerms } from '../search/terms.js'
import type { PersonInput } from './schema.js'

export type PersonRow = typeof people.$inferSelect
type PersonValues = Omit<PersonInput, 'aliases' | 'managers' | 'leadAgency' | 'area'>

export interface PersonRecord extends PersonRow {
  leadAgencyCode: string | null
  leadAgencyName: string | null
  aliases: { givenName: string; familyName: string; dateOfBirth: string | null }[]
  managers: { userId: string; kind: string; displayName: string; email: string | null }[]
}

/** Who can see the list: an area's cases, or the cases shared with one agency. */
export type ListScope =
  { areaCodes: string[]; userId?: string } | { sharedWithAgencyId: string; userId?: string }

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

export async function agencyIdByCode(db: Database, code: string): Promise<string | undefined> {
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row?.id
}

export async function insertPerson(
  db: Database,
  input: PersonValues & { areaCode: string; leadAgencyId: string | null },
  aliases: PersonInput['aliases'],
  managers: PersonInput['managers'],
  createdBy: string | null,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(people)
      .values({ ...input, createdBy })
      .returning({ id: people.id })
    const id = row!.id
    if (aliases.length) {
      await tx.insert(personAliases).values(aliases.map((a, position) => ({ ...a, personId: id, position })))
    }
    if (managers.length) await tx.insert(personManagers).values(managers.map((m) => ({ ...m, personId: id })))
    await refreshSearchTerms(tx, id)
    return id
  })
}

export async function findPerson(db: Database, id: string): Promise<PersonRecord | undefined> {
  const [row] = await db
    .select({ person: people, leadAgencyCode: agencies.code, leadAgencyName: agencies.name })
    .from(people)
    .leftJoin(agencies, eq(agencies.id, people.leadAgencyId))
    .where(eq(people.id, id))
  if (!row) return undefined
  const [aliasRows, managerRows] = await Promise.all([
    db
      .select({
        givenName: personAliases.givenName,
        familyName: personAliases.familyName,
        dateOfBirth: personAliases.dateOfBirth,
      })
      .from(personAliases)
      .where(eq(personAliases.personId, id))
      .orderBy(asc(personAliases.position)),
    db
      .select({
        userId: personManagers.userId,
        kind: personManagers.kind,
        displayName: users.displayName,
        email: users.email,
      })
      .from(personManagers)
      .innerJoin(users, eq(users.id, personManagers.userId))
      .where(eq(personManagers.personId, id))
      .orderBy(asc(personManagers.kind)),
  ])
  return {
    ...row.person,
    leadAgencyCode: row.leadAgencyCode,
    leadAgencyName: row.leadAgencyName,
    aliases: aliasRows,
    managers: managerRows,
  }
}

/** Applies a change only if nobody has changed the record since `version` was read. */
export async function updatePersonIfCurrent(
  db: Database,
  id: string,
  version: number,
  changes: Partial<PersonValues & { areaCode: string; leadAgencyId: string | null }>,
  aliases: PersonInput['aliases'] | undefined,
  managers: PersonInput['managers'] | undefined,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(people)
      .set({ ...changes, version: sql`${people.version} + 1`, updatedAt: new Date() })
      .where(and(eq(people.id, id), eq(people.version, version)))
      .returning({ id: people.id })
    if (updated.length === 0) return false
    if (aliases) {
      await tx.delete(personAliases).where(eq(personAliases.personId, id))
      if (aliases.length) {
        await tx
          .insert(personAliases)
          .values(aliases.map((a, position) => ({ ...a, personId: id, position })))
      }
    }
    if (managers) {
      await tx.delete(personManagers).where(eq(personManagers.personId, id))
      if (managers.length)
        await tx.insert(personManagers).values(managers.map((m) => ({ ...m, personId: id })))
    }
    await refreshSearchTerms(tx, id)
    return true
  })
}

/** The person (by id column) is a case shared, now, with the agency: unrevoked and unexpired. */
export const sharedWithAgency = (personId: SQLWrapper, agencyId: string) =>
  sql`exists (select 1 from ${personShares} s where s.person_id = ${personId}
    and s.agency_id = ${agencyId} and s.revoked_at is null
    and (s.expires_at is null or s.expires_at > now()))`

/** The user is a named manager of the person in the row. */
export const managedByUser = (userId: string) =>
  sql<boolean>`exists (select 1 from ${personManagers} pm where pm.person_id = ${people.id} and pm.user_id = ${userId})`

function scopeCondition(scope: ListScope): SQL | undefined {
  if ('areaCodes' in scope) {
    const inAreas = scope.areaCodes.length ? inArray(people.areaCode, scope.areaCodes) : sql`false`
    return scope.userId ? or(inAreas, managedByUser(scope.userId)) : inAreas
  }
  return sharedWithAgency(people.id, scope.sharedWithAgencyId)
}

function searchCondition(q: string | undefined): SQL | undefined {
  const text = q?.trim()
  if (!text) return undefined
  const pattern = `%${escapeLike(text.toLowerCase())}%`
  const exact = text.toUpperCase().replace(/\s/g, '')
  return or(
    sql`lower(${people.givenName} || ' ' || ${people.familyName}) like ${pattern}`,
    sql`exists (select 1 from ${personAliases} a where a.person_id = ${people.id}
      and lower(a.given_name || ' ' || a.family_name) like ${pattern})`,
    eq(people.pncId, exact),
    eq(people.crn, exact),
    eq(people.prisonNumber, exact),
    eq(people.niNumber, exact),
    eq(people.croNumber, exact),
    eq(people.nhsNumber, exact),
    eq(people.visorId, exact),
  )
}

export async function listPeople(
  db: Database,
  scope: ListScope,
  options: { q?: string; page: number; pageSize: number },
) {
  // A record merged into another is found through the one kept.
  const where = and(isNull(people.mergedIntoId), scopeCondition(scope), searchCondition(options.q))
  const named = scope.userId ? managedByUser(scope.userId) : sql<boolean>`false`
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: people.id,
        givenName: people.givenName,
        familyName: people.familyName,
        dateOfBirth: people.dateOfBirth,
        areaCode: people.areaCode,
        pncId: people.pncId,
        crn: people.crn,
        restricted: people.restricted,
        named,
      })
      .from(people)
      .where(where)
      .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id))
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize),
    db.select({ count: count() }).from(people).where(where),
  ])
  return { rows, total: total?.count ?? 0 }
}

/** What the access policy needs about this user's relation to one person's record. */
export async function accessFacts(
  db: Database,
  person: Pick<PersonRow, 'id' | 'areaCode' | 'restricted'>,
  userId: string | null,
  agencyId: string,
  now = new Date(),
): Promise<PersonAccessFacts> {
  const [managed, grants, shares] = await Promise.all([
    userId
      ? db
          .select({ userId: personManagers.userId })
          .from(personManagers)
          .where(and(eq(personManagers.personId, person.id), eq(personManagers.userId, userId)))
      : [],
    userId
      ? db
          .select({ kind: personAccessGrants.kind })
          .from(personAccessGrants)
          .where(
            and(
              eq(personAccessGrants.personId, person.id),
              eq(personAccessGrants.userId, userId),
              or(isNull(personAccessGrants.expiresAt), gt(personAccessGrants.expiresAt, now)),
            ),
          )
      : [],
    db
      .select({ id: personShares.id })
      .from(personShares)
      .where(
        and(
          eq(personShares.personId, person.id),
          eq(personShares.agencyId, agencyId),
          isNull(personShares.revokedAt),
          or(isNull(personShares.expiresAt), gt(personShares.expiresAt, now)),
        ),
      ),
  ])
  const kinds = new Set(grants.map((g) => g.kind))
  return {
    areaCode: person.areaCode,
    restricted: person.restricted,
    named: managed.length > 0 || kinds.has('named'),
    grant: kinds.has('break_glass') ? 'break_glass' : kinds.has('stated_reason') ? 'stated_reason' : null,
    sharedWithAgency: shares.length > 0,
  }
}

/** Records a stated reason and the time-limited access it gives; alerts the record's owners. */
export async function grantAccessWithReason(
  db: Database,
  grant: {
    personId: string
    userId: string
    kind: 'break_glass' | 'stated_reason'
    reason: string
    expiresAt: Date
  },
  alertUserIds: string[],
): Promise<string> {
  return db.transaction(async (tx) => {
    const [reason] = await tx
      .insert(accessReasons)
      .values({ text: grant.reason })
      .returning({ id: accessReasons.id })
    await tx.insert(personAccessGrants).values({
      personId: grant.personId,
      userId: grant.userId,
      kind: grant.kind,
      reasonId: reason!.id,
      grantedBy: grant.userId,
      expiresAt: grant.expiresAt,
    })
    const recipients = alertUserIds.filter((id) => id !== grant.userId)
    if (recipients.length) {
      await tx.insert(alerts).values(
        recipients.map((userId) => ({
          userId,
          kind: grant.kind,
          personId: grant.personId,
          actorUserId: grant.userId,
        })),
      )
    }
    return reason!.id
  })
}

/** Named people on a restricted record: its managers and those its owners named. */
export async function namedUserIds(db: Database, personId: string): Promise<string[]> {
  const [managers, named] = await Promise.all([
    db
      .select({ id: personManagers.userId })
      .from(personManagers)
      .where(eq(personManagers.personId, personId)),
    db
      .select({ id: personAccessGrants.userId })
      .from(personAccessGrants)
      .where(and(eq(personAccessGrants.personId, personId), eq(personAccessGrants.kind, 'named'))),
  ])
  return [...new Set([...managers, ...named].map((r) => r.id))]
}

/** Responsible-authority agencies of an area, for the lead agency choice. */
export async function leadAgencyOptions(db: Database, areaCodes: string[]) {
  if (areaCodes.length === 0) return []
  return db
    .select({ code: agencies.code, name: agencies.name, type: agencies.type })
    .from(agencies)
    .where(
      and(inArray(agencies.areaCode, areaCodes), inArray(agencies.type, ['police', 'probation', 'prison'])),
    )
    .orderBy(asc(agencies.name))
}

/** Offender managers of police and probation agencies working in the given areas. */
export async function managerOptions(db: Database, areaCodes: string[]) {
  if (areaCodes.length === 0) return []
  return db
    .selectDistinct({ userId: users.id, displayName: users.displayName, agencyType: agencies.type })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(
      and(
        isNull(users.disabledAt),
        sql`${memberships.roles} @> array['offender_manager']::text[]`,
        sql`${memberships.areaCodes} && ${sql.param(areaCodes)}::text[]`,
        inArray(agencies.type, ['police', 'probation']),
      ),
    )
    .orderBy(asc(users.displayName))
}
