import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { people, personAliases, personNames, personSearchTerms } from '../../db/schema.js'

type Executor = Pick<Database, 'select' | 'insert' | 'delete'>

/**
 * Rebuilds the words a person can be found by — their name, aliases, and the names and dates of
 * birth recorded over time — after any of them changes. Call it in the same transaction.
 */
export async function refreshSearchTerms(db: Executor, personId: string): Promise<void> {
  const [person] = await db
    .select({ givenName: people.givenName, familyName: people.familyName, dateOfBirth: people.dateOfBirth })
    .from(people)
    .where(eq(people.id, personId))
  await db.delete(personSearchTerms).where(eq(personSearchTerms.personId, personId))
  if (!person) return
  const aliases = await db
    .select({
      givenName: personAliases.givenName,
      familyName: personAliases.familyName,
      dateOfBirth: personAliases.dateOfBirth,
    })
    .from(personAliases)
    .where(eq(personAliases.personId, personId))
  const names = await db
    .select({
      kind: personNames.kind,
      givenName: personNames.givenName,
      familyName: personNames.familyName,
      dateOfBirth: personNames.dateOfBirth,
    })
    .from(personNames)
    .where(and(eq(personNames.personId, personId), isNull(personNames.correctedAt)))
  const rows = [
    { source: 'name', ...person },
    ...aliases.map((a) => ({ source: 'alias', ...a, dateOfBirth: a.dateOfBirth ?? person.dateOfBirth })),
    ...names.map((n) => ({
      source: n.kind,
      givenName: n.givenName ?? person.givenName,
      familyName: n.familyName ?? person.familyName,
      dateOfBirth: n.dateOfBirth ?? person.dateOfBirth,
    })),
  ]
  await db.insert(personSearchTerms).values(rows.map((r) => ({ personId, ...r })))
}

/** For a bulk load: search terms for every person who has none yet. */
export async function backfillSearchTerms(db: Database): Promise<void> {
  await db.execute(sql`
    insert into person_search_terms (person_id, source, given_name, family_name, date_of_birth)
    select p.id, 'name', p.given_name, p.family_name, p.date_of_birth from people p
    where not exists (select 1 from person_search_terms t where t.person_id = p.id)
    union all
    select a.person_id, 'alias', a.given_name, a.family_name, coalesce(a.date_of_birth, p.date_of_birth)
    from person_aliases a join people p on p.id = a.person_id
    where not exists (select 1 from person_search_terms t where t.person_id = a.person_id)`)
}
