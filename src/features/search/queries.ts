import { sql, type SQL } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/connection.js'
import type { PersonAccessFacts } from '../../security/policy.js'
import { sharedWithAgency } from '../people/service.js'
import type { TermRow } from './scoring.js'

/** Whose records a search may return: every area's, or only those shared with one agency. */
export type SearchScope = { kind: 'all' } | { kind: 'shared'; agencyId: string }

/** Each way of finding candidates stops here, so no common name can make a search slow. */
const BRANCH_LIMIT = 1500
const CANDIDATE_LIMIT = 3000

const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`

/** Double Metaphone codes (primary and alternative) of each word, from PostgreSQL's fuzzystrmatch. */
export async function phoneticCodes(db: Database, words: string[]): Promise<Map<string, string[]>> {
  if (words.length === 0) return new Map()
  const result = await db.execute(
    sql`select w as word, dmetaphone(w) as p, dmetaphone_alt(w) as a from unnest(${textArray(words)}) as w`,
  )
  return new Map(
    rowsOf<{ word: string; p: string; a: string }>(result).map((r) => [
      r.word,
      [...new Set([r.p, r.a].filter(Boolean))],
    ]),
  )
}

export interface CandidateSpec {
  nameKeys: string[]
  /** A lone family name (or one with an initial): every person whose family name sounds alike. */
  familyCodes: string[]
  initial?: string
  dates: string[]
  identifiers: string[]
  postcodes: string[]
  addressText?: string
  vehicles: string[]
  /** Names spelt alike (trigram), the slower look-up for typos that change how a name sounds. */
  fullName?: string
}

function scopeCondition(scope: SearchScope): SQL {
  if (scope.kind === 'all') return sql`true`
  return sharedWithAgency(sql`k.id`, scope.agencyId)
}

/** A record that could match, and the record it is now (a merged record counts as the one kept). */
export interface Candidate {
  id: string
  keptId: string
}

/** Records that could match, within the scope. */
export async function findCandidates(
  db: Database,
  spec: CandidateSpec,
  scope: SearchScope,
): Promise<Candidate[]> {
  const branches: SQL[] = []
  if (spec.nameKeys.length) {
    branches.push(sql`(select person_id from person_search_terms
      where name_keys && ${textArray(spec.nameKeys)} limit ${BRANCH_LIMIT})`)
  }
  if (spec.familyCodes.length) {
    const initial = spec.initial ? sql`and given_norm like ${`${spec.initial}%`}` : sql``
    branches.push(sql`(select person_id from person_search_terms
      where family_codes && ${textArray(spec.familyCodes)} ${initial} limit ${BRANCH_LIMIT})`)
  }
  if (spec.dates.length) {
    branches.push(sql`(select person_id from person_search_terms
      where date_of_birth = any(${sql.param(spec.dates)}::date[]) limit ${BRANCH_LIMIT})`)
  }
  if (spec.identifiers.length) {
    branches.push(sql`(select person_id from person_search_identifiers
      where value = any(${textArray(spec.identifiers)}) limit ${BRANCH_LIMIT})`)
  }
  if (spec.postcodes.length) {
    branches.push(sql`(select person_id from person_addresses
      where postcode = any(${textArray(spec.postcodes)}) and corrected_at is null limit ${BRANCH_LIMIT})`)
  }
  if (spec.addressText) {
    const pattern = `%${spec.addressText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    branches.push(sql`(select person_id from person_addresses
      where corrected_at is null and lower(concat_ws(' ', line1, line2, town)) like ${pattern} limit ${BRANCH_LIMIT})`)
  }
  if (spec.vehicles.length) {
    branches.push(sql`(select person_id from person_vehicles
      where registration = any(${textArray(spec.vehicles)}) and corrected_at is null limit ${BRANCH_LIMIT})`)
  }
  if (spec.fullName) {
    branches.push(sql`(select person_id from person_search_terms
      where full_norm % ${spec.fullName}
      order by similarity(full_norm, ${spec.fullName}) desc limit 200)`)
  }
  if (branches.length === 0) return []
  const query = sql`select p.id, k.id as "keptId" from (${sql.join(branches, sql` union `)}) as c
    join people p on p.id = c.person_id
    join people k on k.id = coalesce(p.merged_into_id, p.id)
    where k.merged_into_id is null and ${scopeCondition(scope)}
    limit ${CANDIDATE_LIMIT}`
  const run = async (executor: Pick<Database, 'execute'>) => rowsOf<Candidate>(await executor.execute(query))
  if (!spec.fullName) return run(db)
  // A stricter similarity than pg_trgm's default keeps the typo look-up to close spellings.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', '0.45', true)`)
    return run(tx)
  })
}

const uuids = (ids: string[]) => sql`${sql.param(ids)}::uuid[]`

/** Every name the candidates are known by, with its trigram similarity to the searched names. */
export async function termsOf(
  db: Database,
  ids: string[],
  name: { given?: string; family?: string },
): Promise<TermRow[]> {
  if (ids.length === 0) return []
  const given = name.given ?? ''
  const family = name.family ?? ''
  const result = await db.execute(sql`
    select t.person_id as "personId", t.source, t.given_name as "givenName", t.family_name as "familyName",
      t.date_of_birth as "dateOfBirth", t.given_norm as "givenNorm", t.family_norm as "familyNorm",
      t.family_codes as "familyCodes", t.given_keys as "givenKeys",
      similarity(t.given_norm, ${given}) as "simGiven", similarity(t.family_norm, ${family}) as "simFamily",
      similarity(t.given_norm, ${family}) as "simGivenSwapped",
      similarity(t.family_norm, ${given}) as "simFamilySwapped"
    from person_search_terms t where t.person_id = any(${uuids(ids)})`)
  return rowsOf<TermRow>(result).map((r) => ({
    ...r,
    simGiven: Number(r.simGiven),
    simFamily: Number(r.simFamily),
    simGivenSwapped: Number(r.simGivenSwapped),
    simFamilySwapped: Number(r.simFamilySwapped),
  }))
}

export async function matchingIdentifiers(db: Database, ids: string[], values: string[]) {
  if (!ids.length || !values.length) return []
  const result = await db.execute(sql`select distinct i.person_id as "personId", i.kind
    from person_search_identifiers i
    where i.person_id = any(${uuids(ids)}) and i.value = any(${textArray(values)})`)
  return rowsOf<{ personId: string; kind: string }>(result)
}

/** Addresses of the candidates at a searched postcode or with the searched words, current or past. */
export async function matchingAddresses(db: Database, ids: string[], postcodes: string[], text?: string) {
  if (!ids.length || (!postcodes.length && !text)) return []
  const pattern = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const result = await db.execute(sql`
    select a.person_id as "personId", a.postcode, concat_ws(', ', a.line1, a.town) as text,
      (a.valid_to is null or a.valid_to >= current_date) as current,
      a.postcode = any(${textArray(postcodes)}) as "postcodeMatched",
      (${pattern}::text is not null and lower(concat_ws(' ', a.line1, a.line2, a.town)) like ${pattern}) as "textMatched"
    from person_addresses a
    where a.person_id = any(${uuids(ids)}) and a.corrected_at is null`)
  return rowsOf<{
    personId: string
    postcode: string | null
    text: string
    current: boolean
    postcodeMatched: boolean
    textMatched: boolean
  }>(result).filter((r) => r.postcodeMatched || r.textMatched)
}

export async function matchingVehicles(db: Database, ids: string[], registrations: string[]) {
  if (!ids.length || !registrations.length) return []
  const result = await db.execute(sql`select distinct v.person_id as "personId", v.registration
    from person_vehicles v
    where v.person_id = any(${uuids(ids)}) and v.registration = any(${textArray(registrations)}) and v.corrected_at is null`)
  return rowsOf<{ personId: string; registration: string }>(result)
}

export interface PersonSummary {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string
  areaCode: string
  pncId: string | null
  crn: string | null
  restricted: boolean
}

/** What a result shows of each person, and what the access policy needs to decide on it. */
export async function summariesWithAccess(
  db: Database,
  ids: string[],
  userId: string | null,
  agencyId: string,
): Promise<(PersonSummary & { facts: PersonAccessFacts })[]> {
  if (!ids.length) return []
  const result = await db.execute(sql`
    select p.id, p.given_name as "givenName", p.family_name as "familyName", p.date_of_birth as "dateOfBirth",
      p.area_code as "areaCode", p.pnc_id as "pncId", p.crn, p.restricted,
      (exists (select 1 from person_managers m where m.person_id = p.id and m.user_id = ${userId})
        or exists (select 1 from person_access_grants g where g.person_id = p.id and g.user_id = ${userId}
          and g.kind = 'named' and (g.expires_at is null or g.expires_at > now()))) as named,
      (select g.kind from person_access_grants g where g.person_id = p.id and g.user_id = ${userId}
        and g.kind in ('break_glass', 'stated_reason') and (g.expires_at is null or g.expires_at > now())
        order by g.kind limit 1) as "grant",
      ${sharedWithAgency(sql`p.id`, agencyId)} as shared
    from people p where p.id = any(${sql.param(ids)}::uuid[])`)
  return rowsOf<
    PersonSummary & { named: boolean; grant: 'break_glass' | 'stated_reason' | null; shared: boolean }
  >(result).map(({ named, grant, shared, ...person }) => ({
    ...person,
    facts: {
      areaCode: person.areaCode,
      restricted: person.restricted,
      named,
      grant,
      sharedWithAgency: shared,
    },
  }))
}
