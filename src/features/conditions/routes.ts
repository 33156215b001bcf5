import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { dateFromParts, dateParts } from '../../web/date-input.js'
import { staleErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { kindLabel as zoneKindLabel, zonesOf } from '../zones/service.js'
import { DETAIL_FIELDS, type FormValues, conditionToValues, formErrors, formToBody } from './form.js'
import {
  CONDITION_KINDS,
  CONDITION_SOURCES,
  type ConditionKind,
  conditionBody,
  conditionChange,
  conditionEnd,
  conditionResponse,
  isConditionKind,
  labelOf,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const conditionParams = z.object({ id: z.uuid(), conditionId: z.uuid() })
const conditionIdOf = (request: FastifyRequest) => conditionParams.safeParse(request.params).data?.conditionId

const STATUS_TAGS = {
  active: { text: 'In force', classes: 'govuk-tag--green' },
  future: { text: 'Not started', classes: 'govuk-tag--blue' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
} as const

const ORDER_LABELS: Record<string, string> = {
  shpo: 'SHPO',
  interim_shpo: 'Interim SHPO',
  sro: 'SRO',
  notification_order: 'Notification order',
  restraining_order: 'Restraining order',
  licence: 'Licence',
  sopo: 'SOPO',
  other: 'Other order',
}

/** A condition's details as lines for the summary: "Curfew: 19:00 to 07:00" … */
function detailLines(c: service.Condition): string[] {
  const d = c.details
  const s = (key: string) => (typeof d[key] === 'string' && d[key] ? String(d[key]) : undefined)
  switch (c.kind) {
    case 'no_contact':
      return [
        `Must not contact: ${s('name') ?? 'not named'}${s('relationship') ? ` (${s('relationship')})` : ''}`,
      ]
    case 'inclusion_curfew':
      return [`At: ${s('address')}`, `Hours: ${s('from')} to ${s('to')}${s('days') ? `, ${s('days')}` : ''}`]
    case 'residence':
      return [
        `Must live at: ${s('address')}`,
        ...(d.approvedPremises
          ? [`Approved Premises${s('premisesName') ? `: ${s('premisesName')}` : ''}`]
          : []),
      ]
    case 'reporting':
      return [`Report to: ${s('place')}`, `How often: ${s('frequency')}`]
    case 'travel':
      return s('area') ? [`Restricted: ${s('area')}`] : []
    case 'internet_device':
      return s('devices') ? [`Restricted: ${s('devices')}`] : []
    default:
      return []
  }
}

const recordLink = (c: service.Condition) =>
  c.kind === 'no_contact' && typeof c.details.personId === 'string'
    ? paths.people.show(c.details.personId)
    : undefined

/** Conditions and prohibitions, and the zones that enforce them, in the browser. */
export async function conditionsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/conditions',
    { config: { access: 'person:view', audit: { event: 'CONDITIONS_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const day = today()
      const [conditions, zones, orders] = await Promise.all([
        service.conditionsOf(db, person.id, day),
        zonesOf(db, person.id, day),
        service.ordersOf(db, person.id),
      ])
      const mayManage = mayDo(request.principal, 'risk:manage')
      const view = (c: service.Condition) => ({
        ...c,
        kindText: labelOf(CONDITION_KINDS, c.kind),
        sourceText: labelOf(CONDITION_SOURCES, c.source),
        orderText:
          orders.find((o) => o.id === c.orderId) &&
          ORDER_LABELS[orders.find((o) => o.id === c.orderId)!.kind],
        statusTag: STATUS_TAGS[c.status],
        lines: detailLines(c),
        recordHref: recordLink(c),
        zones: zones
          .filter((z) => z.conditionId === c.id)
          .map((z) => ({ name: z.name, href: paths.people.zone(person.id, z.id) })),
        changeHref:
          mayManage && c.status !== 'ended' ? paths.people.changeCondition(person.id, c.id) : undefined,
        endHref: mayManage && c.status !== 'ended' ? paths.people.endCondition(person.id, c.id) : undefined,
      })
      const saved = (request.query as { saved?: string }).saved
      return reply.render('features/conditions/views/conditions.njk', {
        pageTitle: `Conditions and zones: ${person.givenName} ${person.familyName}`,
        sectionTitle: 'Conditions and zones',
        backLink: paths.people.show(person.id),
        person,
        recordNav: recordNavigation(person.id, 'conditions'),
        current: conditions.filter((c) => c.status !== 'ended').map(view),
        ended: conditions.filter((c) => c.status === 'ended').map(view),
        zones: zones.map((z) => ({
          ...z,
          kindText: zoneKindLabel(z.kind),
          statusTag: STATUS_TAGS[z.status],
          href: paths.people.zone(person.id, z.id),
        })),
        mayManage,
        newConditionHref: paths.people.newCondition(person.id),
        newZoneHref: paths.people.newZone(person.id),
        saved: typeof saved === 'string' ? saved : undefined,
      })
    },
  )

  const kindOf = (request: FastifyRequest): ConditionKind | undefined => {
    const q = (request.query as { kind?: unknown }).kind
    const b = (request.body as { kind?: unknown } | undefined)?.kind
    const kind = b ?? q
    return isConditionKind(kind) ? kind : undefined
  }

  const formPage = async (
    reply: FastifyReply,
    status: number,
    data: {
      person: PersonRecord
      kind: ConditionKind
      action: 'add' | 'change'
      values: FormValues
      actionUrl: string
    } & Record<string, unknown>,
  ) => {
    const orders = await service.ordersOf(db, data.person.id)
    return reply.code(status).render('features/conditions/views/condition-form.njk', {
      pageTitle:
        data.action === 'add'
          ? `Add a condition: ${labelOf(CONDITION_KINDS, data.kind).toLowerCase()}`
          : `Change a condition: ${labelOf(CONDITION_KINDS, data.kind).toLowerCase()}`,
      sectionTitle: 'Conditions and zones',
      backLink: paths.people.conditions(data.person.id),
      recordNav: recordNavigation(data.person.id, 'conditions'),
      sources: CONDITION_SOURCES.map((s) => ({
        value: s.value,
        text: s.text,
        checked: data.values.source === s.value,
      })),
      orders: [
        { value: '', text: 'Not linked to a recorded order' },
        ...orders.map((o) => ({
          value: o.id,
          text: `${ORDER_LABELS[o.kind] ?? o.kind}${o.madeOn ? ` made ${o.madeOn}` : ''}`,
          selected: data.values.orderId === o.id,
        })),
      ],
      detailFields: DETAIL_FIELDS[data.kind],
      submitText: data.action === 'add' ? 'Save condition' : 'Save the change',
      ...data,
    })
  }

  app.get('/people/:id/conditions/new', { config: { access: 'risk:manage' } }, async (request, reply) => {
    const person = await personForRequest(db, request, reply, 'risk:manage')
    if (!person) return reply
    const kind = kindOf(request)
    if (!kind)
      return reply.render('features/conditions/views/choose-kind.njk', {
        pageTitle: 'Add a condition or prohibition',
        sectionTitle: 'Conditions and zones',
        backLink: paths.people.conditions(person.id),
        person,
        recordNav: recordNavigation(person.id, 'conditions'),
        action: paths.people.newCondition(person.id),
        kinds: CONDITION_KINDS,
        missing: (request.query as { kind?: string }).kind !== undefined,
      })
    return formPage(reply, 200, {
      person,
      kind,
      action: 'add',
      values: dateParts('startsOn', today()),
      actionUrl: paths.people.newCondition(person.id),
    })
  })

  app.post(
    '/people/:id/conditions/new',
    { config: { access: 'risk:manage', audit: { event: 'CONDITION_ADDED', recordType: 'condition' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const kind = kindOf(request)
      if (!kind) return reply.redirect(paths.people.newCondition(person.id, ''), 303)
      const values = (request.body ?? {}) as FormValues
      const { body, problems } = formToBody(kind, values, 'add')
      const result = problems.length
        ? undefined
        : await service.addCondition(db, request.principal!, person.id, body)
      if (result?.kind === 'written') {
        request.audited = { recordId: result.id }
        return reply.redirect(`${paths.people.conditions(person.id)}?saved=added`, 303)
      }
      const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
      // Dates that cannot be read: report the other problems with them.
      if (!result) all.push(...service.shapeProblems(body).filter((p) => !all.some((q) => q.path === p.path)))
      return formPage(reply, 400, {
        person,
        kind,
        action: 'add',
        values,
        actionUrl: paths.people.newCondition(person.id),
        ...formErrors(all),
      })
    },
  )

  const loadCondition = async (request: FastifyRequest, reply: FastifyReply) => {
    const person = await personForRequest(db, request, reply, 'risk:manage')
    if (!person) return undefined
    const conditionId = conditionIdOf(request)
    const condition = conditionId && (await service.findCondition(db, person.id, conditionId, today()))
    if (!condition) {
      await reply.callNotFound()
      return undefined
    }
    request.audited = { recordId: condition.id }
    return { person, condition }
  }

  const viewed = { event: 'CONDITIONS_VIEWED', recordType: 'condition' }
  app.get(
    '/people/:id/conditions/:conditionId/change',
    { config: { access: 'risk:manage', audit: viewed } },
    async (request, reply) => {
      const found = await loadCondition(request, reply)
      if (!found) return reply
      const { person, condition } = found
      return formPage(reply, 200, {
        person,
        kind: condition.kind as ConditionKind,
        action: 'change',
        values: conditionToValues(condition),
        actionUrl: paths.people.changeCondition(person.id, condition.id),
      })
    },
  )

  app.post(
    '/people/:id/conditions/:conditionId/change',
    { config: { access: 'risk:manage', audit: { event: 'CONDITION_CHANGED', recordType: 'condition' } } },
    async (request, reply) => {
      const found = await loadCondition(request, reply)
      if (!found) return reply
      const { person, condition } = found
      const kind = condition.kind as ConditionKind
      const values = (request.body ?? {}) as FormValues
      const actionUrl = paths.people.changeCondition(person.id, condition.id)
      const { body, problems } = formToBody(kind, values, 'change')
      if (problems.length)
        return formPage(reply, 400, {
          person,
          kind,
          action: 'change',
          values,
          actionUrl,
          ...formErrors(problems),
        })
      const result = await service.changeCondition(
        db,
        request.principal!,
        person.id,
        condition.id,
        body,
        today(),
      )
      if (result.kind === 'written')
        return reply.redirect(`${paths.people.conditions(person.id)}?saved=changed`, 303)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'stale')
        return formPage(reply, 409, {
          person,
          kind,
          action: 'change',
          values: { ...values, version: String(result.current.version) },
          actionUrl,
          stale: true,
          currentLines: [result.current.wording, ...detailLines(result.current)],
          errorList: [
            {
              text: 'Someone else changed this condition while you were working on it. Check it below, then save again.',
              href: '#main-content',
            },
          ],
        })
      return formPage(reply, 400, {
        person,
        kind,
        action: 'change',
        values,
        actionUrl,
        ...formErrors(result.problems),
      })
    },
  )

  const endPage = (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; condition: service.Condition; values: FormValues } & Record<
      string,
      unknown
    >,
  ) =>
    reply.code(status).render('features/conditions/views/end-condition.njk', {
      pageTitle: 'End this condition',
      sectionTitle: 'Conditions and zones',
      backLink: paths.people.conditions(data.person.id),
      recordNav: recordNavigation(data.person.id, 'conditions'),
      actionUrl: paths.people.endCondition(data.person.id, data.condition.id),
      summary: service.summary(data.condition.kind, data.condition.source, data.condition.details),
      ...data,
    })

  app.get(
    '/people/:id/conditions/:conditionId/end',
    { config: { access: 'risk:manage', audit: viewed } },
    async (request, reply) => {
      const found = await loadCondition(request, reply)
      if (!found) return reply
      return endPage(reply, 200, {
        ...found,
        values: { version: String(found.condition.version), ...dateParts('endsOn', today()) },
      })
    },
  )

  app.post(
    '/people/:id/conditions/:conditionId/end',
    { config: { access: 'risk:manage', audit: { event: 'CONDITION_ENDED', recordType: 'condition' } } },
    async (request, reply) => {
      const found = await loadCondition(request, reply)
      if (!found) return reply
      const { person, condition } = found
      const values = (request.body ?? {}) as FormValues
      const endsOn = dateFromParts(values, 'endsOn', 'End date')
      if (!endsOn.value)
        return endPage(reply, 400, {
          person,
          condition,
          values,
          ...formErrors([{ path: 'endsOn', message: endsOn.error ?? 'Enter the date the condition ends' }]),
        })
      const result = await service.endCondition(
        db,
        request.principal!,
        person.id,
        condition.id,
        { version: Number(values.version), endsOn: endsOn.value },
        today(),
      )
      if (result.kind === 'written')
        return reply.redirect(`${paths.people.conditions(person.id)}?saved=ended`, 303)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'stale')
        return endPage(reply, 409, {
          person,
          condition: result.current,
          values: { ...values, version: String(result.current.version) },
          errorList: [
            {
              text: 'Someone else changed this condition while you were working on it. Check it, then end it again.',
              href: '#main-content',
            },
          ],
        })
      return endPage(reply, 400, { person, condition, values, ...formErrors(result.problems) })
    },
  )
}

const errorsDoc = z.toJSONSchema(
  z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
)
const noCondition = { errors: [{ path: 'conditionId', message: 'No condition with that id' }] }
const DETAILS_DOC =
  'Kind-specific `details`: no_contact `{personId?, name?, relationship?}` (one of personId or name); inclusion_curfew `{address, from, to, days?}` (times HH:MM); residence `{address, approvedPremises, premisesName?}`; reporting `{place, frequency}`; travel `{area?}`; internet_device `{devices?}`; exclusion_zone and other `{}` (link a zone to an exclusion-zone condition with the zone’s `conditionId`). Dates are YYYY-MM-DD.'

/** Conditions and prohibitions for partner systems (contract: /api/v1/people/{id}/conditions). */
export async function conditionsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Conditions and zones']

  const written = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    result: service.WriteResult,
    status: number,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(noCondition)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'stale':
        return reply.code(409).send(staleErrors('The condition', result.current.version))
      case 'written': {
        request.audited = { recordId: result.id }
        const condition = (await service.findCondition(db, personId, result.id, today()))!
        return reply
          .code(status)
          .header('location', paths.api.condition(personId, result.id))
          .send(service.conditionJson(condition))
      }
    }
  }

  app.get(
    '/api/v1/people/:id/conditions',
    {
      config: { access: 'person:view', audit: { event: 'CONDITIONS_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'A person’s licence conditions and order prohibitions, in force and ended',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(z.object({ items: z.array(conditionResponse) })) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return { items: (await service.conditionsOf(db, person.id, today())).map(service.conditionJson) }
    },
  )

  app.post(
    '/api/v1/people/:id/conditions',
    {
      config: { access: 'risk:manage', audit: { event: 'CONDITION_ADDED', recordType: 'condition' } },
      schema: {
        tags,
        summary: 'Add a licence condition or order prohibition',
        description: DETAILS_DOC,
        params: z.toJSONSchema(idParams),
        body: z.toJSONSchema(conditionBody, { io: 'input', unrepresentable: 'any' }),
        response: { 201: z.toJSONSchema(conditionResponse), 400: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const result = await service.addCondition(db, request.principal!, person.id, request.body ?? {})
      return written(request, reply, person.id, result, 201)
    },
  )

  app.get(
    '/api/v1/people/:id/conditions/:conditionId',
    {
      config: { access: 'person:view', audit: { event: 'CONDITIONS_VIEWED', recordType: 'condition' } },
      schema: {
        tags,
        summary: 'One condition',
        params: z.toJSONSchema(conditionParams),
        response: { 200: z.toJSONSchema(conditionResponse), 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const conditionId = conditionIdOf(request)
      const condition = conditionId && (await service.findCondition(db, person.id, conditionId, today()))
      if (!condition) return reply.code(404).send(noCondition)
      request.audited = { recordId: condition.id }
      return service.conditionJson(condition)
    },
  )

  app.patch(
    '/api/v1/people/:id/conditions/:conditionId',
    {
      config: { access: 'risk:manage', audit: { event: 'CONDITION_CHANGED', recordType: 'condition' } },
      schema: {
        tags,
        summary: 'Change a condition’s source, wording, dates or details',
        description: `Send the \`version\` you read: if the condition has changed since, nothing is written and the answer is 409. Fields left out keep their values; \`details\` is replaced whole. The kind cannot change. ${DETAILS_DOC}`,
        params: z.toJSONSchema(conditionParams),
        body: z.toJSONSchema(conditionChange, { io: 'input', unrepresentable: 'any' }),
        response: { 200: z.toJSONSchema(conditionResponse), 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const conditionId = conditionIdOf(request)
      if (!conditionId) return reply.code(404).send(noCondition)
      const result = await service.changeCondition(
        db,
        request.principal!,
        person.id,
        conditionId,
        request.body ?? {},
        today(),
      )
      return written(request, reply, person.id, result, 200)
    },
  )

  app.post(
    '/api/v1/people/:id/conditions/:conditionId/end',
    {
      config: { access: 'risk:manage', audit: { event: 'CONDITION_ENDED', recordType: 'condition' } },
      schema: {
        tags,
        summary: 'End a condition on a date (it stays in the record as ended)',
        description: 'Send the `version` you read: if the condition has changed since, the answer is 409.',
        params: z.toJSONSchema(conditionParams),
        body: z.toJSONSchema(conditionEnd, { io: 'input' }),
        response: { 200: z.toJSONSchema(conditionResponse), 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const conditionId = conditionIdOf(request)
      if (!conditionId) return reply.code(404).send(noCondition)
      const result = await service.endCondition(
        db,
        request.principal!,
        person.id,
        conditionId,
        request.body ?? {},
        today(),
      )
      return written(request, reply, person.id, result, 200)
    },
  )
}
