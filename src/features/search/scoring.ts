/**
 * How well one person matches a search, and why: pure functions over what the database found.
 * Points are additive so that every reason shown is a part of the score.
 */

/** The searched name with its phonetic codes and nickname groups (`n:<formal name>`). */
export interface QueryName {
  given?: string
  family?: string
  /** Of the given name's first word. */
  givenKeys: ReadonlySet<string>
  /** Of the family name, of each of its parts and of its parts run together. */
  familyCodes: ReadonlySet<string>
  /** For names typed the other way round: the given name coded as a family name and vice versa. */
  givenAsFamilyCodes: ReadonlySet<string>
  familyAsGivenKeys: ReadonlySet<string>
}

/** One name a person is known by, as stored, with trigram similarities to the searched name. */
export interface TermRow {
  personId: string
  source: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  givenNorm: string
  familyNorm: string
  familyCodes: string[]
  givenKeys: string[]
  simGiven: number
  simFamily: number
  /** Stored given name against the searched family name, and the other way. */
  simGivenSwapped: number
  simFamilySwapped: number
}

export type DateKind = 'exact' | 'swapped' | 'year'

interface Part {
  points: number
  reason?: string
}

const NONE: Part = { points: 0 }
/** Trigram similarity below this is noise. */
const MIN_SIMILARITY = 0.3

const upper = (text: string) => text.toUpperCase()
const title = (text: string) =>
  text.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase())
const overlaps = (stored: readonly string[], wanted: ReadonlySet<string>, filter = (_: string) => true) =>
  stored.some((k) => filter(k) && wanted.has(k))
const best = (...parts: Part[]) => parts.reduce((a, b) => (b.points > a.points ? b : a), NONE)

function familyPart(row: TermRow, family: string, codes: ReadonlySet<string>, similarity: number): Part {
  const stored = row.familyNorm
  const display = upper(row.familyName)
  if (!stored) return NONE
  if (stored === family) return { points: 30, reason: 'Family name matches' }
  const storedParts = stored.split(' ')
  const wantedParts = family.split(' ')
  if (storedParts.some((p) => wantedParts.includes(p))) {
    return { points: 26, reason: `Family name matches part of ${display}` }
  }
  const phonetic: Part = overlaps(row.familyCodes, codes)
    ? { points: 22, reason: `Family name sounds like ${display}` }
    : NONE
  const spelt: Part =
    similarity >= MIN_SIMILARITY
      ? { points: Math.round(30 * similarity), reason: `Family name spelt like ${display}` }
      : NONE
  return best(phonetic, spelt)
}

function givenPart(row: TermRow, given: string, keys: ReadonlySet<string>, similarity: number): Part {
  const stored = row.givenNorm
  const display = title(row.givenName)
  if (!stored) return NONE
  const first = stored.split(' ')[0]!
  if (given.length === 1) {
    return first.startsWith(given)
      ? { points: 10, reason: `Initial ${upper(given)} matches ${display}` }
      : NONE
  }
  if (stored === given || first === given) return { points: 25, reason: 'Given name matches' }
  if (first.length === 1 && given.startsWith(first)) {
    return { points: 8, reason: `Given name recorded only as the initial ${upper(first)}` }
  }
  const nickname: Part = overlaps(row.givenKeys, keys, (k) => k.startsWith('n:'))
    ? { points: 21, reason: `Given name ${display} is another form of ${title(given)}` }
    : NONE
  const phonetic: Part = overlaps(row.givenKeys, keys, (k) => !k.startsWith('n:'))
    ? { points: 18, reason: `Given name sounds like ${display}` }
    : NONE
  const spelt: Part =
    similarity >= MIN_SIMILARITY
      ? { points: Math.round(25 * similarity), reason: `Given name spelt like ${display}` }
      : NONE
  return best(nickname, phonetic, spelt)
}

/** Points and reasons for the name on one row; none when the name was not searched. */
export function nameMatch(row: TermRow, q: QueryName): { points: number; reasons: string[] } {
  const reasons = (...parts: Part[]) => parts.flatMap((p) => (p.reason ? [p.reason] : []))
  if (q.family && q.given) {
    const family = familyPart(row, q.family, q.familyCodes, row.simFamily)
    const given = givenPart(row, q.given, q.givenKeys, row.simGiven)
    const straight = family.points + given.points
    const swappedFamily = familyPart(row, q.given, q.givenAsFamilyCodes, row.simFamilySwapped)
    const swappedGiven = givenPart(row, q.family.split(' ')[0]!, q.familyAsGivenKeys, row.simGivenSwapped)
    const swapped = swappedFamily.points + swappedGiven.points
    // Only a real gain counts as the other order: a one-word match either way is not one.
    if (swapped > straight && swappedFamily.points > 0 && swappedGiven.points > 0) {
      return {
        points: swapped - 2,
        reasons: ['Names in the other order', ...reasons(swappedFamily, swappedGiven)],
      }
    }
    return { points: straight, reasons: reasons(family, given) }
  }
  if (q.family) {
    // One name alone: most often a family name, sometimes a given name.
    const family = familyPart(row, q.family, q.familyCodes, row.simFamily)
    const asGiven = givenPart(row, q.family, q.familyAsGivenKeys, row.simGivenSwapped)
    const part = family.points >= asGiven.points ? family : { ...asGiven, points: asGiven.points - 5 }
    return { points: Math.max(0, part.points), reasons: reasons(part) }
  }
  if (q.given) {
    const given = givenPart(row, q.given, q.givenKeys, row.simGiven)
    return { points: given.points, reasons: reasons(given) }
  }
  return { points: 0, reasons: [] }
}

const DATE_POINTS: Record<DateKind, Part> = {
  exact: { points: 35, reason: 'Date of birth matches' },
  swapped: { points: 28, reason: 'Date of birth with day and month swapped' },
  year: { points: 24, reason: 'Date of birth one year out' },
}

/** Points for a stored date of birth against the searched one's variants. */
export function dateMatch(dob: string | null, variants: Map<string, DateKind>): Part {
  const kind = dob ? variants.get(dob) : undefined
  return kind ? DATE_POINTS[kind] : NONE
}

const SOURCE_LABELS: Record<string, string> = {
  alias: 'Alias',
  nickname: 'Nickname',
  previous_name: 'Previous name',
  date_of_birth: 'Date of birth used',
}

/** Facts about one person found beyond their names. */
export interface OtherMatches {
  identifiers: string[]
  postcodes: { postcode: string; current: boolean }[]
  addresses: { text: string; current: boolean }[]
  vehicles: string[]
}

export interface Scored {
  personId: string
  score: number
  reasons: string[]
  /** The name was searched and something in it matched. */
  nameMatched: boolean
}

const IDENTIFIER_LABELS: Record<string, string> = {
  pncId: 'PNC ID',
  croNumber: 'CRO number',
  niNumber: 'National Insurance number',
  nhsNumber: 'NHS number',
  prisonNumber: 'Prison number',
  crn: 'CRN',
  visorId: 'ViSOR reference',
}

/**
 * One person's score: their best-matching name (with its date of birth), plus each identifier,
 * address and vehicle that matched. Returns undefined when nothing searched for matched enough.
 */
export function scorePerson(
  personId: string,
  rows: TermRow[],
  q: QueryName,
  dates: Map<string, DateKind>,
  other: OtherMatches,
): Scored | undefined {
  const nameAsked = !!(q.given || q.family)
  let top: { points: number; reasons: string[]; named: boolean } = { points: 0, reasons: [], named: false }
  for (const row of rows) {
    const name = nameAsked ? nameMatch(row, q) : { points: 0, reasons: [] }
    if (nameAsked && name.points < 15) continue
    const date = dateMatch(row.dateOfBirth, dates)
    const points = name.points + date.points
    if (points <= top.points) continue
    const source =
      row.source === 'name'
        ? []
        : [`${SOURCE_LABELS[row.source] ?? 'Other name'}: ${title(row.givenName)} ${upper(row.familyName)}`]
    top = {
      points,
      reasons: [...source, ...name.reasons, ...(date.reason ? [date.reason] : [])],
      named: name.points > 0,
    }
  }
  const extra: string[] = []
  let points = top.points
  for (const kind of other.identifiers) {
    points += 100
    extra.push(`${IDENTIFIER_LABELS[kind] ?? 'Identifier'} matches`)
  }
  const postcode = other.postcodes.find((p) => p.current) ?? other.postcodes[0]
  if (postcode) {
    points += 30
    extra.push(`Postcode ${postcode.postcode} (${postcode.current ? 'current' : 'past'} address)`)
  }
  const address = other.addresses.find((a) => a.current) ?? other.addresses[0]
  if (address) {
    points += 20
    extra.push(`Address ${address.text} (${address.current ? 'current' : 'past'})`)
  }
  if (other.vehicles.length) {
    points += 40
    extra.push(`Vehicle registration ${other.vehicles[0]}`)
  }
  if (points === 0) return undefined
  return { personId, score: points, reasons: [...top.reasons, ...extra], nameMatched: top.named }
}
