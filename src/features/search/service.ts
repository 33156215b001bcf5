import type { Database } from '../../db/connection.js'
import { pncIdKey } from '../../domain/identifiers.js'
import { decidePersonAccess, isResponsibleAuthority } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { areaNames } from '../../security/accounts.js'
import { paths } from '../../web/paths.js'
import { type Criteria, dateVariants, normaliseName } from './criteria.js'
import { nicknameGroups } from './nicknames.js'
import * as queries from './queries.js'
import { type DateKind, type OtherMatches, type QueryName, type Scored, scorePerson } from './scoring.js'

export const PAGE_SIZE = 20
/** Beyond this many, a search should be narrowed rather than paged through. */
export const MAX_RESULTS = 200
/** A candidate matching the name this well needs no typo look-up. */
const STRONG_NAME = 40

/** How the principal may open a result: at once, with a stated reason, or only if named. */
export type ResultAccess = 'open' | 'reason_required' | 'restricted'

export interface SearchResult {
  person: queries.PersonSummary
  score: number
  reasons: string[]
  access: ResultAccess
  /** In an area the principal does not work in. */
  otherArea: boolean
}

/** A result as a page shows it: a link to the record (which asks for a reason where needed). */
export const resultView = (r: SearchResult) => ({
  ...r,
  href: paths.people.show(r.person.id),
  areaName: areaNames([r.person.areaCode]),
})

async function queryName(db: Database, criteria: Criteria): Promise<QueryName> {
  const { givenName: given, familyName: family } = criteria
  const givenFirst = given?.split(' ')[0]
  const familyParts = family ? family.split(' ') : []
  const givenParts = given ? given.split(' ') : []
  const words = [
    ...new Set(
      [givenFirst, ...familyParts, familyParts.join(''), ...givenParts, givenParts.join('')].filter(
        (w): w is string => !!w && w.length > 1,
      ),
    ),
  ]
  const codes = await queries.phoneticCodes(db, words)
  const codesOf = (parts: string[]) =>
    new Set(
      [...parts, parts.length > 1 ? parts.join('') : ''].flatMap((p) => (p ? (codes.get(p) ?? []) : [])),
    )
  const keysOf = (word: string | undefined) =>
    new Set(word ? [...(codes.get(word) ?? []), ...nicknameGroups(word).map((g) => `n:${g}`)] : [])
  return {
    given,
    family,
    givenKeys: keysOf(givenFirst),
    familyCodes: codesOf(familyParts),
    givenAsFamilyCodes: codesOf(givenParts),
    familyAsGivenKeys: keysOf(familyParts[0]),
  }
}

const pairs = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  [...a].flatMap((x) => [...b].map((y) => `${x}|${y}`))

function candidateSpec(criteria: Criteria, q: QueryName): queries.CandidateSpec {
  const initial = q.given && q.given.length === 1 ? q.given : undefined
  const fullName = !initial && q.family && q.given ? `${q.given} ${q.family}` : undefined
  const selective = !!(
    criteria.dateOfBirth ||
    criteria.identifiers.length ||
    criteria.postcodes.length ||
    criteria.vehicles.length
  )
  return {
    nameKeys:
      q.given && !initial
        ? [...pairs(q.familyCodes, q.givenKeys), ...pairs(q.givenAsFamilyCodes, q.familyAsGivenKeys)]
        : [],
    // A family name alone finds many people: only when nothing more selective was given.
    familyCodes: q.family && (!q.given || initial) && !selective ? [...q.familyCodes] : [],
    initial,
    dates: criteria.dateOfBirth ? dateVariants(criteria.dateOfBirth).map((v) => v.date) : [],
    identifiers: criteria.identifiers,
    postcodes: criteria.postcodes,
    addressText: criteria.addressText,
    vehicles: criteria.vehicles,
    fullName: q.given && !q.family ? q.given : fullName,
  }
}

async function scoreCandidates(
  db: Database,
  candidates: queries.Candidate[],
  criteria: Criteria,
  q: QueryName,
): Promise<Scored[]> {
  // What is found on a merged record counts for the record it was merged into.
  const keptOf = new Map<string, string>()
  for (const c of candidates) {
    keptOf.set(c.id, c.keptId)
    keptOf.set(c.keptId, c.keptId)
  }
  const ids = [...keptOf.keys()]
  const [terms, identifiers, addresses, vehicles] = await Promise.all([
    queries.termsOf(db, ids, { given: q.given, family: q.family }),
    queries.matchingIdentifiers(db, ids, criteria.identifiers),
    queries.matchingAddresses(db, ids, criteria.postcodes, criteria.addressText),
    queries.matchingVehicles(db, ids, criteria.vehicles),
  ])
  const dates = new Map<string, DateKind>(
    criteria.dateOfBirth ? dateVariants(criteria.dateOfBirth).map((v) => [v.date, v.kind]) : [],
  )
  const group = <T extends { personId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>()
    for (const row of rows) {
      const kept = keptOf.get(row.personId) ?? row.personId
      map.set(kept, [...(map.get(kept) ?? []), { ...row, personId: kept }])
    }
    return map
  }
  const termsBy = group(terms)
  const idsBy = group(identifiers)
  const addressesBy = group(addresses)
  const vehiclesBy = group(vehicles)
  return [...new Set(candidates.map((c) => c.keptId))].flatMap((id) => {
    const found = addressesBy.get(id) ?? []
    const other: OtherMatches = {
      identifiers: [...new Set((idsBy.get(id) ?? []).map((i) => i.kind))],
      postcodes: found
        .filter((a) => a.postcodeMatched && a.postcode)
        .map((a) => ({ postcode: a.postcode!, current: a.current })),
      addresses: found.filter((a) => a.textMatched).map((a) => ({ text: a.text, current: a.current })),
      vehicles: [...new Set((vehiclesBy.get(id) ?? []).map((v) => v.registration))],
    }
    const scored = scorePerson(id, termsBy.get(id) ?? [], q, dates, other)
    return scored ? [scored] : []
  })
}

/**
 * Finds people by name (typos, sound-alikes, nicknames, aliases, either order, part of a
 * double-barrelled name), date of birth (exact, a year out, day and month swapped), identifier,
 * address or postcode, and vehicle, ranked by score with the reasons for each.
 */
export async function rankPeople(
  db: Database,
  criteria: Criteria,
  scope: queries.SearchScope,
): Promise<Scored[]> {
  const q = await queryName(db, criteria)
  const spec = candidateSpec(criteria, q)
  const { fullName, ...cheap } = spec
  let scored = await scoreCandidates(db, await queries.findCandidates(db, cheap, scope), criteria, q)
  // Typos that change how a name sounds need the slower spelling look-up, only when the
  // phonetic, date and identifier look-ups found no good match.
  const strong = scored.some((s) => s.nameMatched && s.score >= STRONG_NAME)
  if (fullName && !strong) {
    const known = new Set(scored.map((s) => s.personId))
    const more = (await queries.findCandidates(db, { ...emptySpec, fullName }, scope)).filter(
      (c) => !known.has(c.keptId),
    )
    scored = [...scored, ...(await scoreCandidates(db, more, criteria, q))]
  }
  return scored
    .sort((a, b) => b.score - a.score || a.personId.localeCompare(b.personId))
    .slice(0, MAX_RESULTS)
}

const emptySpec: queries.CandidateSpec = {
  nameKeys: [],
  familyCodes: [],
  dates: [],
  identifiers: [],
  postcodes: [],
  vehicles: [],
}

const scopeFor = (principal: Principal): queries.SearchScope =>
  isResponsibleAuthority(principal)
    ? { kind: 'all' }
    : { kind: 'shared', agencyId: principal.membership.agencyId }

/** Shows each result as the principal may see it; drops those they may not know of. */
async function present(db: Database, principal: Principal, ranked: Scored[]): Promise<SearchResult[]> {
  const people = new Map(
    (
      await queries.summariesWithAccess(
        db,
        ranked.map((r) => r.personId),
        principal.kind === 'user' ? principal.userId : null,
        principal.membership.agencyId,
      )
    ).map((p) => [p.id, p]),
  )
  return ranked.flatMap((r): SearchResult[] => {
    const found = people.get(r.personId)
    if (!found) return []
    const { facts, ...person } = found
    const decision = decidePersonAccess(principal, 'person:list', facts)
    const otherArea = !principal.membership.areaCodes.includes(person.areaCode)
    if (decision.allowed) return [{ person, score: r.score, reasons: r.reasons, access: 'open', otherArea }]
    if (decision.outcome === 'forbidden') return []
    if (decision.outcome === 'restricted') {
      // Someone not named sees that a record matched and whom to ask, never who it is.
      return [
        {
          person: { ...person, givenName: '', familyName: '', dateOfBirth: '', pncId: null, crn: null },
          score: r.score,
          reasons: ['Matches your search'],
          access: 'restricted',
          otherArea,
        },
      ]
    }
    return [{ person, score: r.score, reasons: r.reasons, access: 'reason_required', otherArea }]
  })
}

/** A search by the principal: every match they may know of, best first, one page of it shown. */
export async function searchPeople(
  db: Database,
  principal: Principal,
  criteria: Criteria,
  page: number,
): Promise<{ results: SearchResult[]; total: number }> {
  const ranked = await rankPeople(db, criteria, scopeFor(principal))
  const visible = await present(db, principal, ranked)
  return { results: visible.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: visible.length }
}

/** Below this a match is too weak to hold up someone adding a record. */
const DUPLICATE_SCORE = 60

/**
 * Records that may already be the person about to be added: the same matching on the typed
 * name, date of birth and identifiers.
 */
export async function likelyDuplicates(
  db: Database,
  principal: Principal,
  person: {
    givenName: string
    familyName: string
    dateOfBirth: string
    identifiers: (string | null | undefined)[]
  },
): Promise<SearchResult[]> {
  const identifiers = person.identifiers
    .filter((v): v is string => !!v)
    .map((v) => (/^\d{4}\/\d{7}[A-Z]$/.test(v) ? pncIdKey(v) : v))
  const criteria: Criteria = {
    givenName: normaliseName(person.givenName) || undefined,
    familyName: normaliseName(person.familyName) || undefined,
    dateOfBirth: person.dateOfBirth,
    identifiers,
    postcodes: [],
    vehicles: [],
  }
  const ranked = (await rankPeople(db, criteria, scopeFor(principal))).filter(
    (r) => r.score >= DUPLICATE_SCORE,
  )
  return (await present(db, principal, ranked.slice(0, 10))).slice(0, 5)
}
