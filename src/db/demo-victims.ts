import { and, asc, eq } from 'drizzle-orm'
import { addDays, addWorkingDays } from '../domain/rules/index.js'
import { londonDateOf } from '../domain/rules/dates.js'
import type { Sealer } from '../security/sealing.js'
import * as victimQueries from '../features/victims/queries.js'
import { SEALED, refreshVictimTasks } from '../features/victims/service.js'
import type { VictimDetails } from '../features/victims/schema.js'
import type { Database } from './connection.js'
import { DEMO_PERSON } from './demo-cases.js'
import { convictions, people, users } from './schema.js'

/** A victim of the demo person, synthetic throughout (the phone number is in Ofcom's drama range). */
const DEMO_VICTIM: VictimDetails = {
  name: 'Rachel Denholm',
  address: '12 Kingsley Avenue\nRoundhay\nLeeds',
  postcode: 'LS8 2QZ',
  location: { lat: 53.8262, lon: -1.5051 },
  phone: '07700 900461',
  email: 'rachel.denholm@example.com',
  preferredContact: 'phone',
  contactTimes: 'Weekdays after 5pm',
  language: 'English',
  needs: null,
}

/**
 * Gives Jonathan Smythe one victim, looked after by the demo VLO and opted into the Victim
 * Contact Scheme, so the victims pages, alerts and the compartment can be shown. Sealed with the
 * service's sealer, so it is loaded only where one is available.
 */
export async function loadDemoVictims(db: Database, sealer: Sealer) {
  const [person] = await db
    .select({ id: people.id, areaCode: people.areaCode, dateOfBirth: people.dateOfBirth })
    .from(people)
    .where(
      and(
        eq(people.givenName, DEMO_PERSON.givenName),
        eq(people.familyName, DEMO_PERSON.familyName),
        eq(people.dateOfBirth, DEMO_PERSON.dateOfBirth),
      ),
    )
  const [vlo] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'vlo'))
  if (!person || !vlo) return
  const [conviction] = await db
    .select({ id: convictions.id, date: convictions.date, sentenceDate: convictions.sentenceDate })
    .from(convictions)
    .where(eq(convictions.personId, person.id))
    .orderBy(asc(convictions.date))
  const sentencedOn = conviction ? (conviction.sentenceDate ?? conviction.date) : null
  const referredOn = sentencedOn && addWorkingDays(sentencedOn, 6)
  const id = await victimQueries.insertVictim(db, {
    personId: person.id,
    kind: 'victim',
    convictionId: conviction?.id ?? null,
    vloUserId: vlo.id,
    sentencedOn,
    referredOn,
    contactedOn: referredOn && addWorkingDays(referredOn, 12),
    sealed: sealer.seal(SEALED.victim, DEMO_VICTIM),
    createdBy: vlo.id,
  })
  await victimQueries.insertSchemeChoice(db, {
    victimId: id,
    optedIn: true,
    on: referredOn ? addDays(referredOn, 20) : londonDateOf(new Date().toISOString()),
    recordedBy: vlo.id,
  })
  await refreshVictimTasks(db, person, id, londonDateOf(new Date().toISOString()))
}
