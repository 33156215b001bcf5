import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { $, createTestApp, type TestApp } from '../../../test/support/test-app.js'
import { agencies, people, personMerges, personTimeline, users } from '../../db/schema.js'
import { createApiKey } from '../../security/api-keys.js'
import { recordIdsOf } from './service.js'

let t: TestApp
let key: string

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } })

async function agencyId(code: string) {
  const [row] = await t.database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code))
  return row!.id
}

async function newPerson(givenName: string, extra: object = {}, area = 'west-yorkshire') {
  const created = await api('POST', '/api/v1/people', {
    givenName,
    familyName: 'Duplicate',
    dateOfBirth: '1970-07-07',
    area,
    ...extra,
  })
  expect(created.statusCode).toBe(201)
  return created.json().id as string
}

const timelineOf = async (id: string) =>
  (await t.database.db.select().from(personTimeline).where(eq(personTimeline.personId, id))).map(
    (e) => e.kind,
  )
const mergedInto = async (id: string) =>
  (await t.database.db.select({ to: people.mergedIntoId }).from(people).where(eq(people.id, id)))[0]!.to

beforeAll(async () => {
  t = await createTestApp()
  key = (
    await createApiKey(t.database.db, {
      agencyId: await agencyId('wy-probation'),
      name: 'Partner',
      scopes: [
        'person:list',
        'person:view',
        'person:create',
        'person:edit',
        'registration:manage',
        'person:merge',
      ],
    })
  ).key
})
afterAll(() => t.close())

describe('merging duplicate records', () => {
  it('merges into the record kept, keeping both histories and identifiers, and undoes a wrong merge', async () => {
    const kept = await newPerson('Keeper', { pncId: '2001/0123456F' })
    const merged = await newPerson('Mergee', { crn: 'X123456' })
    // Something on the duplicate's history before the merge.
    await api('POST', `/api/v1/people/${merged}/registrations`, {
      category: 3,
      categoryRationale: 'Serious violence.',
      level: 2,
      levelRationale: 'Active management.',
      leadAgency: 'wy-probation',
    })
    const coordinator = await t.signedIn('coordinator')
    const compare = $((await coordinator.get(`/people/${kept}/merge?otherRecord=/people/${merged}`)).body)
    expect(compare('[data-qa=this-record]').text()).toContain('2001/0123456F')
    expect(compare('[data-qa=other-record]').text()).toContain('X123456')

    const noReason = await coordinator.post(`/people/${kept}/merge`, {
      otherRecord: merged,
      keep: 'this',
      reason: '',
    })
    expect(noReason.statusCode).toBe(400)
    expect($(noReason.body)('[data-qa=other-record]')).toHaveLength(1)
    const done = await coordinator.post(`/people/${kept}/merge`, {
      otherRecord: `http://localhost/people/${merged}`,
      keep: 'this',
      reason: 'Same PNC fingerprints; the second record was created in error.',
    })
    expect(done.statusCode).toBe(303)
    expect(await mergedInto(merged)).toBe(kept)
    const [row] = await t.database.db.select().from(personMerges).where(eq(personMerges.mergedId, merged))
    const [coordinatorUser] = await t.database.db
      .select()
      .from(users)
      .where(eq(users.username, 'coordinator'))
    expect(row).toMatchObject({ keptId: kept, mergedBy: coordinatorUser!.id, undoneAt: null })
    expect(await recordIdsOf(t.database.db, kept)).toEqual([kept, merged])
    expect(await timelineOf(kept)).toContain('merge.merged')
    expect(await timelineOf(merged)).toEqual(
      expect.arrayContaining(['registration.registered', 'merge.merged']),
    )

    // The merged record points to the kept one; lists show only the kept record.
    expect($((await coordinator.get(`/people/${merged}`)).body)('[data-qa=person-name]').text()).toContain(
      'Keeper',
    )
    expect((await api('GET', `/api/v1/people/${merged}`)).json()).toMatchObject({
      id: kept,
      pncId: '2001/0123456F',
    })
    const list = (await api('GET', '/api/v1/people?q=duplicate')).json()
    expect(list.items.map((p: { id: string }) => p.id)).toContain(kept)
    expect(list.items.map((p: { id: string }) => p.id)).not.toContain(merged)
    // The kept record's registration page shows the duplicate's registration.
    const registration = $((await coordinator.get(`/people/${kept}/registration`)).body)
    expect(registration('[data-qa=registration]').text()).toContain('Category 3')

    const undoNoReason = await coordinator.post(`/people/${kept}/merge/${row!.id}/undo`, { reason: '' })
    expect(undoNoReason.statusCode).toBe(400)
    const undone = await coordinator.post(`/people/${kept}/merge/${row!.id}/undo`, {
      reason: 'Twins: different people after all.',
    })
    expect(undone.statusCode).toBe(303)
    expect(await mergedInto(merged)).toBeNull()
    const [after] = await t.database.db.select().from(personMerges).where(eq(personMerges.id, row!.id))
    expect(after).toMatchObject({
      undoReason: 'Twins: different people after all.',
      undoneBy: coordinatorUser!.id,
    })
    expect(await timelineOf(kept)).toEqual(expect.arrayContaining(['merge.merged', 'merge.unmerged']))
    expect(await timelineOf(merged)).toEqual(
      expect.arrayContaining(['registration.registered', 'merge.merged', 'merge.unmerged']),
    )
    expect($((await coordinator.get(`/people/${merged}`)).body)('[data-qa=person-name]').text()).toContain(
      'Mergee',
    )
  })

  it('needs both records to be open to the person merging', async () => {
    const kept = await newPerson('Local')
    const london = (
      await t.database.db.select().from(people).where(eq(people.areaCode, 'london')).limit(1)
    )[0]!
    const coordinator = await t.signedIn('coordinator')
    const refused = await coordinator.post(`/people/${kept}/merge`, {
      otherRecord: london.id,
      keep: 'this',
      reason: 'Same person',
    })
    expect(refused.statusCode).toBe(400)
    expect($(refused.body)('.govuk-error-summary').text()).toContain('You cannot merge this record')
    expect(await mergedInto(london.id)).toBeNull()
  })

  it('is refused to roles without merge rights', async () => {
    const a = await newPerson('Alpha')
    for (const username of ['police.om', 'housing', 'lay.adviser']) {
      const agent = await t.signedIn(username)
      expect((await agent.get(`/people/${a}/merge`)).statusCode).toBe(403)
    }
  })
})

describe('/api/v1/merges', () => {
  it('merges and unmerges', async () => {
    const kept = await newPerson('ApiKept')
    const merged = await newPerson('ApiMerged')
    expect((await api('POST', '/api/v1/merges', { keptId: kept })).statusCode).toBe(400)
    const created = await api('POST', '/api/v1/merges', {
      keptId: kept,
      mergedId: merged,
      reason: 'Same person.',
    })
    expect(created.statusCode).toBe(201)
    const merge = created.json()
    expect(merge).toMatchObject({ keptId: kept, mergedId: merged, reason: 'Same person.', undoneAt: null })
    expect(
      (await api('POST', '/api/v1/merges', { keptId: merged, mergedId: kept, reason: 'Again' })).statusCode,
    ).toBe(400)
    const undone = await api('POST', `/api/v1/merges/${merge.id}/unmerge`, { reason: 'Wrong.' })
    expect(undone.statusCode).toBe(200)
    expect(undone.json()).toMatchObject({ undoReason: 'Wrong.' })
    expect((await api('POST', `/api/v1/merges/${merge.id}/unmerge`, { reason: 'Wrong.' })).statusCode).toBe(
      409,
    )
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(doc.paths['/api/v1/merges']).toHaveProperty('post')
    expect(doc.paths['/api/v1/merges/{id}/unmerge']).toHaveProperty('post')
  })
})
