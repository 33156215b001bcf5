import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { RULES_VERSION } from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { personForRequest } from '../people/record-access.js'
import { refreshDueItems } from '../caseload/due-items.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import {
  type FormValues,
  formErrors,
  outcomeValues,
  readBreachForm,
  readNotificationForm,
  readOutcomeForm,
} from './form.js'
import {
  BREACH_OUTCOMES,
  BREACH_OUTCOME_LABELS,
  type BreachOutcome,
  CHANGE_KINDS,
  CHANGE_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_KIND_LABELS,
  type NotificationKind,
  breachBody,
  breachJsonSchema,
  breachOutcomeBody,
  notificationBody,
  notificationJsonSchema,
  errorsResponse,
  notificationsResponse,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const breachParams = z.object({ id: z.uuid(), breachId: z.uuid() })
const notFound = (reply: FastifyReply) => reply.callNotFound()

const DUE_LABELS = {
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  paused: { text: 'Paused', classes: 'govuk-tag--grey' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
} as const

const OUTCOME_TAGS: Record<BreachOutcome, string> = {
  pending: 'govuk-tag--yellow',
  no_further_action: 'govuk-tag--grey',
  cautioned: 'govuk-tag--orange',
  charged: 'govuk-tag--orange',
  convicted: 'govuk-tag--red',
  acquitted: 'govuk-tag--green',
}

const recordPage = (person: PersonRecord) => ({
  person,
  recordNav: recordNavigation(person.id, 'notifications'),
  sectionTitle: 'Notifications',
  backLink: paths.people.show(person.id),
})

const kindOptions = () =>
  NOTIFICATION_KINDS.map((value) => ({ value, text: NOTIFICATION_KIND_LABELS[value] }))

/** Notification compliance in the browser: what was notified, what is due, suspected breaches. */
export async function notificationsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/notifications',
    { config: { access: 'person:view', audit: { event: 'NOTIFICATIONS_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const day = today()
      const [status, breaches] = await Promise.all([
        service.notificationStatus(db, person, day),
        service.breachesOf(db, person.id),
        // Opening the page keeps the work queues right for this person.
        refreshDueItems(db, person.id, day),
      ])
      const query = request.query as Record<string, string | undefined>
      const mayRecord = mayDo(request.principal, 'notification:record')
      return reply.render('features/notifications/views/notifications.njk', {
        pageTitle: `Notifications: ${person.givenName} ${person.familyName}`,
        ...recordPage(person),
        nextPeriodic: status.nextPeriodic && {
          ...status.nextPeriodic,
          tag: DUE_LABELS[status.nextPeriodic.status],
        },
        subject: status.items.length > 0 || status.events.length > 0,
        due: status.items
          .filter((i) => i.status !== 'done')
          .map((i) => ({ ...i, tag: DUE_LABELS[i.status] })),
        missing: status.missing,
        events: [...status.events].reverse().map((e) => ({
          ...e,
          kindText: NOTIFICATION_KIND_LABELS[e.kind as NotificationKind] ?? e.kind,
          detailText: service.describeNotification(e.kind, e.details),
        })),
        breaches: breaches.map((b) => ({
          ...b,
          outcomeText: BREACH_OUTCOME_LABELS[b.outcome as BreachOutcome] ?? b.outcome,
          outcomeClasses: OUTCOME_TAGS[b.outcome as BreachOutcome] ?? '',
          href: paths.people.breach(person.id, b.id),
        })),
        mayRecord,
        newNotificationHref: paths.people.newNotification(person.id),
        newBreachHref: paths.people.newBreach(person.id),
        rulesVersion: RULES_VERSION,
        banner:
          query.recorded === '1'
            ? 'The notification has been recorded'
            : query.breach === '1'
              ? 'The suspected breach has been recorded'
              : query.outcome === '1'
                ? 'The outcome of the suspected breach has been recorded'
                : undefined,
      })
    },
  )

  const notificationForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; values: FormValues } & Record<string, unknown>,
  ) =>
    reply.code(status).render('features/notifications/views/notification-form.njk', {
      pageTitle: 'Record a notification',
      ...recordPage(data.person),
      backLink: paths.people.notifications(data.person.id),
      action: paths.people.newNotification(data.person.id),
      kinds: kindOptions(),
      changeKinds: CHANGE_KINDS.map((value) => ({ value, text: CHANGE_KIND_LABELS[value] })),
      officers: await service.officerOptions(db, request.principal!),
      ...data,
    })

  app.get(
    '/people/:id/notifications/new',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_FORM_VIEWED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const principal = request.principal!
      return notificationForm(request, reply, 200, {
        person,
        values: { officerId: principal.kind === 'user' ? principal.userId : '' },
      })
    },
  )

  app.post(
    '/people/:id/notifications/new',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_RECORDED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readNotificationForm(values, today())
      const result = form.ok
        ? await service.recordNotification(db, request.principal!, person.id, form.data)
        : { kind: 'invalid' as const, problems: form.problems }
      if (result.kind === 'created')
        return reply.redirect(`${paths.people.notifications(person.id)}?recorded=1`, 303)
      return notificationForm(request, reply, 400, {
        person,
        values,
        ...formErrors(result.problems, values),
      })
    },
  )

  const breachForm = (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; values: FormValues } & Record<string, unknown>,
  ) =>
    reply.code(status).render('features/notifications/views/breach-form.njk', {
      pageTitle: 'Record a suspected breach',
      ...recordPage(data.person),
      backLink: paths.people.notifications(data.person.id),
      action: paths.people.newBreach(data.person.id),
      ...data,
    })

  app.get(
    '/people/:id/notifications/breaches/new',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_BREACH_FORM_VIEWED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      return breachForm(reply, 200, { person, values: {} })
    },
  )

  app.post(
    '/people/:id/notifications/breaches/new',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_BREACH_RECORDED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readBreachForm(values, today())
      if (!form.ok) return breachForm(reply, 400, { person, values, ...formErrors(form.problems, values) })
      await service.recordBreach(db, request.principal!, person.id, form.data)
      return reply.redirect(`${paths.people.notifications(person.id)}?breach=1`, 303)
    },
  )

  const outcomeForm = (
    reply: FastifyReply,
    status: number,
    data: {
      person: PersonRecord
      breach: NonNullable<Awaited<ReturnType<typeof service.findBreach>>>
      values: FormValues
    } & Record<string, unknown>,
  ) =>
    reply.code(status).render('features/notifications/views/breach-outcome.njk', {
      pageTitle: 'Record the outcome of a suspected breach',
      ...recordPage(data.person),
      backLink: paths.people.notifications(data.person.id),
      action: paths.people.breach(data.person.id, data.breach.id),
      outcomes: BREACH_OUTCOMES.map((value) => ({ value, text: BREACH_OUTCOME_LABELS[value] })),
      currentOutcome: BREACH_OUTCOME_LABELS[data.breach.outcome as BreachOutcome] ?? data.breach.outcome,
      ...data,
    })

  const breachFor = async (request: FastifyRequest, reply: FastifyReply, person: PersonRecord) => {
    const params = breachParams.safeParse(request.params)
    const breach = params.success ? await service.findBreach(db, person.id, params.data.breachId) : undefined
    if (!breach) await notFound(reply)
    return breach
  }

  app.get(
    '/people/:id/notifications/breaches/:breachId',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_BREACH_VIEWED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const breach = await breachFor(request, reply, person)
      if (!breach) return reply
      return outcomeForm(reply, 200, { person, breach, values: outcomeValues(breach) })
    },
  )

  app.post(
    '/people/:id/notifications/breaches/:breachId',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_BREACH_OUTCOME_RECORDED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const breach = await breachFor(request, reply, person)
      if (!breach) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readOutcomeForm(values, today())
      if (!form.ok)
        return outcomeForm(reply, 400, { person, breach, values, ...formErrors(form.problems, values) })
      const result = await service.setBreachOutcome(db, request.principal!, person.id, breach.id, form.data)
      if (result.kind === 'not_found') return notFound(reply)
      if (result.kind === 'stale')
        // Nothing is overwritten: the editor sees the outcome now recorded and keeps their choice.
        return outcomeForm(reply, 409, {
          person,
          breach: result.current,
          values: { ...values, version: String(result.current.version) },
          stale: true,
          errorList: [
            {
              text: `Someone else recorded an outcome (${BREACH_OUTCOME_LABELS[result.current.outcome as BreachOutcome] ?? result.current.outcome}) while you were editing. Check it, then save again.`,
              href: '#outcome',
            },
          ],
        })
      return reply.redirect(`${paths.people.notifications(person.id)}?outcome=1`, 303)
    },
  )
}

const errorDoc = () => z.toJSONSchema(errorsResponse)
const errorResponses = () => ({ 400: errorDoc(), 403: errorDoc(), 404: errorDoc(), 409: errorDoc() })
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

/** Notifications and suspected breaches for partner systems (contract: /api/v1/people/{id}/notifications). */
export async function notificationsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Notifications']

  app.get(
    '/api/v1/people/:id/notifications',
    {
      config: { access: 'person:view', audit: { event: 'NOTIFICATIONS_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Notifications made, and what is due and overdue from the rules (SOA 2003 ss.83–86)',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(notificationsResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const status = await service.notificationStatus(db, person, today())
      return {
        items: status.events.map(service.notificationJson),
        nextPeriodicDue: status.nextPeriodic?.dueDate ?? null,
        due: status.items.filter((i) => i.status !== 'done'),
        missing: status.missing,
      }
    },
  )

  app.post(
    '/api/v1/people/:id/notifications',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_RECORDED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Record a notification the person made',
        description:
          '`kind` selects the `details` asked for: `change` (what, changeDate, newValue, noFixedAbode), `travel` (departureDate, destination, returnDate, knownOn), `child_household` (address, startDate, endDate), `weekly_no_fixed_abode` (whereFound); `initial` and `periodic` take optional notes. `officerId` defaults to the signed-in user.',
        params: z.toJSONSchema(idParams),
        body: doc(notificationBody('2100-01-01')),
        response: { 201: z.toJSONSchema(notificationJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const parsed = notificationBody(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.recordNotification(db, request.principal!, person.id, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      const event = (await service.eventsOf(db, person.id)).find((e) => e.id === result.id)!
      return reply
        .code(201)
        .header('location', paths.api.notifications(person.id))
        .send(service.notificationJson(event))
    },
  )

  app.get(
    '/api/v1/people/:id/notification-breaches',
    {
      config: {
        access: 'person:view',
        audit: { event: 'NOTIFICATION_BREACHES_VIEWED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Suspected breaches of the notification requirements, with their outcomes',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(z.object({ items: z.array(breachJsonSchema) })) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return { items: (await service.breachesOf(db, person.id)).map(service.breachJson) }
    },
  )

  app.post(
    '/api/v1/people/:id/notification-breaches',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_BREACH_RECORDED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Record a suspected breach (its outcome starts as pending)',
        params: z.toJSONSchema(idParams),
        body: doc(breachBody('2100-01-01')),
        response: { 201: z.toJSONSchema(breachJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const parsed = breachBody(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const id = await service.recordBreach(db, request.principal!, person.id, parsed.data)
      const breach = (await service.findBreach(db, person.id, id))!
      return reply
        .code(201)
        .header('location', paths.api.notificationBreach(person.id, id))
        .send(service.breachJson(breach))
    },
  )

  app.get(
    '/api/v1/people/:id/notification-breaches/:breachId',
    {
      config: {
        access: 'person:view',
        audit: { event: 'NOTIFICATION_BREACHES_VIEWED', recordType: 'person' },
      },
      schema: { tags, summary: 'One suspected breach', params: z.toJSONSchema(breachParams) },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const params = breachParams.safeParse(request.params)
      const breach = params.success
        ? await service.findBreach(db, person.id, params.data.breachId)
        : undefined
      if (!breach)
        return reply.code(404).send({ errors: [{ path: 'breachId', message: 'No breach with that id' }] })
      return service.breachJson(breach)
    },
  )

  app.patch(
    '/api/v1/people/:id/notification-breaches/:breachId',
    {
      config: {
        access: 'notification:record',
        audit: { event: 'NOTIFICATION_BREACH_OUTCOME_RECORDED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Record the outcome of a suspected breach (send the version you read)',
        params: z.toJSONSchema(breachParams),
        body: doc(breachOutcomeBody('2100-01-01')),
        response: { 200: z.toJSONSchema(breachJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'notification:record')
      if (!person) return reply
      const params = breachParams.safeParse(request.params)
      if (!params.success)
        return reply.code(404).send({ errors: [{ path: 'breachId', message: 'No breach with that id' }] })
      const parsed = breachOutcomeBody(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.setBreachOutcome(
        db,
        request.principal!,
        person.id,
        params.data.breachId,
        parsed.data,
      )
      if (result.kind === 'not_found')
        return reply.code(404).send({ errors: [{ path: 'breachId', message: 'No breach with that id' }] })
      if (result.kind === 'stale')
        return reply.code(409).send({
          errors: [
            {
              path: 'version',
              message: `The breach has changed since version ${parsed.data.version} was read; read it again (now version ${result.current.version})`,
            },
          ],
        })
      return service.breachJson(result.breach)
    },
  )
}
