import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Config } from '../../config.js'
import { AREAS } from '../../domain/areas.js'
import { IDENTIFIER_FIELDS, identifierValidators } from '../../domain/identifiers.js'
import { ETHNICITIES, GENDER_LABELS, GENDERS, ethnicityLabel } from '../../domain/person-attributes.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { Database } from '../../db/connection.js'
import { areaNames } from '../../security/accounts.js'
import { refuseForbidden } from '../../security/access-hooks.js'
import { mayDo } from '../../security/policy.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import type { Principal } from '../../security/principal.js'
import * as search from '../search/service.js'
import {
  aliasIndexes,
  duplicateCheckKey,
  type FormValues,
  formErrors,
  readPersonForm,
  recordToValues,
} from './form.js'
import { recordNavigation } from './navigation.js'
import { overviewOf } from './overview.js'
import { personJson } from './representation.js'
import { parsePersonPatch, type PersonInput, personInput } from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
const reasonForm = z.object({
  reason: z
    .string({ error: 'Enter why you need to open this record' })
    .trim()
    .min(10, 'Enter why you need to open this record, in at least 10 characters')
    .max(1000, 'Reason must be 1000 characters or fewer'),
})

const personId = (request: FastifyRequest) => idParams.safeParse(request.params)

async function formPage(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  data: { values: FormValues; mode: 'create' | 'edit'; personId?: string } & Record<string, unknown>,
) {
  const principal = request.principal!
  const options = await service.formOptions(db, principal)
  const rows = aliasIndexes(data.values)
  return reply.code(status).render('features/people/views/form.njk', {
    pageTitle: data.mode === 'create' ? 'Add a person' : 'Edit person',
    backLink: data.personId ? paths.people.show(data.personId) : paths.people.list(),
    action: data.personId ? paths.people.edit(data.personId) : paths.people.create(),
    aliasRows: rows.length ? rows : [0],
    areas: AREAS.filter(
      (a) => principal.membership.areaCodes.includes(a.code) || a.code === data.values.area,
    ),
    genders: GENDERS.map((g) => ({ value: g, text: GENDER_LABELS[g] })),
    ethnicities: ETHNICITIES,
    identifiers: IDENTIFIER_FIELDS.map((f) => ({
      field: f,
      label: identifierValidators[f].label,
      example: identifierValidators[f].example,
    })),
    agencies: options.agencies,
    policeManagers: options.managers.filter((m) => m.agencyType === 'police'),
    probationManagers: options.managers.filter((m) => m.agencyType === 'probation'),
    mayRestrict: mayDo(principal, 'person:restrict'),
    ...data,
  })
}

/** Pages for a record the principal may not simply open: restricted, other area, or no access. */
function deniedPage(
  request: FastifyRequest,
  reply: FastifyReply,
  access: Extract<service.Access, { kind: 'denied' }>,
  extra = {},
  status = 403,
) {
  const id = personId(request).data!.id
  if (!access.mayStateReason && access.decision.outcome !== 'restricted') {
    return refuseForbidden(request, reply, access.decision.message)
  }
  return reply.code(status).render('features/people/views/access.njk', {
    pageTitle:
      access.decision.outcome === 'restricted'
        ? 'This record is restricted'
        : 'This record is in another area',
    outcome: access.decision.outcome,
    message: access.decision.message,
    owners: access.owners,
    mayStateReason: access.mayStateReason,
    action: paths.people.access(id),
    ...extra,
  })
}

const notFound = (reply: FastifyReply) => reply.callNotFound()

const CONFIRM_MESSAGE = 'Confirm this is a different person, or open the existing record instead'

/**
 * Before a new record is saved: records that may be the same person, shown with why they
 * matched, until the user confirms that this is a different person.
 */
async function duplicateWarning(db: Database, principal: Principal, values: FormValues, input: PersonInput) {
  const key = duplicateCheckKey(input)
  const checked = values.duplicateCheck === key
  if (checked && values.confirmDifferent === 'true') return undefined
  const duplicates = await search.likelyDuplicates(db, principal, {
    givenName: input.givenName,
    familyName: input.familyName,
    dateOfBirth: input.dateOfBirth,
    identifiers: IDENTIFIER_FIELDS.map((f) => input[f]),
  })
  if (!duplicates.length) return undefined
  const refused = checked
    ? {
        errors: { confirmDifferent: CONFIRM_MESSAGE },
        errorList: [{ text: CONFIRM_MESSAGE, href: '#confirmDifferent' }],
      }
    : {}
  return {
    status: checked ? 400 : 200,
    duplicates: duplicates.map(search.resultView),
    duplicateCheck: key,
    ...refused,
  }
}

/** Person records in the browser: list, add, view, edit, and access on a stated reason. */
export async function peopleRoutes(app: FastifyInstance, { db, config }: { db: Database; config: Config }) {
  app.get(
    paths.people.list(),
    { config: { access: 'person:list', audit: { event: 'PEOPLE_LISTED', recordType: 'person' } } },
    async (request, reply) => {
      const query = listQuery.parse(request.query)
      const { rows, total } = await service.listPeople(db, request.principal!, query)
      const pages = Math.max(1, Math.ceil(total / service.PAGE_SIZE))
      return reply.render('features/people/views/list.njk', {
        pageTitle: 'People',
        q: query.q,
        rows,
        total,
        page: query.page,
        pagination: {
          previous:
            query.page > 1 ? { href: paths.people.list({ q: query.q, page: query.page - 1 }) } : undefined,
          next:
            query.page < pages
              ? { href: paths.people.list({ q: query.q, page: query.page + 1 }) }
              : undefined,
        },
        mayCreate: mayDo(request.principal, 'person:create'),
      })
    },
  )

  app.get(paths.people.create(), { config: { access: 'person:create' } }, (request, reply) =>
    formPage(db, request, reply, 200, {
      mode: 'create',
      values: { area: request.principal!.membership.areaCodes[0] ?? '', gender: 'not_known' },
    }),
  )

  app.post(
    paths.people.create(),
    { config: { access: 'person:create', audit: { event: 'PERSON_CREATED', recordType: 'person' } } },
    async (request, reply) => {
      const values = request.body as FormValues
      const form = readPersonForm(values, today())
      if (form.kind === 'add-alias') {
        return formPage(db, request, reply, 200, { mode: 'create', values: form.values })
      }
      if (form.kind === 'valid') {
        const warning = await duplicateWarning(db, request.principal!, values, form.input)
        if (warning)
          return formPage(db, request, reply, warning.status, { mode: 'create', values, ...warning })
      }
      const result =
        form.kind === 'valid' ? await service.createPerson(db, request.principal!, form.input) : form
      if (result.kind === 'created') {
        request.audited = { recordId: result.id }
        return reply.redirect(paths.people.show(result.id), 303)
      }
      return formPage(db, request, reply, 400, {
        mode: 'create',
        values,
        ...formErrors(result.problems, values),
      })
    },
  )

  app.get(
    '/people/:id',
    { config: { access: 'person:view', audit: { event: 'PERSON_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const params = personId(request)
      if (!params.success) return notFound(reply)
      const access = await service.personFor(db, request.principal!, params.data.id)
      if (access.kind === 'not_found') return notFound(reply)
      if (access.kind === 'denied') return deniedPage(request, reply, access)
      const { person } = access
      const overview = await overviewOf(db, person, today())
      return reply.render('features/people/views/show.njk', {
        pageTitle: `${person.givenName} ${person.familyName}`,
        backLink: paths.people.list(),
        person,
        overview,
        personBadges: overview.badges,
        genderLabel: GENDER_LABELS[person.gender as keyof typeof GENDER_LABELS] ?? person.gender,
        ethnicityLabel: ethnicityLabel(person.ethnicity),
        areaName: areaNames([person.areaCode]),
        identifiers: IDENTIFIER_FIELDS.map((f) => ({
          label: identifierValidators[f].label,
          value: person[f],
        })),
        mayEdit: mayDo(request.principal, 'person:edit'),
        editHref: paths.people.edit(person.id),
        subjectAccessHref: mayDo(request.principal, 'person:subject_access')
          ? paths.people.subjectAccess(person.id)
          : undefined,
        recordNav: recordNavigation(person.id, 'overview'),
        updated: (request.query as { updated?: string }).updated === '1',
      })
    },
  )

  app.post(
    '/people/:id/access',
    {
      config: { access: 'person:view', audit: { event: 'PERSON_ACCESS_WITH_REASON', recordType: 'person' } },
    },
    async (request, reply) => {
      const params = personId(request)
      if (!params.success) return notFound(reply)
      const parsed = reasonForm.safeParse(request.body)
      if (!parsed.success) {
        const access = await service.personFor(db, request.principal!, params.data.id)
        if (access.kind !== 'denied') return reply.redirect(paths.people.show(params.data.id), 303)
        const message = parsed.error.issues[0]!.message
        return deniedPage(
          request,
          reply,
          access,
          {
            reason: (request.body as { reason?: string } | undefined)?.reason,
            errors: { reason: message },
            errorList: [{ text: message, href: '#reason' }],
          },
          400,
        )
      }
      const result = await service.accessWithReason(
        db,
        config,
        request.principal!,
        params.data.id,
        parsed.data.reason,
      )
      if (result.kind === 'not_found') return notFound(reply)
      if (result.kind === 'not_allowed')
        return refuseForbidden(request, reply, 'You cannot open this record.')
      request.audited = { recordId: params.data.id, reasonId: result.reasonId }
      return reply.redirect(paths.people.show(params.data.id), 303)
    },
  )

  app.get('/people/:id/edit', { config: { access: 'person:edit' } }, async (request, reply) => {
    const params = personId(request)
    if (!params.success) return notFound(reply)
    const access = await service.personFor(db, request.principal!, params.data.id, 'person:edit')
    if (access.kind === 'not_found') return notFound(reply)
    if (access.kind === 'denied') return deniedPage(request, reply, access)
    return formPage(db, request, reply, 200, {
      mode: 'edit',
      personId: params.data.id,
      values: recordToValues(access.person),
    })
  })

  app.post(
    '/people/:id/edit',
    { config: { access: 'person:edit', audit: { event: 'PERSON_UPDATED', recordType: 'person' } } },
    async (request, reply) => {
      const params = personId(request)
      if (!params.success) return notFound(reply)
      const id = params.data.id
      const values = request.body as FormValues
      const form = readPersonForm(values, today())
      if (form.kind === 'add-alias') {
        return formPage(db, request, reply, 200, { mode: 'edit', personId: id, values: form.values })
      }
      const result =
        form.kind === 'valid'
          ? await service.updatePerson(db, request.principal!, id, {
              ...form.input,
              version: Number(values.version),
            })
          : form
      switch (result.kind) {
        case 'updated':
          return reply.redirect(`${paths.people.show(id)}?updated=1`, 303)
        case 'not_found':
          return notFound(reply)
        case 'denied':
          return deniedPage(request, reply, result)
        case 'invalid':
          return formPage(db, request, reply, 400, {
            mode: 'edit',
            personId: id,
            values,
            ...formErrors(result.problems, values),
          })
        case 'stale':
          // Nothing is overwritten: the editor sees what changed and keeps what they typed.
          return formPage(db, request, reply, 409, {
            mode: 'edit',
            personId: id,
            values: { ...values, version: String(result.current.version) },
            stale: { current: result.current },
            errorList: [
              {
                text: 'Someone else changed this record while you were editing it. Check their changes below, then save again.',
                href: '#givenName',
              },
            ],
          })
      }
    },
  )
}

const personBodyDoc = () => z.toJSONSchema(personInput('2100-01-01'), { io: 'input', unrepresentable: 'any' })

/** The people resource for partner systems (contract: /api/v1/people). */
export async function peopleApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['People']

  app.get(
    paths.api.people(),
    {
      config: { access: 'person:list', audit: { event: 'PEOPLE_LISTED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'List people the caller may see',
        querystring: z.toJSONSchema(listQuery, { io: 'input' }),
      },
    },
    async (request) => {
      const query = listQuery.parse(request.query)
      const { rows, total } = await service.listPeople(db, request.principal!, query)
      return {
        items: rows.map((r) =>
          r.restricted && !r.named
            ? { id: r.id, restricted: true }
            : {
                id: r.id,
                givenName: r.givenName,
                familyName: r.familyName,
                dateOfBirth: r.dateOfBirth,
                area: r.areaCode,
                pncId: r.pncId,
                crn: r.crn,
                restricted: r.restricted,
              },
        ),
        page: query.page,
        pageSize: service.PAGE_SIZE,
        total,
      }
    },
  )

  app.post(
    paths.api.people(),
    {
      config: { access: 'person:create', audit: { event: 'PERSON_CREATED', recordType: 'person' } },
      schema: { tags, summary: 'Add a person', body: personBodyDoc() },
    },
    async (request, reply) => {
      const parsed = personInput(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.createPerson(db, request.principal!, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      request.audited = { recordId: result.id }
      const access = await service.personFor(db, request.principal!, result.id)
      return reply
        .code(201)
        .header('location', paths.api.person(result.id))
        .send(access.kind === 'ok' ? personJson(access.person) : { id: result.id })
    },
  )

  app.get(
    '/api/v1/people/:id',
    {
      config: { access: 'person:view', audit: { event: 'PERSON_VIEWED', recordType: 'person' } },
      schema: { tags, summary: 'A person’s record', params: z.toJSONSchema(idParams) },
    },
    async (request, reply) => {
      const params = personId(request)
      if (!params.success)
        return reply.code(404).send({ errors: [{ path: 'id', message: 'No person with that id' }] })
      const access = await service.personFor(db, request.principal!, params.data.id)
      if (access.kind === 'not_found')
        return reply.code(404).send({ errors: [{ path: 'id', message: 'No person with that id' }] })
      if (access.kind === 'denied')
        return reply.code(403).send({ errors: [{ path: '', message: access.decision.message }] })
      return personJson(access.person)
    },
  )

  app.patch(
    '/api/v1/people/:id',
    {
      config: { access: 'person:edit', audit: { event: 'PERSON_UPDATED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Change a person’s record (send the version you read)',
        params: z.toJSONSchema(idParams),
      },
    },
    async (request, reply) => {
      const params = personId(request)
      if (!params.success)
        return reply.code(404).send({ errors: [{ path: 'id', message: 'No person with that id' }] })
      const parsed = parsePersonPatch(today(), request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.updatePerson(db, request.principal!, params.data.id, parsed.data)
      switch (result.kind) {
        case 'not_found':
          return reply.code(404).send({ errors: [{ path: 'id', message: 'No person with that id' }] })
        case 'denied':
          return reply.code(403).send({ errors: [{ path: '', message: result.decision.message }] })
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'stale':
          return reply.code(409).send({
            errors: [
              {
                path: 'version',
                message: `The record has changed since version ${parsed.data.version} was read; read it again (now version ${result.current.version})`,
              },
            ],
          })
        case 'updated': {
          const access = await service.personFor(db, request.principal!, params.data.id)
          return access.kind === 'ok'
            ? personJson(access.person)
            : reply.code(403).send({ errors: [{ path: '', message: 'Not permitted' }] })
        }
      }
    },
  )
}
