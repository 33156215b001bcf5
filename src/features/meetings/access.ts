import { and, eq } from 'drizzle-orm'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { meetingCases, meetingInvitations, meetings } from '../../db/schema.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import { decideMeetingAccess } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { Permission } from '../../security/roles.js'
import { personFor } from '../people/service.js'

export type MeetingRow = typeof meetings.$inferSelect
export type MeetingCaseRow = typeof meetingCases.$inferSelect

export type MeetingAccess =
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }
  | { kind: 'ok'; meeting: MeetingRow; basis: 'area' | 'invitation' }

/**
 * When the principal's agency's invitation to a meeting ends (or ended: a revoked invitation
 * ended when it was revoked), or null when the agency was never invited.
 */
async function invitedUntil(db: Database, meetingId: string, agencyId: string): Promise<Date | null> {
  const [row] = await db
    .select({ accessUntil: meetingInvitations.accessUntil, revokedAt: meetingInvitations.revokedAt })
    .from(meetingInvitations)
    .where(and(eq(meetingInvitations.meetingId, meetingId), eq(meetingInvitations.agencyId, agencyId)))
  if (!row) return null
  return row.revokedAt && row.revokedAt < row.accessUntil ? row.revokedAt : row.accessUntil
}

/** May the principal use `permission` on this meeting (policy.ts `decideMeetingAccess`)? */
export async function meetingFor(
  db: Database,
  principal: Principal,
  meetingId: string,
  permission: Permission,
  now = new Date(),
): Promise<MeetingAccess> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId))
  if (!meeting) return { kind: 'not_found' }
  const decision = decideMeetingAccess(
    principal,
    permission,
    {
      areaCode: meeting.areaCode,
      invitedUntil: await invitedUntil(db, meeting.id, principal.membership.agencyId),
    },
    now,
  )
  return decision.allowed
    ? { kind: 'ok', meeting, basis: decision.basis }
    : { kind: 'denied', message: decision.message }
}

export type MeetingCaseAccess =
  | { kind: 'not_found' }
  | { kind: 'denied'; message: string }
  | { kind: 'ok'; meeting: MeetingRow; meetingCase: MeetingCaseRow; basis: 'area' | 'invitation' }

/**
 * A case on a meeting's agenda. Staff of the meeting's area still need access to the record
 * itself (a restricted record stays restricted); an invited agency sees the case's pack only.
 */
export async function meetingCaseFor(
  db: Database,
  principal: Principal,
  meetingId: string,
  caseId: string,
  permission: Permission,
  now = new Date(),
): Promise<MeetingCaseAccess> {
  const access = await meetingFor(db, principal, meetingId, permission, now)
  if (access.kind !== 'ok') return access
  const [meetingCase] = await db
    .select()
    .from(meetingCases)
    .where(and(eq(meetingCases.id, caseId), eq(meetingCases.meetingId, meetingId)))
  if (!meetingCase) return { kind: 'not_found' }
  if (access.basis === 'area') {
    const person = await personFor(db, principal, meetingCase.personId, 'person:view', { followMerge: false })
    if (person.kind === 'denied') return { kind: 'denied', message: person.decision.message }
  }
  return { ...access, meetingCase }
}

const meetingParams = z.object({ id: z.uuid() })
const caseParams = z.object({ id: z.uuid(), caseId: z.uuid() })
const notFoundJson = { errors: [{ path: 'id', message: 'No meeting with that id' }] }

async function answerRefusal(
  request: FastifyRequest,
  reply: FastifyReply,
  access: { kind: 'not_found' } | { kind: 'denied'; message: string },
) {
  if (access.kind === 'not_found')
    await (isApiRequest(request) ? reply.code(404).send(notFoundJson) : reply.callNotFound())
  else await refuseForbidden(request, reply, access.message)
  return undefined
}

/** The meeting a request is about, or the 404/403 it gets; marks the request audited. */
export async function meetingForRequest(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
) {
  const params = meetingParams.safeParse(request.params)
  const access = params.success
    ? await meetingFor(db, request.principal!, params.data.id, permission)
    : ({ kind: 'not_found' } as const)
  if (access.kind !== 'ok') return answerRefusal(request, reply, access)
  request.audited = { recordId: access.meeting.id }
  return access
}

/** The meeting case a request is about (params `id`, `caseId`); audited against the person. */
export async function meetingCaseForRequest(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
) {
  const params = caseParams.safeParse(request.params)
  const access = params.success
    ? await meetingCaseFor(db, request.principal!, params.data.id, params.data.caseId, permission)
    : ({ kind: 'not_found' } as const)
  if (access.kind !== 'ok') return answerRefusal(request, reply, access)
  request.audited = { recordId: access.meetingCase.personId }
  return access
}
