import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { formatInstant } from '../../web/format.js'
import { isApiRequest } from '../../security/access-hooks.js'
import { staleErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { personForRequest } from '../people/record-access.js'
import { addressWarnings } from '../zones/service.js'
import { RECORD_SECTIONS, recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { type FormAction, type FormValues, factToValues, formErrors, formInputs, formToBody } from './form.js'
import { factJson, factPaths, typeView } from './present.js'
import { FACT_SECTIONS, FACT_TYPES, type FactAction, type FactType } from './sections.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const factParams = z.object({ id: z.uuid(), factId: z.uuid() })
const historyQuery = z.object({ kind: z.string().trim().max(50).optional().catch(undefined) })

const AUDIT_EVENTS: Record<FormAction, string> = {
  add: 'PERSON_FACT_ADDED',
  change: 'PERSON_FACT_CHANGED',
  correct: 'PERSON_FACT_CORRECTED',
  end: 'PERSON_FACT_ENDED',
  verify: 'PERSON_FACT_VERIFIED',
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`)
const HEADINGS: Record<FormAction, (type: FactType) => string> = {
  add: (t) => `Add ${article(t.singular)}`,
  change: (t) => `Record a change of ${t.singular}`,
  correct: (t) => `Correct this ${t.singular}`,
  end: (t) => `End this ${t.singular}`,
  verify: (t) => `Verify this ${t.singular}`,
}
const SUBMIT_TEXT: Record<FormAction, string> = {
  add: 'Save',
  change: 'Save the change',
  correct: 'Save the correction',
  end: 'End it',
  verify: 'Confirm it is verified',
}
const GUIDANCE: Record<FormAction, string> = {
  add: 'Record something that is true now or was true in the past.',
  change:
    'Use this when something has really changed, for example the person has moved. The entry shown below ends the day before the date of the change, and both stay in the history.',
  correct:
    'Use this when the entry below was recorded wrongly. It is kept in the history, marked as corrected, and your entry replaces it.',
  end: 'The entry below stops being current after this date. It stays in the history.',
  verify:
    'Confirm that the entry below has been checked, for example on a home visit or with the issuing organisation.',
}

const sectionText = (key: string) => RECORD_SECTIONS.find((s) => s.key === key)?.text ?? key
const notFound = (reply: FastifyReply) => reply.callNotFound()

const factIdOf = (request: FastifyRequest) => factParams.safeParse(request.params).data?.factId

/** Reads an upload the multipart plugin attached to the body (see onFile below). */
function uploadOf(body: Record<string, unknown>, name: string): service.Upload | undefined {
  const value = body[name]
  return value && typeof value === 'object' && 'content' in value ? (value as service.Upload) : undefined
}

/** Form fields as strings, whether posted url-encoded or as multipart. */
const formValuesOf = (body: unknown): FormValues =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  )

/** Uploads in this plugin's scope only: one photograph, at most 5 MB, read whole into memory. */
async function registerUploads(app: FastifyInstance) {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: service.PHOTO_LIMIT_BYTES, files: 1, fields: 30 },
    async onFile(part) {
      const content = await part.toBuffer()
      part.value = { content, truncated: part.file.truncated } satisfies service.Upload
    },
  })
}

/** Sections of a person's record (facts over time) and its history, in the browser. */
export async function recordRoutes(
  app: FastifyInstance,
  { db, zoneWarningMetres }: { db: Database; zoneWarningMetres: number },
) {
  await registerUploads(app)

  for (const { section, types } of FACT_SECTIONS) {
    app.get(
      `/people/:id/${section}`,
      { config: { access: 'person:view', audit: { event: 'PERSON_SECTION_VIEWED', recordType: 'person' } } },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'person:view')
        if (!person) return reply
        const mayEdit = mayDo(request.principal, 'person:edit')
        const views = await Promise.all(
          types.map(async (type) =>
            typeView(
              type,
              await service.factsOf(db, type, person.id, today()),
              request.principal,
              person.id,
              mayEdit,
            ),
          ),
        )
        const saved = (request.query as { saved?: string }).saved
        return reply.render('features/record/views/section.njk', {
          pageTitle: `${sectionText(section)}: ${person.givenName} ${person.familyName}`,
          sectionTitle: sectionText(section),
          backLink: paths.people.show(person.id),
          person,
          recordNav: recordNavigation(person.id, section),
          types: views,
          saved: typeof saved === 'string' && saved in AUDIT_EVENTS ? saved : undefined,
        })
      },
    )
  }

  const formPage = (
    reply: FastifyReply,
    status: number,
    data: {
      person: PersonRecord
      type: FactType
      action: FormAction
      values: FormValues
      actionUrl: string
      fact?: service.Fact
      errors?: Record<string, string>
    } & Record<string, unknown>,
  ) => {
    const { person, type, action, values, fact } = data
    const mayViewMasked = service.mayViewFinancial(reply.request.principal)
    const current =
      fact && typeView(type, [{ ...fact, status: 'current' }], reply.request.principal, person.id, false)
    return reply.code(status).render('features/record/views/fact-form.njk', {
      pageTitle: HEADINGS[action](type),
      sectionTitle: sectionText(type.section),
      backLink: paths.people.section(person.id, type.section),
      recordNav: recordNavigation(person.id, type.section),
      guidance: GUIDANCE[action],
      submitText: SUBMIT_TEXT[action],
      inputs: formInputs(type, action, values, data.errors ?? {}, mayViewMasked),
      upload: type.upload && action === 'add',
      currentCard: current?.cards[0],
      ...data,
    })
  }

  async function submit(
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonRecord,
    type: FactType,
    action: FormAction,
  ) {
    const factId = factIdOf(request)
    const actionUrl = factId
      ? factPaths.action(person.id, type.key, factId, action)
      : factPaths.add(person.id, type.key)
    const raw = (request.body ?? {}) as Record<string, unknown>
    const values = formValuesOf(raw)
    const { body, problems } = formToBody(type, action, values)
    if (problems.length) {
      // Nothing is written while the form has dates that cannot be read; show every problem at once.
      const schema = action === 'add' ? service.addSchema(type) : service.actionSchema(type, action)
      const parsed = schema.safeParse(body)
      const more = parsed.success
        ? []
        : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
      const fact = factId ? await service.findFact(db, type, person.id, factId, today()) : undefined
      const all = [...problems, ...more.filter((m) => !problems.some((p) => p.path === m.path))]
      return formPage(reply, 400, { person, type, action, actionUrl, fact, values, ...formErrors(type, all) })
    }
    // An address inside an exclusion zone or near someone the person must not contact is saved
    // only after an explicit "Save anyway"; the form comes back with everything as typed.
    if (type.key === 'addresses') {
      const { latitude: lat, longitude: lon } = body
      const point = typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : undefined
      // Confirmed for these coordinates only: changing them on the warning page checks again.
      const confirmAddress = point && `${point.lat},${point.lon}`
      const warnings =
        point && values.confirmAddress !== confirmAddress
          ? await addressWarnings(db, person.id, point, { distanceMetres: zoneWarningMetres })
          : []
      if (warnings.length) {
        const fact = factId ? await service.findFact(db, type, person.id, factId, today()) : undefined
        const warned = { addressWarnings: warnings, confirmAddress }
        return formPage(reply, 200, { person, type, action, actionUrl, fact, values, ...warned })
      }
    }
    const result =
      action === 'add'
        ? await service.addFact(db, request.principal!, person.id, type, body, uploadOf(raw, 'photo'))
        : await service.actOnFact(db, request.principal!, person.id, type, factId!, action, body, today())
    if (result.kind === 'not_found') return notFound(reply)
    if (result.kind === 'written') {
      request.audited = { recordId: result.id }
      return reply.redirect(`${paths.people.section(person.id, type.section)}?saved=${action}`, 303)
    }
    if (result.kind === 'stale') {
      // Nothing is overwritten: the editor sees the entry as it is now and keeps what they typed.
      return formPage(reply, 409, {
        person,
        type,
        action,
        actionUrl,
        fact: result.current,
        values: { ...values, version: String(result.current.version) },
        stale: true,
        errorList: [
          {
            text: `Someone else changed this ${type.singular} while you were working on it. Check it below, then save again.`,
            href: '#main-content',
          },
        ],
      })
    }
    const fact = factId ? await service.findFact(db, type, person.id, factId, today()) : undefined
    return formPage(reply, 400, {
      person,
      type,
      action,
      actionUrl,
      fact,
      values,
      ...formErrors(type, result.problems),
    })
  }

  for (const type of FACT_TYPES) {
    const addUrl = `/people/:id/${type.key}/new`
    app.get(addUrl, { config: { access: 'person:edit' } }, async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:edit')
      if (!person) return reply
      return formPage(reply, 200, {
        person,
        type,
        action: 'add',
        actionUrl: factPaths.add(person.id, type.key),
        values: {},
      })
    })
    app.post(
      addUrl,
      { config: { access: 'person:edit', audit: { event: AUDIT_EVENTS.add, recordType: type.key } } },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'person:edit')
        if (!person) return reply
        return submit(request, reply, person, type, 'add')
      },
    )

    for (const action of type.actions) {
      const url = `/people/:id/${type.key}/:factId/${action}`
      // The form shows the entry as recorded, so opening it is a read of the record.
      const viewed = { event: 'PERSON_FACTS_VIEWED', recordType: type.key }
      app.get(url, { config: { access: 'person:edit', audit: viewed } }, async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'person:edit')
        if (!person) return reply
        const factId = factIdOf(request)
        const fact = factId && (await service.findFact(db, type, person.id, factId, today()))
        if (!fact) return notFound(reply)
        request.audited = { recordId: fact.id }
        return formPage(reply, 200, {
          person,
          type,
          action,
          fact,
          actionUrl: factPaths.action(person.id, type.key, fact.id, action),
          values: factToValues(type, fact, action, service.mayViewFinancial(request.principal)),
        })
      })
      app.post(
        url,
        { config: { access: 'person:edit', audit: { event: AUDIT_EVENTS[action], recordType: type.key } } },
        async (request, reply) => {
          const person = await personForRequest(db, request, reply, 'person:edit')
          if (!person) return reply
          if (!factIdOf(request)) return notFound(reply)
          return submit(request, reply, person, type, action)
        },
      )
    }
  }

  app.get(
    '/people/:id/photos/:factId/image',
    { config: { access: 'person:view', audit: { event: 'PERSON_PHOTO_VIEWED', recordType: 'photos' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return sendPhoto(db, request, reply, person.id)
    },
  )

  app.get(
    '/people/:id/history',
    { config: { access: 'person:view', audit: { event: 'PERSON_HISTORY_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const { kind } = historyQuery.parse(request.query)
      const { kinds, entries } = await service.historyOf(db, person.id, kind)
      return reply.render('features/record/views/history.njk', {
        pageTitle: `History: ${person.givenName} ${person.familyName}`,
        sectionTitle: 'History',
        backLink: paths.people.show(person.id),
        person,
        recordNav: recordNavigation(person.id, 'history'),
        action: paths.people.history(person.id),
        kind,
        kindItems: [
          { value: '', text: 'All changes' },
          ...kinds.map((k) => ({ value: k, text: kindLabel(k), selected: k === kind })),
        ],
        items: entries.map((e) => ({
          label: { text: e.title },
          text: e.detail ?? '',
          // The MoJ macro formats a calendar date; the time of day goes in the byline.
          datetime: { timestamp: londonDateOf(e.at.toISOString()) },
          byline: { text: `${e.actorName ?? 'a partner system'}, ${formatInstant(e.at).split(', ').pop()}` },
          attributes: { 'data-qa': 'history-entry', 'data-kind': e.kind },
        })),
      })
    },
  )
}

const kindLabel = (kind: string) => {
  const words = kind.replaceAll('_', ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

async function sendPhoto(db: Database, request: FastifyRequest, reply: FastifyReply, personId: string) {
  const factId = factIdOf(request)
  const photo = factId && (await service.photoContent(db, personId, factId))
  if (!photo) return isApiRequest(request) ? reply.code(404).send(noFact) : notFound(reply)
  request.audited = { recordId: factId }
  return reply
    .header('content-type', photo.mimeType)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(photo.content)
}

const noFact = { errors: [{ path: 'factId', message: 'No entry with that id' }] }
const errorsDoc = {
  type: 'object',
  properties: {
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
}

const FACT_ACTION_SUMMARIES: Record<FactAction, string> = {
  change: 'Record a real change: ends this entry the day before `date` and adds the new one',
  correct:
    'Correct an entry recorded in error: adds a replacement (its `corrects` is this id) and marks this one corrected',
  end: 'End this entry: it was true until `date`',
  verify: 'Mark this entry verified',
}

/** The sections of a person's record for partner systems (contract: /api/v1/people/{id}/addresses …). */
export async function recordApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  await registerUploads(app)
  const tags = ['Person record']

  const written = async (
    request: FastifyRequest,
    reply: FastifyReply,
    type: FactType,
    personId: string,
    result: service.WriteResult,
    created: boolean,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(noFact)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'stale':
        return reply.code(409).send(staleErrors('The entry', result.current.version))
      case 'written': {
        request.audited = { recordId: result.id }
        const fact = (await service.findFact(db, type, personId, result.id, today()))!
        return reply
          .code(created ? 201 : 200)
          .header('location', paths.api.fact(personId, type.key, result.id))
          .send(factJson(type, fact, request.principal))
      }
    }
  }

  for (const type of FACT_TYPES) {
    const base = `/api/v1/people/:id/${type.key}`
    const bodyDoc = z.toJSONSchema(service.addSchema(type), { io: 'input', unrepresentable: 'any' })

    app.get(
      base,
      {
        config: { access: 'person:view', audit: { event: 'PERSON_FACTS_VIEWED', recordType: type.key } },
        schema: {
          tags,
          summary: `${type.title}: current entries, then ended and corrected ones`,
          params: z.toJSONSchema(idParams),
        },
      },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'person:view')
        if (!person) return reply
        const facts = await service.factsOf(db, type, person.id, today())
        const order = { current: 0, ended: 1, corrected: 2 }
        return {
          items: facts
            .sort((a, b) => order[a.status] - order[b.status])
            .map((f) => factJson(type, f, request.principal)),
        }
      },
    )

    app.post(
      base,
      {
        config: { access: 'person:edit', audit: { event: AUDIT_EVENTS.add, recordType: type.key } },
        schema: {
          tags,
          summary: `Add ${article(type.singular)}`,
          description: type.upload
            ? 'Send multipart/form-data: the image as `photo` (JPEG or PNG, at most 5 MB) and the other fields as text (`verified` as `true` or `false`).'
            : 'Dates are YYYY-MM-DD. `validFrom` is when it started to be true.',
          params: z.toJSONSchema(idParams),
          ...(type.upload ? { consumes: ['multipart/form-data'] } : { body: bodyDoc }),
          response: { 400: errorsDoc, 404: errorsDoc },
        },
      },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'person:edit')
        if (!person) return reply
        const raw = (request.body ?? {}) as Record<string, unknown>
        const body = type.upload ? { ...formValuesOf(raw), verified: raw.verified === 'true' } : raw
        const result = await service.addFact(
          db,
          request.principal!,
          person.id,
          type,
          body,
          uploadOf(raw, 'photo'),
        )
        return written(request, reply, type, person.id, result, true)
      },
    )

    app.get(
      `${base}/:factId`,
      {
        config: { access: 'person:view', audit: { event: 'PERSON_FACTS_VIEWED', recordType: type.key } },
        schema: {
          tags,
          summary: `One entry of ${type.title.toLowerCase()}`,
          params: z.toJSONSchema(factParams),
        },
      },
      async (request, reply) => {
        const person = await personForRequest(db, request, reply, 'person:view')
        if (!person) return reply
        const factId = factIdOf(request)
        const fact = factId && (await service.findFact(db, type, person.id, factId, today()))
        if (!fact) return reply.code(404).send(noFact)
        request.audited = { recordId: fact.id }
        return factJson(type, fact, request.principal)
      },
    )

    for (const action of type.actions) {
      app.post(
        `${base}/:factId/${action}`,
        {
          config: { access: 'person:edit', audit: { event: AUDIT_EVENTS[action], recordType: type.key } },
          schema: {
            tags,
            summary: FACT_ACTION_SUMMARIES[action],
            description:
              'Send the `version` you read: if the entry has changed since, nothing is written and the answer is 409.',
            params: z.toJSONSchema(factParams),
            body: z.toJSONSchema(service.actionSchema(type, action), { io: 'input', unrepresentable: 'any' }),
            response: { 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
          },
        },
        async (request, reply) => {
          const person = await personForRequest(db, request, reply, 'person:edit')
          if (!person) return reply
          const factId = factIdOf(request)
          if (!factId) return reply.code(404).send(noFact)
          const result = await service.actOnFact(
            db,
            request.principal!,
            person.id,
            type,
            factId,
            action,
            request.body ?? {},
            today(),
          )
          return written(request, reply, type, person.id, result, action === 'change' || action === 'correct')
        },
      )
    }
  }

  app.get(
    '/api/v1/people/:id/photos/:factId/image',
    {
      config: { access: 'person:view', audit: { event: 'PERSON_PHOTO_VIEWED', recordType: 'photos' } },
      schema: { tags, summary: 'A photograph’s image (JPEG or PNG)', params: z.toJSONSchema(factParams) },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      return sendPhoto(db, request, reply, person.id)
    },
  )

  app.get(
    '/api/v1/people/:id/history',
    {
      config: { access: 'person:view', audit: { event: 'PERSON_HISTORY_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Every change to the record, newest first, with who made it and when',
        params: z.toJSONSchema(idParams),
        querystring: z.toJSONSchema(z.object({ kind: z.string().optional() }), { io: 'input' }),
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const { kind } = historyQuery.parse(request.query)
      const { kinds, entries } = await service.historyOf(db, person.id, kind)
      return {
        kinds,
        items: entries.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          kind: e.kind,
          title: e.title,
          detail: e.detail,
          recordType: e.recordType,
          recordId: e.recordId,
          actorName: e.actorName,
        })),
      }
    },
  )
}
