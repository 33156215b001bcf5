import type {} from '@fastify/csrf-protection'
import type {} from '@fastify/session'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from '../db/connection.js'
import { paths } from '../web/paths.js'
import { areaNames, userPrincipal } from './accounts.js'
import { apiKeyPrincipal } from './api-keys.js'
import { type AuditOutcome, recordAudit } from './audit.js'
import { mayWorkApplications } from './policy.js'
import { actorIds, type Principal } from './principal.js'
import type { Permission } from './roles.js'

/** Who may reach a route: anyone, any signed-in user, or holders of a permission. */
export type RouteAccess = 'public' | 'signed_in' | Permission

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route: a route without it is refused (default deny). */
    access?: RouteAccess
    /** The audit event the route writes after its handler, with the kind of record it concerns. */
    audit?: { event: string; recordType?: string }
  }
  interface FastifyRequest {
    principal?: Principal
    /** Set by a handler: the record an audited request concerned, and any reason given. */
    audited?: { recordId?: string; reasonId?: string }
    /** Set when the access hook refused the request before its handler ran. */
    refused?: boolean
  }
  interface Session {
    userId?: string
    membershipId?: string
    /** Between the password and the second factor. */
    pendingUserId?: string
    pendingTotpSecret?: string
    returnTo?: string
  }
}

export const isApiRequest = (request: FastifyRequest) => request.url.startsWith('/api/')

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'success'
  if (status === 401 || status === 403) return 'denied'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status < 500) return 'invalid'
  return 'error'
}

async function resolvePrincipal(db: Database, request: FastifyRequest): Promise<Principal | undefined> {
  const authorization = request.headers.authorization
  if (authorization?.startsWith('Bearer ')) return apiKeyPrincipal(db, authorization.slice(7).trim())
  const { userId, membershipId } = request.session ?? {}
  if (!userId || !membershipId) return undefined
  return userPrincipal(db, userId, membershipId)
}

export function refuseUnauthenticated(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRequest(request)) {
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send({ errors: [{ path: '', message: 'Sign in or give a valid API key' }] })
  }
  if (request.session?.userId) return reply.redirect(paths.chooseMembership(), 303)
  return reply.redirect(paths.signIn(request.method === 'GET' ? request.url : undefined), 303)
}

export function refuseForbidden(request: FastifyRequest, reply: FastifyReply, message: string) {
  if (isApiRequest(request)) return reply.code(403).send({ errors: [{ path: '', message }] })
  return reply.code(403).render('web/views/error.njk', {
    pageTitle: 'You do not have permission to see this page',
    paragraphs: [message, 'If you think you need access, ask your MAPPA co-ordinator.'],
  })
}

/**
 * Enforces every route's declared access (default deny), CSRF on browser writes, and writes
 * the route's audit event after its handler.
 */
async function accessHooks(app: FastifyInstance, { db }: { db: Database }) {
  app.decorateRequest('principal', undefined)
  app.decorateRequest('audited', undefined)
  app.decorateRequest('refused', false)

  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config.access
    request.principal = await resolvePrincipal(db, request)
    if (request.principal?.kind === 'user') {
      const { membership } = request.principal
      request.layout = {
        user: {
          displayName: request.principal.displayName,
          agencyName: membership.agencyName,
          areaNames: areaNames(membership.areaCodes),
          hasOtherMemberships: request.principal.membershipCount > 1,
        },
        navigation: navigationFor(request.principal, request.url),
      }
    }
    if (request.is404) return
    if (access === undefined) {
      request.refused = true
      return refuseForbidden(request, reply, 'This page is not available.')
    }
    if (access !== 'public') {
      if (!request.principal) {
        request.refused = true
        return refuseUnauthenticated(request, reply)
      }
      if (access !== 'signed_in' && !request.principal.permissions.has(access)) {
        request.refused = true
        return refuseForbidden(request, reply, 'Your role does not allow this.')
      }
    }
    // Bearer keys cannot be sent by a browser on its own; everything else needs a CSRF token.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && request.principal?.kind !== 'api_key') {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())),
      )
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit
    if (!audit || reply.statusCode >= 500) return payload
    await recordAudit(db, {
      event: audit.event,
      outcome: request.refused ? 'denied' : outcomeOf(reply.statusCode),
      ...actorIds(request.principal),
      recordType: audit.recordType ?? null,
      recordId: request.audited?.recordId ?? (request.params as { id?: string } | undefined)?.id ?? null,
      reasonId: request.audited?.reasonId ?? null,
      ip: request.ip,
    })
    return payload
  })
}

function navigationFor(principal: Principal, url: string) {
  const items = [{ href: paths.home(), text: 'Home' }]
  if (principal.permissions.has('person:list')) {
    items.push(
      { href: paths.search(), text: 'Search' },
      { href: paths.people.list(), text: 'People' },
      { href: paths.cases.mine(), text: 'My cases' },
      { href: paths.cases.workQueue(), text: 'Work queue' },
    )
  }
  if (principal.permissions.has('meeting:view'))
    items.push(
      { href: paths.meetings.list(), text: 'Meetings' },
      { href: paths.actions.list(), text: 'Actions' },
    )
  if (principal.permissions.has('referral:create') || principal.permissions.has('referral:screen'))
    items.push({ href: paths.referrals.list(), text: 'Referrals' })
  if (principal.permissions.has('victim:manage'))
    items.push({ href: paths.victimAlerts(), text: 'Victim alerts' })
  if (mayWorkApplications(principal).allowed)
    items.push({ href: paths.applications.list(), text: 'Applications' })
  if (principal.permissions.has('quality:view')) items.push({ href: paths.quality(), text: 'Quality' })
  if (principal.permissions.has('user:manage')) items.push({ href: paths.admin.users(), text: 'Users' })
  if (principal.permissions.has('agency:manage'))
    items.push({ href: paths.admin.agencies(), text: 'Agencies' })
  const path = url.split('?')[0] ?? ''
  return items.map((item) => ({
    ...item,
    active: item.href === '/' ? path === '/' : path.startsWith(item.href),
  }))
}

export default fp(accessHooks, { name: 'access-hooks', dependencies: ['@fastify/csrf-protection'] })
