import { and, desc, eq, isNull, ne } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Database } from '../../db/connection.js'
import { alerts, users } from '../../db/schema.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { paths } from '../../web/paths.js'
import { myOverdueCount } from '../caseload/service.js'
import { SIGNIFICANT_EVENT_ALERT, unreadAlertCount } from '../significant-events/service.js'

const ALERT_TEXT: Record<string, string> = {
  break_glass: 'used emergency access to open a restricted record you are named on',
}

/** The home page: what needs the user's attention, and where to go next. */
export async function homeRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(paths.home(), { config: { access: 'signed_in' } }, async (request, reply) => {
    const principal = request.principal!
    const rows =
      principal.kind === 'user'
        ? await db
            .select({
              kind: alerts.kind,
              personId: alerts.personId,
              createdAt: alerts.createdAt,
              actor: users.displayName,
            })
            .from(alerts)
            .leftJoin(users, eq(users.id, alerts.actorUserId))
            .where(
              and(
                eq(alerts.userId, principal.userId),
                isNull(alerts.readAt),
                ne(alerts.kind, SIGNIFICANT_EVENT_ALERT),
              ),
            )
            .orderBy(desc(alerts.createdAt))
            .limit(20)
        : []
    const overdue = mayDo(principal, 'person:list')
      ? await myOverdueCount(db, principal, londonDateOf(new Date().toISOString()))
      : undefined
    // Victim liaison officers see how many significant events they have still to read.
    const victimAlerts =
      mayDo(principal, 'victim:manage') && principal.kind === 'user'
        ? { unread: await unreadAlertCount(db, principal.userId), href: paths.victimAlerts() }
        : undefined
    return reply.render('features/home/views/home.njk', {
      victimAlerts,
      pageTitle: 'Home',
      displayName: principal.displayName,
      overdue,
      workQueueOverdueHref: paths.cases.workQueue({ overdue: 'yes' }),
      alerts: rows.map((r) => ({
        text: `${r.actor ?? 'Someone'} ${ALERT_TEXT[r.kind] ?? r.kind}`,
        href: r.personId ? paths.people.show(r.personId) : undefined,
        createdAt: r.createdAt,
      })),
      links: [
        mayDo(principal, 'person:list') && {
          href: paths.people.list(),
          text: 'Find a person',
          qa: 'people-link',
        },
        mayDo(principal, 'person:list') && {
          href: paths.cases.mine(),
          text: 'My cases',
          qa: 'my-cases-link',
        },
        mayDo(principal, 'person:list') && {
          href: paths.cases.area(),
          text: 'Area cases',
          qa: 'area-cases-link',
        },
        mayDo(principal, 'person:list') && {
          href: paths.cases.workQueue(),
          text: 'Work queue',
          qa: 'work-queue-link',
        },
        mayDo(principal, 'meeting:manage') && {
          href: paths.meetingsDashboard(),
          text: 'Meetings and actions dashboard',
          qa: 'meetings-dashboard-link',
        },
        mayDo(principal, 'plan:sign_off') && {
          href: paths.visitsDashboard(),
          text: 'Overdue home visits by team',
          qa: 'visits-dashboard-link',
        },
        mayDo(principal, 'person:create') && {
          href: paths.people.create(),
          text: 'Add a person',
          qa: 'add-person-link',
        },
        mayDo(principal, 'person:view') && {
          href: paths.calculator(),
          text: 'Work out a notification period',
          qa: 'calculator-link',
        },
        mayDo(principal, 'user:manage') && {
          href: paths.admin.users(),
          text: 'Manage users',
          qa: 'users-link',
        },
        mayDo(principal, 'agency:manage') && {
          href: paths.admin.agencies(),
          text: 'Manage agencies',
          qa: 'agencies-link',
        },
      ].filter(Boolean),
    })
  })
}
