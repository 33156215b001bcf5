import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { paths } from '../../web/paths.js'
import { meetingCaseForRequest } from './access.js'
import { buildPack } from './pack.js'
import {
  CONFIDENTIALITY,
  chairLine,
  changesLine,
  meetingLine,
  packPdf,
  packTitle,
  recordRows,
  roshRows,
} from './pack-document.js'
import { invitationOf } from './pack-queries.js'
import { packResponse } from './pack-schema.js'

const viewed = { event: 'MEETING_PACK_VIEWED', recordType: 'person' }
const downloaded = { event: 'MEETING_PACK_DOWNLOADED', recordType: 'person' }

const caseParams = z.object({ id: z.uuid(), caseId: z.uuid() })
const errorsDoc = z.toJSONSchema(
  z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
)

const summaryRows = (rows: [string, string][]) =>
  rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } }))

/** The pack a request may see (the meeting case's access rules), built from the record. */
async function packForRequest(db: Database, request: FastifyRequest, reply: FastifyReply) {
  const access = await meetingCaseForRequest(db, request, reply, 'meeting:view')
  return access && { access, pack: await buildPack(db, access) }
}

/**
 * The meeting pack of one case on a meeting's agenda: a page, a PDF and the API. Invited
 * agencies see it for as long as their invitation lasts, and it opens nothing else of the record.
 */
export async function meetingPackRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/meetings/:id/cases/:caseId/pack',
    { config: { access: 'meeting:view', audit: viewed } },
    async (request, reply) => {
      const found = await packForRequest(db, request, reply)
      if (!found) return reply
      const { access, pack } = found
      const invitation =
        access.basis === 'invitation'
          ? await invitationOf(db, access.meeting.id, request.principal!.membership.agencyId)
          : undefined
      return reply.render('features/meetings/views/pack.njk', {
        pageTitle: packTitle(pack),
        backLink: paths.meetings.show(access.meeting.id),
        pack,
        meetingLine: meetingLine(pack),
        chairLine: chairLine(pack),
        changesLine: changesLine(pack),
        confidentiality: CONFIDENTIALITY,
        recordRows: summaryRows(recordRows(pack)),
        roshRows: pack.risk.overall && summaryRows(roshRows(pack)),
        protecting: pack.conditions.filter((c) => c.protectsVictims),
        invitation,
        pdfHref: paths.meetings.packPdf(access.meeting.id, access.meetingCase.id),
      })
    },
  )

  app.get(
    '/meetings/:id/cases/:caseId/pack.pdf',
    { config: { access: 'meeting:view', audit: downloaded } },
    async (request, reply) => {
      const found = await packForRequest(db, request, reply)
      if (!found) return reply
      const { pack } = found
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="meeting-pack-${pack.meeting.heldOn}-case-${pack.case.position}.pdf"`,
        )
        .header('cache-control', 'private, no-store')
        .send(await packPdf(pack))
    },
  )

  app.get(
    '/api/v1/meetings/:id/cases/:caseId/pack',
    {
      config: { access: 'meeting:view', audit: viewed },
      schema: {
        tags: ['Meetings'],
        summary: 'The meeting pack of one case on the agenda, built from the record',
        description:
          'The record summary, risk summary, current risk management plan, conditions in force, open actions and what has changed since the last meeting about the person. Invited agencies may read it until their invitation ends (then 403). It never holds victims’ details or zones’ coordinates.',
        params: z.toJSONSchema(caseParams),
        response: { 200: z.toJSONSchema(packResponse), 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await packForRequest(db, request, reply)
      if (!found) return reply
      return found.pack
    },
  )
}
