import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { paths } from '../../web/paths.js'
import { readCriteria, searchQuery, type SearchQuery } from './criteria.js'
import * as service from './service.js'
import { backfillSearchTerms } from './terms.js'

const audit = { event: 'PEOPLE_SEARCHED', recordType: 'person' } as const

/** A result as the API returns it: a restricted record the caller is not named on says only that. */
export function resultJson(r: service.SearchResult) {
  const person =
    r.access === 'restricted'
      ? { id: r.person.id, restricted: true, area: r.person.areaCode }
      : {
          id: r.person.id,
          givenName: r.person.givenName,
          familyName: r.person.familyName,
          dateOfBirth: r.person.dateOfBirth,
          area: r.person.areaCode,
          pncId: r.person.pncId,
          crn: r.person.crn,
          restricted: r.person.restricted,
        }
  return { person, score: r.score, reasons: r.reasons, access: r.access, otherArea: r.otherArea }
}

const searchFields = (query: SearchQuery) => {
  const { page: _page, ...fields } = query
  return fields
}

/** Search for a person: one box and an advanced form, results with the reasons they matched. */
export async function searchRoutes(app: FastifyInstance, { db }: { db: Database }) {
  // Terms written before the search's own columns existed (or bulk-loaded) are filled in once.
  app.addHook('onReady', () => backfillSearchTerms(db))

  app.get(paths.search(), { config: { access: 'person:list', audit } }, async (request, reply) => {
    const query = searchQuery.parse(request.query)
    const read = readCriteria(query)
    const advancedOpen = !!(
      query.givenName ||
      query.familyName ||
      query.dob ||
      query.identifier ||
      query.postcode ||
      query.vehicle
    )
    const page = { pageTitle: 'Search for a person', action: paths.search(), query, advancedOpen }
    if (read.ok === 'empty') return reply.render('features/search/views/search.njk', page)
    if (!read.ok) {
      const errors = Object.fromEntries(read.problems.map((p) => [p.path, p.message]))
      return reply.code(400).render('features/search/views/search.njk', {
        ...page,
        advancedOpen: advancedOpen || 'dob' in errors,
        errors,
        errorList: read.problems.map((p) => ({ text: p.message, href: `#${p.path}` })),
      })
    }
    const { results, total } = await service.searchPeople(db, request.principal!, read.criteria, query.page)
    const pages = Math.ceil(total / service.PAGE_SIZE)
    const fields = searchFields(query)
    return reply.render('features/search/views/search.njk', {
      ...page,
      searched: true,
      results: results.map(service.resultView),
      total,
      pagination: {
        previous: query.page > 1 ? { href: paths.search({ ...fields, page: query.page - 1 }) } : undefined,
        next: query.page < pages ? { href: paths.search({ ...fields, page: query.page + 1 }) } : undefined,
      },
    })
  })
}

const reasonsDoc =
  'Each result has the reasons it matched (for example "Family name sounds like SMYTH", "Date of birth with day and month swapped", "Alias: Bill JONES"); the score is the sum of the points behind them. `access` says whether the caller may open the record (`open`), must give a reason first (`reason_required`, a record in another area) or is not named on a restricted record (`restricted`: only its id and area are returned).'

const resultSchema = z.object({
  results: z.array(
    z.object({
      person: z.object({
        id: z.uuid(),
        givenName: z.string().optional(),
        familyName: z.string().optional(),
        dateOfBirth: z.string().optional(),
        area: z.string(),
        pncId: z.string().nullable().optional(),
        crn: z.string().nullable().optional(),
        restricted: z.boolean(),
      }),
      score: z.number().int(),
      reasons: z.array(z.string()),
      access: z.enum(['open', 'reason_required', 'restricted']),
      otherArea: z.boolean(),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
})

const errorsSchema = z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) })

/** GET /api/v1/search: the same matching for partner systems. */
export async function searchApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    paths.api.search(),
    {
      config: { access: 'person:list', audit },
      schema: {
        tags: ['Search'],
        summary: 'Find people by name, date of birth, identifier, address or vehicle',
        description: `\`q\` is one search box (a name with a date of birth, identifier, postcode or registration anywhere in it); the other parameters are the advanced form's fields. \`dob\` may be YYYY-MM-DD or day first (3/11/1978). ${reasonsDoc}`,
        querystring: z.toJSONSchema(searchQuery, { io: 'input' }),
        response: { 200: z.toJSONSchema(resultSchema), 400: z.toJSONSchema(errorsSchema) },
      },
    },
    async (request, reply) => {
      const parsed = searchQuery.safeParse(request.query)
      if (!parsed.success) {
        return reply.code(400).send({
          errors: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        })
      }
      const read = readCriteria(parsed.data)
      if (read.ok === 'empty') {
        return reply.code(400).send({
          errors: [{ path: 'q', message: 'Give a name, date of birth, identifier, postcode or vehicle' }],
        })
      }
      if (!read.ok) return reply.code(400).send({ errors: read.problems })
      const { results, total } = await service.searchPeople(
        db,
        request.principal!,
        read.criteria,
        parsed.data.page,
      )
      return { results: results.map(resultJson), page: parsed.data.page, pageSize: service.PAGE_SIZE, total }
    },
  )
}
