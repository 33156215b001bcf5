import { z } from 'zod'
import { IDENTIFIER_FIELDS, identifierValidators, pncIdKey } from '../../domain/identifiers.js'

/** What a search can be given: one box, or the advanced form's separate fields (GET query strings). */
export const searchQuery = z.object({
  q: z.string().trim().max(200).optional(),
  givenName: z.string().trim().max(100).optional(),
  familyName: z.string().trim().max(100).optional(),
  dob: z.string().trim().max(20).optional(),
  identifier: z.string().trim().max(40).optional(),
  postcode: z.string().trim().max(100).optional(),
  vehicle: z.string().trim().max(20).optional(),
  page: z.coerce.number().int().min(1).max(100).catch(1),
})
export type SearchQuery = z.infer<typeof searchQuery>

/** What the matching works with, every part normalised. */
export interface Criteria {
  /** Normalised given and family names; a lone name is a family name. */
  givenName?: string
  familyName?: string
  dateOfBirth?: string
  /** Identifier values in comparison form, whichever kind they turned out to be. */
  identifiers: string[]
  /** Postcodes as stored (`LS1 4AB`) and compact (`LS14AB`). */
  postcodes: string[]
  /** Free address text (a street or town), lower case. */
  addressText?: string
  vehicles: string[]
}

/** The same normalisation as the stored terms (terms.ts). */
export function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim()
}

const isRealDate = (y: number, m: number, d: number) => {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

const DATE_TOKEN = /^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$/

/**
 * A date of birth as typed: `1978-11-03`, or day first — `3/11/1978`, `03.11.78`, `3-11-1978`.
 * A two-digit year is in the last hundred years. A day-first date that cannot be real but is
 * real the other way round (`11/23/1978`) is read month first.
 */
export function parseDateOfBirth(text: string, today = new Date()): string | undefined {
  const match = DATE_TOKEN.exec(text.trim())
  if (!match) return undefined
  if (match[1]) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
    return isRealDate(y, m, d) ? iso(y, m, d) : undefined
  }
  let year = Number(match[6])
  if (match[6]!.length === 2) {
    const century = Math.floor(today.getUTCFullYear() / 100) * 100
    year += century
    if (year > today.getUTCFullYear()) year -= 100
  }
  const [d, m] = [Number(match[4]), Number(match[5])]
  if (isRealDate(year, m, d)) return iso(year, m, d)
  return isRealDate(year, d, m) ? iso(year, d, m) : undefined
}

/** The dates a typed date of birth may really be: ±1 year and day and month swapped. */
export function dateVariants(dob: string): { date: string; kind: 'exact' | 'swapped' | 'year' }[] {
  const [y, m, d] = dob.split('-').map(Number) as [number, number, number]
  const variants: { date: string; kind: 'exact' | 'swapped' | 'year' }[] = [{ date: dob, kind: 'exact' }]
  if (d !== m && isRealDate(y, d, m)) variants.push({ date: iso(y, d, m), kind: 'swapped' })
  for (const year of [y - 1, y + 1])
    if (isRealDate(year, m, d)) variants.push({ date: iso(year, m, d), kind: 'year' })
  return variants
}

const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/i

/** A full postcode as stored (`LS1 4AB`) and compact, or nothing if the text holds none. */
export function postcodeForms(text: string): { forms: string[]; rest: string } | undefined {
  const match = POSTCODE.exec(text)
  if (!match) return undefined
  const outward = match[1]!.toUpperCase()
  const inward = match[2]!.toUpperCase()
  return { forms: [`${outward} ${inward}`, `${outward}${inward}`], rest: text.replace(match[0], ' ') }
}

/** Vehicle registrations are stored upper case without spaces. */
export const vehicleKey = (text: string) => text.replace(/[^A-Za-z0-9]/g, '').toUpperCase()

/**
 * Every comparison form a typed identifier could have: validated as each kind (so spaces, case,
 * padding and the PNC ID's century do not matter), and as typed for references with no format.
 */
export function identifierKeys(text: string): string[] {
  const keys = new Set<string>()
  for (const field of IDENTIFIER_FIELDS) {
    const result = identifierValidators[field].validate(text)
    if (result.ok) keys.add(field === 'pncId' ? pncIdKey(result.value) : result.value)
  }
  const compact = text.replace(/\s+/g, '').toUpperCase()
  if (compact) keys.add(compact)
  return [...keys]
}

/** Identifiers with a check character or a fixed shape: safe to recognise in the one search box. */
function strictIdentifier(text: string): string | undefined {
  for (const field of IDENTIFIER_FIELDS) {
    if (field === 'visorId') continue
    const result = identifierValidators[field].validate(text)
    if (result.ok) return field === 'pncId' ? pncIdKey(result.value) : result.value
  }
  return undefined
}

function splitName(words: string[], familyFirst: boolean): Pick<Criteria, 'givenName' | 'familyName'> {
  if (words.length === 0) return {}
  if (words.length === 1) return { familyName: words[0] }
  if (familyFirst) return { familyName: words[0], givenName: words.slice(1).join(' ') }
  return { givenName: words[0], familyName: words.slice(1).join(' ') }
}

/**
 * Reads the one search box: a date of birth, an identifier, a postcode or a vehicle
 * registration anywhere in it, and the rest as a name (`Smith, John` is family name first).
 */
function readBox(q: string, today: Date): Partial<Criteria> & { badDate?: boolean } {
  const whole = strictIdentifier(q)
  if (whole) return { identifiers: [whole] }
  // A current-style registration typed with its space (AB12 CDE).
  if (/^[A-Z]{2}\d{2}\s*[A-Z]{3}$/i.test(q.trim())) return { vehicles: [vehicleKey(q)], identifiers: [] }
  const out: Partial<Criteria> & { badDate?: boolean } = { identifiers: [], vehicles: [], postcodes: [] }
  let text = q
  const postcode = postcodeForms(text)
  if (postcode) {
    out.postcodes = postcode.forms
    text = postcode.rest
  }
  const familyFirst = /^[^,]+,/.test(text)
  const words: string[] = []
  for (const token of text.split(/[\s,]+/).filter(Boolean)) {
    if (/^\d[\d/.-]*\d$/.test(token) && /[/.-]/.test(token)) {
      const dob = parseDateOfBirth(token, today)
      if (dob) out.dateOfBirth = dob
      else out.badDate = true
      continue
    }
    const id = strictIdentifier(token)
    if (id) {
      out.identifiers!.push(id)
      continue
    }
    if (/\d/.test(token)) {
      // A reference with digits: a vehicle registration or an identifier without a fixed format.
      out.vehicles!.push(vehicleKey(token))
      out.identifiers!.push(token.toUpperCase())
      continue
    }
    const name = normaliseName(token)
    if (name) words.push(...name.split(' '))
  }
  return { ...out, ...splitName(words, familyFirst) }
}

export type ReadCriteria =
  { ok: true; criteria: Criteria } | { ok: false; problems: { path: string; message: string }[] }

/** Reads a search from its query string; `empty` when nothing was asked. */
export function readCriteria(query: SearchQuery, today = new Date()): ReadCriteria | { ok: 'empty' } {
  const problems: { path: string; message: string }[] = []
  const box = query.q ? readBox(query.q, today) : {}
  const criteria: Criteria = {
    givenName: box.givenName,
    familyName: box.familyName,
    dateOfBirth: box.dateOfBirth,
    identifiers: [...(box.identifiers ?? [])],
    postcodes: [...(box.postcodes ?? [])],
    vehicles: [...(box.vehicles ?? [])],
  }
  if (box.badDate) problems.push({ path: 'q', message: 'Enter a real date of birth, like 27/3/1985' })
  const given = query.givenName && normaliseName(query.givenName)
  const family = query.familyName && normaliseName(query.familyName)
  if (given) criteria.givenName = given
  if (family) criteria.familyName = family
  if (query.dob) {
    const dob = parseDateOfBirth(query.dob, today)
    if (dob) criteria.dateOfBirth = dob
    else problems.push({ path: 'dob', message: 'Enter a real date of birth, like 27/3/1985 or 1985-03-27' })
  }
  if (query.identifier) criteria.identifiers.push(...identifierKeys(query.identifier))
  if (query.postcode) {
    const postcode = postcodeForms(query.postcode)
    if (postcode) criteria.postcodes.push(...postcode.forms)
    const rest = (postcode ? postcode.rest : query.postcode).trim().toLowerCase()
    if (rest.replace(/[^\p{L}\d]/gu, '').length >= 3) criteria.addressText = rest.replace(/\s+/g, ' ')
  }
  if (query.vehicle) {
    const key = vehicleKey(query.vehicle)
    if (key) criteria.vehicles.push(key)
  }
  if (problems.length) return { ok: false, problems }
  const asked =
    criteria.givenName ||
    criteria.familyName ||
    criteria.dateOfBirth ||
    criteria.identifiers.length ||
    criteria.postcodes.length ||
    criteria.addressText ||
    criteria.vehicles.length
  return asked ? { ok: true, criteria } : { ok: 'empty' }
}
