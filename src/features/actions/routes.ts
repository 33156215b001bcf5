import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { areaNames } from '../../security/accounts.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import { dateParts } from '../../web/date-input.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import {
  type MeetingCaseRow,
  type MeetingRow,
  meetingCaseFor,
  meetingCaseForRequest,
} from '../meetings/access.js'
import { meetingsDashboard } from './dashboard.js'
import {
  type FormValues,
  formErrors,
  readActionForm,
  readCancellationForm,
  readCompletionForm,
} from './form.js'
import { actionBody, actionJsonSchema, errorsResponse, ledgerQuery, statusPatch } from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const notFoundJson = { errors: [{ path: 'id', message: 'No action with that id' }] }

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  open: { text: 'Open', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--grey' },
}
const statusTag = (row: { status: string; overdue: boolean }) =>
  STATUS_TAGS[row.overdue ? 'overdue' : row.status] ?? STATUS_TAGS.open!

const LIST_LABELS: Record<service.LedgerList, string> = {
  mine: 'My actions',
  agency: 'My agency’s actions',
  area: 'Area actions',
}

/** The action a request is about, or the 404/403 it gets; marks the request audited. */
async function actionForRequest(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  permission: 'meeting:view' | 'action:update',
) {
  const params = idParams.safeParse(request.params)
  const access = params.success
    ? await service.actionFor(db, request.principal!, params.data.id, permission, today())
    : ({ kind: 'not_found' } as const)
  if (access.kind === 'not_found') {
    await (isApiRequest(request) ? reply.code(404).send(notFoundJson) : reply.callNotFound())
    return undefined
  }
  if (access.kind === 'denied') {
    await refuseForbidden(request, reply, access.message)
    return undefined
  }
  request.audited = { recordId: access.action.action.id }
  return access.action
}

const personName = (person: { givenName: string; familyName: string } | null) =>
  person ? `${person.givenName} ${person.familyName}` : 'Restricted record'

/** The action ledger, one action, setting actions at a meeting and closing them, in the browser. */
export async function actionsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    paths.actions.list(),
    { config: { access: 'meeting:view', audit: { event: 'ACTIONS_VIEWED', recordType: 'meeting_action' } } },
    async (request, reply) => {
      const principal = request.principal!
      const q = ledgerQuery.parse(request.query ?? {})
      const lists = service.ledgerLists(principal)
      const list = q.scope && lists.includes(q.scope) ? q.scope : lists[0]!
      const result = await service.ledger(db, principal, list, q, today())
      const current = {
        scope: list === lists[0] ? undefined : list,
        status: q.status === 'open' ? undefined : q.status,
        overdue: q.overdue ? 'yes' : undefined,
        agency: q.agency || undefined,
        order: q.order === 'asc' ? undefined : q.order,
      }
      const pages = Math.max(1, Math.ceil(result.total / service.PAGE_SIZE))
      return reply.render('features/actions/views/ledger.njk', {
        pageTitle: LIST_LABELS[list],
        list,
        q,
        total: result.total,
        action: paths.actions.list(),
        lists: lists.map((l) => ({
          text: LIST_LABELS[l],
          href: paths.actions.list({ ...current, scope: l === lists[0] ? undefined : l, agency: undefined }),
          current: l === list,
          value: l,
        })),
        agencies: result.agencies,
        rows: result.rows.map(service.actionJson).map((a) => ({
          ...a,
          href: paths.actions.show(a.id),
          personText: personName(a.person),
          tag: statusTag(a),
        })),
        sortHref: paths.actions.list({ ...current, order: q.order === 'asc' ? 'desc' : undefined }),
        ariaSort: q.order === 'asc' ? 'ascending' : 'descending',
        pagination: {
          previous: q.page > 1 ? { href: paths.actions.list({ ...current, page: q.page - 1 }) } : undefined,
          next: q.page < pages ? { href: paths.actions.list({ ...current, page: q.page + 1 }) } : undefined,
        },
      })
    },
  )

  app.get(
    '/actions/:id',
    { config: { access: 'meeting:view', audit: { event: 'ACTION_VIEWED', recordType: 'meeting_action' } } },
    async (request, reply) => {
      const action = await actionForRequest(db, request, reply, 'meeting:view')
      if (!action) return reply
      const history = await service.actionHistory(db, action)
      const query = request.query as Record<string, string | undefined>
      return reply.render('features/actions/views/action.njk', {
        pageTitle: 'Meeting action',
        backLink: paths.actions.list(),
        a: service.actionJson(action),
        tag: statusTag({ status: action.action.status, overdue: action.overdue }),
        personText: personName(service.actionJson(action).person),
        meetingHref: paths.meetings.show(action.meeting.id),
        mayUpdate: service.mayUpdate(request.principal!, action),
        completeHref: paths.actions.complete(action.action.id),
        cancelHref: paths.actions.cancel(action.action.id),
        banner:
          query.closed === 'done'
            ? 'The action is done'
            : query.closed === 'cancelled'
              ? 'The action is cancelled'
              : query.set === '1'
                ? 'The action has been set'
                : undefined,
        history: history.map((h) => ({
          title: h.title,
          lines: (h.detail ?? '').split('\n').filter(Boolean),
          at: h.at.toISOString(),
          actorName: h.actorName,
        })),
      })
    },
  )

  const closeForm = (
    reply: FastifyReply,
    status: number,
    data: {
      action: NonNullable<service.ActionDetail>
      kind: 'complete' | 'cancel'
      values: FormValues
    } & Record<string, unknown>,
  ) =>
    reply.code(status).render('features/actions/views/close-form.njk', {
      pageTitle: data.kind === 'complete' ? 'Mark the action as done' : 'Cancel the action',
      backLink: paths.actions.show(data.action.action.id),
      formAction:
        data.kind === 'complete'
          ? paths.actions.complete(data.action.action.id)
          : paths.actions.cancel(data.action.action.id),
      a: service.actionJson(data.action),
      ...data,
    })

  for (const kind of ['complete', 'cancel'] as const) {
    const path = kind === 'complete' ? '/actions/:id/complete' : '/actions/:id/cancel'
    app.get(
      path,
      {
        config: {
          access: 'action:update',
          audit: { event: 'ACTION_UPDATE_FORM_VIEWED', recordType: 'meeting_action' },
        },
      },
      async (request, reply) => {
        const action = await actionForRequest(db, request, reply, 'action:update')
        if (!action) return reply
        if (action.action.status !== 'open') return reply.redirect(paths.actions.show(action.action.id), 303)
        return closeForm(reply, 200, {
          action,
          kind,
          values: {
            version: String(action.action.version),
            ...(kind === 'complete' ? dateParts('completedOn', today()) : {}),
          },
        })
      },
    )

    app.post(
      path,
      {
        config: { access: 'action:update', audit: { event: 'ACTION_UPDATED', recordType: 'meeting_action' } },
      },
      async (request, reply) => {
        const action = await actionForRequest(db, request, reply, 'action:update')
        if (!action) return reply
        const values = (request.body ?? {}) as FormValues
        const form = kind === 'complete' ? readCompletionForm(values, today()) : readCancellationForm(values)
        if (!form.ok) return closeForm(reply, 400, { action, kind, values, ...formErrors(form.problems) })
        const result = await service.closeAction(db, request.principal!, action, form.data, today())
        if (result.kind === 'updated')
          return reply.redirect(
            `${paths.actions.show(action.action.id)}?closed=${result.action.action.status}`,
            303,
          )
        if (result.kind === 'invalid')
          return closeForm(reply, 400, { action, kind, values, ...formErrors(result.problems) })
        // Nothing is overwritten: the text typed is kept, against the version now saved.
        return closeForm(reply, 409, {
          action: result.current,
          kind,
          values: { ...values, version: String(result.current.action.version) },
          stale: true,
          errorList: [
            {
              text:
                result.current.action.status === 'open'
                  ? 'Someone else changed this action while you were editing. Check it, then save again.'
                  : `Someone else has already marked this action ${result.current.action.status}. What you typed is below.`,
              href: kind === 'complete' ? '#evidence' : '#reason',
            },
          ],
        })
      },
    )
  }

  const actionForm = async (
    reply: FastifyReply,
    status: number,
    data: { meeting: MeetingRow; meetingCase: MeetingCaseRow; values: FormValues } & Record<string, unknown>,
  ) => {
    const options = await service.ownerOptions(db, data.meeting)
    const agencyName = new Map(options.agencies.map((a) => [a.id, a.name]))
    return reply.code(status).render('features/actions/views/action-form.njk', {
      pageTitle: 'Set an action',
      backLink: paths.meetings.minutes(data.meeting.id, data.meetingCase.id),
      formAction: paths.meetings.newAction(data.meeting.id, data.meetingCase.id),
      closed: service.closedMessage(data.meeting),
      agencies: [
        { value: '', text: 'Select an agency' },
        ...options.agencies.map((a) => ({
          value: a.id,
          text: a.name,
          selected: a.id === data.values.ownerAgencyId,
        })),
      ],
      owners: [
        { value: '', text: 'Nobody with an account' },
        ...options.people.map((p) => ({
          value: p.userId,
          text: `${p.displayName} (${agencyName.get(p.agencyId) ?? ''})`,
          selected: p.userId === data.values.ownerUserId,
        })),
      ],
      ...data,
    })
  }

  app.get(
    '/meetings/:id/cases/:caseId/actions/new',
    { config: { access: 'meeting:minute', audit: { event: 'ACTION_FORM_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const access = await meetingCaseForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      return actionForm(reply, 200, { meeting: access.meeting, meetingCase: access.meetingCase, values: {} })
    },
  )

  app.post(
    '/meetings/:id/cases/:caseId/actions/new',
    {
      config: { access: 'meeting:minute', audit: { event: 'ACTION_CREATED', recordType: 'meeting_action' } },
    },
    async (request, reply) => {
      const access = await meetingCaseForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readActionForm(values)
      const result = form.ok
        ? await service.createAction(
            db,
            request.principal!,
            access.meeting,
            access.meetingCase,
            form.data,
            today(),
          )
        : ({ kind: 'invalid', problems: form.problems } as const)
      if (result.kind === 'created') {
        request.audited = { recordId: result.id }
        return reply.redirect(
          `${paths.meetings.minutes(access.meeting.id, access.meetingCase.id)}#actions`,
          303,
        )
      }
      const { meeting, meetingCase } = access
      // The page says why (closedMessage): nothing can be set at this meeting any more.
      if (result.kind === 'closed') return actionForm(reply, 409, { meeting, meetingCase, values })
      return actionForm(reply, 400, { meeting, meetingCase, values, ...formErrors(result.problems) })
    },
  )

  app.get(
    paths.meetingsDashboard(),
    {
      config: {
        access: 'meeting:manage',
        audit: { event: 'MEETINGS_DASHBOARD_VIEWED', recordType: 'dashboard' },
      },
    },
    async (request, reply) => {
      const dashboard = await meetingsDashboard(db, request.principal!, today())
      return reply.render('features/actions/views/dashboard.njk', {
        pageTitle: 'Meetings and actions',
        areaName: areaNames(dashboard.areaCodes),
        ...dashboard,
      })
    },
  )
}

const errorDoc = () => z.toJSONSchema(errorsResponse)
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

/** The action ledger for partner systems (contract: /api/v1/actions). */
export async function actionsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Meeting actions']

  app.get(
    paths.api.actions(),
    {
      config: { access: 'meeting:view', audit: { event: 'ACTIONS_VIEWED', recordType: 'meeting_action' } },
      schema: {
        tags,
        summary:
          'Meeting actions: the caller’s own, their agency’s, or (responsible-authority staff) the area’s',
        description:
          '`scope`: `mine` (actions the user owns; the default for users), `agency` (actions the caller’s agency owns; the default for systems) or `area` (every action set at the area’s meetings: police, probation and prison only). `status` is open (the default), done, cancelled or all; `overdue=true` narrows to open actions past their due date; `agency` is an owner agency code; `order` sorts by due date.',
        querystring: doc(ledgerQuery),
        response: {
          200: z.toJSONSchema(
            z.object({
              scope: z.enum(['mine', 'agency', 'area']),
              items: z.array(actionJsonSchema),
              page: z.number(),
              pageSize: z.number(),
              total: z.number(),
            }),
          ),
          403: errorDoc(),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      const q = ledgerQuery.parse(request.query ?? {})
      const lists = service.ledgerLists(principal)
      if (q.scope && !lists.includes(q.scope))
        return reply.code(403).send({
          errors: [
            {
              path: 'scope',
              message:
                q.scope === 'mine'
                  ? 'A system owns no actions of its own: ask for scope=agency'
                  : 'Only police, probation and prison staff see the whole area’s actions',
            },
          ],
        })
      const scope = q.scope ?? lists[0]!
      const result = await service.ledger(db, principal, scope, q, today())
      return {
        scope,
        items: result.rows.map(service.actionJson),
        page: q.page,
        pageSize: service.PAGE_SIZE,
        total: result.total,
      }
    },
  )

  app.post(
    paths.api.actions(),
    {
      config: { access: 'meeting:minute', audit: { event: 'ACTION_CREATED', recordType: 'meeting_action' } },
      schema: {
        tags,
        summary: 'Set an action at a meeting, about one case on its agenda',
        description:
          '`ownerAgencyId` is an agency of the meeting’s area or one invited to it; `ownerUserId` a user of that agency, or leave it out and give `ownerName` for someone without an account (or neither while nobody is named). `dueOn` is on or after the meeting. Refused with 409 once the minutes are finalised or the meeting is cancelled.',
        body: doc(actionBody),
        response: {
          201: z.toJSONSchema(actionJsonSchema),
          400: errorDoc(),
          403: errorDoc(),
          404: errorDoc(),
          409: errorDoc(),
        },
      },
    },
    async (request, reply) => {
      const parsed = actionBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const principal = request.principal!
      const access = await meetingCaseFor(
        db,
        principal,
        parsed.data.meetingId,
        parsed.data.caseId,
        'meeting:minute',
      )
      if (access.kind === 'not_found')
        return reply
          .code(404)
          .send({ errors: [{ path: 'caseId', message: 'No such case on that meeting’s agenda' }] })
      if (access.kind === 'denied')
        return reply.code(403).send({ errors: [{ path: '', message: access.message }] })
      const result = await service.createAction(
        db,
        principal,
        access.meeting,
        access.meetingCase,
        parsed.data,
        today(),
      )
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'closed')
        return reply.code(409).send({ errors: [{ path: 'meetingId', message: result.message }] })
      request.audited = { recordId: result.id }
      const created = await service.actionFor(db, principal, result.id, 'meeting:view', today())
      return reply
        .code(201)
        .header('location', paths.api.action(result.id))
        .send(created.kind === 'ok' ? service.actionJson(created.action) : { id: result.id })
    },
  )

  app.get(
    '/api/v1/actions/:id',
    {
      config: { access: 'meeting:view', audit: { event: 'ACTION_VIEWED', recordType: 'meeting_action' } },
      schema: {
        tags,
        summary: 'One meeting action',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(actionJsonSchema), 403: errorDoc(), 404: errorDoc() },
      },
    },
    async (request, reply) => {
      const action = await actionForRequest(db, request, reply, 'meeting:view')
      if (!action) return reply
      return service.actionJson(action)
    },
  )

  app.patch(
    '/api/v1/actions/:id',
    {
      config: { access: 'action:update', audit: { event: 'ACTION_UPDATED', recordType: 'meeting_action' } },
      schema: {
        tags,
        summary: 'Mark an open action done (with evidence and the date) or cancelled (with the reason)',
        description:
          'Send the `version` you read; a stale version is refused with 409 and nothing changes. The owner, anyone of the owner agency and the area’s MAPPA co-ordinator may update an action.',
        params: z.toJSONSchema(idParams),
        body: doc(statusPatch('2100-01-01')),
        response: {
          200: z.toJSONSchema(actionJsonSchema),
          400: errorDoc(),
          403: errorDoc(),
          404: errorDoc(),
          409: errorDoc(),
        },
      },
    },
    async (request, reply) => {
      const action = await actionForRequest(db, request, reply, 'action:update')
      if (!action) return reply
      const parsed = statusPatch(today()).safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.closeAction(db, request.principal!, action, parsed.data, today())
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'stale')
        return reply.code(409).send({
          errors: [
            {
              path: 'version',
              message: `The action has changed since version ${parsed.data.version} was read; read it again (now version ${result.current.action.version})`,
            },
          ],
        })
      return service.actionJson(result.action)
    },
  )
}
