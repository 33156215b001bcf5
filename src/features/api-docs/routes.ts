import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Collects the OpenAPI document from the routes' schemas; only tagged (API) routes appear. */
export const openApi = fp(async (app: FastifyInstance) => {
  await app.register(fastifySwagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MAPPA case management API',
        version: '1',
        description:
          'JSON API for partner systems. Authenticate with `Authorization: Bearer <key>`. ' +
          'Dates are YYYY-MM-DD; errors are `{errors:[{path,message}]}`; 401 no or bad key, ' +
          '403 not permitted, 404 unknown, 409 stale version. Every record is OFFICIAL-SENSITIVE.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
})

/** The documentation UI at /api/docs and the document at /api/docs/json, open to partners. */
export async function apiDocs(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' }
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
}
