import type { Faker } from '@faker-js/faker'
import { faker as defaultFaker } from '@faker-js/faker/locale/en_GB'
import { AREAS } from '../domain/areas.js'
import { nhsCheckDigit, pncCheckCharacter } from '../domain/identifiers.js'
import { backfillSearchTerms } from '../features/search/terms.js'
import type { Database } from './connection.js'
import { people, personAliases } from './schema.js'

type NewPerson = typeof people.$inferInsert
type NewAlias = Omit<typeof personAliases.$inferInsert, 'personId'>

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** A synthetic person with valid identifiers (check characters included) and sometimes aliases. */
export function syntheticPerson(faker: Faker, areaCode: string): { person: NewPerson; aliases: NewAlias[] } {
  // ~97% male among registered sexual offenders (shared/data/distributions.md).
  const sex = faker.number.float() < 0.97 ? 'male' : 'female'
  const givenName = faker.person.firstName(sex)
  const familyName = faker.person.lastName()
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
  const aliases = Array.from({ length: aliasCount }, (_, position) => ({
    position,
    givenName: faker.helpers.arrayElement([givenName, faker.person.firstName(sex)]),
    familyName: faker.helpers.arrayElement([familyName, faker.person.lastName()]),
    dateOfBirth: faker.helpers.maybe(() => dateOfBirth, { probability: 0.5 }) ?? null,
  }))
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
