import { and, desc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { agencies, disclosureApplications, disclosures, memberships, users } from '../../db/schema.js'

export type ApplicationRow = typeof disclosureApplications.$inferSelect
export type NewApplication = typeof disclosureApplications.$inferInsert

export async function insertApplication(db: Database, values: NewApplication): Promise<ApplicationRow> {
  const [row] = await db.insert(disclosureApplications).values(values).returning()
  return row!
}

export async function findApplication(db: Database, id: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(disclosureApplications).where(eq(disclosureApplications.id, id))
  return row
}

export async function updateApplicationIfCurrent(
  db: Database,
  id: string,
  version: number,
  values: Partial<NewApplication>,
): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .update(disclosureApplications)
    .set({ ...values, version: sql`${disclosureApplications.version} + 1` })
    .where(and(eq(disclosureApplications.id, id), eq(disclosureApplications.version, version)))
    .returning()
  return row
}

export interface ListFilter {
  areaCodes: string[]
  policeAgencyId: string
  open?: boolean
  receivedFrom?: Date
  receivedTo?: Date
}

/** Applications of the areas, unassigned to a force or assigned to this one. */
export async function applicationsOf(db: Database, filter: ListFilter): Promise<ApplicationRow[]> {
  if (!filter.areaCodes.length) return []
  return db
    .select()
    .from(disclosureApplications)
    .where(
      and(
        inArray(disclosureApplications.areaCode, filter.areaCodes),
        sql`(${disclosureApplications.policeAgencyId} is null or ${disclosureApplications.policeAgencyId} = ${filter.policeAgencyId})`,
        filter.open ? ne(disclosureApplications.status, 'closed') : undefined,
        filter.receivedFrom ? gte(disclosureApplications.receivedAt, filter.receivedFrom) : undefined,
        filter.receivedTo ? lte(disclosureApplications.receivedAt, filter.receivedTo) : undefined,
      ),
    )
    .orderBy(desc(disclosureApplications.receivedAt))
}

export async function disclosuresOfApplication(db: Database, applicationId: string) {
  return db
    .select()
    .from(disclosures)
    .where(eq(disclosures.applicationId, applicationId))
    .orderBy(desc(disclosures.createdAt))
}

/** Police officers of the force who may be assigned an application. */
export async function officerOptions(db: Database, agencyId: string, areaCode: string) {
  return db
    .selectDistinct({ userId: users.id, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(agencies, eq(agencies.id, memberships.agencyId))
    .where(
      and(
        eq(memberships.agencyId, agencyId),
        sql`${areaCode} = any(${memberships.areaCodes})`,
        sql`'offender_manager' = any(${memberships.roles})`,
      ),
    )
    .orderBy(users.displayName)
}

export async function userName(db: Database, id: string | null) {
  if (!id) return null
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id))
  return row?.name ?? null
}
