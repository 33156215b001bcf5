import type { Faker } from '@faker-js/faker'
import { faker as defaultFaker } from '@faker-js/faker/locale/en_GB'
import { AREAS } from '../domain/areas.js'
import { nhsCheckDigit, pncCheckCharacter } from '../domain/identifiers.js'
import { nicknameGroups, NICKNAME_PAIRS } from '../features/search/nicknames.js'
import { backfillSearchTerms } from '../features/search/terms.js'
import type { Database } from './connection.js'
import { people, personAddresses, personAliases, personVehicles } from './schema.js'

type NewPerson = typeof people.$inferInsert
type NewAlias = Omit<typeof personAliases.$inferInsert, 'personId'>
type NewAddress = Omit<typeof personAddresses.$inferInsert, 'personId'>
type NewVehicle = Omit<typeof personVehicles.$inferInsert, 'personId'>

/**
 * 'basic': names, identifiers and aliases. 'full' (for the search benchmark): British name
 * frequencies (many people share Smith, Jones, David, John), aliases that are nicknames or
 * other family names, current and past addresses, and vehicles.
 */
export type Detail = 'basic' | 'full'

/** The commonest family names in England and Wales, with roughly how many in 10,000 have them (data, kept compact). */
// prettier-ignore
const COMMON_FAMILY_NAMES: [string, number][] = [
  ['Smith', 126], ['Jones', 76], ['Williams', 55], ['Taylor', 49], ['Brown', 49], ['Davies', 46],
  ['Evans', 38], ['Wilson', 34], ['Thomas', 33], ['Johnson', 33], ['Roberts', 31], ['Robinson', 27],
  ['Thompson', 27], ['Wright', 27], ['Walker', 26], ['White', 25], ['Edwards', 24], ['Hughes', 24],
  ['Green', 23], ['Hall', 23], ['Lewis', 22], ['Harris', 22], ['Clarke', 22], ['Patel', 22],
  ['Jackson', 21], ['Wood', 21], ['Turner', 20], ['Martin', 20], ['Cooper', 20], ['Hill', 19],
  ['Ward', 19], ['Morris', 19], ['Moore', 19], ['Clark', 19], ['Lee', 18], ['King', 18], ['Baker', 18],
  ['Harrison', 18], ['Morgan', 17], ['Allen', 17], ['James', 16], ['Scott', 16], ['Phillips', 16],
  ['Watson', 15], ['Davis', 15], ['Parker', 15], ['Price', 15], ['Bennett', 15], ['Young', 15],
  ['Griffiths', 15], ['Mitchell', 14], ['Kelly', 14], ['Cook', 14], ['Carter', 14], ['Richardson', 14],
  ['Bailey', 14], ['Collins', 14], ['Bell', 13], ['Shaw', 13], ['Murphy', 13], ['Miller', 13], ['Cox', 13],
  ['Richards', 12], ['Khan', 12], ['Marshall', 12], ['Anderson', 12], ['Simpson', 12], ['Ellis', 12],
  ['Adams', 12], ['Singh', 11], ['Begum', 11], ['Wilkinson', 11], ['Foster', 11], ['Chapman', 11],
  ['Powell', 11], ['Webb', 11], ['Rogers', 11], ['Gray', 11], ['Mason', 11], ['Ali', 11], ['Hunt', 10],
  ['Hussain', 10], ['Campbell', 10], ['Matthews', 10], ['Owen', 10], ['Palmer', 10], ['Holmes', 10],
  ['Mills', 10], ['Barnes', 10], ['Knight', 10], ['Lloyd', 10], ['Butler', 10], ['Russell', 10],
  ['Barker', 10], ['Fisher', 10], ['Stevens', 10], ['Jenkins', 10], ['Murray', 10], ['Dixon', 10],
  ['Harvey', 10], ['Pritchard', 6], ['Llewellyn', 4], ['Rees', 8], ['Howells', 4],
]

/** Given names common among men born 1940–2005 in England and Wales. */
// prettier-ignore
const COMMON_GIVEN_NAMES = [
  'David', 'John', 'Paul', 'Mark', 'Michael', 'Andrew', 'Stephen', 'Robert', 'Peter', 'Richard', 'James',
  'Christopher', 'William', 'Daniel', 'Thomas', 'Anthony', 'Gary', 'Ian', 'Kevin', 'Simon', 'Steven',
  'Matthew', 'Darren', 'Lee', 'Craig', 'Jason', 'Martin', 'Neil', 'Gareth', 'Wayne', 'Dean', 'Carl',
  'Alan', 'Keith', 'Brian', 'Kenneth', 'Ronald', 'Raymond', 'Terence', 'Philip', 'Jonathan', 'Adam',
  'Ryan', 'Liam', 'Jamie', 'Joseph', 'Samuel', 'Benjamin', 'Nicholas', 'Timothy', 'Dafydd', 'Rhys', 'Owen',
  'Huw', 'Geraint', 'Aled', 'Emyr', 'Gwilym', 'Iwan', 'Jack', 'Connor', 'Callum', 'Kieran',
]

function commonFamilyName(faker: Faker): string {
  return faker.helpers.weightedArrayElement(COMMON_FAMILY_NAMES.map(([value, weight]) => ({ value, weight })))
}

/** A nickname or other form of a given name, when the curated list has one. */
function otherForm(faker: Faker, givenName: string): string | undefined {
  const groups = nicknameGroups(givenName)
  const forms = NICKNAME_PAIRS.filter((p) => groups.includes(p.group) && p.name !== givenName.toLowerCase())
  if (!forms.length) return undefined
  const form = faker.helpers.arrayElement(forms).name
  return form.charAt(0).toUpperCase() + form.slice(1)
}

const formatDate = (date: Date) => date.toISOString().slice(0, 10)

/** A postcode of the real shape (outward code, space, digit and two letters), e.g. `LS12 4AB`. */
function postcode(faker: Faker): string {
  const area = faker.string.alpha({ length: { min: 1, max: 2 }, casing: 'upper' })
  const inward = faker.string.alpha({ length: 2, casing: 'upper', exclude: [...'CIKMOV'] })
  return `${area}${faker.number.int({ min: 1, max: 29 })} ${faker.number.int(9)}${inward}`
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** A synthetic person with valid identifiers (check characters included) and sometimes aliases. */
export function syntheticPerson(
  faker: Faker,
  areaCode: string,
  detail: Detail = 'basic',
): { person: NewPerson; aliases: NewAlias[]; addresses: NewAddress[]; vehicles: NewVehicle[] } {
  const full = detail === 'full'
  // ~97% male among registered sexual offenders (shared/data/distributions.md).
  const sex = faker.number.float() < 0.97 ? 'male' : 'female'
  const givenName =
    full && sex === 'male' && faker.number.float() < 0.6
      ? faker.helpers.arrayElement(COMMON_GIVEN_NAMES)
      : faker.person.firstName(sex)
  const familyName = full && faker.number.float() < 0.5 ? commonFamilyName(faker) : faker.person.lastName()
  const dateOfBirth = faker.date.birthdate({ min: 16, max: 85, mode: 'age' }).toISOString().slice(0, 10)
  const pncYear = String(faker.number.int({ min: 1995, max: 2025 }))
  const pncSerial = pad(faker.number.int({ min: 1, max: 9_999_999 }), 7)
  let nhsNumber: string | null = null
  while (nhsNumber === null) {
    const nine = pad(faker.number.int({ min: 400_000_000, max: 999_999_999 }), 9)
    const check = nhsCheckDigit(nine)
    nhsNumber = check === undefined ? null : `${nine}${check}`
  }
  const aliasCount = faker.helpers.weightedArrayElement([
    { weight: 75, value: 0 },
    { weight: 20, value: 1 },
    { weight: 5, value: 2 },
  ])
  const aliases = Array.from({ length: aliasCount }, (_, position) => {
    const nickname = full && position === 0 ? otherForm(faker, givenName) : undefined
    return {
      position,
      givenName: nickname ?? faker.helpers.arrayElement([givenName, faker.person.firstName(sex)]),
      familyName: nickname ? familyName : faker.helpers.arrayElement([familyName, faker.person.lastName()]),
      dateOfBirth: faker.helpers.maybe(() => dateOfBirth, { probability: 0.5 }) ?? null,
    }
  })
  const addresses: NewAddress[] = []
  const vehicles: NewVehicle[] = []
  if (full) {
    // The current address and up to two past ones, most recent first.
    let to: Date | null = null
    const count = faker.helpers.weightedArrayElement([
      { weight: 50, value: 1 },
      { weight: 35, value: 2 },
      { weight: 15, value: 3 },
    ])
    for (let i = 0; i < count; i++) {
      const from = faker.date.past({ years: 4, refDate: to ?? new Date() })
      addresses.push({
        kind: 'home',
        line1: faker.location.streetAddress(),
        town: faker.location.city(),
        postcode: postcode(faker),
        validFrom: formatDate(from),
        validTo: to ? formatDate(to) : null,
      })
      to = from
    }
    if (faker.number.float() < 0.3) {
      vehicles.push({
        registration: faker.vehicle.vrm(),
        make: faker.vehicle.manufacturer(),
        colour: faker.color.human(),
        relationship: 'keeper',
      })
    }
  }
  return {
    person: {
      givenName,
      middleNames: faker.helpers.maybe(() => faker.person.middleName(sex), { probability: 0.4 }) ?? null,
      familyName,
      dateOfBirth,
      gender: sex,
      ethnicity: faker.helpers.arrayElement(['W1', 'W1', 'W1', 'W1', 'W9', 'A2', 'B1', 'M1', 'NS']),
      areaCode,
      pncId: `${pncYear}/${pncSerial}${pncCheckCharacter(pncYear, pncSerial)}`,
      crn: `${faker.string.alpha({ length: 1, casing: 'upper' })}${pad(faker.number.int({ max: 999_999 }), 6)}`,
      nhsNumber,
      prisonNumber: faker.helpers.maybe(
        () =>
          `A${pad(faker.number.int({ max: 9999 }), 4)}${faker.string.alpha({ length: 2, casing: 'upper' })}`,
        { probability: 0.6 },
      ),
    },
    aliases,
    addresses,
    vehicles,
  }
}

/** London's caseload is several times an average area's. */
function weightedArea(faker: Faker): string {
  return faker.helpers.weightedArrayElement(
    AREAS.map((a) => ({ weight: a.code === 'london' ? 5 : 1, value: a.code })),
  )
}

/** Inserts `count` synthetic people in batches; returns their ids. */
export async function insertSyntheticPeople(
  db: Database,
  count: number,
  options: { areaCode?: string; faker?: Faker; onProgress?: (done: number) => void } = {},
): Promise<string[]> {
  const faker = options.faker ?? defaultFaker
  const ids: string[] = []
  const batchSize = 1000
  for (let done = 0; done < count; done += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - done) }, () =>
      syntheticPerson(faker, options.areaCode ?? weightedArea(faker)),
    )
    await db.transaction(async (tx) => {
      const rows = await tx
        .insert(people)
        .values(batch.map((b) => b.person))
        .returning({ id: people.id })
      const aliases = batch.flatMap((b, i) => b.aliases.map((a) => ({ ...a, personId: rows[i]!.id })))
      if (aliases.length) await tx.insert(personAliases).values(aliases)
      ids.push(...rows.map((r) => r.id))
    })
    options.onProgress?.(Math.min(done + batchSize, count))
  }
  await backfillSearchTerms(db)
  return ids
}
