import type { z } from 'zod'
import type { Database } from '../../db/connection.js'
import type { Principal } from '../../security/principal.js'
import { personFor } from '../people/service.js'
import { recordSignificantEvent } from '../significant-events/service.js'
import * as queries from './queries.js'
import type { ConditionRow } from './queries.js'
import {
  CONDITION_KINDS,
  CONDITION_SOURCES,
  type ConditionKind,
  DETAIL_SCHEMAS,
  conditionBody,
  conditionChange,
  conditionEnd,
  labelOf,
} from './schema.js'

export type { ConditionRow } from './queries.js'
export type Problem = { path: string; message: string }
export type ConditionStatus = 'active' | 'future' | 'ended'

export interface Condition extends ConditionRow {
  status: ConditionStatus
}

export function statusOf(c: { startsOn: string; endsOn: string | null }, today: string): ConditionStatus {
  if (c.endsOn && c.endsOn < today) return 'ended'
  return c.startsOn > today ? 'future' : 'active'
}

const withStatus = (row: ConditionRow, today: string): Condition => ({ ...row, status: statusOf(row, today) })

export async function conditionsOf(db: Database, personId: string, today: string): Promise<Condition[]> {
  const rows = (await queries.conditionsOf(db, personId)) as ConditionRow[]
  return rows.map((row) => withStatus(row, today))
}

export async function findCondition(db: Database, personId: string, conditionId: string, today: string) {
  const row = await queries.findCondition(db, personId, conditionId)
  return row && withStatus(row, today)
}

export const ordersOf = queries.ordersOf

/** The people a person must not contact under a condition in force today, with the condition. */
export async function activeNoContacts(db: Database, personId: string, today: string) {
  return (await conditionsOf(db, personId, today))
    .filter((c) => c.kind === 'no_contact' && c.status === 'active')
    .map((c) => ({
      conditionId: c.id,
      personId: typeof c.details.personId === 'string' ? c.details.personId : null,
      name: typeof c.details.name === 'string' ? c.details.name : null,
    }))
}

const problemsOf = (error: z.ZodError, prefix = ''): Problem[] =>
  error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }))

/** One line for the history and the plan: "Licence: no contact with Jane Smith". */
export function summary(kind: string, source: string, details: Record<string, unknown>) {
  const what = labelOf(CONDITION_KINDS, kind)
  const named = kind === 'no_contact' && typeof details.name === 'string' ? `: ${details.name}` : ''
  return `${labelOf(CONDITION_SOURCES, source)}: ${what}${named}`
}

/** Kind-specific details checked; a named record must exist (its name fills in a missing one). */
async function checkDetails(
  db: Database,
  principal: Principal,
  personId: string,
  kind: ConditionKind,
  details: unknown,
): Promise<{ details: Record<string, unknown>; problems: Problem[] }> {
  const parsed = DETAIL_SCHEMAS[kind].safeParse(details ?? {})
  if (!parsed.success) return { details: {}, problems: problemsOf(parsed.error, 'details') }
  const checked = parsed.data as Record<string, unknown>
  const problems: Problem[] = []
  if (typeof checked.personId === 'string') {
    if (checked.personId === personId)
      problems.push({ path: 'details.personId', message: 'A no-contact condition must name someone else' })
    const access = await personFor(db, principal, checked.personId)
    if (access.kind === 'not_found')
      problems.push({ path: 'details.personId', message: 'No record has that ID' })
    else if (access.kind === 'ok' && !checked.name)
      checked.name = `${access.person.givenName} ${access.person.familyName}`
  }
  return { details: checked, problems }
}

async function checkOrder(db: Database, personId: string, orderId: string | null | undefined) {
  if (!orderId) return []
  const orders = await queries.ordersOf(db, personId)
  return orders.some((o) => o.id === orderId)
    ? []
    : [{ path: 'orderId', message: 'Select one of the person’s recorded orders or licences' }]
}

const datesProblem = (startsOn: string, endsOn: string | null | undefined): Problem[] =>
  endsOn && endsOn < startsOn
    ? [{ path: 'endsOn', message: 'The end date must be on or after the start date' }]
    : []

/** Problems with a body's shape alone (no look-ups): for a form that has other problems too. */
export function shapeProblems(body: Record<string, unknown>): Problem[] {
  const parsed = conditionBody.safeParse(body)
  const problems = parsed.success ? [] : problemsOf(parsed.error)
  const kind = body.kind as ConditionKind
  const details = DETAIL_SCHEMAS[kind]?.safeParse(body.details ?? {})
  return details && !details.success ? [...problems, ...problemsOf(details.error, 'details')] : problems
}

export type WriteResult =
  | { kind: 'written'; id: string }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'not_found' }
  | { kind: 'stale'; current: Condition }

export async function addCondition(
  db: Database,
  principal: Principal,
  personId: string,
  body: unknown,
): Promise<WriteResult> {
  const parsed = conditionBody.safeParse(body)
  if (!parsed.success) {
    // Show detail problems with the others when the kind is known.
    const kind = (body as { kind?: unknown } | null)?.kind
    const more = CONDITION_KINDS.some((k) => k.value === kind)
      ? (
          await checkDetails(
            db,
            principal,
            personId,
            kind as ConditionKind,
            (body as { details?: unknown }).details,
          )
        ).problems
      : []
    return { kind: 'invalid', problems: [...problemsOf(parsed.error), ...more] }
  }
  const input = parsed.data
  const { details, problems } = await checkDetails(db, principal, personId, input.kind, input.details)
  problems.push(
    ...(await checkOrder(db, personId, input.orderId)),
    ...datesProblem(input.startsOn, input.endsOn),
  )
  if (problems.length) return { kind: 'invalid', problems }
  const id = await queries.insertCondition(
    db,
    principal,
    { ...input, personId, orderId: input.orderId ?? null, endsOn: input.endsOn ?? null, details },
    { kind: 'condition.added', title: 'Condition added', detail: summary(input.kind, input.source, details) },
  )
  await tellVictims(db, principal, personId, id, 'condition_added', input, input.startsOn)
  return { kind: 'written', id }
}

/** Changes a condition's source, wording, dates or details if nobody has since `version`. */
export async function changeCondition(
  db: Database,
  principal: Principal,
  personId: string,
  conditionId: string,
  body: unknown,
  today: string,
): Promise<WriteResult> {
  const current = await findCondition(db, personId, conditionId, today)
  if (!current) return { kind: 'not_found' }
  const parsed = conditionChange.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error) }
  const { version, ...change } = parsed.data
  if (version !== current.version) return { kind: 'stale', current }
  const merged = {
    source: change.source ?? current.source,
    orderId: change.orderId === undefined ? current.orderId : change.orderId,
    wording: change.wording ?? current.wording,
    startsOn: change.startsOn ?? current.startsOn,
    endsOn: change.endsOn === undefined ? current.endsOn : change.endsOn,
  }
  const checked = await checkDetails(
    db,
    principal,
    personId,
    current.kind as ConditionKind,
    change.details ?? current.details,
  )
  const problems = [
    ...checked.problems,
    ...(await checkOrder(db, personId, merged.orderId)),
    ...datesProblem(merged.startsOn, merged.endsOn),
  ]
  if (problems.length) return { kind: 'invalid', problems }
  const written = await queries.updateCondition(
    db,
    principal,
    { personId, id: conditionId, version },
    { ...merged, details: checked.details },
    {
      kind: 'condition.changed',
      title: 'Condition changed',
      detail: summary(current.kind, merged.source, checked.details),
    },
  )
  if (!written) return { kind: 'stale', current: (await findCondition(db, personId, conditionId, today))! }
  await tellVictims(
    db,
    principal,
    personId,
    conditionId,
    'condition_changed',
    { ...current, ...merged },
    today,
  )
  return { kind: 'written', id: conditionId }
}

/** Ends a condition on a date (it stays in the record, as ended). */
export async function endCondition(
  db: Database,
  principal: Principal,
  personId: string,
  conditionId: string,
  body: unknown,
  today: string,
): Promise<WriteResult> {
  const current = await findCondition(db, personId, conditionId, today)
  if (!current) return { kind: 'not_found' }
  const parsed = conditionEnd.safeParse(body)
  if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error) }
  if (parsed.data.version !== current.version) return { kind: 'stale', current }
  const problems = datesProblem(current.startsOn, parsed.data.endsOn)
  if (current.status === 'ended')
    problems.push({ path: 'endsOn', message: `This condition already ended on ${current.endsOn}` })
  if (problems.length) return { kind: 'invalid', problems }
  const written = await queries.updateCondition(
    db,
    principal,
    { personId, id: conditionId, version: parsed.data.version },
    { endsOn: parsed.data.endsOn },
    {
      kind: 'condition.ended',
      title: 'Condition ended',
      detail: `${summary(current.kind, current.source, current.details)} (ends ${parsed.data.endsOn})`,
    },
  )
  if (!written) return { kind: 'stale', current: (await findCondition(db, personId, conditionId, today))! }
  await tellVictims(db, principal, personId, conditionId, 'condition_ended', current, parsed.data.endsOn)
  return { kind: 'written', id: conditionId }
}

/**
 * Conditions added, changed or ended are news for the person's victims (Victims' Code: the VLO
 * tells them of licence conditions and their end). The summary names no one.
 */
async function tellVictims(
  db: Database,
  principal: Principal,
  personId: string,
  conditionId: string,
  kind: 'condition_added' | 'condition_changed' | 'condition_ended',
  condition: { source: string; kind: string },
  occurredOn: string,
) {
  const what = labelOf(CONDITION_KINDS, condition.kind).toLowerCase()
  await recordSignificantEvent(db, {
    personId,
    kind,
    occurredOn,
    summary: `${labelOf(CONDITION_SOURCES, condition.source)}: ${what}`,
    source: { type: 'condition', id: conditionId },
    createdBy: principal.kind === 'user' ? principal.userId : null,
  })
}

/** A condition as the API returns it. */
export function conditionJson(c: Condition) {
  return {
    id: c.id,
    personId: c.personId,
    kind: c.kind,
    source: c.source,
    orderId: c.orderId,
    wording: c.wording,
    details: c.details,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    status: c.status,
    recordedAt: c.recordedAt.toISOString(),
    version: c.version,
  }
}
