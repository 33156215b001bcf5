import type { Database } from '../../db/connection.js'
import type { Principal } from '../../security/principal.js'
import { personFor } from '../people/service.js'
import type { PersonRecord } from '../people/queries.js'
import { currentRegistration } from '../registrations/service.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'

export type FieldProblem = { path: string; message: string }

/**
 * The kept record's id plus the ids of every record merged into it: other features show the
 * facts and history of all of them on the kept record's pages.
 */
export const recordIdsOf = (db: Pick<Database, 'select'>, keptId: string) => queries.recordIdsOf(db, keptId)

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

/** A record given by its id or its web address (as copied from the browser). */
export function recordIdFrom(reference: string | undefined): string | undefined {
  return reference ? UUID.exec(reference)?.[0]?.toLowerCase() : undefined
}

const fullName = (p: PersonRecord) => `${p.givenName} ${p.familyName}`

export type MergeResult =
  | { kind: 'merged'; id: string; keptId: string; mergedId: string }
  | { kind: 'invalid'; problems: FieldProblem[] }

/** Both records, each open to the principal for merging, or what stands in the way. */
export async function mergeCandidates(
  db: Database,
  principal: Principal,
  keptId: string,
  mergedId: string,
): Promise<{ kept: PersonRecord; merged: PersonRecord } | { problems: FieldProblem[] }> {
  if (keptId === mergedId)
    return { problems: [{ path: 'otherRecord', message: 'Choose a different record from this one' }] }
  const open = (id: string) => personFor(db, principal, id, 'person:merge', { followMerge: false })
  const [kept, merged] = await Promise.all([open(keptId), open(mergedId)])
  const problems: FieldProblem[] = []
  for (const [access, path] of [
    [kept, 'keptId'],
    [merged, 'mergedId'],
  ] as const) {
    if (access.kind === 'not_found') problems.push({ path, message: 'No record with that reference' })
    else if (access.kind === 'denied')
      problems.push({ path, message: `You cannot merge this record: ${access.decision.message}` })
    else if (access.person.mergedIntoId)
      problems.push({ path, message: 'This record has already been merged into another' })
  }
  if (problems.length || kept.kind !== 'ok' || merged.kind !== 'ok') return { problems }
  return { kept: kept.person, merged: merged.person }
}

/**
 * Merges two records found to be the same person. Nothing is moved or deleted: the merged record
 * points at the one kept, whose pages then show the facts and history of both.
 */
export async function merge(
  db: Database,
  principal: Principal,
  input: { keptId: string; mergedId: string; reason: string },
): Promise<MergeResult> {
  const found = await mergeCandidates(db, principal, input.keptId, input.mergedId)
  if ('problems' in found) return { kind: 'invalid', problems: found.problems }
  const { kept, merged } = found
  const [keptRegistration, mergedRegistration] = await Promise.all([
    currentRegistration(db, kept.id),
    currentRegistration(db, merged.id),
  ])
  if (keptRegistration && mergedRegistration)
    return {
      kind: 'invalid',
      problems: [
        {
          path: 'mergedId',
          message:
            'Both records have a MAPPA registration in force: de-register the duplicate registration first',
        },
      ],
    }
  const by = principal.kind === 'user' ? principal.userId : null
  return db.transaction(async (tx): Promise<MergeResult> => {
    const locked = await queries.lockPeople(tx, [kept.id, merged.id])
    if (locked.some((p) => p.mergedIntoId))
      return {
        kind: 'invalid',
        problems: [{ path: 'mergedId', message: 'One of the records has just been merged into another' }],
      }
    if (await queries.hasMergedRecords(tx, merged.id))
      return {
        kind: 'invalid',
        problems: [
          {
            path: 'mergedId',
            message:
              'Other records are merged into the record to merge: keep that record instead, or undo those merges first',
          },
        ],
      }
    const row = await queries.insertMerge(tx, {
      keptId: kept.id,
      mergedId: merged.id,
      reason: input.reason,
      mergedBy: by,
    })
    await recordTimeline(tx, principal, {
      personId: kept.id,
      kind: 'merge.merged',
      title: `Record of ${fullName(merged)} (born ${merged.dateOfBirth}) merged into this record`,
      detail: input.reason,
      recordType: 'person_merge',
      recordId: row.id,
    })
    await recordTimeline(tx, principal, {
      personId: merged.id,
      kind: 'merge.merged',
      title: `Merged into the record of ${fullName(kept)} (born ${kept.dateOfBirth}), which is kept`,
      detail: input.reason,
      recordType: 'person_merge',
      recordId: row.id,
    })
    return { kind: 'merged', id: row.id, keptId: kept.id, mergedId: merged.id }
  })
}

export type UnmergeResult =
  | { kind: 'unmerged'; keptId: string; mergedId: string }
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }
  | { kind: 'conflict'; message: string }

/** Undoes a wrong merge: the pointer is cleared, both records stand alone again, and it is recorded. */
export async function unmerge(
  db: Database,
  principal: Principal,
  mergeId: string,
  reason: string,
): Promise<UnmergeResult> {
  const row = await queries.findMerge(db, mergeId)
  if (!row) return { kind: 'not_found' }
  const accesses = await Promise.all(
    [row.keptId, row.mergedId].map((id) =>
      personFor(db, principal, id, 'person:merge', { followMerge: false }),
    ),
  )
  const refused = accesses.find((a) => a.kind === 'denied')
  if (refused?.kind === 'denied')
    return { kind: 'denied', message: `You cannot undo this merge: ${refused.decision.message}` }
  const [kept, merged] = accesses.map((a) => (a.kind === 'ok' ? a.person : undefined))
  if (!kept || !merged) return { kind: 'not_found' }
  return db.transaction(async (tx): Promise<UnmergeResult> => {
    const undone = await queries.undoMerge(tx, row, {
      undoneBy: principal.kind === 'user' ? principal.userId : null,
      undoReason: reason,
    })
    if (!undone) return { kind: 'conflict', message: 'This merge has already been undone' }
    for (const [personId, other] of [
      [kept.id, merged],
      [merged.id, kept],
    ] as const) {
      await recordTimeline(tx, principal, {
        personId,
        kind: 'merge.unmerged',
        title: `Merge with the record of ${fullName(other)} (born ${other.dateOfBirth}) undone`,
        detail: reason,
        recordType: 'person_merge',
        recordId: row.id,
      })
    }
    return { kind: 'unmerged', keptId: kept.id, mergedId: merged.id }
  })
}

/** Merges the record (or those merged into it) took part in, for its merge page. */
export async function mergesFor(db: Database, personId: string) {
  const rows = await queries.mergesOf(db, await recordIdsOf(db, personId))
  return rows.map((r) => ({
    ...r.merge,
    keptName: r.keptName,
    mergedName: r.mergedName,
    mergedByName: r.mergedByName,
    undoneByName: r.undoneByName,
  }))
}

export function mergeJson(m: Awaited<ReturnType<typeof mergesFor>>[number]) {
  return {
    id: m.id,
    keptId: m.keptId,
    mergedId: m.mergedId,
    reason: m.reason,
    mergedBy: m.mergedByName,
    mergedAt: m.mergedAt.toISOString(),
    undoneBy: m.undoneByName,
    undoneAt: m.undoneAt?.toISOString() ?? null,
    undoReason: m.undoReason,
  }
}

export async function mergeById(db: Database, id: string) {
  const row = await queries.findMerge(db, id)
  if (!row) return undefined
  return (await mergesFor(db, row.keptId)).find((m) => m.id === id)
}
