import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySession from '@fastify/session'
import fastifyUnderPressure from '@fastify/under-pressure'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Config } from './config.js'
import type { DatabaseHandle } from './db/connection.js'
import { apiDocs, openApi } from './features/api-docs/routes.js'
import { adminRoutes } from './features/admin/routes.js'
import { meetingPackRoutes } from './features/meetings/pack-routes.js'
import { meetingsApiRoutes, meetingsRoutes } from './features/meetings/routes.js'
import { referralsApiRoutes, referralsRoutes } from './features/referrals/routes.js'
import { convictionsApiRoutes, convictionsRoutes } from './features/convictions/routes.js'
import { caseloadApiRoutes, caseloadRoutes } from './features/caseload/routes.js'
import { notificationsApiRoutes, notificationsRoutes } from './features/notifications/routes.js'
import { healthRoutes } from './features/health/routes.js'
import { homeRoutes } from './features/home/routes.js'
import { peopleApiRoutes, peopleRoutes } from './features/people/routes.js'
import { registrationsApiRoutes, registrationsRoutes } from './features/registrations/routes.js'
import { transfersApiRoutes, transfersRoutes } from './features/transfers/routes.js'
import { mergesApiRoutes, mergesRoutes } from './features/merges/routes.js'
import { sharingApiRoutes, sharingRoutes } from './features/sharing/routes.js'
import { searchApiRoutes, searchRoutes } from './features/search/routes.js'
import { recordApiRoutes, recordRoutes } from './features/record/routes.js'
import { riskApiRoutes, riskRoutes } from './features/risk/routes.js'
import { conditionsApiRoutes, conditionsRoutes } from './features/conditions/routes.js'
import { zonesApiRoutes, zonesRoutes } from './features/zones/routes.js'
import { plansApiRoutes, plansRoutes } from './features/plans/routes.js'
import { visitsApiRoutes, visitsRoutes } from './features/visits/routes.js'
import { disclosuresApiRoutes, disclosuresRoutes } from './features/disclosures/routes.js'
import { publicFormsRoutes } from './features/public-forms/routes.js'
import { applicationsApiRoutes, applicationsRoutes } from './features/applications/routes.js'
import { minutesApiRoutes, minutesRoutes } from './features/minutes/routes.js'
import { actionsApiRoutes, actionsRoutes } from './features/actions/routes.js'
import { qualityApiRoutes, qualityRoutes } from './features/quality/routes.js'
import { victimsApiRoutes } from './features/victims/api.js'
import { victimsRoutes } from './features/victims/routes.js'
import { significantEventsRoutes } from './features/significant-events/routes.js'
import { subjectAccessRoutes } from './features/subject-access/routes.js'
import accessHooks from './security/access-hooks.js'
import { oidcRoutes } from './security/oidc-routes.js'
import { postgresRateLimitStore } from './security/rate-limit-store.js'
import { signInRoutes } from './security/routes.js'
import { sessionSecret } from './security/session-secret.js'
import { sealerFor } from './security/sealing.js'
import { PostgresSessionStore } from './security/session-store.js'
import { registerErrorHandlers } from './web/errors.js'
import views, { assets } from './web/views.js'

export interface AppDeps {
  config: Config
  database: DatabaseHandle
}

export const SESSION_COOKIE = 'ppcm_session'

/** Registers every plugin explicitly and in order; nothing is discovered by convention. */
export async function buildApp({ config, database }: AppDeps): Promise<FastifyInstance> {
  const { db } = database
  const sealer = await sealerFor(config)
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Personal data never reaches the logs: no bodies, no cookies, no credentials.
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.body',
      ],
      // Query strings can carry names (searches), so only the path is logged.
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: request.url.split('?')[0],
          remoteAddress: request.ip,
        }),
      },
    },
    trustProxy: config.trustProxy,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    bodyLimit: 1_048_576,
    routerOptions: { ignoreTrailingSlash: true },
  })

  // Zod validates every body in the handler; route schemas exist only to document the API.
  app.setValidatorCompiler(() => (data) => ({ value: data }))
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Map tiles, when a tile source is configured, come from its host.
        imgSrc: [
          "'self'",
          'data:',
          ...(config.map.tileUrl ? [new URL(config.map.tileUrl.replace(/\{\w\}/g, '0')).origin] : []),
        ],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  })
  await app.register(fastifyUnderPressure, { maxEventLoopDelay: 2_000, exposeStatusRoute: false })
  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    secret: await sessionSecret(db, config.sessionSecret),
    cookieName: SESSION_COOKIE,
    store: new PostgresSessionStore(db, config.sessionIdleMinutes * 60_000),
    saveUninitialized: false,
    rolling: true,
    cookie: {
      secure: config.cookieSecure ?? 'auto',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: config.sessionIdleMinutes * 60_000,
    },
  })
  await app.register(fastifyFormbody)
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' })
  await app.register(fastifyRateLimit, { global: false, store: postgresRateLimitStore(db) })
  await app.register(openApi)
  await app.register(views)
  await app.register(assets)
  await app.register(apiDocs)
  await app.register(accessHooks, { db })
  registerErrorHandlers(app)

  await app.register(healthRoutes, { database })
  await app.register(signInRoutes, { db, config })
  await app.register(oidcRoutes, { db, config })
  await app.register(homeRoutes, { db })
  await app.register(peopleRoutes, { db, config })
  await app.register(peopleApiRoutes, { db })
  await app.register(searchRoutes, { db })
  await app.register(searchApiRoutes, { db })
  await app.register(recordRoutes, { db, zoneWarningMetres: config.zoneWarningMetres })
  await app.register(recordApiRoutes, { db })
  await app.register(riskRoutes, { db })
  await app.register(riskApiRoutes, { db })
  await app.register(plansRoutes, { db })
  await app.register(plansApiRoutes, { db })
  await app.register(convictionsRoutes, { db })
  await app.register(convictionsApiRoutes, { db })
  await app.register(notificationsRoutes, { db })
  await app.register(notificationsApiRoutes, { db })
  await app.register(caseloadRoutes, { db })
  await app.register(caseloadApiRoutes, { db })
  await app.register(registrationsRoutes, { db })
  await app.register(registrationsApiRoutes, { db })
  await app.register(transfersRoutes, { db })
  await app.register(transfersApiRoutes, { db })
  await app.register(mergesRoutes, { db })
  await app.register(mergesApiRoutes, { db })
  await app.register(sharingRoutes, { db })
  await app.register(sharingApiRoutes, { db })
  await app.register(visitsRoutes, { db })
  await app.register(visitsApiRoutes, { db })
  await app.register(conditionsRoutes, { db })
  await app.register(conditionsApiRoutes, { db })
  await app.register(zonesRoutes, { db, mapTileUrl: config.map.tileUrl })
  await app.register(zonesApiRoutes, { db })
  await app.register(meetingPackRoutes, { db })
  await app.register(disclosuresRoutes, { db })
  await app.register(disclosuresApiRoutes, { db })
  await app.register(publicFormsRoutes, { db, sealer, rateLimitPerHour: config.publicFormRateLimit })
  await app.register(applicationsRoutes, { db, sealer })
  await app.register(applicationsApiRoutes, { db, sealer })
  await app.register(minutesRoutes, { db })
  await app.register(minutesApiRoutes, { db })
  await app.register(actionsRoutes, { db })
  await app.register(actionsApiRoutes, { db })
  await app.register(qualityRoutes, { db })
  await app.register(qualityApiRoutes, { db })
  await app.register(victimsRoutes, { db, sealer })
  await app.register(victimsApiRoutes, { db, sealer })
  await app.register(significantEventsRoutes, { db, sealer })
  await app.register(subjectAccessRoutes, { db })
  await app.register(referralsRoutes, { db })
  await app.register(referralsApiRoutes, { db })
  await app.register(meetingsRoutes, { db })
  await app.register(meetingsApiRoutes, { db })
  await app.register(adminRoutes, { db })
  return app
}
