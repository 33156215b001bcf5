import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { paths } from '../../web/paths.js'
import {
  AGENCY_FIELDS,
  agencyForm,
  agencyItems,
  type FieldProblem,
  formErrors,
  type FormValues,
  keptValues,
  MEMBERSHIP_FIELDS,
  membershipForm,
  membershipItems,
  newUserForm,
  parseForm,
  PASSWORD_MIN,
  USER_FIELDS,
} from './form.js'
import * as service from './service.js'

/** Addresses under the ones paths.ts gives for administration. */
const adminPaths = {
  memberships: (id: string) => `${paths.admin.user(id)}/memberships`,
  removeMembership: (id: string, membershipId: string) =>
    `${paths.admin.user(id)}/memberships/${membershipId}/remove`,
  disable: (id: string) => `${paths.admin.user(id)}/disable`,
  enable: (id: string) => `${paths.admin.user(id)}/enable`,
  resetSecondFactor: (id: string) => `${paths.admin.user(id)}/reset-second-factor`,
  done: (id: string, what: keyof typeof NOTICES) => `${paths.admin.user(id)}?done=${what}`,
}

const NOTICES = {
  created: 'The user has been added. They will set up their authenticator app when they first sign in.',
  'membership-added': 'The membership has been added',
  'membership-removed': 'The membership has been removed',
  disabled: 'The account has been disabled. The user cannot sign in.',
  enabled: 'The account has been re-enabled',
  'second-factor-reset':
    'The second factor has been reset. The user will set up their authenticator app again at their next sign-in.',
} as const

const userParams = z.object({ id: z.uuid() })
const membershipParams = z.object({ id: z.uuid(), membershipId: z.uuid() })
const userQuery = z.object({
  done: z
    .enum(Object.keys(NOTICES) as [keyof typeof NOTICES])
    .optional()
    .catch(undefined),
})
const agenciesQuery = z.object({ created: z.string().max(50).optional().catch(undefined) })

const USER = { recordType: 'user' } as const
const AGENCY = { recordType: 'agency' } as const

const notFound = (reply: FastifyReply) => reply.callNotFound()

async function newUserPage(
  db: Database,
  reply: FastifyReply,
  status: number,
  data: { values: FormValues; problems?: FieldProblem[] },
) {
  return reply.code(status).render('features/admin/views/user-form.njk', {
    pageTitle: 'Add a user',
    backLink: paths.admin.users(),
    action: paths.admin.newUser(),
    passwordMin: PASSWORD_MIN,
    values: data.values,
    ...membershipItems(data.values, await service.agencyOptions(db)),
    ...formErrors(data.problems ?? [], USER_FIELDS),
  })
}

async function userPage(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  user: service.UserView,
  data: { values?: FormValues; problems?: FieldProblem[]; fieldOrder?: string[] } = {},
) {
  const values = data.values ?? {}
  const { done } = userQuery.parse(request.query ?? {})
  const principal = request.principal!
  const self = principal.kind === 'user' && principal.userId === user.id
  return reply.code(status).render('features/admin/views/user.njk', {
    pageTitle: user.displayName,
    backLink: paths.admin.users(),
    user,
    self,
    actingMembershipId: principal.kind === 'user' ? principal.membership.id : undefined,
    notice: status < 400 && done ? NOTICES[done] : undefined,
    values,
    actions: {
      addMembership: adminPaths.memberships(user.id),
      disable: adminPaths.disable(user.id),
      enable: adminPaths.enable(user.id),
      resetSecondFactor: adminPaths.resetSecondFactor(user.id),
    },
    removeActions: Object.fromEntries(
      user.memberships.map((m) => [m.id, adminPaths.removeMembership(user.id, m.id)]),
    ),
    ...membershipItems(values, await service.agencyOptions(db)),
    ...formErrors(data.problems ?? [], data.fieldOrder ?? MEMBERSHIP_FIELDS),
  })
}

/** Renders the user page again with a problem, or follows up a change that was made. */
async function afterChange(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  result: service.ChangeResult,
  done: keyof typeof NOTICES,
) {
  if (result.kind === 'not_found') return notFound(reply)
  if (result.kind === 'done') {
    request.audited = { recordId: userId }
    return reply.redirect(adminPaths.done(userId, done), 303)
  }
  const user = await service.findUser(db, userId)
  if (!user) return notFound(reply)
  return userPage(db, request, reply, 400, user, {
    problems: result.problems,
    fieldOrder: ['status', 'memberships'],
  })
}

function agencyFormPage(
  reply: FastifyReply,
  status: number,
  values: FormValues,
  problems: FieldProblem[] = [],
) {
  return reply.code(status).render('features/admin/views/agency-form.njk', {
    pageTitle: 'Add an agency',
    backLink: paths.admin.agencies(),
    action: paths.admin.newAgency(),
    values,
    ...agencyItems(values),
    ...formErrors(problems, AGENCY_FIELDS),
  })
}

/**
 * Administration of user accounts and agencies. Administrators do not, by that role, see any
 * case records: these pages show accounts and organisations only.
 */
export async function adminRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    paths.admin.users(),
    { config: { access: 'user:manage', audit: { event: 'USERS_LISTED', ...USER } } },
    async (_request, reply) => {
      const users = await service.listUsers(db)
      return reply.render('features/admin/views/users.njk', {
        pageTitle: 'Users',
        users: users.map((u) => ({ ...u, href: paths.admin.user(u.id) })),
        newUserHref: paths.admin.newUser(),
      })
    },
  )

  app.get(
    paths.admin.newUser(),
    { config: { access: 'user:manage', audit: { event: 'USER_FORM_VIEWED', ...USER } } },
    (_request, reply) => newUserPage(db, reply, 200, { values: {} }),
  )

  app.post(
    paths.admin.newUser(),
    { config: { access: 'user:manage', audit: { event: 'USER_CREATED', ...USER } } },
    async (request, reply) => {
      const values = keptValues(request.body)
      const parsed = parseForm(newUserForm, request.body)
      if (!parsed.ok) return newUserPage(db, reply, 400, { values, problems: parsed.problems })
      const result = await service.createUser(db, parsed.data)
      if (result.kind === 'invalid') return newUserPage(db, reply, 400, { values, problems: result.problems })
      request.audited = { recordId: result.id }
      return reply.redirect(adminPaths.done(result.id, 'created'), 303)
    },
  )

  app.get(
    paths.admin.user(':id'),
    { config: { access: 'user:manage', audit: { event: 'USER_VIEWED', ...USER } } },
    async (request, reply) => {
      const params = userParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const user = await service.findUser(db, params.data.id)
      if (!user) return notFound(reply)
      return userPage(db, request, reply, 200, user)
    },
  )

  app.post(
    adminPaths.memberships(':id'),
    { config: { access: 'user:manage', audit: { event: 'MEMBERSHIP_ADDED', ...USER } } },
    async (request, reply) => {
      const params = userParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const id = params.data.id
      const parsed = parseForm(membershipForm, request.body)
      const result = parsed.ok
        ? await service.addMembership(db, id, parsed.data)
        : ({ kind: 'invalid', problems: parsed.problems } as const)
      if (result.kind !== 'invalid') return afterChange(db, request, reply, id, result, 'membership-added')
      const user = await service.findUser(db, id)
      if (!user) return notFound(reply)
      return userPage(db, request, reply, 400, user, {
        values: keptValues(request.body),
        problems: result.problems,
      })
    },
  )

  app.post(
    adminPaths.removeMembership(':id', ':membershipId'),
    { config: { access: 'user:manage', audit: { event: 'MEMBERSHIP_REMOVED', ...USER } } },
    async (request, reply) => {
      const params = membershipParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const { id, membershipId } = params.data
      const result = await service.removeMembership(db, request.principal!, id, membershipId)
      return afterChange(db, request, reply, id, result, 'membership-removed')
    },
  )

  app.post(
    adminPaths.disable(':id'),
    { config: { access: 'user:manage', audit: { event: 'USER_DISABLED', ...USER } } },
    async (request, reply) => {
      const params = userParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const result = await service.setDisabled(db, request.principal!, params.data.id, true)
      return afterChange(db, request, reply, params.data.id, result, 'disabled')
    },
  )

  app.post(
    adminPaths.enable(':id'),
    { config: { access: 'user:manage', audit: { event: 'USER_ENABLED', ...USER } } },
    async (request, reply) => {
      const params = userParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const result = await service.setDisabled(db, request.principal!, params.data.id, false)
      return afterChange(db, request, reply, params.data.id, result, 'enabled')
    },
  )

  app.post(
    adminPaths.resetSecondFactor(':id'),
    { config: { access: 'user:manage', audit: { event: 'USER_SECOND_FACTOR_RESET', ...USER } } },
    async (request, reply) => {
      const params = userParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const result = await service.resetSecondFactor(db, params.data.id)
      return afterChange(db, request, reply, params.data.id, result, 'second-factor-reset')
    },
  )

  app.get(
    paths.admin.agencies(),
    { config: { access: 'agency:manage', audit: { event: 'AGENCIES_LISTED', ...AGENCY } } },
    async (request, reply) => {
      const { created } = agenciesQuery.parse(request.query ?? {})
      return reply.render('features/admin/views/agencies.njk', {
        pageTitle: 'Agencies',
        agencies: await service.listAgencies(db),
        created,
        newAgencyHref: paths.admin.newAgency(),
      })
    },
  )

  app.get(
    paths.admin.newAgency(),
    { config: { access: 'agency:manage', audit: { event: 'AGENCY_FORM_VIEWED', ...AGENCY } } },
    (_request, reply) => agencyFormPage(reply, 200, {}),
  )

  app.post(
    paths.admin.newAgency(),
    { config: { access: 'agency:manage', audit: { event: 'AGENCY_CREATED', ...AGENCY } } },
    async (request, reply) => {
      const values = keptValues(request.body)
      const parsed = parseForm(agencyForm, request.body)
      if (!parsed.ok) return agencyFormPage(reply, 400, values, parsed.problems)
      const result = await service.createAgency(db, parsed.data)
      if (result.kind === 'invalid') return agencyFormPage(reply, 400, values, result.problems)
      request.audited = { recordId: result.id }
      return reply.redirect(`${paths.admin.agencies()}?created=${encodeURIComponent(parsed.data.code)}`, 303)
    },
  )
}
