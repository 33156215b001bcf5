import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { RULES_VERSION } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { areaNames } from '../../security/accounts.js'
import { mayDo } from '../../security/policy.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { refreshDueItems } from '../caseload/due-items.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { NO_MANAGER, visitsDashboard } from './dashboard.js'
import {
  type FormValues,
  formErrors,
  readReasonForm,
  readVisitEditForm,
  readVisitForm,
  visitFormValues,
} from './form.js'
import type { VisitRow } from './queries.js'
import {
  dashboardJsonSchema,
  errorsResponse,
  reactiveEndBody,
  reactiveJsonSchema,
  reactiveStartBody,
  visitBody,
  visitJsonSchema,
  visitPatch,
  visitPlanJsonSchema,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const visitParams = z.object({ id: z.uuid(), visitId: z.uuid() })
const dashboardQuery = z.object({
  manager: z
    .union([z.uuid(), z.literal(NO_MANAGER)])
    .optional()
    .catch(undefined),
})

const DUE_TAGS = {
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  paused: { text: 'Paused', classes: 'govuk-tag--grey' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
} as const

const ELIGIBILITY_TEXT: Record<string, string> = {
  eligible: 'Eligible',
  not_eligible: 'Not eligible',
  needs_review: 'Cannot be worked out',
}

const recordPage = (person: PersonRecord, reactive = false) => ({
  person,
  recordNav: recordNavigation(person.id, 'visits'),
  sectionTitle: 'Home visits',
  backLink: paths.people.show(person.id),
  personBadges: reactive ? [{ text: 'Reactive management', classes: 'govuk-tag--grey' }] : [],
})

const officerNames = (ids: string[], names: Map<string, string>) =>
  ids.map((id) => names.get(id) ?? 'Unknown officer').join(', ')

/** Home visits in the browser: the next visit and why, visits made, reactive management. */
export async function visitsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/visits',
    { config: { access: 'person:view', audit: { event: 'VISITS_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const day = today()
      const [plan, { visits, names }] = await Promise.all([
        service.visitPlan(db, person.id, day),
        service.visitsOf(db, person.id),
        // Opening the page keeps the work queues right for this person.
        refreshDueItems(db, person.id, day),
      ])
      const mayRecord = mayDo(request.principal, 'visit:record')
      const query = request.query as Record<string, string | undefined>
      return reply.render('features/visits/views/visits.njk', {
        pageTitle: `Home visits: ${person.givenName} ${person.familyName}`,
        ...recordPage(person, !!plan.reactive),
        plan,
        dueTag: plan.due && DUE_TAGS[plan.due.status],
        roshText: plan.rosh && service.ROSH_LABELS[plan.rosh.level],
        eligibilityText: ELIGIBILITY_TEXT[plan.reactiveEligibility.status],
        reactivePeriods: plan.reactivePeriods,
        visits: visits.map((v) => ({
          ...v,
          officersText: officerNames(v.officerIds, names),
          href: paths.people.visit(person.id, v.id),
        })),
        mayRecord,
        newVisitHref: paths.people.newVisit(person.id),
        startReactiveHref: paths.people.reactiveManagement(person.id, 'start'),
        endReactiveHref: paths.people.reactiveManagement(person.id, 'end'),
        rulesVersion: RULES_VERSION,
        banner:
          query.recorded === '1'
            ? 'The home visit has been recorded'
            : query.changed === '1'
              ? 'The home visit has been changed'
              : query.reactive === 'started'
                ? 'Reactive management has started'
                : query.reactive === 'ended'
                  ? 'Reactive management has ended: routine visits are planned again'
                  : undefined,
      })
    },
  )

  const visitForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; values: FormValues; visit?: VisitRow } & Record<string, unknown>,
  ) => {
    const options = await service.visitOfficerOptions(db, request.principal!)
    // Officers already on a visit stay selectable even if they have since moved on.
    const named = data.visit?.officerIds.filter((id) => !options.some((o) => o.userId === id)) ?? []
    const { names } = data.visit ? await service.visitsOf(db, data.person.id) : { names: new Map() }
    const chosen = new Set(
      Array.isArray(data.values.officerIds) ? data.values.officerIds : [data.values.officerIds],
    )
    return reply.code(status).render('features/visits/views/visit-form.njk', {
      pageTitle: data.visit ? 'Change a home visit' : 'Record a home visit',
      ...recordPage(data.person),
      backLink: paths.people.visits(data.person.id),
      action: data.visit
        ? paths.people.visit(data.person.id, data.visit.id)
        : paths.people.newVisit(data.person.id),
      officers: [
        ...options.map((o) => ({ value: o.userId, text: o.displayName })),
        ...named.map((id) => ({ value: id, text: names.get(id) ?? 'Unknown officer' })),
      ].map((o) => ({ ...o, checked: chosen.has(o.value) })),
      ...data,
    })
  }

  app.get(
    '/people/:id/visits/new',
    { config: { access: 'visit:record', audit: { event: 'VISIT_FORM_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'visit:record')
      if (!person) return reply
      const principal = request.principal!
      return visitForm(request, reply, 200, {
        person,
        values: { officerIds: principal.kind === 'user' ? [principal.userId] : [] },
      })
    },
  )

  app.post(
    '/people/:id/visits/new',
    { config: { access: 'visit:record', audit: { event: 'VISIT_RECORDED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'visit:record')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readVisitForm(values, today())
      const result = form.ok
        ? await service.recordVisit(db, request.principal!, person.id, form.data)
        : { kind: 'invalid' as const, problems: form.problems }
      if (result.kind === 'created')
        return reply.redirect(`${paths.people.visits(person.id)}?recorded=1`, 303)
      return visitForm(request, reply, 400, { person, values, ...formErrors(result.problems) })
    },
  )

  const visitFor = async (request: FastifyRequest, reply: FastifyReply, person: PersonRecord) => {
    const params = visitParams.safeParse(request.params)
    const found = params.success ? await service.findVisit(db, person.id, params.data.visitId) : undefined
    if (!found) await reply.callNotFound()
    return found?.visit
  }

  app.get(
    '/people/:id/visits/:visitId',
    { config: { access: 'visit:record', audit: { event: 'VISIT_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'visit:record')
      if (!person) return reply
      const visit = await visitFor(request, reply, person)
      if (!visit) return reply
      return visitForm(request, reply, 200, { person, visit, values: visitFormValues(visit) })
    },
  )

  app.post(
    '/people/:id/visits/:visitId',
    { config: { access: 'visit:record', audit: { event: 'VISIT_CHANGED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'visit:record')
      if (!person) return reply
      const visit = await visitFor(request, reply, person)
      if (!visit) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readVisitEditForm(values, today())
      const result = form.ok
        ? await service.updateVisit(db, request.principal!, person.id, visit.id, form.data)
        : { kind: 'invalid' as const, problems: form.problems }
      if (result.kind === 'updated') return reply.redirect(`${paths.people.visits(person.id)}?changed=1`, 303)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'stale')
        // Nothing is overwritten: the editor keeps what they typed, against the version now saved.
        return visitForm(request, reply, 409, {
          person,
          visit: result.current,
          values: { ...values, version: String(result.current.version) },
          stale: true,
          current: result.current,
          errorList: [
            {
              text: 'Someone else changed this visit while you were editing. Check what is recorded now, then save again.',
              href: '#visitedOn-day',
            },
          ],
        })
      return visitForm(request, reply, 400, { person, visit, values, ...formErrors(result.problems) })
    },
  )

  const reactiveForm = async (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; action: 'start' | 'end'; values: FormValues } & Record<string, unknown>,
  ) => {
    const plan = await service.visitPlan(db, data.person.id, today())
    return reply.code(status).render('features/visits/views/reactive-form.njk', {
      pageTitle: data.action === 'start' ? 'Start reactive management' : 'End reactive management',
      ...recordPage(data.person, !!plan.reactive),
      backLink: paths.people.visits(data.person.id),
      formAction: paths.people.reactiveManagement(data.person.id, data.action),
      plan,
      eligibilityText: ELIGIBILITY_TEXT[plan.reactiveEligibility.status],
      // Starting is offered only when the rules say the person is eligible and not already reactive.
      mayAct:
        data.action === 'start'
          ? !plan.reactive && plan.reactiveEligibility.status === 'eligible'
          : !!plan.reactive,
      ...data,
    })
  }

  for (const action of ['start', 'end'] as const) {
    const event = action === 'start' ? 'REACTIVE_MANAGEMENT_STARTED' : 'REACTIVE_MANAGEMENT_ENDED'
    app.get(
      `/people/:id/visits/reactive/${action}`,
      {
        config: {
          access: 'visit:record',
          audit: { event: 'REACTIVE_MANAGEMENT_FORM_VIEWED', recordType: 'person' },
        },
      },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'visit:record')
        if (!person) return reply
        return reactiveForm(reply, 200, { person, action, values: {} })
      },
    )

    app.post(
      `/people/:id/visits/reactive/${action}`,
      { config: { access: 'visit:record', audit: { event, recordType: 'person' } } },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'visit:record')
        if (!person) return reply
        const values = (request.body ?? {}) as FormValues
        const form = readReasonForm(values, action === 'start' ? reactiveStartBody : reactiveEndBody)
        if (!form.ok)
          return reactiveForm(reply, 400, { person, action, values, ...formErrors(form.problems) })
        const change = action === 'start' ? service.startReactive : service.endReactive
        const result = await change(db, request.principal!, person.id, form.data, today())
        if (result.kind === 'done')
          return reply.redirect(`${paths.people.visits(person.id)}?reactive=${action}ed`, 303)
        return reactiveForm(reply, 409, {
          person,
          action,
          values,
          errors: { reason: result.message },
          errorList: [{ text: result.message, href: '#reason' }],
        })
      },
    )
  }

  app.get(
    paths.visitsDashboard(),
    {
      // Co-ordinators and meeting chairs: the roles that sign off the plans setting visit frequency.
      config: {
        access: 'plan:sign_off',
        audit: { event: 'VISITS_DASHBOARD_VIEWED', recordType: 'dashboard' },
      },
    },
    async (request, reply) => {
      const q = dashboardQuery.parse(request.query ?? {})
      const result = await visitsDashboard(db, request.principal!, today(), q.manager)
      const chosen = q.manager
        ? result.agencies.flatMap((a) => a.managers).find((m) => (m.userId ?? NO_MANAGER) === q.manager)
        : undefined
      return reply.render('features/visits/views/dashboard.njk', {
        pageTitle: 'Overdue home visits',
        areaName: areaNames(result.areaCodes),
        ...result,
        manager: q.manager && { name: chosen?.name ?? 'This manager', overdue: chosen?.overdue ?? 0 },
        dashboardHref: paths.visitsDashboard(),
        backLink: q.manager ? paths.visitsDashboard() : undefined,
      })
    },
  )
}

const errorDoc = () => z.toJSONSchema(errorsResponse)
const errorResponses = () => ({ 400: errorDoc(), 403: errorDoc(), 404: errorDoc(), 409: errorDoc() })
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
const idParams = z.object({ id: z.uuid() })
const visitNotFound = { errors: [{ path: 'visitId', message: 'No visit with that id' }] }

/** Home visits, visit planning, reactive management and the visits dashboard for partner systems. */
export async function visitsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Home visits']

  app.get(
    '/api/v1/people/:id/visits',
    {
      config: { access: 'person:view', audit: { event: 'VISITS_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Home visits made, newest first, with the next visit planned',
        params: z.toJSONSchema(idParams),
        response: {
          200: z.toJSONSchema(z.object({ items: z.array(visitJsonSchema), plan: visitPlanJsonSchema })),
        },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const [{ visits, names }, plan] = await Promise.all([
        service.visitsOf(db, person.id),
        service.visitPlan(db, person.id, today()),
      ])
      return { items: visits.map((v) => service.visitJson(v, names)), plan: service.visitPlanJson(plan) }
    },
  )

  app.post(
    '/api/v1/people/:id/visits',
    {
      config: { access: 'visit:record', audit: { event: 'VISIT_RECORDED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Record a home visit',
        description:
          '`officerIds` are users: offender managers of the caller’s areas, or the caller. A visit at which the person was not seen (`seen: false`) is kept but does not move the next visit.',
        params: z.toJSONSchema(idParams),
        body: doc(visitBody('2100-01-01')),
        response: { 201: z.toJSONSchema(visitJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'visit:record')
      if (!person) return reply
      const parsed = visitBody(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.recordVisit(db, request.principal!, person.id, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      const found = (await service.findVisit(db, person.id, result.id))!
      return reply
        .code(201)
        .header('location', paths.api.visit(person.id, result.id))
        .send(service.visitJson(found.visit, found.names))
    },
  )

  app.get(
    '/api/v1/people/:id/visits/:visitId',
    {
      config: { access: 'person:view', audit: { event: 'VISIT_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'One home visit',
        params: z.toJSONSchema(visitParams),
        response: { 200: z.toJSONSchema(visitJsonSchema), 404: errorDoc() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const params = visitParams.safeParse(request.params)
      const found = params.success ? await service.findVisit(db, person.id, params.data.visitId) : undefined
      if (!found) return reply.code(404).send(visitNotFound)
      return service.visitJson(found.visit, found.names)
    },
  )

  app.patch(
    '/api/v1/people/:id/visits/:visitId',
    {
      config: { access: 'visit:record', audit: { event: 'VISIT_CHANGED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Change a home visit (send every field and the version you read)',
        params: z.toJSONSchema(visitParams),
        body: doc(visitPatch('2100-01-01')),
        response: { 200: z.toJSONSchema(visitJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'visit:record')
      if (!person) return reply
      const params = visitParams.safeParse(request.params)
      if (!params.success) return reply.code(404).send(visitNotFound)
      const parsed = visitPatch(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.updateVisit(
        db,
        request.principal!,
        person.id,
        params.data.visitId,
        parsed.data,
      )
      if (result.kind === 'not_found') return reply.code(404).send(visitNotFound)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'stale')
        return reply.code(409).send({
          errors: [
            {
              path: 'version',
              message: `The visit has changed since version ${parsed.data.version} was read; read it again (now version ${result.current.version})`,
            },
          ],
        })
      const found = (await service.findVisit(db, person.id, result.visit.id))!
      return service.visitJson(found.visit, found.names)
    },
  )

  app.get(
    '/api/v1/people/:id/visit-plan',
    {
      config: { access: 'person:view', audit: { event: 'VISIT_PLAN_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'The next home visit, with the basis of its interval (RoSH default or the plan’s own)',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(visitPlanJsonSchema) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return service.visitPlanJson(await service.visitPlan(db, person.id, today()))
    },
  )

  const reactiveResponse = z.object({
    current: reactiveJsonSchema.nullable(),
    periods: z.array(reactiveJsonSchema),
    eligibility: visitPlanJsonSchema.shape.reactiveEligibility,
  })
  const reactiveState = async (personId: string) => {
    const plan = await service.visitPlan(db, personId, today())
    return {
      current: plan.reactive && service.reactiveJson(plan.reactive),
      periods: plan.reactivePeriods.map(service.reactiveJson),
      eligibility: plan.reactiveEligibility,
    }
  }

  app.get(
    '/api/v1/people/:id/reactive-management',
    {
      config: { access: 'person:view', audit: { event: 'REACTIVE_MANAGEMENT_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Reactive management: the current period, earlier ones, and whether the person is eligible',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(reactiveResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return reactiveState(person.id)
    },
  )

  for (const action of ['start', 'end'] as const) {
    const schema = action === 'start' ? reactiveStartBody : reactiveEndBody
    app.post(
      action === 'start'
        ? '/api/v1/people/:id/reactive-management'
        : '/api/v1/people/:id/reactive-management/end',
      {
        config: {
          access: 'visit:record',
          audit: {
            event: action === 'start' ? 'REACTIVE_MANAGEMENT_STARTED' : 'REACTIVE_MANAGEMENT_ENDED',
            recordType: 'person',
          },
        },
        schema: {
          tags,
          summary:
            action === 'start'
              ? 'Start reactive management today (only when eligible: low risk for 3 years or more)'
              : 'End reactive management today (reinstated on new information)',
          description:
            action === 'start'
              ? 'Refused with 409 and the reasons when the person is not eligible or is already under reactive management.'
              : 'Refused with 409 when the person is not under reactive management.',
          params: z.toJSONSchema(idParams),
          body: doc(schema),
          response: {
            [action === 'start' ? 201 : 200]: z.toJSONSchema(reactiveResponse),
            ...errorResponses(),
          },
        },
      },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'visit:record')
        if (!person) return reply
        const parsed = schema.safeParse(request.body ?? {})
        if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
        const change = action === 'start' ? service.startReactive : service.endReactive
        const result = await change(db, request.principal!, person.id, parsed.data, today())
        if (result.kind === 'refused')
          return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
        return reply
          .code(action === 'start' ? 201 : 200)
          .header('location', paths.api.reactiveManagement(person.id))
          .send(await reactiveState(person.id))
      },
    )
  }

  app.get(
    paths.api.visitsDashboard(),
    {
      config: {
        access: 'plan:sign_off',
        audit: { event: 'VISITS_DASHBOARD_VIEWED', recordType: 'dashboard' },
      },
      schema: {
        tags,
        summary:
          'Overdue home visits in the caller’s areas, counted by police agency and named offender manager',
        description:
          'A team is the named police offender manager’s agency and the manager. People with no named police offender manager are counted under that heading. `manager` (a user id or `none`) adds that manager’s overdue visits as `visits`.',
        querystring: z.toJSONSchema(dashboardQuery, { io: 'input', unrepresentable: 'any' }),
        response: {
          200: z.toJSONSchema(
            dashboardJsonSchema.extend({
              visits: z
                .array(
                  z.object({
                    personId: z.string(),
                    person: z.object({ givenName: z.string(), familyName: z.string() }).nullable(),
                    dueDate: z.string(),
                    href: z.string(),
                  }),
                )
                .nullable(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const q = dashboardQuery.parse(request.query ?? {})
      return visitsDashboard(db, request.principal!, today(), q.manager)
    },
  )
}
