import type { Database } from '../../db/connection.js'
import { type DueItem, dueItem, type IsoDate, reason } from '../../domain/rules/index.js'
import { decideActionAccess, isResponsibleAuthority } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { MeetingCaseRow, MeetingRow } from '../meetings/access.js'
import { saveTasks } from '../tasks/service.js'
import { recordTimeline } from '../timeline/service.js'
import * as queries from './queries.js'
import type { ActionDetail, LedgerScope } from './queries.js'
import type { ActionFields, LedgerQuery, StatusPatch } from './schema.js'

export type FieldProblem = { path: string; message: string }
export type { ActionDetail }

export const PAGE_SIZE = 25

/** Actions are the meeting's decisions: MAPPA Guidance ch.13 (actions with owner and due date). */
const ACTION_REFERENCE = 'MAPPA Guidance ch.13 (actions: owner, due date, evidence of completion)'

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

// The ledger -------------------------------------------------------------------------------------

export type LedgerList = 'mine' | 'agency' | 'area'

/**
 * The lists a principal has: their own actions (users), their agency's, and for responsible-
 * authority staff the whole area's. Other agencies see only actions their agency owns.
 */
export function ledgerLists(principal: Principal): LedgerList[] {
  return [
    ...(principal.kind === 'user' ? (['mine'] as const) : []),
    'agency' as const,
    ...(isResponsibleAuthority(principal) ? (['area'] as const) : []),
  ]
}

function ledgerScope(principal: Principal, list: LedgerList): LedgerScope {
  const userId = userIdOf(principal)
  if (list === 'mine') return { list, userId }
  if (list === 'agency') return { list, agencyId: principal.membership.agencyId, userId }
  return { list, areaCodes: principal.membership.areaCodes, userId }
}

/** A restricted record shows as such to those not named on it, and nothing more of the person. */
const personOf = (row: NonNullable<ActionDetail>) =>
  !row.person.restricted || row.person.named
    ? { givenName: row.person.givenName, familyName: row.person.familyName }
    : null

export async function ledger(
  db: Database,
  principal: Principal,
  list: LedgerList,
  q: Pick<LedgerQuery, 'status' | 'overdue' | 'agency' | 'order' | 'page'>,
  today: IsoDate,
) {
  const scope = ledgerScope(principal, list)
  const [{ rows, total }, agencies] = await Promise.all([
    queries.ledger(
      db,
      scope,
      {
        status: q.status === 'all' ? undefined : q.status,
        overdue: q.overdue,
        agency: q.agency,
        order: q.order,
        page: q.page,
        pageSize: PAGE_SIZE,
      },
      today,
    ),
    queries.ledgerAgencies(db, scope),
  ])
  return { total, agencies, rows }
}

// One action -------------------------------------------------------------------------------------

export type ActionAccess =
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }
  | { kind: 'ok'; action: NonNullable<ActionDetail> }

/** The action, if this principal may see (`meeting:view`) or update (`action:update`) it. */
export async function actionFor(
  db: Database,
  principal: Principal,
  id: string,
  permission: 'meeting:view' | 'action:update',
  today: IsoDate,
): Promise<ActionAccess> {
  const action = await queries.findAction(db, id, userIdOf(principal), today)
  if (!action) return { kind: 'not_found' }
  const decision = decideActionAccess(principal, permission, {
    areaCode: action.meeting.areaCode,
    ownerUserId: action.action.ownerUserId,
    ownerAgencyId: action.action.ownerAgencyId,
  })
  return decision.allowed ? { kind: 'ok', action } : { kind: 'denied', message: decision.message }
}

/** May the principal update this action (for showing the buttons)? */
export const mayUpdate = (principal: Principal, action: NonNullable<ActionDetail>) =>
  action.action.status === 'open' &&
  decideActionAccess(principal, 'action:update', {
    areaCode: action.meeting.areaCode,
    ownerUserId: action.action.ownerUserId,
    ownerAgencyId: action.action.ownerAgencyId,
  }).allowed

export const actionHistory = (db: Database, action: NonNullable<ActionDetail>) =>
  queries.actionHistory(db, action.person.id, action.action.id)

export function actionJson(row: NonNullable<ActionDetail>) {
  const a = row.action
  return {
    id: a.id,
    meeting: { id: row.meeting.id, heldOn: row.meeting.heldOn, level: row.meeting.level },
    personId: row.person.id,
    person: personOf(row),
    text: a.text,
    owner: {
      agencyId: row.agency.id,
      agencyName: row.agency.name,
      userId: a.ownerUserId,
      name: a.ownerName || null,
    },
    dueOn: a.dueOn,
    status: a.status as queries.ActionStatus,
    overdue: row.overdue,
    evidence: a.status === 'done' ? a.evidence : null,
    cancellationReason: a.status === 'cancelled' ? a.evidence : null,
    completedOn: a.completedOn,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
  }
}

// Work queues ------------------------------------------------------------------------------------

const shortText = (text: string) => (text.length > 80 ? `${text.slice(0, 79).trimEnd()}…` : text)

/** The action as a due item: overdue in the owner's work queue until it is done or cancelled. */
function actionDueItem(
  action: Pick<queries.ActionRow, 'id' | 'text' | 'dueOn' | 'status' | 'completedOn' | 'ownerName'>,
  meeting: Pick<MeetingRow, 'heldOn' | 'level'>,
  agencyName: string,
  today: IsoDate,
): DueItem {
  const owner = action.ownerName ? `${action.ownerName}, ${agencyName}` : `${agencyName} (nobody named)`
  return dueItem(
    {
      kind: 'meeting_action',
      ruleId: 'meetings.action',
      subjectId: action.id,
      title: `Meeting action: ${shortText(action.text)}`,
      startDate: meeting.heldOn,
      dueDate: action.dueOn,
      basis: [
        reason(
          `Set at the Level ${meeting.level} MAPPA meeting of ${meeting.heldOn} for ${owner}, due by ${action.dueOn}.`,
          ACTION_REFERENCE,
        ),
      ],
      doneOn: action.status === 'open' ? undefined : (action.completedOn ?? today),
    },
    today,
  )
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]

async function saveActionTask(
  tx: Tx,
  action: Pick<
    queries.ActionRow,
    | 'id'
    | 'text'
    | 'dueOn'
    | 'status'
    | 'completedOn'
    | 'ownerName'
    | 'personId'
    | 'ownerUserId'
    | 'ownerAgencyId'
  >,
  meeting: Pick<MeetingRow, 'heldOn' | 'level' | 'areaCode'>,
  agencyName: string,
  today: IsoDate,
) {
  await saveTasks(
    tx,
    { type: 'meeting_action', id: action.id },
    {
      personId: action.personId,
      ownerUserId: action.ownerUserId,
      ownerAgencyId: action.ownerAgencyId,
      areaCode: meeting.areaCode,
    },
    [actionDueItem(action, meeting, agencyName, today)],
  )
}

// Setting an action ------------------------------------------------------------------------------

export const ownerOptions = (db: Database, meeting: MeetingRow) =>
  queries.ownerOptions(db, meeting.id, meeting.areaCode)

export type CreateResult =
  | { kind: 'created'; id: string }
  | { kind: 'invalid'; problems: FieldProblem[] }
  | { kind: 'closed'; message: string }

/** Why no action can be added to a meeting any more, if so. */
export function closedMessage(meeting: MeetingRow): string | undefined {
  if (meeting.status === 'cancelled') return 'The meeting was cancelled: no actions can be set at it.'
  if (meeting.status === 'finalised')
    return 'The minutes are finalised: actions set now belong to the next meeting.'
  return undefined
}

/**
 * Sets an action at a meeting for one case on its agenda, owned by an agency of the area or one
 * invited, and a person of that agency (or a named person without an account, or nobody yet).
 */
export async function createAction(
  db: Database,
  principal: Principal,
  meeting: MeetingRow,
  meetingCase: MeetingCaseRow,
  body: ActionFields,
  today: IsoDate,
): Promise<CreateResult> {
  const closed = closedMessage(meeting)
  if (closed) return { kind: 'closed', message: closed }
  const options = await ownerOptions(db, meeting)
  const agency = options.agencies.find((a) => a.id === body.ownerAgencyId)
  const problems: FieldProblem[] = []
  if (!agency)
    problems.push({
      path: 'ownerAgencyId',
      message: 'Select an agency of the meeting’s area or one invited to it',
    })
  const owner = body.ownerUserId
    ? options.people.find((p) => p.userId === body.ownerUserId && p.agencyId === body.ownerAgencyId)
    : undefined
  if (body.ownerUserId && !owner)
    problems.push({ path: 'ownerUserId', message: 'Select a person who works for the owner agency' })
  if (body.dueOn < meeting.heldOn)
    problems.push({ path: 'dueOn', message: `Due date must be on or after the meeting (${meeting.heldOn})` })
  if (problems.length || !agency) return { kind: 'invalid', problems }

  const values = {
    meetingId: meeting.id,
    personId: meetingCase.personId,
    text: body.text,
    ownerUserId: owner?.userId ?? null,
    ownerName: owner?.displayName ?? body.ownerName ?? '',
    ownerAgencyId: agency.id,
    dueOn: body.dueOn,
    status: 'open',
    createdBy: userIdOf(principal),
  }
  const id = await db.transaction(async (tx) => {
    const actionId = await queries.insertAction(tx, values)
    await recordTimeline(tx, principal, {
      personId: meetingCase.personId,
      kind: 'meeting_action.set',
      title: `Meeting action set (meeting of ${meeting.heldOn}), due ${body.dueOn}`,
      detail: `${body.text}\nOwner: ${values.ownerName ? `${values.ownerName}, ` : ''}${agency.name}`,
      recordType: 'meeting_action',
      recordId: actionId,
    })
    await saveActionTask(tx, { id: actionId, completedOn: null, ...values }, meeting, agency.name, today)
    return actionId
  })
  return { kind: 'created', id }
}

// Closing an action ------------------------------------------------------------------------------

export type CloseResult =
  | { kind: 'updated'; action: NonNullable<ActionDetail> }
  | { kind: 'stale'; current: NonNullable<ActionDetail> }
  | { kind: 'invalid'; problems: FieldProblem[] }

/**
 * Marks an open action done (with evidence of completion and the date) or cancelled (with the
 * reason, kept in the evidence field), with an optimistic version check: a stale update changes
 * nothing. The owner's work queue item goes with it.
 */
export async function closeAction(
  db: Database,
  principal: Principal,
  current: NonNullable<ActionDetail>,
  body: StatusPatch,
  today: IsoDate,
): Promise<CloseResult> {
  if (current.action.version !== body.version) return { kind: 'stale', current }
  if (current.action.status !== 'open')
    return {
      kind: 'invalid',
      problems: [{ path: 'status', message: `The action is already ${current.action.status}` }],
    }
  if (body.status === 'done' && body.completedOn < current.meeting.heldOn)
    return {
      kind: 'invalid',
      problems: [
        {
          path: 'completedOn',
          message: `Date completed must be on or after the meeting that set it (${current.meeting.heldOn})`,
        },
      ],
    }
  const values =
    body.status === 'done'
      ? { status: 'done', evidence: body.evidence, completedOn: body.completedOn }
      : { status: 'cancelled', evidence: body.reason, completedOn: today }
  const saved = await db.transaction(async (tx) => {
    const ok = await queries.closeActionIfCurrent(tx, current.action.id, body.version, {
      ...values,
      completedBy: userIdOf(principal),
    })
    if (!ok) return false
    await recordTimeline(tx, principal, {
      personId: current.person.id,
      kind: `meeting_action.${values.status}`,
      title:
        values.status === 'done'
          ? `Meeting action done (${values.completedOn}): ${shortText(current.action.text)}`
          : `Meeting action cancelled: ${shortText(current.action.text)}`,
      detail: values.status === 'done' ? `Evidence: ${values.evidence}` : `Reason: ${values.evidence}`,
      recordType: 'meeting_action',
      recordId: current.action.id,
    })
    await saveActionTask(tx, { ...current.action, ...values }, current.meeting, current.agency.name, today)
    return true
  })
  const now = (await queries.findAction(db, current.action.id, userIdOf(principal), today))!
  return saved ? { kind: 'updated', action: now } : { kind: 'stale', current: now }
}
