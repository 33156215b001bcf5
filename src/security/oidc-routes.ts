import type {} from '@fastify/session'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { Database } from '../db/connection.js'
import { paths } from '../web/paths.js'
import { findUserByOidcSubject } from './accounts.js'
import { type AuditOutcome, recordAudit } from './audit.js'
import { completeSignIn } from './complete-sign-in.js'
import { describeOidcError, type OidcAttempt, oidcClient } from './oidc.js'

declare module 'fastify' {
  interface Session {
    /** Between leaving for the organisation's identity provider and coming back. */
    oidcAttempt?: OidcAttempt
  }
}

const signInLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } }

/**
 * Sign-in with the organisation's identity provider (OpenID Connect). Only users an
 * administrator has linked to a subject may sign in; the provider gives the second factor.
 * Without OIDC configured, neither route exists.
 */
export async function oidcRoutes(app: FastifyInstance, { db, config }: { db: Database; config: Config }) {
  if (!config.oidc) return
  const redirectUri = `${config.baseUrl.replace(/\/+$/, '')}${paths.signInOidcCallback()}`
  const oidc = oidcClient(config.oidc, redirectUri)

  const audit = (request: FastifyRequest, outcome: AuditOutcome, userId: string | null = null) =>
    recordAudit(db, { event: 'SIGN_IN_FAILED', outcome, actorUserId: userId, ip: request.ip })

  const notCompleted = (reply: FastifyReply, status = 400) =>
    reply.code(status).render('web/views/error.njk', {
      pageTitle: 'Sign-in did not complete',
      paragraphs: ['Sign-in did not complete. Try again.'],
    })

  app.get(paths.signInOidc(), { config: { access: 'public', ...signInLimit } }, async (request, reply) => {
    let started: Awaited<ReturnType<typeof oidc.begin>>
    try {
      started = await oidc.begin()
    } catch (error) {
      request.log.error({ oidcError: describeOidcError(error) }, 'OIDC discovery failed')
      return notCompleted(reply, 503)
    }
    request.session.oidcAttempt = started.attempt
    return reply.redirect(started.url.href, 303)
  })

  app.get(
    paths.signInOidcCallback(),
    { config: { access: 'public', ...signInLimit } },
    async (request, reply) => {
      const attempt = request.session.oidcAttempt
      // One attempt, one return: a replayed callback finds nothing to check against.
      request.session.oidcAttempt = undefined
      if (!attempt) {
        request.log.warn('OIDC callback without a sign-in attempt in the session')
        await audit(request, 'invalid')
        return notCompleted(reply)
      }
      const callbackUrl = new URL(redirectUri)
      callbackUrl.search = new URL(request.url, 'http://callback.invalid').search

      let subject: string
      try {
        subject = await oidc.complete(callbackUrl, attempt)
      } catch (error) {
        request.log.warn({ oidcError: describeOidcError(error) }, 'OIDC sign-in did not complete')
        await audit(request, 'invalid')
        return notCompleted(reply)
      }

      const user = await findUserByOidcSubject(db, subject)
      if (!user || user.disabledAt) {
        await audit(request, 'denied', user?.id ?? null)
        return reply.code(403).render('web/views/error.njk', {
          pageTitle: 'You cannot sign in to this service',
          paragraphs: ['Your organisation account is not linked to this service. Ask your administrator.'],
        })
      }
      return completeSignIn({ db, config }, request, reply, user.id)
    },
  )
}
