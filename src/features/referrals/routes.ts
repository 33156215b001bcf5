import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import { formatInstant } from '../../web/format.js'
import { apiErrors, dottedPath, parseFormBody, staleErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { personFor } from '../people/service.js'
import { DATE_FIELDS, type FormValues, REQUEST_OPTIONS, formErrors, formToBody, toValues } from './form.js'
import {
  REFERRAL_STATUSES,
  type ReferredForm,
  isReferralStatus,
  listQuery,
  referralBody,
  referralParams,
  referralResponse,
  requestText,
  screeningBody,
  statusTag,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const notFoundJson = { errors: [{ path: 'id', message: 'No referral with that id' }] }

/** The decisions in the screening pages' addresses, and the API's names for them. */
const DECISIONS = {
  accept: 'accept',
  decline: 'decline',
  'request-information': 'request_information',
} as const
type DecisionSlug = keyof typeof DECISIONS

/**
 * The referral a request is about, if the principal may see it: its referrer or the area's
 * co-ordinators (`screen` asks for the latter), and only while they may open the person's record.
 */
async function referralForRequest(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  need: 'view' | 'screen' = 'view',
) {
  const params = referralParams.safeParse(request.params)
  const referral = params.success ? await service.findReferral(db, params.data.id) : undefined
  if (!referral) {
    await (isApiRequest(request) ? reply.code(404).send(notFoundJson) : reply.callNotFound())
    return undefined
  }
  request.audited = { recordId: referral.id }
  const principal = request.principal!
  const allowed =
    need === 'screen' ? service.mayScreen(principal, referral) : service.mayView(principal, referral)
  if (!allowed) {
    await refuseForbidden(
      request,
      reply,
      need === 'screen'
        ? 'Only the MAPPA co-ordinators of the referral’s area can screen it.'
        : 'Only the referrer and the MAPPA co-ordinators of the area can see this referral.',
    )
    return undefined
  }
  const person = await personFor(db, principal, referral.personId, 'person:view', { followMerge: false })
  if (person.kind !== 'ok') {
    await refuseForbidden(
      request,
      reply,
      person.kind === 'denied' ? person.decision.message : 'No such record.',
    )
    return undefined
  }
  return referral
}

const savedQuery = (request: FastifyRequest) => {
  const saved = (request.query as { saved?: unknown }).saved
  return typeof saved === 'string' ? saved : undefined
}

const timelinessText = (t: ReturnType<typeof service.timelinessOf>) => ({
  screening: `${t.screeningWorkingDays} working day${t.screeningWorkingDays === 1 ? '' : 's'}${t.screeningDecided ? '' : ' so far'}`,
  toMeeting:
    t.daysToFirstMeeting === null
      ? 'No meeting yet'
      : `${t.daysToFirstMeeting} day${t.daysToFirstMeeting === 1 ? '' : 's'}`,
})

/** The referral form's sections (MAPPA A), with the record's facts filled in and the referrer's words. */
export async function referralsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const formPage = (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; values: FormValues; action: string; resubmit?: boolean } & Record<
      string,
      unknown
    >,
  ) =>
    reply.code(status).render('features/referrals/views/referral-form.njk', {
      pageTitle: data.resubmit
        ? 'Change the referral and send it again'
        : 'Refer for Level 2 or 3 management',
      sectionTitle: 'Meetings',
      backLink: paths.people.meetings(data.person.id),
      recordNav: recordNavigation(data.person.id, 'meetings'),
      requestOptions: REQUEST_OPTIONS.map((o) => ({
        value: o.value,
        text: o.text,
        hint: 'hint' in o ? { text: o.hint } : undefined,
        checked: data.values.request === o.value,
      })),
      dateFields: DATE_FIELDS,
      ...data,
    })

  /** Problems of the whole form when some dates could not be read, so all are shown at once. */
  const withShapeProblems = (body: Record<string, unknown>, problems: service.Problem[]) => {
    const whole = { ...body, personId: '00000000-0000-4000-8000-000000000000' }
    const parsed = parseFormBody(referralBody, whole, problems, dottedPath)
    return parsed.ok ? [] : parsed.problems
  }

  app.get(
    '/people/:id/referrals/new',
    { config: { access: 'referral:create', audit: { event: 'REFERRAL_FORM_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'referral:create')
      if (!person) return reply
      const [prefill, open] = await Promise.all([
        service.referralPrefill(db, person, today()),
        service.openReferralOf(db, person.id),
      ])
      return formPage(reply, 200, {
        person,
        values: toValues(prefill),
        action: paths.people.newReferral(person.id),
        openReferral: open && { reference: open.reference, href: paths.referrals.show(open.id) },
      })
    },
  )

  app.post(
    '/people/:id/referrals/new',
    { config: { access: 'referral:create', audit: { event: 'REFERRAL_SUBMITTED', recordType: 'referral' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'referral:create')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const action = paths.people.newReferral(person.id)
      const { body, problems } = formToBody(values)
      if (problems.length)
        return formPage(reply, 400, {
          person,
          values,
          action,
          ...formErrors(withShapeProblems(body, problems)),
        })
      const result = await service.createReferral(db, request.principal!, person, body, today())
      if (result.kind === 'written') {
        request.audited = { recordId: result.id }
        return reply.redirect(`${paths.referrals.show(result.id)}?saved=submitted`, 303)
      }
      if (result.kind === 'conflict')
        return formPage(reply, 409, {
          person,
          values,
          action,
          errorList: [{ text: result.message, href: '#main-content' }],
        })
      return formPage(reply, 400, {
        person,
        values,
        action,
        ...formErrors(result.kind === 'invalid' ? result.problems : []),
      })
    },
  )

  app.get(
    '/referrals',
    { config: { access: 'referral:create', audit: { event: 'REFERRALS_LISTED' } } },
    async (request, reply) => {
      const status = (request.query as { status?: unknown }).status
      const filter = isReferralStatus(status) ? status : undefined
      const principal = request.principal!
      const day = today()
      const rows = (await service.referralsFor(db, principal, { status: filter })).map((r) => ({
        ...r,
        href: paths.referrals.show(r.id),
        requestText: requestText(r),
        statusTag: statusTag(r.status),
        timeliness: timelinessText(service.timelinessOf(r, day)),
        awaiting: r.status === 'submitted' && service.mayScreen(principal, r),
      }))
      return reply.render('features/referrals/views/list.njk', {
        pageTitle: 'Referrals',
        awaiting: rows.filter((r) => r.awaiting),
        others: rows.filter((r) => !r.awaiting),
        statusItems: [
          { value: '', text: 'Any status' },
          ...REFERRAL_STATUSES.map((s) => ({ value: s.value, text: s.text, selected: s.value === filter })),
        ],
        filterAction: paths.referrals.list(),
        mayScreen: principal.permissions.has('referral:screen'),
      })
    },
  )

  app.get(
    '/referrals/:id',
    { config: { access: 'referral:create', audit: { event: 'REFERRAL_VIEWED', recordType: 'referral' } } },
    async (request, reply) => {
      const referral = await referralForRequest(db, request, reply)
      if (!referral) return reply
      const principal = request.principal!
      const events = await service.eventsOf(db, referral.id)
      const screenable = referral.status === 'submitted' && service.mayScreen(principal, referral)
      return reply.render('features/referrals/views/referral.njk', {
        pageTitle: `Referral ${referral.reference}`,
        backLink: paths.referrals.list(),
        referral,
        form: referral.form as ReferredForm,
        requestText: requestText(referral),
        statusTag: statusTag(referral.status),
        timeliness: timelinessText(service.timelinessOf(referral, today())),
        timelineItems: events.map((e) => ({
          label: { text: service.EVENT_TITLES[e.kind] ?? e.kind },
          text: e.note ?? '',
          // The MoJ macro formats a calendar date; the time of day goes in the byline.
          datetime: { timestamp: londonDateOf(e.at.toISOString()) },
          byline: { text: `${e.byName ?? 'a partner system'}, ${formatInstant(e.at).split(', ').pop()}` },
          attributes: { 'data-qa': 'referral-event', 'data-kind': e.kind },
        })),
        personHref: paths.people.show(referral.personId),
        meetingHref: referral.meetingId ? paths.meetings.show(referral.meetingId) : undefined,
        screenLinks: screenable
          ? {
              accept: paths.referrals.screen(referral.id, 'accept'),
              decline: paths.referrals.screen(referral.id, 'decline'),
              requestInformation: paths.referrals.screen(referral.id, 'request-information'),
            }
          : undefined,
        editHref:
          referral.status === 'information_requested' && service.isReferrer(principal, referral)
            ? paths.referrals.edit(referral.id)
            : undefined,
        saved: savedQuery(request),
      })
    },
  )

  const editPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    referral: service.ReferralRecord,
    status: number,
    values: FormValues,
    extra: object = {},
  ) => {
    const person = await personFor(db, request.principal!, referral.personId, 'person:view', {
      followMerge: false,
    })
    if (person.kind !== 'ok') return reply.callNotFound()
    const events = await service.eventsOf(db, referral.id)
    return formPage(reply, status, {
      person: person.person,
      values,
      action: paths.referrals.edit(referral.id),
      resubmit: true,
      asked: events.filter((e) => e.kind === 'information_requested').at(-1)?.note,
      ...extra,
    })
  }

  const editable = async (request: FastifyRequest, reply: FastifyReply) => {
    const referral = await referralForRequest(db, request, reply)
    if (!referral) return undefined
    if (!service.isReferrer(request.principal!, referral) || referral.status !== 'information_requested') {
      await reply.redirect(paths.referrals.show(referral.id), 303)
      return undefined
    }
    return referral
  }

  app.get(
    '/referrals/:id/edit',
    { config: { access: 'referral:create', audit: { event: 'REFERRAL_VIEWED', recordType: 'referral' } } },
    async (request, reply) => {
      const referral = await editable(request, reply)
      if (!referral) return reply
      return editPage(request, reply, referral, 200, toValues(referral.form as ReferredForm, referral))
    },
  )

  app.post(
    '/referrals/:id/edit',
    {
      config: { access: 'referral:create', audit: { event: 'REFERRAL_RESUBMITTED', recordType: 'referral' } },
    },
    async (request, reply) => {
      const referral = await editable(request, reply)
      if (!referral) return reply
      const values = (request.body ?? {}) as FormValues
      const { body, problems } = formToBody({ ...values, response: values.response ?? '' })
      if (problems.length)
        return editPage(request, reply, referral, 400, values, formErrors(withShapeProblems(body, problems)))
      const result = await service.resubmitReferral(db, request.principal!, referral.id, body, today())
      switch (result.kind) {
        case 'written':
          return reply.redirect(`${paths.referrals.show(referral.id)}?saved=resubmitted`, 303)
        case 'stale':
          return editPage(
            request,
            reply,
            result.current,
            409,
            { ...values, version: String(result.current.version) },
            {
              errorList: [
                {
                  text: 'The referral changed while you were working on it. Check your entries, then send it again.',
                  href: '#main-content',
                },
              ],
            },
          )
        case 'invalid':
          return editPage(request, reply, referral, 400, values, formErrors(result.problems))
        default:
          return reply.redirect(paths.referrals.show(referral.id), 303)
      }
    },
  )

  const decisionOf = (request: FastifyRequest): DecisionSlug | undefined => {
    const decision = (request.params as { decision?: string }).decision
    return decision && decision in DECISIONS ? (decision as DecisionSlug) : undefined
  }

  const screenPage = async (
    reply: FastifyReply,
    status: number,
    referral: service.ReferralRecord,
    decision: DecisionSlug,
    values: FormValues,
    extra: Record<string, unknown> = {},
  ) => {
    const meetingOptions =
      decision === 'accept'
        ? (await service.meetingsForReferral(db, referral, today())).map((m) => ({
            value: m.id,
            text: `${m.heldOn} at ${m.startsAt}: Level ${m.level}, chaired by ${m.chairName}`,
            hint: {
              text: `${m.caseCount} case${m.caseCount === 1 ? '' : 's'} on the agenda${m.venue ? `; ${m.venue}` : ''}`,
            },
            checked: values.meetingId === m.id,
          }))
        : []
    return reply.code(status).render('features/referrals/views/screen.njk', {
      pageTitle: {
        accept: 'Accept the referral',
        decline: 'Decline the referral',
        'request-information': 'Ask the referrer for more information',
      }[decision],
      backLink: paths.referrals.show(referral.id),
      referral,
      requestText: requestText(referral),
      decision,
      action: paths.referrals.screen(referral.id, decision),
      meetingOptions,
      values: { version: String(referral.version), ...values },
      ...extra,
    })
  }

  app.get(
    '/referrals/:id/screen/:decision',
    { config: { access: 'referral:screen', audit: { event: 'REFERRAL_VIEWED', recordType: 'referral' } } },
    async (request, reply) => {
      const decision = decisionOf(request)
      const referral = decision && (await referralForRequest(db, request, reply, 'screen'))
      if (!decision) return reply.callNotFound()
      if (!referral) return reply
      if (referral.status !== 'submitted') return reply.redirect(paths.referrals.show(referral.id), 303)
      return screenPage(reply, 200, referral, decision, {})
    },
  )

  app.post(
    '/referrals/:id/screen/:decision',
    { config: { access: 'referral:screen', audit: { event: 'REFERRAL_SCREENED', recordType: 'referral' } } },
    async (request, reply) => {
      const decision = decisionOf(request)
      const referral = decision && (await referralForRequest(db, request, reply, 'screen'))
      if (!decision) return reply.callNotFound()
      if (!referral) return reply
      const values = (request.body ?? {}) as FormValues
      // A new meeting is scheduled on the meeting form, which then accepts the referral onto it.
      if (decision === 'accept' && values.meetingId === 'new')
        return reply.redirect(paths.meetings.create({ referral: referral.id, version: values.version }), 303)
      const body = {
        decision: DECISIONS[decision],
        version: Number(values.version),
        ...(decision === 'accept' ? { meetingId: values.meetingId || undefined } : {}),
        ...(decision === 'decline' ? { reason: values.reason ?? '' } : {}),
        ...(decision === 'request-information' ? { information: values.information ?? '' } : {}),
      }
      const result = await service.screenReferral(db, request.principal!, referral.id, body, today())
      switch (result.kind) {
        case 'written':
          return reply.redirect(`${paths.referrals.show(referral.id)}?saved=${decision}`, 303)
        case 'invalid': {
          const errors = Object.fromEntries(result.problems.map((p) => [p.path, p.message]))
          return screenPage(reply, 400, referral, decision, values, {
            errors,
            errorList: Object.entries(errors).map(([id, text]) => ({ text, href: `#${id}` })),
          })
        }
        case 'stale':
          return screenPage(
            reply,
            409,
            result.current,
            decision,
            { ...values, version: String(result.current.version) },
            {
              errorList: [
                {
                  text: 'The referral changed while you were screening it. Check it, then decide again.',
                  href: '#main-content',
                },
              ],
            },
          )
        case 'conflict':
          return screenPage(reply, 409, referral, decision, values, {
            errorList: [{ text: result.message, href: '#main-content' }],
          })
        default:
          return reply.callNotFound()
      }
    },
  )
}

const errorsDoc = z.toJSONSchema(
  z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
)
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

/** Referrals for partner systems (contract: /api/v1/referrals). */
export async function referralsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Referrals']

  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: service.WriteResult,
    status: number,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(notFoundJson)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'forbidden':
        return reply.code(403).send({ errors: [{ path: '', message: result.message }] })
      case 'conflict':
        return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
      case 'stale':
        return reply.code(409).send(staleErrors('The referral', result.current.version))
      case 'written': {
        request.audited = { recordId: result.id }
        const referral = (await service.findReferral(db, result.id))!
        return reply
          .code(status)
          .header('location', paths.api.referral(result.id))
          .send(service.referralJson(referral, today(), await service.eventsOf(db, result.id)))
      }
    }
  }

  app.get(
    '/api/v1/referrals',
    {
      config: { access: 'referral:create', audit: { event: 'REFERRALS_LISTED' } },
      schema: {
        tags,
        summary:
          'Referrals the caller may see: their own, and (co-ordinators) their areas’, awaiting screening first',
        querystring: doc(listQuery),
        response: { 200: z.toJSONSchema(z.object({ items: z.array(referralResponse) })), 400: errorsDoc },
      },
    },
    async (request, reply) => {
      const query = listQuery.safeParse(request.query ?? {})
      if (!query.success) return reply.code(400).send(apiErrors(query.error))
      const day = today()
      const rows = await service.referralsFor(db, request.principal!, query.data)
      return { items: rows.map((r) => service.referralJson(r, day)) }
    },
  )

  app.post(
    '/api/v1/referrals',
    {
      config: { access: 'referral:create', audit: { event: 'REFERRAL_SUBMITTED', recordType: 'referral' } },
      schema: {
        tags,
        summary: 'Refer a case for Level 2 or 3 management, or Category 3 registration (MAPPA A)',
        description:
          'Send `levelRequested` (2 or 3) and/or `categoryThreeRequested`. `form` holds the record’s facts as referred (identity, identifiers, address or `noFixedAbode`, release address, index offences, sentence, dates as YYYY-MM-DD, hospital details): read the record to fill it. A case already waiting for screening cannot be referred again (409).',
        body: doc(referralBody),
        response: {
          201: z.toJSONSchema(referralResponse),
          400: errorsDoc,
          403: errorsDoc,
          404: errorsDoc,
          409: errorsDoc,
        },
      },
    },
    async (request, reply) => {
      const personId = referralBody.shape.personId.safeParse(
        (request.body as { personId?: unknown } | null)?.personId,
      )
      if (!personId.success)
        return reply
          .code(400)
          .send({ errors: [{ path: 'personId', message: 'personId must be the id of a person' }] })
      const access = await personFor(db, request.principal!, personId.data, 'referral:create')
      if (access.kind === 'not_found')
        return reply.code(404).send({ errors: [{ path: 'personId', message: 'No person with that id' }] })
      if (access.kind === 'denied')
        return reply.code(403).send({ errors: [{ path: 'personId', message: access.decision.message }] })
      const person = access.person
      const result = await service.createReferral(db, request.principal!, person, request.body ?? {}, today())
      return answer(request, reply, result, 201)
    },
  )

  app.get(
    '/api/v1/referrals/:id',
    {
      config: { access: 'referral:create', audit: { event: 'REFERRAL_VIEWED', recordType: 'referral' } },
      schema: {
        tags,
        summary: 'One referral, with its events and timeliness',
        params: z.toJSONSchema(referralParams),
        response: { 200: z.toJSONSchema(referralResponse), 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const referral = await referralForRequest(db, request, reply)
      if (!referral) return reply
      return service.referralJson(referral, today(), await service.eventsOf(db, referral.id))
    },
  )

  app.post(
    '/api/v1/referrals/:id/screening',
    {
      config: { access: 'referral:screen', audit: { event: 'REFERRAL_SCREENED', recordType: 'referral' } },
      schema: {
        tags,
        summary:
          'Screen a referral: accept onto a meeting, decline with a reason, or ask for more information',
        description:
          '`decision`: `accept` with `meetingId` (a scheduled meeting of the referral’s area at the level asked for; the case joins its agenda), `decline` with `reason`, or `request_information` with `information`. Send the `version` you read (409 if it has changed). Only the MAPPA co-ordinators of the referral’s area may screen it.',
        params: z.toJSONSchema(referralParams),
        body: doc(screeningBody),
        response: {
          200: z.toJSONSchema(referralResponse),
          400: errorsDoc,
          403: errorsDoc,
          404: errorsDoc,
          409: errorsDoc,
        },
      },
    },
    async (request, reply) => {
      const referral = await referralForRequest(db, request, reply, 'screen')
      if (!referral) return reply
      const result = await service.screenReferral(
        db,
        request.principal!,
        referral.id,
        request.body ?? {},
        today(),
      )
      return answer(request, reply, result, 200)
    },
  )
}
