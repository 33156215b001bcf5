import type { FastifyInstance } from 'fastify'
import { type DatabaseHandle, isReachable } from '../../db/connection.js'
import { paths } from '../../web/paths.js'

/** Contract: 200 {status:'UP', database} or 503 {status:'DOWN', database} when it is unreachable. */
export async function healthRoutes(app: FastifyInstance, { database }: { database: DatabaseHandle }) {
  app.get(
    paths.health(),
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      const up = await isReachable(database.db)
      return reply.code(up ? 200 : 503).send({ status: up ? 'UP' : 'DOWN', database: database.kind })
    },
  )
}
