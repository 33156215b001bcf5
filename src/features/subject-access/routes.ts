import type { FastifyInstance } from 'fastify'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { personForRequest } from '../people/record-access.js'
import { subjectAccessExport } from './service.js'

/**
 * A subject access request export (UK GDPR Art.15): the person's own data as a JSON download.
 * MAPPA co-ordinators make it — `person:restrict`, the permission that governs who may see a
 * record, is theirs alone — for a record they may open; every export is audited.
 */
export async function subjectAccessRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/subject-access',
    {
      config: {
        access: 'person:restrict',
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
