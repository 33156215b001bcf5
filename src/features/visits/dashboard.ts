import type { Database } from '../../db/connection.js'
import type { IsoDate } from '../../domain/rules/index.js'
import type { Principal } from '../../security/principal.js'
import { paths } from '../../web/paths.js'
import { refreshStale } from '../caseload/due-items.js'
import * as queries from './queries.js'

/** A manager filter value for people with no named police offender manager. */
export const NO_MANAGER = 'none'
const NO_MANAGER_NAME = 'No named police offender manager'
const NO_AGENCY_NAME = 'Police agency not recorded'

export interface ManagerCount {
  userId: string | null
  name: string
  overdue: number
  href: string
}

export interface AgencyCount {
  agencyId: string | null
  agencyName: string
  overdue: number
  managers: ManagerCount[]
}

export interface OverdueVisit {
  personId: string
  /** Null for a restricted record the principal is not named on. */
  person: { givenName: string; familyName: string } | null
  dueDate: string
  href: string
}

/**
 * Overdue home visits across the principal's areas, counted by team: the named police offender
 * manager's agency and the manager. A person with two police managers counts once for each
 * manager and once in each agency's and the area's total.
 */
export async function visitsDashboard(
  db: Database,
  principal: Principal,
  today: IsoDate,
  manager?: string,
): Promise<{ areaCodes: string[]; total: number; agencies: AgencyCount[]; visits: OverdueVisit[] | null }> {
  const areaCodes = principal.membership.areaCodes
  const userId = principal.kind === 'user' ? principal.userId : null
  // Visits recorded or risk changed since the queue was last worked out count at once.
  await refreshStale(db, { list: 'area', areaCodes, userId }, today)
  const rows = await queries.overdueVisits(db, areaCodes, today, userId)

  const byAgency = new Map<string, { agency: AgencyCount; people: Set<string> }>()
  const byManager = new Map<string, { count: ManagerCount; people: Set<string> }>()
  for (const row of rows) {
    const agencyKey = row.managerId ? (row.agency?.id ?? 'unknown') : NO_MANAGER
    const agencyName = row.managerId ? (row.agency?.name ?? NO_AGENCY_NAME) : NO_MANAGER_NAME
    let agency = byAgency.get(agencyKey)
    if (!agency) {
      agency = {
        agency: { agencyId: row.agency?.id ?? null, agencyName, overdue: 0, managers: [] },
        people: new Set(),
      }
      byAgency.set(agencyKey, agency)
    }
    agency.people.add(row.personId)
    const managerKey = `${agencyKey}:${row.managerId ?? NO_MANAGER}`
    let count = byManager.get(managerKey)
    if (!count) {
      count = {
        count: {
          userId: row.managerId,
          name: row.managerName ?? NO_MANAGER_NAME,
          overdue: 0,
          href: paths.visitsDashboardFor(row.managerId ?? NO_MANAGER),
        },
        people: new Set(),
      }
      byManager.set(managerKey, count)
      agency.agency.managers.push(count.count)
    }
    count.people.add(row.personId)
  }
  for (const { count, people } of byManager.values()) count.overdue = people.size
  const agencies = [...byAgency.values()].map(({ agency, people }) => ({
    ...agency,
    overdue: people.size,
    managers: agency.managers.sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name)),
  }))
  // Agencies by name; those without a named manager last, where they stand out.
  agencies.sort((a, b) =>
    a.agencyName === NO_MANAGER_NAME
      ? 1
      : b.agencyName === NO_MANAGER_NAME
        ? -1
        : a.agencyName.localeCompare(b.agencyName),
  )

  const chosen = manager
    ? rows.filter((r) => (manager === NO_MANAGER ? r.managerId === null : r.managerId === manager))
    : null
  return {
    areaCodes,
    total: new Set(rows.map((r) => r.personId)).size,
    agencies,
    visits:
      chosen &&
      chosen.map((r) => ({
        personId: r.personId,
        // A restricted record shows as such to those not named on it, and nothing more.
        person: !r.restricted || r.named ? { givenName: r.givenName, familyName: r.familyName } : null,
        dueDate: r.dueDate,
        href: paths.people.visits(r.personId),
      })),
  }
}
