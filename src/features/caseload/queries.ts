import { and, asc, count, desc, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '../../db/connection.js'
import {
  agencies,
  convictions,
  dueItems,
  people,
  personAccessGrants,
  personManagers,
  personTimeline,
  registrationChanges,
  registrations,
  tasks,
  users,
} from '../../db/schema.js'
import { addDays } from '../../domain/rules/index.js'
import { managedByUser, sharedWithAgency } from '../people/service.js'

/**
 * Whose cases a list holds: those the user is a named manager of, an area's cases
 * (responsible-authority staff), or the cases shared with a duty-to-co-operate agency.
 */
export type CaseScope =
  | { list: 'mine'; userId: string | null }
  | { list: 'area'; areaCodes: string[]; userId: string | null }
  | { list: 'shared'; agencyId: string; userId: string | null }

/** The rows a due item is stored as; status `done` marks when a person was last refreshed. */
export interface StoredDueItem {
  key: string
  kind: string
  title: string
  dueDate: string
  status: string
  basis: unknown
  rulesVersion: string
}

export const REFRESH_MARKER = 'refreshed'
const OPEN = ['due', 'overdue']

const managedBy = managedByUser

/** Named on the record: a manager, or named by its owners (policy.ts `named`). */
export const namedExpr = (userId: string | null) =>
  userId
    ? sql<boolean>`(${managedBy(userId)} or exists (select 1 from ${personAccessGrants} g
        where g.person_id = ${people.id} and g.user_id = ${userId} and g.kind = 'named'))`
    : sql<boolean>`false`

function scopeCondition(scope: CaseScope): SQL {
  const live = isNull(people.mergedIntoId)
  if (scope.list === 'mine') return scope.userId ? and(live, managedBy(scope.userId))! : sql`false`
  if (scope.list === 'area')
    return scope.areaCodes.length ? and(live, inArray(people.areaCode, scope.areaCodes))! : sql`false`
  return and(live, sharedWithAgency(people.id, scope.agencyId))!
}

/** People in scope whose record changed since their due items were worked out, or never were. */
export async function staleIn(db: Database, scope: CaseScope) {
  const refreshed = sql`(select max(d.refreshed_at) from ${dueItems} d where d.person_id = ${people.id})`
  return db
    .select({ id: people.id, dateOfBirth: people.dateOfBirth })
    .from(people)
    .where(
      and(
        scopeCondition(scope),
        or(
          sql`${refreshed} is null`,
          sql`exists (select 1 from ${personTimeline} t where t.person_id = ${people.id} and t.at > ${refreshed})`,
          // Convictions are recorded without a timeline entry; they change the rules' answer too.
          sql`exists (select 1 from ${convictions} c where c.person_id = ${people.id} and c.created_at > ${refreshed})`,
        ),
      ),
    )
}

export async function personBasics(db: Database, id: string) {
  const [row] = await db
    .select({ id: people.id, dateOfBirth: people.dateOfBirth })
    .from(people)
    .where(eq(people.id, id))
  return row
}

/** Every live record, a page at a time, for the daily refresh. */
export async function livePeople(db: Database, after: string | null, limit: number) {
  return db
    .select({ id: people.id, dateOfBirth: people.dateOfBirth })
    .from(people)
    .where(and(isNull(people.mergedIntoId), after ? sql`${people.id} > ${after}` : undefined))
    .orderBy(asc(people.id))
    .limit(limit)
}

/** The registration in force (not de-registered) and when its level was last set or reviewed. */
export async function activeRegistration(db: Database, personId: string) {
  const [registration] = await db
    .select({
      id: registrations.id,
      category: registrations.category,
      level: registrations.level,
      status: registrations.status,
      registeredOn: registrations.registeredOn,
    })
    .from(registrations)
    .where(and(eq(registrations.personId, personId), ne(registrations.status, 'deregistered')))
    .orderBy(desc(registrations.registeredOn), desc(registrations.createdAt))
    .limit(1)
  if (!registration) return undefined
  const [review] = await db
    .select({ at: registrationChanges.at })
    .from(registrationChanges)
    .where(
      and(
        eq(registrationChanges.registrationId, registration.id),
        inArray(registrationChanges.kind, ['registered', 'level_changed', 'level_reviewed', 'reviewed']),
      ),
    )
    .orderBy(desc(registrationChanges.at))
    .limit(1)
  return { ...registration, lastReviewAt: review?.at ?? null }
}

/** Replaces a person's due items with `items` (upserted, so concurrent refreshes agree). */
export async function replaceDueItems(db: Database, personId: string, items: StoredDueItem[]) {
  await db.transaction(async (tx) => {
    const refreshedAt = new Date()
    await tx
      .insert(dueItems)
      .values(items.map((i) => ({ ...i, personId, refreshedAt })))
      .onConflictDoUpdate({
        target: [dueItems.personId, dueItems.key],
        set: {
          kind: sql`excluded.kind`,
          title: sql`excluded.title`,
          dueDate: sql`excluded.due_date`,
          status: sql`excluded.status`,
          basis: sql`excluded.basis`,
          rulesVersion: sql`excluded.rules_version`,
          refreshedAt: sql`excluded.refreshed_at`,
        },
      })
    await tx.delete(dueItems).where(
      and(
        eq(dueItems.personId, personId),
        notInArray(
          dueItems.key,
          items.map((i) => i.key),
        ),
      ),
    )
  })
}

// Caseloads ------------------------------------------------------------------------------------

export const SORTS = ['name', 'category', 'level', 'leadAgency', 'manager', 'overdue', 'nextDue'] as const
export type Sort = (typeof SORTS)[number]

export interface CaseloadFilters {
  category?: number | undefined
  level?: number | undefined
  leadAgency?: string | undefined
  manager?: string | undefined
  hasOverdue?: boolean | undefined
  sort: Sort
  order: 'asc' | 'desc'
  page: number
  pageSize: number
}

/** The registration in force for each person (at most one row per person). */
function activeRegistrations(db: Database) {
  return db
    .selectDistinctOn([registrations.personId], {
      personId: registrations.personId,
      category: registrations.category,
      level: registrations.level,
      leadAgencyId: registrations.leadAgencyId,
    })
    .from(registrations)
    .where(ne(registrations.status, 'deregistered'))
    .orderBy(registrations.personId, desc(registrations.registeredOn), desc(registrations.createdAt))
    .as('active_registration')
}

export async function caseload(db: Database, scope: CaseScope, filters: CaseloadFilters, today: string) {
  const active = activeRegistrations(db)
  const lead = sql`coalesce(${active.leadAgencyId}, ${people.leadAgencyId})`
  const leadName = sql<string | null>`(select a.name from ${agencies} a where a.id = ${lead})`
  const leadCode = sql`(select a.code from ${agencies} a where a.id = ${lead})`
  const managers = sql<
    string | null
  >`(select string_agg(u.display_name, ', ' order by pm.kind, u.display_name)
    from ${personManagers} pm join ${users} u on u.id = pm.user_id where pm.person_id = ${people.id})`
  const overdue = sql<number>`(select count(*)::int from ${dueItems} d where d.person_id = ${people.id}
    and d.status in ('due', 'overdue') and d.due_date < ${today})`
  const nextDue = sql<
    string | null
  >`(select min(d.due_date)::text from ${dueItems} d where d.person_id = ${people.id}
    and d.status in ('due', 'overdue') and d.due_date >= ${today})`
  const named = namedExpr(scope.userId)
  const hidden = sql`(${people.restricted} and not ${named})`
  const byAttribute = [filters.category, filters.level, filters.leadAgency, filters.manager].some(
    (f) => f !== undefined,
  )
  const where = and(
    scopeCondition(scope),
    // A filter on what a restricted record holds must not reveal it to those not named on it.
    byAttribute ? sql`not ${hidden}` : undefined,
    filters.category !== undefined ? eq(active.category, filters.category) : undefined,
    filters.level !== undefined ? eq(active.level, filters.level) : undefined,
    filters.leadAgency ? sql`${leadCode} = ${filters.leadAgency}` : undefined,
    filters.manager ? managedBy(filters.manager) : undefined,
    filters.hasOverdue ? sql`${overdue} > 0` : undefined,
  )
  const nameKey = sql`case when ${hidden} then '~' else lower(${people.familyName} || ' ' || ${people.givenName}) end`
  const sortKey: Record<Sort, SQL> = {
    name: nameKey,
    category: sql`${active.category}`,
    level: sql`${active.level}`,
    leadAgency: sql`${leadName}`,
    manager: sql`${managers}`,
    overdue: sql`${overdue}`,
    nextDue: sql`${nextDue}`,
  }
  const direction = filters.order === 'desc' ? sql`desc nulls last` : sql`asc nulls last`
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: people.id,
        givenName: people.givenName,
        familyName: people.familyName,
        restricted: people.restricted,
        named,
        category: active.category,
        level: active.level,
        leadAgency: leadName,
        managers,
        overdue,
        nextDue,
      })
      .from(people)
      .leftJoin(active, eq(active.personId, people.id))
      .where(where)
      .orderBy(sql`${sortKey[filters.sort]} ${direction}`, asc(nameKey), asc(people.id))
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize),
    db.select({ count: count() }).from(people).leftJoin(active, eq(active.personId, people.id)).where(where),
  ])
  return { rows, total: total?.count ?? 0 }
}

/** Managers named on the cases in scope, for the manager filter. */
export async function managersIn(db: Database, scope: CaseScope) {
  return db
    .selectDistinct({ userId: users.id, displayName: users.displayName })
    .from(personManagers)
    .innerJoin(users, eq(users.id, personManagers.userId))
    .innerJoin(people, eq(people.id, personManagers.personId))
    .where(and(scopeCondition(scope), sql`not (${people.restricted} and not ${namedExpr(scope.userId)})`))
    .orderBy(asc(users.displayName))
}

/** Lead agencies of the cases in scope, for the lead agency filter. */
export async function leadAgenciesIn(db: Database, scope: CaseScope) {
  const active = activeRegistrations(db)
  return db
    .selectDistinct({ code: agencies.code, name: agencies.name })
    .from(people)
    .leftJoin(active, eq(active.personId, people.id))
    .innerJoin(agencies, sql`${agencies.id} = coalesce(${active.leadAgencyId}, ${people.leadAgencyId})`)
    .where(scopeCondition(scope))
    .orderBy(asc(agencies.name))
}

// Work queue -----------------------------------------------------------------------------------

export const QUEUE_GROUPS = {
  notifications: [
    'initial_notification',
    'change_notification',
    'qualifying_stay_notification',
    'advance_notice_not_occurred',
    'periodic_notification',
    'foreign_travel_notification',
    'household_stay_notification',
  ],
  reviews: ['level_review'],
  deregistrations: ['deregistration_review'],
  visits: ['home_visit'],
  plans: ['plan_missing', 'plan_incomplete', 'plan_review', 'plan_entry_review'],
  assessments: ['risk_assessment'],
  conditions: ['condition_ending', 'order_ending'],
  meetingActions: ['meeting_action'],
  victims: ['victim_contact_referral', 'victim_liaison_contact', 'victim_event_contact'],
  applications: [
    'clares_law_initial_checks',
    'clares_law_face_to_face',
    'clares_law_disclosure',
    'sarahs_law_initial_checks',
    'sarahs_law_face_to_face',
    'sarahs_law_completion',
  ],
} as const
export type QueueGroup = keyof typeof QUEUE_GROUPS

/** Kinds seen further ahead than the queue's window: assessments and endings within 30 days. */
const LONG_LOOK_AHEAD_KINDS = [...QUEUE_GROUPS.assessments, ...QUEUE_GROUPS.conditions]

export interface QueueFilters {
  group?: QueueGroup | undefined
  overdueOnly?: boolean | undefined
  page: number
  pageSize: number
}

/**
 * Tasks (work owned by a user, an agency or an area rather than worked out per record: meeting
 * actions, victim contact, disclosure applications) in scope: "mine" are the tasks the user owns,
 * an area's queue every task of the area, and an agency's (systems of other agencies) its own.
 */
function taskScopeCondition(scope: CaseScope): SQL {
  if (scope.list === 'mine') return scope.userId ? eq(tasks.ownerUserId, scope.userId) : sql`false`
  if (scope.list === 'area')
    return scope.areaCodes.length ? inArray(tasks.areaCode, scope.areaCodes) : sql`false`
  return eq(tasks.ownerAgencyId, scope.agencyId)
}

/** What the queue holds of one source (due items or tasks): open, in the window, in the group. */
function queueCondition(
  source: { status: PgColumn; dueDate: PgColumn; kind: PgColumn },
  filters: Pick<QueueFilters, 'group' | 'overdueOnly'>,
  today: string,
  withinDays: number,
  longWithinDays: number,
) {
  return and(
    inArray(source.status, OPEN),
    filters.overdueOnly
      ? sql`${source.dueDate} < ${today}`
      : or(
          sql`${source.dueDate} <= ${addDays(today, withinDays)}`,
          and(
            inArray(source.kind, LONG_LOOK_AHEAD_KINDS),
            sql`${source.dueDate} <= ${addDays(today, longWithinDays)}`,
          ),
        ),
    filters.group ? inArray(source.kind, [...QUEUE_GROUPS[filters.group]]) : undefined,
  )
}

/**
 * The due items of the cases in scope and the tasks in scope, as one list. Both sources give the
 * same columns, so the queue pages and sorts across them.
 */
function queueRows(
  db: Database,
  scope: CaseScope,
  filters: Pick<QueueFilters, 'group' | 'overdueOnly'>,
  today: string,
  withinDays: number,
  longWithinDays: number,
) {
  const named = namedExpr(scope.userId)
  const personColumns = {
    personId: sql<string | null>`${people.id}`.as('person_id'),
    givenName: sql<string | null>`${people.givenName}`.as('given_name'),
    familyName: sql<string | null>`${people.familyName}`.as('family_name'),
    restricted: sql<boolean>`coalesce(${people.restricted}, false)`.as('restricted'),
    named: sql<boolean>`${named}`.as('named'),
  }
  const fromDueItems = db
    .select({
      ...personColumns,
      key: sql<string>`${dueItems.key}`.as('key'),
      kind: sql<string>`${dueItems.kind}`.as('kind'),
      title: sql<string>`${dueItems.title}`.as('title'),
      dueDate: sql<string>`${dueItems.dueDate}::text`.as('due_date'),
      basis: sql<unknown>`${dueItems.basis}`.as('basis'),
      recordType: sql<string | null>`null::text`.as('record_type'),
      recordId: sql<string | null>`null::uuid`.as('record_id'),
    })
    .from(dueItems)
    .innerJoin(people, eq(people.id, dueItems.personId))
    .where(and(scopeCondition(scope), queueCondition(dueItems, filters, today, withinDays, longWithinDays)))
  const fromTasks = db
    .select({
      ...personColumns,
      key: sql<string>`${tasks.key}`.as('key'),
      kind: sql<string>`${tasks.kind}`.as('kind'),
      title: sql<string>`${tasks.title}`.as('title'),
      dueDate: sql<string>`${tasks.dueDate}::text`.as('due_date'),
      basis: sql<unknown>`${tasks.basis}`.as('basis'),
      recordType: sql<string | null>`${tasks.recordType}`.as('record_type'),
      recordId: sql<string | null>`${tasks.recordId}`.as('record_id'),
    })
    .from(tasks)
    .leftJoin(people, eq(people.id, tasks.personId))
    .where(and(taskScopeCondition(scope), queueCondition(tasks, filters, today, withinDays, longWithinDays)))
  return fromDueItems.unionAll(fromTasks).as('queue')
}

/**
 * Items overdue or due within `withinDays` (assessments and endings: `longWithinDays`) for the
 * cases and tasks in scope, soonest first.
 */
export async function workQueue(
  db: Database,
  scope: CaseScope,
  filters: QueueFilters,
  today: string,
  withinDays: number,
  longWithinDays: number = withinDays,
) {
  const queue = queueRows(db, scope, filters, today, withinDays, longWithinDays)
  const [rows, [total]] = await Promise.all([
    db
      .select({
        personId: queue.personId,
        givenName: queue.givenName,
        familyName: queue.familyName,
        restricted: queue.restricted,
        named: queue.named,
        key: queue.key,
        kind: queue.kind,
        title: queue.title,
        dueDate: queue.dueDate,
        overdue: sql<boolean>`${queue.dueDate} < ${today}`,
        basis: queue.basis,
        recordType: queue.recordType,
        recordId: queue.recordId,
      })
      .from(queue)
      .orderBy(asc(queue.dueDate), asc(queue.familyName), asc(queue.personId), asc(queue.key))
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize),
    db.select({ count: count() }).from(queue),
  ])
  return { rows, total: total?.count ?? 0 }
}

/** How many items are overdue across the cases and tasks in scope (for the home page). */
export async function overdueCount(db: Database, scope: CaseScope, today: string) {
  const queue = queueRows(db, scope, { overdueOnly: true }, today, 0, 0)
  const [row] = await db.select({ count: count() }).from(queue)
  return row?.count ?? 0
}
