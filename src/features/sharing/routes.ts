import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { areaNames } from '../../security/accounts.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { dateFromParts } from '../../web/date-input.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import {
  type FieldProblem,
  type FormValues,
  formErrors,
  formValues,
  zodProblems,
} from '../registrations/form.js'
import { personForRequest } from '../people/record-access.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const shareParams = z.object({ id: z.uuid(), shareId: z.uuid() })

/** Sharing a case with duty-to-co-operate agencies, in the browser. */
export async function sharingRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const page = async (
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    data: { values: FormValues } & Record<string, unknown>,
  ) => {
    const [shares, agencies] = await Promise.all([
      service.sharesFor(db, person.id),
      service.agencyOptions(db),
    ])
    return reply.code(status).render('features/sharing/views/sharing.njk', {
      pageTitle: `Sharing with agencies: ${person.givenName} ${person.familyName}`,
      sectionTitle: 'Sharing with agencies',
      backLink: paths.people.show(person.id),
      person,
      recordNav: recordNavigation(person.id, 'sharing'),
      action: paths.people.sharing(person.id),
      current: shares
        .filter((s) => s.status === 'current')
        .map((s) => ({ ...s, revokeAction: paths.people.revokeShare(person.id, s.id) })),
      past: shares.filter((s) => s.status !== 'current'),
      scopes: service.SCOPES,
      agencies: [
        { value: '', text: 'Select the agency' },
        ...agencies.map((a) => ({
          value: a.code,
          text: `${a.name} (${areaNames([a.areaCode])})`,
          selected: a.code === data.values.agency,
        })),
      ],
      lawfulBases: Object.entries(service.LAWFUL_BASES).map(([value, text]) => ({
        value,
        text,
        checked: value === data.values.lawfulBasis,
      })),
      scopeItems: Object.entries(service.SCOPES).map(([value, text]) => ({
        value,
        text,
        checked: value === data.values.scope,
      })),
      ...data,
    })
  }

  app.get(
    '/people/:id/sharing',
    { config: { access: 'person:share', audit: { event: 'SHARES_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:share')
      if (!person) return reply
      const done = (request.query as { done?: string }).done
      return page(reply, 200, person, { values: { lawfulBasis: 'cja2003_s325_3', scope: 'summary' }, done })
    },
  )

  app.post(
    '/people/:id/sharing',
    { config: { access: 'person:share', audit: { event: 'PERSON_SHARED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:share')
      if (!person) return reply
      const values = formValues(request.body)
      const expires = dateFromParts(values, 'expiresOn', 'The date sharing ends')
      const parsed = service.shareInput(today()).safeParse({ ...values, expiresOn: expires.value })
      const problems: FieldProblem[] = expires.error ? [{ path: 'expiresOn', message: expires.error }] : []
      if (!parsed.success)
        problems.push(...zodProblems(parsed.error).filter((p) => !(expires.error && p.path === 'expiresOn')))
      const result =
        parsed.success && !problems.length
          ? await service.share(db, request.principal!, person, parsed.data)
          : ({ kind: 'invalid', problems } as const)
      if (result.kind === 'shared')
        return reply.redirect(`${paths.people.sharing(person.id)}?done=shared`, 303)
      return page(reply, 400, person, { values, ...formErrors(result.problems, 'agency') })
    },
  )

  app.post(
    '/people/:id/sharing/:shareId/revoke',
    { config: { access: 'person:share', audit: { event: 'PERSON_SHARE_REVOKED', recordType: 'person' } } },
    async (request: FastifyRequest, reply) => {
      const person = await personForRequest(db, request, reply, 'person:share')
      if (!person) return reply
      const params = shareParams.safeParse(request.params)
      const result = params.success
        ? await service.revoke(db, request.principal!, person, params.data.shareId)
        : ({ kind: 'not_found' } as const)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'conflict')
        return page(reply, 409, person, {
          values: {},
          ...formErrors([{ path: 'agency', message: result.message }], 'agency'),
        })
      return reply.redirect(`${paths.people.sharing(person.id)}?done=revoked`, 303)
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
const idParamsDoc = () => z.toJSONSchema(z.object({ id: z.uuid() }))
const noShare = { errors: [{ path: 'shareId', message: 'No share with that id' }] }

/** Sharing for partner systems (contract: /api/v1/people/{id}/shares). */
export async function sharingApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Sharing']

  app.get(
    '/api/v1/people/:id/shares',
    {
      config: { access: 'person:share', audit: { event: 'SHARES_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Current and past shares of a case with duty-to-co-operate agencies',
        params: idParamsDoc(),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:share')
      if (!person) return reply
      return { items: (await service.sharesFor(db, person.id)).map(service.shareJson) }
    },
  )

  app.post(
    '/api/v1/people/:id/shares',
    {
      config: { access: 'person:share', audit: { event: 'PERSON_SHARED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Share a case with a duty-to-co-operate agency (CJA 2003 s.325(3))',
        description:
          '`agency` is the agency’s code; `lawfulBasis` one of the listed bases with `lawfulBasisDetail` saying why sharing is necessary and proportionate; `scope` summary or full; the share ends at the end of `expiresOn` (London time). The agency then sees the case until it expires or is revoked.',
        params: idParamsDoc(),
        body: z.toJSONSchema(service.shareInput('2000-01-01'), { io: 'input', unrepresentable: 'any' }),
        response: { 201: createdDoc, 400: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:share')
      if (!person) return reply
      const parsed = service.shareInput(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.share(db, request.principal!, person, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      const created = (await service.sharesFor(db, person.id)).find((s) => s.id === result.id)!
      return reply
        .code(201)
        .header('location', paths.api.share(person.id, result.id))
        .send(service.shareJson(created))
    },
  )

  app.post(
    '/api/v1/people/:id/shares/:shareId/revoke',
    {
      config: { access: 'person:share', audit: { event: 'PERSON_SHARE_REVOKED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Revoke a share now: the agency loses access at once; the share stays in the list',
        params: z.toJSONSchema(shareParams),
        response: { 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:share')
      if (!person) return reply
      const params = shareParams.safeParse(request.params)
      const result = params.success
        ? await service.revoke(db, request.principal!, person, params.data.shareId)
        : ({ kind: 'not_found' } as const)
      if (result.kind === 'not_found') return reply.code(404).send(noShare)
      if (result.kind === 'conflict')
        return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
      const revoked = (await service.sharesFor(db, person.id)).find((s) => s.id === params.data!.shareId)!
      return service.shareJson(revoked)
    },
  )
}
