import { TransactionRollbackError } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import { areaByCode } from '../../domain/areas.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { recordIdsOf } from '../merges/service.js'
import type { PersonRecord } from '../people/queries.js'
import { handOverOnTransfer } from '../registrations/service.js'
import { recordSignificantEvent } from '../significant-events/service.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'

export type FieldProblem = { path: string; message: string }
type TransferRecord = NonNullable<Awaited<ReturnType<typeof queries.findTransfer>>>

const areaName = (code: string) => areaByCode(code)?.name ?? code
const actor = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

export type RequestResult =
  | { kind: 'requested'; id: string }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'conflict'; message: string }

/** Only the area that holds the case asks to move it (not someone with a cross-area grant). */
export const ownsCase = (principal: Principal, person: Pick<PersonRecord, 'areaCode'>) =>
  principal.membership.areaCodes.includes(person.areaCode)

/** Asks another area to take the case; nothing moves until that area accepts. */
export async function requestTransfer(
  db: Database,
  principal: Principal,
  person: PersonRecord,
  input: { toArea: string; reason: string },
): Promise<RequestResult> {
  if (!ownsCase(principal, person))
    return {
      kind: 'conflict',
      message: 'Only the area that holds the case can ask for it to be transferred',
    }
  if (input.toArea === person.areaCode)
    return {
      kind: 'invalid',
      problems: [{ path: 'toArea', message: 'Select an area other than the one that holds the case' }],
    }
  return db.transaction(async (tx): Promise<RequestResult> => {
    if (await queries.pendingTransferOf(tx, person.id))
      return { kind: 'conflict', message: 'A transfer of this case is already waiting for a decision' }
    const row = await queries.insertTransfer(tx, {
      personId: person.id,
      fromAreaCode: person.areaCode,
      toAreaCode: input.toArea,
      reason: input.reason,
      requestedBy: actor(principal),
    })
    await recordTimeline(tx, principal, {
      personId: person.id,
      kind: 'transfer.requested',
      title: `Transfer to ${areaName(input.toArea)} requested by ${areaName(person.areaCode)}`,
      detail: input.reason,
      recordType: 'transfer',
      recordId: row.id,
    })
    return { kind: 'requested', id: row.id }
  })
}

/** May this principal decide this transfer: a co-ordinator of the receiving area. */
export const mayDecide = (principal: Principal, transfer: { toAreaCode: string }) =>
  mayDo(principal, 'transfer:decide') && principal.membership.areaCodes.includes(transfer.toAreaCode)

/** Transfers into or out of the principal's areas, pending ones first. */
export async function transfersForPrincipal(db: Database, principal: Principal) {
  const rows = await queries.transfersFor(db, principal.membership.areaCodes, { limit: 200 })
  return rows.map((r) => ({ ...r, mayDecide: mayDecide(principal, r.transfer) }))
}

/** A transfer the principal may see: its sending or receiving area is one of theirs. */
export async function transferFor(
  db: Database,
  principal: Principal,
  id: string,
): Promise<{ kind: 'ok'; transfer: TransferRecord } | { kind: 'not_found' } | { kind: 'denied' }> {
  const row = await queries.findTransfer(db, id)
  if (!row) return { kind: 'not_found' }
  const areas = principal.membership.areaCodes
  if (!areas.includes(row.transfer.toAreaCode) && !areas.includes(row.transfer.fromAreaCode))
    return { kind: 'denied' }
  return { kind: 'ok', transfer: row }
}

export const transfersOfPerson = async (db: Database, personId: string) =>
  queries.transfersOfPerson(db, await recordIdsOf(db, personId))

export type DecisionResult =
  | { kind: 'decided'; status: 'accepted' | 'declined'; personId: string }
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }
  | { kind: 'conflict'; message: string }

/**
 * The receiving area accepts or declines. On acceptance the case's area changes: its record,
 * history, convictions, facts and audit trail are keyed by the person and move with it, and the
 * sending area loses area access. A decline changes nothing but the request.
 */
export async function decideTransfer(
  db: Database,
  principal: Principal,
  id: string,
  input: { decision: 'accept' | 'decline'; reason: string },
): Promise<DecisionResult> {
  const row = await queries.findTransfer(db, id)
  if (!row) return { kind: 'not_found' }
  const { transfer } = row
  if (!mayDecide(principal, transfer))
    return {
      kind: 'denied',
      message: `Only a MAPPA co-ordinator of ${areaName(transfer.toAreaCode)} can decide this transfer`,
    }
  if (transfer.status !== 'pending')
    return { kind: 'conflict', message: `This transfer has already been ${transfer.status}` }
  const status = input.decision === 'accept' ? 'accepted' : 'declined'
  const moved = { ok: true }
  const decide = db.transaction(async (tx): Promise<DecisionResult> => {
    const decided = await queries.decideTransfer(tx, id, {
      status,
      decidedBy: actor(principal),
      decisionReason: input.reason,
    })
    if (!decided) return { kind: 'conflict', message: 'Someone else has just decided this transfer' }
    if (status === 'accepted') {
      moved.ok = await queries.movePerson(tx, transfer.personId, transfer.fromAreaCode, transfer.toAreaCode)
      // The case is no longer where the request found it: undo the decision too.
      if (!moved.ok) tx.rollback()
    }
    const from = areaName(transfer.fromAreaCode)
    const to = areaName(transfer.toAreaCode)
    const entry = { personId: transfer.personId, recordType: 'transfer', recordId: id, detail: input.reason }
    if (status === 'declined') {
      await recordTimeline(tx, principal, {
        ...entry,
        kind: 'transfer.declined',
        title: `Transfer from ${from} to ${to} declined by ${to}`,
      })
      return { kind: 'decided', status, personId: transfer.personId }
    }
    const handOver = await handOverOnTransfer(tx, principal, transfer.personId, transfer.toAreaCode)
    await recordTimeline(tx, principal, {
      ...entry,
      kind: 'transfer.accepted',
      title: `Transferred from ${from} to ${to}: accepted by ${to}`,
    })
    await recordSignificantEvent(tx, {
      personId: transfer.personId,
      kind: 'transferred',
      occurredOn: londonDateOf(new Date().toISOString()),
      summary: `Transferred from ${from} to ${to}`,
      source: { type: 'transfer', id },
      createdBy: actor(principal),
    })
    await recordTimeline(tx, principal, {
      personId: transfer.personId,
      kind: 'transfer.handed_over',
      title: `${from} no longer holds the case`,
      detail: [
        handOver.leadAgencyCleared ? `The ${from} lead agency was taken off the registration.` : '',
        handOver.managersRemoved.length
          ? `Named managers who do not work in ${to} were taken off: ${handOver.managersRemoved.join(', ')}.`
          : '',
        `${to} names the lead agency and managers.`,
      ]
        .filter(Boolean)
        .join(' '),
      recordType: 'transfer',
      recordId: id,
    })
    return { kind: 'decided', status, personId: transfer.personId }
  })
  try {
    return await decide
  } catch (error) {
    if (error instanceof TransactionRollbackError && !moved.ok)
      return { kind: 'conflict', message: 'The case is no longer held by the area that asked to transfer it' }
    throw error
  }
}

export function transferJson(row: TransferRecord) {
  const t = row.transfer
  return {
    id: t.id,
    personId: t.personId,
    person: {
      givenName: row.person.givenName,
      familyName: row.person.familyName,
      dateOfBirth: row.person.dateOfBirth,
    },
    fromArea: t.fromAreaCode,
    toArea: t.toAreaCode,
    reason: t.reason,
    status: t.status,
    requestedBy: row.requestedByName,
    requestedAt: t.requestedAt.toISOString(),
    decidedBy: row.decidedByName,
    decidedAt: t.decidedAt?.toISOString() ?? null,
    decisionReason: t.decisionReason,
  }
}

export const transferById = (db: Database, id: string) => queries.findTransfer(db, id)
