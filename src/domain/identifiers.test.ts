import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CHECK_CHARACTERS,
  IDENTIFIER_FIELDS,
  croCheckCharacter,
  croSfCheckCharacter,
  identifierValidators,
  isIdentifierField,
  nhsCheckDigit,
  pncCheckCharacter,
  pncIdKey,
  validateCrn,
  validateCroNumber,
  validateNhsNumber,
  validateNiNumber,
  validatePncId,
  validatePrisonNumber,
  validateVisorId,
  type IdentifierResult,
  type IdentifierValidator,
} from './identifiers.js'

const PNC_FORMAT = 'Enter a PNC ID in the format 2001/0123456F'
const PNC_CHECK = 'The PNC ID check character is wrong – check the ID and try again'
const CRO_FORMAT = 'Enter a CRO number in the format 123456/01X or SF01/123456X'
const CRO_CHECK = 'The CRO number check character is wrong – check the number and try again'
const NINO_FORMAT = 'Enter a National Insurance number in the format QQ 12 34 56 C'
const NHS_FORMAT = 'Enter an NHS number in the format 943 476 5919'
const NHS_CHECK = 'The NHS number check digit is wrong – check the number and try again'
const PRISON_FORMAT = 'Enter a prison number in the format A1234BC'
const CRN_FORMAT = 'Enter a CRN in the format X123456'
const VISOR_FORMAT =
  'Enter a ViSOR reference using up to 20 letters, numbers, slashes (/) or hyphens (-), like 12/345678-AB'

const valid = (value: string): IdentifierResult => ({ ok: true, value })
const invalid = (message: string): IdentifierResult => ({ ok: false, message })

type Case = readonly [input: string, expected: IdentifierResult]

function table(validate: IdentifierValidator, cases: readonly Case[]): void {
  it.each(cases)('%j', (input, expected) => {
    expect(validate(input)).toEqual(expected)
  })
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max })
const otherLetter = (not: string) => fc.constantFrom(...ALPHABET.replace(not, ''))

describe('check character alphabet', () => {
  it('has 23 distinct letters and leaves out I, O and S', () => {
    expect(CHECK_CHARACTERS).toHaveLength(23)
    expect(new Set(CHECK_CHARACTERS).size).toBe(23)
    expect(CHECK_CHARACTERS).not.toMatch(/[IOS]/)
  })
})

describe('validatePncId', () => {
  describe('valid IDs (examples from ministryofjustice/hmpps-person-record tests)', () => {
    table(validatePncId, [
      ['2001/0171310W', valid('2001/0171310W')],
      ['2011/0275516Q', valid('2011/0275516Q')],
      ['2008/0056560Z', valid('2008/0056560Z')],
      ['2003/0062845E', valid('2003/0062845E')],
      ['1981/0154257C', valid('1981/0154257C')],
      ['1979/0163001B', valid('1979/0163001B')],
      ['2001/0123456F', valid('2001/0123456F')],
    ])
  })

  describe('normalisation', () => {
    table(validatePncId, [
      ['20030011985X', valid('2003/0011985X')],
      ['20120052494q', valid('2012/0052494Q')],
      ['  2023 / 0583843 l ', valid('2023/0583843L')],
      ['2002/73319Z', valid('2002/0073319Z')],
      // 2-digit year: kept as written, serial padded.
      ['81/34U', valid('81/0000034U')],
      ['02/73319Z', valid('02/0073319Z')],
      ['00/223R', valid('00/0000223R')],
      ['79/163001b', valid('79/0163001B')],
      ['67/9893091D', valid('67/9893091D')],
      ['790163001B', valid('79/0163001B')],
    ])
  })

  describe('invalid format', () => {
    table(validatePncId, [
      ['', invalid(PNC_FORMAT)],
      ['   ', invalid(PNC_FORMAT)],
      ['TOTALLYINVALID', invalid(PNC_FORMAT)],
      ['1X23/1234567A', invalid(PNC_FORMAT)],
      ['1923[1234567A', invalid(PNC_FORMAT)],
      ['1923/1Z34567A', invalid(PNC_FORMAT)],
      ['1923/1234567AA', invalid(PNC_FORMAT)],
      ['2001/01234567F', invalid(PNC_FORMAT)], // 8-digit serial
      ['201/0123456F', invalid(PNC_FORMAT)], // 3-digit year
      ['2001/F', invalid(PNC_FORMAT)],
      ['2001/01234561', invalid(PNC_FORMAT)], // no check character
      ['1801/0123456F', invalid(PNC_FORMAT)], // 4-digit year outside 1900–2099
      ['0273319Z', invalid(PNC_FORMAT)], // no slash and short serial: ambiguous
      ['033Y', invalid(PNC_FORMAT)],
      ['2001/0123456F'.repeat(4), invalid(PNC_FORMAT)],
    ])
  })

  describe('wrong check character', () => {
    table(validatePncId, [
      ['20030011985Z', invalid(PNC_CHECK)],
      ['20120052494O', invalid(PNC_CHECK)],
      ['20230583843N', invalid(PNC_CHECK)],
      ['2001/0171310S', invalid(PNC_CHECK)],
      ['2001/0123456A', invalid(PNC_CHECK)],
      ['01/123456A', invalid(PNC_CHECK)],
    ])
  })

  it('computes the check character from the last two year digits and the 7-digit serial', () => {
    expect(pncCheckCharacter('2001', '123456')).toBe('F') // 010123456 mod 23 = 5
    expect(pncCheckCharacter('01', '0123456')).toBe('F')
    expect(pncCheckCharacter('81', '34')).toBe('U')
  })

  const pncParts = fc.record({
    year: fc.oneof(
      digits(2, 2),
      fc.tuple(fc.constantFrom('19', '20'), digits(2, 2)).map(([c, y]) => c + y),
    ),
    serial: digits(1, 7),
  })

  it('accepts any year and serial with the computed check character, in canonical form', () => {
    fc.assert(
      fc.property(pncParts, ({ year, serial }) => {
        const check = pncCheckCharacter(year, serial)
        const canonical = `${year}/${serial.padStart(7, '0')}${check}`
        expect(validatePncId(`${year}/${serial}${check}`)).toEqual(valid(canonical))
        expect(validatePncId(`${year}/${serial}${check.toLowerCase()}`)).toEqual(valid(canonical))
        expect(validatePncId(`${year}${serial.padStart(7, '0')}${check}`)).toEqual(valid(canonical))
        // Idempotent.
        expect(validatePncId(canonical)).toEqual(valid(canonical))
      }),
    )
  })

  it('rejects any other check letter', () => {
    fc.assert(
      fc.property(
        pncParts.chain((parts) =>
          otherLetter(pncCheckCharacter(parts.year, parts.serial)).map((wrong) => ({ ...parts, wrong })),
        ),
        ({ year, serial, wrong }) => {
          expect(validatePncId(`${year}/${serial}${wrong}`)).toEqual(invalid(PNC_CHECK))
        },
      ),
    )
  })

  it('pncIdKey treats 2- and 4-digit years as the same record', () => {
    expect(pncIdKey('2001/0123456F')).toBe('01/0123456F')
    expect(pncIdKey('01/0123456F')).toBe('01/0123456F')
    fc.assert(
      fc.property(digits(2, 2), digits(1, 7), fc.constantFrom('19', '20'), (yy, serial, century) => {
        const check = pncCheckCharacter(yy, serial)
        const short = validatePncId(`${yy}/${serial}${check}`)
        const long = validatePncId(`${century}${yy}/${serial}${check}`)
        if (!short.ok || !long.ok) throw new Error('expected both forms to be valid')
        expect(pncIdKey(long.value)).toBe(pncIdKey(short.value))
      }),
    )
  })
})

describe('validateCroNumber', () => {
  describe('valid numbers (examples from ministryofjustice/hmpps-person-record tests)', () => {
    table(validateCroNumber, [
      ['265416/21G', valid('265416/21G')],
      ['14450/12J', valid('014450/12J')],
      ['42400/52A', valid('042400/52A')],
      ['6697/56U', valid('006697/56U')],
      ['826/65W', valid('000826/65W')],
      ['742031/07A', valid('742031/07A')],
      ['046960/58W', valid('046960/58W')],
      ['123456/01X', valid('123456/01X')],
      ['SF05/482703J', valid('SF05/482703J')],
      ['SF83/50058Z', valid('SF83/50058Z')],
      ['SF74/27111W', valid('SF74/27111W')],
      ['SF01/123456X', valid('SF01/123456X')],
    ])
  })

  describe('normalisation', () => {
    table(validateCroNumber, [
      ['65656/91H', valid('065656/91H')],
      [' 265416 / 21g ', valid('265416/21G')],
      ['SF 05/482703 J', valid('SF05/482703J')],
      ['sf05/482703j', valid('SF05/482703J')],
      // SF serials are kept as written: the leading zero is part of the check calculation.
      ['SF83/04661E', valid('SF83/04661E')],
    ])
  })

  describe('invalid format', () => {
    table(validateCroNumber, [
      ['', invalid(CRO_FORMAT)],
      ['1234567/01X', invalid(CRO_FORMAT)], // 7-digit serial
      ['123456/1X', invalid(CRO_FORMAT)],
      ['123456/001X', invalid(CRO_FORMAT)],
      ['12345601X', invalid(CRO_FORMAT)],
      ['123456/01', invalid(CRO_FORMAT)],
      ['SF/123456X', invalid(CRO_FORMAT)],
      ['SF01/1234567X', invalid(CRO_FORMAT)],
      ['SF123456/01X', invalid(CRO_FORMAT)],
      ['XX01/123456X', invalid(CRO_FORMAT)],
    ])
  })

  describe('wrong check character', () => {
    table(validateCroNumber, [
      ['85227/65G', invalid(CRO_CHECK)],
      ['265416/21H', invalid(CRO_CHECK)],
      ['SF05/482703K', invalid(CRO_CHECK)],
      ['SF83/50058B', invalid(CRO_CHECK)], // B would be right only if the SF serial were padded
      ['SF83/4661E', invalid(CRO_CHECK)], // E is right only for SF83/04661
    ])
  })

  it('computes check characters over year then serial', () => {
    expect(croCheckCharacter('21', '265416')).toBe('G') // 21265416 mod 23 = 6
    expect(croCheckCharacter('91', '65656')).toBe('H') // padded: 91065656
    expect(croSfCheckCharacter('83', '50058')).toBe('Z') // unpadded: 8350058
  })

  const year = digits(2, 2)

  it('accepts any standard-form number with its computed check character', () => {
    fc.assert(
      fc.property(year, digits(1, 6), (yy, serial) => {
        const check = croCheckCharacter(yy, serial)
        const canonical = `${serial.padStart(6, '0')}/${yy}${check}`
        expect(validateCroNumber(`${serial}/${yy}${check}`)).toEqual(valid(canonical))
        expect(validateCroNumber(canonical)).toEqual(valid(canonical))
      }),
    )
  })

  it('accepts any SF-form number with its computed check character', () => {
    fc.assert(
      fc.property(year, digits(1, 6), (yy, serial) => {
        const check = croSfCheckCharacter(yy, serial)
        const canonical = `SF${yy}/${serial}${check}`
        expect(validateCroNumber(`sf ${yy}/${serial} ${check.toLowerCase()}`)).toEqual(valid(canonical))
        expect(validateCroNumber(canonical)).toEqual(valid(canonical))
      }),
    )
  })

  it('rejects any other check letter in either form', () => {
    fc.assert(
      fc.property(year, digits(1, 6), fc.constantFrom(...ALPHABET), (yy, serial, letter) => {
        fc.pre(letter !== croCheckCharacter(yy, serial))
        expect(validateCroNumber(`${serial}/${yy}${letter}`)).toEqual(invalid(CRO_CHECK))
      }),
    )
    fc.assert(
      fc.property(year, digits(1, 6), fc.constantFrom(...ALPHABET), (yy, serial, letter) => {
        fc.pre(letter !== croSfCheckCharacter(yy, serial))
        expect(validateCroNumber(`SF${yy}/${serial}${letter}`)).toEqual(invalid(CRO_CHECK))
      }),
    )
  })
})

describe('validateNiNumber', () => {
  describe('valid and normalised', () => {
    table(validateNiNumber, [
      ['AB123456C', valid('AB123456C')],
      ['ab 12 34 56 c', valid('AB123456C')],
      [' JG 10 37 59 A ', valid('JG103759A')],
      ['ce123456d', valid('CE123456D')],
      ['ZA000000B', valid('ZA000000B')], // Z is allowed as a first letter, just not ZZ
      ['OA123456A', valid('OA123456A')], // O is allowed first, not second
    ])
  })

  describe('invalid', () => {
    table(validateNiNumber, [
      ['', invalid(NINO_FORMAT)],
      ['QQ123456C', invalid(NINO_FORMAT)], // GOV.UK example, Q never used
      ['DA123456A', invalid(NINO_FORMAT)],
      ['FA123456A', invalid(NINO_FORMAT)],
      ['IA123456A', invalid(NINO_FORMAT)],
      ['UA123456A', invalid(NINO_FORMAT)],
      ['VA123456A', invalid(NINO_FORMAT)],
      ['AO123456A', invalid(NINO_FORMAT)],
      ['AD123456A', invalid(NINO_FORMAT)],
      ['BG123456A', invalid(NINO_FORMAT)],
      ['GB123456A', invalid(NINO_FORMAT)],
      ['KN123456A', invalid(NINO_FORMAT)],
      ['NK123456A', invalid(NINO_FORMAT)],
      ['NT123456A', invalid(NINO_FORMAT)],
      ['TN123456A', invalid(NINO_FORMAT)],
      ['ZZ123456A', invalid(NINO_FORMAT)],
      ['AB123456E', invalid(NINO_FORMAT)],
      ['AB123456', invalid(NINO_FORMAT)],
      ['AB12345C', invalid(NINO_FORMAT)],
      ['AB-12-34-56-C', invalid(NINO_FORMAT)],
    ])
  })

  it('accepts exactly the allowed prefix letter pairs', () => {
    const first = 'ABCEGHJKLMNOPRSTWXYZ'
    const second = 'ABCEGHJKLMNPRSTWXYZ'
    const barred = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']
    fc.assert(
      fc.property(fc.constantFrom(...ALPHABET), fc.constantFrom(...ALPHABET), digits(6, 6), (a, b, n) => {
        const allowed = first.includes(a) && second.includes(b) && !barred.includes(a + b)
        expect(validateNiNumber(`${a}${b}${n}A`).ok).toBe(allowed)
      }),
    )
  })
})

describe('validateNhsNumber', () => {
  describe('valid and normalised', () => {
    table(validateNhsNumber, [
      ['9434765919', valid('9434765919')],
      ['943 476 5919', valid('9434765919')],
      ['943-476-5919', valid('9434765919')],
      [' 401 023 2137 ', valid('4010232137')],
    ])
  })

  describe('invalid format', () => {
    table(validateNhsNumber, [
      ['', invalid(NHS_FORMAT)],
      ['943476591', invalid(NHS_FORMAT)],
      ['94347659190', invalid(NHS_FORMAT)],
      ['943476591A', invalid(NHS_FORMAT)],
      ['943.476.5919', invalid(NHS_FORMAT)],
    ])
  })

  describe('wrong check digit', () => {
    table(validateNhsNumber, [
      ['9434765918', invalid(NHS_CHECK)],
      ['4010232138', invalid(NHS_CHECK)],
      // 123456789 gives 10, so no check digit is right.
      ['1234567890', invalid(NHS_CHECK)],
      ['1234567891', invalid(NHS_CHECK)],
    ])
  })

  it('computes check digits with weights 10 to 2', () => {
    expect(nhsCheckDigit('943476591')).toBe(9)
    expect(nhsCheckDigit('401023213')).toBe(7)
    expect(nhsCheckDigit('123456789')).toBeUndefined()
    expect(nhsCheckDigit('000000000')).toBe(0) // 11 becomes 0
  })

  it('accepts exactly one final digit for each 9-digit start, or none when the check gives 10', () => {
    fc.assert(
      fc.property(digits(9, 9), (start) => {
        const accepted = [...'0123456789'].filter((d) => validateNhsNumber(start + d).ok)
        const check = nhsCheckDigit(start)
        expect(accepted).toEqual(check === undefined ? [] : [String(check)])
      }),
    )
  })

  it('accepts valid numbers written with spaces', () => {
    fc.assert(
      fc.property(digits(9, 9), (start) => {
        const check = nhsCheckDigit(start)
        fc.pre(check !== undefined)
        const nhs = `${start}${check}`
        expect(validateNhsNumber(`${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`)).toEqual(valid(nhs))
      }),
    )
  })
})

describe('validatePrisonNumber', () => {
  table(validatePrisonNumber, [
    ['A1234BC', valid('A1234BC')],
    [' a1234bc ', valid('A1234BC')],
    ['G 4567 HJ', valid('G4567HJ')],
    ['', invalid(PRISON_FORMAT)],
    ['A123BC', invalid(PRISON_FORMAT)],
    ['A12345BC', invalid(PRISON_FORMAT)],
    ['A1234B', invalid(PRISON_FORMAT)],
    ['11234BC', invalid(PRISON_FORMAT)],
    ['A1234B1', invalid(PRISON_FORMAT)],
  ])
})

describe('validateCrn', () => {
  table(validateCrn, [
    ['X123456', valid('X123456')],
    [' x123456 ', valid('X123456')],
    ['', invalid(CRN_FORMAT)],
    ['X12345', invalid(CRN_FORMAT)],
    ['X1234567', invalid(CRN_FORMAT)],
    ['XX12345', invalid(CRN_FORMAT)],
    ['1234567', invalid(CRN_FORMAT)],
  ])
})

describe('validateVisorId', () => {
  table(validateVisorId, [
    ['12/345678-AB', valid('12/345678-AB')],
    ['  abc123 ', valid('ABC123')],
    ['A'.repeat(20), valid('A'.repeat(20))],
    ['', invalid(VISOR_FORMAT)],
    ['   ', invalid(VISOR_FORMAT)],
    ['A'.repeat(21), invalid(VISOR_FORMAT)],
    ['AB 12', invalid(VISOR_FORMAT)],
    ['AB_12', invalid(VISOR_FORMAT)],
    ['AB.12', invalid(VISOR_FORMAT)],
  ])

  it('accepts any trimmed string of up to 20 letters, digits, / and -', () => {
    const char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-')
    fc.assert(
      fc.property(fc.string({ unit: char, minLength: 1, maxLength: 20 }), (ref) => {
        expect(validateVisorId(` ${ref} `)).toEqual(valid(ref.toUpperCase()))
      }),
    )
  })
})

describe('identifierValidators', () => {
  it('has an entry for every API field', () => {
    expect(Object.keys(identifierValidators).sort()).toEqual([...IDENTIFIER_FIELDS].sort())
    expect(IDENTIFIER_FIELDS.map((field) => identifierValidators[field].label)).toEqual([
      'PNC ID',
      'CRO number',
      'National Insurance number',
      'NHS number',
      'Prison number',
      'CRN',
      'ViSOR reference',
    ])
  })

  it('each example is valid, except the GOV.UK NI number example', () => {
    for (const field of IDENTIFIER_FIELDS) {
      const { example, validate } = identifierValidators[field]
      expect(validate(example).ok, field).toBe(field !== 'niNumber')
    }
  })

  it('each error message for an empty value starts with "Enter"', () => {
    for (const field of IDENTIFIER_FIELDS) {
      const result = identifierValidators[field].validate('')
      expect(result.ok, field).toBe(false)
      if (!result.ok) expect(result.message, field).toMatch(/^Enter /)
    }
  })

  it('never throws and always returns a canonical form that re-validates to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDENTIFIER_FIELDS), fc.string({ maxLength: 30 }), (field, input) => {
        const { validate } = identifierValidators[field]
        const result = validate(input)
        if (result.ok) expect(validate(result.value)).toEqual(result)
        else expect(result.message.length).toBeGreaterThan(0)
      }),
    )
  })

  it('recognises field names', () => {
    expect(isIdentifierField('pncId')).toBe(true)
    expect(isIdentifierField('pnc')).toBe(false)
    expect(isIdentifierField(undefined)).toBe(false)
  })
})
