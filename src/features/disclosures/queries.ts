import { and, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { disclosures, meetingCases, meetings, people } from '../../db/schema.js'

export type DisclosureRow = typeof disclosures.$inferSelect
export type NewDisclosure = typeof disclosures.$inferInsert

export async function insertDisclosure(db: Database, values: NewDisclosure): Promise<DisclosureRow> {
  const [row] = await db.insert(disclosures).values(values).returning()
  return row!
}

export async function findDisclosure(db: Database, id: string): Promise<DisclosureRow | undefined> {
  const [row] = await db.select().from(disclosures).where(eq(disclosures.id, id))
  return row
}

export async function disclosuresOfPerson(db: Database, personId: string): Promise<DisclosureRow[]> {
  return db
    .select()
    .from(disclosures)
    .where(eq(disclosures.personId, personId))
    .orderBy(desc(disclosures.decidedOn), desc(disclosures.createdAt))
}

export async function updateDisclosureIfCurrent(
  db: Database,
  id: string,
  version: number,
  values: Partial<NewDisclosure>,
): Promise<DisclosureRow | undefined> {
  const [row] = await db
    .update(disclosures)
    .set({ ...values, version: sql`${disclosures.version} + 1` })
    .where(and(eq(disclosures.id, id), eq(disclosures.version, version)))
    .returning()
  return row
}

export type Source = 'meeting' | 'application' | 'outside'

export interface RegisterFilter {
  areaCodes: string[]
  from?: string | null
  to?: string | null
  /** `outside`: meeting_case_id and application_id both null, made without a meeting decision. */
  source?: Source | null
  limit: number
  offset: number
}

const sourceCondition = (source: Source) =>
  source === 'meeting'
    ? sql`${disclosures.meetingCaseId} is not null`
    : source === 'application'
      ? sql`${disclosures.applicationId} is not null`
      : and(isNull(disclosures.meetingCaseId), isNull(disclosures.applicationId))

/** The register of an area's disclosures: those about people managed in the given areas. */
export async function register(db: Database, filter: RegisterFilter) {
  if (!filter.areaCodes.length) return { rows: [], total: 0 }
  const where = and(
    inArray(people.areaCode, filter.areaCodes),
    filter.from ? gte(disclosures.decidedOn, filter.from) : undefined,
    filter.to ? lte(disclosures.decidedOn, filter.to) : undefined,
    filter.source ? sourceCondition(filter.source) : undefined,
  )
  const [rows, [count]] = await Promise.all([
    db
      .select({
        disclosure: disclosures,
        person: {
          id: people.id,
          givenName: people.givenName,
          familyName: people.familyName,
          crn: people.crn,
        },
      })
      .from(disclosures)
      .innerJoin(people, eq(people.id, disclosures.personId))
      .where(where)
      .orderBy(desc(disclosures.decidedOn), desc(disclosures.createdAt))
      .limit(filter.limit)
      .offset(filter.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(disclosures)
      .innerJoin(people, eq(people.id, disclosures.personId))
      .where(where),
  ])
  return { rows, total: count?.n ?? 0 }
}

/** The meeting a meeting-case belongs to, for a link from a disclosure. */
export async function meetingOfCase(db: Database, meetingCaseId: string) {
  const [row] = await db
    .select({ meetingId: meetings.id, heldOn: meetings.heldOn, personId: meetingCases.personId })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(eq(meetingCases.id, meetingCaseId))
  return row
}
