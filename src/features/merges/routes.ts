import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { IDENTIFIER_FIELDS, identifierValidators } from '../../domain/identifiers.js'
import { areaNames } from '../../security/accounts.js'
import { refuseForbidden } from '../../security/access-hooks.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { type FormValues, formErrors, formValues, zodProblems } from '../registrations/form.js'
import { personForRequest } from '../people/record-access.js'
import * as service from './service.js'

const reason = (message: string) =>
  z.string({ error: message }).trim().min(1, message).max(2000, 'The reason must be 2000 characters or fewer')

/** The merge as partners send it; the form names the other record and which one is kept. */
const mergeInput = z.object({
  keptId: z.uuid('Give the id of the record to keep'),
  mergedId: z.uuid('Give the id of the record to merge into it'),
  reason: reason('Enter why these records are the same person'),
})
const mergeForm = z.object({
  otherRecord: z
    .string({ error: 'Enter the other record’s reference' })
    .trim()
    .min(1, 'Enter the other record’s reference'),
  keep: z.enum(['this', 'other'], { error: 'Select the record to keep' }),
  reason: reason('Enter why these records are the same person'),
})
const unmergeInput = z.object({ reason: reason('Enter why the merge was wrong') })
const mergeParams = z.object({ id: z.uuid() })
const undoParams = z.object({ id: z.uuid(), mergeId: z.uuid() })

/** A record side by side with the other: names, date of birth, area and every identifier. */
function comparison(person: PersonRecord) {
  return {
    id: person.id,
    rows: [
      {
        key: { text: 'Name' },
        value: { text: `${person.givenName} ${person.middleNames ?? ''} ${person.familyName}` },
      },
      { key: { text: 'Date of birth' }, value: { text: person.dateOfBirth } },
      { key: { text: 'Area' }, value: { text: areaNames([person.areaCode]) } },
      ...IDENTIFIER_FIELDS.map((f) => ({
        key: { text: identifierValidators[f].label },
        value: { text: person[f] ?? 'Not recorded' },
      })),
    ],
  }
}

/** Merging duplicate records and undoing a wrong merge, in the browser. */
export async function mergesRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    data: { values: FormValues } & Record<string, unknown>,
  ) => {
    const otherId = service.recordIdFrom(data.values.otherRecord)
    let other: ReturnType<typeof comparison> | undefined
    let errors = (data.errors as Record<string, string> | undefined) ?? undefined
    let errorList = (data.errorList as { text: string; href: string }[] | undefined) ?? undefined
    if (data.values.otherRecord !== undefined && !errors) {
      const found = otherId
        ? await service.mergeCandidates(db, request.principal!, person.id, otherId)
        : { problems: [{ path: 'otherRecord', message: 'Enter the other record’s id or web address' }] }
      if ('problems' in found) {
        ;({ errors, errorList } = formErrors(
          found.problems.map((p) => ({ ...p, path: 'otherRecord' })),
          'otherRecord',
        ))
        status = status === 200 ? 400 : status
      } else other = comparison(found.merged)
    } else if (otherId && otherId !== person.id) {
      const found = await service.mergeCandidates(db, request.principal!, person.id, otherId)
      if (!('problems' in found)) other = comparison(found.merged)
    }
    const merges = await service.mergesFor(db, person.id)
    return reply.code(status).render('features/merges/views/merge.njk', {
      pageTitle: `Merge records: ${person.givenName} ${person.familyName}`,
      sectionTitle: 'Merge records',
      backLink: paths.people.registration(person.id),
      person,
      recordNav: recordNavigation(person.id, 'registration'),
      action: paths.people.merge(person.id),
      self: comparison(person),
      other,
      merges: merges.map((m) => ({
        ...m,
        undoAction: paths.people.unmerge(person.id, m.id),
      })),
      ...data,
      errors,
      errorList,
    })
  }

  app.get(
    '/people/:id/merge',
    { config: { access: 'person:merge', audit: { event: 'MERGE_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:merge')
      if (!person) return reply
      return page(request, reply, 200, person, { values: formValues(request.query) })
    },
  )

  app.post(
    '/people/:id/merge',
    { config: { access: 'person:merge', audit: { event: 'PERSON_MERGED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:merge')
      if (!person) return reply
      const values = formValues(request.body)
      const parsed = mergeForm.safeParse(values)
      if (!parsed.success)
        return page(request, reply, 400, person, {
          values,
          ...formErrors(zodProblems(parsed.error), 'otherRecord'),
        })
      const otherId = service.recordIdFrom(parsed.data.otherRecord)
      if (!otherId)
        return page(request, reply, 400, person, {
          values,
          ...formErrors(
            [{ path: 'otherRecord', message: 'Enter the other record’s id or web address' }],
            'otherRecord',
          ),
        })
      const [keptId, mergedId] = parsed.data.keep === 'this' ? [person.id, otherId] : [otherId, person.id]
      const result = await service.merge(db, request.principal!, {
        keptId,
        mergedId,
        reason: parsed.data.reason,
      })
      if (result.kind === 'invalid')
        return page(request, reply, 400, person, {
          values,
          ...formErrors(
            result.problems.map((p) => ({ ...p, path: 'otherRecord' })),
            'otherRecord',
          ),
        })
      request.audited = { recordId: result.mergedId }
      return reply.redirect(`${paths.people.merge(result.keptId)}?merged=1`, 303)
    },
  )

  app.post(
    '/people/:id/merge/:mergeId/undo',
    { config: { access: 'person:merge', audit: { event: 'PERSON_UNMERGED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:merge')
      if (!person) return reply
      const params = undoParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const values = formValues(request.body)
      const parsed = unmergeInput.safeParse(values)
      const undoField = `reason-${params.data.mergeId}`
      if (!parsed.success)
        return page(request, reply, 400, person, {
          values: { [undoField]: values.reason },
          ...formErrors(
            zodProblems(parsed.error).map((p) => ({ ...p, path: undoField })),
            undoField,
          ),
        })
      const result = await service.unmerge(db, request.principal!, params.data.mergeId, parsed.data.reason)
      switch (result.kind) {
        case 'not_found':
          return reply.callNotFound()
        case 'denied':
          return refuseForbidden(request, reply, result.message)
        case 'conflict':
          return page(request, reply, 409, person, {
            values: {},
            ...formErrors([{ path: undoField, message: result.message }], undoField),
          })
        case 'unmerged':
          request.audited = { recordId: result.mergedId }
          return reply.redirect(`${paths.people.merge(person.id)}?unmerged=1`, 303)
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
const noMerge = { errors: [{ path: 'id', message: 'No merge with that id' }] }

/** Merges for partner systems (contract: /api/v1/merges). */
export async function mergesApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Merges']

  app.post(
    paths.api.merges(),
    {
      config: { access: 'person:merge', audit: { event: 'PERSON_MERGED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Merge two records found to be the same person',
        description:
          'Both records must be open to the caller. Nothing is moved or deleted: the merged record points at the kept one, whose pages and API then show the facts and history of both. Undo with `POST /api/v1/merges/{id}/unmerge`.',
        body: z.toJSONSchema(mergeInput, { io: 'input' }),
        response: { 201: createdDoc, 400: errorsDoc },
      },
    },
    async (request, reply) => {
      const parsed = mergeInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.merge(db, request.principal!, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      request.audited = { recordId: result.mergedId }
      const merge = await service.mergeById(db, result.id)
      return reply.code(201).header('location', paths.api.merge(result.id)).send(service.mergeJson(merge!))
    },
  )

  app.get(
    '/api/v1/merges/:id',
    {
      config: { access: 'person:merge', audit: { event: 'MERGE_VIEWED', recordType: 'person_merge' } },
      schema: {
        tags,
        summary: 'One merge, with who merged and why, and any undoing',
        params: z.toJSONSchema(mergeParams),
      },
    },
    async (request, reply) => {
      const params = mergeParams.safeParse(request.params)
      const merge = params.success ? await service.mergeById(db, params.data.id) : undefined
      return merge ? service.mergeJson(merge) : reply.code(404).send(noMerge)
    },
  )

  app.post(
    '/api/v1/merges/:id/unmerge',
    {
      config: { access: 'person:merge', audit: { event: 'PERSON_UNMERGED', recordType: 'person_merge' } },
      schema: {
        tags,
        summary: 'Undo a wrong merge, with the reason',
        params: z.toJSONSchema(mergeParams),
        body: z.toJSONSchema(unmergeInput, { io: 'input' }),
        response: { 400: errorsDoc, 403: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const params = mergeParams.safeParse(request.params)
      if (!params.success) return reply.code(404).send(noMerge)
      const parsed = unmergeInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.unmerge(db, request.principal!, params.data.id, parsed.data.reason)
      switch (result.kind) {
        case 'not_found':
          return reply.code(404).send(noMerge)
        case 'denied':
          return reply.code(403).send({ errors: [{ path: '', message: result.message }] })
        case 'conflict':
          return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
        case 'unmerged':
          return service.mergeJson((await service.mergeById(db, params.data.id))!)
      }
    },
  )
}
