import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { Sealer } from '../../security/sealing.js'
import { dateParts } from '../../web/date-input.js'
import { paths } from '../../web/paths.js'
import { recordNavigation } from '../people/navigation.js'
import type { PersonRecord } from '../people/queries.js'
import { personForRequest } from '../people/record-access.js'
import { type FormValues, datesOf, formErrors } from '../victims/form.js'
import { allocatedVictimNames } from '../victims/service.js'
import * as service from './service.js'

const today = () => londonDateOf(new Date().toISOString())
const alertParams = z.object({ id: z.uuid() })
const DONE: Record<string, string> = {
  read: 'The alert is marked as read',
  told: 'Recorded that the victim was told',
}

/** Victim liaison officers' alerts, and recording a release, recall or end of licence. */
export async function significantEventsRoutes(
  app: FastifyInstance,
  { db, sealer }: { db: Database; sealer: Sealer },
) {
  app.get(
    paths.victimAlerts(),
    { config: { access: 'victim:manage', audit: { event: 'VICTIM_ALERTS_VIEWED' } } },
    async (request, reply) => {
      const principal = request.principal!
      const userId = principal.kind === 'user' ? principal.userId : ''
      const day = today()
      const alerts = await service.alertsFor(db, userId)
      const names = await allocatedVictimNames(
        db,
        sealer,
        userId,
        alerts.flatMap((a) => a.contacts.map((c) => c.victimId)),
      )
      return reply.render('features/significant-events/views/alerts.njk', {
        pageTitle: 'Victim alerts',
        done: DONE[(request.query as { done?: string }).done ?? ''],
        unread: alerts.filter((a) => !a.readAt).length,
        alerts: alerts.map((a) => ({
          ...a,
          personHref: paths.people.victims(a.personId),
          readUrl: paths.victimAlert(a.id, 'read'),
          toldUrl: paths.victimAlert(a.id, 'told'),
          contacts: a.contacts.map((c) => ({
            ...c,
            victimName: names.get(c.victimId),
            overdue: c.status !== 'done' && c.dueDate < day,
          })),
        })),
      })
    },
  )

  app.post(
    '/victim-alerts/:id/read',
    { config: { access: 'victim:manage', audit: { event: 'VICTIM_ALERT_READ', recordType: 'alert' } } },
    async (request, reply) => {
      const params = alertParams.safeParse(request.params)
      const principal = request.principal!
      const marked =
        params.success &&
        principal.kind === 'user' &&
        (await service.markAlertRead(db, principal.userId, params.data.id))
      if (!marked) return reply.callNotFound()
      return reply.redirect(`${paths.victimAlerts()}?done=read`, 303)
    },
  )

  app.post(
    '/victim-alerts/:id/told',
    { config: { access: 'victim:manage', audit: { event: 'VICTIM_TOLD_OF_EVENT', recordType: 'alert' } } },
    async (request, reply) => {
      const params = alertParams.safeParse(request.params)
      const key = String((request.body as { key?: unknown } | undefined)?.key ?? '')
      const principal = request.principal!
      const marked =
        params.success &&
        principal.kind === 'user' &&
        key.startsWith(`alert:${params.data.id}:`) &&
        (await service.markVictimTold(db, principal.userId, key, today()))
      if (!marked) return reply.callNotFound()
      return reply.redirect(`${paths.victimAlerts()}?done=told`, 303)
    },
  )

  // Release, recall and end of licence -----------------------------------------------------------

  const eventForm = async (
    reply: FastifyReply,
    status: number,
    person: PersonRecord,
    values: FormValues,
    more = {},
  ) =>
    reply.code(status).render('features/victims/views/date-form.njk', {
      pageTitle: 'Record a release, recall or end of licence',
      sectionTitle: 'Victims',
      person,
      recordNav: recordNavigation(person.id, 'victims'),
      backLink: paths.people.victims(person.id),
      intro:
        'The victim liaison officers of the person’s victims are alerted, by email too where set up, so that they can tell the victims.',
      qa: 'event-form',
      actionUrl: paths.people.newSignificantEvent(person.id),
      submitText: 'Record it',
      values,
      fields: [
        {
          name: 'kind',
          input: 'radios',
          label: 'What happened',
          items: service.RECORDED_EVENTS.map((k) => ({ ...k, checked: values.kind === k.value })),
        },
        { name: 'on', input: 'date', label: 'Date', hint: 'For a release date, the date of release' },
        {
          name: 'line',
          input: 'select',
          label: 'The sentence it concerns (needed for a release date)',
          items: [
            { value: '', text: 'Not a particular sentence' },
            ...(await service.releaseLines(db, person.id)).map((l) => ({
              ...l,
              selected: l.value === values.line,
            })),
          ],
        },
      ],
      ...more,
    })

  app.get(
    '/people/:id/significant-events/new',
    { config: { access: 'person:edit' } },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:edit')
      if (!person) return reply
      return eventForm(reply, 200, person, dateParts('on', today()))
    },
  )

  app.post(
    '/people/:id/significant-events/new',
    {
      config: { access: 'person:edit', audit: { event: 'SIGNIFICANT_EVENT_RECORDED', recordType: 'person' } },
    },
    async (request, reply) => {
      const person = await personForRequest(db, request, reply, 'person:edit')
      if (!person) return reply
      const values = (request.body ?? {}) as FormValues
      const { dates, problems } = datesOf(values, { on: 'Date' })
      const result = problems.length
        ? undefined
        : await service.recordReleaseEvent(
            db,
            request.principal!,
            person,
            { kind: values.kind, on: dates.on ?? null, line: values.line || undefined },
            today(),
          )
      if (result?.kind === 'recorded')
        return reply.redirect(`${paths.people.victims(person.id)}?saved=event`, 303)
      const all = [...problems, ...(result?.kind === 'invalid' ? result.problems : [])]
      return eventForm(reply, 400, person, values, formErrors(all, ['on']))
    },
  )
}
