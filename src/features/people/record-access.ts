import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import type { Permission } from '../../security/roles.js'
import { paths } from '../../web/paths.js'
import { personFor } from './service.js'

const idParams = z.object({ id: z.uuid() })
export const notFoundJson = { errors: [{ path: 'id', message: 'No person with that id' }] }

/**
 * The person a registration, transfer, merge or sharing request is about, or the answer the
 * record itself would give: 404 for an unknown id; for a restricted or other-area record, the
 * record page (which asks for a reason) on a browser GET, else 403. Marks the request audited.
 */
export async function personForRequest(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
  options: { followMerge?: boolean } = {},
) {
  const api = isApiRequest(request)
  const params = idParams.safeParse(request.params)
  const access = params.success
    ? await personFor(db, request.principal!, params.data.id, permission, options)
    : ({ kind: 'not_found' } as const)
  if (access.kind === 'not_found') {
    await (api ? reply.code(404).send(notFoundJson) : reply.callNotFound())
    return undefined
  }
  if (access.kind === 'denied') {
    if (!api && access.mayStateReason && request.method === 'GET')
      await reply.redirect(paths.people.show(access.personId), 303)
    else await refuseForbidden(request, reply, access.decision.message)
    return undefined
  }
  request.audited = { recordId: access.person.id }
  return access.person
}
