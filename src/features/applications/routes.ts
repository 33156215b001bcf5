import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { addDays, isIsoDate, londonDateOf } from '../../domain/rules/dates.js'
import { areaNames } from '../../security/accounts.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import { mayWorkApplications } from '../../security/policy.js'
import type { Sealer } from '../../security/sealing.js'
import { dateFromParts } from '../../web/date-input.js'
import { formatDate, formatInstant } from '../../web/format.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { formErrors as disclosureFormErrors, mergeProblems, readDisclosureForm } from '../disclosures/form.js'
import { DISCLOSURE_METHODS, disclosureInput, inputProblems } from '../disclosures/service.js'
import { readCriteria, searchQuery } from '../search/criteria.js'
import { resultView, searchPeople } from '../search/service.js'
import { type FormValues, readStageForm, stageFormErrors, stageFormValues } from './form.js'
import { renderLetter } from './letter.js'
import type { ApplicationRow } from './queries.js'
import {
  type ApplicationDetails,
  type FieldStage,
  SCHEME_LABELS,
  STAGES,
  STATUS_LABELS,
  type Scheme,
  type Stage,
  errorsResponse,
  isStage,
  rightToKnowBody,
  stageBodies,
} from './schema.js'
import * as service from './service.js'

const now = () => new Date()
const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })

export const STAGE_TITLES: Record<Stage, string> = {
  triage: 'Triage and initial checks',
  match: 'Match to a person’s record',
  'face-to-face': 'Face-to-face meeting',
  checks: 'Checks',
  decision: 'Multi-agency forum decision',
  disclosure: 'Disclosure',
  letter: 'Letter',
  close: 'Close the application',
}

const CLOCK_TAGS = {
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  paused: { text: 'Paused', classes: 'govuk-tag--grey' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
} as const

type Person = { name: string; dateOfBirth: string | null; address: string | null }
const personText = (p: Person) =>
  [p.name, p.dateOfBirth && `born ${formatDate(p.dateOfBirth)}`, p.address].filter(Boolean).join(', ')
const yesNoText = (value: boolean | null) => (value === null ? 'not said' : value ? 'yes' : 'no')

/** What the applicant (or the police) told us, as summary list rows. */
function detailRows(a: ApplicationRow, d: ApplicationDetails) {
  const row = (key: string, value: string | null | undefined) => ({
    key: { text: key },
    value: { text: value || 'Not given' },
  })
  return [
    row(
      'Received',
      `${formatInstant(a.receivedAt)}${a.route === 'public_form' ? ' through the public form' : ' (raised by the police)'}${a.language === 'cy' ? ', in Welsh' : ''}`,
    ),
    d.applicant
      ? row(
          'Applicant',
          [personText(d.applicant), d.applicant.email, d.applicant.phone].filter(Boolean).join(' – '),
        )
      : row('Raised by', d.policeForce),
    row(
      'Safe contact',
      d.contact &&
        [
          d.contact.methods.join(', '),
          `safe to call: ${yesNoText(d.contact.safeToCall)}`,
          `safe to leave a message: ${yesNoText(d.contact.safeToLeaveMessage)}`,
          d.contact.safeTimes,
        ]
          .filter(Boolean)
          .join('; '),
    ),
    row(
      'Person at risk',
      d.personAtRisk
        ? [personText(d.personAtRisk), d.personAtRisk.relationship].filter(Boolean).join(' – ')
        : a.scheme === 'clares_law_ask'
          ? 'The applicant'
          : 'The children',
    ),
    ...(a.scheme === 'sarahs_law'
      ? [
          row('Relationship to the children', d.relationshipToChild),
          row('Children', d.children?.map(personText).join('; ')),
        ]
      : []),
    row('About', [personText(d.subject), d.subject.howKnown].filter(Boolean).join(' – ')),
    row('Concern', d.concern),
    row('Police force chosen', d.policeForce),
  ]
}

const applicationNotFound = { errors: [{ path: 'id', message: 'No application with that id' }] }

/** The application a request is about, when the principal may work it; else the 404/403 sent. */
async function applicationForRequest(db: Database, request: FastifyRequest, reply: FastifyReply) {
  const params = idParams.safeParse(request.params)
  const found = params.success
    ? await service.applicationFor(db, request.principal!, params.data.id)
    : ({ kind: 'not_found' } as const)
  if (found.kind === 'not_found') {
    await (isApiRequest(request) ? reply.code(404).send(applicationNotFound) : reply.callNotFound())
    return undefined
  }
  if (found.kind === 'denied') {
    await refuseForbidden(request, reply, found.message)
    return undefined
  }
  request.audited = { recordId: found.application.id }
  return found.application
}

/** Lists, the dashboard and new applications: police users and systems only. */
async function refusedUnlessPolice(request: FastifyRequest, reply: FastifyReply) {
  const decision = mayWorkApplications(request.principal!)
  if (decision.allowed) return false
  await refuseForbidden(request, reply, decision.message)
  return true
}

const clockRows = (app: ApplicationRow) =>
  service.clockViews(app, now()).map((c) => ({
    ...c,
    tag: CLOCK_TAGS[c.status],
    href: paths.applications.stage(app.id, c.stage),
    onTimeText: c.onTime === null ? 'Not yet' : c.onTime ? 'Yes, on time' : 'No, late',
  }))

const listRow = (app: ApplicationRow) => {
  const open = service.clocksOf(app, now()).filter((c) => c.status !== 'done')
  const next = open.sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0]
  return {
    id: app.id,
    reference: app.reference,
    href: paths.applications.show(app.id),
    scheme: SCHEME_LABELS[app.scheme as Scheme],
    receivedAt: app.receivedAt,
    status: STATUS_LABELS[app.status] ?? app.status,
    immediateRisk: app.immediateRisk,
    next: app.closedOn
      ? undefined
      : next && { title: next.title, dueDate: next.dueDate, tag: CLOCK_TAGS[next.status] },
  }
}

const dashboardQuery = z.object({
  from: z.string().trim().refine(isIsoDate).optional().catch(undefined),
  to: z.string().trim().refine(isIsoDate).optional().catch(undefined),
})

/** Disclosure scheme applications in the browser: the police workflow with its clocks. */
export async function applicationsRoutes(
  app: FastifyInstance,
  { db, sealer }: { db: Database; sealer: Sealer },
) {
  app.get(
    '/applications',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATIONS_LISTED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      if (await refusedUnlessPolice(request, reply)) return reply
      const showClosed = (request.query as { closed?: string }).closed === 'true'
      const rows = await service.applicationsFor(db, request.principal!, { open: !showClosed })
      return reply.render('features/applications/views/list.njk', {
        pageTitle: 'Disclosure scheme applications',
        areaName: areaNames(request.principal!.membership.areaCodes),
        rows: rows.map(listRow),
        showClosed,
        toggleHref: paths.applications.list(showClosed ? undefined : { closed: 'true' }),
        createHref: paths.applications.create(),
        dashboardHref: paths.applications.dashboard(),
      })
    },
  )

  app.get(
    paths.applications.dashboard(),
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATIONS_DASHBOARD_VIEWED', recordType: 'dashboard' },
      },
    },
    async (request, reply) => {
      if (await refusedUnlessPolice(request, reply)) return reply
      const q = dashboardQuery.parse(request.query ?? {})
      const period = { from: q.from ?? addDays(today(), -90), to: q.to ?? today() }
      const result = await service.dashboard(db, request.principal!, period)
      return reply.render('features/applications/views/dashboard.njk', {
        pageTitle: 'Disclosure scheme timeliness',
        areaName: areaNames(request.principal!.membership.areaCodes),
        period,
        ...result,
        dashboardHref: paths.applications.dashboard(),
        backLink: paths.applications.list(),
      })
    },
  )

  const createForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    data: Record<string, unknown>,
  ) =>
    reply.code(status).render('features/applications/views/create.njk', {
      pageTitle: 'Raise a Right to Know application',
      backLink: paths.applications.list(),
      action: paths.applications.create(),
      areas: request.principal!.membership.areaCodes.map((code) => ({
        value: code,
        text: areaNames([code]),
      })),
      ...data,
    })

  app.get(
    '/applications/new',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_FORM_VIEWED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      if (await refusedUnlessPolice(request, reply)) return reply
      return createForm(request, reply, 200, {
        values: { areaCode: request.principal!.membership.areaCodes[0], language: 'en' },
      })
    },
  )

  app.post(
    '/applications/new',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_RAISED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      if (await refusedUnlessPolice(request, reply)) return reply
      const values = (request.body ?? {}) as FormValues
      const dob = dateFromParts(values, 'subjectDateOfBirth', 'Date of birth')
      const parsed = rightToKnowBody.safeParse({
        areaCode: values.areaCode,
        subjectName: values.subjectName,
        subjectDateOfBirth: dob.value ?? null,
        subjectAddress: values.subjectAddress,
        atRiskName: values.atRiskName,
        atRiskRelationship: values.atRiskRelationship,
        atRiskContact: values.atRiskContact,
        concern: values.concern,
        language: values.language === 'cy' ? 'cy' : 'en',
      })
      const problems = [
        ...(dob.error ? [{ path: 'subjectDateOfBirth', message: dob.error }] : []),
        ...(parsed.success
          ? []
          : parsed.error.issues.map((i) => ({ path: String(i.path[0]), message: i.message }))),
      ]
      if (!problems.length && parsed.success) {
        const result = await service.createRightToKnow(db, sealer, request.principal!, parsed.data)
        if (result.kind === 'created') {
          request.audited = { recordId: result.application.id }
          return reply.redirect(paths.applications.show(result.application.id), 303)
        }
        problems.push(...result.problems)
      }
      return createForm(request, reply, 400, {
        values,
        ...disclosureFormErrors(problems, { subjectDateOfBirth: 'subjectDateOfBirth-day' }),
      })
    },
  )

  app.get(
    '/applications/:id',
    // Opening it unseals what the applicant told us: audited as such.
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_DETAILS_VIEWED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      const application = await applicationForRequest(db, request, reply)
      if (!application) return reply
      const details = service.detailsOf(sealer, application)
      const [disclosures, assignedName] = await Promise.all([
        service.disclosuresOfApplication(db, application.id),
        service.userName(db, application.assignedUserId),
      ])
      const query = request.query as Record<string, string | undefined>
      return reply.render('features/applications/views/show.njk', {
        pageTitle: `Application ${application.reference}`,
        backLink: paths.applications.list(),
        a: application,
        detailRows: detailRows(application, details),
        schemeText: SCHEME_LABELS[application.scheme as Scheme],
        statusText: STATUS_LABELS[application.status] ?? application.status,
        assignedName,
        clocks: clockRows(application),
        stages: STAGES.map((stage) => ({
          stage,
          title: STAGE_TITLES[stage],
          href: paths.applications.stage(application.id, stage),
        })),
        matchedHref: application.matchedPersonId ? paths.people.show(application.matchedPersonId) : undefined,
        disclosures: disclosures.map((d) => ({ ...d, href: paths.disclosures.show(d.id) })),
        letterHref: paths.applications.letterPdf(application.id),
        banner: query.saved ? `${STAGE_TITLES[query.saved as Stage] ?? 'The stage'}: saved` : undefined,
      })
    },
  )

  app.get(
    '/applications/:id/letter.pdf',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_LETTER_GENERATED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      const application = await applicationForRequest(db, request, reply)
      if (!application) return reply
      if (!application.forumDecision)
        return reply.code(409).render('web/views/error.njk', {
          pageTitle: 'The letter is not ready',
          paragraphs: ['Record the multi-agency forum’s decision before generating the letter.'],
        })
      const principal = request.principal!
      const pdf = await renderLetter(
        application,
        service.detailsOf(sealer, application),
        { name: principal.displayName, force: principal.membership.agencyName },
        today(),
      )
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="letter-${application.reference}.pdf"`)
        .send(pdf)
    },
  )

  const stageForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    application: ApplicationRow,
    stage: Stage,
    data: Record<string, unknown>,
  ) => {
    const details = service.detailsOf(sealer, application)
    const extra: Record<string, unknown> = {}
    if (stage === 'triage')
      extra.officers = (await service.officerOptions(request.principal!, db, application.areaCode!)).map(
        (o) => ({
          value: o.userId,
          text: o.displayName,
        }),
      )
    if (stage === 'match') {
      // The existing search, on the subject as the applicant named them unless the officer refines it.
      const q = searchQuery.parse({
        q: (request.query as { q?: string }).q ?? details.subject.name,
        dob: (request.query as { q?: string }).q ? undefined : (details.subject.dateOfBirth ?? undefined),
        page: 1,
      })
      const criteria = readCriteria(q)
      const found =
        criteria.ok === true
          ? await searchPeople(db, request.principal!, criteria.criteria, 1)
          : { results: [] }
      extra.searchText = q.q
      extra.results = found.results.filter((r) => r.access === 'open').map(resultView)
    }
    if (stage === 'disclosure') extra.methods = DISCLOSURE_METHODS
    return reply.code(status).render('features/applications/views/stage.njk', {
      pageTitle: STAGE_TITLES[stage],
      backLink: paths.applications.show(application.id),
      a: application,
      stage,
      details,
      action: paths.applications.stage(application.id, stage),
      letterHref: paths.applications.letterPdf(application.id),
      ...extra,
      ...data,
    })
  }

  app.get(
    '/applications/:id/:stage',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_STAGE_VIEWED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      const stage = (request.params as { stage?: string }).stage
      if (!isStage(stage)) return reply.callNotFound()
      const application = await applicationForRequest(db, request, reply)
      if (!application) return reply
      const values: FormValues = stageFormValues(stage, application)
      if (stage === 'disclosure') values.disclosedByName = request.principal!.displayName
      return stageForm(request, reply, 200, application, stage, { values })
    },
  )

  app.post(
    '/applications/:id/:stage',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_STAGE_RECORDED', recordType: 'disclosure_application' },
      },
    },
    async (request, reply) => {
      const stage = (request.params as { stage?: string }).stage
      if (!isStage(stage)) return reply.callNotFound()
      const application = await applicationForRequest(db, request, reply)
      if (!application) return reply
      const values = (request.body ?? {}) as FormValues
      let result: service.StageResult
      let formProblems: { path: string; message: string }[]
      if (stage === 'disclosure') {
        const form = readDisclosureForm(values)
        formProblems = form.problems
        result = form.problems.length
          ? { kind: 'invalid', problems: inputProblems(disclosureInput(today()), form.input) }
          : await service.recordApplicationDisclosure(
              db,
              request.principal!,
              application,
              Number(values.version),
              form.input,
            )
      } else {
        const form = readStageForm(stage, values)
        formProblems = form.problems
        result = form.problems.length
          ? { kind: 'invalid', problems: inputProblems(stageBodies(today())[stage], form.input) }
          : await service.updateStage(db, request.principal!, application, stage, form.input)
      }
      if (result.kind === 'updated')
        return reply.redirect(`${paths.applications.show(application.id)}?saved=${stage}`, 303)
      if (result.kind === 'stale')
        return stageForm(request, reply, 409, result.current, stage, {
          values: { ...values, version: String(result.current.version) },
          errorList: [
            {
              text: 'Someone else changed this application while you were working on it. Check what is recorded now, then save again.',
              href: '#main-content',
            },
          ],
        })
      return stageForm(request, reply, 400, application, stage, {
        values,
        ...stageFormErrors(mergeProblems(formProblems, result.problems)),
      })
    },
  )
}

// API --------------------------------------------------------------------------------------------

const errorDoc = () => z.toJSONSchema(errorsResponse)
const errorResponses = () => ({ 400: errorDoc(), 403: errorDoc(), 404: errorDoc(), 409: errorDoc() })
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

const clockJson = z.object({
  kind: z.string(),
  title: z.string(),
  stage: z.string(),
  dueDate: z.string(),
  dueAt: z.string().nullable(),
  status: z.enum(['due', 'overdue', 'paused', 'done']),
  doneOn: z.string().nullable(),
  onTime: z.boolean().nullable(),
})
const applicationJsonSchema = z.object({
  id: z.string(),
  reference: z.string(),
  scheme: z.enum(['clares_law_ask', 'clares_law_know', 'sarahs_law']),
  route: z.enum(['public_form', 'police']),
  language: z.enum(['en', 'cy']),
  areaCode: z.string().nullable(),
  status: z.string(),
  receivedAt: z.string(),
  assignedUserId: z.string().nullable(),
  immediateRisk: z.boolean().nullable(),
  triageNote: z.string().nullable(),
  matchedPersonId: z.string().nullable(),
  matched: z.enum(['not_yet', 'matched', 'no_match']),
  faceToFaceOn: z.string().nullable(),
  checksCompletedOn: z.string().nullable(),
  forumDecision: z.string().nullable(),
  forumDecidedOn: z.string().nullable(),
  forumRationale: z.string().nullable(),
  forumAgencies: z.string().nullable(),
  letterIssuedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  closedReason: z.string().nullable(),
  version: z.number(),
  clocks: z.array(clockJson),
  details: z.record(z.string(), z.unknown()).optional(),
})

function applicationJson(a: ApplicationRow, details?: unknown) {
  return {
    id: a.id,
    reference: a.reference,
    scheme: a.scheme,
    route: a.route,
    language: a.language,
    areaCode: a.areaCode,
    status: a.status,
    receivedAt: a.receivedAt.toISOString(),
    assignedUserId: a.assignedUserId,
    immediateRisk: a.immediateRisk,
    triageNote: a.triageNote,
    matchedPersonId: a.matchedPersonId,
    matched: !a.matchedAt ? 'not_yet' : a.matchedPersonId ? 'matched' : 'no_match',
    faceToFaceOn: a.faceToFaceOn,
    checksCompletedOn: a.checksCompletedOn,
    forumDecision: a.forumDecision,
    forumDecidedOn: a.forumDecidedOn,
    forumRationale: a.forumRationale,
    forumAgencies: a.forumAgencies,
    letterIssuedOn: a.letterIssuedOn,
    closedOn: a.closedOn,
    closedReason: a.closedReason,
    version: a.version,
    clocks: service.clockViews(a, now()).map(({ basis: _basis, ...c }) => c),
    ...(details === undefined ? {} : { details }),
  }
}

const stageParams = z.object({ id: z.uuid(), stage: z.enum(STAGES) })

/** Disclosure scheme applications for police systems. */
export async function applicationsApiRoutes(
  app: FastifyInstance,
  { db, sealer }: { db: Database; sealer: Sealer },
) {
  const tags = ['Disclosure scheme applications']
  const refused = (reply: FastifyReply, message: string) =>
    reply.code(403).send({ errors: [{ path: '', message }] })

  app.get(
    '/api/v1/applications',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATIONS_LISTED', recordType: 'disclosure_application' },
      },
      schema: {
        tags,
        summary:
          'Applications in the caller’s police force areas, newest first (without what applicants told us)',
        querystring: doc(z.object({ open: z.enum(['true', 'false']).optional() })),
        response: {
          200: z.toJSONSchema(z.object({ items: z.array(applicationJsonSchema) })),
          403: errorDoc(),
        },
      },
    },
    async (request, reply) => {
      const decision = mayWorkApplications(request.principal!)
      if (!decision.allowed) return refused(reply, decision.message)
      const open = (request.query as { open?: string }).open === 'true'
      const rows = await service.applicationsFor(db, request.principal!, { open })
      return { items: rows.map((a) => applicationJson(a)) }
    },
  )

  app.post(
    '/api/v1/applications',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_RAISED', recordType: 'disclosure_application' },
      },
      schema: {
        tags,
        summary: 'Raise a Clare’s Law Right to Know application (police only)',
        body: doc(rightToKnowBody),
        response: { 201: z.toJSONSchema(applicationJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const decision = mayWorkApplications(request.principal!)
      if (!decision.allowed) return refused(reply, decision.message)
      const parsed = rightToKnowBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const result = await service.createRightToKnow(db, sealer, request.principal!, parsed.data)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      request.audited = { recordId: result.application.id }
      return reply
        .code(201)
        .header('location', paths.api.application(result.application.id))
        .send(applicationJson(result.application, service.detailsOf(sealer, result.application)))
    },
  )

  app.get(
    '/api/v1/applications/:id',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_DETAILS_VIEWED', recordType: 'disclosure_application' },
      },
      schema: {
        tags,
        summary:
          'One application with its clocks and, for the police force working it, what the applicant told us',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(applicationJsonSchema), 403: errorDoc(), 404: errorDoc() },
      },
    },
    async (request, reply) => {
      const application = await applicationForRequest(db, request, reply)
      if (!application) return reply
      return applicationJson(application, service.detailsOf(sealer, application))
    },
  )

  app.post(
    '/api/v1/applications/:id/stages/:stage',
    {
      config: {
        access: 'application:process',
        audit: { event: 'APPLICATION_STAGE_RECORDED', recordType: 'disclosure_application' },
      },
      schema: {
        tags,
        summary: 'Record a stage (with the version you read)',
        description:
          'Stages: `triage` (immediateRisk, triageNote, assignedUserId), `match` (matchedPersonId, null for no match), `face-to-face` (faceToFaceOn), `checks` (checksCompletedOn), `decision` (forumDecision disclose|no_disclosure, forumDecidedOn, forumRationale, forumAgencies), `disclosure` (a disclosure as POST /api/v1/disclosures takes it, without personId: recorded against the matched record), `letter` (letterIssuedOn), `close` (closedOn, closedReason). Every body carries `version`.',
        params: z.toJSONSchema(stageParams),
        response: { 200: z.toJSONSchema(applicationJsonSchema), ...errorResponses() },
      },
    },
    async (request, reply) => {
      const params = stageParams.safeParse(request.params)
      if (!params.success)
        return reply.code(404).send({ errors: [{ path: 'stage', message: 'No such stage' }] })
      const application = await applicationForRequest(db, request, reply)
      if (!application) return reply
      const body = (request.body ?? {}) as Record<string, unknown>
      const stage = params.data.stage
      const result =
        stage === 'disclosure'
          ? await service.recordApplicationDisclosure(
              db,
              request.principal!,
              application,
              Number(body.version),
              Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'version')),
            )
          : await service.updateStage(db, request.principal!, application, stage as FieldStage, body)
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'stale')
        return reply.code(409).send({
          errors: [
            {
              path: 'version',
              message: `The application has changed; read it again (now version ${result.current.version})`,
            },
          ],
        })
      return applicationJson(result.application, service.detailsOf(sealer, result.application))
    },
  )
}
