import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { areaByCode } from '../../domain/areas.js'
import { mayDo } from '../../security/policy.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { ownsCase, transfersOfPerson } from '../transfers/service.js'
import { type FormValues, formErrors, formValues, zodProblems } from './form.js'
import { personForRequest } from '../people/record-access.js'
import { changeInput, deregisterInput, registerInput } from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const CHANGES = {
  level: { title: 'Change the MAPPA level', first: 'level' },
  category: { title: 'Change the MAPPA category', first: 'category' },
  management: { title: 'Change the lead agency and named managers', first: 'leadAgency' },
} as const
type Change = keyof typeof CHANGES
const registrationParams = z.object({ id: z.uuid(), registrationId: z.uuid() })

const CHANGE_TITLES: Record<string, string> = {
  registered: 'Registered',
  level_changed: 'Level changed',
  category_changed: 'Category changed',
  lead_agency_changed: 'Lead agency changed',
  managers_changed: 'Named managers changed',
  deregistered: 'De-registered',
}

/** A change row as words: "Level 1 to Level 2". */
function describeChange(c: service.RegistrationRecord['changes'][number]) {
  const prefix = c.kind === 'level_changed' ? 'Level ' : c.kind === 'category_changed' ? 'Category ' : ''
  if (c.fromValue === null) return c.toValue ?? ''
  return `${prefix}${c.fromValue} to ${c.toValue === null ? 'none' : prefix + c.toValue}`
}

/** The category, level and status as tags beside the person's name. */
export const registrationBadges = (r: service.RegistrationRecord | undefined) =>
  r
    ? [
        { text: `Category ${r.category}`, classes: 'govuk-tag--blue' },
        { text: `Level ${r.level}`, classes: r.level > 1 ? 'govuk-tag--orange' : 'govuk-tag--grey' },
      ]
    : []

async function registrationPage(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonRecord,
) {
  const principal = request.principal!
  const summary = await service.registrationSummary(db, person, today())
  const transfers = await transfersOfPerson(db, person.id)
  const { current, suggestion } = summary
  const mayManage = mayDo(principal, 'registration:manage')
  const done = (request.query as { done?: string }).done
  return reply.render('features/registrations/views/registration.njk', {
    pageTitle: `MAPPA registration: ${person.givenName} ${person.familyName}`,
    sectionTitle: 'MAPPA registration',
    backLink: paths.people.show(person.id),
    person,
    recordNav: recordNavigation(person.id, 'registration'),
    personBadges: registrationBadges(current),
    done,
    current: current && {
      ...current,
      categoryText: service.CATEGORY_LABELS[current.category],
      levelText: service.LEVEL_LABELS[current.level],
      statusText: service.STATUS_LABELS[current.status],
      leadAgencyElsewhere: current.leadAgencyArea !== null && current.leadAgencyArea !== person.areaCode,
      managers: person.managers.filter((m) => m.kind === 'police' || m.kind === 'probation'),
    },
    suggestion: {
      ...suggestion,
      text: suggestion.category
        ? `The rules suggest Category ${suggestion.category}`
        : 'The rules do not find a Category 1 or 2 basis in the recorded convictions',
    },
    deregistration: summary.deregistration,
    levelReview: summary.levelReview,
    history: summary.registrations.flatMap((r) =>
      r.changes.map((c) => ({
        label: { text: CHANGE_TITLES[c.kind] ?? c.kind },
        html: undefined,
        text: [describeChange(c), c.rationale].filter(Boolean).join('. '),
        datetime: { timestamp: londonDateOf(c.at.toISOString()) },
        byline: { text: c.byName ?? 'a partner system' },
        attributes: { 'data-qa': 'registration-change', 'data-kind': c.kind },
      })),
    ),
    past: summary.registrations
      .filter((r) => r.status === 'deregistered')
      .map((r) => ({ ...r, categoryText: service.CATEGORY_LABELS[r.category] })),
    transfers: transfers.map((t) => ({
      ...t.transfer,
      fromName: areaByCode(t.transfer.fromAreaCode)?.name ?? t.transfer.fromAreaCode,
      toName: areaByCode(t.transfer.toAreaCode)?.name ?? t.transfer.toAreaCode,
      decidedByName: t.decidedByName,
    })),
    mayManage,
    mayTransfer: mayManage && ownsCase(principal, person),
    mayMerge: mayDo(principal, 'person:merge'),
    mayShare: mayDo(principal, 'person:share'),
    links: {
      register: paths.people.registrationChange(person.id, 'register'),
      level: paths.people.registrationChange(person.id, 'level'),
      category: paths.people.registrationChange(person.id, 'category'),
      management: paths.people.registrationChange(person.id, 'management'),
      deregister: paths.people.registrationChange(person.id, 'deregister'),
      transfer: paths.people.transfer(person.id),
      merge: paths.people.merge(person.id),
      sharing: paths.people.sharing(person.id),
      eligibility: paths.people.eligibility(person.id),
    },
  })
}

async function formPage(
  db: Database,
  reply: FastifyReply,
  status: number,
  person: PersonRecord,
  data: { mode: 'register' | Change | 'deregister'; values: FormValues } & Record<string, unknown>,
) {
  const summary = await service.registrationSummary(db, person, today())
  const options = await service.formOptions(db, person.areaCode)
  const title =
    data.mode === 'register'
      ? 'Register under MAPPA'
      : data.mode === 'deregister'
        ? 'De-register from MAPPA'
        : CHANGES[data.mode].title
  return reply.code(status).render('features/registrations/views/form.njk', {
    pageTitle: title,
    sectionTitle: 'MAPPA registration',
    backLink: paths.people.registration(person.id),
    person,
    recordNav: recordNavigation(person.id, 'registration'),
    personBadges: registrationBadges(summary.current),
    action: paths.people.registrationChange(person.id, data.mode),
    current: summary.current,
    suggestion: summary.suggestion,
    deregistration: summary.deregistration,
    categories: [1, 2, 3, 4].map((c) => ({
      value: String(c),
      text: service.CATEGORY_LABELS[c],
      checked: data.values.category === String(c),
      hint:
        c >= 3
          ? { text: 'Decided by the Responsible Authority, never computed: give the rationale' }
          : c === summary.suggestion.category
            ? { text: 'Suggested by the rules' }
            : undefined,
    })),
    levels: [1, 2, 3].map((l) => ({
      value: String(l),
      text: service.LEVEL_LABELS[l],
      checked: data.values.level === String(l),
    })),
    agencies: [
      { value: '', text: 'Select the lead agency' },
      ...options.agencies.map((a) => ({
        value: a.code,
        text: a.name,
        selected: a.code === data.values.leadAgency,
      })),
    ],
    policeManagers: [
      { value: '', text: 'None named' },
      ...options.police.map((m) => ({
        value: m.userId,
        text: m.displayName,
        selected: m.userId === data.values.policeManager,
      })),
    ],
    probationManagers: [
      { value: '', text: 'None named' },
      ...options.probation.map((m) => ({
        value: m.userId,
        text: m.displayName,
        selected: m.userId === data.values.probationManager,
      })),
    ],
    ...data,
  })
}

/** What the forms start with: the registration in force and the person's named managers. */
function currentValues(person: PersonRecord, current: service.RegistrationRecord | undefined): FormValues {
  const manager = (kind: string) => person.managers.find((m) => m.kind === kind)?.userId ?? ''
  return {
    category: current ? String(current.category) : '',
    level: current ? String(current.level) : '',
    leadAgency: current?.leadAgencyCode ?? person.leadAgencyCode ?? '',
    policeManager: manager('police'),
    probationManager: manager('probation'),
    version: current ? String(current.version) : '',
  }
}

/** The fields each change page sends: only its own part of the registration changes. */
function changeBody(mode: Change, values: FormValues) {
  const pick = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, values[k] ?? '']))
  const version = { version: values.version }
  if (mode === 'level') return { ...version, ...pick(['level', 'levelRationale']) }
  if (mode === 'category') return { ...version, ...pick(['category', 'categoryRationale']) }
  return { ...version, ...pick(['leadAgency', 'policeManager', 'probationManager']) }
}

const staleMessage =
  'Someone else changed this registration while you were working on it. Check the registration as it is now, then send your change again.'

/** MAPPA registration, its changes and de-registration, in the browser. */
export async function registrationsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/people/:id/registration',
    { config: { access: 'person:view', audit: { event: 'REGISTRATION_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return registrationPage(db, request, reply, person)
    },
  )

  app.get(
    '/people/:id/registration/register',
    { config: { access: 'registration:manage' } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const summary = await service.registrationSummary(db, person, today())
      if (summary.current) return reply.redirect(paths.people.registration(person.id), 303)
      const values = currentValues(person, undefined)
      if (summary.suggestion.category) values.category = String(summary.suggestion.category)
      return formPage(db, reply, 200, person, { mode: 'register', values })
    },
  )

  app.post(
    '/people/:id/registration/register',
    {
      config: { access: 'registration:manage', audit: { event: 'PERSON_REGISTERED', recordType: 'person' } },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const values = formValues(request.body)
      const parsed = registerInput.safeParse(values)
      const result = parsed.success
        ? await service.register(db, request.principal!, person, parsed.data, today())
        : ({ kind: 'invalid', problems: zodProblems(parsed.error) } as const)
      if (result.kind === 'registered')
        return reply.redirect(`${paths.people.registration(person.id)}?done=registered`, 303)
      const problems =
        result.kind === 'invalid' ? result.problems : [{ path: 'category', message: result.message }]
      return formPage(db, reply, result.kind === 'conflict' ? 409 : 400, person, {
        mode: 'register',
        values,
        ...formErrors(problems, 'category'),
      })
    },
  )

  for (const mode of Object.keys(CHANGES) as Change[]) {
    app.get(
      `/people/:id/registration/${mode}`,
      { config: { access: 'registration:manage' } },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'registration:manage')
        if (!person) return reply
        const { current } = await service.registrationSummary(db, person, today())
        if (!current) return reply.redirect(paths.people.registration(person.id), 303)
        return formPage(db, reply, 200, person, { mode, values: currentValues(person, current) })
      },
    )

    app.post(
      `/people/:id/registration/${mode}`,
      {
        config: {
          access: 'registration:manage',
          audit: { event: 'REGISTRATION_CHANGED', recordType: 'person' },
        },
      },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'registration:manage')
        if (!person) return reply
        const values = formValues(request.body)
        const { current } = await service.registrationSummary(db, person, today())
        if (!current) return reply.redirect(paths.people.registration(person.id), 303)
        const parsed = changeInput.safeParse(changeBody(mode, values))
        const result = parsed.success
          ? await service.changeRegistration(db, request.principal!, person, current.id, parsed.data)
          : ({ kind: 'invalid', problems: zodProblems(parsed.error) } as const)
        const first = CHANGES[mode].first
        switch (result.kind) {
          case 'changed':
            return reply.redirect(`${paths.people.registration(person.id)}?done=changed`, 303)
          case 'not_found':
            return reply.callNotFound()
          case 'invalid':
            return formPage(db, reply, 400, person, { mode, values, ...formErrors(result.problems, first) })
          case 'conflict':
            return formPage(db, reply, 409, person, {
              mode,
              values,
              ...formErrors([{ path: first, message: result.message }], first),
            })
          case 'stale':
            // Nothing is overwritten: the editor sees the registration now and keeps what they typed.
            return formPage(db, reply, 409, person, {
              mode,
              values: { ...values, version: String(result.current.version) },
              stale: true,
              ...formErrors([{ path: first, message: staleMessage }], first),
            })
        }
      },
    )
  }

  app.get(
    '/people/:id/registration/deregister',
    { config: { access: 'registration:manage' } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const { current } = await service.registrationSummary(db, person, today())
      if (!current) return reply.redirect(paths.people.registration(person.id), 303)
      return formPage(db, reply, 200, person, { mode: 'deregister', values: currentValues(person, current) })
    },
  )

  app.post(
    '/people/:id/registration/deregister',
    {
      config: {
        access: 'registration:manage',
        audit: { event: 'PERSON_DEREGISTERED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const values = formValues(request.body)
      const { current } = await service.registrationSummary(db, person, today())
      if (!current) return reply.redirect(paths.people.registration(person.id), 303)
      const parsed = deregisterInput.safeParse({ version: values.version, reason: values.reason ?? '' })
      const result = parsed.success
        ? await service.deregister(db, request.principal!, person, current.id, parsed.data, today())
        : ({ kind: 'invalid', problems: zodProblems(parsed.error) } as const)
      switch (result.kind) {
        case 'changed':
          return reply.redirect(`${paths.people.registration(person.id)}?done=deregistered`, 303)
        case 'not_found':
          return reply.callNotFound()
        case 'invalid':
          return formPage(db, reply, 400, person, {
            mode: 'deregister',
            values,
            ...formErrors(result.problems, 'reason'),
          })
        case 'conflict':
          return formPage(db, reply, 409, person, {
            mode: 'deregister',
            values,
            ...formErrors([{ path: 'reason', message: result.message }], 'reason'),
          })
        case 'stale':
          return formPage(db, reply, 409, person, {
            mode: 'deregister',
            values: { ...values, version: String(result.current.version) },
            stale: true,
            ...formErrors([{ path: 'reason', message: staleMessage }], 'reason'),
          })
      }
    },
  )
}

const createdDoc = { description: 'Created', type: 'object', additionalProperties: true }
const errorsDoc = {
  type: 'object',
  properties: {
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
}
const idParamsDoc = () => z.toJSONSchema(z.object({ id: z.uuid() }))
const registrationParamsDoc = () => z.toJSONSchema(registrationParams)
const bodyDoc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

/** Registrations for partner systems (contract: /api/v1/people/{id}/registrations). */
export async function registrationsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['MAPPA registration']
  const registrationId = (request: FastifyRequest) =>
    registrationParams.safeParse(request.params).data?.registrationId
  const noRegistration = { errors: [{ path: 'registrationId', message: 'No registration with that id' }] }

  app.get(
    '/api/v1/people/:id/registrations',
    {
      config: { access: 'person:view', audit: { event: 'REGISTRATION_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary:
          'A person’s MAPPA registrations with their history, the category the rules suggest, and any de-registration prompt',
        params: idParamsDoc(),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const summary = await service.registrationSummary(db, person, today())
      return {
        items: summary.registrations.map(service.registrationJson),
        current: summary.current?.id ?? null,
        suggestion: {
          status: summary.suggestion.status,
          category: summary.suggestion.category,
          reasons: summary.suggestion.reasons.map((r) => ({ text: r.text, reference: r.reference })),
        },
        deregistrationPrompt: summary.deregistration?.flag
          ? {
              dueDate: summary.deregistration.flag.dueDate,
              reasons: summary.deregistration.reasons.map((r) => ({ text: r.text, reference: r.reference })),
            }
          : null,
        nextLevelReview: summary.levelReview?.dueDate ?? null,
      }
    },
  )

  app.post(
    '/api/v1/people/:id/registrations',
    {
      config: { access: 'registration:manage', audit: { event: 'PERSON_REGISTERED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Register a person under MAPPA',
        description:
          'The category is confirmed by the caller: a category other than the one the rules suggest, and Category 3 or 4 always, needs `categoryRationale`. Category 3 is managed at Level 2 or 3. `leadAgency` is the code of a police, probation or prison agency of the person’s area; the managers are user ids of offender managers there. 409 if a registration is already in force.',
        params: idParamsDoc(),
        body: bodyDoc(registerInput),
        response: { 201: createdDoc, 400: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const parsed = registerInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.register(db, request.principal!, person, parsed.data, today())
      if (result.kind === 'invalid') return reply.code(400).send({ errors: result.problems })
      if (result.kind === 'conflict')
        return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
      const { registrations } = await service.registrationSummary(db, person, today())
      return reply
        .code(201)
        .header('location', paths.api.registration(person.id, result.id))
        .send(service.registrationJson(registrations.find((r) => r.id === result.id)!))
    },
  )

  app.get(
    '/api/v1/people/:id/registrations/:registrationId',
    {
      config: { access: 'person:view', audit: { event: 'REGISTRATION_VIEWED', recordType: 'person' } },
      schema: { tags, summary: 'One MAPPA registration with its history', params: registrationParamsDoc() },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const { registrations } = await service.registrationSummary(db, person, today())
      const found = registrations.find((r) => r.id === registrationId(request))
      return found ? service.registrationJson(found) : reply.code(404).send(noRegistration)
    },
  )

  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonRecord,
    result: service.ChangeResult,
    version: number,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(noRegistration)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'conflict':
        return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
      case 'stale':
        return reply.code(409).send({
          errors: [
            {
              path: 'version',
              message: `The registration has changed since version ${version} was read; read it again (now version ${result.current.version})`,
            },
          ],
        })
      case 'changed': {
        const { registrations } = await service.registrationSummary(db, person, today())
        return service.registrationJson(registrations.find((r) => r.id === registrationId(request))!)
      }
    }
  }

  app.patch(
    '/api/v1/people/:id/registrations/:registrationId',
    {
      config: {
        access: 'registration:manage',
        audit: { event: 'REGISTRATION_CHANGED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Change the level, category, lead agency or named managers (send the version you read)',
        description:
          'A level change needs `levelRationale` and a category change `categoryRationale`; each change is kept in the registration’s history and the person’s timeline. Send a manager as null to take them off. 409 for a stale version or an ended registration.',
        params: registrationParamsDoc(),
        body: bodyDoc(changeInput),
        response: { 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const id = registrationId(request)
      if (!id) return reply.code(404).send(noRegistration)
      const parsed = changeInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.changeRegistration(db, request.principal!, person, id, parsed.data)
      return answer(request, reply, person, result, parsed.data.version)
    },
  )

  app.post(
    '/api/v1/people/:id/registrations/:registrationId/deregistration',
    {
      config: {
        access: 'registration:manage',
        audit: { event: 'PERSON_DEREGISTERED', recordType: 'person' },
      },
      schema: {
        tags,
        summary: 'Confirm de-registration, with the reason (send the version you read)',
        description:
          'Never automatic and nothing is deleted: the registration is marked de-registered with the date, who and why. The rules prompt for it when the Category 1 or 2 basis has ended (see `deregistrationPrompt`); Categories 3 and 4 end by decision.',
        params: registrationParamsDoc(),
        body: bodyDoc(deregisterInput),
        response: { 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'registration:manage')
      if (!person) return reply
      const id = registrationId(request)
      if (!id) return reply.code(404).send(noRegistration)
      const parsed = deregisterInput.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send({ errors: zodProblems(parsed.error) })
      const result = await service.deregister(db, request.principal!, person, id, parsed.data, today())
      return answer(request, reply, person, result, parsed.data.version)
    },
  )
}
