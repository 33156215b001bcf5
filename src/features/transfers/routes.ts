import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { AREAS, areaByCode, isAreaCode } from '../../domain/areas.js'
import { refuseForbidden } from '../../security/access-hooks.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personFor } from '../people/service.js'
import {
  type FieldProblem,
  type FormValues,
  formErrors,
  formValues,
  zodProblems,
} from '../registrations/form.js'
import { notFoundJson, personForRequest } from '../people/record-access.js'
import * as service from './service.js'

const reason = (message: string) =>
  z.string({ error: message }).trim().min(1, message).max(2000, 'The reason must be 2000 characters or fewer')

/** Asking another area to take a case: the form and `POST /api/v1/transfers` (with `personId`). */
const requestInput = z.object({
  toArea: z
    .string({ error: 'Select the receiving area' })
    .refine(isAreaCode, 'Select the receiving area from the list'),
  reason: reason('Enter why the case should move'),
})
const apiRequestInput = requestInput.extend({ personId: z.uuid('Give the id of the person') })
const decisionInput = z.object({
  decision: z.enum(['accept', 'decline'], { error: 'Select whether to accept or decline the transfer' }),
  reason: reason('Enter the reason for the decision'),
})
const transferParams = z.object({ id: z.uuid() })
const areaName = (code: string) => areaByCode(code)?.name ?? code

function transferView(row: NonNullable<Awaited<ReturnType<typeof service.transferById>>>) {
  return {
    ...row.transfer,
    person: row.person,
    fromName: areaName(row.transfer.fromAreaCode),
    toName: areaName(row.transfer.toAreaCode),
    requestedByName: row.requestedByName,
    decidedByName: row.decidedByName,
    href: paths.transfer(row.transfer.id),
  }
}

/** Transfers between areas in the browser: the request, the receiving area's queue and decision. */
export async function transfersRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const requestPage = (
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    data: { values: FormValues } & Record<string, unknown>,
  ) =>
    reply.code(status).render('features/transfers/views/request.njk', {
      pageTitle: 'Ask another area to take this case',
      sectionTitle: 'MAPPA registration',
      backLink: paths.people.registration(person.id),
      person,
      recordNav: recordNavigation(person.id, 'registration'),
      action: paths.people.transfer(person.id),
      fromName: areaName(person.areaCode),
      areas: [
        { value: '', text: 'Select the receiving area' },
        ...AREAS.filter((a) => a.code !== person.areaCode).map((a) => ({
          value: a.code,
          text: a.name,
          selected: a.code === data.values.toArea,
        })),
      ],
      ...data,
    })

  app.get('/people/:id/transfer', { config: { access: 'registration:manage' } }, async (request, reply) => {
    const person = await personForRequest(db, request, reply, 'registration:manage')
    if (!person) return reply
    if (!service.ownsCase(request.principal!, person))
      return refuseForbidden(
        request,
        reply,
        'Only the area that holds the case can ask for it to be transferred.',
      )
    return requestPage(reply, 200, person, { values: {} })
  })

  app.post(
    '/people/:id/transfer',
    {
      config: { access: 'registration:manage', audit: { event: 'TRANSFER_REQUESTED', recordType: 'person' } },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const values = formValues(request.body)
      const parsed = requestInput.safeParse(values)
      const result = parsed.success
        ? await service.requestTransfer(db, request.principal!, person, parsed.data)
        : ({ kind: 'invalid', problems: zodProblems(parsed.error) } as const)
      if (result.kind === 'requested')
        return reply.redirect(`${paths.people.registration(person.id)}?done=transfer`, 303)
      const problems: FieldProblem[] =
        result.kind === 'invalid' ? result.problems : [{ path: 'toArea', message: result.message }]
      return requestPage(reply, result.kind === 'conflict' ? 409 : 400, person, {
        values,
        ...formErrors(problems, 'toArea'),
      })
    },
  )

  app.get(
    paths.transfers(),
    { config: { access: 'transfer:decide', audit: { event: 'TRANSFERS_LISTED', recordType: 'transfer' } } },
    async (request, reply) => {
      const rows = await service.transfersForPrincipal(db, request.principal!)
      const views = rows.map((r) => ({ ...transferView(r), mayDecide: r.mayDecide }))
      return reply.render('features/transfers/views/list.njk', {
        pageTitle: 'Transfers between areas',
        backLink: paths.home(),
        pending: views.filter((t) => t.status === 'pending' && t.mayDecide),
        others: views.filter((t) => !(t.status === 'pending' && t.mayDecide)),
      })
    },
  )

  const decisionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    data: { values: FormValues } & Record<string, unknown>,
  ) => {
    const params = transferParams.safeParse(request.params)
    const found = params.success
      ? await service.transferFor(db, request.principal!, params.data.id)
      : undefined
    if (!found || found.kind === 'not_found') return reply.callNotFound()
    if (found.kind === 'denied')
      return refuseForbidden(request, reply, 'This transfer is not into or out of an area you work in.')
    const transfer = transferView(found.transfer)
    return reply.code(status).render('features/transfers/views/decide.njk', {
      pageTitle: `Transfer of ${transfer.person.givenName} ${transfer.person.familyName}`,
      backLink: paths.transfers(),
      transfer,
      mayDecide: transfer.status === 'pending' && service.mayDecide(request.principal!, transfer),
      action: paths.transfer(transfer.id),
      ...data,
    })
  }

  app.get(
    '/transfers/:id',
    { config: { access: 'transfer:decide', audit: { event: 'TRANSFER_VIEWED', recordType: 'transfer' } } },
    (request, reply) => decisionPage(request, reply, 200, { values: {} }),
  )

  app.post(
    '/transfers/:id',
    { config: { access: 'transfer:decide', audit: { event: 'TRANSFER_DECIDED', recordType: 'transfer' } } },
    async (request, reply) => {
      const params = transferParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const values = formValues(request.body)
      const parsed = decisionInput.safeParse(values)
      if (!parsed.success)
        return decisionPage(request, reply, 400, {
          values,
          ...formErrors(zodProblems(parsed.error), 'decision'),
        })
      const result = await service.decideTransfer(db, request.principal!, params.data.id, parsed.data)
      switch (result.kind) {
        case 'not_found':
          return reply.callNotFound()
        case 'denied':
          return refuseForbidden(request, reply, result.message)
        case 'conflict':
          return decisionPage(request, reply, 409, {
            values,
            ...formErrors([{ path: 'decision', message: result.message }], 'decision'),
          })
        case 'decided':
          return reply.redirect(`${paths.transfer(params.data.id)}?decided=${result.status}`, 303)
      }
    },
  )
}

const createdDoc = { description: 'Created', type: 'object', additionalProperties: true }
const errorsDoc = {
  type: 'object',
  properties: {
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
}
const noTransfer = { errors: [{ path: 'id', message: 'No transfer with that id' }] }

/** Transfers for partner systems (contract: /api/v1/transfers). */
export async function transfersApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Transfers']

  app.get(
    paths.api.transfers(),
    {
      config: { access: 'transfer:decide', audit: { event: 'TRANSFERS_LISTED', recordType: 'transfer' } },
      schema: { tags, summary: 'Transfers into or out of the caller’s areas, pending first' },
    },
    async (request) => ({
      items: (await service.transfersForPrincipal(db, request.principal!)).map((r) => ({
        ...service.transferJson(r),
        mayDecide: r.mayDecide && r.transfer.status === 'pending',
      })),
    }),
  )

  app.post(
    paths.api.transfers(),
    {
      config: { access: 'registration:manage', audit: { event: 'TRANSFER_REQUESTED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Ask another area to take a case (from the area that holds it)',
        description:
          'Nothing moves until a MAPPA co-ordinator of the receiving area accepts. On acceptance the sending area loses area access. 409 if a transfer is already pending or the caller’s area does not hold the case.',
        body: z.toJSONSchema(apiRequestInput, { io: 'input', unrepresentable: 'any' }),
        response: { 201: createdDoc, 400: errorsDoc, 403: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const parsed = apiRequestInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const access = await personFor(db, request.principal!, parsed.data.personId, 'registration:manage')
      if (access.kind === 'not_found') return reply.code(404).send(notFoundJson)
      if (access.kind === 'denied')
        return reply.code(403).send({ errors: [{ path: '', message: access.decision.message }] })
      request.audited = { recordId: access.person.id }
      const result = await service.requestTransfer(db, request.principal!, access.person, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'conflict')
        return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
      const row = await service.transferById(db, result.id)
      return reply
        .code(201)
        .header('location', paths.api.transfer(result.id))
        .send(service.transferJson(row!))
    },
  )

  app.get(
    '/api/v1/transfers/:id',
    {
      config: { access: 'transfer:decide', audit: { event: 'TRANSFER_VIEWED', recordType: 'transfer' } },
      schema: { tags, summary: 'One transfer', params: z.toJSONSchema(transferParams) },
    },
    async (request, reply) => {
      const params = transferParams.safeParse(request.params)
      const found = params.success
        ? await service.transferFor(db, request.principal!, params.data.id)
        : undefined
      if (!found || found.kind === 'not_found') return reply.code(404).send(noTransfer)
      if (found.kind === 'denied')
        return reply.code(403).send({
          errors: [{ path: '', message: 'This transfer is not into or out of an area you work in' }],
        })
      return service.transferJson(found.transfer)
    },
  )

  app.post(
    '/api/v1/transfers/:id',
    {
      config: { access: 'transfer:decide', audit: { event: 'TRANSFER_DECIDED', recordType: 'transfer' } },
      schema: {
        tags,
        summary: 'Accept or decline a transfer into the caller’s area, with the reason',
        description:
          'Only a MAPPA co-ordinator of the receiving area decides. Accepting moves the case (its record, history, convictions, facts and audit trail stay with it); declining changes nothing else.',
        params: z.toJSONSchema(transferParams),
        body: z.toJSONSchema(decisionInput, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const params = transferParams.safeParse(request.params)
      if (!params.success) return reply.code(404).send(noTransfer)
      const parsed = decisionInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.decideTransfer(db, request.principal!, params.data.id, parsed.data)
      switch (result.kind) {
        case 'not_found':
          return reply.code(404).send(noTransfer)
        case 'denied':
          return reply.code(403).send({ errors: [{ path: '', message: result.message }] })
        case 'conflict':
          return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
        case 'decided':
          return service.transferJson((await service.transferById(db, params.data.id))!)
      }
    },
  )
}
