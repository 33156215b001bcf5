import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import {
  DISPOSAL_TYPES,
  JURISDICTIONS,
  OUTCOME_TYPES,
  type DueItem,
  RULES_VERSION,
  type EligibilityResult,
} from '../../domain/rules/index.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { apiErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { personForRequest } from '../people/record-access.js'
import {
  type FieldProblem,
  type FormValues,
  LENGTH_UNITS,
  filledRows,
  formErrors,
  formToBody,
  offenceIndexes,
} from './form.js'
import * as queries from './queries.js'
import {
  type CalculatorBody,
  calculatorBody,
  convictionBody,
  dueItemsResponse,
  eligibilityResponse,
  errorsResponse,
  toConviction,
} from './schema.js'
import { notificationStatus } from '../notifications/service.js'
import { recordNavigation } from '../people/navigation.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const convictionParams = z.object({ id: z.uuid(), convictionId: z.uuid() })

const OUTCOME_LABELS: Record<(typeof OUTCOME_TYPES)[number], string> = {
  conviction: 'Conviction',
  caution: 'Caution (including a youth caution)',
  insanity: 'Not guilty by reason of insanity',
  disability_finding: 'Unfit to plead, but found to have done the act',
}
const COURT_LABELS: Record<(typeof JURISDICTIONS)[number], string> = {
  england_wales: 'England and Wales',
  scotland: 'Scotland',
  northern_ireland: 'Northern Ireland',
  overseas: 'Outside the UK',
}
const DISPOSAL_LABELS: Record<(typeof DISPOSAL_TYPES)[number], string> = {
  custody: 'Custody (imprisonment or youth detention) for a fixed term',
  life: 'Life sentence',
  indeterminate: 'Indeterminate sentence (IPP or DPP)',
  extended: 'Extended sentence',
  detention_training_order: 'Detention and training order',
  hospital_order: 'Hospital order without a restriction order',
  hospital_order_restricted: 'Hospital order with a restriction order',
  guardianship_order: 'Guardianship order',
  community_order: 'Community order or youth rehabilitation order',
  suspended_sentence: 'Suspended sentence',
  conditional_discharge: 'Conditional discharge',
  absolute_discharge: 'Absolute discharge',
  fine: 'Fine',
  caution: 'Caution',
  other: 'Other',
}
const STATUS_LABELS: Record<EligibilityResult['status'], { text: string; classes: string }> = {
  eligible: { text: 'Eligible', classes: 'govuk-tag--green' },
  not_eligible: { text: 'Not eligible', classes: 'govuk-tag--grey' },
  needs_review: { text: 'Needs review', classes: 'govuk-tag--orange' },
}
const DUE_LABELS = {
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  paused: { text: 'Paused', classes: 'govuk-tag--grey' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
} as const

const PART_GROUPS = [
  { label: 'Sexual offences in Schedule 3 (notification)', test: (o: Offence) => !!o.sched3Paragraph },
  { label: 'Violent offences (Schedule 15 Part 1)', test: (o: Offence) => o.sched15Part === 1 },
  { label: 'Other sexual offences (Schedule 15 Part 2)', test: (o: Offence) => o.sched15Part === 2 },
  { label: 'Terrorism offences (Schedule 15 Part 3)', test: (o: Offence) => o.sched15Part === 3 },
  { label: 'Other offences', test: () => true },
]
type Offence = ReturnType<typeof service.offenceCatalogue>['offences'][number]

/** The catalogue as a grouped select; unconfirmed rows say so. */
function offenceGroups() {
  const groups = PART_GROUPS.map((g) => ({
    label: g.label,
    options: [] as { value: string; text: string }[],
  }))
  for (const o of service.offenceCatalogue().offences) {
    const at = PART_GROUPS.findIndex((g) => g.test(o))
    const where = [o.statute, o.section].filter(Boolean).join(' ')
    groups[at]!.options.push({
      value: o.id,
      text: `${o.title} (${where})${o.unconfirmed ? ' – unconfirmed' : ''}`,
    })
  }
  for (const g of groups) g.options.sort((a, b) => a.text.localeCompare(b.text, 'en-GB'))
  return groups.filter((g) => g.options.length)
}

function formOptions() {
  return {
    outcomeTypes: OUTCOME_TYPES.map((value) => ({ value, text: OUTCOME_LABELS[value] })),
    courts: JURISDICTIONS.map((value) => ({ value, text: COURT_LABELS[value] })),
    disposalTypes: DISPOSAL_TYPES.map((value) => ({ value, text: DISPOSAL_LABELS[value] })),
    lengthUnits: LENGTH_UNITS,
    offenceGroups: offenceGroups(),
  }
}

/** What the result partial shows: the decision, its deadlines and what needs review. */
function resultView(
  result: EligibilityResult,
  deadlines: { items: DueItem[]; missing: string[] },
  needsReview: string[],
) {
  const n = result.notification
  return {
    status: STATUS_LABELS[result.status],
    category: result.category,
    notification: n && {
      ...n,
      periodText: service.describePeriod(n.period),
    },
    reasons: result.reasons,
    needsReview,
    dueItems: deadlines.items.map((item) => ({
      ...item,
      statusTag: DUE_LABELS[item.status],
      open: item.status === 'due' || item.status === 'overdue',
    })),
    deadlineNotes: deadlines.missing,
    rulesVersion: RULES_VERSION,
  }
}

function offenceLabel(line: { offenceId?: string; description?: string }) {
  const offence = line.offenceId ? service.offenceCatalogue().catalogue.get(line.offenceId) : undefined
  return offence
    ? {
        text: offence.title,
        statute: [offence.statute, offence.section].filter(Boolean).join(' '),
        unconfirmed: offence.unconfirmed,
      }
    : {
        text: line.description ?? line.offenceId ?? 'Offence',
        statute: 'Not in the catalogue',
        unconfirmed: null,
      }
}

/** MAPPA eligibility, recording a conviction, and the calculator, in the browser. */
export async function convictionsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/mappa-eligibility',
    { config: { access: 'person:view', audit: { event: 'MAPPA_ELIGIBILITY_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      // Deadlines count the notifications the person has made (the notifications feature's status).
      const status = await notificationStatus(db, person, today())
      const { assessment } = status
      const previous = assessment.previous
      return reply.render('features/convictions/views/eligibility.njk', {
        pageTitle: `MAPPA eligibility: ${person.givenName} ${person.familyName}`,
        backLink: paths.people.show(person.id),
        person,
        result: resultView(assessment.result, status, assessment.needsReview),
        notificationsHref: paths.people.notifications(person.id),
        recordNav: recordNavigation(person.id, 'eligibility'),
        sectionTitle: 'Convictions and MAPPA eligibility',
        convictions: assessment.convictions.map((s) => ({
          ...s.conviction,
          typeText: OUTCOME_LABELS[s.conviction.type],
          courtText: COURT_LABELS[s.conviction.court ?? 'england_wales'],
          lines: s.conviction.offences.map((line) => ({
            ...line,
            offence: offenceLabel(line),
            disposalText: DISPOSAL_LABELS[line.disposal.type],
          })),
        })),
        decidedAt: assessment.current.decidedAt,
        previous: previous && {
          decidedAt: previous.decidedAt,
          rulesVersion: previous.rulesVersion,
          result: resultView(previous.result as EligibilityResult, { items: [], missing: [] }, []),
        },
        change: assessment.change,
        currentRulesVersion: assessment.current.rulesVersion,
        mayRecord: mayDo(request.principal, 'person:edit'),
        newConvictionHref: paths.people.newConviction(person.id),
        calculatorHref: paths.calculator(),
        recorded: (request.query as { recorded?: string }).recorded === '1',
      })
    },
  )

  const convictionForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    data: { values: FormValues; person: { id: string; givenName: string; familyName: string } } & Record<
      string,
      unknown
    >,
  ) => {
    const rows = offenceIndexes(data.values)
    return reply.code(status).render('features/convictions/views/conviction-form.njk', {
      pageTitle: 'Record a conviction',
      backLink: paths.people.eligibility(data.person.id),
      action: paths.people.newConviction(data.person.id),
      offenceRows: rows.length ? rows : [0],
      ...formOptions(),
      ...data,
    })
  }

  app.get('/people/:id/convictions/new', { config: { access: 'person:edit' } }, async (request, reply) => {
    const person = await personForRequest(db, request, reply, 'person:edit')
    if (!person) return reply
    return convictionForm(request, reply, 200, {
      person,
      values: { type: 'conviction', court: 'england_wales' },
    })
  })

  app.post(
    '/people/:id/convictions/new',
    { config: { access: 'person:edit', audit: { event: 'CONVICTION_RECORDED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:edit')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      if (values.action === 'add-offence') {
        const next = Math.max(-1, ...offenceIndexes(values)) + 1
        return convictionForm(request, reply, 200, {
          person,
          values: { ...values, [`offences-${next}-offenceId`]: '' },
          focus: `offences-${next}-offenceId`,
        })
      }
      const { body, problems } = formToBody(values)
      const checked = checkBody(convictionBody, body, problems)
      const result = checked.conviction
        ? await service.recordConviction(db, request.principal!, person, checked.conviction, today())
        : undefined
      if (result?.kind === 'created')
        return reply.redirect(`${paths.people.eligibility(person.id)}?recorded=1`, 303)
      const all = [...checked.problems, ...(result?.problems ?? [])]
      return convictionForm(request, reply, 400, { person, values, ...formErrors(all, values) })
    },
  )

  const calculatorPage = (
    reply: FastifyReply,
    status: number,
    data: { values: FormValues } & Record<string, unknown>,
  ) => {
    const rows = offenceIndexes(data.values)
    return reply.code(status).render('features/convictions/views/calculator.njk', {
      pageTitle: 'Notification period calculator',
      backLink: paths.home(),
      action: paths.calculator(),
      withDateOfBirth: true,
      offenceRows: rows.length ? rows : [0],
      ...formOptions(),
      ...data,
    })
  }

  app.get(paths.calculator(), { config: { access: 'person:view' } }, (_request, reply) =>
    calculatorPage(reply, 200, { values: { type: 'conviction', court: 'england_wales' } }),
  )

  app.post(
    paths.calculator(),
    { config: { access: 'person:view', audit: { event: 'NOTIFICATION_PERIOD_CALCULATED' } } },
    async (request, reply) => {
      const values = (request.body ?? {}) as FormValues
      if (values.action === 'add-offence') {
        const next = Math.max(-1, ...offenceIndexes(values)) + 1
        return calculatorPage(reply, 200, {
          values: { ...values, [`offences-${next}-offenceId`]: '' },
        })
      }
      const { body, problems } = formToBody(values, { dateOfBirth: true })
      const checked = checkBody(calculatorBody, body, problems)
      const dateOfBirth = (body.dateOfBirth as string | undefined) ?? null
      const ruleProblems = checked.conviction
        ? service.conviction400s(checked.conviction, dateOfBirth, today())
        : []
      if (!checked.conviction || ruleProblems.length) {
        const all = [...checked.problems, ...ruleProblems]
        return calculatorPage(reply, 400, { values, ...formErrors(all, values) })
      }
      const { result, decision, deadlines } = service.calculate(dateOfBirth, checked.conviction, today())
      return calculatorPage(reply, 200, {
        values,
        result: resultView(result, deadlines, service.needsReview(decision)),
        rows: filledRows(values),
      })
    },
  )
}

/** Zod for the shape, then the body in the rules' model; form problems come first. */
function checkBody(
  schema: typeof convictionBody | typeof calculatorBody,
  body: unknown,
  formProblems: FieldProblem[] = [],
) {
  const parsed = schema.safeParse(body)
  const shape = parsed.success ? [] : apiErrors(parsed.error).errors
  const problems = [...formProblems, ...shape.filter((p) => !formProblems.some((q) => q.path === p.path))]
  if (!parsed.success || formProblems.length) return { problems }
  const { dateOfBirth: _dateOfBirth, ...fields } = parsed.data as CalculatorBody
  const { conviction, problems: more } = toConviction(fields)
  return more.length ? { problems: [...problems, ...more] } : { problems, conviction }
}

const convictionBodyDoc = () => z.toJSONSchema(convictionBody, { io: 'input', unrepresentable: 'any' })

/** Convictions and MAPPA eligibility for partner systems (contract: /api/v1). */
export async function convictionsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['MAPPA eligibility']

  app.post(
    '/api/v1/people/:id/convictions',
    {
      config: { access: 'person:edit', audit: { event: 'CONVICTION_RECORDED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Record a conviction, caution or finding with its offences and disposals',
        description:
          'Offence ids come from the offence catalogue. Give `victimAgeUnder` instead of `victimAge` when only an upper bound is known, `offenceDateFrom`/`offenceDateTo` instead of `offenceDate` for a range, and `description` instead of `offenceId` for an offence not in the catalogue (decisions it could affect are then "needs review"). `consecutive: true` on a custody line makes it run after the previous custody line.',
        params: z.toJSONSchema(idParams),
        body: convictionBodyDoc(),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:edit')
      if (!person) return reply
      const checked = checkBody(convictionBody, request.body ?? {})
      if (!checked.conviction) return reply.code(400).send({ errors: checked.problems })
      const result = await service.recordConviction(
        db,
        request.principal!,
        person,
        checked.conviction,
        today(),
      )
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      const stored = (await queries.convictionsOf(db, person.id)).find((s) => s.conviction.id === result.id)!
      return reply
        .code(201)
        .header('location', paths.api.conviction(person.id, result.id))
        .send(service.convictionJson(stored))
    },
  )

  app.get(
    '/api/v1/people/:id/convictions',
    {
      config: { access: 'person:view', audit: { event: 'CONVICTIONS_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'A person’s convictions, cautions and findings',
        params: z.toJSONSchema(idParams),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return { items: (await queries.convictionsOf(db, person.id)).map(service.convictionJson) }
    },
  )

  app.get(
    '/api/v1/people/:id/convictions/:convictionId',
    {
      config: { access: 'person:view', audit: { event: 'CONVICTIONS_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'One conviction, caution or finding',
        params: z.toJSONSchema(convictionParams),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const params = convictionParams.safeParse(request.params)
      const stored = params.success
        ? (await queries.convictionsOf(db, person.id)).find(
            (s) => s.conviction.id === params.data.convictionId,
          )
        : undefined
      if (!stored)
        return reply
          .code(404)
          .send({ errors: [{ path: 'convictionId', message: 'No conviction with that id' }] })
      return service.convictionJson(stored)
    },
  )

  app.get(
    '/api/v1/people/:id/mappa-eligibility',
    {
      config: { access: 'person:view', audit: { event: 'MAPPA_ELIGIBILITY_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'MAPPA category and notification period today, with reasons and references',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(eligibilityResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const { result } = await service.assessPerson(db, person, today())
      return eligibilityJson(result)
    },
  )

  app.get(
    '/api/v1/people/:id/notification-deadlines',
    {
      config: {
        access: 'person:view',
        audit: { event: 'NOTIFICATION_DEADLINES_VIEWED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Notifications due or overdue (SOA 2003 ss.83-86), with their basis',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(dueItemsResponse) },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const { items, missing } = await notificationStatus(db, person, today())
      return { rulesVersion: RULES_VERSION, items, missing }
    },
  )

  app.post(
    '/api/v1/calculate/notification-period',
    {
      config: { access: 'person:view', audit: { event: 'NOTIFICATION_PERIOD_CALCULATED' } },
      schema: {
        tags,
        summary: 'Category and notification period for facts sent, without creating a record',
        body: z.toJSONSchema(calculatorBody, { io: 'input', unrepresentable: 'any' }),
        response: { 200: z.toJSONSchema(eligibilityResponse), 400: z.toJSONSchema(errorsResponse) },
      },
    },
    async (request, reply) => {
      const checked = checkBody(calculatorBody, request.body ?? {})
      if (!checked.conviction) return reply.code(400).send({ errors: checked.problems })
      const dateOfBirth = (request.body as { dateOfBirth?: string | null }).dateOfBirth ?? null
      const problems = service.conviction400s(checked.conviction, dateOfBirth, today())
      if (problems.length) return reply.code(400).send({ errors: problems })
      return eligibilityJson(service.calculate(dateOfBirth, checked.conviction, today()).result)
    },
  )
}

/** Exactly the contract's four fields: partners rely on the shape. */
function eligibilityJson(result: EligibilityResult): EligibilityResult {
  return {
    status: result.status,
    category: result.category,
    reasons: result.reasons.map((r) => ({ text: r.text, reference: r.reference })),
    notification: result.notification && {
      required: true,
      period: result.notification.period,
      startDate: result.notification.startDate,
      endDate: result.notification.endDate,
      reviewFrom: result.notification.reviewFrom,
    },
  }
}
