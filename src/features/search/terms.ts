import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { NICKNAME_PAIRS } from './nicknames.js'

type Executor = Pick<Database, 'execute'>

/**
 * Names as the search compares them: lower case, apostrophes dropped (O'Brien → obrien), every
 * other run of non-letters (hyphens too) one space. `normaliseName` in keys.ts is the same in
 * TypeScript.
 */
const normalised = (column: SQL) =>
  sql`btrim(regexp_replace(regexp_replace(lower(${column}), '[''’\`]', '', 'g'), '[^[:alpha:]]+', ' ', 'g'))`

/**
 * Writes the search terms of every person `targets` selects (a query returning `id`): the
 * record's own name, its aliases and the names recorded over time, each with its normalised
 * form, phonetic codes and nickname groups, so that every look-up is one index probe.
 */
function insertTerms(targets: SQL): SQL {
  const groups: Record<string, string[]> = {}
  for (const p of NICKNAME_PAIRS) (groups[p.name] ??= []).push(p.group)
  return sql`
    with targets as (${targets}),
    src as (
      select p.id as person_id, 'name' as source, p.given_name, p.family_name, p.date_of_birth
      from people p join targets on targets.id = p.id
      union all
      select a.person_id, 'alias', a.given_name, a.family_name, coalesce(a.date_of_birth, p.date_of_birth)
      from person_aliases a join people p on p.id = a.person_id join targets on targets.id = p.id
      union all
      select n.person_id, n.kind, coalesce(n.given_name, p.given_name), coalesce(n.family_name, p.family_name),
        coalesce(n.date_of_birth, p.date_of_birth)
      from person_names n join people p on p.id = n.person_id join targets on targets.id = p.id
      where n.corrected_at is null
    ),
    nick as (select ${JSON.stringify(groups)}::jsonb as groups),
    normed as (
      select src.*, ${normalised(sql`given_name`)} as gn, ${normalised(sql`family_name`)} as fn from src
    ),
    coded as (
      select normed.*,
        array(select distinct c from unnest(string_to_array(fn, ' ') || replace(fn, ' ', '')) as part
          cross join lateral unnest(array[dmetaphone(part), dmetaphone_alt(part)]) as c where c <> '') as family_codes,
        array(select distinct k from (
            select unnest(array[dmetaphone(split_part(gn, ' ', 1)), dmetaphone_alt(split_part(gn, ' ', 1))]) as k
            union select 'n:' || g from jsonb_array_elements_text(coalesce(nick.groups -> split_part(gn, ' ', 1), '[]')) as g
          ) as keys where k <> '') as given_keys
      from normed cross join nick
    )
    insert into person_search_terms (person_id, source, given_name, family_name, date_of_birth,
      given_norm, family_norm, full_norm, family_codes, given_keys, name_keys)
    select person_id, source, given_name, family_name, date_of_birth, gn, fn, btrim(gn || ' ' || fn),
      family_codes, given_keys,
      array(select f || '|' || g from unnest(family_codes) as f cross join unnest(given_keys) as g)
    from coded`
}

/** Identifiers in their comparison form: the PNC ID without its century (see pncIdKey). */
function insertIdentifiers(targets: SQL): SQL {
  return sql`
    insert into person_search_identifiers (person_id, kind, value)
    select p.id, i.kind, i.value from people p
    cross join lateral (values
      ('pncId', case when position('/' in p.pnc_id) = 5 then substr(p.pnc_id, 3) else p.pnc_id end),
      ('croNumber', p.cro_number), ('niNumber', p.ni_number), ('nhsNumber', p.nhs_number),
      ('prisonNumber', p.prison_number), ('crn', p.crn), ('visorId', p.visor_id)
    ) as i(kind, value)
    where i.value is not null and p.id in (${targets})`
}

/**
 * Rebuilds the words and identifiers a person can be found by — their name, aliases, the names
 * and dates of birth recorded over time, and their identifiers — after any of them changes.
 * Call it in the same transaction.
 */
export async function refreshSearchTerms(db: Executor, personId: string): Promise<void> {
  await db.execute(sql`delete from person_search_terms where person_id = ${personId}`)
  await db.execute(sql`delete from person_search_identifiers where person_id = ${personId}`)
  const target = sql`select id from people where id = ${personId}`
  await db.execute(insertIdentifiers(target))
  await db.execute(insertTerms(target))
}

/** For a bulk load or after a migration: search terms for every person who has none yet. */
export async function backfillSearchTerms(db: Database): Promise<void> {
  const missing = sql`select p.id from people p
    where not exists (select 1 from person_search_terms t where t.person_id = p.id)`
  await db.transaction(async (tx) => {
    // Instances starting together must not both fill in the same people.
    await tx.execute(sql`select pg_advisory_xact_lock(724002)`)
    await tx.execute(sql`delete from person_search_identifiers where person_id in (${missing})`)
    await tx.execute(insertIdentifiers(missing))
    await tx.execute(insertTerms(missing))
  })
}
