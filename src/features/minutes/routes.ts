import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import { dateParts } from '../../web/date-input.js'
import { apiErrors, staleErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { renderPdf } from '../../web/pdf.js'
import {
  type MeetingRow,
  meetingCaseFor,
  meetingCaseForRequest,
  meetingForRequest,
} from '../meetings/access.js'
import { minutesDocument } from './document.js'
import { fixedField } from './fields.js'
import {
  type FormValues,
  NEW_LINE,
  attendanceErrors,
  attendanceToBody,
  disclosureToBody,
  errorsOf,
  levelToBody,
  listedAgencies,
  textEntries,
} from './form.js'
import {
  CONFIDENTIALITY_STATEMENT,
  type PageState,
  meetingNavigation,
  meetingTitle,
  minutesView,
} from './present.js'
import {
  ATTENDANCE_STATUSES,
  attendanceBody,
  attendanceSetResponse,
  conflictResponse,
  decisionBody,
  errorsResponse,
  fieldSavedResponse,
  finaliseBody,
  minutesPatch,
  minutesResponse,
} from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const DECISIONS = ['victims', 'level', 'disclosure', 'plan'] as const
type Decision = (typeof DECISIONS)[number]
const isDecision = (d: unknown): d is Decision => DECISIONS.includes(d as Decision)

const closedPage = (reply: FastifyReply, message: string) =>
  reply.code(409).render('web/views/error.njk', {
    pageTitle: 'These minutes can no longer be changed',
    paragraphs: [message],
  })

/** Running the meeting and its minutes (MAPPA C), in the browser. */
export async function minutesRoutes(app: FastifyInstance, { db }: { db: Database }) {
  // Attendance ----------------------------------------------------------------------------------

  const attendancePage = async (
    reply: FastifyReply,
    status: number,
    meeting: MeetingRow,
    state: { values?: FormValues; stale?: boolean; saved?: boolean } & Partial<
      ReturnType<typeof errorsOf>
    > = {},
  ) => {
    const [{ lines, version }, cases] = await Promise.all([
      service.attendanceLines(db, meeting),
      service.casesOf(db, meeting.id),
    ])
    const others = await service.otherAgencies(
      db,
      lines.map((l) => l.agencyId),
    )
    const values = state.values
    const field = (name: string, agencyId: string, stored: unknown) =>
      values ? values[`${name}-${agencyId}`] : stored
    return reply.code(status).render('features/minutes/views/attendance.njk', {
      pageTitle: 'Attendance and confidentiality',
      caption: meetingTitle(meeting),
      backLink: paths.meetings.show(meeting.id),
      meetingNav: meetingNavigation(meeting, cases, paths.meetings.attendance(meeting.id)),
      statement: CONFIDENTIALITY_STATEMENT,
      open: service.isOpen(meeting),
      closedMessage: service.closedMessage(meeting.status),
      action: paths.meetings.attendance(meeting.id),
      version: state.stale || !values ? version : values.version,
      lines: lines.map((l) => ({
        agencyId: l.agencyId,
        agencyName: l.agencyName,
        invited: l.invited,
        status: field('status', l.agencyId, l.recorded?.status) ?? '',
        attendees: field('attendees', l.agencyId, l.recorded?.attendees) ?? '',
        report: values ? values[`report-${l.agencyId}`] === 'yes' : !!l.recorded?.reportSubmitted,
        confidentiality: values
          ? values[`confidentiality-${l.agencyId}`] === 'yes'
          : !!l.recorded?.confidentialityAcknowledged,
        recorded: !!l.recorded,
      })),
      statuses: ATTENDANCE_STATUSES,
      newLine: NEW_LINE,
      others: [
        { value: '', text: 'Choose an agency' },
        ...others.map((a) => ({
          value: a.id,
          text: `${a.name} (${a.areaName})`,
          selected: values?.[`agency-${NEW_LINE}`] === a.id,
        })),
      ],
      newValues: values ?? {},
      saved: state.saved,
      stale: state.stale,
      errors: state.errors,
      errorList: state.errorList,
    })
  }

  app.get(
    '/meetings/:id/attendance',
    {
      config: {
        access: 'meeting:minute',
        audit: { event: 'MEETING_ATTENDANCE_VIEWED', recordType: 'meeting' },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      return attendancePage(reply, 200, access.meeting, {
        saved: (request.query as { saved?: string }).saved === '1',
      })
    },
  )

  app.post(
    '/meetings/:id/attendance',
    {
      config: {
        access: 'meeting:minute',
        audit: { event: 'MEETING_ATTENDANCE_RECORDED', recordType: 'meeting' },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const values = (request.body ?? {}) as FormValues
      const { body, problems } = attendanceToBody(values)
      const agencyIds = [...listedAgencies(values), NEW_LINE]
      const result = problems.length
        ? ({ kind: 'invalid', problems } as const)
        : await service.recordAttendance(db, request.principal!, access.meeting.id, body)
      switch (result.kind) {
        case 'saved':
          return reply.redirect(`${paths.meetings.attendance(access.meeting.id)}?saved=1`, 303)
        case 'closed':
          return closedPage(reply, result.message)
        case 'stale':
          return attendancePage(reply, 409, access.meeting, {
            values,
            stale: true,
            errorList: [
              {
                text: 'Someone else recorded attendance while you were working on it. Check what they recorded (shown as recorded), then save again.',
                href: '#main-content',
              },
            ],
          })
        case 'invalid':
          return attendancePage(reply, 400, access.meeting, {
            values,
            ...attendanceErrors(result.problems, agencyIds),
          })
      }
    },
  )

  // One case's minutes --------------------------------------------------------------------------

  const caseOf = async (request: FastifyRequest, reply: FastifyReply) =>
    meetingCaseForRequest(db, request, reply, 'meeting:minute')

  const minutesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    access: NonNullable<Awaited<ReturnType<typeof caseOf>>>,
    state: PageState & { errorList?: { text: string; href: string }[]; saved?: string } = {},
  ) => {
    const { meeting, meetingCase } = access
    const cases = await service.casesOf(db, meeting.id)
    const row = cases.find((c) => c.meetingCase.id === meetingCase.id)!
    const minutes = await service.caseMinutes(db, meeting, row, today())
    const view = minutesView(meeting, minutes, state)
    const values = (state.values ?? {}) as Record<string, unknown>
    const reviewParts =
      'nextReviewOn-day' in values
        ? values
        : dateParts('nextReviewOn', meetingCase.nextReviewOn ?? minutes.defaultReview?.dueOn ?? null)
    return reply.code(status).render('features/minutes/views/minutes.njk', {
      pageTitle: `Minutes: ${minutes.person.name}`,
      caption: meetingTitle(meeting),
      backLink: paths.meetings.show(meeting.id),
      meetingNav: meetingNavigation(meeting, cases, paths.meetings.minutes(meeting.id, meetingCase.id)),
      open: service.isOpen(meeting),
      closedMessage: service.closedMessage(meeting.status),
      attendanceHref: paths.meetings.attendance(meeting.id),
      finaliseHref: paths.meetings.finalise(meeting.id),
      pdfHref: paths.meetings.minutesPdf(meeting.id),
      m: view,
      values: { ...values, ...reviewParts },
      errors: state.errors ?? {},
      errorList: state.errorList,
      saved: state.saved ?? (request.query as { saved?: string }).saved,
    })
  }

  const viewed = { event: 'MINUTES_VIEWED', recordType: 'person' }
  app.get(
    '/meetings/:id/cases/:caseId/minutes',
    { config: { access: 'meeting:minute', audit: viewed } },
    async (request, reply) => {
      const access = await caseOf(request, reply)
      if (!access) return reply
      return minutesPage(request, reply, 200, access)
    },
  )

  /** Saves the text fields a form posted; the conflicts to show, or undefined when all saved. */
  const saveTexts = async (
    request: FastifyRequest,
    access: NonNullable<Awaited<ReturnType<typeof caseOf>>>,
    values: FormValues,
  ) => {
    const results = await service.saveFields(db, request.principal!, access.meetingCase, textEntries(values))
    const conflicts: NonNullable<PageState['conflicts']> = []
    const problems: service.Problem[] = []
    let closed: string | undefined
    for (const [key, result] of results) {
      if (result.kind === 'conflict')
        conflicts.push({
          key,
          label: fixedField(key)?.label ?? 'Information shared',
          theirs: result.current.value,
          theirVersion: result.current.version,
        })
      if (result.kind === 'invalid') problems.push(...result.problems.map((p) => ({ ...p, path: key })))
      if (result.kind === 'closed') closed = result.message
    }
    return { conflicts, problems, closed }
  }

  /** A form lost a race on some fields: the page again, their text beside what was typed. */
  const conflictPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    access: NonNullable<Awaited<ReturnType<typeof caseOf>>>,
    values: FormValues,
    conflicts: NonNullable<PageState['conflicts']>,
  ) => {
    const merged: Record<string, unknown> = { ...values }
    // The next save of these fields is a merge of the newer text: it is based on that version.
    for (const c of conflicts) merged[`version:${c.key}`] = String(c.theirVersion)
    return minutesPage(request, reply, 409, access, {
      values: merged,
      conflicts,
      errorList: conflicts.map((c) => ({
        text: `${c.label}: someone else saved this while you were typing. Your text is kept in the box; their text is shown above it. Merge the two, then save again.`,
        href: `#field-${c.key.replace(':', '-')}`,
      })),
    })
  }

  app.post(
    '/meetings/:id/cases/:caseId/minutes',
    { config: { access: 'meeting:minute', audit: { event: 'MINUTES_SAVED', recordType: 'person' } } },
    async (request, reply) => {
      const access = await caseOf(request, reply)
      if (!access) return reply
      const values = (request.body ?? {}) as FormValues
      const { conflicts, problems, closed } = await saveTexts(request, access, values)
      if (closed) return closedPage(reply, closed)
      if (problems.length) return minutesPage(request, reply, 400, access, { values, ...errorsOf(problems) })
      if (conflicts.length) return conflictPage(request, reply, access, values, conflicts)
      const section = typeof values.section === 'string' ? values.section : ''
      return reply.redirect(
        `${paths.meetings.minutes(access.meeting.id, access.meetingCase.id)}?saved=${encodeURIComponent(section)}#${encodeURIComponent(section)}`,
        303,
      )
    },
  )

  // The autosave: one field, answered in JSON whether the text came as JSON or as a form.
  app.post(
    '/meetings/:id/cases/:caseId/minutes/:field',
    { config: { access: 'meeting:minute', audit: { event: 'MINUTES_FIELD_SAVED', recordType: 'person' } } },
    async (request, reply) => {
      const access = await caseOf(request, reply)
      if (!access) return reply
      const field = (request.params as { field: string }).field
      const result = await service.saveField(db, request.principal!, access.meetingCase, field, request.body)
      return sendFieldResult(reply, result)
    },
  )

  app.post(
    '/meetings/:id/cases/:caseId/decisions/:decision',
    {
      config: {
        access: 'meeting:minute',
        audit: { event: 'MINUTES_DECISION_RECORDED', recordType: 'person' },
      },
    },
    async (request, reply) => {
      const access = await caseOf(request, reply)
      if (!access) return reply
      const decision = (request.params as { decision: string }).decision
      if (!isDecision(decision)) return reply.callNotFound()
      const values = (request.body ?? {}) as FormValues
      const { conflicts, problems, closed } = await saveTexts(request, access, values)
      if (closed) return closedPage(reply, closed)
      if (conflicts.length) return conflictPage(request, reply, access, values, conflicts)
      // Text fields were saved: the decision reads them (for example, the level's rationale).
      const result = problems.length
        ? ({ kind: 'invalid', problems } as const)
        : await recordDecision(request, access, decision, values)
      const back = paths.meetings.minutes(access.meeting.id, access.meetingCase.id)
      switch (result.kind) {
        case 'saved':
        case 'planned':
          if (decision === 'plan' && result.kind === 'planned')
            return reply.redirect(paths.people.planEdit(access.meetingCase.personId, result.number), 303)
          return reply.redirect(`${back}?saved=${decision}#${decision}`, 303)
        case 'closed':
          return closedPage(reply, result.message)
        case 'forbidden':
          return reply.code(403).render('web/views/error.njk', {
            pageTitle: 'You do not have permission to do this',
            paragraphs: [result.message],
          })
        case 'stale':
          return minutesPage(
            request,
            reply,
            409,
            { ...access, meetingCase: result.current },
            {
              values: { ...values, version: String(result.current.version) },
              errorList: [
                {
                  text: 'Someone else recorded a decision for this case while you were working on it. Check the decisions below, then save again.',
                  href: `#${decision}`,
                },
              ],
            },
          )
        case 'invalid':
          return minutesPage(request, reply, 400, access, { values, ...errorsOf(result.problems) })
      }
    },
  )

  const recordDecision = async (
    request: FastifyRequest,
    access: NonNullable<Awaited<ReturnType<typeof caseOf>>>,
    decision: Decision,
    values: FormValues,
  ) => {
    const { meeting, meetingCase } = access
    const version = values.version === undefined || values.version === '' ? undefined : Number(values.version)
    switch (decision) {
      case 'victims':
        return service.recordVictimInput(db, meetingCase, { version, victimInput: values.victimInput })
      case 'level': {
        const { body, problems } = levelToBody(values)
        const result = await service.recordLevelDecision(db, meeting, meetingCase, body, today())
        return problems.length && result.kind === 'invalid'
          ? {
              ...result,
              problems: [...problems, ...result.problems.filter((p) => p.path !== 'nextReviewOn')],
            }
          : result
      }
      case 'disclosure': {
        const { body, problems } = disclosureToBody(values)
        const result = await service.recordDisclosureDecision(
          db,
          request.principal!,
          meeting,
          meetingCase,
          body,
          today(),
        )
        if (!problems.length) return result
        const dated = new Set(problems.map((p) => p.path))
        return {
          kind: 'invalid' as const,
          problems: [
            ...problems,
            ...(result.kind === 'invalid' ? result.problems.filter((p) => !dated.has(p.path)) : []),
          ],
        }
      }
      case 'plan':
        return service.startPlanVersion(db, request.principal!, meetingCase, version)
    }
  }

  // Finalising ----------------------------------------------------------------------------------

  const finalisePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    meeting: MeetingRow,
    state: { problems?: service.Problem[]; notApplied?: string[]; stale?: boolean } = {},
  ) => {
    const [cases, problems] = await Promise.all([
      service.casesOf(db, meeting.id),
      service.isOpen(meeting) ? service.finaliseProblems(db, request.principal!, meeting) : [],
    ])
    const shown = state.problems ?? problems
    return reply.code(status).render('features/minutes/views/finalise.njk', {
      pageTitle: service.isOpen(meeting) ? 'Finalise the minutes' : 'Minutes finalised',
      caption: meetingTitle(meeting),
      backLink: paths.meetings.show(meeting.id),
      meetingNav: meetingNavigation(meeting, cases, paths.meetings.finalise(meeting.id)),
      meeting,
      open: service.isOpen(meeting),
      closedMessage: service.closedMessage(meeting.status),
      isChair: service.isChair(request.principal!, meeting),
      finalisedByName: meeting.finalisedBy ? await service.userNameOf(db, meeting.finalisedBy) : null,
      missing: problems,
      action: paths.meetings.finalise(meeting.id),
      pdfHref: paths.meetings.minutesPdf(meeting.id),
      notApplied: state.notApplied ?? [],
      errorList: state.stale
        ? [
            {
              text: 'The meeting changed while you were looking at it: check it, then finalise again.',
              href: '#main-content',
            },
          ]
        : status === 400
          ? shown.map((p) => ({ text: p.message, href: '#missing' }))
          : undefined,
    })
  }

  app.get(
    '/meetings/:id/finalise',
    {
      config: {
        access: 'meeting:minute',
        audit: { event: 'MEETING_FINALISE_VIEWED', recordType: 'meeting' },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      return finalisePage(request, reply, 200, access.meeting)
    },
  )

  app.post(
    '/meetings/:id/finalise',
    { config: { access: 'meeting:minute', audit: { event: 'MEETING_FINALISED', recordType: 'meeting' } } },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const version = Number((request.body as { version?: string } | undefined)?.version)
      const result = await service.finalise(
        db,
        request.principal!,
        access.meeting,
        Number.isInteger(version) ? version : undefined,
      )
      switch (result.kind) {
        case 'forbidden':
          return reply.code(403).render('web/views/error.njk', {
            pageTitle: 'Only the chair can finalise the minutes',
            paragraphs: [result.message],
          })
        case 'closed':
          return closedPage(reply, result.message)
        case 'invalid':
          return finalisePage(request, reply, 400, access.meeting, { problems: result.problems })
        case 'stale':
          return finalisePage(request, reply, 409, (await service.meetingOf(db, access.meeting.id))!, {
            stale: true,
          })
        case 'finalised': {
          const meeting = (await service.meetingOf(db, access.meeting.id))!
          if (!result.notApplied.length) return reply.redirect(paths.meetings.finalise(meeting.id), 303)
          return finalisePage(request, reply, 200, meeting, { notApplied: result.notApplied })
        }
      }
    },
  )

  app.get(
    '/meetings/:id/minutes.pdf',
    {
      config: {
        access: 'meeting:view',
        audit: { event: 'MEETING_MINUTES_DOWNLOADED', recordType: 'meeting' },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:view')
      if (!access) return reply
      const document = await minutesDocument(db, request.principal!, access.meeting, today())
      const pdf = await renderPdf(document)
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="mappa-minutes-${access.meeting.heldOn}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf)
    },
  )
}

function sendFieldResult(reply: FastifyReply, result: service.FieldSaveResult) {
  switch (result.kind) {
    case 'saved':
      return reply.send({ ...result.field, outcome: 'saved' })
    case 'conflict':
      return reply.code(409).send({
        errors: [
          {
            path: 'version',
            message: `Someone else saved this field since you read it (now version ${result.current.version}): your text is kept; merge it with theirs and save again`,
          },
        ],
        current: result.current,
        yours: result.yours,
      })
    case 'closed':
      return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
    case 'invalid':
      return reply.code(400).send({ errors: result.problems })
  }
}

const idParams = z.object({ id: z.uuid() })
const tags = ['Meeting minutes']
const docOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })

/** Minutes for partner systems (contract: /api/v1/meetings/{id}/minutes). */
export async function minutesApiRoutes(app: FastifyInstance, { db }: { db: Database }) {
  /** The meeting's cases the principal may read (a restricted record stays restricted). */
  const readableCases = async (
    request: FastifyRequest,
    meeting: MeetingRow,
    permission: 'meeting:view' | 'meeting:minute',
  ) => {
    const rows = await service.casesOf(db, meeting.id)
    const allowed = await Promise.all(
      rows.map(
        async (row) =>
          (await meetingCaseFor(db, request.principal!, meeting.id, row.meetingCase.id, permission)).kind ===
          'ok',
      ),
    )
    return rows.filter((_row, i) => allowed[i])
  }

  app.get(
    '/api/v1/meetings/:id/minutes',
    {
      config: { access: 'meeting:view', audit: { event: 'MINUTES_VIEWED', recordType: 'meeting' } },
      schema: {
        tags,
        summary:
          'The minutes of a meeting: attendance, and every case’s fields (with versions) and decisions',
        params: z.toJSONSchema(idParams),
        response: { 200: z.toJSONSchema(minutesResponse), 404: z.toJSONSchema(errorsResponse) },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:view')
      if (!access) return reply
      const { meeting } = access
      const [cases, attendance] = await Promise.all([
        readableCases(request, meeting, 'meeting:view'),
        service.attendanceOf(db, meeting.id),
      ])
      const day = today()
      return {
        meetingId: meeting.id,
        status: meeting.status,
        finalisedAt: meeting.finalisedAt?.toISOString() ?? null,
        version: meeting.version,
        attendance: service.attendanceJson(attendance),
        cases: await Promise.all(
          cases.map(async (row) =>
            service.caseJson(await service.caseMinutes(db, meeting, row, day), {
              withholdVictims: access.basis === 'invitation',
            }),
          ),
        ),
      }
    },
  )

  /** A case of the meeting the request names in its body, or the 404/403 it gets. */
  const caseInBody = async (
    request: FastifyRequest,
    reply: FastifyReply,
    meeting: MeetingRow,
    caseId: string,
  ) => {
    const access = await meetingCaseFor(db, request.principal!, meeting.id, caseId, 'meeting:minute')
    if (access.kind === 'ok') return access
    if (access.kind === 'not_found')
      await reply
        .code(404)
        .send({ errors: [{ path: 'caseId', message: 'No case with that id on this meeting’s agenda' }] })
    else await reply.code(403).send({ errors: [{ path: 'caseId', message: access.message }] })
    return undefined
  }

  app.patch(
    '/api/v1/meetings/:id/minutes',
    {
      config: { access: 'meeting:minute', audit: { event: 'MINUTES_FIELD_SAVED', recordType: 'meeting' } },
      schema: {
        tags,
        summary: 'Save one field of a case’s minutes',
        description: `Fields: ${['risk-rosh', 'risk-victims', 'risk-diversity', 'plan-changes', 'victim-issues', 'level-rationale', 'category-rationale', 'dissent'].join(', ')}, and \`information:{agencyId}\` for what an agency shared. Send the \`version\` you read (0 for a field never saved). If someone else saved the field since, nothing is overwritten: the answer is 409 with the current text and version, and your text is kept in the field's revisions. Saves of different fields never conflict.`,
        params: z.toJSONSchema(idParams),
        body: docOf(minutesPatch),
        response: {
          200: z.toJSONSchema(fieldSavedResponse),
          400: z.toJSONSchema(errorsResponse),
          403: z.toJSONSchema(errorsResponse),
          404: z.toJSONSchema(errorsResponse),
          409: z.toJSONSchema(conflictResponse),
        },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const parsed = minutesPatch.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const found = await caseInBody(request, reply, access.meeting, parsed.data.caseId)
      if (!found) return reply
      const result = await service.saveField(
        db,
        request.principal!,
        found.meetingCase,
        parsed.data.field,
        parsed.data,
      )
      return sendFieldResult(reply, result)
    },
  )

  app.put(
    '/api/v1/meetings/:id/minutes',
    {
      config: {
        access: 'meeting:minute',
        audit: { event: 'MINUTES_DECISION_RECORDED', recordType: 'meeting' },
      },
      schema: {
        tags,
        summary: 'Record a decision about a case: victims’ input, level (and category), or disclosure',
        description:
          'Send the case’s `version` you read. `victims`: `victimInput` attended, written_report or none. `level`: `level`, `category`, `nextReviewOn` (Level 2 and 3: after the meeting and no later than the rules’ default); save `level-rationale` (and `category-rationale` when the category changes) first. `disclosure`: `disclose: false` with `notNeededReason`, or `disclose: true` with `disclosure` holding the register’s fields (recipientName, recipientRole, disclosedByName, method, plannedOn, legalBasis, rationale, content, lawful, necessary, proportionate, personTold, notToldReason, undertakingSigned); the decision date is the meeting’s. A disclosure is added to the disclosure register.',
        params: z.toJSONSchema(idParams),
        body: docOf(decisionBody),
        response: {
          200: z.toJSONSchema(minutesResponse.shape.cases.element),
          400: z.toJSONSchema(errorsResponse),
          403: z.toJSONSchema(errorsResponse),
          404: z.toJSONSchema(errorsResponse),
          409: z.toJSONSchema(errorsResponse),
        },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const parsed = decisionBody.safeParse(request.body ?? {})
      if (!parsed.success) return reply.code(400).send(apiErrors(parsed.error))
      const body = parsed.data
      const found = await caseInBody(request, reply, access.meeting, body.caseId)
      if (!found) return reply
      const day = today()
      const result =
        body.decision === 'victims'
          ? await service.recordVictimInput(db, found.meetingCase, body)
          : body.decision === 'level'
            ? await service.recordLevelDecision(db, access.meeting, found.meetingCase, body, day)
            : await service.recordDisclosureDecision(
                db,
                request.principal!,
                access.meeting,
                found.meetingCase,
                body,
                day,
              )
      switch (result.kind) {
        case 'saved': {
          const rows = await service.casesOf(db, access.meeting.id)
          const row = rows.find((r) => r.meetingCase.id === body.caseId)!
          return service.caseJson(await service.caseMinutes(db, access.meeting, row, day))
        }
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'forbidden':
          return reply.code(403).send({ errors: [{ path: '', message: result.message }] })
        case 'closed':
          return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
        case 'stale':
          return reply.code(409).send({
            errors: [
              {
                path: 'version',
                message: `The case’s decisions have changed since you read them; read them again (now version ${result.current.version})`,
              },
            ],
          })
      }
    },
  )

  app.post(
    '/api/v1/meetings/:id/minutes/finalise',
    {
      config: { access: 'meeting:minute', audit: { event: 'MEETING_FINALISED', recordType: 'meeting' } },
      schema: {
        tags,
        summary: 'Finalise the minutes (the meeting’s chair only)',
        description:
          'Send the meeting’s `version`. Refused (400, listing what is missing per case) unless attendance is recorded and every case has a disclosure decision, a level decision with its rationale, the victims’ input and a next review date. Each level decision is then applied to the person’s registration and the minutes become read-only.',
        params: z.toJSONSchema(idParams),
        body: docOf(finaliseBody),
        response: {
          200: z.toJSONSchema(
            z.object({ status: z.string(), finalisedAt: z.string(), notApplied: z.array(z.string()) }),
          ),
          400: z.toJSONSchema(errorsResponse),
          403: z.toJSONSchema(errorsResponse),
          409: z.toJSONSchema(errorsResponse),
        },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const version = (request.body as { version?: unknown } | undefined)?.version
      const result = await service.finalise(db, request.principal!, access.meeting, version)
      switch (result.kind) {
        case 'forbidden':
          return reply.code(403).send({ errors: [{ path: '', message: result.message }] })
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'closed':
          return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
        case 'stale':
          return reply.code(409).send(staleErrors('The meeting'))
        case 'finalised': {
          const meeting = (await service.meetingOf(db, access.meeting.id))!
          return {
            status: meeting.status,
            finalisedAt: meeting.finalisedAt!.toISOString(),
            notApplied: result.notApplied,
          }
        }
      }
    },
  )

  app.put(
    '/api/v1/meetings/:id/attendance',
    {
      config: {
        access: 'meeting:minute',
        audit: { event: 'MEETING_ATTENDANCE_RECORDED', recordType: 'meeting' },
      },
      schema: {
        tags,
        summary: 'Record attendance by agency (replaces the whole set)',
        description:
          'Send the attendance `version` you read (from GET …/minutes). An agency that attended names its attendees and acknowledges the confidentiality statement (MAPPA D).',
        params: z.toJSONSchema(idParams),
        body: docOf(attendanceBody),
        response: {
          200: z.toJSONSchema(attendanceSetResponse),
          400: z.toJSONSchema(errorsResponse),
          409: z.toJSONSchema(errorsResponse),
        },
      },
    },
    async (request, reply) => {
      const access = await meetingForRequest(db, request, reply, 'meeting:minute')
      if (!access) return reply
      const result = await service.recordAttendance(
        db,
        request.principal!,
        access.meeting.id,
        request.body ?? {},
      )
      switch (result.kind) {
        case 'saved':
          return service.attendanceJson(await service.attendanceOf(db, access.meeting.id))
        case 'invalid':
          return reply.code(400).send({ errors: result.problems })
        case 'closed':
          return reply.code(409).send({ errors: [{ path: '', message: result.message }] })
        case 'stale':
          return reply.code(409).send(staleErrors('Attendance', service.attendanceVersion(result.current)))
      }
    },
  )
}
