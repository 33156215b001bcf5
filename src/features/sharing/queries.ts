import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { agencies, personShares, users } from '../../db/schema.js'
import { RESPONSIBLE_AUTHORITY_TYPES } from '../../domain/agency-types.js'

export type ShareRow = typeof personShares.$inferSelect
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

/** Every share of the given records (current and past), newest first. */
export async function sharesOf(db: Database, personIds: string[]) {
  return db
    .select({
      share: personShares,
      agencyCode: agencies.code,
      agencyName: agencies.name,
      sharedByName: sql<
        string | null
      >`(select display_name from ${users} u where u.id = ${personShares.sharedBy})`,
    })
    .from(personShares)
    .innerJoin(agencies, eq(agencies.id, personShares.agencyId))
    .where(inArray(personShares.personId, personIds))
    .orderBy(desc(personShares.createdAt))
}

/** Duty-to-co-operate agencies (CJA 2003 s.325(3)) a case can be shared with. */
export async function dutyToCooperateAgencies(db: Database) {
  return db
    .select({ id: agencies.id, code: agencies.code, name: agencies.name, areaCode: agencies.areaCode })
    .from(agencies)
    .where(notInArray(agencies.type, [...RESPONSIBLE_AUTHORITY_TYPES, 'other']))
    .orderBy(asc(agencies.areaCode), asc(agencies.name))
}

export async function insertShare(tx: Transaction, values: typeof personShares.$inferInsert) {
  const [row] = await tx.insert(personShares).values(values).returning()
  return row!
}

/** Revokes a share not yet revoked; undefined if it already was. */
export async function revokeShare(tx: Transaction, personIds: string[], id: string) {
  const [row] = await tx
    .update(personShares)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(personShares.id, id), inArray(personShares.personId, personIds), isNull(personShares.revokedAt)),
    )
    .returning()
  return row
}
