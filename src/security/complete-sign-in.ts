import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import type { Database } from '../db/connection.js'
import { paths, safeReturnPath } from '../web/paths.js'
import { membershipsOf } from './accounts.js'
import { recordAudit } from './audit.js'
import { markSignedIn } from './sign-in.js'

/**
 * Starts a fresh session (no fixation) for a user who has passed every step, then acts for
 * their only organisation or asks which one. Shared by password and OIDC sign-in.
 */
export async function completeSignIn(
  { db, config }: { db: Database; config: Config },
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
) {
  const returnTo = request.session.returnTo
  const memberships = await membershipsOf(db, userId)
  if (memberships.length === 0) {
    await recordAudit(db, {
      event: 'SIGN_IN_NO_MEMBERSHIP',
      outcome: 'denied',
      actorUserId: userId,
      ip: request.ip,
    })
    return reply.code(403).render('security/views/sign-in.njk', {
      pageTitle: 'Sign in',
      oidcLabel: config.oidc?.label,
      errorList: [
        { text: 'Your account has no organisation yet. Ask your administrator.', href: '#username' },
      ],
    })
  }
  await request.session.regenerate()
  request.session.userId = userId
  request.session.returnTo = returnTo
  await markSignedIn(db, userId)
  await recordAudit(db, { event: 'SIGNED_IN', outcome: 'success', actorUserId: userId, ip: request.ip })
  if (memberships.length === 1) {
    request.session.membershipId = memberships[0]!.id
    return reply.redirect(safeReturnPath(returnTo), 303)
  }
  return reply.redirect(paths.chooseMembership(), 303)
}
