import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, TEST_SEALING_KEY, type TestApp } from '../../../test/support/test-app.js'
import { DEMO_PERSON } from '../../db/demo-cases.js'
import { loadDemoVictims } from '../../db/demo-victims.js'
import { people, tasks } from '../../db/schema.js'
import { createSealer } from '../../security/sealing.js'

let t: TestApp
let personId: string
beforeAll(async () => {
  t = await createTestApp()
  // As the service's start-up does, with the service's key.
  await loadDemoVictims(t.database.db, createSealer(TEST_SEALING_KEY))
  const [person] = await t.database.db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.givenName, DEMO_PERSON.givenName), eq(people.familyName, DEMO_PERSON.familyName)))
  personId = person!.id
})
afterAll(() => t.close())

describe('the demo victim', () => {
  it('is Jonathan Smythe’s, looked after by the demo VLO, opted in, with its clocks met', async () => {
    const page = $((await (await t.signedIn('vlo')).get(`/people/${personId}/victims`)).body)
    expect(page('[data-qa=victim-row]').text()).toContain('Rachel Denholm')
    expect(page('[data-qa=victim-row]').text()).toContain('Opted in')
    const open = await t.database.db.select().from(tasks).where(eq(tasks.personId, personId))
    expect(open.filter((r) => r.kind.startsWith('victim_'))).toEqual([])
    const redacted = await (await t.signedIn('coordinator')).get(`/people/${personId}/victims`)
    expect(redacted.body).not.toContain('Denholm')
    expect($(redacted.body)('[data-qa=victim-count]').text()).toContain('1 victim')
  })
})
