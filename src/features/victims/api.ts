import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { refuseForbidden } from '../../security/access-hooks.js'
import type { Sealer } from '../../security/sealing.js'
import { staleErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { personForRequest } from '../people/record-access.js'
import {
  ERRORS_DOC,
  decisionBody,
  grantBody,
  requestBody,
  schemeChoiceBody,
  victimBody,
  victimChange,
  viewBody,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const victimParams = idParams.extend({ victimId: z.uuid() })
const requestParams = victimParams.extend({ requestId: z.uuid() })
const errorsDoc = z.toJSONSchema(ERRORS_DOC)
const noVictim = { errors: [{ path: 'victimId', message: 'No victim with that id' }] }
const noRequest = { errors: [{ path: 'requestId', message: 'No request with that id' }] }

const COMPARTMENT =
  'Victims are a restricted compartment. Victim liaison officers of the person’s area and the case’s named managers get `access: "full"` with identity, contact details and preferences; every other caller who may read the person gets `access: "redacted"`: only the kind, whether the record has ended and the Victim Contact Scheme status, with `protectingConditions` (the conditions made from victims’ requests, as worded in the licence or order).'

const protectingJson = (c: Awaited<ReturnType<typeof service.protectingConditions>>[number]) => ({
  id: c.id,
  kind: c.kind,
  source: c.source,
  wording: c.wording,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  status: c.status,
})

/** Victims for partner systems (contract: /api/v1/people/{id}/victims), under the same compartment. */
export async function victimsApiRoutes(
  app: FastifyInstance,
  { db, sealer }: { db: Database; sealer: Sealer },
) {
  const tags = ['Victims']

  const context = async (request: FastifyRequest, reply: FastifyReply, need: 'read' | 'full' | 'manage') => {
    const person = await personForRequest(db, request, reply, 'person:view')
    if (!person) return undefined
    const access = await service.victimAccessFor(db, request.principal!, person)
    if ((need === 'full' && access.level !== 'full') || (need === 'manage' && !access.mayManage)) {
      await refuseForbidden(
        request,
        reply,
        access.level === 'redacted'
          ? access.message
          : 'Only victim liaison officers of the area record victims.',
      )
      return undefined
    }
    return { person, access }
  }

  const victimOf = async (request: FastifyRequest, reply: FastifyReply, personId: string) => {
    const params = victimParams.safeParse(request.params)
    const victim = params.success
      ? await service.findVictim(db, sealer, personId, params.data.victimId)
      : undefined
    if (!victim) {
      await reply.code(404).send(noVictim)
      return undefined
    }
    request.audited = { recordId: victim.id }
    return victim
  }

  /** The caller's context and the victim named in the path (404 when there is none). */
  const victimContext = async (
    request: FastifyRequest,
    reply: FastifyReply,
    need: 'read' | 'full' | 'manage',
  ) => {
    const found = await context(request, reply, need)
    if (!found) return undefined
    const victim = await victimOf(request, reply, found.person.id)
    return victim ? { ...found, victim } : undefined
  }

  /** As `victimContext` for a manager, with the victim's request named in the path. */
  const requestContext = async (request: FastifyRequest, reply: FastifyReply) => {
    const found = await victimContext(request, reply, 'manage')
    if (!found) return undefined
    const params = requestParams.safeParse(request.params)
    if (!params.success) {
      await reply.code(404).send(noRequest)
      return undefined
    }
    return { ...found, requestId: params.data.requestId }
  }

  const fullJson = async (person: { id: string; dateOfBirth: string }, victim: service.Victim) =>
    service.victimJson(victim, await service.eligibilityOf(db, person, victim.convictionId))

  const victimWritten = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: { id: string; dateOfBirth: string },
    result: service.WriteResult,
    status: number,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(noVictim)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'stale':
        return reply.code(409).send(staleErrors('The victim’s record', result.current.version))
      case 'written': {
        request.audited = { recordId: result.id }
        const victim = (await service.findVictim(db, sealer, person.id, result.id))!
        return reply
          .code(status)
          .header('location', paths.api.victim(person.id, result.id))
          .send(await fullJson(person, victim))
      }
    }
  }

  app.get(
    '/api/v1/people/:id/victims',
    {
      config: { access: 'person:view', audit: { event: 'VICTIMS_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'A person’s victims and other people at risk',
        description: COMPARTMENT,
        params: z.toJSONSchema(idParams),
        response: { 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await context(request, reply, 'read')
      if (!found) return reply
      const { person, access } = found
      const protecting = (await service.protectingConditions(db, person.id, today())).map(protectingJson)
      if (access.level === 'redacted') {
        const redacted = await service.redactedVictimsOf(db, person.id)
        return {
          access: 'redacted',
          count: redacted.length,
          items: redacted.map(service.redactedJson),
          protectingConditions: protecting,
        }
      }
      const victims = await service.victimsOf(db, sealer, person.id)
      return {
        access: 'full',
        count: victims.length,
        items: await Promise.all(victims.map((v) => fullJson(person, v))),
        protectingConditions: protecting,
      }
    },
  )

  app.post(
    '/api/v1/people/:id/victims',
    {
      config: { access: 'victim:manage', audit: { event: 'VICTIM_ADDED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'Record a victim or other person at risk (victim liaison officers of the area)',
        description:
          'Identity, contact details and preferences are sealed (encrypted). Without `sentencedOn`, the linked conviction’s sentence date starts the Victim Contact Scheme referral clock.',
        params: z.toJSONSchema(idParams),
        body: z.toJSONSchema(victimBody, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await context(request, reply, 'manage')
      if (!found) return reply
      const result = await service.createVictim(
        db,
        sealer,
        request.principal!,
        found.person,
        request.body ?? {},
        today(),
      )
      return victimWritten(request, reply, found.person, result, 201)
    },
  )

  app.get(
    '/api/v1/people/:id/victims/:victimId',
    {
      config: { access: 'person:view', audit: { event: 'VICTIM_VIEWED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'One victim (full, or redacted for callers outside the compartment)',
        description: COMPARTMENT,
        params: z.toJSONSchema(victimParams),
        response: { 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await context(request, reply, 'read')
      if (!found) return reply
      const { person, access } = found
      if (access.level === 'redacted') {
        const params = victimParams.safeParse(request.params)
        const victim = (await service.redactedVictimsOf(db, person.id)).find(
          (v) => v.id === params.data?.victimId,
        )
        if (!victim) return reply.code(404).send(noVictim)
        request.audited = { recordId: victim.id }
        return service.redactedJson(victim)
      }
      const victim = await victimOf(request, reply, person.id)
      if (!victim) return reply
      return fullJson(person, victim)
    },
  )

  app.patch(
    '/api/v1/people/:id/victims/:victimId',
    {
      config: { access: 'victim:manage', audit: { event: 'VICTIM_CHANGED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'Change a victim’s details, VLO, referral and contact dates, or end the record',
        description:
          'Send the `version` you read: if the record has changed since, the answer is 409. `referredOn` and `contactedOn` meet the scheme’s clocks; `endedOn` ends the record.',
        params: z.toJSONSchema(victimParams),
        body: z.toJSONSchema(victimChange, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { victim } = found
      const result = await service.changeVictim(
        db,
        sealer,
        request.principal!,
        found.person,
        victim.id,
        request.body ?? {},
        today(),
      )
      return victimWritten(request, reply, found.person, result, 200)
    },
  )

  app.post(
    '/api/v1/people/:id/victims/:victimId/scheme-choices',
    {
      config: {
        access: 'victim:manage',
        audit: { event: 'VICTIM_SCHEME_CHOICE_RECORDED', recordType: 'victim' },
      },
      schema: {
        tags,
        summary: 'Record the victim opting in or out of the Victim Contact Scheme',
        description: 'Victims may opt in or out at any time; every choice is kept and the latest counts.',
        params: z.toJSONSchema(victimParams),
        body: z.toJSONSchema(schemeChoiceBody, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { victim } = found
      const result = await service.recordSchemeChoice(
        db,
        request.principal!,
        found.person,
        victim.id,
        request.body ?? {},
        today(),
      )
      return victimWritten(request, reply, found.person, result, 201)
    },
  )

  app.get(
    '/api/v1/people/:id/victims/:victimId/views',
    {
      config: { access: 'person:view', audit: { event: 'VICTIM_VIEWS_VIEWED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'The victim’s views as the VLO took them (compartment only)',
        params: z.toJSONSchema(victimParams),
        response: { 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'full')
      if (!found) return reply
      const { victim } = found
      return {
        items: (await service.viewsOf(db, sealer, victim.id)).map((v) => ({
          id: v.id,
          recordedOn: v.recordedOn,
          concerns: v.concerns,
          recordedAt: v.recordedAt.toISOString(),
        })),
      }
    },
  )

  app.post(
    '/api/v1/people/:id/victims/:victimId/views',
    {
      config: { access: 'victim:manage', audit: { event: 'VICTIM_VIEWS_RECORDED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'Record the victim’s views and concerns (sealed)',
        params: z.toJSONSchema(victimParams),
        body: z.toJSONSchema(viewBody, { io: 'input' }),
        response: {
          201: z.toJSONSchema(z.object({ id: z.string() })),
          400: errorsDoc,
          403: errorsDoc,
          404: errorsDoc,
        },
      },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { victim } = found
      const result = await service.addView(
        db,
        sealer,
        request.principal!,
        found.person.id,
        victim.id,
        request.body ?? {},
        today(),
      )
      if (result.kind !== 'written') return victimWritten(request, reply, found.person, result, 201)
      return reply.code(201).send({ id: result.id })
    },
  )

  const requestWritten = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ids: { personId: string; victimId: string },
    result: service.RequestWriteResult,
    status: number,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(noRequest)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'pinpoint':
        return reply.code(400).send({
          errors: result.warnings.map((w) => ({ path: 'acceptPinpointRisk', message: w.text })),
        })
      case 'stale':
        return reply.code(409).send(staleErrors('The request', result.current.version))
      case 'written': {
        request.audited = { recordId: result.id }
        const record = (await service.findRequest(db, sealer, ids.personId, ids.victimId, result.id))!
        return reply.code(status).send(service.requestJson(record))
      }
    }
  }

  app.get(
    '/api/v1/people/:id/victims/:victimId/requests',
    {
      config: { access: 'person:view', audit: { event: 'VICTIM_REQUESTS_VIEWED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'The conditions the victim asked for, with the places they concern (compartment only)',
        description:
          'Whether each request was granted, without the victim or the place, is in the risk management plan for everyone who may read the person.',
        params: z.toJSONSchema(victimParams),
        response: { 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'full')
      if (!found) return reply
      const { victim } = found
      return {
        items: (await service.requestsOf(db, sealer, found.person.id, victim.id)).map(service.requestJson),
      }
    },
  )

  app.post(
    '/api/v1/people/:id/victims/:victimId/requests',
    {
      config: { access: 'victim:manage', audit: { event: 'VICTIM_REQUEST_RECORDED', recordType: 'victim' } },
      schema: {
        tags,
        summary: 'Record a condition the victim asks for',
        description:
          '`wording` is the condition as the licence would give it (seen by all who see conditions once granted); `place` and `location` are sealed.',
        params: z.toJSONSchema(victimParams),
        body: z.toJSONSchema(requestBody, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { victim } = found
      const result = await service.addRequest(
        db,
        sealer,
        request.principal!,
        found.person.id,
        victim.id,
        request.body ?? {},
        today(),
      )
      if (result.kind !== 'written') return victimWritten(request, reply, found.person, result, 201)
      return requestWritten(request, reply, { personId: found.person.id, victimId: victim.id }, result, 201)
    },
  )

  app.post(
    '/api/v1/people/:id/victims/:victimId/requests/:requestId/grant',
    {
      config: {
        access: 'victim:manage',
        audit: { event: 'VICTIM_REQUEST_GRANTED', recordType: 'victim_request' },
      },
      schema: {
        tags,
        summary: 'Add the request as the person’s condition (and exclusion zone), and mark it granted',
        description:
          'For an exclusion zone give `zone` (a name and a circle). A zone that would pinpoint a place the victim uses is refused (400, path `acceptPinpointRisk`) until sent again with `acceptPinpointRisk: true`.',
        params: z.toJSONSchema(requestParams),
        body: z.toJSONSchema(grantBody, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await requestContext(request, reply)
      if (!found) return reply
      const { victim, requestId } = found
      const result = await service.grantRequest(
        db,
        sealer,
        request.principal!,
        victim,
        requestId,
        request.body ?? {},
        today(),
      )
      return requestWritten(request, reply, { personId: found.person.id, victimId: victim.id }, result, 200)
    },
  )

  app.post(
    '/api/v1/people/:id/victims/:victimId/requests/:requestId/decision',
    {
      config: {
        access: 'victim:manage',
        audit: { event: 'VICTIM_REQUEST_DECIDED', recordType: 'victim_request' },
      },
      schema: {
        tags,
        summary: 'Record that a request was granted, partly granted or refused, and why',
        params: z.toJSONSchema(requestParams),
        body: z.toJSONSchema(decisionBody, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const found = await requestContext(request, reply)
      if (!found) return reply
      const { victim, requestId } = found
      const result = await service.decideRequest(
        db,
        sealer,
        request.principal!,
        found.person,
        victim.id,
        requestId,
        request.body ?? {},
        today(),
      )
      return requestWritten(request, reply, { personId: found.person.id, victimId: victim.id }, result, 200)
    },
  )
}
