import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { isIsoDate, londonDateOf } from '../../domain/rules/dates.js'
import { areaNames } from '../../security/accounts.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import { isResponsibleAuthority, mayDo } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import type { Permission } from '../../security/roles.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { notFoundJson, personForRequest } from '../people/record-access.js'
import { personFor } from '../people/service.js'
import {
  type FormValues,
  formErrors,
  mergeProblems,
  readDisclosureForm,
  readUpdateForm,
  updateFormValues,
} from './form.js'
import type { DisclosureRow } from './queries.js'
import {
  DISCLOSURE_METHODS,
  DISCLOSURE_STATUSES,
  disclosureInput,
  disclosureUpdate,
  errorsResponse,
  labelOf,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  decided: { text: 'Decided', classes: 'govuk-tag--blue' },
  made: { text: 'Made', classes: 'govuk-tag--green' },
  not_made: { text: 'Not made', classes: 'govuk-tag--grey' },
}

const registerQuery = z.object({
  from: z
    .string()
    .trim()
    .max(10)
    .refine((v) => !v || isIsoDate(v), 'Enter the date as YYYY-MM-DD, for example 2025-01-31')
    .optional(),
  to: z
    .string()
    .trim()
    .max(10)
    .refine((v) => !v || isIsoDate(v), 'Enter the date as YYYY-MM-DD, for example 2025-12-31')
    .optional(),
  source: z.enum(['meeting', 'application', 'outside']).optional().catch(undefined),
  withoutMeeting: z
    .enum(['true', 'false'])
    .optional()
    .catch(undefined)
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
  format: z.enum(['csv']).optional().catch(undefined),
})
type RegisterQueryInput = z.output<typeof registerQuery>

const personPage = (person: PersonRecord) => ({
  person,
  recordNav: recordNavigation(person.id, 'disclosures'),
  sectionTitle: 'Disclosures',
  backLink: paths.people.disclosures(person.id),
})

/** The source of a disclosure as a page shows it, linking to the meeting or application. */
async function sourceHtml(db: Database, principal: Principal, d: DisclosureRow) {
  const source = service.sourceOf(d)
  const text = service.SOURCE_LABELS[source]
  if (source === 'meeting') {
    const meeting = await service.meetingOf(d, db)
    return meeting
      ? `<a class="govuk-link" href="${paths.meetings.show(meeting.meetingId)}">${text} on ${meeting.heldOn}</a>`
      : text
  }
  if (source === 'application' && mayDo(principal, 'application:process'))
    return `<a class="govuk-link" href="${paths.applications.show(d.applicationId!)}">${text}</a>`
  return text
}

/** The disclosure a /disclosures/:id request is about, or the 404/403 answer already sent. */
async function disclosureForRequest(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: Permission,
) {
  const params = idParams.safeParse(request.params)
  const found = params.success
    ? await service.disclosureFor(db, request.principal!, params.data.id, permission)
    : ({ kind: 'not_found' } as const)
  if (found.kind === 'not_found') {
    await (isApiRequest(request) ? reply.code(404).send(disclosureNotFound) : reply.callNotFound())
    return undefined
  }
  if (found.kind === 'denied') {
    await refuseForbidden(request, reply, found.message)
    return undefined
  }
  request.audited = { recordId: found.disclosure.id }
  return found
}

const disclosureNotFound = { errors: [{ path: 'id', message: 'No disclosure with that id' }] }

const csvCell = (value: string | null | undefined) => {
  const text = value ?? ''
  // Quote every cell; a leading formula character is neutralised so spreadsheets do not run it.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text
  return `"${safe.replaceAll('"', '""')}"`
}

/** The disclosure register in the browser: a person's disclosures, recording, marking made, the report. */
export async function disclosuresRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/disclosures',
    { config: { access: 'disclosure:view', audit: { event: 'DISCLOSURES_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'disclosure:view')
      if (!person) return reply
      const rows = await service.disclosuresOfPerson(db, person.id)
      const query = request.query as Record<string, string | undefined>
      return reply.render('features/disclosures/views/person-disclosures.njk', {
        pageTitle: `Disclosures: ${person.givenName} ${person.familyName}`,
        ...personPage(person),
        backLink: paths.people.show(person.id),
        disclosures: rows.map((d) => ({
          ...d,
          source: service.sourceOf(d),
          sourceText: service.SOURCE_LABELS[service.sourceOf(d)],
          statusTag: STATUS_TAGS[d.status],
          href: paths.disclosures.show(d.id),
        })),
        mayRecord: mayDo(request.principal, 'disclosure:record'),
        newHref: paths.people.newDisclosure(person.id),
        banner: query.recorded === '1' ? 'The disclosure has been recorded' : undefined,
      })
    },
  )

  const recordForm = (
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    data: Record<string, unknown>,
  ) =>
    reply.code(status).render('features/disclosures/views/disclosure-form.njk', {
      pageTitle: 'Record a disclosure outside a meeting',
      ...personPage(person),
      action: paths.people.newDisclosure(person.id),
      methods: DISCLOSURE_METHODS,
      ...data,
    })

  app.get(
    '/people/:id/disclosures/new',
    {
      config: {
        access: 'disclosure:record',
        audit: { event: 'DISCLOSURE_FORM_VIEWED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'disclosure:record')
      if (!person) return reply
      return recordForm(reply, 200, person, {
        values: { disclosedByName: request.principal!.displayName },
      })
    },
  )

  app.post(
    '/people/:id/disclosures/new',
    {
      config: { access: 'disclosure:record', audit: { event: 'DISCLOSURE_RECORDED', recordType: 'person' } },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'disclosure:record')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readDisclosureForm(values)
      // A half-typed date is a problem of the form alone: check the rest, but save nothing.
      const result = form.problems.length
        ? { kind: 'invalid' as const, problems: service.inputProblems(disclosureInput(today()), form.input) }
        : await service.recordDisclosure(db, request.principal!, person.id, form.input)
      if (result.kind === 'created') {
        request.audited = { recordId: result.disclosure.id }
        return reply.redirect(`${paths.people.disclosures(person.id)}?recorded=1`, 303)
      }
      return recordForm(reply, 400, person, {
        values,
        ...formErrors(mergeProblems(form.problems, result.problems)),
      })
    },
  )

  app.get(
    '/disclosures/:id',
    {
      config: { access: 'disclosure:view', audit: { event: 'DISCLOSURE_VIEWED', recordType: 'disclosure' } },
    },
    async (request, reply) => {
      const found = await disclosureForRequest(db, request, reply, 'disclosure:view')
      if (!found) return reply
      const { disclosure: d, person } = found
      const query = request.query as Record<string, string | undefined>
      return reply.render('features/disclosures/views/disclosure.njk', {
        pageTitle: `Disclosure: ${person.givenName} ${person.familyName}`,
        ...personPage(person),
        d,
        statusTag: STATUS_TAGS[d.status],
        methodText: labelOf(DISCLOSURE_METHODS, d.method),
        sourceHtml: await sourceHtml(db, request.principal!, d),
        mayRecord: mayDo(request.principal, 'disclosure:record'),
        editHref: paths.disclosures.edit(d.id),
        banner: query.changed === '1' ? 'The disclosure has been updated' : undefined,
      })
    },
  )

  const editForm = (
    reply: FastifyReply,
    status: number,
    found: { disclosure: DisclosureRow; person: PersonRecord },
    data: Record<string, unknown>,
  ) =>
    reply.code(status).render('features/disclosures/views/edit.njk', {
      pageTitle: 'Record whether the disclosure was made',
      ...personPage(found.person),
      backLink: paths.disclosures.show(found.disclosure.id),
      d: found.disclosure,
      action: paths.disclosures.edit(found.disclosure.id),
      ...data,
    })

  app.get(
    '/disclosures/:id/edit',
    {
      config: {
        access: 'disclosure:record',
        audit: { event: 'DISCLOSURE_FORM_VIEWED', recordType: 'disclosure' },
      },
    },
    async (request, reply) => {
      const found = await disclosureForRequest(db, request, reply, 'disclosure:record')
      if (!found) return reply
      return editForm(reply, 200, found, { values: updateFormValues(found.disclosure) })
    },
  )

  app.post(
    '/disclosures/:id/edit',
    {
      config: {
        access: 'disclosure:record',
        audit: { event: 'DISCLOSURE_CHANGED', recordType: 'disclosure' },
      },
    },
    async (request, reply) => {
      const found = await disclosureForRequest(db, request, reply, 'disclosure:record')
      if (!found) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readUpdateForm(values)
      const result = form.problems.length
        ? { kind: 'invalid' as const, problems: service.inputProblems(disclosureUpdate(today()), form.input) }
        : await service.updateDisclosure(db, request.principal!, found.disclosure.id, form.input)
      if (result.kind === 'updated')
        return reply.redirect(`${paths.disclosures.show(found.disclosure.id)}?changed=1`, 303)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'stale')
        // Nothing is overwritten: the editor keeps what they typed, against the version now saved.
        return editForm(
          reply,
          409,
          { ...found, disclosure: result.current },
          {
            values: { ...values, version: String(result.current.version) },
            stale: true,
            errorList: [
              {
                text: 'Someone else changed this disclosure while you were editing. Check what is recorded now, then save again.',
                href: '#status',
              },
            ],
          },
        )
      return editForm(reply, 400, found, {
        values,
        ...formErrors(mergeProblems(form.problems, result.problems)),
      })
    },
  )

  app.get(
    '/disclosures',
    {
      config: {
        access: 'disclosure:view',
        audit: { event: 'DISCLOSURE_REGISTER_VIEWED', recordType: 'report' },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      if (!isResponsibleAuthority(principal))
        return refuseForbidden(
          request,
          reply,
          'The disclosure register is for police, probation and prison staff.',
        )
      const parsed = registerQuery.safeParse(request.query ?? {})
      const q: RegisterQueryInput = parsed.success ? parsed.data : { withoutMeeting: false, page: 1 }
      const errors = parsed.success
        ? undefined
        : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]))
      const { rows, total } = await service.registerOf(db, principal, {
        from: q.from || undefined,
        to: q.to || undefined,
        source: q.source,
        withoutMeeting: q.withoutMeeting,
        page: q.format === 'csv' ? 1 : q.page,
      })
      const filters = {
        from: q.from || undefined,
        to: q.to || undefined,
        source: q.source,
        withoutMeeting: q.withoutMeeting ? 'true' : undefined,
      }
      if (q.format === 'csv') {
        const lines = [
          ['Decided on', 'Person', 'CRN', 'Recipient', 'Recipient role', 'Source', 'Status', 'Made on'],
          ...rows.map((r) => [
            r.disclosure.decidedOn,
            r.mayOpen ? `${r.person.givenName} ${r.person.familyName}` : 'Restricted record',
            r.mayOpen ? r.person.crn : '',
            r.mayOpen ? r.disclosure.recipientName : '',
            r.mayOpen ? r.disclosure.recipientRole : '',
            service.SOURCE_LABELS[r.source],
            labelOf(DISCLOSURE_STATUSES, r.disclosure.status),
            r.disclosure.disclosedOn,
          ]),
        ]
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="disclosures.csv"')
          .send(lines.map((line) => line.map(csvCell).join(',')).join('\r\n'))
      }
      const pages = Math.ceil(total / service.REGISTER_PAGE_SIZE)
      return reply.code(errors ? 400 : 200).render('features/disclosures/views/register.njk', {
        pageTitle: 'Disclosure register',
        areaName: areaNames(principal.membership.areaCodes),
        query: { ...q, from: q.from ?? '', to: q.to ?? '' },
        errors,
        errorList: errors && Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
        registerHref: paths.disclosures.register(),
        csvHref: paths.disclosures.register({ ...filters, format: 'csv' }),
        sources: [
          { value: '', text: 'Any source' },
          ...(['meeting', 'application', 'outside'] as const).map((s) => ({
            value: s,
            text: service.SOURCE_LABELS[s],
            selected: q.source === s,
          })),
        ],
        total,
        rows: rows.map((r) => ({
          id: r.disclosure.id,
          decidedOn: r.disclosure.decidedOn,
          href: r.mayOpen ? paths.disclosures.show(r.disclosure.id) : undefined,
          personText: r.mayOpen
            ? `${r.person.givenName} ${r.person.familyName.toUpperCase()}`
            : 'Restricted record',
          recipientText: r.mayOpen
            ? `${r.disclosure.recipientName} (${r.disclosure.recipientRole})`
            : 'Shown only to those who may open the record',
          source: r.source,
          sourceText: service.SOURCE_LABELS[r.source],
          statusTag: STATUS_TAGS[r.disclosure.status],
        })),
        pagination:
          pages > 1
            ? {
                previous:
                  q.page > 1
                    ? { href: paths.disclosures.register({ ...filters, page: q.page - 1 }) }
                    : undefined,
                next:
                  q.page < pages
                    ? { href: paths.disclosures.register({ ...filters, page: q.page + 1 }) }
                    : undefined,
              }
            : undefined,
      })
    },
  )
}

// API ------------------------------------------------------------------------------------------

const errorDoc = () => z.toJSONSchema(errorsResponse)
const errorResponses = () => ({ 400: errorDoc(), 403: errorDoc(), 404: errorDoc(), 409: errorDoc() })
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

const disclosureJsonSchema = z.object({
  id: z.string(),
  personId: z.string(),
  source: z.enum(['meeting', 'application', 'outside']),
  meetingCaseId: z.string().nullable(),
  applicationId: z.string().nullable(),
  decidedOn: z.string(),
  status: z.enum(['decided', 'made', 'not_made']),
  plannedOn: z.string().nullable(),
  disclosedOn: z.string().nullable(),
  method: z.string(),
  version: z.number(),
  restricted: z.boolean(),
  lawful: z.boolean().optional(),
  necessary: z.boolean().optional(),
  proportionate: z.boolean().optional(),
  legalBasis: z.string().optional(),
  rationale: z.string().optional(),
  content: z.string().optional(),
  recipientName: z.string().optional(),
  recipientRole: z.string().optional(),
  disclosedByName: z.string().optional(),
  personTold: z.boolean().nullable().optional(),
  notToldReason: z.string().nullable().optional(),
  undertakingSigned: z.boolean().nullable().optional(),
  outcome: z.string().nullable().optional(),
  createdAt: z.string().optional(),
})

const apiListQuery = registerQuery.omit({ format: true })

/** The disclosure register for partner systems. */
export async function disclosuresApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Disclosures']

  app.get(
    '/api/v1/disclosures',
    {
      config: {
        access: 'disclosure:view',
        audit: { event: 'DISCLOSURE_REGISTER_VIEWED', recordType: 'report' },
      },
      schema: {
        tags,
        summary: 'The disclosure register of the caller’s areas, newest decision first (50 a page)',
        description:
          '`withoutMeeting=true` lists the disclosures made without a meeting decision (neither a meeting nor a scheme application). `from` and `to` (YYYY-MM-DD) bound the decision date. Only responsible-authority callers may read it. A disclosure about a record the caller may not open is listed with `restricted: true` and no recipient or content.',
        querystring: doc(apiListQuery),
        response: {
          200: z.toJSONSchema(
            z.object({ items: z.array(disclosureJsonSchema), total: z.number(), page: z.number() }),
          ),
          400: errorDoc(),
          403: errorDoc(),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      if (!isResponsibleAuthority(principal))
        return reply.code(403).send({
          errors: [{ path: '', message: 'The disclosure register is for responsible-authority agencies.' }],
        })
      const parsed = apiListQuery.safeParse(request.query ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const q = parsed.data
      const { rows, total } = await service.registerOf(db, principal, {
        from: q.from || undefined,
        to: q.to || undefined,
        source: q.source,
        withoutMeeting: q.withoutMeeting,
        page: q.page,
      })
      return { items: rows.map((r) => service.disclosureJson(r.disclosure, r.mayOpen)), total, page: q.page }
    },
  )

  const postBody = z.object({ personId: z.uuid() }).passthrough()

  app.post(
    '/api/v1/disclosures',
    {
      config: {
        access: 'disclosure:record',
        audit: { event: 'DISCLOSURE_RECORDED', recordType: 'disclosure' },
      },
      schema: {
        tags,
        summary: 'Record a disclosure decided outside a meeting',
        description:
          'The disclosure must be lawful, necessary and proportionate (all three `true`). `personTold: false` needs `notToldReason`. Giving `disclosedOn` records it as made.',
        body: doc(disclosureInput('2100-01-01').extend({ personId: z.uuid() })),
        response: { 201: z.toJSONSchema(disclosureJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const parsed = postBody.safeParse(request.body ?? {})
      if (!parsed.success)
        return reply.code(400).send({
          errors: [{ path: 'personId', message: 'Give the id of the person the disclosure is about' }],
        })
      const { personId, ...input } = parsed.data
      const access = await personFor(db, request.principal!, personId, 'disclosure:record')
      if (access.kind === 'not_found') return reply.code(404).send(notFoundJson)
      if (access.kind === 'denied')
        return reply.code(403).send({ errors: [{ path: 'personId', message: access.decision.message }] })
      const result = await service.recordDisclosure(db, request.principal!, access.person.id, input)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      request.audited = { recordId: result.disclosure.id }
      return reply
        .code(201)
        .header('location', paths.api.disclosure(result.disclosure.id))
        .send(service.disclosureJson(result.disclosure, true))
    },
  )

  app.get(
    '/api/v1/disclosures/:id',
    {
      config: { access: 'disclosure:view', audit: { event: 'DISCLOSURE_VIEWED', recordType: 'disclosure' } },
      schema: {
        tags,
        summary: 'One disclosure (for callers who may open the record of the person it is about)',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(disclosureJsonSchema), 403: errorDoc(), 404: errorDoc() },
      },
    },
    async (request, reply) => {
      const found = await disclosureForRequest(db, request, reply, 'disclosure:view')
      if (!found) return reply
      return service.disclosureJson(found.disclosure, true)
    },
  )

  app.patch(
    '/api/v1/disclosures/:id',
    {
      config: {
        access: 'disclosure:record',
        audit: { event: 'DISCLOSURE_CHANGED', recordType: 'disclosure' },
      },
      schema: {
        tags,
        summary: 'Record that a disclosure was made or not made (with the version you read)',
        description:
          '`status: made` needs `disclosedOn`, `personTold` and `undertakingSigned`; `status: not_made` needs `outcome` (why not).',
        params: z.toJSONSchema(idParams),
        body: doc(disclosureUpdate('2100-01-01')),
        response: { 200: z.toJSONSchema(disclosureJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const found = await disclosureForRequest(db, request, reply, 'disclosure:record')
      if (!found) return reply
      const result = await service.updateDisclosure(
        db,
        request.principal!,
        found.disclosure.id,
        request.body ?? {},
      )
      if (result.kind === 'not_found') return reply.code(404).send(disclosureNotFound)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'stale')
        return reply.code(409).send({
          errors: [
            {
              path: 'version',
              message: `The disclosure has changed since the version you read; read it again (now version ${result.current.version})`,
            },
          ],
        })
      return service.disclosureJson(result.disclosure, true)
    },
  )
}
