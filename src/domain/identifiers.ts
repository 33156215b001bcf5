/**
 * Normalisation and validation of the UK criminal-justice identifiers recorded against a MAPPA nominal.
 *
 * Every validator takes the raw text a user typed (or an API client sent) and returns either the
 * identifier in its canonical form or a GOV.UK-style error message written for that field. Validators
 * never throw and have no side effects. Whether a field is optional is the caller's decision: an empty
 * value is reported as an error here.
 *
 * Check-character algorithms (PNC ID and CRO number) follow the public Ministry of Justice
 * implementations in ministryofjustice/hmpps-person-record
 * (src/main/kotlin/uk/gov/justice/digital/hmpps/personrecord/model/identifiers/PNCIdentifier.kt and
 * CROIdentifier.kt) and ministryofjustice/hmpps-prisoner-profile
 * (server/validators/personal/identity-numbers/pncFormatValidator.ts and croFormatValidator.ts).
 */

export type IdentifierResult =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string }

export type IdentifierValidator = (input: string) => IdentifierResult

/**
 * Alphabet for the PNC ID and CRO number check character, indexed by (number mod 23).
 * I, O and S are never used, so a check character of I, O or S is always wrong.
 */
export const CHECK_CHARACTERS = 'ZABCDEFGHJKLMNPQRTUVWXY'

/** Longest raw input any validator will look at; anything longer is rejected before parsing. */
const MAX_INPUT_LENGTH = 40

const ok = (value: string): IdentifierResult => ({ ok: true, value })
const fail = (message: string): IdentifierResult => ({ ok: false, message })

/** Upper-cases and removes every whitespace character (users type and paste IDs with spaces). */
const compact = (input: string): string => input.replace(/\s+/g, '').toUpperCase()

const checkCharacterFor = (digits: string): string => {
  // Up to 9 digits (PNC: YY + 7-digit serial), so well inside Number.MAX_SAFE_INTEGER.
  const char = CHECK_CHARACTERS[Number(digits) % CHECK_CHARACTERS.length]
  if (char === undefined) throw new Error(`Cannot compute a check character for '${digits}'`)
  return char
}

// ---------------------------------------------------------------------------------------------------------
// PNC ID
// ---------------------------------------------------------------------------------------------------------

const PNC_FORMAT_MESSAGE = 'Enter a PNC ID in the format 2001/0123456F'
const PNC_CHECK_MESSAGE = 'The PNC ID check character is wrong – check the ID and try again'

/** With a slash: 2- or 4-digit year, 1–7 digit serial (leading zeros may be omitted), check letter. */
const PNC_WITH_SLASH = /^(\d{2}|\d{4})\/(\d{1,7})([A-Z])$/
/** Without a slash the serial must be written in full (7 digits), otherwise year and serial are ambiguous. */
const PNC_WITHOUT_SLASH = /^(\d{2}|\d{4})(\d{7})([A-Z])$/

/**
 * The PNC ID check character: the last two digits of the year followed by the serial zero-padded to
 * 7 digits, read as a number, mod 23, indexed into {@link CHECK_CHARACTERS}.
 *
 * @param year 2- or 4-digit year as written (only its last two digits are used)
 * @param serial serial number, with or without leading zeros
 */
export function pncCheckCharacter(year: string, serial: string): string {
  return checkCharacterFor(year.slice(-2) + serial.padStart(7, '0'))
}

/**
 * PNC ID (Police National Computer arrest/summons record ID), e.g. `2001/0123456F` or `01/123456F`.
 *
 * Accepted input: a 2- or 4-digit year, a slash, a serial of up to 7 digits and the check character,
 * in any case and with any spaces. The slash may be left out only when the serial is written with all
 * 7 digits (e.g. `20010123456F`). A 4-digit year must be in the 1900s or 2000s.
 *
 * Canonical form keeps the year as written, because expanding a 2-digit year would need a century
 * rule and today's date: `YYYY/NNNNNNNA` when a 4-digit year is given, `YY/NNNNNNNA` when a 2-digit
 * year is given; the serial is always zero-padded to 7 digits. So `01/123456F` and `2001/0123456F`
 * are the same record but have different canonical forms – compare with {@link pncIdKey}.
 */
export function validatePncId(input: string): IdentifierResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(PNC_FORMAT_MESSAGE)
  const text = compact(input)
  const match = PNC_WITH_SLASH.exec(text) ?? PNC_WITHOUT_SLASH.exec(text)
  if (match === null) return fail(PNC_FORMAT_MESSAGE)
  const [, year = '', serial = '', check = ''] = match
  if (year.length === 4 && !year.startsWith('19') && !year.startsWith('20')) return fail(PNC_FORMAT_MESSAGE)
  if (pncCheckCharacter(year, serial) !== check) return fail(PNC_CHECK_MESSAGE)
  return ok(`${year}/${serial.padStart(7, '0')}${check}`)
}

/**
 * A comparison key for a canonical PNC ID that ignores the century: `YY/NNNNNNNA`.
 * `pncIdKey('2001/0123456F') === pncIdKey('01/0123456F')`.
 */
export function pncIdKey(canonicalPncId: string): string {
  const slash = canonicalPncId.indexOf('/')
  return slash === 4 ? canonicalPncId.slice(2) : canonicalPncId
}

// ---------------------------------------------------------------------------------------------------------
// CRO number
// ---------------------------------------------------------------------------------------------------------

const CRO_FORMAT_MESSAGE = 'Enter a CRO number in the format 123456/01X or SF01/123456X'
const CRO_CHECK_MESSAGE = 'The CRO number check character is wrong – check the number and try again'

/** Standard form: serial of up to 6 digits, slash, 2-digit year, check letter. */
const CRO_STANDARD = /^(\d{1,6})\/(\d{2})([A-Z])$/
/** SF (fingerprint-only / "small format") form: SF, 2-digit year, slash, serial of up to 6 digits, check letter. */
const CRO_SF = /^SF(\d{2})\/(\d{1,6})([A-Z])$/

/**
 * The standard-form CRO number check character: the 2-digit year followed by the serial zero-padded
 * to 6 digits, read as a number, mod 23, indexed into {@link CHECK_CHARACTERS}.
 */
export function croCheckCharacter(year: string, serial: string): string {
  return checkCharacterFor(year + serial.padStart(6, '0'))
}

/**
 * The SF-form CRO number check character: the 2-digit year followed by the serial exactly as written
 * (not padded), read as a number, mod 23. This matches the MoJ person-record service, whose tests
 * accept `SF83/50058Z` (padding the serial would give B).
 */
export function croSfCheckCharacter(year: string, serial: string): string {
  return checkCharacterFor(year + serial)
}

/**
 * CRO number (Criminal Records Office / ACRO), in either form:
 * - standard `NNNNNN/YYA`, e.g. `123456/01X`; the serial may be written without leading zeros and is
 *   zero-padded to 6 digits in the canonical form (`65656/91H` → `065656/91H`);
 * - SF `SFYY/NNNNNNA`, e.g. `SF05/482703J`; spaces are allowed in input (`SF 05/482703 J`) and the
 *   canonical form has none. The serial is kept exactly as written, because it is part of the
 *   check-character calculation.
 */
export function validateCroNumber(input: string): IdentifierResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(CRO_FORMAT_MESSAGE)
  const text = compact(input)

  const sf = CRO_SF.exec(text)
  if (sf !== null) {
    const [, year = '', serial = '', check = ''] = sf
    if (croSfCheckCharacter(year, serial) !== check) return fail(CRO_CHECK_MESSAGE)
    return ok(`SF${year}/${serial}${check}`)
  }

  const standard = CRO_STANDARD.exec(text)
  if (standard === null) return fail(CRO_FORMAT_MESSAGE)
  const [, serial = '', year = '', check = ''] = standard
  if (croCheckCharacter(year, serial) !== check) return fail(CRO_CHECK_MESSAGE)
  return ok(`${serial.padStart(6, '0')}/${year}${check}`)
}

// ---------------------------------------------------------------------------------------------------------
// National Insurance number
// ---------------------------------------------------------------------------------------------------------

const NINO_FORMAT_MESSAGE = 'Enter a National Insurance number in the format QQ 12 34 56 C'

/**
 * Prefix letters: the first is never D, F, I, Q, U or V; the second is never D, F, I, O, Q, U or V;
 * the prefixes BG, GB, KN, NK, NT, TN and ZZ are not allocated. Suffix A–D.
 */
const NINO = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/

/**
 * National Insurance number, e.g. `QQ 12 34 56 C` (the GOV.UK Design System example, deliberately
 * never issued, so it is rejected). Spaces and lower case are accepted; the canonical form is upper
 * case with no spaces, e.g. `AB123456C`.
 */
export function validateNiNumber(input: string): IdentifierResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(NINO_FORMAT_MESSAGE)
  const text = compact(input)
  return NINO.test(text) ? ok(text) : fail(NINO_FORMAT_MESSAGE)
}

// ---------------------------------------------------------------------------------------------------------
// NHS number
// ---------------------------------------------------------------------------------------------------------

const NHS_FORMAT_MESSAGE = 'Enter an NHS number in the format 943 476 5919'
const NHS_CHECK_MESSAGE = 'The NHS number check digit is wrong – check the number and try again'

/**
 * The NHS number check digit for the first 9 digits: weights 10 down to 2, 11 minus the sum mod 11,
 * with 11 becoming 0. Returns `undefined` when the result is 10: no NHS number starts with those digits.
 */
export function nhsCheckDigit(firstNineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(firstNineDigits)) throw new Error('nhsCheckDigit needs exactly 9 digits')
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(firstNineDigits[i]) * (10 - i)
  const digit = 11 - (sum % 11)
  if (digit === 11) return 0
  return digit === 10 ? undefined : digit
}

/**
 * NHS number: 10 digits, e.g. `943 476 5919`; spaces and hyphens are allowed in input. The last digit
 * is a modulus-11 check digit ({@link nhsCheckDigit}). Canonical form is the 10 digits alone.
 */
export function validateNhsNumber(input: string): IdentifierResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(NHS_FORMAT_MESSAGE)
  const text = input.replace(/[\s-]+/g, '')
  if (!/^\d{10}$/.test(text)) return fail(NHS_FORMAT_MESSAGE)
  const expected = nhsCheckDigit(text.slice(0, 9))
  if (expected === undefined || String(expected) !== text.slice(9)) return fail(NHS_CHECK_MESSAGE)
  return ok(text)
}

// ---------------------------------------------------------------------------------------------------------
// Prison number, CRN, ViSOR reference
// ---------------------------------------------------------------------------------------------------------

const PRISON_NUMBER_FORMAT_MESSAGE = 'Enter a prison number in the format A1234BC'

/** Prison number (NOMS number): one letter, four digits, two letters, e.g. `A1234BC`. Canonical upper case. */
export function validatePrisonNumber(input: string): IdentifierResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(PRISON_NUMBER_FORMAT_MESSAGE)
  const text = compact(input)
  return /^[A-Z]\d{4}[A-Z]{2}$/.test(text) ? ok(text) : fail(PRISON_NUMBER_FORMAT_MESSAGE)
}

const CRN_FORMAT_MESSAGE = 'Enter a CRN in the format X123456'

/** nDelius case reference number: one letter and six digits, e.g. `X123456`. Canonical upper case. */
export function validateCrn(input: string): IdentifierResult {
  if (input.length > MAX_INPUT_LENGTH) return fail(CRN_FORMAT_MESSAGE)
  const text = compact(input)
  return /^[A-Z]\d{6}$/.test(text) ? ok(text) : fail(CRN_FORMAT_MESSAGE)
}

export const VISOR_ID_MAX_LENGTH = 20
const VISOR_FORMAT_MESSAGE = `Enter a ViSOR reference using up to ${VISOR_ID_MAX_LENGTH} letters, numbers, slashes (/) or hyphens (-), like 12/345678-AB`

/**
 * ViSOR / MAPPS reference. There is no published format, so this only accepts letters, digits, `/`
 * and `-`, at most 20 characters after trimming. Canonical form is trimmed and upper case.
 */
export function validateVisorId(input: string): IdentifierResult {
  const text = input.trim().toUpperCase()
  if (text.length > VISOR_ID_MAX_LENGTH) return fail(VISOR_FORMAT_MESSAGE)
  return /^[A-Z0-9/-]+$/.test(text) ? ok(text) : fail(VISOR_FORMAT_MESSAGE)
}

// ---------------------------------------------------------------------------------------------------------
// Field map
// ---------------------------------------------------------------------------------------------------------

/** API field names of the identifiers, in display order. */
export const IDENTIFIER_FIELDS = [
  'pncId',
  'croNumber',
  'niNumber',
  'nhsNumber',
  'prisonNumber',
  'crn',
  'visorId',
] as const

export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number]

export interface IdentifierDefinition {
  /** Label for the field, e.g. on a form or in a summary list. */
  readonly label: string
  /**
   * An example for hints, as the error messages show it. All are valid except the National Insurance
   * number, which is the GOV.UK Design System example QQ 12 34 56 C (a prefix that is never issued).
   */
  readonly example: string
  readonly validate: IdentifierValidator
}

export const identifierValidators: { readonly [K in IdentifierField]: IdentifierDefinition } = Object.freeze({
  pncId: Object.freeze({ label: 'PNC ID', example: '2001/0123456F', validate: validatePncId }),
  croNumber: Object.freeze({ label: 'CRO number', example: '123456/01X', validate: validateCroNumber }),
  niNumber: Object.freeze({
    label: 'National Insurance number',
    example: 'QQ 12 34 56 C',
    validate: validateNiNumber,
  }),
  nhsNumber: Object.freeze({ label: 'NHS number', example: '943 476 5919', validate: validateNhsNumber }),
  prisonNumber: Object.freeze({ label: 'Prison number', example: 'A1234BC', validate: validatePrisonNumber }),
  crn: Object.freeze({ label: 'CRN', example: 'X123456', validate: validateCrn }),
  visorId: Object.freeze({ label: 'ViSOR reference', example: '12/345678-AB', validate: validateVisorId }),
})

export function isIdentifierField(value: unknown): value is IdentifierField {
  return typeof value === 'string' && (IDENTIFIER_FIELDS as readonly string[]).includes(value)
}
