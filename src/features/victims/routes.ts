import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { DueItem } from '../../domain/rules/index.js'
import { refuseForbidden } from '../../security/access-hooks.js'
import { usersByIds } from '../../security/accounts.js'
import { mayDo } from '../../security/policy.js'
import type { Sealer } from '../../security/sealing.js'
import { dateParts } from '../../web/date-input.js'
import type { FieldErrors } from '../../web/forms.js'
import { paths } from '../../web/paths.js'
import { CONDITION_KINDS, CONDITION_SOURCES } from '../conditions/schema.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { zonesOf } from '../zones/service.js'
import { type FormValues, datesOf, formErrors, locationOf, victimFormToBody, victimToValues } from './form.js'
import type { PinpointWarning } from './pinpoint.js'
import { CONTACT_METHODS, REQUEST_KINDS, VICTIM_KINDS, labelOf } from './schema.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const victimParams = z.object({ id: z.uuid(), victimId: z.uuid() })
const requestParams = victimParams.extend({ requestId: z.uuid() })

/** Radios and selects from a list of options, with the current value marked. */
const options = (list: readonly { value: string; text: string }[], current: string | undefined) =>
  list.map((o) => ({
    value: o.value,
    text: o.text,
    checked: o.value === current,
    selected: o.value === current,
  }))

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  due: { text: 'Due', classes: 'govuk-tag--blue' },
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  done: { text: 'Done', classes: 'govuk-tag--green' },
  paused: { text: 'Paused', classes: 'govuk-tag--grey' },
}
const ELIGIBILITY_TAGS: Record<string, { text: string; classes: string }> = {
  eligible: { text: 'The statutory scheme applies', classes: 'govuk-tag--green' },
  not_eligible: { text: 'The statutory scheme does not apply', classes: 'govuk-tag--grey' },
  needs_review: { text: 'Needs review', classes: 'govuk-tag--yellow' },
}
const CONDITION_STATUS: Record<string, { text: string; classes: string }> = {
  active: { text: 'In force', classes: 'govuk-tag--green' },
  future: { text: 'Not started', classes: 'govuk-tag--blue' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
}

const SAVED: Record<string, string> = {
  added: 'The victim has been recorded',
  changed: 'The record has been changed',
  scheme: 'Their choice has been recorded',
  contact: 'The dates have been recorded',
  views: 'Their views have been recorded',
  request: 'The request has been recorded',
  granted: 'The condition has been added and the request marked granted',
  decided: 'The decision has been recorded',
  ended: 'The record has been ended',
  event: 'The event has been recorded and victim liaison officers told',
}
const savedOf = (request: FastifyRequest) => SAVED[(request.query as { saved?: string }).saved ?? '']

/** A person's victims, their Victim Contact Scheme clocks, views and requested conditions. */
export async function victimsRoutes(app: FastifyInstance, { db, sealer }: { db: Database; sealer: Sealer }) {
  const base = (person: PersonRecord, title: string, backLink = paths.people.victims(person.id)) => ({
    pageTitle: `${title}: ${person.givenName} ${person.familyName}`,
    sectionTitle: 'Victims',
    person,
    recordNav: recordNavigation(person.id, 'victims'),
    backLink,
  })

  /** The person and what the principal may see of their victims; refuses what the need exceeds. */
  const context = async (request: FastifyRequest, reply: FastifyReply, need: 'list' | 'full' | 'manage') => {
    const person = await personForRequest(db, request, reply, 'person:view')
    if (!person) return undefined
    const access = await service.victimAccessFor(db, request.principal!, person)
    if (need === 'full' && access.level !== 'full') {
      await refuseForbidden(request, reply, access.level === 'redacted' ? access.message : '')
      return undefined
    }
    if (need === 'manage' && !access.mayManage) {
      await refuseForbidden(request, reply, 'Only victim liaison officers of the area record victims.')
      return undefined
    }
    return { person, access }
  }

  const victimContext = async (request: FastifyRequest, reply: FastifyReply, need: 'full' | 'manage') => {
    const found = await context(request, reply, need)
    if (!found) return undefined
    const params = victimParams.safeParse(request.params)
    const victim = params.success
      ? await service.findVictim(db, sealer, found.person.id, params.data.victimId)
      : undefined
    if (!victim) {
      await reply.callNotFound()
      return undefined
    }
    request.audited = { recordId: victim.id }
    return { ...found, victim }
  }

  // The list ------------------------------------------------------------------------------------

  app.get(
    '/people/:id/victims',
    { config: { access: 'person:view', audit: { event: 'VICTIMS_VIEWED', recordType: 'person' } } },
    async (request, reply) => {
      const found = await context(request, reply, 'list')
      if (!found) return reply
      const { person, access } = found
      const day = today()
      const [protecting, zones] = await Promise.all([
        service.protectingConditions(db, person.id, day),
        zonesOf(db, person.id, day),
      ])
      const schemeText = (status: service.SchemeStatus) => service.SCHEME_STATUS_TEXT[status]
      const shared = {
        ...base(person, 'Victims', paths.people.show(person.id)),
        saved: savedOf(request),
        protecting: protecting.map((c) => ({
          kindText: labelOf(CONDITION_KINDS, c.kind),
          wording: c.wording,
          statusText: CONDITION_STATUS[c.status]!.text,
          statusClass: CONDITION_STATUS[c.status]!.classes,
          zones: zones
            .filter((z) => z.conditionId === c.id)
            .map((z) => ({ name: z.name, href: paths.people.zone(person.id, z.id) })),
        })),
        mayRecordEvent: mayDo(request.principal, 'person:edit'),
        newEventHref: paths.people.newSignificantEvent(person.id),
      }
      if (access.level === 'redacted')
        return reply.render('features/victims/views/victims.njk', {
          ...shared,
          full: false,
          restrictionMessage: access.message,
          redacted: (await service.redactedVictimsOf(db, person.id)).map((v) => ({
            ...v,
            kindText: labelOf(VICTIM_KINDS, v.kind),
            schemeText: schemeText(v.schemeStatus),
          })),
        })
      const victims = await service.victimsOf(db, sealer, person.id)
      const names = new Map(
        (
          await usersByIds(
            db,
            victims.map((v) => v.vloUserId).filter((id) => id !== null),
          )
        ).map((u) => [u.id, u.displayName]),
      )
      return reply.render('features/victims/views/victims.njk', {
        ...shared,
        full: true,
        mayManage: access.mayManage,
        newVictimHref: paths.people.newVictim(person.id),
        victims: victims.map((v) => ({
          ...v,
          href: paths.people.victim(person.id, v.id),
          kindText: labelOf(VICTIM_KINDS, v.kind),
          schemeText: schemeText(v.scheme.status),
          vloName: v.vloUserId ? names.get(v.vloUserId) : undefined,
        })),
      })
    },
  )

  // Adding and changing a victim ----------------------------------------------------------------

  const victimForm = async (
    reply: FastifyReply,
    status: number,
    data: { person: PersonRecord; values: FormValues; action: 'add' | 'change'; actionUrl: string } & Record<
      string,
      unknown
    >,
  ) => {
    const [convictions, officers] = await Promise.all([
      service.convictionOptions(db, data.person.id),
      service.liaisonOfficersIn(db, data.person.areaCode),
    ])
    return reply.code(status).render('features/victims/views/victim-form.njk', {
      ...base(
        data.person,
        data.action === 'add' ? 'Add a victim or person at risk' : 'Change the victim’s details',
      ),
      kinds: options(VICTIM_KINDS, data.values.kind),
      contactMethods: options(CONTACT_METHODS, data.values.preferredContact),
      convictions: [
        { value: '', text: 'Not linked to a conviction' },
        ...options(
          convictions.map((c) => ({ value: c.id, text: c.text })),
          data.values.convictionId,
        ),
      ],
      officers: [
        { value: '', text: 'Not allocated yet' },
        ...options(
          officers.map((o) => ({ value: o.userId, text: o.displayName })),
          data.values.vloUserId,
        ),
      ],
      submitText: data.action === 'add' ? 'Save' : 'Save the change',
      ...data,
    })
  }

  app.get('/people/:id/victims/new', { config: { access: 'victim:manage' } }, async (request, reply) => {
    const found = await context(request, reply, 'manage')
    if (!found) return reply
    const { person } = found
    return victimForm(reply, 200, {
      person,
      values: { kind: 'victim' },
      action: 'add',
      actionUrl: paths.people.newVictim(person.id),
    })
  })

  app.post(
    '/people/:id/victims/new',
    { config: { access: 'victim:manage', audit: { event: 'VICTIM_ADDED', recordType: 'victim' } } },
    async (request, reply) => {
      const found = await context(request, reply, 'manage')
      if (!found) return reply
      const { person } = found
      const values = (request.body ?? {}) as FormValues
      const { body, problems } = victimFormToBody(values, 'add')
      const result = await service.createVictim(db, sealer, request.principal!, person, body, today())
      if (result.kind === 'written' && !problems.length) {
        request.audited = { recordId: result.id }
        return reply.redirect(`${paths.people.victim(person.id, result.id)}?saved=added`, 303)
      }
      const all = [...problems, ...(result.kind === 'invalid' ? result.problems : [])]
      return victimForm(reply, 400, {
        person,
        values,
        action: 'add',
        actionUrl: paths.people.newVictim(person.id),
        ...formErrors(all, ['sentencedOn']),
      })
    },
  )

  // One victim ----------------------------------------------------------------------------------

  const clockView = (item: DueItem) => ({
    ...item,
    statusText: STATUS_TAGS[item.status]!.text,
    statusClass: STATUS_TAGS[item.status]!.classes,
  })

  app.get(
    '/people/:id/victims/:victimId',
    { config: { access: 'victim:view', audit: { event: 'VICTIM_VIEWED', recordType: 'victim' } } },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'full')
      if (!found) return reply
      const { person, access, victim } = found
      const day = today()
      const [eligibility, convictions, views, requests, officers] = await Promise.all([
        service.eligibilityOf(db, person, victim.convictionId),
        service.convictionOptions(db, person.id),
        service.viewsOf(db, sealer, victim.id),
        service.requestsOf(db, sealer, person.id, victim.id),
        usersByIds(db, victim.vloUserId ? [victim.vloUserId] : []),
      ])
      const change = (what: string) =>
        access.mayManage ? paths.people.victimChange(person.id, victim.id, what) : undefined
      return reply.render('features/victims/views/victim.njk', {
        ...base(person, 'Victim'),
        saved: savedOf(request),
        victim,
        kindText: labelOf(VICTIM_KINDS, victim.kind),
        contactText: labelOf(CONTACT_METHODS, victim.details.preferredContact),
        vloName: officers[0]?.displayName,
        convictionText: convictions.find((c) => c.id === victim.convictionId)?.text,
        eligibility: eligibility && { ...eligibility, ...ELIGIBILITY_TAGS[eligibility.status] },
        schemeText: service.SCHEME_STATUS_TEXT[victim.scheme.status],
        clocks: service
          .victimClocks(victim, victim.scheme.status, eligibility?.status ?? null, day)
          .map(clockView),
        views,
        requests: requests.map((r) => ({
          ...r,
          href: paths.people.victimRequest(person.id, victim.id, r.id),
        })),
        links: {
          change: victim.endedOn ? undefined : change('change'),
          scheme: victim.endedOn ? undefined : change('scheme'),
          contact: victim.endedOn ? undefined : change('contact'),
          views: victim.endedOn ? undefined : change('views'),
          requests: victim.endedOn ? undefined : change('requests'),
          end: victim.endedOn ? undefined : change('end'),
        },
      })
    },
  )

  const changeAudit = { event: 'VICTIM_CHANGED', recordType: 'victim' }

  app.get(
    '/people/:id/victims/:victimId/change',
    { config: { access: 'victim:manage', audit: { event: 'VICTIM_VIEWED', recordType: 'victim' } } },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { person, victim } = found
      return victimForm(reply, 200, {
        person,
        values: victimToValues(victim),
        action: 'change',
        actionUrl: paths.people.victimChange(person.id, victim.id, 'change'),
        backLink: paths.people.victim(person.id, victim.id),
      })
    },
  )

  app.post(
    '/people/:id/victims/:victimId/change',
    { config: { access: 'victim:manage', audit: changeAudit } },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { person, victim } = found
      const values = (request.body ?? {}) as FormValues
      const { body, problems } = victimFormToBody(values, 'change')
      const actionUrl = paths.people.victimChange(person.id, victim.id, 'change')
      const backLink = paths.people.victim(person.id, victim.id)
      const result = problems.length
        ? undefined
        : await service.changeVictim(db, sealer, request.principal!, person, victim.id, body, today())
      if (result?.kind === 'written') return reply.redirect(`${backLink}?saved=changed`, 303)
      if (result?.kind === 'stale')
        return victimForm(reply, 409, {
          person,
          values: { ...values, version: String(result.current.version) },
          action: 'change',
          actionUrl,
          backLink,
          stale: true,
        })
      const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
      return victimForm(reply, 400, {
        person,
        values,
        action: 'change',
        actionUrl,
        backLink,
        ...formErrors(all, ['sentencedOn']),
      })
    },
  )

  // The short forms: scheme choice, referral and contact dates, views, ending -------------------

  type ShortForm = {
    title: string
    qa: string
    intro?: string
    fields: (victim: service.Victim) => Record<string, unknown>[]
    initial: (victim: service.Victim) => FormValues
    dates: Record<string, string>
    submitText: string
    saved: string
    audit: string
    write: (
      request: FastifyRequest,
      person: PersonRecord,
      victim: service.Victim,
      values: FormValues,
      dates: Record<string, string | null>,
    ) => Promise<service.WriteResult>
  }

  const yesNo = (current: string | undefined) => [
    { value: 'true', text: 'Opted in', checked: current === 'true' },
    { value: 'false', text: 'Opted out', checked: current === 'false' },
  ]

  const SHORT_FORMS: Record<string, ShortForm> = {
    scheme: {
      title: 'Opting in or out of the Victim Contact Scheme',
      qa: 'scheme-form',
      intro: 'Victims may opt in or out at any time. Each choice is kept; the latest counts.',
      fields: () => [
        { name: 'optedIn', input: 'radios', label: 'Their choice' },
        { name: 'on', input: 'date', label: 'Date of the choice' },
      ],
      initial: () => dateParts('on', today()),
      dates: { on: 'Date of the choice' },
      submitText: 'Save their choice',
      saved: 'scheme',
      audit: 'VICTIM_SCHEME_CHOICE_RECORDED',
      write: (request, person, victim, values, dates) =>
        service.recordSchemeChoice(
          db,
          request.principal!,
          person,
          victim.id,
          {
            optedIn: values.optedIn === 'true' ? true : values.optedIn === 'false' ? false : undefined,
            on: dates.on,
          },
          today(),
        ),
    },
    contact: {
      title: 'Referral and first contact',
      qa: 'contact-form',
      intro:
        'Referral to the scheme is due within 10 working days of sentence, and the victim liaison officer’s first contact within 20 working days of referral.',
      fields: () => [
        { name: 'referredOn', input: 'date', label: 'Date referred to the scheme (optional)' },
        {
          name: 'contactedOn',
          input: 'date',
          label: 'Date the victim liaison officer first contacted them (optional)',
        },
      ],
      initial: (v) => ({
        version: String(v.version),
        ...dateParts('referredOn', v.referredOn),
        ...dateParts('contactedOn', v.contactedOn),
      }),
      dates: { referredOn: 'Referral date', contactedOn: 'First contact date' },
      submitText: 'Save the dates',
      saved: 'contact',
      audit: 'VICTIM_CHANGED',
      write: (request, person, victim, values, dates) =>
        service.changeVictim(
          db,
          sealer,
          request.principal!,
          person,
          victim.id,
          { version: Number(values.version), referredOn: dates.referredOn, contactedOn: dates.contactedOn },
          today(),
        ),
    },
    views: {
      title: 'Record the victim’s views',
      qa: 'view-form',
      intro: 'Only victim liaison officers and the case’s named managers see these.',
      fields: () => [
        { name: 'concerns', input: 'textarea', label: 'Their views and concerns' },
        { name: 'recordedOn', input: 'date', label: 'Date taken' },
      ],
      initial: () => dateParts('recordedOn', today()),
      dates: { recordedOn: 'Date taken' },
      submitText: 'Save their views',
      saved: 'views',
      audit: 'VICTIM_VIEWS_RECORDED',
      write: (request, person, victim, values, dates) =>
        service.addView(
          db,
          sealer,
          request.principal!,
          person.id,
          victim.id,
          { concerns: values.concerns ?? '', recordedOn: dates.recordedOn },
          today(),
        ),
    },
    end: {
      title: 'End this victim’s record',
      qa: 'end-form',
      intro:
        'The record is kept, marked as ended: no more contact is due and no more alerts are sent for them.',
      fields: () => [{ name: 'endedOn', input: 'date', label: 'The date it ends' }],
      initial: (v) => ({ version: String(v.version), ...dateParts('endedOn', today()) }),
      dates: { endedOn: 'End date' },
      submitText: 'End the record',
      saved: 'ended',
      audit: 'VICTIM_ENDED',
      write: (request, person, victim, values, dates) =>
        dates.endedOn
          ? service.changeVictim(
              db,
              sealer,
              request.principal!,
              person,
              victim.id,
              { version: Number(values.version), endedOn: dates.endedOn },
              today(),
            )
          : Promise.resolve({
              kind: 'invalid',
              problems: [{ path: 'endedOn', message: 'Enter the date it ends' }],
            }),
    },
  }

  const shortPage = (
    reply: FastifyReply,
    status: number,
    form: ShortForm,
    person: PersonRecord,
    victim: service.Victim,
    change: string,
    values: FormValues,
    more: object = {},
  ) =>
    reply.code(status).render('features/victims/views/date-form.njk', {
      ...base(person, form.title, paths.people.victim(person.id, victim.id)),
      pageTitle: form.title,
      intro: form.intro,
      qa: form.qa,
      fields: form
        .fields(victim)
        .map((f) => (f.name === 'optedIn' ? { ...f, items: yesNo(values.optedIn) } : f)),
      submitText: form.submitText,
      actionUrl: paths.people.victimChange(person.id, victim.id, change),
      values,
      ...more,
    })

  for (const [change, form] of Object.entries(SHORT_FORMS)) {
    app.get(
      `/people/:id/victims/:victimId/${change}`,
      { config: { access: 'victim:manage', audit: { event: 'VICTIM_VIEWED', recordType: 'victim' } } },
      async (request, reply) => {
        const found = await victimContext(request, reply, 'manage')
        if (!found) return reply
        return shortPage(reply, 200, form, found.person, found.victim, change, form.initial(found.victim))
      },
    )
    app.post(
      `/people/:id/victims/:victimId/${change}`,
      { config: { access: 'victim:manage', audit: { event: form.audit, recordType: 'victim' } } },
      async (request, reply) => {
        const found = await victimContext(request, reply, 'manage')
        if (!found) return reply
        const { person, victim } = found
        const values = (request.body ?? {}) as FormValues
        const { dates, problems } = datesOf(values, form.dates)
        const result = problems.length ? undefined : await form.write(request, person, victim, values, dates)
        if (result?.kind === 'written')
          return reply.redirect(`${paths.people.victim(person.id, victim.id)}?saved=${form.saved}`, 303)
        if (result?.kind === 'not_found') return reply.callNotFound()
        if (result?.kind === 'stale')
          return shortPage(
            reply,
            409,
            form,
            person,
            result.current,
            change,
            {
              ...values,
              version: String(result.current.version),
            },
            { stale: true },
          )
        const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
        return shortPage(
          reply,
          400,
          form,
          person,
          victim,
          change,
          values,
          formErrors(all, Object.keys(form.dates)),
        )
      },
    )
  }

  // Requested conditions ------------------------------------------------------------------------

  const requestForm = (
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    victim: service.Victim,
    values: FormValues,
    more: object = {},
  ) =>
    reply.code(status).render('features/victims/views/request-form.njk', {
      ...base(person, 'A condition the victim asks for', paths.people.victim(person.id, victim.id)),
      pageTitle: 'A condition the victim asks for',
      kinds: options(REQUEST_KINDS, values.kind),
      actionUrl: paths.people.victimChange(person.id, victim.id, 'requests'),
      values,
      ...more,
    })

  app.get(
    '/people/:id/victims/:victimId/requests',
    { config: { access: 'victim:manage', audit: { event: 'VICTIM_VIEWED', recordType: 'victim' } } },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      return requestForm(reply, 200, found.person, found.victim, dateParts('requestedOn', today()))
    },
  )

  app.post(
    '/people/:id/victims/:victimId/requests',
    {
      config: { access: 'victim:manage', audit: { event: 'VICTIM_REQUEST_RECORDED', recordType: 'victim' } },
    },
    async (request, reply) => {
      const found = await victimContext(request, reply, 'manage')
      if (!found) return reply
      const { person, victim } = found
      const values = (request.body ?? {}) as FormValues
      const { dates, problems } = datesOf(values, { requestedOn: 'Date asked' })
      const where = locationOf(values)
      problems.push(...where.problems)
      const result = problems.length
        ? undefined
        : await service.addRequest(
            db,
            sealer,
            request.principal!,
            person.id,
            victim.id,
            {
              kind: values.kind || undefined,
              wording: values.wording ?? '',
              place: values.place ?? '',
              location: where.location,
              requestedOn: dates.requestedOn,
            },
            today(),
          )
      if (result?.kind === 'written')
        return reply.redirect(
          `${paths.people.victimRequest(person.id, victim.id, result.id)}?saved=request`,
          303,
        )
      const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
      return requestForm(reply, 400, person, victim, values, formErrors(all, ['requestedOn']))
    },
  )

  const requestPage = async (
    reply: FastifyReply,
    status: number,
    found: { person: PersonRecord; access: service.VictimAccess; victim: service.Victim },
    requestRecord: service.VictimRequest,
    values: FormValues,
    more: Partial<FieldErrors> & {
      warnings?: PinpointWarning[]
      stale?: boolean
      saved?: string | undefined
      confirmPinpoint?: boolean
    } = {},
  ) => {
    const { person, access, victim } = found
    const day = today()
    const [warnings, zones, conditions] = await Promise.all([
      service.linkedZoneWarnings(db, sealer, victim, requestRecord, day),
      zonesOf(db, person.id, day),
      service.protectingConditions(db, person.id, day),
    ])
    const zone = zones.find((z) => z.id === requestRecord.zoneId)
    const condition = conditions.find((c) => c.id === requestRecord.conditionId)
    return reply.code(status).render('features/victims/views/request.njk', {
      ...base(person, 'Requested condition', paths.people.victim(person.id, victim.id)),
      pageTitle: `Requested condition: ${requestRecord.kindText.toLowerCase()}`,
      request: requestRecord,
      conditionText: condition && `${labelOf(CONDITION_KINDS, condition.kind)}: ${condition.wording}`,
      conditionsHref: paths.people.conditions(person.id),
      zoneHref: zone && paths.people.zone(person.id, zone.id),
      zoneName: zone?.name,
      mayDecide: access.mayManage && !requestRecord.conditionId,
      grantUrl: paths.people.victimRequestAction(person.id, victim.id, requestRecord.id, 'grant'),
      decisionUrl: paths.people.victimRequestAction(person.id, victim.id, requestRecord.id, 'decision'),
      sources: options(CONDITION_SOURCES, values.source),
      decisions: options(
        [
          { value: 'partly_granted', text: 'Partly granted' },
          { value: 'refused', text: 'Refused' },
        ],
        values.status,
      ),
      values,
      ...more,
      warnings: [...warnings, ...(more.warnings ?? [])],
    })
  }

  const requestContext = async (request: FastifyRequest, reply: FastifyReply, need: 'full' | 'manage') => {
    const found = await victimContext(request, reply, need)
    if (!found) return undefined
    const params = requestParams.safeParse(request.params)
    const record = params.success
      ? await service.findRequest(db, sealer, found.person.id, found.victim.id, params.data.requestId)
      : undefined
    if (!record) {
      await reply.callNotFound()
      return undefined
    }
    request.audited = { recordId: record.id }
    return { found, record }
  }

  const requestDefaults = (record: service.VictimRequest): FormValues => ({
    source: 'licence',
    wording: record.wording,
    'zone-name': 'Exclusion zone',
    ...dateParts('startsOn', today()),
    ...dateParts('decidedOn', today()),
  })

  app.get(
    '/people/:id/victims/:victimId/requests/:requestId',
    {
      config: {
        access: 'victim:view',
        audit: { event: 'VICTIM_REQUEST_VIEWED', recordType: 'victim_request' },
      },
    },
    async (request, reply) => {
      const context = await requestContext(request, reply, 'full')
      if (!context) return reply
      return requestPage(reply, 200, context.found, context.record, requestDefaults(context.record), {
        saved: savedOf(request),
      })
    },
  )

  app.post(
    '/people/:id/victims/:victimId/requests/:requestId/grant',
    {
      config: {
        access: 'victim:manage',
        audit: { event: 'VICTIM_REQUEST_GRANTED', recordType: 'victim_request' },
      },
    },
    async (request, reply) => {
      const context = await requestContext(request, reply, 'manage')
      if (!context) return reply
      const { found, record } = context
      const values = (request.body ?? {}) as FormValues
      const { dates, problems } = datesOf(values, { startsOn: 'Start date', endsOn: 'End date' })
      const number = (name: string, message: string) => {
        const text = (values[name] ?? '').trim()
        if (!text || Number.isNaN(Number(text))) problems.push({ path: name, message })
        return Number(text)
      }
      const zone =
        record.kind === 'exclusion_zone'
          ? {
              name: values['zone-name'] ?? '',
              circle: {
                centre: [
                  number('zone-lon', 'Enter the longitude of the centre as a number'),
                  number('zone-lat', 'Enter the latitude of the centre as a number'),
                ],
                radiusMetres: number('zone-radiusMetres', 'Enter the radius in metres, for example 1000'),
              },
            }
          : null
      const result = problems.length
        ? undefined
        : await service.grantRequest(
            db,
            sealer,
            request.principal!,
            found.victim,
            record.id,
            {
              version: Number(values.version),
              source: values.source ?? '',
              wording: values.wording ?? '',
              startsOn: dates.startsOn,
              endsOn: dates.endsOn,
              name: values.name ?? '',
              zone,
              acceptPinpointRisk: values.acceptPinpointRisk === 'true',
            },
            today(),
          )
      if (result?.kind === 'written')
        return reply.redirect(
          `${paths.people.victimRequest(found.person.id, found.victim.id, record.id)}?saved=granted`,
          303,
        )
      if (result?.kind === 'not_found') return reply.callNotFound()
      if (result?.kind === 'stale')
        return requestPage(reply, 409, found, result.current, values, { stale: true })
      // A zone that would give the victim's place away is saved only once the VLO accepts the risk.
      if (result?.kind === 'pinpoint')
        return requestPage(reply, 400, found, record, values, {
          warnings: result.warnings,
          confirmPinpoint: true,
          errorList: [
            {
              text: 'The zone could give away a place the victim uses: check the warning',
              href: '#main-content',
            },
          ],
        })
      const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
      return requestPage(reply, 400, found, record, values, formErrors(all, ['startsOn', 'endsOn']))
    },
  )

  app.post(
    '/people/:id/victims/:victimId/requests/:requestId/decision',
    {
      config: {
        access: 'victim:manage',
        audit: { event: 'VICTIM_REQUEST_DECIDED', recordType: 'victim_request' },
      },
    },
    async (request, reply) => {
      const context = await requestContext(request, reply, 'manage')
      if (!context) return reply
      const { found, record } = context
      const values = (request.body ?? {}) as FormValues
      const { dates, problems } = datesOf(values, { decidedOn: 'Decision date' })
      const result = problems.length
        ? undefined
        : await service.decideRequest(
            db,
            sealer,
            request.principal!,
            found.person,
            found.victim.id,
            record.id,
            {
              version: Number(values.version),
              status: values.status || undefined,
              reason: values.reason ?? '',
              decidedOn: dates.decidedOn,
            },
            today(),
          )
      if (result?.kind === 'written')
        return reply.redirect(
          `${paths.people.victimRequest(found.person.id, found.victim.id, record.id)}?saved=decided`,
          303,
        )
      if (result?.kind === 'not_found') return reply.callNotFound()
      if (result?.kind === 'stale')
        return requestPage(reply, 409, found, result.current, values, { stale: true })
      const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
      return requestPage(reply, 400, found, record, values, formErrors(all, ['decidedOn']))
    },
  )
}
