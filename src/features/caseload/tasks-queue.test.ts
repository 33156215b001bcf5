import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, type Agent, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { userIdOf } from '../registrations/test-support.js'
import { agencies, people, tasks } from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { createApiKey } from '../../security/api-keys.js'

// Tasks are written by the features that own their records (meeting actions, victims,
// applications); the queue reads them beside each case's due items. Here they are inserted directly.

let t: TestApp
let housing: Agent
let om: Agent
const today = londonDateOf(new Date().toISOString())
const ids: Record<string, string> = {}

const userId = (username: string) => userIdOf(t, username)

const queueItems = (html: string) =>
  $(html)('[data-qa=queue-item]')
    .toArray()
    .map((el) => ({
      kind: $(html)(el).attr('data-kind'),
      recordId: $(html)(el).attr('data-record-id'),
      href: $(html)(el).find('[data-qa=act]').attr('href'),
      text: $(html)(el).text(),
    }))

beforeAll(async () => {
  t = await createTestApp()
  const db = t.database.db
  const [open] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.areaCode, 'west-yorkshire'), eq(people.restricted, false)))
  const [restricted] = await db.select({ id: people.id }).from(people).where(eq(people.restricted, true))
  const [wyp] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, 'wyp'))
  ids.person = open!.id
  ids.restricted = restricted!.id
  ids.wyp = wyp!.id
  ids.housingUser = await userId('housing')
  ids.omUser = await userId('police.om')
  ids.vloUser = await userId('vlo')
  housing = await t.signedIn('housing')
  om = await t.signedIn('police.om')
})
afterAll(() => t.close())

describe('tasks of other records in the work queue', () => {
  const task = (key: string, values: Partial<typeof tasks.$inferInsert>) => ({
    key,
    title: 'A task',
    startDate: addDays(today, -20),
    dueDate: addDays(today, -1),
    status: 'overdue',
    basis: [{ text: 'Why it is due', reference: 'DVCVA 2004 s.35' }],
    rulesVersion: 'test',
    recordType: 'victim',
    recordId: crypto.randomUUID(),
    kind: 'victim_liaison_contact',
    ...values,
  })

  it('shows victims’ and applications’ tasks with links to their records, restricted ones without names', async () => {
    const victimId = crypto.randomUUID()
    const applicationId = crypto.randomUUID()
    await t.database.db.insert(tasks).values([
      task('victim:test:1', {
        personId: ids.person,
        ownerUserId: ids.vloUser,
        areaCode: 'west-yorkshire',
        recordId: victimId,
        title: 'Contact the victim',
      }),
      task('application:test:1', {
        kind: 'clares_law_initial_checks',
        recordType: 'application',
        recordId: applicationId,
        ownerUserId: ids.omUser,
        areaCode: 'west-yorkshire',
        title: 'Initial checks',
      }),
      task('victim:test:2', {
        kind: 'victim_event_contact',
        personId: ids.restricted,
        ownerUserId: ids.housingUser,
        areaCode: 'west-yorkshire',
        title: 'Tell the victim of the release date',
      }),
    ])
    const vlo = await t.signedIn('vlo')
    const vloQueue = queueItems((await vlo.get('/work-queue?group=victims')).body)
    expect(vloQueue.find((i) => i.recordId === victimId)?.href).toBe(
      `/people/${ids.person}/victims/${victimId}`,
    )

    const omQueue = queueItems((await om.get('/work-queue?group=applications')).body)
    const application = omQueue.find((i) => i.recordId === applicationId)
    expect(application?.href).toBe(`/applications/${applicationId}`)
    expect(application?.text).toContain('No person linked yet')
    expect(omQueue.every((i) => i.kind?.startsWith('clares_law') || i.kind?.startsWith('sarahs_law'))).toBe(
      true,
    )

    const housingQueue = queueItems((await housing.get('/work-queue')).body)
    const hidden = housingQueue.find((i) => i.kind === 'victim_event_contact')
    expect(hidden?.text).toContain('Restricted record')
    expect(hidden?.text).not.toContain('Tell the victim')

    const key = (
      await createApiKey(t.database.db, {
        agencyId: ids.wyp!,
        name: 'Police system',
        scopes: ['person:list'],
      })
    ).key
    const viaApi = await t.app.inject({
      method: 'GET',
      url: '/api/v1/work-queue?scope=area&group=applications',
      headers: { authorization: `Bearer ${key}` },
    })
    expect(viaApi.statusCode).toBe(200)
    expect(
      viaApi.json().items.find((i: { record: { id: string } | null }) => i.record?.id === applicationId),
    ).toMatchObject({ personId: null, person: null, href: `/applications/${applicationId}` })
  })
})
