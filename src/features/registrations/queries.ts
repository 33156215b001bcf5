import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  memberships,
  people,
  personManagers,
  registrationChanges,
  registrations,
  users,
} from '../../db/schema.js'

export type RegistrationRow = typeof registrations.$inferSelect
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/** Statuses of a registration still in force (one per person). */
export const IN_FORCE = ['active', 'deregistration_due']

export interface RegistrationRecord extends RegistrationRow {
  leadAgencyCode: string | null
  leadAgencyName: string | null
  leadAgencyArea: string | null
  registeredByName: string | null
  deregisteredByName: string | null
  changes: {
    id: string
    kind: string
    fromValue: string | null
    toValue: string | null
    rationale: string | null
    at: Date
    byName: string | null
  }[]
}

/** Every registration of the given records (a kept record and those merged into it), newest first. */
export async function registrationsOf(
  db: Database | Transaction,
  personIds: string[],
): Promise<RegistrationRecord[]> {
  if (personIds.length === 0) return []
  const registeredBy = sql<
    string | null
  >`(select display_name from ${users} u where u.id = ${registrations.registeredBy})`
  const deregisteredBy = sql<
    string | null
  >`(select display_name from ${users} u where u.id = ${registrations.deregisteredBy})`
  const rows = await db
    .select({
      registration: registrations,
      leadAgencyCode: agencies.code,
      leadAgencyName: agencies.name,
      leadAgencyArea: agencies.areaCode,
      registeredByName: registeredBy,
      deregisteredByName: deregisteredBy,
    })
    .from(registrations)
    .leftJoin(agencies, eq(agencies.id, registrations.leadAgencyId))
    .where(inArray(registrations.personId, personIds))
    .orderBy(desc(registrations.registeredOn), desc(registrations.createdAt))
  const ids = rows.map((r) => r.registration.id)
  const changes = ids.length
    ? await db
        .select({
          registrationId: registrationChanges.registrationId,
          id: registrationChanges.id,
          kind: registrationChanges.kind,
          fromValue: registrationChanges.fromValue,
          toValue: registrationChanges.toValue,
          rationale: registrationChanges.rationale,
          at: registrationChanges.at,
          byName: users.displayName,
        })
        .from(registrationChanges)
        .leftJoin(users, eq(users.id, registrationChanges.by))
        .where(inArray(registrationChanges.registrationId, ids))
        .orderBy(desc(registrationChanges.at))
    : []
  return rows.map((r) => ({
    ...r.registration,
    leadAgencyCode: r.leadAgencyCode,
    leadAgencyName: r.leadAgencyName,
    leadAgencyArea: r.leadAgencyArea,
    registeredByName: r.registeredByName,
    deregisteredByName: r.deregisteredByName,
    changes: changes
      .filter((c) => c.registrationId === r.registration.id)
      .map(({ registrationId: _r, ...c }) => c),
  }))
}

/** Locks the person's row so that two registrations (or a transfer) cannot race each other. */
export async function lockPerson(tx: Transaction, personId: string) {
  const [row] = await tx
    .select({ id: people.id, areaCode: people.areaCode, version: people.version })
    .from(people)
    .where(eq(people.id, personId))
    .for('update')
  return row
}

export async function inForceRegistration(tx: Transaction | Database, personIds: string[]) {
  const [row] = await tx
    .select()
    .from(registrations)
    .where(and(inArray(registrations.personId, personIds), inArray(registrations.status, IN_FORCE)))
    .limit(1)
  return row
}

export async function insertRegistration(
  tx: Transaction,
  values: typeof registrations.$inferInsert,
): Promise<RegistrationRow> {
  const [row] = await tx.insert(registrations).values(values).returning()
  return row!
}

/** Applies a change only if nobody has changed the registration since `version` was read. */
export async function updateRegistrationIfCurrent(
  tx: Transaction,
  id: string,
  version: number,
  changes: Partial<typeof registrations.$inferInsert>,
): Promise<RegistrationRow | undefined> {
  const [row] = await tx
    .update(registrations)
    .set({ ...changes, version: sql`${registrations.version} + 1` })
    .where(and(eq(registrations.id, id), eq(registrations.version, version)))
    .returning()
  return row
}

export async function insertChanges(tx: Transaction, rows: (typeof registrationChanges.$inferInsert)[]) {
  if (rows.length) await tx.insert(registrationChanges).values(rows)
}

/** The lead agency on the person's record follows the registration's. */
export async function setPersonLeadAgency(tx: Transaction, personId: string, leadAgencyId: string | null) {
  await tx
    .update(people)
    .set({ leadAgencyId, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(eq(people.id, personId))
}

export async function leadAgencyOfPerson(tx: Transaction, personId: string) {
  const [row] = await tx
    .select({ leadAgencyId: people.leadAgencyId })
    .from(people)
    .where(eq(people.id, personId))
  return row
}

/** Replaces the named police and probation managers of a person. */
export async function replaceManagers(
  tx: Transaction,
  personId: string,
  managers: { userId: string; kind: 'police' | 'probation' }[],
) {
  await tx
    .delete(personManagers)
    .where(and(eq(personManagers.personId, personId), inArray(personManagers.kind, ['police', 'probation'])))
  // One row per user: someone named as both keeps the first kind given.
  const unique = managers.filter((m, i) => managers.findIndex((n) => n.userId === m.userId) === i)
  if (unique.length) await tx.insert(personManagers).values(unique.map((m) => ({ ...m, personId })))
}

export async function managersOf(db: Database | Transaction, personId: string) {
  return db
    .select({ userId: personManagers.userId, kind: personManagers.kind, displayName: users.displayName })
    .from(personManagers)
    .innerJoin(users, eq(users.id, personManagers.userId))
    .where(eq(personManagers.personId, personId))
    .orderBy(asc(personManagers.kind))
}

/** Police, probation and prison agencies of an area: the lead agency choices (CJA 2003 s.325). */
export async function leadAgencyOptions(db: Database | Transaction, areaCode: string) {
  return db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name, type: agencies.type })
    .from(agencies)
    .where(and(eq(agencies.areaCode, areaCode), inArray(agencies.type, ['police', 'probation', 'prison'])))
    .orderBy(asc(agencies.name))
}

/** Offender managers of the area's police or probation agencies, who may be named managers. */
export async function managerOptions(
  db: Database | Transaction,
  areaCode: string,
  kind: 'police' | 'probation',
) {
  return db
    .selectDistinct({ userId: users.id, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(
      and(
        isNull(users.disabledAt),
        sql`${memberships.roles} @> array['offender_manager']::text[]`,
        sql`${memberships.areaCodes} @> array[${areaCode}]::text[]`,
        eq(agencies.type, kind),
      ),
    )
    .orderBy(asc(users.displayName))
}
