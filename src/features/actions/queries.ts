import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  meetingActions,
  meetingCases,
  meetingInvitations,
  meetings,
  memberships,
  people,
  personTimeline,
  referrals,
  users,
} from '../../db/schema.js'
import { permissionsOf, ROLES } from '../../security/roles.js'
import { namedOnRecord } from '../caseload/service.js'

type Executor = Pick<Database, 'select' | 'insert' | 'update'>

export type ActionRow = typeof meetingActions.$inferSelect

/** Whose actions a ledger holds. */
export type LedgerScope =
  | { list: 'mine'; userId: string | null }
  | { list: 'agency'; agencyId: string; userId: string | null }
  | { list: 'area'; areaCodes: string[]; userId: string | null }

export const STATUSES = ['open', 'done', 'cancelled'] as const
export type ActionStatus = (typeof STATUSES)[number]

export interface LedgerFilters {
  status?: ActionStatus | undefined
  overdue?: boolean | undefined
  /** Owner agency code. */
  agency?: string | undefined
  order: 'asc' | 'desc'
  page: number
  pageSize: number
}

const ownerUser = sql<
  string | null
>`(select u.display_name from ${users} u where u.id = ${meetingActions.ownerUserId})`

/** One action with what its pages show: meeting, owner agency and the person (with namedness). */
function actionSelection(userId: string | null, today: string) {
  return {
    action: meetingActions,
    meeting: {
      id: meetings.id,
      areaCode: meetings.areaCode,
      heldOn: meetings.heldOn,
      level: meetings.level,
      status: meetings.status,
    },
    agency: { id: agencies.id, code: agencies.code, name: agencies.name },
    ownerUserName: ownerUser,
    person: {
      id: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      restricted: people.restricted,
      named: namedOnRecord(userId),
    },
    overdue: sql<boolean>`(${meetingActions.status} = 'open' and ${meetingActions.dueOn} < ${today})`,
  }
}

function joined(db: Pick<Database, 'select'>, userId: string | null, today: string) {
  return db
    .select(actionSelection(userId, today))
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(agencies, eq(agencies.id, meetingActions.ownerAgencyId))
    .innerJoin(people, eq(people.id, meetingActions.personId))
}

export type ActionDetail = Awaited<ReturnType<typeof findAction>>

export async function findAction(db: Database, id: string, userId: string | null, today: string) {
  const [row] = await joined(db, userId, today).where(eq(meetingActions.id, id))
  return row
}

function scopeCondition(scope: LedgerScope): SQL {
  if (scope.list === 'mine') return scope.userId ? eq(meetingActions.ownerUserId, scope.userId) : sql`false`
  if (scope.list === 'agency') return eq(meetingActions.ownerAgencyId, scope.agencyId)
  return scope.areaCodes.length ? inArray(meetings.areaCode, scope.areaCodes) : sql`false`
}

/** The ledger: actions in scope, filtered, by due date. */
export async function ledger(db: Database, scope: LedgerScope, filters: LedgerFilters, today: string) {
  const where = and(
    scopeCondition(scope),
    filters.status ? eq(meetingActions.status, filters.status) : undefined,
    filters.overdue ? and(eq(meetingActions.status, 'open'), lt(meetingActions.dueOn, today)) : undefined,
    filters.agency ? eq(agencies.code, filters.agency) : undefined,
  )
  const direction = filters.order === 'desc' ? desc : asc
  const [rows, [total]] = await Promise.all([
    joined(db, scope.userId, today)
      .where(where)
      .orderBy(direction(meetingActions.dueOn), asc(meetingActions.createdAt), asc(meetingActions.id))
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize),
    db
      .select({ count: count() })
      .from(meetingActions)
      .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
      .innerJoin(agencies, eq(agencies.id, meetingActions.ownerAgencyId))
      .where(where),
  ])
  return { rows, total: total?.count ?? 0 }
}

/** Owner agencies of the actions in scope, for the agency filter. */
export async function ledgerAgencies(db: Database, scope: LedgerScope) {
  return db
    .selectDistinct({ code: agencies.code, name: agencies.name })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(agencies, eq(agencies.id, meetingActions.ownerAgencyId))
    .where(scopeCondition(scope))
    .orderBy(asc(agencies.name))
}

/** Roles that may update actions: administrators and oversight roles own none. */
const ACTION_OWNER_ROLES = ROLES.filter((role) => permissionsOf([role]).has('action:update'))

/**
 * Who may own an action set at a meeting: the agencies of the meeting's area and those invited
 * to it (not revoked), and the people with an account at those agencies whose roles update actions.
 */
export async function ownerOptions(db: Database, meetingId: string, areaCode: string) {
  const invited = db
    .select({ id: meetingInvitations.agencyId })
    .from(meetingInvitations)
    .where(and(eq(meetingInvitations.meetingId, meetingId), isNull(meetingInvitations.revokedAt)))
  const agencyRows = await db
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(or(eq(agencies.areaCode, areaCode), inArray(agencies.id, invited)))
    .orderBy(asc(agencies.name))
  const peopleRows = agencyRows.length
    ? await db
        .selectDistinct({
          userId: users.id,
          displayName: users.displayName,
          agencyId: memberships.agencyId,
        })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            inArray(
              memberships.agencyId,
              agencyRows.map((a) => a.id),
            ),
            isNull(users.disabledAt),
            sql`${memberships.roles} && ${sql.param(ACTION_OWNER_ROLES)}::text[]`,
          ),
        )
        .orderBy(asc(users.displayName), asc(memberships.agencyId))
    : []
  return { agencies: agencyRows, people: peopleRows }
}

export type ActionValues = Omit<typeof meetingActions.$inferInsert, 'id' | 'version' | 'createdAt'>

export async function insertAction(db: Executor, values: ActionValues): Promise<string> {
  const [row] = await db.insert(meetingActions).values(values).returning({ id: meetingActions.id })
  return row!.id
}

/** Closes an action (done or cancelled) if it is still at `version`; false when someone got there first. */
export async function closeActionIfCurrent(
  db: Executor,
  id: string,
  version: number,
  values: Pick<ActionRow, 'status' | 'evidence' | 'completedOn' | 'completedBy'>,
): Promise<boolean> {
  const rows = await db
    .update(meetingActions)
    .set({ ...values, version: sql`${meetingActions.version} + 1` })
    .where(and(eq(meetingActions.id, id), eq(meetingActions.version, version)))
    .returning({ id: meetingActions.id })
  return rows.length > 0
}

/** What happened to an action, oldest first: the entries it wrote on the person's timeline. */
export async function actionHistory(db: Database, personId: string, actionId: string) {
  return db
    .select({
      at: personTimeline.at,
      kind: personTimeline.kind,
      title: personTimeline.title,
      detail: personTimeline.detail,
      actorName: users.displayName,
    })
    .from(personTimeline)
    .leftJoin(users, eq(users.id, personTimeline.actorUserId))
    .where(
      and(
        eq(personTimeline.personId, personId),
        eq(personTimeline.recordType, 'meeting_action'),
        eq(personTimeline.recordId, actionId),
      ),
    )
    .orderBy(asc(personTimeline.at))
}

/**
 * Open actions about these people, oldest due first: what carries forward onto the next
 * meeting's agenda and pack until it is done or cancelled (MAPPA Guidance ch.13). Those set at
 * `exceptMeetingId` (the meeting being prepared) are left out.
 */
export async function openActionsForPeople(
  db: Pick<Database, 'select'>,
  personIds: readonly string[],
  exceptMeetingId?: string,
) {
  if (personIds.length === 0) return []
  return db
    .select({
      id: meetingActions.id,
      personId: meetingActions.personId,
      meetingId: meetingActions.meetingId,
      meetingHeldOn: meetings.heldOn,
      text: meetingActions.text,
      ownerUserId: meetingActions.ownerUserId,
      ownerName: meetingActions.ownerName,
      ownerAgencyId: meetingActions.ownerAgencyId,
      ownerAgencyName: agencies.name,
      dueOn: meetingActions.dueOn,
      status: meetingActions.status,
      evidence: meetingActions.evidence,
      completedOn: meetingActions.completedOn,
      version: meetingActions.version,
    })
    .from(meetingActions)
    .innerJoin(meetings, eq(meetings.id, meetingActions.meetingId))
    .innerJoin(agencies, eq(agencies.id, meetingActions.ownerAgencyId))
    .where(
      and(
        inArray(meetingActions.personId, [...personIds]),
        eq(meetingActions.status, 'open'),
        exceptMeetingId ? ne(meetingActions.meetingId, exceptMeetingId) : undefined,
      ),
    )
    .orderBy(asc(meetingActions.dueOn), asc(meetingActions.createdAt))
}

// The co-ordinator's dashboard -------------------------------------------------------------------

const inAreas = (areaCodes: string[]) =>
  areaCodes.length ? inArray(meetings.areaCode, areaCodes) : sql`false`

/** Open actions of the areas past their due date, oldest due first. */
export async function overdueActions(
  db: Database,
  areaCodes: string[],
  userId: string | null,
  today: string,
) {
  return joined(db, userId, today)
    .where(and(inAreas(areaCodes), eq(meetingActions.status, 'open'), lt(meetingActions.dueOn, today)))
    .orderBy(asc(meetingActions.dueOn), asc(agencies.name))
}

/** Open actions of the areas with an agency but nobody named to do them. */
export async function unownedActions(
  db: Database,
  areaCodes: string[],
  userId: string | null,
  today: string,
) {
  return joined(db, userId, today)
    .where(
      and(
        inAreas(areaCodes),
        eq(meetingActions.status, 'open'),
        isNull(meetingActions.ownerUserId),
        eq(meetingActions.ownerName, ''),
      ),
    )
    .orderBy(asc(meetingActions.dueOn))
}

/** Referrals submitted (or resubmitted with more information) and not yet screened. */
export async function referralsAwaitingScreening(db: Database, areaCodes: string[]) {
  const where = and(
    areaCodes.length ? inArray(referrals.areaCode, areaCodes) : sql`false`,
    eq(referrals.status, 'submitted'),
  )
  const [[total], [oldest]] = await Promise.all([
    db.select({ count: count() }).from(referrals).where(where),
    db
      .select({ id: referrals.id, reference: referrals.reference, submittedAt: referrals.submittedAt })
      .from(referrals)
      .where(where)
      .orderBy(asc(referrals.submittedAt))
      .limit(1),
  ])
  return { count: total?.count ?? 0, oldest }
}

/** Meetings in the areas between two dates (inclusive) still scheduled: not finalised, not cancelled. */
export async function scheduledMeetings(db: Database, areaCodes: string[], from: string | null, to: string) {
  return db
    .select({
      id: meetings.id,
      heldOn: meetings.heldOn,
      startsAt: meetings.startsAt,
      level: meetings.level,
      chairName: meetings.chairName,
      areaCode: meetings.areaCode,
      cases: count(meetingCases.id),
    })
    .from(meetings)
    .leftJoin(meetingCases, eq(meetingCases.meetingId, meetings.id))
    .where(
      and(
        inAreas(areaCodes),
        eq(meetings.status, 'scheduled'),
        from ? gte(meetings.heldOn, from) : undefined,
        lte(meetings.heldOn, to),
      ),
    )
    .groupBy(meetings.id)
    .orderBy(asc(meetings.heldOn), asc(meetings.startsAt))
}
