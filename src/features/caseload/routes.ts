import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { paths } from '../../web/paths.js'
import { QUEUE_GROUPS, SORTS, type Sort } from './queries.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())

/** Anything not understood in a bookmarked query string is dropped, never an error page. */
const optionalInt = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce.number().int().min(1).max(max).optional().catch(undefined),
  )
const flag = z.preprocess((v) => v === 'yes' || v === 'true' || v === true, z.boolean())

export const caseloadQuery = z.object({
  category: optionalInt(4),
  level: optionalInt(3),
  leadAgency: z.string().trim().max(60).optional().catch(undefined),
  manager: z.uuid().optional().catch(undefined),
  hasOverdue: flag.optional(),
  sort: z.enum(SORTS).catch('name'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
type CaseloadQuery = z.output<typeof caseloadQuery>

const apiCaseloadQuery = caseloadQuery.extend({ list: z.enum(['mine', 'area']).catch('mine') })

export const queueQuery = z.object({
  scope: z.enum(['mine', 'area']).optional().catch(undefined),
  group: z
    .enum(Object.keys(QUEUE_GROUPS) as [keyof typeof QUEUE_GROUPS])
    .optional()
    .catch(undefined),
  overdue: flag.optional(),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})

const SORT_LABELS: Record<Sort, string> = {
  name: 'Name',
  category: 'Category',
  level: 'Level',
  leadAgency: 'Lead agency',
  manager: 'Manager',
  overdue: 'Overdue',
  nextDue: 'Next due',
}
const GROUP_LABELS = {
  notifications: 'Notifications',
  reviews: 'Level reviews',
  deregistrations: 'De-registration',
  visits: 'Home visits',
  plans: 'Risk management plans',
  assessments: 'Risk assessments',
  conditions: 'Conditions and orders ending',
  meetingActions: 'Meeting actions',
  victims: 'Victims',
  applications: 'Disclosure applications',
}

/** The query string a caseload page is at, as strings (blank filters left out). */
function queryOf(q: CaseloadQuery): Record<string, string | number | undefined> {
  return {
    category: q.category,
    level: q.level,
    leadAgency: q.leadAgency || undefined,
    manager: q.manager,
    hasOverdue: q.hasOverdue ? 'yes' : undefined,
    sort: q.sort === 'name' ? undefined : q.sort,
    order: q.order === 'asc' ? undefined : q.order,
    page: q.page === 1 ? undefined : q.page,
  }
}

/** "My cases" and "Area cases": MoJ filter and sortable table, every choice in the query string. */
async function caseloadPage(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  list: service.CaseList,
) {
  const q = caseloadQuery.parse(request.query ?? {})
  const result = await service.caseload(db, request.principal!, list, q, today())
  const href = list === 'mine' ? paths.cases.mine : paths.cases.area
  const current = queryOf(q)
  const without = (key: string) => href({ ...current, [key]: undefined, page: undefined })
  const pages = Math.max(1, Math.ceil(result.total / service.PAGE_SIZE))
  const managerName = result.managers.find((m) => m.userId === q.manager)?.displayName
  const agencyName = result.leadAgencies.find((a) => a.code === q.leadAgency)?.name
  const selected = [
    q.category && { heading: 'Category', text: `Category ${q.category}`, href: without('category') },
    q.level && { heading: 'Level', text: `Level ${q.level}`, href: without('level') },
    q.leadAgency && { heading: 'Lead agency', text: agencyName ?? q.leadAgency, href: without('leadAgency') },
    q.manager && { heading: 'Manager', text: managerName ?? 'Selected manager', href: without('manager') },
    q.hasOverdue && { heading: 'Overdue', text: 'Has overdue items', href: without('hasOverdue') },
  ].filter((s): s is { heading: string; text: string; href: string } => !!s)
  return reply.render('features/caseload/views/caseload.njk', {
    pageTitle: list === 'mine' ? 'My cases' : 'Area cases',
    list,
    action: href(),
    q,
    total: result.total,
    rows: result.rows.map((r) => ({ ...r, href: paths.people.show(r.id) })),
    managers: result.managers,
    leadAgencies: result.leadAgencies,
    selectedFilters: selected.length
      ? {
          heading: { text: 'Selected filters' },
          clearLink: { text: 'Clear filters', href: href() },
          categories: selected.map((s) => ({
            heading: { text: s.heading },
            items: [{ href: s.href, text: s.text }],
          })),
        }
      : undefined,
    columns: SORTS.map((key) => {
      const active = q.sort === key
      const next = active && q.order === 'asc' ? 'desc' : 'asc'
      return {
        key,
        text: SORT_LABELS[key],
        ariaSort: active ? (q.order === 'asc' ? 'ascending' : 'descending') : 'none',
        href: href({ ...current, sort: key, order: next, page: undefined }),
      }
    }),
    pagination: {
      previous: q.page > 1 ? { href: href({ ...current, page: q.page - 1 }) } : undefined,
      next: q.page < pages ? { href: href({ ...current, page: q.page + 1 }) } : undefined,
    },
    otherList:
      list === 'mine'
        ? { href: paths.cases.area(), text: 'Area cases' }
        : { href: paths.cases.mine(), text: 'My cases' },
    workQueueHref: paths.cases.workQueue(),
  })
}

/** Caseloads and the work queue in the browser. */
export async function caseloadRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    paths.cases.mine(),
    { config: { access: 'person:list', audit: { event: 'CASELOAD_VIEWED', recordType: 'caseload' } } },
    (request, reply) => caseloadPage(db, request, reply, 'mine'),
  )

  app.get(
    paths.cases.area(),
    { config: { access: 'person:list', audit: { event: 'CASELOAD_VIEWED', recordType: 'caseload' } } },
    (request, reply) => caseloadPage(db, request, reply, 'area'),
  )

  app.get(
    paths.cases.workQueue(),
    { config: { access: 'person:list', audit: { event: 'WORK_QUEUE_VIEWED', recordType: 'caseload' } } },
    async (request, reply) => {
      const principal = request.principal!
      const q = queueQuery.parse(request.query ?? {})
      const mayArea = service.mayViewAreaQueue(principal)
      const scope = q.scope === 'area' && mayArea ? 'area' : service.defaultQueueScope(principal)
      const { items, total } = await service.workQueue(
        db,
        principal,
        scope,
        { group: q.group, overdueOnly: q.overdue, page: q.page },
        today(),
      )
      const current = {
        scope: scope === 'mine' ? undefined : scope,
        group: q.group,
        overdue: q.overdue ? 'yes' : undefined,
      }
      const pages = Math.max(1, Math.ceil(total / service.PAGE_SIZE))
      return reply.render('features/caseload/views/work-queue.njk', {
        pageTitle: 'Work queue',
        action: paths.cases.workQueue(),
        scope,
        mayArea,
        q,
        total,
        items,
        withinDays: service.DUE_WITHIN_DAYS,
        endingWithinDays: service.ENDING_WITHIN_DAYS,
        groups: Object.entries(GROUP_LABELS).map(([value, text]) => ({ value, text })),
        scopeLinks: mayArea
          ? [
              {
                text: 'My cases',
                href: paths.cases.workQueue({ ...current, scope: undefined }),
                current: scope === 'mine',
              },
              {
                text: 'Whole area',
                href: paths.cases.workQueue({ ...current, scope: 'area' }),
                current: scope === 'area',
              },
            ]
          : [],
        pagination: {
          previous:
            q.page > 1 ? { href: paths.cases.workQueue({ ...current, page: q.page - 1 }) } : undefined,
          next:
            q.page < pages ? { href: paths.cases.workQueue({ ...current, page: q.page + 1 }) } : undefined,
        },
      })
    },
  )
}

const reasonDoc = z.object({ text: z.string(), reference: z.string() })

/** Caseloads and the work queue for partner systems (contract: /api/v1/caseload, /api/v1/work-queue). */
export async function caseloadApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Caseloads and work queue']

  app.get(
    paths.api.caseload(),
    {
      config: { access: 'person:list', audit: { event: 'CASELOAD_VIEWED', recordType: 'caseload' } },
      schema: {
        tags,
        summary:
          'Cases the caller manages (list=mine) or may see in their area (list=area), filtered and sorted',
        querystring: z.toJSONSchema(apiCaseloadQuery, { io: 'input', unrepresentable: 'any' }),
      },
    },
    async (request) => {
      const q = apiCaseloadQuery.parse(request.query ?? {})
      const result = await service.caseload(db, request.principal!, q.list, q, today())
      return {
        items: result.rows.map((r) =>
          r.hidden
            ? { id: r.id, restricted: true, overdue: r.overdue, nextDue: r.nextDue }
            : {
                id: r.id,
                givenName: r.givenName,
                familyName: r.familyName,
                category: r.category,
                level: r.level,
                leadAgency: r.leadAgency,
                managers: r.managers,
                overdue: r.overdue,
                nextDue: r.nextDue,
                restricted: r.restricted,
              },
        ),
        page: q.page,
        pageSize: service.PAGE_SIZE,
        total: result.total,
      }
    },
  )

  app.get(
    paths.api.workQueue(),
    {
      config: { access: 'person:list', audit: { event: 'WORK_QUEUE_VIEWED', recordType: 'caseload' } },
      schema: {
        tags,
        summary: `What is overdue or due within ${service.DUE_WITHIN_DAYS} days across notifications, level reviews, de-registrations, home visits, risk management plans, meeting actions, victim contact and disclosure applications; assessments due and conditions or orders ending within ${service.ENDING_WITHIN_DAYS} days`,
        description:
          '`scope=mine` (a user’s named cases and the tasks they own, the default for users) or `scope=area` (MAPPA co-ordinators and systems: every case and task of the area; a system of a duty-to-co-operate agency gets its shared cases and its agency’s tasks). `group` narrows to one kind group: notifications, reviews, deregistrations, visits, plans, assessments, conditions, meetingActions, victims or applications. Each item carries its basis: the reasons and references it exists for. A task (meeting action, victim contact, application stage) names its `record`; `href` is where to act on it.',
        querystring: z.toJSONSchema(queueQuery, { io: 'input', unrepresentable: 'any' }),
        response: {
          200: z.toJSONSchema(
            z.object({
              scope: z.enum(['mine', 'area']),
              items: z.array(
                z.object({
                  personId: z.string().nullable(),
                  person: z.object({ givenName: z.string(), familyName: z.string() }).nullable(),
                  record: z.object({ type: z.string(), id: z.string() }).nullable(),
                  key: z.string(),
                  kind: z.string(),
                  title: z.string(),
                  dueDate: z.string(),
                  status: z.enum(['overdue', 'due']),
                  basis: z.array(reasonDoc),
                  href: z.string(),
                }),
              ),
              page: z.number(),
              pageSize: z.number(),
              total: z.number(),
            }),
          ),
          403: z.toJSONSchema(
            z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
          ),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      const q = queueQuery.parse(request.query ?? {})
      if (q.scope === 'area' && !service.mayViewAreaQueue(principal))
        return reply.code(403).send({
          errors: [{ path: 'scope', message: 'Only MAPPA co-ordinators see the whole area’s queue' }],
        })
      const scope = q.scope ?? service.defaultQueueScope(principal)
      const { items, total } = await service.workQueue(
        db,
        principal,
        scope,
        { group: q.group, overdueOnly: q.overdue, page: q.page },
        today(),
      )
      return { scope, items, page: q.page, pageSize: service.PAGE_SIZE, total }
    },
  )
}
