import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { victimRequestsForPerson } from '../victims/service.js'
import type { PlanDiff } from './compare.js'
import { type FormValues, fieldIdsOf, formErrors, planToValues, readDraftForm, rowIndexes } from './form.js'
import { PILLAR_HINTS, PILLAR_LABELS, PILLARS, REFERENCE } from './pillars.js'
import { compareQuery, draftPatch, planResponse, signOffInput } from './schema.js'
import * as service from './service.js'
import type { PlanDetail, PlanEntry, PlanVersion } from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const versionParams = z.object({ id: z.uuid(), number: z.coerce.number().int().min(1).max(1_000_000) })
const numberOf = (request: FastifyRequest) => versionParams.safeParse(request.params).data?.number

/** Form bodies arrive as strings; anything else is ignored. */
function formValues(body: unknown): FormValues {
  const values: FormValues = {}
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (typeof v === 'string' && k !== '_csrf') values[k] = v
  return values
}

const DONE_MESSAGES: Record<string, string> = {
  drafted: 'A new draft has been started',
  saved: 'The draft has been saved',
  signed_off: 'The plan has been signed off. The version it replaces has been superseded and stays readable.',
}

/** A plan's entries grouped under the four pillars and contingency, for the pillar macro. */
function pillarsOf(entries: readonly PlanEntry[]) {
  return PILLARS.map((pillar) => ({
    pillar,
    title: PILLAR_LABELS[pillar],
    entries: entries.filter((e) => e.pillar === pillar).sort((a, b) => a.position - b.position),
  }))
}

function versionView(personId: string, plan: PlanVersion & { entries?: PlanEntry[] }) {
  return {
    ...plan,
    statusTag: service.STATUS_LABELS[plan.status],
    href: paths.people.planVersion(personId, plan.number),
    pillars: plan.entries ? pillarsOf(plan.entries) : [],
  }
}

const versionOptions = (numbers: number[], chosen: number | undefined) =>
  numbers.map((n) => ({ value: String(n), text: `Version ${n}`, selected: n === chosen }))

const pageBase = (person: PersonRecord, title: string) => ({
  pageTitle: `${title}: ${person.givenName} ${person.familyName}`,
  sectionTitle: 'Risk management plan',
  person,
  recordNav: recordNavigation(person.id, 'plan'),
})

/** Browser pages of the risk management plan. */
export async function plansRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const editPage = async (
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    plan: PlanDetail,
    data: { values: FormValues } & Record<string, unknown>,
  ) => {
    const agencies = await service.agencyOptions(db)
    return reply.code(status).render('features/plans/views/edit.njk', {
      ...pageBase(person, `Edit draft version ${plan.number}`),
      backLink: paths.people.plan(person.id),
      action: paths.people.planEdit(person.id, plan.number),
      plan: versionView(person.id, plan),
      pillars: PILLARS.map((pillar) => {
        const rows = rowIndexes(data.values, pillar)
        return {
          pillar,
          title: PILLAR_LABELS[pillar],
          hint: PILLAR_HINTS[pillar],
          rows: rows.length ? rows : [0],
        }
      }),
      agencies: agencies.map((a) => ({ value: a.id, text: `${a.name} (${a.areaName})` })),
      ...data,
    })
  }

  const versionPage = (
    reply: FastifyReply,
    status: number,
    request: FastifyRequest,
    person: PersonRecord,
    plan: PlanDetail,
    extra: Record<string, unknown> = {},
  ) =>
    reply.code(status).render('features/plans/views/version.njk', {
      ...pageBase(person, `Risk management plan version ${plan.number}`),
      backLink: paths.people.plan(person.id),
      plan: versionView(person.id, plan),
      mayEdit: plan.status === 'draft' && mayDo(request.principal, 'risk:manage'),
      maySignOff: plan.status === 'draft' && mayDo(request.principal, 'plan:sign_off'),
      editHref: paths.people.planEdit(person.id, plan.number),
      signOffAction: paths.people.planSignOff(person.id, plan.number),
      done: DONE_MESSAGES[(request.query as { done?: string }).done ?? ''],
      ...extra,
    })

  app.get(
    '/people/:id/plan',
    { config: { access: 'person:view', audit: { event: 'RISK_PLAN_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const overview = await service.planOverview(db, person.id, today())
      const done = (request.query as { done?: string }).done
      const numbers = overview.versions.map((v) => v.number)
      return reply.render('features/plans/views/plan.njk', {
        ...pageBase(person, 'Risk management plan'),
        backLink: paths.people.show(person.id),
        done: done && DONE_MESSAGES[done],
        current: overview.current && versionView(person.id, overview.current),
        draft: overview.draft && versionView(person.id, overview.draft),
        versions: overview.versions.map((v) => versionView(person.id, v)),
        warnings: overview.warnings,
        reference: REFERENCE,
        conditions: overview.conditions,
        orders: overview.orders,
        conditionsHref: paths.people.conditions(person.id),
        victimRequests: await victimRequestsForPerson(db, person.id),
        mayDraft: mayDo(request.principal, 'risk:manage'),
        maySignOff: mayDo(request.principal, 'plan:sign_off'),
        newDraftAction: paths.people.newPlanDraft(person.id),
        compare: {
          action: paths.people.planCompare(person.id),
          fromOptions: versionOptions(numbers, numbers[1]),
          toOptions: versionOptions(numbers, numbers[0]),
        },
      })
    },
  )

  app.post(
    '/people/:id/plan/new',
    { config: { access: 'risk:manage', audit: { event: 'RISK_PLAN_DRAFTED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const result = await service.createDraft(db, request.principal!, person.id)
      // An existing draft is carried on with rather than a second started.
      if (result.kind === 'conflict')
        return reply.redirect(paths.people.planEdit(person.id, result.number), 303)
      return reply.redirect(`${paths.people.planEdit(person.id, result.plan.number)}?done=drafted`, 303)
    },
  )

  app.get(
    '/people/:id/plan/versions/:number',
    { config: { access: 'person:view', audit: { event: 'RISK_PLAN_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const number = numberOf(request)
      const plan = number ? await service.planDetail(db, person.id, number) : undefined
      if (!plan) return reply.callNotFound()
      return versionPage(reply, 200, request, person, plan)
    },
  )

  app.get(
    '/people/:id/plan/versions/:number/edit',
    { config: { access: 'risk:manage', audit: { event: 'RISK_PLAN_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const number = numberOf(request)
      const plan = number ? await service.planDetail(db, person.id, number) : undefined
      if (!plan) return reply.callNotFound()
      if (plan.status !== 'draft')
        return reply.redirect(paths.people.planVersion(person.id, plan.number), 303)
      const done = (request.query as { done?: string }).done
      return editPage(reply, 200, person, plan, {
        values: planToValues(plan),
        done: done && DONE_MESSAGES[done],
      })
    },
  )

  app.post(
    '/people/:id/plan/versions/:number/edit',
    {
      config: { access: 'risk:manage', audit: { event: 'RISK_PLAN_DRAFT_CHANGED', recordType: 'person' } },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const number = numberOf(request)
      const plan = number ? await service.planDetail(db, person.id, number) : undefined
      if (!plan) return reply.callNotFound()
      const values = formValues(request.body)
      const form = readDraftForm(values)
      if (form.kind === 'rows')
        return editPage(reply, 200, person, plan, { values: form.values, focus: form.focus })
      if (form.kind === 'invalid') return editPage(reply, 400, person, plan, { values, ...form.errors })
      const result = await service.updateDraft(db, request.principal!, person.id, plan.number, form.patch)
      switch (result.kind) {
        case 'updated':
          return reply.redirect(`${paths.people.planVersion(person.id, plan.number)}?done=saved`, 303)
        case 'not_found':
          return reply.callNotFound()
        case 'invalid':
          return editPage(reply, 400, person, plan, {
            values,
            ...formErrors(result.problems, fieldIdsOf(values)),
          })
        case 'not_draft':
          return editPage(reply, 409, person, plan, {
            values,
            closed: true,
            errorList: [{ text: result.message, href: '#reviewOn-day' }],
          })
        case 'stale':
          // Nothing is overwritten: the editor sees the draft as saved and keeps what they typed.
          return editPage(reply, 409, person, result.current, {
            values: { ...values, version: String(result.current.version) },
            stale: versionView(person.id, result.current),
            errorList: [
              {
                text: 'Someone else saved this draft while you were editing it. Check their changes below, then save again.',
                href: '#reviewOn-day',
              },
            ],
          })
      }
    },
  )

  app.post(
    '/people/:id/plan/versions/:number/sign-off',
    { config: { access: 'plan:sign_off', audit: { event: 'RISK_PLAN_SIGNED_OFF', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'plan:sign_off')
      if (!person) return reply
      const number = numberOf(request)
      const plan = number ? await service.planDetail(db, person.id, number) : undefined
      if (!plan) return reply.callNotFound()
      const version = Number(formValues(request.body).version)
      const result = await service.signOffDraft(
        db,
        request.principal!,
        person.id,
        plan.number,
        version,
        today(),
      )
      switch (result.kind) {
        case 'signed_off':
          return reply.redirect(`${paths.people.plan(person.id)}?done=signed_off`, 303)
        case 'not_found':
          return reply.callNotFound()
        case 'forbidden':
          return reply.code(403).render('web/views/error.njk', {
            pageTitle: 'You do not have permission to see this page',
            paragraphs: [result.message],
          })
        case 'invalid':
          return versionPage(reply, 400, request, person, plan, {
            errorList: result.problems.map((p) => ({ text: p.message, href: '#sign-off' })),
          })
        case 'not_draft':
          return versionPage(reply, 409, request, person, plan, {
            errorList: [{ text: result.message, href: '#plan-details' }],
          })
        case 'stale':
          return versionPage(reply, 409, request, person, result.current, {
            errorList: [
              {
                text: 'The draft was changed after you opened it. Check it again before signing it off.',
                href: '#sign-off',
              },
            ],
          })
      }
    },
  )

  app.get(
    '/people/:id/plan/compare',
    { config: { access: 'person:view', audit: { event: 'RISK_PLANS_COMPARED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const query = compareQuery.safeParse(request.query)
      const result = query.success
        ? await service.comparison(db, person.id, query.data.from, query.data.to)
        : undefined
      const base = {
        ...pageBase(person, 'Compare versions of the plan'),
        backLink: paths.people.plan(person.id),
      }
      if (!result || result.kind === 'not_found') {
        return reply.code(query.success ? 404 : 400).render('features/plans/views/compare.njk', {
          ...base,
          missing: true,
          planHref: paths.people.plan(person.id),
        })
      }
      return reply.render('features/plans/views/compare.njk', {
        ...base,
        from: versionView(person.id, result.from),
        to: versionView(person.id, result.to),
        diff: diffView(result.diff),
      })
    },
  )
}

const diffView = (diff: PlanDiff<PlanEntry>) => ({
  ...diff,
  pillars: diff.pillars.map((p) => ({
    ...p,
    title: PILLAR_LABELS[p.pillar],
    any: p.added.length + p.removed.length + p.changed.length > 0,
  })),
})

const entryJson = (e: PlanEntry) => ({
  pillar: e.pillar,
  position: e.position,
  text: e.text,
  ownerAgencyId: e.ownerAgencyId,
  ownerAgencyName: e.ownerAgencyName,
  reviewOn: e.reviewOn,
})

function diffJson(from: number, to: number, diff: PlanDiff<PlanEntry>) {
  return {
    from,
    to,
    changed: diff.changed,
    reviewOn: diff.reviewOn,
    visitIntervalMonths: diff.visitIntervalMonths,
    pillars: diff.pillars.map((p) => ({
      pillar: p.pillar,
      added: p.added.map(entryJson),
      removed: p.removed.map(entryJson),
      changed: p.changed.map((c) => ({ from: entryJson(c.from), to: entryJson(c.to), fields: c.fields })),
      unchanged: p.unchanged,
    })),
  }
}

const dueItemDoc = z.object({
  key: z.string(),
  kind: z.string(),
  title: z.string(),
  dueDate: z.iso.date(),
  status: z.enum(['due', 'overdue', 'paused', 'done']),
  basis: z.array(z.object({ text: z.string(), reference: z.string() })),
})
const errorsDoc = z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) })
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
/** The refusals every route may give, documented once. */
const refusals = () => ({ 403: doc(errorsDoc), 404: doc(errorsDoc) })
const planNotFound = { errors: [{ path: 'number', message: 'No version of the plan with that number' }] }

/** Risk management plans for partner systems (contract: /api/v1/people/{id}/risk-plans). */
export async function plansApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Risk management plans']

  app.get(
    '/api/v1/people/:id/risk-plans',
    {
      config: { access: 'person:view', audit: { event: 'RISK_PLAN_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Every version of the person’s risk management plan, newest first, and the gaps in it',
        description:
          '`warnings` are due items (MAPPA Guidance ch.12): plan_missing, plan_incomplete (a pillar or the contingency plan empty), plan_review and plan_entry_review (overdue reviews).',
        params: z.toJSONSchema(idParams),
        response: {
          200: doc(z.object({ items: z.array(planResponse), warnings: z.array(dueItemDoc) })),
          ...refusals(),
        },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const overview = await service.planOverview(db, person.id, today())
      const details = await Promise.all(
        overview.versions.map((v) => service.planDetail(db, person.id, v.number)),
      )
      return {
        items: details.filter((d) => !!d).map(service.planJson),
        warnings: overview.warnings,
      }
    },
  )

  app.post(
    '/api/v1/people/:id/risk-plans',
    {
      config: { access: 'risk:manage', audit: { event: 'RISK_PLAN_DRAFTED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Start a draft: a copy of the signed-off version, or an empty plan (one draft at a time)',
        params: z.toJSONSchema(idParams),
        response: { 201: doc(planResponse), 409: doc(errorsDoc), ...refusals() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const result = await service.createDraft(db, request.principal!, person.id)
      if (result.kind === 'conflict')
        return reply
          .code(409)
          .header('location', paths.api.riskPlan(person.id, result.number))
          .send({ errors: [{ path: '', message: result.message }] })
      return reply
        .code(201)
        .header('location', paths.api.riskPlan(person.id, result.plan.number))
        .send(service.planJson(result.plan))
    },
  )

  app.get(
    '/api/v1/people/:id/risk-plans/compare',
    {
      config: { access: 'person:view', audit: { event: 'RISK_PLANS_COMPARED', recordType: 'person' } },
      schema: {
        tags,
        summary:
          'What changed between two versions: entries added, removed and changed per pillar, review date and home visit interval',
        params: z.toJSONSchema(idParams),
        querystring: z.toJSONSchema(compareQuery, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const query = compareQuery.safeParse(request.query)
      if (!query.success) return reply.code(400).send(apiErrors(query.error))
      const result = await service.comparison(db, person.id, query.data.from, query.data.to)
      if (result.kind === 'not_found')
        return reply
          .code(404)
          .send({ errors: [{ path: result.path, message: 'No version of the plan with that number' }] })
      return diffJson(result.from.number, result.to.number, result.diff)
    },
  )

  app.get(
    '/api/v1/people/:id/risk-plans/:number',
    {
      config: { access: 'person:view', audit: { event: 'RISK_PLAN_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'One version of the plan with its entries',
        params: z.toJSONSchema(versionParams, { io: 'input' }),
        response: { 200: doc(planResponse), ...refusals() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const number = numberOf(request)
      const plan = number ? await service.planDetail(db, person.id, number) : undefined
      if (!plan) return reply.code(404).send(planNotFound)
      return service.planJson(plan)
    },
  )

  app.patch(
    '/api/v1/people/:id/risk-plans/:number',
    {
      config: { access: 'risk:manage', audit: { event: 'RISK_PLAN_DRAFT_CHANGED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Change a draft (send the version you read); `entries`, when sent, replace all of them',
        params: z.toJSONSchema(versionParams, { io: 'input' }),
        body: doc(draftPatch),
        response: { 200: doc(planResponse), 400: doc(errorsDoc), 409: doc(errorsDoc), ...refusals() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const number = numberOf(request)
      if (!number) return reply.code(404).send(planNotFound)
      const parsed = draftPatch.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.updateDraft(db, request.principal!, person.id, number, parsed.data)
      switch (result.kind) {
        case 'updated':
          return service.planJson(result.plan)
        case 'not_found':
          return reply.code(404).send(planNotFound)
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'not_draft':
          return reply.code(409).send({ errors: [{ path: 'number', message: result.message }] })
        case 'stale':
          return reply.code(409).send({
            errors: [
              {
                path: 'version',
                message: `The draft has changed since version ${parsed.data.version} was read; read it again (now version ${result.current.version})`,
              },
            ],
          })
      }
    },
  )

  app.post(
    '/api/v1/people/:id/risk-plans/:number/sign-off',
    {
      config: { access: 'plan:sign_off', audit: { event: 'RISK_PLAN_SIGNED_OFF', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Sign off a draft (co-ordinators and chairs); the version it replaces is superseded',
        params: z.toJSONSchema(versionParams, { io: 'input' }),
        body: doc(signOffInput),
        response: { 200: doc(planResponse), 400: doc(errorsDoc), 409: doc(errorsDoc), ...refusals() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'plan:sign_off')
      if (!person) return reply
      const number = numberOf(request)
      if (!number) return reply.code(404).send(planNotFound)
      const parsed = signOffInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.signOffDraft(
        db,
        request.principal!,
        person.id,
        number,
        parsed.data.version,
        today(),
      )
      switch (result.kind) {
        case 'signed_off':
          return service.planJson(result.plan)
        case 'forbidden':
          return reply.code(403).send({ errors: [{ path: '', message: result.message }] })
        case 'not_found':
          return reply.code(404).send(planNotFound)
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'not_draft':
          return reply.code(409).send({ errors: [{ path: 'number', message: result.message }] })
        case 'stale':
          return reply.code(409).send({
            errors: [
              {
                path: 'version',
                message: `The draft has changed since version ${parsed.data.version} was read; read it again (now version ${result.current.version})`,
              },
            ],
          })
      }
    },
  )
}
