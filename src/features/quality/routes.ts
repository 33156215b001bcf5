import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { addDays, isIsoDate, londonDateOf } from '../../domain/rules/dates.js'
import { areaNames } from '../../security/accounts.js'
import { isApiRequest, refuseForbidden } from '../../security/access-hooks.js'
import type { Principal } from '../../security/principal.js'
import { dateFromParts, dateParts } from '../../web/date-input.js'
import { paths } from '../../web/paths.js'
import {
  CRITERIA,
  CRITERION_LABELS,
  type CriterionResult,
  MEETING_CRITERIA,
  REFERRAL_TO_MEETING_WORKING_DAYS,
} from './criteria.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const idParams = z.object({ id: z.uuid() })
/** The area audit looks back this far unless a range is given. */
const DEFAULT_DAYS = 90

const OUTCOME_TAGS = {
  met: { text: 'Met', classes: 'govuk-tag--green' },
  not_met: { text: 'Not met', classes: 'govuk-tag--red' },
  not_applicable: { text: 'Not applicable', classes: 'govuk-tag--grey' },
} as const
const ATTENDANCE_TEXT: Record<string, string> = {
  attended: 'Attended',
  apologies: 'Apologies',
  absent: 'Absent',
}

const isoDate = z
  .string()
  .trim()
  .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && isIsoDate(d))
export const areaQualityQuery = z.object({
  area: z.string().trim().max(60).optional().catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
})

/** The area and range asked for (ISO dates or the form's day/month/year), defaulting sensibly. */
function rangeOf(principal: Principal, query: Record<string, unknown>) {
  const q = areaQualityQuery.parse(query)
  const part = (name: string) => {
    const d = dateFromParts(query, name, name)
    return d.value && isIsoDate(d.value) ? d.value : undefined
  }
  const to = q.to ?? part('to') ?? today()
  const from = q.from ?? part('from') ?? addDays(to, -DEFAULT_DAYS)
  return {
    area: q.area ?? principal.membership.areaCodes[0] ?? '',
    from: from <= to ? from : to,
    to,
  }
}

const errorsResponse = z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) })
const resultJson = z.object({
  criterion: z.enum(CRITERIA),
  outcome: z.enum(['met', 'not_met', 'not_applicable']),
  text: z.string(),
  reference: z.string(),
  days: z.number().optional(),
})
const tallyJson = z.object({
  met: z.number(),
  notMet: z.number(),
  notApplicable: z.number(),
  percentage: z.number().nullable(),
})
const tallies = z.object(
  Object.fromEntries(CRITERIA.map((c) => [c, tallyJson])) as Record<
    (typeof CRITERIA)[number],
    typeof tallyJson
  >,
)

const meetingQualityJson = z.object({
  meeting: z.object({
    id: z.string(),
    areaCode: z.string(),
    heldOn: z.string(),
    level: z.number(),
    status: z.string(),
    held: z.boolean(),
  }),
  attendance: z.array(
    z.object({
      agencyId: z.string(),
      agencyName: z.string(),
      invited: z.boolean(),
      status: z.enum(['attended', 'apologies', 'absent']).nullable(),
      reportSubmitted: z.boolean(),
    }),
  ),
  meetingResults: z.array(resultJson),
  cases: z.array(
    z.object({
      caseId: z.string(),
      position: z.number(),
      personId: z.string().nullable().describe('Null for callers who see figures only'),
      person: z.object({ givenName: z.string(), familyName: z.string() }).nullable(),
      results: z.array(resultJson),
    }),
  ),
  tally: tallies,
})

const areaQualityJson = z.object({
  areaCode: z.string(),
  from: z.string(),
  to: z.string(),
  meetings: z.array(
    z.object({
      id: z.string(),
      heldOn: z.string(),
      level: z.number(),
      cases: z.number(),
      metPercentage: z.number().nullable(),
    }),
  ),
  tally: tallies,
  referralToMeeting: z.object({
    cases: z.number(),
    medianDays: z.number().nullable(),
    meanDays: z.number().nullable(),
  }),
  attendance: z.array(
    z.object({
      agencyId: z.string(),
      agencyName: z.string(),
      expected: z.number(),
      invited: z.number(),
      attended: z.number(),
      apologies: z.number(),
      absent: z.number(),
      absentWithReport: z.number(),
    }),
  ),
})

/** The meeting a quality request is about, or the 404/403 it gets; marks the request audited. */
async function meetingForRequest(db: Database, request: FastifyRequest, reply: FastifyReply) {
  const params = idParams.safeParse(request.params)
  const access = params.success
    ? await service.meetingForQuality(db, request.principal!, params.data.id)
    : ({ kind: 'not_found' } as const)
  if (access.kind === 'not_found') {
    await (isApiRequest(request)
      ? reply.code(404).send({ errors: [{ path: 'id', message: 'No meeting with that id' }] })
      : reply.callNotFound())
    return undefined
  }
  if (access.kind === 'denied') {
    await refuseForbidden(request, reply, access.message)
    return undefined
  }
  request.audited = { recordId: access.meeting.id }
  return access
}

const resultView = (r: CriterionResult) => ({
  ...r,
  label: CRITERION_LABELS[r.criterion],
  tag: OUTCOME_TAGS[r.outcome],
})

const tallyRows = (tally: service.MeetingQuality['tally'], only?: readonly string[]) =>
  CRITERIA.filter((c) => !only || only.includes(c)).map((c) => ({
    criterion: c,
    label: CRITERION_LABELS[c],
    ...tally[c],
  }))

/**
 * The quality audit (MAPPA L) in the browser: per meeting, and per area over a date range.
 * Access is the policy's (decideQualityAccess): area staff see names, oversight roles figures.
 */
export async function qualityRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/meetings/:id/quality',
    { config: { access: 'signed_in', audit: { event: 'MEETING_QUALITY_VIEWED', recordType: 'meeting' } } },
    async (request, reply) => {
      const found = await meetingForRequest(db, request, reply)
      if (!found) return reply
      const q = await service.meetingQuality(
        db,
        request.principal!,
        found.meeting,
        found.access.identities,
        today(),
      )
      return reply.render('features/quality/views/meeting.njk', {
        pageTitle: 'Meeting quality audit',
        backLink: paths.quality({ area: found.meeting.areaCode }),
        identities: found.access.identities,
        meetingHref: found.access.identities ? paths.meetings.show(found.meeting.id) : undefined,
        areaName: areaNames([found.meeting.areaCode]),
        q,
        attendance: q.attendance.map((a) => ({
          ...a,
          statusText: a.status ? ATTENDANCE_TEXT[a.status] : 'Not recorded',
        })),
        meetingResults: q.meetingResults.map(resultView),
        cases: q.cases.map((c) => ({
          ...c,
          heading: c.person
            ? `${c.person.givenName} ${c.person.familyName}`
            : found.access.identities && c.personId
              ? `Case ${c.position} (restricted record)`
              : `Case ${c.position}`,
          results: c.results.map(resultView),
        })),
        tally: tallyRows(q.tally),
      })
    },
  )

  app.get(
    '/quality',
    { config: { access: 'signed_in', audit: { event: 'AREA_QUALITY_VIEWED', recordType: 'area' } } },
    async (request, reply) => {
      const principal = request.principal!
      const range = rangeOf(principal, (request.query ?? {}) as Record<string, unknown>)
      const access = service.decideQualityAccess(principal, range.area)
      if (!access.allowed) return refuseForbidden(request, reply, access.message)
      const q = await service.areaQuality(db, principal, range.area, range.from, range.to, today())
      return reply.render('features/quality/views/area.njk', {
        pageTitle: 'Quality audit',
        areaName: areaNames([range.area]),
        range,
        values: { ...dateParts('from', range.from), ...dateParts('to', range.to) },
        areas: principal.membership.areaCodes.map((code) => ({
          value: code,
          text: areaNames([code]),
          selected: code === range.area,
        })),
        action: paths.quality(),
        q,
        tally: tallyRows(q.tally),
        meetingCriteria: MEETING_CRITERIA,
        targetWorkingDays: REFERRAL_TO_MEETING_WORKING_DAYS,
        meetings: q.meetings.map((m) => ({ ...m, href: paths.meetings.quality(m.id) })),
      })
    },
  )
}

/** The quality audit for partner systems and board reporting. */
export async function qualityApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Quality audit']

  app.get(
    '/api/v1/meetings/:id/quality',
    {
      config: { access: 'signed_in', audit: { event: 'MEETING_QUALITY_VIEWED', recordType: 'meeting' } },
      schema: {
        tags,
        summary: 'The meeting audit (MAPPA L) of one meeting, computed live',
        description:
          'Each criterion is met, not met or not applicable, with the reason and guidance reference. Callers with quality:view who are not responsible-authority staff of the area (SMB members, lay advisers) get figures only: `personId` and `person` are null.',
        params: z.toJSONSchema(idParams),
        response: {
          200: z.toJSONSchema(meetingQualityJson),
          403: z.toJSONSchema(errorsResponse),
          404: z.toJSONSchema(errorsResponse),
        },
      },
    },
    async (request, reply) => {
      const found = await meetingForRequest(db, request, reply)
      if (!found) return reply
      return service.meetingQuality(db, request.principal!, found.meeting, found.access.identities, today())
    },
  )

  app.get(
    paths.api.quality(),
    {
      config: { access: 'signed_in', audit: { event: 'AREA_QUALITY_VIEWED', recordType: 'area' } },
      schema: {
        tags,
        summary: 'An area’s meeting audit figures (MAPPA L) over a date range, without names',
        description: `\`area\` defaults to the caller's first area; \`from\` and \`to\` (YYYY-MM-DD) to the last ${DEFAULT_DAYS} days. Meetings held in the range and not cancelled count. Percentages are of the results where the criterion applied.`,
        querystring: z.toJSONSchema(areaQualityQuery, { io: 'input', unrepresentable: 'any' }),
        response: { 200: z.toJSONSchema(areaQualityJson), 403: z.toJSONSchema(errorsResponse) },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      const range = rangeOf(principal, (request.query ?? {}) as Record<string, unknown>)
      const access = service.decideQualityAccess(principal, range.area)
      if (!access.allowed) return refuseForbidden(request, reply, access.message)
      return service.areaQuality(db, principal, range.area, range.from, range.to, today())
    },
  )
}
