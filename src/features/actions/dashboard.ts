import type { Database } from '../../db/connection.js'
import { addDays, type IsoDate } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { Principal } from '../../security/principal.js'
import { paths } from '../../web/paths.js'
import * as queries from './queries.js'
import { actionJson } from './service.js'

/** "This fortnight": today and the 13 days after it. */
export const UPCOMING_DAYS = 14

export interface AgencyOverdue {
  agencyId: string
  agencyName: string
  count: number
  href: string
}

const meetingLink = (m: Awaited<ReturnType<typeof queries.scheduledMeetings>>[number]) => ({
  ...m,
  href: paths.meetings.show(m.id),
})

/**
 * The MAPPA co-ordinator's dashboard for their areas: overdue actions by owner agency, actions
 * nobody is named to do, referrals waiting to be screened, meetings held whose minutes are not
 * finalised, and the meetings of the next fortnight (MAPPA Guidance ch.13: the co-ordinator
 * chases actions and reports between meetings).
 */
export async function meetingsDashboard(db: Database, principal: Principal, today: IsoDate) {
  const areaCodes = principal.membership.areaCodes
  const userId = principal.kind === 'user' ? principal.userId : null
  const [overdueRows, unownedRows, referrals, notFinalised, upcoming] = await Promise.all([
    queries.overdueActions(db, areaCodes, userId, today),
    queries.unownedActions(db, areaCodes, userId, today),
    queries.referralsAwaitingScreening(db, areaCodes),
    queries.scheduledMeetings(db, areaCodes, null, addDays(today, -1)),
    queries.scheduledMeetings(db, areaCodes, today, addDays(today, UPCOMING_DAYS - 1)),
  ])
  const byAgency = new Map<string, AgencyOverdue>()
  for (const row of overdueRows) {
    const entry = byAgency.get(row.agency.id) ?? {
      agencyId: row.agency.id,
      agencyName: row.agency.name,
      count: 0,
      href: paths.actions.list({ scope: 'area', overdue: 'yes', agency: row.agency.code }),
    }
    entry.count += 1
    byAgency.set(row.agency.id, entry)
  }
  const withLinks = (rows: typeof overdueRows) =>
    rows.map((r) => ({ ...actionJson(r), href: paths.actions.show(r.action.id) }))
  return {
    areaCodes,
    overdue: {
      total: overdueRows.length,
      byAgency: [...byAgency.values()].sort(
        (a, b) => b.count - a.count || a.agencyName.localeCompare(b.agencyName),
      ),
      actions: withLinks(overdueRows),
    },
    unowned: withLinks(unownedRows),
    referrals: {
      count: referrals.count,
      oldest: referrals.oldest && {
        reference: referrals.oldest.reference,
        submittedOn: londonDateOf(referrals.oldest.submittedAt.toISOString()),
        href: paths.referrals.show(referrals.oldest.id),
      },
      listHref: paths.referrals.list(),
    },
    notFinalised: notFinalised.map(meetingLink),
    upcoming: upcoming.map(meetingLink),
  }
}
