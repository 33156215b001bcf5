import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import {
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
  RISK_TOOLS,
  RISK_TOOL_LABELS,
  type RiskTool,
} from '../../domain/risk/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { describePeriod } from '../convictions/service.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import {
  type FormValues,
  assessmentToValues,
  formErrors,
  readAssessmentForm,
  readAtRiskForm,
  readCorrectionForm,
  readEndAtRiskForm,
} from './form.js'
import { assessmentView, riskPageView, toolOptions } from './present.js'
import {
  AT_RISK_KINDS,
  AT_RISK_LABELS,
  assessmentBody,
  assessmentListResponse,
  assessmentResponse,
  correctionBody,
  endAtRiskBody,
  personAtRiskBody,
  personAtRiskResponse,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const toolParams = z.object({ id: z.uuid(), tool: z.enum(RISK_TOOLS) })
const assessmentParams = z.object({ id: z.uuid(), assessmentId: z.uuid() })
const atRiskParams = z.object({ id: z.uuid(), atRiskId: z.uuid() })
const chooseForm = z.object({
  tool: z.enum(RISK_TOOLS, { error: 'Select the tool the assessment was made with' }),
})

const notFound = (reply: FastifyReply) => reply.callNotFound()
const levelItems = (optional: string) => [
  { value: '', text: optional },
  ...RISK_LEVELS.map((l) => ({ value: l, text: RISK_LEVEL_LABELS[l] })),
]

const frame = (person: PersonRecord, pageTitle: string) => ({
  pageTitle,
  sectionTitle: 'Risk',
  person,
  recordNav: recordNavigation(person.id, 'risk'),
  backLink: paths.people.risk(person.id),
})

/** Risk assessments, people at risk and the risk summary of a person's record, in the browser. */
export async function riskRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/risk',
    { config: { access: 'person:view', audit: { event: 'RISK_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const [assessments, atRisk] = await Promise.all([
        service.assessmentsOf(db, person.id),
        service.peopleAtRiskOf(db, person.id, today()),
      ])
      const saved = (request.query as { saved?: string }).saved
      return reply.render('features/risk/views/risk.njk', {
        ...frame(person, `Risk: ${person.givenName} ${person.familyName}`),
        backLink: paths.people.show(person.id),
        ...riskPageView(assessments, atRisk, person.id, today()),
        mayManage: mayDo(request.principal, 'risk:manage'),
        newAssessmentHref: paths.people.newRiskAssessment(person.id),
        newAtRiskHref: paths.people.newPersonAtRisk(person.id),
        saved: ['assessment', 'correction', 'at-risk', 'ended'].includes(saved ?? '') ? saved : undefined,
      })
    },
  )

  const choosePage = (reply: FastifyReply, person: PersonRecord, status: number, extra = {}) =>
    reply.code(status).render('features/risk/views/choose-tool.njk', {
      ...frame(person, 'Record a risk assessment'),
      action: paths.people.newRiskAssessment(person.id),
      tools: toolOptions(),
      ...extra,
    })

  app.get(
    '/people/:id/risk/assessments/new',
    { config: { access: 'risk:manage', audit: { event: 'RISK_ASSESSMENT_STARTED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      return person ? choosePage(reply, person, 200) : reply
    },
  )

  app.post(
    '/people/:id/risk/assessments/new',
    { config: { access: 'risk:manage', audit: { event: 'RISK_ASSESSMENT_STARTED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const parsed = chooseForm.safeParse(request.body ?? {})
      if (parsed.success)
        return reply.redirect(paths.people.newRiskAssessment(person.id, parsed.data.tool), 303)
      const message = parsed.error.issues[0]!.message
      return choosePage(reply, person, 400, {
        errors: { tool: message },
        errorList: [{ text: message, href: '#tool' }],
      })
    },
  )

  const assessmentForm = (
    reply: FastifyReply,
    person: PersonRecord,
    status: number,
    data: { tool: RiskTool; values: FormValues; action: string; correcting?: service.Assessment } & Record<
      string,
      unknown
    >,
  ) =>
    reply.code(status).render('features/risk/views/assessment-form.njk', {
      ...frame(
        person,
        data.correcting
          ? `Correct this ${RISK_TOOL_LABELS[data.tool]} assessment`
          : RISK_TOOL_LABELS[data.tool],
      ),
      backLink: data.correcting
        ? paths.people.riskAssessment(person.id, data.correcting.id)
        : paths.people.newRiskAssessment(person.id),
      levelItems: levelItems('Choose a level'),
      optionalLevelItems: levelItems('Not rated'),
      defaultIntervalText: describePeriod(service.reassessmentIntervalsInUse()[data.tool]),
      ...data,
    })

  app.get(
    '/people/:id/risk/assessments/new/:tool',
    { config: { access: 'risk:manage', audit: { event: 'RISK_ASSESSMENT_STARTED', recordType: 'person' } } },
    async (request, reply) => {
      const params = toolParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      return assessmentForm(reply, person, 200, {
        tool: params.data.tool,
        action: paths.people.newRiskAssessment(person.id, params.data.tool),
        values: { assessorName: request.principal!.displayName },
      })
    },
  )

  app.post(
    '/people/:id/risk/assessments/new/:tool',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'RISK_ASSESSMENT_RECORDED', recordType: 'risk_assessment' },
      },
    },
    async (request, reply) => {
      const params = toolParams.safeParse(request.params)
      if (!params.success) return notFound(reply)
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const { tool } = params.data
      const values = (request.body ?? {}) as FormValues
      const form = readAssessmentForm(tool, values)
      const result = form.input
        ? await service.recordAssessment(db, request.principal!, person, form.input, today())
        : { kind: 'invalid' as const, problems: form.problems }
      if (result.kind === 'created') {
        request.audited = { recordId: result.assessment.id }
        return reply.redirect(`${paths.people.risk(person.id)}?saved=assessment`, 303)
      }
      return assessmentForm(reply, person, 400, {
        tool,
        action: paths.people.newRiskAssessment(person.id, tool),
        values,
        ...formErrors(result.problems),
      })
    },
  )

  async function assessmentFor(request: FastifyRequest, reply: FastifyReply, person: PersonRecord) {
    const params = assessmentParams.safeParse(request.params)
    const found = params.success
      ? await service.findAssessment(db, person.id, params.data.assessmentId)
      : undefined
    if (!found) await notFound(reply)
    return found
  }

  app.get(
    '/people/:id/risk/assessments/:assessmentId',
    {
      config: {
        access: 'person:view',
        audit: { event: 'RISK_ASSESSMENT_VIEWED', recordType: 'risk_assessment' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const assessment = await assessmentFor(request, reply, person)
      if (!assessment) return reply
      request.audited = { recordId: assessment.id }
      const view = assessmentView(assessment, person.id, today())
      return reply.render('features/risk/views/assessment.njk', {
        ...frame(person, view.title),
        assessment: view,
        mayManage: mayDo(request.principal, 'risk:manage'),
      })
    },
  )

  app.get(
    '/people/:id/risk/assessments/:assessmentId/correct',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'RISK_ASSESSMENT_VIEWED', recordType: 'risk_assessment' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const assessment = await assessmentFor(request, reply, person)
      if (!assessment) return reply
      request.audited = { recordId: assessment.id }
      return assessmentForm(reply, person, 200, {
        tool: assessment.tool,
        action: paths.people.correctRiskAssessment(person.id, assessment.id),
        values: assessmentToValues(assessment),
        correcting: assessment,
      })
    },
  )

  app.post(
    '/people/:id/risk/assessments/:assessmentId/correct',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'RISK_ASSESSMENT_CORRECTED', recordType: 'risk_assessment' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const assessment = await assessmentFor(request, reply, person)
      if (!assessment) return reply
      request.audited = { recordId: assessment.id }
      const values = (request.body ?? {}) as FormValues
      const form = readCorrectionForm(assessment.tool, values)
      const result = form.input
        ? await service.correctAssessment(db, request.principal!, person, assessment.id, form.input, today())
        : { kind: 'invalid' as const, problems: form.problems }
      const action = paths.people.correctRiskAssessment(person.id, assessment.id)
      switch (result.kind) {
        case 'corrected':
          return reply.redirect(`${paths.people.risk(person.id)}?saved=correction`, 303)
        case 'not_found':
          return notFound(reply)
        case 'invalid':
          return assessmentForm(reply, person, 400, {
            tool: assessment.tool,
            action,
            values,
            correcting: assessment,
            ...formErrors(result.problems),
          })
        case 'stale':
          // Nothing is overwritten: the assessor sees the assessment as it is now and keeps what they typed.
          return assessmentForm(reply, person, 409, {
            tool: assessment.tool,
            action,
            values: { ...values, version: String(result.current.version) },
            correcting: result.current,
            stale: true,
            current: assessmentView(result.current, person.id, today()),
            errorList: [
              {
                text: 'Someone else changed this assessment while you were correcting it. Check it below, then save again.',
                href: '#main-content',
              },
            ],
          })
      }
    },
  )

  const atRiskForm = (
    reply: FastifyReply,
    person: PersonRecord,
    status: number,
    extra: Record<string, unknown>,
  ) =>
    reply.code(status).render('features/risk/views/at-risk-form.njk', {
      ...frame(person, 'Add someone at risk'),
      action: paths.people.newPersonAtRisk(person.id),
      kinds: AT_RISK_KINDS.map((k) => ({ value: k, text: AT_RISK_LABELS[k] })),
      ...extra,
    })

  app.get(
    '/people/:id/risk/people-at-risk/new',
    { config: { access: 'risk:manage', audit: { event: 'PERSON_AT_RISK_STARTED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      return person ? atRiskForm(reply, person, 200, { values: {} }) : reply
    },
  )

  app.post(
    '/people/:id/risk/people-at-risk/new',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'PERSON_AT_RISK_ADDED', recordType: 'person_at_risk' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readAtRiskForm(values)
      const result = form.input
        ? await service.addPersonAtRisk(db, request.principal!, person, form.input, today())
        : { kind: 'invalid' as const, problems: form.problems }
      if (result.kind === 'created') {
        request.audited = { recordId: result.personAtRisk.id }
        return reply.redirect(`${paths.people.risk(person.id)}?saved=at-risk`, 303)
      }
      return atRiskForm(reply, person, 400, { values, ...formErrors(result.problems) })
    },
  )

  async function atRiskFor(request: FastifyRequest, reply: FastifyReply, person: PersonRecord) {
    const params = atRiskParams.safeParse(request.params)
    const found = params.success
      ? await service.findPersonAtRisk(db, person.id, params.data.atRiskId, today())
      : undefined
    if (!found) await notFound(reply)
    else request.audited = { recordId: found.id }
    return found
  }

  const endForm = (
    reply: FastifyReply,
    person: PersonRecord,
    atRisk: service.PersonAtRisk,
    status: number,
    extra: Record<string, unknown>,
  ) =>
    reply.code(status).render('features/risk/views/end-at-risk.njk', {
      ...frame(person, `${atRisk.name} is no longer at risk`),
      action: paths.people.endPersonAtRisk(person.id, atRisk.id),
      atRisk,
      ...extra,
    })

  app.get(
    '/people/:id/risk/people-at-risk/:atRiskId/end',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'PERSON_AT_RISK_VIEWED', recordType: 'person_at_risk' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const atRisk = await atRiskFor(request, reply, person)
      if (!atRisk) return reply
      return endForm(reply, person, atRisk, 200, { values: { version: String(atRisk.version) } })
    },
  )

  app.post(
    '/people/:id/risk/people-at-risk/:atRiskId/end',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'PERSON_AT_RISK_ENDED', recordType: 'person_at_risk' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const atRisk = await atRiskFor(request, reply, person)
      if (!atRisk) return reply
      const values = (request.body ?? {}) as FormValues
      const form = readEndAtRiskForm(values)
      const result = form.input
        ? await service.endPersonAtRisk(db, request.principal!, person, atRisk.id, form.input, today())
        : { kind: 'invalid' as const, problems: form.problems }
      switch (result.kind) {
        case 'ended':
          return reply.redirect(`${paths.people.risk(person.id)}?saved=ended`, 303)
        case 'not_found':
          return notFound(reply)
        case 'invalid':
          return endForm(reply, person, atRisk, 400, { values, ...formErrors(result.problems) })
        case 'stale':
          return endForm(reply, person, result.current, 409, {
            values: { ...values, version: String(result.current.version) },
            stale: true,
            errorList: [
              {
                text: 'Someone else changed this entry while you were working on it. Check it, then save again.',
                href: '#main-content',
              },
            ],
          })
      }
    },
  )
}

const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
const errorsDoc = () =>
  z.toJSONSchema(z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }))
const noAssessment = { errors: [{ path: 'assessmentId', message: 'No risk assessment with that id' }] }
const noAtRisk = { errors: [{ path: 'atRiskId', message: 'No person at risk with that id' }] }
const staleMessage = (sent: number, now: number) => ({
  errors: [
    {
      path: 'version',
      message: `The record has changed since version ${sent} was read; read it again (now version ${now})`,
    },
  ],
})

/** Risk assessments and people at risk for partner systems (contract: /api/v1). */
export async function riskApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Risk']
  const listQuery = z.object({ tool: z.enum(RISK_TOOLS).optional().catch(undefined) })

  app.get(
    '/api/v1/people/:id/risk-assessments',
    {
      config: { access: 'person:view', audit: { event: 'RISK_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'A person’s risk assessments, newest first',
        params: z.toJSONSchema(idParams),
        querystring: z.toJSONSchema(listQuery, { io: 'input' }),
        response: { 404: errorsDoc(), 200: z.toJSONSchema(assessmentListResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const { tool } = listQuery.parse(request.query ?? {})
      return { items: (await service.assessmentsOf(db, person.id, tool)).map(service.assessmentJson) }
    },
  )

  app.post(
    '/api/v1/people/:id/risk-assessments',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'RISK_ASSESSMENT_RECORDED', recordType: 'risk_assessment' },
      },
      schema: {
        tags,
        summary: 'Record a risk assessment; its band is worked out from the inputs',
        description:
          'Choose the `tool`, then give its fields. RSR (`percent`), OSP/DC (`score`) and OSP/IIC (`imageSanctions`, `childContactSanctions`) get their bands from the rules (MAPPA rules reference §5); OASys RoSH is rated per group and overall (`prisoners` only with `custody: true`); RM2000 takes at least one of `sexual`, `violent`, `combined`. Without `nextDueOn` the local default interval for the tool applies.',
        params: z.toJSONSchema(idParams),
        body: doc(assessmentBody),
        response: { 404: errorsDoc(), 201: z.toJSONSchema(assessmentResponse), 400: errorsDoc() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const parsed = assessmentBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.recordAssessment(db, request.principal!, person, parsed.data, today())
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      request.audited = { recordId: result.assessment.id }
      const stored = await service.findAssessment(db, person.id, result.assessment.id)
      return reply
        .code(201)
        .header('location', paths.api.riskAssessment(person.id, result.assessment.id))
        .send(service.assessmentJson(stored ?? result.assessment))
    },
  )

  app.get(
    '/api/v1/people/:id/risk-assessments/:assessmentId',
    {
      config: {
        access: 'person:view',
        audit: { event: 'RISK_ASSESSMENT_VIEWED', recordType: 'risk_assessment' },
      },
      schema: {
        tags,
        summary: 'One risk assessment, with the versions corrections replaced',
        params: z.toJSONSchema(assessmentParams),
        response: { 404: errorsDoc(), 200: z.toJSONSchema(assessmentResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const params = assessmentParams.safeParse(request.params)
      const found = params.success
        ? await service.findAssessment(db, person.id, params.data.assessmentId)
        : undefined
      if (!found) return reply.code(404).send(noAssessment)
      request.audited = { recordId: found.id }
      return service.assessmentJson(found)
    },
  )

  app.get(
    '/api/v1/people/:id/risk-assessments/:assessmentId/corrections',
    {
      config: {
        access: 'person:view',
        audit: { event: 'RISK_ASSESSMENT_VIEWED', recordType: 'risk_assessment' },
      },
      schema: {
        tags,
        summary: 'The versions of an assessment that corrections replaced, newest first',
        params: z.toJSONSchema(assessmentParams),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const params = assessmentParams.safeParse(request.params)
      const found = params.success
        ? await service.findAssessment(db, person.id, params.data.assessmentId)
        : undefined
      if (!found) return reply.code(404).send(noAssessment)
      request.audited = { recordId: found.id }
      return { items: service.assessmentJson(found).previousVersions, version: found.version }
    },
  )

  app.post(
    '/api/v1/people/:id/risk-assessments/:assessmentId/corrections',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'RISK_ASSESSMENT_CORRECTED', recordType: 'risk_assessment' },
      },
      schema: {
        tags,
        summary: 'Correct an assessment recorded wrongly (send the version you read and why)',
        description:
          'Send the whole assessment as it should be, with the same `tool`, the `version` you read and a `reason`. The version replaced is kept in `previousVersions`. A stale version is refused with 409.',
        params: z.toJSONSchema(assessmentParams),
        body: doc(correctionBody),
        response: {
          404: errorsDoc(),
          200: z.toJSONSchema(assessmentResponse),
          400: errorsDoc(),
          409: errorsDoc(),
        },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const params = assessmentParams.safeParse(request.params)
      if (!params.success) return reply.code(404).send(noAssessment)
      const parsed = correctionBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.correctAssessment(
        db,
        request.principal!,
        person,
        params.data.assessmentId,
        parsed.data,
        today(),
      )
      switch (result.kind) {
        case 'not_found':
          return reply.code(404).send(noAssessment)
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'stale':
          return reply.code(409).send(staleMessage(parsed.data.version, result.current.version))
        case 'corrected': {
          request.audited = { recordId: result.assessment.id }
          const stored = await service.findAssessment(db, person.id, result.assessment.id)
          return service.assessmentJson(stored ?? result.assessment)
        }
      }
    },
  )

  app.get(
    '/api/v1/people/:id/risk-summary',
    {
      config: { access: 'person:view', audit: { event: 'RISK_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'The latest assessment with each tool, the current overall RoSH, and what is due again',
        params: z.toJSONSchema(idParams),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const [assessments, rosh, due, atRisk] = await Promise.all([
        service.assessmentsOf(db, person.id),
        service.currentRiskLevel(db, person.id),
        service.assessmentsDue(db, person.id, today()),
        service.peopleAtRiskOf(db, person.id, today()),
      ])
      return {
        currentRosh: rosh,
        latest: service.latestOfEach(assessments).map(service.assessmentJson),
        due,
        peopleAtRisk: atRisk.filter((p) => p.current).map(service.personAtRiskJson),
      }
    },
  )

  app.get(
    '/api/v1/people/:id/people-at-risk',
    {
      config: { access: 'person:view', audit: { event: 'PEOPLE_AT_RISK_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Who is at risk from the person: current and former',
        params: z.toJSONSchema(idParams),
        response: {
          404: errorsDoc(),
          200: z.toJSONSchema(z.object({ items: z.array(personAtRiskResponse) })),
        },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return { items: (await service.peopleAtRiskOf(db, person.id, today())).map(service.personAtRiskJson) }
    },
  )

  app.post(
    '/api/v1/people/:id/people-at-risk',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'PERSON_AT_RISK_ADDED', recordType: 'person_at_risk' },
      },
      schema: {
        tags,
        summary: 'Name a known adult, child or group at risk, linked to their record where there is one',
        params: z.toJSONSchema(idParams),
        body: doc(personAtRiskBody),
        response: { 404: errorsDoc(), 201: z.toJSONSchema(personAtRiskResponse), 400: errorsDoc() },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const parsed = personAtRiskBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.addPersonAtRisk(db, request.principal!, person, parsed.data, today())
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      request.audited = { recordId: result.personAtRisk.id }
      return reply
        .code(201)
        .header('location', paths.api.personAtRisk(person.id, result.personAtRisk.id))
        .send(service.personAtRiskJson(result.personAtRisk))
    },
  )

  app.get(
    '/api/v1/people/:id/people-at-risk/:atRiskId',
    {
      config: {
        access: 'person:view',
        audit: { event: 'PEOPLE_AT_RISK_VIEWED', recordType: 'person_at_risk' },
      },
      schema: {
        tags,
        summary: 'One person at risk',
        params: z.toJSONSchema(atRiskParams),
        response: { 404: errorsDoc(), 200: z.toJSONSchema(personAtRiskResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const params = atRiskParams.safeParse(request.params)
      const found = params.success
        ? await service.findPersonAtRisk(db, person.id, params.data.atRiskId, today())
        : undefined
      if (!found) return reply.code(404).send(noAtRisk)
      request.audited = { recordId: found.id }
      return service.personAtRiskJson(found)
    },
  )

  app.post(
    '/api/v1/people/:id/people-at-risk/:atRiskId/end',
    {
      config: {
        access: 'risk:manage',
        audit: { event: 'PERSON_AT_RISK_ENDED', recordType: 'person_at_risk' },
      },
      schema: {
        tags,
        summary: 'Record that someone is no longer at risk (send the version you read)',
        params: z.toJSONSchema(atRiskParams),
        body: doc(endAtRiskBody),
        response: {
          404: errorsDoc(),
          200: z.toJSONSchema(personAtRiskResponse),
          400: errorsDoc(),
          409: errorsDoc(),
        },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const params = atRiskParams.safeParse(request.params)
      if (!params.success) return reply.code(404).send(noAtRisk)
      const parsed = endAtRiskBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.endPersonAtRisk(
        db,
        request.principal!,
        person,
        params.data.atRiskId,
        parsed.data,
        today(),
      )
      switch (result.kind) {
        case 'not_found':
          return reply.code(404).send(noAtRisk)
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'stale':
          return reply.code(409).send(staleMessage(parsed.data.version, result.current.version))
        case 'ended':
          request.audited = { recordId: result.personAtRisk.id }
          return service.personAtRiskJson(result.personAtRisk)
      }
    },
  )
}
