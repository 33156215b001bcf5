import type { Faker } from '@faker-js/faker'
import { addDays, addDuration, londonDateOf } from '../domain/rules/dates.js'
import { pncCheckCharacter } from '../domain/identifiers.js'
import { refreshSearchTerms } from '../features/search/terms.js'
import type { Database } from './connection.js'
import {
  convictionOffences,
  convictions,
  notificationEvents,
  people,
  personManagers,
  registrationChanges,
  registrations,
} from './schema.js'

/** A person every demonstration (and the browser journeys) can find by name. */
export const DEMO_PERSON = { givenName: 'Jonathan', familyName: 'Smythe', dateOfBirth: '1971-04-14' }

interface Managers {
  police: string
  probation: string
  leadAgencyId: string
}

/**
 * Gives managed demo people what a real caseload has: a sexual offence conviction, release,
 * Category 1 registration (a few at Level 2 or 3) and their notifications — some overdue — so
 * the record, caseloads and work queue show realistic work.
 */
export async function loadDemoCases(db: Database, faker: Faker, personIds: string[], managers: Managers) {
  const today = londonDateOf(new Date().toISOString())
  const [named] = await db
    .insert(people)
    .values({
      ...DEMO_PERSON,
      gender: 'male',
      ethnicity: 'W1',
      areaCode: 'west-yorkshire',
      leadAgencyId: managers.leadAgencyId,
      pncId: `1998/0412345${pncCheckCharacter('1998', '0412345')}`,
      crn: 'D123456',
    })
    .returning({ id: people.id })
  await db.insert(personManagers).values([
    { personId: named!.id, userId: managers.police, kind: 'police' },
    { personId: named!.id, userId: managers.probation, kind: 'probation' },
  ])
  await refreshSearchTerms(db, named!.id)

  for (const [i, personId] of [named!.id, ...personIds].entries()) {
    const convicted = addDays(today, -faker.number.int({ min: 900, max: 2500 }))
    const months = faker.helpers.arrayElement([12, 18, 24, 28])
    const released = addDuration(convicted, `P${Math.floor(months / 2)}M`)
    const [conviction] = await db
      .insert(convictions)
      .values({ personId, date: convicted, type: 'conviction', court: 'england_wales' })
      .returning({ id: convictions.id })
    await db.insert(convictionOffences).values({
      convictionId: conviction!.id,
      position: 0,
      offenceId: faker.helpers.arrayElement([
        'soa2003-s3-sexual-assault',
        'soa2003-s7-sexual-assault-child-under-13',
      ]),
      offenceDate: addDays(convicted, -faker.number.int({ min: 60, max: 400 })),
      victimAge: faker.number.int({ min: 8, max: 15 }),
      disposalType: 'custody',
      months,
      releaseDate: released,
      licenceEndDate: addDuration(convicted, `P${months}M`),
    })
    const level = i === 0 ? 1 : i % 9 === 0 ? 3 : i % 4 === 0 ? 2 : 1
    const [registration] = await db
      .insert(registrations)
      .values({
        personId,
        category: 1,
        level,
        levelRationale:
          level > 1 ? 'High risk of serious harm to children; multi-agency meetings add value.' : null,
        leadAgencyId: managers.leadAgencyId,
        registeredOn: released,
      })
      .returning({ id: registrations.id })
    const changes: (typeof registrationChanges.$inferInsert)[] = [
      {
        registrationId: registration!.id,
        kind: 'registered',
        toValue: `Category 1, Level ${level}`,
        at: new Date(`${released}T12:00:00Z`),
      },
    ]
    // Level 2 and 3 cases were last reviewed 11 to 20 weeks ago: some reviews are now overdue.
    if (level > 1) {
      const reviewed = addDays(today, -faker.number.int({ min: 77, max: 140 }))
      changes.push({
        registrationId: registration!.id,
        kind: 'level_reviewed',
        at: new Date(`${reviewed}T12:00:00Z`),
      })
    }
    await db.insert(registrationChanges).values(changes)
    // Initial notification on release, then yearly; every fifth person is a month overdue.
    const notified = [addDays(released, 2)]
    const overdue = i % 5 === 4
    while (addDuration(notified.at(-1)!, 'P1Y') < addDays(today, overdue ? -30 : 20)) {
      notified.push(addDays(addDuration(notified.at(-1)!, 'P1Y'), -faker.number.int({ min: 1, max: 20 })))
    }
    await db.insert(notificationEvents).values(
      notified.map((notifiedOn, n) => ({
        personId,
        kind: n === 0 ? 'initial' : 'periodic',
        notifiedOn,
        station: 'Leeds District Headquarters',
        officerId: managers.police,
        details: {},
      })),
    )
  }
}
