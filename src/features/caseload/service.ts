import type { Database } from '../../db/connection.js'
import type { IsoDate, Reason } from '../../domain/rules/index.js'
import { isResponsibleAuthority } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { paths } from '../../web/paths.js'
import { ENDING_WITHIN_DAYS } from '../visits/service.js'
import { refreshStale } from './due-items.js'
import * as queries from './queries.js'
import type { CaseScope, QueueGroup, Sort } from './queries.js'

export const PAGE_SIZE = 25
/** The work queue looks this far ahead. */
export const DUE_WITHIN_DAYS = 14

export type CaseList = 'mine' | 'area'

const userIdOf = (principal: Principal) => (principal.kind === 'user' ? principal.userId : null)

/**
 * The cases a list holds for this principal, scoped as the people list is: "mine" are the
 * cases the user is a named manager of; "area" the cases of the user's areas for
 * responsible-authority staff, and the cases shared with their agency for everyone else.
 */
export function scopeFor(principal: Principal, list: CaseList): CaseScope {
  const userId = userIdOf(principal)
  if (list === 'mine') return { list: 'mine', userId }
  return isResponsibleAuthority(principal)
    ? { list: 'area', areaCodes: principal.membership.areaCodes, userId }
    : { list: 'shared', agencyId: principal.membership.agencyId, userId }
}

/** Co-ordinators look after a whole area's queue; systems have no cases of their own. */
export function mayViewAreaQueue(principal: Principal): boolean {
  return principal.kind === 'api_key' || principal.membership.roles.includes('mappa_coordinator')
}

export const defaultQueueScope = (principal: Principal): CaseList =>
  principal.kind === 'api_key' ? 'area' : 'mine'

/** Assessments due and conditions or orders ending are shown this far ahead. */
export { ENDING_WITHIN_DAYS }

const ACTION_PAGES: Partial<Record<string, (personId: string) => string>> = {
  level_review: paths.people.registration,
  deregistration_review: paths.people.registration,
  home_visit: paths.people.visits,
  plan_missing: paths.people.plan,
  plan_incomplete: paths.people.plan,
  plan_review: paths.people.plan,
  plan_entry_review: paths.people.plan,
  risk_assessment: paths.people.risk,
  condition_ending: paths.people.conditions,
  order_ending: (personId) => paths.people.section(personId, 'orders'),
}

/** Where to act on an item: the record page it concerns; notifications by default. */
export function actionHref(personId: string, kind: string): string {
  return (ACTION_PAGES[kind] ?? paths.people.notifications)(personId)
}

/** Where to act on a task: the page of the record it belongs to (tasks.record_type). */
function taskHref(recordType: string, recordId: string, personId: string | null): string {
  if (recordType === 'meeting_action') return paths.actions.show(recordId)
  if (recordType === 'application') return paths.applications.show(recordId)
  if ((recordType === 'victim' || recordType === 'victim_referral') && personId)
    return paths.people.victim(personId, recordId)
  if (recordType === 'alert') return paths.victimAlerts()
  return personId ? paths.people.show(personId) : paths.home()
}

/** SQL: the signed-in user is named on the record in the row (for restricted records). */
export { namedExpr as namedOnRecord } from './queries.js'

/** A restricted record the principal is not named on shows as such, and nothing more. */
const visible = (row: { restricted: boolean; named: boolean }) => !row.restricted || row.named

export interface CaseloadOptions {
  category?: number | undefined
  level?: number | undefined
  leadAgency?: string | undefined
  manager?: string | undefined
  hasOverdue?: boolean | undefined
  sort: Sort
  order: 'asc' | 'desc'
  page: number
}

export async function caseload(
  db: Database,
  principal: Principal,
  list: CaseList,
  options: CaseloadOptions,
  today: IsoDate,
) {
  const scope = scopeFor(principal, list)
  await refreshStale(db, scope, today)
  const [{ rows, total }, managers, leadAgencies] = await Promise.all([
    queries.caseload(db, scope, { ...options, pageSize: PAGE_SIZE }, today),
    queries.managersIn(db, scope),
    queries.leadAgenciesIn(db, scope),
  ])
  return {
    total,
    managers,
    leadAgencies,
    rows: rows.map((r) =>
      visible(r)
        ? { ...r, hidden: false as const }
        : {
            id: r.id,
            hidden: true as const,
            restricted: true,
            overdue: r.overdue,
            nextDue: r.nextDue,
          },
    ),
  }
}

export interface QueueOptions {
  group?: QueueGroup | undefined
  overdueOnly?: boolean | undefined
  page: number
}

export interface QueueItem {
  /** Null for a task not about one person (a disclosure application before it is matched). */
  personId: string | null
  person: { givenName: string; familyName: string } | null
  /** The record a task belongs to; null for items worked out from a person's record. */
  record: { type: string; id: string } | null
  key: string
  kind: string
  title: string
  dueDate: string
  status: 'overdue' | 'due'
  basis: Reason[]
  href: string
}

export async function workQueue(
  db: Database,
  principal: Principal,
  list: CaseList,
  options: QueueOptions,
  today: IsoDate,
): Promise<{ items: QueueItem[]; total: number }> {
  const scope = scopeFor(principal, list)
  await refreshStale(db, scope, today)
  const { rows, total } = await queries.workQueue(
    db,
    scope,
    { ...options, pageSize: PAGE_SIZE },
    today,
    DUE_WITHIN_DAYS,
    ENDING_WITHIN_DAYS,
  )
  return {
    total,
    items: rows.map((r) => {
      const shown = visible(r)
      const record = r.recordType && r.recordId ? { type: r.recordType, id: r.recordId } : null
      return {
        personId: r.personId,
        person:
          shown && r.givenName !== null && r.familyName !== null
            ? { givenName: r.givenName, familyName: r.familyName }
            : null,
        record,
        key: r.key,
        kind: r.kind,
        // What is due on a restricted record can name addresses: only those named see it.
        title: shown ? r.title : 'Item on a restricted record',
        dueDate: r.dueDate,
        status: r.overdue ? 'overdue' : 'due',
        basis: shown ? (r.basis as Reason[]) : [],
        // Due items are always about a person; tasks link to their own record.
        href: record ? taskHref(record.type, record.id, r.personId) : actionHref(r.personId!, r.kind),
      }
    }),
  }
}

/** Overdue items on the user's own cases and tasks, for the home page. */
export async function myOverdueCount(db: Database, principal: Principal, today: IsoDate): Promise<number> {
  const scope = scopeFor(principal, 'mine')
  await refreshStale(db, scope, today)
  return queries.overdueCount(db, scope, today)
}
