import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { areaByCode } from '../../domain/areas.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { refuseForbidden } from '../../security/access-hooks.js'
import { isResponsibleAuthority, mayDo } from '../../security/policy.js'
import { dateParts } from '../../web/date-input.js'
import { formatDate } from '../../web/format.js'
import { dottedPath, parseFormBody, staleErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import { personForRequest } from '../people/record-access.js'
import * as referrals from '../referrals/service.js'
import { requestText, statusTag as referralStatusTag } from '../referrals/schema.js'
import { meetingForRequest, type MeetingRow } from './access.js'
import {
  type FormValues,
  formErrors,
  invitationFormToBody,
  meetingFormToBody,
  meetingToValues,
} from './form.js'
import {
  CASE_KINDS,
  DEFAULT_LAWFUL_BASIS,
  MEETING_FORMATS,
  MEETING_STATUSES,
  caseBody,
  invitationBody,
  invitationParams,
  labelOf,
  meetingBody,
  meetingChange,
  meetingParams,
  meetingResponse,
  meetingSummaryResponse,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const areaName = (code: string) => areaByCode(code)?.name ?? code
const statusTag = (status: string) => {
  const s = MEETING_STATUSES.find((x) => x.value === status)
  return { text: s?.text ?? status, classes: s?.classes ?? 'govuk-tag--grey' }
}
const viewed = { event: 'MEETING_VIEWED', recordType: 'meeting' }
const ACTION_TAGS: Record<string, { text: string; classes: string }> = {
  open: { text: 'Open', classes: 'govuk-tag--blue' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  cancelled: { text: 'Cancelled', classes: 'govuk-tag--grey' },
}

/** The list's filters, from the query string. */
const listFilters = z.object({
  when: z.enum(['upcoming', 'past']).catch('upcoming'),
  level: z.coerce.number().int().min(2).max(3).optional().catch(undefined),
  status: z
    .enum(MEETING_STATUSES.map((s) => s.value) as ['scheduled', 'finalised', 'cancelled'])
    .optional()
    .catch(undefined),
  area: z.string().optional().catch(undefined),
})

/**
 * A meeting the principal may manage: meeting:manage, and staff of the meeting's area (an
 * invitation gives sight of packs, never the running of the meeting).
 */
async function manageable(db: Database, request: FastifyRequest, reply: FastifyReply) {
  const access = await meetingForRequest(db, request, reply, 'meeting:manage')
  if (!access) return undefined
  if (access.basis !== 'area') {
    await refuseForbidden(request, reply, 'Only the MAPPA unit of the meeting’s area can change it.')
    return undefined
  }
  return access.meeting
}

/** A problem with the page as a whole (no one field), for the error summary. */
const pageProblem = (text: string) => ({ errorList: [{ text, href: '#main-content' }] })

const meetingTitle = (m: Pick<MeetingRow, 'heldOn' | 'level'>) =>
  `Level ${m.level} meeting, ${formatDate(m.heldOn)}`

/** Meetings in the browser: list, schedule, agenda, invitations, cancel; and a person's Meetings section. */
export async function meetingsRoutes(app: FastifyInstance, { db }: { db: Database }) {
  app.get(
    '/meetings',
    { config: { access: 'meeting:view', audit: { event: 'MEETINGS_LISTED' } } },
    async (request, reply) => {
      const principal = request.principal!
      const filters = listFilters.parse(request.query ?? {})
      const rows = await service.meetingsFor(
        db,
        principal,
        { when: filters.when, level: filters.level, status: filters.status, areaCode: filters.area },
        today(),
      )
      const query = (when: string) => ({
        when,
        level: filters.level,
        status: filters.status,
        area: filters.area,
      })
      return reply.render('features/meetings/views/list.njk', {
        pageTitle: 'Meetings',
        filters,
        meetings: rows.map((m) => ({
          ...m,
          href: paths.meetings.show(m.id),
          areaName: areaName(m.areaCode),
          statusTag: statusTag(m.status),
          formatText: labelOf(MEETING_FORMATS, m.format),
        })),
        tabs: [
          {
            text: 'Upcoming',
            href: paths.meetings.list(query('upcoming')),
            active: filters.when === 'upcoming',
          },
          { text: 'Past', href: paths.meetings.list(query('past')), active: filters.when === 'past' },
        ],
        levelItems: [
          { value: '', text: 'Any level' },
          ...[2, 3].map((l) => ({ value: String(l), text: `Level ${l}`, selected: filters.level === l })),
        ],
        statusItems: [
          { value: '', text: 'Any status' },
          ...MEETING_STATUSES.map((s) => ({
            value: s.value,
            text: s.text,
            selected: filters.status === s.value,
          })),
        ],
        areaItems:
          isResponsibleAuthority(principal) && principal.membership.areaCodes.length > 1
            ? [
                { value: '', text: 'All your areas' },
                ...principal.membership.areaCodes.map((c) => ({
                  value: c,
                  text: areaName(c),
                  selected: filters.area === c,
                })),
              ]
            : undefined,
        filterAction: paths.meetings.list(),
        createHref: mayDo(principal, 'meeting:manage') ? paths.meetings.create() : undefined,
      })
    },
  )

  /** Chairs of the principal's areas: users holding the meeting chair role there. */
  const chairItems = async (areaCodes: string[], chosen: string | undefined) => {
    const options = (await Promise.all(areaCodes.map((a) => service.chairOptions(db, a)))).flat()
    const seen = new Set<string>()
    return [
      { value: '', text: 'Select the chair' },
      ...options
        .filter((o) => !seen.has(`${o.userId}:${o.agencyId}`) && seen.add(`${o.userId}:${o.agencyId}`))
        .map((o) => ({
          value: o.userId,
          text: `${o.displayName}, ${o.agencyName}`,
          selected: o.userId === chosen,
        })),
    ]
  }

  const meetingFormPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    data: {
      values: FormValues
      action: string
      meeting?: MeetingRow
      referral?: referrals.ReferralRecord
    } & object,
  ) => {
    const areas = data.meeting ? [data.meeting.areaCode] : request.principal!.membership.areaCodes
    return reply.code(status).render('features/meetings/views/meeting-form.njk', {
      pageTitle: data.meeting ? 'Change the meeting’s details' : 'Schedule a meeting',
      backLink: data.meeting
        ? paths.meetings.show(data.meeting.id)
        : data.referral
          ? paths.referrals.screen(data.referral.id, 'accept')
          : paths.meetings.list(),
      chairItems: await chairItems(areas, data.values.chairUserId),
      areaItems:
        !data.meeting && areas.length > 1
          ? [
              { value: '', text: 'Select the area' },
              ...areas.map((a) => ({ value: a, text: areaName(a), selected: data.values.areaCode === a })),
            ]
          : undefined,
      formats: MEETING_FORMATS.map((f) => ({
        value: f.value,
        text: f.text,
        checked: data.values.format === f.value,
      })),
      levels: [2, 3].map((l) => ({
        value: String(l),
        text: `Level ${l}`,
        checked: data.values.level === String(l),
      })),
      referralText: data.referral
        ? `${data.referral.reference}: ${data.referral.givenName} ${data.referral.familyName}, ${requestText(data.referral)}`
        : undefined,
      ...data,
    })
  }

  /** The referral a new meeting is being scheduled for (from accepting it), if any. */
  const referralFor = async (request: FastifyRequest, reply: FastifyReply, id: unknown) => {
    if (typeof id !== 'string' || !z.uuid().safeParse(id).success) return { referral: undefined }
    const referral = await referrals.findReferral(db, id)
    if (!referral || !referrals.mayScreen(request.principal!, referral)) {
      await refuseForbidden(
        request,
        reply,
        'Only the MAPPA co-ordinators of the referral’s area can accept it.',
      )
      return undefined
    }
    return { referral }
  }

  app.get('/meetings/new', { config: { access: 'meeting:manage' } }, async (request, reply) => {
    const query = request.query as { referral?: unknown; version?: unknown }
    const found = await referralFor(request, reply, query.referral)
    if (!found) return reply
    const { referral } = found
    return meetingFormPage(request, reply, 200, {
      values: {
        startsAt: '10:00',
        level: referral?.levelRequested ? String(referral.levelRequested) : '',
        ...(referral
          ? {
              referral: referral.id,
              referralVersion: typeof query.version === 'string' ? query.version : String(referral.version),
            }
          : {}),
      },
      action: paths.meetings.create(),
      ...(referral ? { referral } : {}),
    })
  })

  app.post(
    '/meetings/new',
    { config: { access: 'meeting:manage', audit: { event: 'MEETING_SCHEDULED', recordType: 'meeting' } } },
    async (request, reply) => {
      const values = (request.body ?? {}) as FormValues
      const found = await referralFor(request, reply, values.referral || undefined)
      if (!found) return reply
      const { referral } = found
      const action = paths.meetings.create()
      const again = (status: number, extra: object) =>
        meetingFormPage(request, reply, status, {
          values,
          action,
          ...(referral ? { referral } : {}),
          ...extra,
        })
      const { body, problems } = meetingFormToBody(values)
      if (problems.length) {
        const all = parseFormBody(meetingBody, body, problems, dottedPath)
        return again(400, formErrors(all.ok ? problems : all.problems))
      }
      const principal = request.principal!
      // Scheduled from accepting a referral: the meeting and the acceptance are one write.
      const accepted = referral
        ? await referrals.acceptIntoNewMeeting(
            db,
            principal,
            referral.id,
            Number(values.referralVersion),
            body,
            today(),
          )
        : undefined
      const result = accepted ?? (await service.scheduleMeeting(db, principal, body, today()))
      switch (result.kind) {
        case 'written': {
          const meetingId = accepted?.kind === 'written' ? accepted.meetingId : result.id
          request.audited = { recordId: meetingId }
          return reply.redirect(`${paths.meetings.show(meetingId)}?saved=scheduled`, 303)
        }
        case 'invalid':
          return again(400, formErrors(result.problems))
        case 'stale':
          return again(
            409,
            pageProblem(
              'The referral changed while you were scheduling the meeting. Go back to it and check it.',
            ),
          )
        case 'conflict':
        case 'forbidden':
          return again(409, pageProblem(result.message))
        default:
          return reply.callNotFound()
      }
    },
  )

  app.get('/meetings/:id', { config: { access: 'meeting:view', audit: viewed } }, async (request, reply) => {
    const access = await meetingForRequest(db, request, reply, 'meeting:view')
    if (!access) return reply
    const { meeting, basis } = access
    const principal = request.principal!
    const staff = basis === 'area'
    const [record, agenda, carried, invitations] = await Promise.all([
      service.findMeeting(db, meeting.id),
      service.agendaFor(db, principal, meeting.id, basis),
      staff ? service.carriedForwardActions(db, meeting.id) : Promise.resolve([]),
      staff ? service.invitationsOf(db, meeting.id) : Promise.resolve([]),
    ])
    const mayManage = staff && mayDo(principal, 'meeting:manage')
    const open = meeting.status === 'scheduled'
    const saved = (request.query as { saved?: unknown }).saved
    return reply.render('features/meetings/views/meeting.njk', {
      pageTitle: meetingTitle(meeting),
      backLink: paths.meetings.list(),
      meeting: record,
      areaName: areaName(meeting.areaCode),
      statusTag: statusTag(meeting.status),
      formatText: labelOf(MEETING_FORMATS, meeting.format),
      staff,
      agenda: agenda.map((c) => ({
        ...c,
        kindText: labelOf(CASE_KINDS, c.kind),
        packHref: paths.meetings.pack(meeting.id, c.id),
        minutesHref: staff && c.visible ? paths.meetings.minutes(meeting.id, c.id) : undefined,
        recordHref: staff && c.visible ? paths.people.show(c.personId) : undefined,
        referralHref: staff && c.referralId ? paths.referrals.show(c.referralId) : undefined,
        carried: carried
          .filter((a) => a.personId === c.personId)
          .map((a) => ({ ...a, fromHref: paths.meetings.show(a.meetingId), overdue: a.dueOn < today() })),
      })),
      carriedCount: carried.length,
      invitations: invitations.map((i) => ({
        ...i,
        revokeAction:
          mayManage && i.status === 'current' ? paths.meetings.revokeInvitation(meeting.id, i.id) : undefined,
      })),
      links: {
        edit: mayManage && open ? paths.meetings.edit(meeting.id) : undefined,
        addCase: mayManage && open ? paths.meetings.addCase(meeting.id) : undefined,
        invite:
          mayManage && meeting.status !== 'cancelled' ? paths.meetings.invitations(meeting.id) : undefined,
        cancel: mayManage && open ? paths.meetings.cancel(meeting.id) : undefined,
        attendance:
          staff && meeting.status !== 'cancelled' ? paths.meetings.attendance(meeting.id) : undefined,
        finalise:
          staff && open && mayDo(principal, 'meeting:minute')
            ? paths.meetings.finalise(meeting.id)
            : undefined,
        minutesPdf:
          staff && meeting.status === 'finalised' ? paths.meetings.minutesPdf(meeting.id) : undefined,
      },
      saved: typeof saved === 'string' ? saved : undefined,
    })
  })

  app.get(
    '/meetings/:id/edit',
    { config: { access: 'meeting:manage', audit: viewed } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const record = (await service.findMeeting(db, meeting.id))!
      return meetingFormPage(request, reply, 200, {
        values: meetingToValues(record),
        action: paths.meetings.edit(meeting.id),
        meeting,
      })
    },
  )

  app.post(
    '/meetings/:id/edit',
    { config: { access: 'meeting:manage', audit: { event: 'MEETING_CHANGED', recordType: 'meeting' } } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const values = (request.body ?? {}) as FormValues
      const action = paths.meetings.edit(meeting.id)
      const again = (status: number, extra: object) =>
        meetingFormPage(request, reply, status, { values, action, meeting, ...extra })
      const { body, problems } = meetingFormToBody(values)
      if (problems.length) return again(400, formErrors(problems))
      const result = await service.changeMeeting(db, meeting.id, body, today())
      switch (result.kind) {
        case 'written':
          return reply.redirect(`${paths.meetings.show(meeting.id)}?saved=changed`, 303)
        case 'invalid':
          return again(400, formErrors(result.problems))
        case 'stale':
          return again(409, {
            values: { ...values, version: String(result.current.version) },
            ...pageProblem(
              'Someone else changed this meeting while you were working on it. Check the details, then save again.',
            ),
          })
        case 'conflict':
          return again(409, pageProblem(result.message))
        default:
          return reply.callNotFound()
      }
    },
  )

  const cancelPage = (
    reply: FastifyReply,
    status: number,
    meeting: MeetingRow,
    values: FormValues,
    extra: object = {},
  ) =>
    reply.code(status).render('features/meetings/views/cancel.njk', {
      pageTitle: 'Cancel the meeting',
      backLink: paths.meetings.show(meeting.id),
      meeting,
      meetingText: meetingTitle(meeting),
      action: paths.meetings.cancel(meeting.id),
      values,
      ...extra,
    })

  app.get(
    '/meetings/:id/cancel',
    { config: { access: 'meeting:manage', audit: viewed } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      return cancelPage(reply, 200, meeting, { version: String(meeting.version) })
    },
  )

  app.post(
    '/meetings/:id/cancel',
    { config: { access: 'meeting:manage', audit: { event: 'MEETING_CANCELLED', recordType: 'meeting' } } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const values = (request.body ?? {}) as FormValues
      const result = await service.cancelMeeting(db, meeting.id, {
        version: Number(values.version),
        reason: values.reason ?? '',
      })
      switch (result.kind) {
        case 'written':
          return reply.redirect(`${paths.meetings.show(meeting.id)}?saved=cancelled`, 303)
        case 'invalid':
          return cancelPage(reply, 400, meeting, values, formErrors(result.problems))
        case 'stale':
          return cancelPage(
            reply,
            409,
            result.current,
            { ...values, version: String(result.current.version) },
            pageProblem('Someone else changed this meeting. Check it, then cancel it again.'),
          )
        case 'conflict':
          return cancelPage(reply, 409, meeting, values, pageProblem(result.message))
        default:
          return reply.callNotFound()
      }
    },
  )

  const addCasePage = async (
    reply: FastifyReply,
    status: number,
    meeting: MeetingRow,
    values: FormValues,
    extra: object = {},
  ) => {
    const record = (await service.findMeeting(db, meeting.id))!
    const { referred, review } = await service.caseCandidates(db, record)
    const items = [
      ...referred.map((r) => ({
        value: `referral:${r.referralId}`,
        text: `${r.givenName} ${r.familyName.toUpperCase()}`,
        hint: {
          text: `Accepted referral ${r.reference}${r.levelRequested ? ` for Level ${r.levelRequested}` : ''}`,
        },
      })),
      ...(referred.length && review.length ? [{ divider: 'or' }] : []),
      ...review.map((r) => ({
        value: `person:${r.personId}`,
        text: `${r.givenName} ${r.familyName.toUpperCase()}`,
        hint: {
          text: `Category ${r.category}, Level ${r.level}; ${r.lastMeetingOn ? `last at a meeting on ${r.lastMeetingOn}` : 'not yet at a meeting'}`,
        },
      })),
    ].map((i) => ('value' in i ? { ...i, checked: values.case === i.value } : i))
    return reply.code(status).render('features/meetings/views/add-case.njk', {
      pageTitle: 'Add a case to the agenda',
      backLink: paths.meetings.show(meeting.id),
      meetingText: meetingTitle(meeting),
      action: paths.meetings.addCase(meeting.id),
      items,
      kinds: CASE_KINDS.map((k) => ({ value: k.value, text: k.text, checked: values.kind === k.value })),
      values,
      ...extra,
    })
  }

  app.get(
    '/meetings/:id/cases/new',
    { config: { access: 'meeting:manage', audit: viewed } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      return addCasePage(reply, 200, meeting, {})
    },
  )

  app.post(
    '/meetings/:id/cases/new',
    { config: { access: 'meeting:manage', audit: { event: 'MEETING_CASE_ADDED', recordType: 'meeting' } } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const values = (request.body ?? {}) as FormValues
      const [source, id] = (values.case ?? '').split(':')
      const result = await service.addCase(db, meeting.id, {
        referralId: source === 'referral' ? id : undefined,
        personId: source === 'person' ? id : undefined,
        kind: values.kind || undefined,
      })
      switch (result.kind) {
        case 'written':
          return reply.redirect(`${paths.meetings.show(meeting.id)}?saved=case-added`, 303)
        case 'invalid':
          return addCasePage(reply, 400, meeting, values, formErrors(result.problems))
        case 'conflict':
          return addCasePage(reply, 409, meeting, values, pageProblem(result.message))
        default:
          return reply.callNotFound()
      }
    },
  )

  const invitationsPage = async (
    reply: FastifyReply,
    status: number,
    meeting: MeetingRow,
    values: FormValues,
    extra: object = {},
  ) => {
    const [agencies, invitations] = await Promise.all([
      service.invitableAgencies(db),
      service.invitationsOf(db, meeting.id),
    ])
    const invited = new Set(invitations.filter((i) => i.status === 'current').map((i) => i.agencyId))
    return reply.code(status).render('features/meetings/views/invitations.njk', {
      pageTitle: 'Invite agencies',
      backLink: paths.meetings.show(meeting.id),
      meetingText: meetingTitle(meeting),
      action: paths.meetings.invitations(meeting.id),
      agencyItems: [
        { value: '', text: 'Select an agency' },
        ...agencies
          .filter((a) => !invited.has(a.id))
          .map((a) => ({
            value: a.id,
            text: `${a.name} (${areaName(a.areaCode)})`,
            selected: values.agencyId === a.id,
          })),
      ],
      invitations: invitations.map((i) => ({
        ...i,
        revokeAction: i.status === 'current' ? paths.meetings.revokeInvitation(meeting.id, i.id) : undefined,
      })),
      values,
      ...extra,
    })
  }

  app.get(
    '/meetings/:id/invitations',
    { config: { access: 'meeting:manage', audit: viewed } },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      return invitationsPage(reply, 200, meeting, {
        lawfulBasis: DEFAULT_LAWFUL_BASIS,
        ...dateParts('accessUntil', service.defaultAccessUntil(meeting.heldOn)),
      })
    },
  )

  app.post(
    '/meetings/:id/invitations',
    {
      config: { access: 'meeting:manage', audit: { event: 'MEETING_AGENCY_INVITED', recordType: 'meeting' } },
    },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const values = (request.body ?? {}) as FormValues
      const { body, problems } = invitationFormToBody(values)
      if (problems.length) return invitationsPage(reply, 400, meeting, values, formErrors(problems))
      const result = await service.invite(db, request.principal!, meeting.id, body, today())
      switch (result.kind) {
        case 'written':
          return reply.redirect(`${paths.meetings.show(meeting.id)}?saved=invited`, 303)
        case 'invalid':
          return invitationsPage(reply, 400, meeting, values, formErrors(result.problems))
        case 'conflict':
          return invitationsPage(reply, 409, meeting, values, pageProblem(result.message))
        default:
          return reply.callNotFound()
      }
    },
  )

  app.post(
    '/meetings/:id/invitations/:invitationId/revoke',
    {
      config: {
        access: 'meeting:manage',
        audit: { event: 'MEETING_INVITATION_REVOKED', recordType: 'meeting' },
      },
    },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const params = invitationParams.safeParse(request.params)
      const result = params.success
        ? await service.revokeInvitation(db, meeting.id, params.data.invitationId)
        : ({ kind: 'not_found' } as const)
      if (result.kind !== 'written') return reply.callNotFound()
      return reply.redirect(`${paths.meetings.show(meeting.id)}?saved=revoked`, 303)
    },
  )

  app.get(
    '/people/:id/meetings',
    { config: { access: 'person:view', audit: { event: 'PERSON_MEETINGS_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:view')
      if (!person) return reply
      const principal = request.principal!
      const day = today()
      const [referralRows, { meetings, actions }] = await Promise.all([
        referrals.referralsOfPerson(db, person.id),
        service.meetingsOfPerson(db, person.id),
      ])
      return reply.render('features/meetings/views/person-meetings.njk', {
        pageTitle: `Meetings: ${person.givenName} ${person.familyName}`,
        sectionTitle: 'Meetings',
        backLink: paths.people.show(person.id),
        person,
        recordNav: recordNavigation(person.id, 'meetings'),
        referHref: mayDo(principal, 'referral:create') ? paths.people.newReferral(person.id) : undefined,
        referrals: referralRows.map((r) => ({
          ...r,
          requestText: requestText(r),
          statusTag: referralStatusTag(r.status),
          href: referrals.mayView(principal, r) ? paths.referrals.show(r.id) : undefined,
          timeliness: referrals.timelinessOf(r, day),
        })),
        meetings: meetings.map((m) => ({
          ...m,
          href: paths.meetings.show(m.meetingId),
          statusTag: statusTag(m.status),
          kindText: labelOf(CASE_KINDS, m.kind),
        })),
        actions: actions.map((a) => ({
          ...a,
          statusTag:
            a.status === 'open' && a.dueOn < day
              ? { text: 'Overdue', classes: 'govuk-tag--red' }
              : ACTION_TAGS[a.status],
          href: paths.actions.show(a.id),
        })),
      })
    },
  )
}

const errorsDoc = z.toJSONSchema(
  z.object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) }),
)
const doc = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
const caseResponse = z.object({ id: z.string(), meetingId: z.string() })
const invitationResponse = z.object({ id: z.string(), meetingId: z.string() })

/** Meetings for partner systems (contract: /api/v1/meetings). */
export async function meetingsApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  const tags = ['Meetings']

  const meetingJsonFor = async (request: FastifyRequest, id: string, basis: 'area' | 'invitation') => {
    const [meeting, agenda] = await Promise.all([
      service.findMeeting(db, id),
      service.agendaFor(db, request.principal!, id, basis),
    ])
    const staff = basis === 'area'
    return {
      ...service.meetingJson(meeting!),
      cases: agenda.map((c) => ({
        id: c.id,
        personId: c.personId,
        name: c.name,
        position: c.position,
        kind: c.kind,
        referralId: c.referralId,
      })),
      ...(staff
        ? {
            invitations: (await service.invitationsOf(db, id)).map((i) => ({
              id: i.id,
              agencyId: i.agencyId,
              agencyName: i.agencyName,
              lawfulBasis: i.lawfulBasis,
              accessUntil: i.accessUntil.toISOString(),
              revokedAt: i.revokedAt?.toISOString() ?? null,
            })),
            carriedForwardActions: (await service.carriedForwardActions(db, id)).map(service.actionJson),
          }
        : {}),
    }
  }

  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: service.WriteResult,
    status: number,
    meetingId: string,
    body?: object,
  ) => {
    switch (result.kind) {
      case 'not_found':
        return reply.code(404).send({ errors: [{ path: 'id', message: 'Not found' }] })
      case 'invalid':
        return reply.code(400).send({ errors: result.problems })
      case 'conflict':
        return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
      case 'stale':
        return reply.code(409).send(staleErrors('The meeting', result.current.version))
      case 'written':
        return reply
          .code(status)
          .header('location', paths.api.meeting(meetingId))
          .send(body ?? (await meetingJsonFor(request, meetingId, 'area')))
    }
  }

  app.get(
    '/api/v1/meetings',
    {
      config: { access: 'meeting:view', audit: { event: 'MEETINGS_LISTED' } },
      schema: {
        tags,
        summary:
          'Meetings the caller may see: their areas’ (police, probation, prison), or those their agency is invited to',
        description:
          '`when` is upcoming (the default) or past; `level` 2 or 3; `status` scheduled, finalised or cancelled; `area` an area code.',
        querystring: doc(listFilters),
        response: { 200: z.toJSONSchema(z.object({ items: z.array(meetingSummaryResponse) })) },
      },
    },
    async (request) => {
      const filters = listFilters.parse(request.query ?? {})
      const rows = await service.meetingsFor(
        db,
        request.principal!,
        { when: filters.when, level: filters.level, status: filters.status, areaCode: filters.area },
        today(),
      )
      return { items: rows.map(service.meetingJson) }
    },
  )

  app.post(
    '/api/v1/meetings',
    {
      config: { access: 'meeting:manage', audit: { event: 'MEETING_SCHEDULED', recordType: 'meeting' } },
      schema: {
        tags,
        summary: 'Schedule a Level 2 or 3 meeting',
        description:
          '`chairUserId` must be a user who holds the meeting chair role in the area; the chair’s name and agency are taken from their account. `areaCode` is needed only when the caller works in more than one area. A meeting held in person or hybrid needs a `venue`.',
        body: doc(meetingBody),
        response: { 201: z.toJSONSchema(meetingResponse), 400: errorsDoc },
      },
    },
    async (request, reply) => {
      const result = await service.scheduleMeeting(db, request.principal!, request.body ?? {}, today())
      if (result.kind === 'written') request.audited = { recordId: result.id }
      return answer(request, reply, result, 201, result.kind === 'written' ? result.id : '')
    },
  )

  app.get(
    '/api/v1/meetings/:id',
    {
      config: { access: 'meeting:view', audit: viewed },
      schema: {
        tags,
        summary:
          'A meeting: details, agenda and (for the area’s staff) invitations and open actions carried forward',
        params: z.toJSONSchema(meetingParams),
        response: { 200: z.toJSONSchema(meetingResponse), 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:view')
      if (!access) return reply
      return meetingJsonFor(request, access.meeting.id, access.basis)
    },
  )

  app.patch(
    '/api/v1/meetings/:id',
    {
      config: { access: 'meeting:manage', audit: { event: 'MEETING_CHANGED', recordType: 'meeting' } },
      schema: {
        tags,
        summary: 'Change a scheduled meeting’s details',
        description:
          'Send the `version` you read: if the meeting has changed since, nothing is written and the answer is 409.',
        params: z.toJSONSchema(meetingParams),
        body: doc(meetingChange),
        response: {
          200: z.toJSONSchema(meetingResponse),
          400: errorsDoc,
          403: errorsDoc,
          404: errorsDoc,
          409: errorsDoc,
        },
      },
    },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const result = await service.changeMeeting(db, meeting.id, request.body ?? {}, today())
      return answer(request, reply, result, 200, meeting.id)
    },
  )

  app.post(
    '/api/v1/meetings/:id/cases',
    {
      config: { access: 'meeting:manage', audit: { event: 'MEETING_CASE_ADDED', recordType: 'meeting' } },
      schema: {
        tags,
        summary: 'Add a case to the agenda',
        description:
          'Either `referralId` (an accepted referral of the area; kind initial by default) or `personId` (a case of the area registered at Level 2 or 3; kind review by default). A person already on the agenda is refused.',
        params: z.toJSONSchema(meetingParams),
        body: doc(caseBody),
        response: {
          201: z.toJSONSchema(caseResponse),
          400: errorsDoc,
          403: errorsDoc,
          404: errorsDoc,
          409: errorsDoc,
        },
      },
    },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const result = await service.addCase(db, meeting.id, request.body ?? {})
      return answer(
        request,
        reply,
        result,
        201,
        meeting.id,
        result.kind === 'written' ? { id: result.id, meetingId: meeting.id } : undefined,
      )
    },
  )

  app.post(
    '/api/v1/meetings/:id/invitations',
    {
      config: { access: 'meeting:manage', audit: { event: 'MEETING_AGENCY_INVITED', recordType: 'meeting' } },
      schema: {
        tags,
        summary:
          'Invite an agency: its staff may read the packs of the meeting’s cases until the end of `accessUntil`',
        description: `\`lawfulBasis\` defaults to: “${DEFAULT_LAWFUL_BASIS}” \`accessUntil\` (YYYY-MM-DD, London) defaults to 7 days after the meeting.`,
        params: z.toJSONSchema(meetingParams),
        body: doc(invitationBody),
        response: {
          201: z.toJSONSchema(invitationResponse),
          400: errorsDoc,
          403: errorsDoc,
          404: errorsDoc,
          409: errorsDoc,
        },
      },
    },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const result = await service.invite(db, request.principal!, meeting.id, request.body ?? {}, today())
      return answer(
        request,
        reply,
        result,
        201,
        meeting.id,
        result.kind === 'written' ? { id: result.id, meetingId: meeting.id } : undefined,
      )
    },
  )

  app.post(
    '/api/v1/meetings/:id/invitations/:invitationId/revoke',
    {
      config: {
        access: 'meeting:manage',
        audit: { event: 'MEETING_INVITATION_REVOKED', recordType: 'meeting' },
      },
      schema: {
        tags,
        summary: 'End an agency’s invitation now',
        params: z.toJSONSchema(invitationParams),
        response: { 200: z.toJSONSchema(meetingResponse), 403: errorsDoc, 404: errorsDoc },
      },
    },
    async (request, reply) => {
      const meeting = await manageable(db, request, reply)
      if (!meeting) return reply
      const params = invitationParams.safeParse(request.params)
      const result = params.success
        ? await service.revokeInvitation(db, meeting.id, params.data.invitationId)
        : ({ kind: 'not_found' } as const)
      return answer(request, reply, result, 200, meeting.id)
    },
  )
}
