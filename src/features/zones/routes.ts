import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { mayDo } from '../../security/policy.js'
import { dateFromParts, dateParts } from '../../web/date-input.js'
import { paths } from '../../web/paths.js'
import { conditionsOf } from '../conditions/service.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { personFor } from '../people/service.js'
import { type FormValues, formErrors, formToInput, zoneToValues } from './form.js'
import { ZONE_KINDS, checkBody, checkResponse, zoneEnd, zoneFeatureIn, zoneFeaturePatch } from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
const zoneParams = z.object({ id: z.uuid(), zoneId: z.uuid() })
const zoneIdOf = (request: FastifyRequest) => zoneParams.safeParse(request.params).data?.zoneId

const STATUS_TAGS = {
  active: { text: 'In force', classes: 'govuk-tag--green' },
  future: { text: 'Not started', classes: 'govuk-tag--blue' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
} as const

export interface ZonesOptions {
  db: Database
  /** A tile URL template (`…/{z}/{x}/{y}.png`) on a host the CSP allows; without one, a plain map. */
  mapTileUrl?: string
}

/** What the map script shows: the zones as GeoJSON, the person's addresses as labelled points. */
async function mapData(db: Database, personId: string, zones: service.Zone[], mapTileUrl?: string) {
  const points = await service.addressPointsOf(db, personId, today())
  return {
    tileUrl: mapTileUrl ?? '',
    features: JSON.stringify(zones.map(service.zoneFeature)),
    points: JSON.stringify(
      points.map((p) => ({
        lat: p.lat,
        lon: p.lon,
        label: [p.line1, p.postcode].filter(Boolean).join(', '),
      })),
    ),
  }
}

/** Zones drawn on a map or imported as GeoJSON, in the browser. */
export async function zonesRoutes(app: FastifyInstance, { db, mapTileUrl }: ZonesOptions) {
  const formPage = async (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; values: FormValues; actionUrl: string; zone?: service.Zone } & Record<
      string,
      unknown
    >,
  ) => {
    const linkable = (await conditionsOf(db, data.person.id, today())).filter(
      (c) => ['exclusion_zone', 'inclusion_curfew'].includes(c.kind) && c.status !== 'ended',
    )
    const others = (await service.zonesOf(db, data.person.id, today())).filter(
      (z) => z.id !== data.zone?.id && z.status !== 'ended',
    )
    return reply.code(status).render('features/zones/views/zone-form.njk', {
      pageTitle: data.zone ? `Change the zone “${data.zone.name}”` : 'Draw or import a zone',
      sectionTitle: 'Conditions and zones',
      backLink: data.zone
        ? paths.people.zone(data.person.id, data.zone.id)
        : paths.people.conditions(data.person.id),
      recordNav: recordNavigation(data.person.id, 'conditions'),
      kinds: ZONE_KINDS.map((k) => ({ ...k, checked: data.values.kind === k.value })),
      conditions: [
        { value: '', text: 'Not linked to a condition' },
        ...linkable.map((c) => ({
          value: c.id,
          text: `${c.kind === 'exclusion_zone' ? 'Exclusion zone' : 'Curfew'}: ${c.wording.slice(0, 80)}`,
          selected: data.values.conditionId === c.id,
        })),
      ],
      map: await mapData(db, data.person.id, others, mapTileUrl),
      ...data,
    })
  }

  app.get('/people/:id/zones/new', { config: { access: 'risk:manage' } }, async (request, reply) => {
    const person = await personForRequest(db, request, reply, 'risk:manage')
    if (!person) return reply
    return formPage(reply, 200, {
      person,
      values: { kind: 'exclusion', ...dateParts('startsOn', today()) },
      actionUrl: paths.people.newZone(person.id),
    })
  })

  app.post(
    '/people/:id/zones/new',
    { config: { access: 'risk:manage', audit: { event: 'ZONE_ADDED', recordType: 'zone' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const { fields, shape, problems } = formToInput(values)
      const result = problems.length
        ? ({ kind: 'invalid', problems: [] } as const)
        : await service.createZone(db, request.principal!, person.id, fields, shape)
      if (result.kind === 'written') {
        request.audited = { recordId: result.id }
        return reply.redirect(paths.people.zone(person.id, result.id), 303)
      }
      const all = [...problems, ...(result.kind === 'invalid' ? result.problems : [])]
      return formPage(reply, 400, {
        person,
        values,
        actionUrl: paths.people.newZone(person.id),
        ...formErrors(all),
      })
    },
  )

  const loadZone = async (
    request: FastifyRequest,
    reply: FastifyReply,
    permission: 'person:view' | 'risk:manage',
  ) => {
    const person = await personForRequest(db, request, reply, permission)
    if (!person) return undefined
    const zoneId = zoneIdOf(request)
    const zone = zoneId && (await service.findZone(db, person.id, zoneId, today()))
    if (!zone) {
      await reply.callNotFound()
      return undefined
    }
    request.audited = { recordId: zone.id }
    return { person, zone }
  }

  const viewed = { event: 'ZONE_VIEWED', recordType: 'zone' }
  app.get(
    '/people/:id/zones/:zoneId',
    { config: { access: 'person:view', audit: viewed } },
    async (request, reply) => {
      const found = await loadZone(request, reply, 'person:view')
      if (!found) return reply
      const { person, zone } = found
      const conditions = await conditionsOf(db, person.id, today())
      const condition = conditions.find((c) => c.id === zone.conditionId)
      const mayManage = mayDo(request.principal, 'risk:manage') && zone.status !== 'ended'
      return reply.render('features/zones/views/zone.njk', {
        pageTitle: `Zone: ${zone.name}`,
        sectionTitle: 'Conditions and zones',
        backLink: paths.people.conditions(person.id),
        person,
        recordNav: recordNavigation(person.id, 'conditions'),
        zone,
        kindText: service.kindLabel(zone.kind),
        statusTag: STATUS_TAGS[zone.status],
        condition,
        conditionsHref: paths.people.conditions(person.id),
        geojsonHref: paths.people.zoneGeoJson(person.id, zone.id),
        changeHref: mayManage ? paths.people.changeZone(person.id, zone.id) : undefined,
        endHref: mayManage ? paths.people.endZone(person.id, zone.id) : undefined,
        map: await mapData(db, person.id, [zone], mapTileUrl),
      })
    },
  )

  app.get(
    '/people/:id/zones/:zoneId/geojson',
    { config: { access: 'person:view', audit: { event: 'ZONE_EXPORTED', recordType: 'zone' } } },
    async (request, reply) => {
      const found = await loadZone(request, reply, 'person:view')
      if (!found) return reply
      return reply
        .header('content-type', 'application/geo+json')
        .header('content-disposition', `attachment; filename="zone-${found.zone.id}.geojson"`)
        .header('cache-control', 'private, no-store')
        .send(JSON.stringify(service.zoneFeature(found.zone)))
    },
  )

  app.get(
    '/people/:id/zones/:zoneId/change',
    { config: { access: 'risk:manage', audit: viewed } },
    async (request, reply) => {
      const found = await loadZone(request, reply, 'risk:manage')
      if (!found) return reply
      const { person, zone } = found
      return formPage(reply, 200, {
        person,
        zone,
        values: zoneToValues(zone),
        actionUrl: paths.people.changeZone(person.id, zone.id),
      })
    },
  )

  app.post(
    '/people/:id/zones/:zoneId/change',
    { config: { access: 'risk:manage', audit: { event: 'ZONE_CHANGED', recordType: 'zone' } } },
    async (request, reply) => {
      const found = await loadZone(request, reply, 'risk:manage')
      if (!found) return reply
      const { person, zone } = found
      const values = (request.body ?? {}) as FormValues
      const actionUrl = paths.people.changeZone(person.id, zone.id)
      const { fields, shape, problems } = formToInput(values)
      if (problems.length)
        return formPage(reply, 400, { person, zone, values, actionUrl, ...formErrors(problems) })
      const result = await service.changeZone(
        db,
        request.principal!,
        person.id,
        zone.id,
        { version: Number(values.version), fields, shape },
        today(),
      )
      if (result.kind === 'written') return reply.redirect(paths.people.zone(person.id, zone.id), 303)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'stale')
        return formPage(reply, 409, {
          person,
          zone: result.current,
          values: { ...values, version: String(result.current.version) },
          actionUrl,
          stale: true,
          errorList: [
            {
              text: 'Someone else changed this zone while you were working on it. The map shows it as it is now; your entries are kept. Check them, then save again.',
              href: '#main-content',
            },
          ],
        })
      return formPage(reply, 400, { person, zone, values, actionUrl, ...formErrors(result.problems) })
    },
  )

  const endPage = (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; zone: service.Zone; values: FormValues } & Record<string, unknown>,
  ) =>
    reply.code(status).render('features/zones/views/end-zone.njk', {
      pageTitle: `End the zone “${data.zone.name}”`,
      sectionTitle: 'Conditions and zones',
      backLink: paths.people.zone(data.person.id, data.zone.id),
      recordNav: recordNavigation(data.person.id, 'conditions'),
      actionUrl: paths.people.endZone(data.person.id, data.zone.id),
      ...data,
    })

  app.get(
    '/people/:id/zones/:zoneId/end',
    { config: { access: 'risk:manage', audit: viewed } },
    async (request, reply) => {
      const found = await loadZone(request, reply, 'risk:manage')
      if (!found) return reply
      return endPage(reply, 200, {
        ...found,
        values: { version: String(found.zone.version), ...dateParts('endsOn', today()) },
      })
    },
  )

  app.post(
    '/people/:id/zones/:zoneId/end',
    { config: { access: 'risk:manage', audit: { event: 'ZONE_ENDED', recordType: 'zone' } } },
    async (request, reply) => {
      const found = await loadZone(request, reply, 'risk:manage')
      if (!found) return reply
      const { person, zone } = found
      const values = (request.body ?? {}) as FormValues
      const endsOn = dateFromParts(values, 'endsOn', 'End date')
      if (!endsOn.value)
        return endPage(reply, 400, {
          person,
          zone,
          values,
          ...formErrors([{ path: 'endsOn', message: endsOn.error ?? 'Enter the date the zone ends' }]),
        })
      const result = await service.endZone(
        db,
        request.principal!,
        person.id,
        zone.id,
        { version: Number(values.version), endsOn: endsOn.value },
        today(),
      )
      if (result.kind === 'written')
        return reply.redirect(`${paths.people.conditions(person.id)}?saved=zone-ended`, 303)
      if (result.kind === 'not_found') return reply.callNotFound()
      if (result.kind === 'stale')
        return endPage(reply, 409, {
          person,
          zone: result.current,
          values: { ...values, version: String(result.current.version) },
          errorList: [
            {
              text: 'Someone else changed this zone while you were working on it. Check it, then end it again.',
              href: '#main-content',
            },
          ],
        })
      return endPage(reply, 400, { person, zone, values, ...formErrors(result.problems) })
    },
  )
}

const errorsDoc = z.toJSONSchema(
  z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
)
const noZone = { errors: [{ path: 'zoneId', message: 'No zone with that id' }] }
const featureDoc = {
  type: 'object',
  description: 'An RFC 7946 Feature: `id`, `bbox`, a Polygon or MultiPolygon `geometry`, and `properties`',
  properties: {
    type: { type: 'string', enum: ['Feature'] },
    id: { type: 'string' },
    bbox: { type: 'array', items: { type: 'number' } },
    geometry: { type: 'object' },
    properties: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        kind: { type: 'string', enum: ['exclusion', 'inclusion'] },
        personId: { type: 'string' },
        conditionId: { type: ['string', 'null'] },
        startsOn: { type: ['string', 'null'] },
        endsOn: { type: ['string', 'null'] },
        status: { type: 'string', enum: ['active', 'future', 'ended'] },
        circle: { type: ['object', 'null'] },
        updatedAt: { type: 'string' },
        version: { type: 'number' },
      },
    },
  },
}
const GEOMETRY_RULES =
  'The geometry must be a Polygon or MultiPolygon in WGS84 `[longitude, latitude]`, with closed rings of at least 4 positions, no boundary crossing itself, inside the United Kingdom. A circle: `geometry: null` and `properties.circle: {centre: [longitude, latitude], radiusMetres}`; it is stored as a 64-sided polygon with its centre and radius. A bad geometry is a 400 whose messages say what is wrong. Send `application/json` or `application/geo+json`.'

/** Zones for partner systems (GeoJSON in and out), and checking points against them. */
export async function zonesApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Conditions and zones']
  app.addContentTypeParser(
    'application/geo+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'ignore'),
  )

  const shapeOf = (geometry: unknown, circle?: { centre: [number, number]; radiusMetres: number }) =>
    circle
      ? { circle: { lon: circle.centre[0], lat: circle.centre[1], radiusMetres: circle.radiusMetres } }
      : { geojson: geometry }

  const written = async (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    result: service.WriteResult,
    status: number,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send(noZone)
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'stale':
        return reply.code(409).send({
          errors: [
            {
              path: 'properties.version',
              message: `The zone has changed since you read it; read it again (now version ${result.current.version})`,
            },
          ],
        })
      case 'written': {
        request.audited = { recordId: result.id }
        const zone = (await service.findZone(db, personId, result.id, today()))!
        return reply
          .code(status)
          .header('location', paths.api.zone(personId, result.id))
          .header('content-type', 'application/geo+json')
          .send(JSON.stringify(service.zoneFeature(zone)))
      }
    }
  }

  const badBody = (reply: FastifyReply, error: z.ZodError) =>
    reply
      .code(400)
      .send({ errors: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) })

  app.get(
    '/api/v1/people/:id/zones',
    {
      config: { access: 'person:view', audit: { event: 'ZONES_VIEWED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'A person’s zones as a GeoJSON FeatureCollection (in force, not started and ended)',
        params: z.toJSONSchema(idParams),
        response: {
          200: {
            type: 'object',
            properties: { type: { type: 'string' }, features: { type: 'array', items: featureDoc } },
          },
        },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const collection = service.zoneCollection(await service.zonesOf(db, person.id, today()))
      return reply.header('content-type', 'application/geo+json').send(JSON.stringify(collection))
    },
  )

  app.post(
    '/api/v1/people/:id/zones',
    {
      config: { access: 'risk:manage', audit: { event: 'ZONE_ADDED', recordType: 'zone' } },
      schema: {
        tags,
        summary: 'Add a zone from a GeoJSON Feature (polygon, multipolygon or circle)',
        description: `${GEOMETRY_RULES} Properties: \`name\`, \`kind\` (exclusion or inclusion), optional \`conditionId\` (an exclusion-zone or curfew condition of the person), \`startsOn\`, \`endsOn\` (YYYY-MM-DD).`,
        params: z.toJSONSchema(idParams),
        body: z.toJSONSchema(zoneFeatureIn, { io: 'input', unrepresentable: 'any' }),
        response: { 201: featureDoc, 400: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const parsed = zoneFeatureIn.safeParse(request.body ?? {})
      if (!parsed.success) return badBody(reply, parsed.error)
      const { circle, ...fields } = parsed.data.properties
      const result = await service.createZone(
        db,
        request.principal!,
        person.id,
        fields,
        shapeOf(parsed.data.geometry, circle),
      )
      return written(request, reply, person.id, result, 201)
    },
  )

  app.get(
    '/api/v1/people/:id/zones/:zoneId',
    {
      config: { access: 'person:view', audit: { event: 'ZONE_VIEWED', recordType: 'zone' } },
      schema: {
        tags,
        summary: 'One zone as a GeoJSON Feature',
        params: z.toJSONSchema(zoneParams),
        response: { 200: featureDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const zoneId = zoneIdOf(request)
      const zone = zoneId && (await service.findZone(db, person.id, zoneId, today()))
      if (!zone) return reply.code(404).send(noZone)
      request.audited = { recordId: zone.id }
      return reply
        .header('content-type', 'application/geo+json')
        .send(JSON.stringify(service.zoneFeature(zone)))
    },
  )

  app.patch(
    '/api/v1/people/:id/zones/:zoneId',
    {
      config: { access: 'risk:manage', audit: { event: 'ZONE_CHANGED', recordType: 'zone' } },
      schema: {
        tags,
        summary: 'Change or redraw a zone',
        description: `Send a Feature with \`properties.version\` as read: if the zone has changed since, nothing is written and the answer is 409. Properties left out keep their values; a null geometry (without \`properties.circle\`) keeps the shape. ${GEOMETRY_RULES} To stop a zone applying, end it rather than delete it.`,
        params: z.toJSONSchema(zoneParams),
        body: z.toJSONSchema(zoneFeaturePatch, { io: 'input', unrepresentable: 'any' }),
        response: { 200: featureDoc, 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const zoneId = zoneIdOf(request)
      if (!zoneId) return reply.code(404).send(noZone)
      const parsed = zoneFeaturePatch.safeParse(request.body ?? {})
      if (!parsed.success) return badBody(reply, parsed.error)
      const { version, circle, ...fields } = parsed.data.properties
      const geometry = parsed.data.geometry
      const result = await service.changeZone(
        db,
        request.principal!,
        person.id,
        zoneId,
        { version, fields, shape: circle || geometry ? shapeOf(geometry, circle) : undefined },
        today(),
      )
      return written(request, reply, person.id, result, 200)
    },
  )

  app.post(
    '/api/v1/people/:id/zones/:zoneId/end',
    {
      config: { access: 'risk:manage', audit: { event: 'ZONE_ENDED', recordType: 'zone' } },
      schema: {
        tags,
        summary: 'End a zone on a date (it stays in the record, and in checks of earlier times)',
        params: z.toJSONSchema(zoneParams),
        body: z.toJSONSchema(zoneEnd, { io: 'input' }),
        response: { 200: featureDoc, 400: errorsDoc, 404: errorsDoc, 409: errorsDoc },
      },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'risk:manage')
      if (!person) return reply
      const zoneId = zoneIdOf(request)
      if (!zoneId) return reply.code(404).send(noZone)
      const result = await service.endZone(
        db,
        request.principal!,
        person.id,
        zoneId,
        request.body ?? {},
        today(),
      )
      return written(request, reply, person.id, result, 200)
    },
  )

  app.post(
    '/api/v1/zones/check',
    {
      // A full batch of 10,000 points is about 700 kB; room for it, so a bigger one gets a clear 400.
      bodyLimit: 4 * 1_048_576,
      config: { access: 'person:view', audit: { event: 'ZONES_CHECKED', recordType: 'person' } },
      schema: {
        tags,
        summary: 'Which of a person’s zones each point falls in, at each point’s time',
        description:
          'For electronic monitoring feeds. `at` is an ISO 8601 timestamp with its offset; a zone counts if it is in force on that day in London. Points on a boundary count as inside. At most 10,000 points in one request. Access is that of reading the person’s record: a key of a duty-to-co-operate agency (such as an electronic monitoring provider) needs the case shared with its agency.',
        body: z.toJSONSchema(checkBody, { io: 'input' }),
        response: { 200: z.toJSONSchema(checkResponse), 400: errorsDoc, 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const parsed = checkBody.safeParse(request.body ?? {})
      if (!parsed.success) {
        const count = (request.body as { points?: unknown } | undefined)?.points
        const errors = parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.join('.'), message: i.message }))
        if (Array.isArray(count) && errors.some((e) => e.path === 'points'))
          for (const e of errors)
            if (e.path === 'points')
              e.message += ` (this request has ${count.length.toLocaleString('en-GB')})`
        return reply.code(400).send({ errors })
      }
      const { personId, points } = parsed.data
      const access = await personFor(db, request.principal!, personId, 'person:view')
      if (access.kind === 'not_found')
        return reply.code(404).send({ errors: [{ path: 'personId', message: 'No person with that id' }] })
      if (access.kind === 'denied')
        return reply.code(403).send({ errors: [{ path: 'personId', message: access.decision.message }] })
      request.audited = { recordId: access.person.id }
      return { results: await service.checkPoints(db, access.person.id, points) }
    },
  )
}
