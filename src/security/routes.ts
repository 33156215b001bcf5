import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Config } from '../config.js'
import type { Database } from '../db/connection.js'
import { paths, safeReturnPath } from '../web/paths.js'
import { areaNames, findUserById, membershipsOf } from './accounts.js'
import { recordAudit } from './audit.js'
import { completeSignIn as completeSignInFor } from './complete-sign-in.js'
import { checkCode, checkPassword, type LockoutPolicy } from './sign-in.js'
import { newTotpSecret, totpEnrolment } from './totp.js'
import { ROLE_LABELS } from './roles.js'

const credentials = z.object({
  username: z.string().trim().min(1, 'Enter your username').max(200),
  password: z.string().min(1, 'Enter your password').max(1000),
})
const codeForm = z.object({
  code: z.string().trim().min(1, 'Enter the 6-digit code from your authenticator app'),
})
const membershipForm = z.object({ membershipId: z.uuid('Select the organisation you are working for') })

const INVALID = 'Enter a correct username and password'
const LOCKED = 'There have been too many attempts to sign in. Wait and try again later.'

const signInLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } }

/** Sign-in with a password and a second factor, organisation choice and sign-out. */
export async function signInRoutes(app: FastifyInstance, { db, config }: { db: Database; config: Config }) {
  const policy: LockoutPolicy = {
    maxFailures: config.signInMaxFailures,
    lockoutMinutes: config.signInLockoutMinutes,
  }
  const audit = (
    request: FastifyRequest,
    event: string,
    userId: string | null,
    outcome: 'success' | 'denied',
  ) => recordAudit(db, { event, outcome, actorUserId: userId, ip: request.ip })

  const renderSignIn = (reply: FastifyReply, status: number, data: Record<string, unknown> = {}) =>
    reply.code(status).render('security/views/sign-in.njk', {
      pageTitle: 'Sign in',
      oidcLabel: config.oidc?.label,
      ...data,
    })

  const completeSignIn = (request: FastifyRequest, reply: FastifyReply, userId: string) =>
    completeSignInFor({ db, config }, request, reply, userId)

  app.get('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const { returnTo } = request.query as { returnTo?: string }
    if (returnTo) request.session.returnTo = safeReturnPath(returnTo)
    return renderSignIn(reply, 200)
  })

  app.post('/sign-in', { config: { access: 'public', ...signInLimit } }, async (request, reply) => {
    const parsed = credentials.safeParse(request.body)
    const username = (request.body as { username?: unknown } | undefined)?.username
    if (!parsed.success) {
      const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]))
      return renderSignIn(reply, 400, {
        username,
        errors,
        errorList: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
      })
    }
    const result = await checkPassword(db, policy, parsed.data.username, parsed.data.password)
    if (!('user' in result)) {
      await audit(request, result.outcome === 'locked' ? 'SIGN_IN_LOCKED' : 'SIGN_IN_FAILED', null, 'denied')
      const text = result.outcome === 'locked' ? LOCKED : INVALID
      return renderSignIn(reply, result.outcome === 'locked' ? 429 : 401, {
        username: parsed.data.username,
        errors: { username: text, password: ' ' },
        errorList: [{ text, href: '#username' }],
      })
    }
    if (result.outcome === 'signed_in') return completeSignIn(request, reply, result.user.id)
    request.session.pendingUserId = result.user.id
    if (result.outcome === 'needs_code_setup') {
      request.session.pendingTotpSecret = newTotpSecret()
      return reply.redirect(paths.signInSetUpCode(), 303)
    }
    return reply.redirect(paths.signInCode(), 303)
  })

  async function renderCode(request: FastifyRequest, reply: FastifyReply, status: number, error?: string) {
    const { pendingUserId, pendingTotpSecret } = request.session
    if (!pendingUserId) return reply.redirect(paths.signIn(), 303)
    const user = await findUserById(db, pendingUserId)
    if (!user) return reply.redirect(paths.signIn(), 303)
    const enrolment = pendingTotpSecret ? await totpEnrolment(pendingTotpSecret, user.username) : undefined
    return reply.code(status).render('security/views/code.njk', {
      pageTitle: enrolment ? 'Set up your authenticator app' : 'Enter your security code',
      enrolment,
      errors: error ? { code: error } : undefined,
      errorList: error ? [{ text: error, href: '#code' }] : undefined,
    })
  }

  const showCode = (request: FastifyRequest, reply: FastifyReply) => renderCode(request, reply, 200)
  app.get('/sign-in/code', { config: { access: 'public' } }, showCode)
  app.get('/sign-in/set-up-code', { config: { access: 'public' } }, showCode)

  const submitCode = async (request: FastifyRequest, reply: FastifyReply) => {
    const { pendingUserId, pendingTotpSecret } = request.session
    if (!pendingUserId) return reply.redirect(paths.signIn(), 303)
    const parsed = codeForm.safeParse(request.body)
    if (!parsed.success) return renderCode(request, reply, 400, parsed.error.issues[0]!.message)
    const result = await checkCode(db, policy, pendingUserId, parsed.data.code, pendingTotpSecret)
    if (result.outcome !== 'signed_in') {
      await audit(request, 'SIGN_IN_CODE_FAILED', pendingUserId, 'denied')
      const message =
        result.outcome === 'locked'
          ? LOCKED
          : 'The security code is not correct – check your app and try again'
      return renderCode(request, reply, result.outcome === 'locked' ? 429 : 401, message)
    }
    return completeSignIn(request, reply, result.user.id)
  }
  app.post('/sign-in/code', { config: { access: 'public', ...signInLimit } }, submitCode)
  app.post('/sign-in/set-up-code', { config: { access: 'public', ...signInLimit } }, submitCode)

  async function renderMemberships(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    error?: string,
  ) {
    const memberships = await membershipsOf(db, request.session.userId!)
    return reply.code(status).render('security/views/choose-membership.njk', {
      pageTitle: 'Which organisation are you working for?',
      items: memberships.map((m) => ({
        value: m.id,
        text: `${m.agencyName} – ${areaNames(m.areaCodes)}`,
        hint: { text: m.roles.map((r) => ROLE_LABELS[r]).join(', ') },
        checked: m.id === request.session.membershipId,
      })),
      errors: error ? { membershipId: error } : undefined,
      errorList: error ? [{ text: error, href: '#membershipId' }] : undefined,
    })
  }

  // Signed in but not yet acting for an organisation, so these check the session themselves.
  app.get(paths.chooseMembership(), { config: { access: 'public' } }, (request, reply) =>
    request.session.userId ? renderMemberships(request, reply, 200) : reply.redirect(paths.signIn(), 303),
  )

  app.post(paths.chooseMembership(), { config: { access: 'public' } }, async (request, reply) => {
    const userId = request.session.userId
    if (!userId) return reply.redirect(paths.signIn(), 303)
    const parsed = membershipForm.safeParse(request.body)
    const memberships = await membershipsOf(db, userId)
    const chosen = parsed.success && memberships.find((m) => m.id === parsed.data.membershipId)
    if (!chosen) return renderMemberships(request, reply, 400, 'Select the organisation you are working for')
    request.session.membershipId = chosen.id
    await recordAudit(db, {
      event: 'MEMBERSHIP_CHOSEN',
      outcome: 'success',
      actorUserId: userId,
      membershipId: chosen.id,
      ip: request.ip,
    })
    const returnTo = request.session.returnTo
    request.session.returnTo = undefined
    return reply.redirect(safeReturnPath(returnTo), 303)
  })

  app.post(
    paths.signOut(),
    { config: { access: 'public', audit: { event: 'SIGNED_OUT' } } },
    async (request, reply) => {
      await request.session.destroy()
      return reply.redirect(paths.signIn(), 303)
    },
  )
}
