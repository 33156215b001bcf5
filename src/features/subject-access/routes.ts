import type { FastifyInstance } from 'fastify'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { personForRequest } from '../people/record-access.js'
import { subjectAccessExport } from './service.js'

/**
 * A subject access request export: the person's own data as a JSON download. MAPPA records are
 * processed for law enforcement purposes, so the right of access is DPA 2018 s.45, which allows
 * withholding what would reveal others (s.45(4)(e)): victims and third parties are left out.
 * MAPPA co-ordinators make it (`person:subject_access`) for a record they may open; audited.
 */
export async function subjectAccessRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/subject-access',
    {
      config: {
        access: 'person:subject_access',
        audit: { event: 'SUBJECT_ACCESS_EXPORTED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const today = londonDateOf(new Date().toISOString())
      const data = await subjectAccessExport(db, person, today)
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="subject-access-${person.id}-${today}.json"`)
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2))
    },
  )
}
