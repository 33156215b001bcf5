import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../../db/connection.js'
import { londonDateOf } from '../../domain/rules/dates.js'
import type { Sealer } from '../../security/sealing.js'
import { paths } from '../../web/paths.js'
import { createPublicApplication } from '../applications/service.js'
import { type Lang, type TextKey, TEXT, t } from './dictionary.js'
import {
  type Answers,
  type Field,
  MAX_CHILDREN,
  SCHEMES,
  type SchemeSlug,
  STEPS,
  type Step,
  type StepErrors,
  type Values,
  allowedNames,
  answerText,
  areaOfForce,
  checkStep,
  detailsOf,
  firstIncomplete,
  forces,
  isSchemeSlug,
  nextStep,
  pick,
  previousStep,
  stepOf,
} from './questions.js'

declare module 'fastify' {
  interface Session {
    /** The answers so far of a public application, sealed (see below). */
    applyDraft?: string
    /** The reference of the application just sent, for its confirmation page only. */
    applyDone?: string
  }
}

/**
 * Answers are held between pages in the visitor's session, sealed (encrypted) with the service's
 * key, rather than in hidden fields: the pages already need the session for their CSRF token,
 * sealed answers are unreadable in the session table, they never travel back and forth in the
 * page (where a shared device's history or cache could keep them), and they go when the session
 * expires or the application is sent. Nothing here logs a request body or a query string.
 */
const DRAFT_CONTEXT = 'application-draft'

/** Small bodies only: the longest page is well under this with every field at its limit. */
const BODY_LIMIT = 16_384

const emptyAnswers = (): Answers => ({ values: {}, children: [] })
const today = () => londonDateOf(new Date().toISOString())
const other = (lang: Lang): Lang => (lang === 'en' ? 'cy' : 'en')

export async function publicFormsRoutes(
  app: FastifyInstance,
  { db, sealer, rateLimitPerHour }: { db: Database; sealer: Sealer; rateLimitPerHour: number },
) {
  const readDraft = (request: FastifyRequest, scheme: SchemeSlug): Answers => {
    const sealed = request.session.applyDraft
    if (!sealed) return emptyAnswers()
    try {
      const draft = sealer.open<{ scheme: SchemeSlug; answers: Answers }>(DRAFT_CONTEXT, sealed)
      return draft.scheme === scheme ? draft.answers : emptyAnswers()
    } catch {
      // Sealed with a key no longer configured: start again rather than fail.
      return emptyAnswers()
    }
  }
  const writeDraft = (request: FastifyRequest, scheme: SchemeSlug, answers: Answers) => {
    request.session.applyDraft = sealer.seal(DRAFT_CONTEXT, { scheme, answers })
  }

  /** What every public page needs: its language, the toggle to the same page in the other. */
  const page = (
    lang: Lang,
    title: TextKey | string,
    otherPath: string,
    extra: Record<string, unknown> = {},
  ) => ({
    lang,
    text: Object.fromEntries(Object.entries(TEXT).map(([k, v]) => [k, v[lang]])),
    pageTitle: title in TEXT ? t(lang, title as TextKey) : title,
    startHref: paths.apply.start(lang),
    toggle: {
      href: otherPath,
      lang: other(lang),
      text: t(lang, 'languageToggle'),
      label: t(lang, 'languageToggleLabel'),
    },
    ...extra,
  })

  const message = (reply: FastifyReply, status: number, lang: Lang, title: TextKey, text: TextKey) =>
    reply.code(status).render('features/public-forms/views/message.njk', {
      ...page(lang, title, paths.apply.start(other(lang))),
      paragraph: t(lang, text),
    })

  /** Abuse limits answered in the applicant's language (rate, size, malformed, expired form). */
  const errorHandler =
    (lang: Lang) => (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      if (error.statusCode === 429) return message(reply, 429, lang, 'tooManyTitle', 'tooManyText')
      if (error.statusCode === 413) return message(reply, 413, lang, 'tooLargeTitle', 'tooLargeText')
      if (error.code?.startsWith('FST_CSRF')) return message(reply, 403, lang, 'expiredTitle', 'expiredText')
      if (error.statusCode === 400 || error.statusCode === 415)
        return message(reply, 400, lang, 'badRequestTitle', 'badRequestText')
      throw error
    }

  const component = (
    field: Field,
    values: Values,
    errors: Record<string, string>,
    lang: Lang,
    heading: boolean,
  ) => {
    const optional = field.missing ? '' : ` ${t(lang, 'optional')}`
    const text = t(lang, field.label) + optional
    const labelClasses = heading ? 'govuk-label--l' : 'govuk-label--s'
    const legend = {
      text,
      isPageHeading: heading,
      classes: heading ? 'govuk-fieldset__legend--l' : 'govuk-fieldset__legend--s',
    }
    const errorMessage = errors[field.name]
      ? { text: errors[field.name], visuallyHiddenText: t(lang, 'errorHidden') }
      : undefined
    const hint = field.hint ? { text: t(lang, field.hint) } : undefined
    const value = values[field.name]
    const chosen = Array.isArray(value) ? value : value ? [value] : []
    switch (field.kind) {
      case 'text':
      case 'email':
      case 'tel':
        return {
          macro: 'input',
          params: {
            id: field.name,
            name: field.name,
            type: field.kind === 'text' ? 'text' : field.kind,
            label: { text, isPageHeading: heading, classes: labelClasses },
            hint,
            value,
            autocomplete: field.autocomplete,
            spellcheck: field.kind === 'email' ? false : undefined,
            errorMessage,
          },
        }
      case 'textarea':
        return {
          macro: 'textarea',
          params: {
            id: field.name,
            name: field.name,
            rows: 5,
            label: { text, isPageHeading: heading, classes: labelClasses },
            hint,
            value,
            autocomplete: field.autocomplete,
            errorMessage,
          },
        }
      case 'date':
        return {
          macro: 'date',
          params: {
            id: field.name,
            namePrefix: field.name,
            fieldset: { legend },
            hint: { text: t(lang, 'dateHint') },
            errorMessage,
            items: (['day', 'month', 'year'] as const).map((part) => ({
              name: part,
              label: t(lang, part),
              classes: `govuk-input--width-${part === 'year' ? 4 : 2}${errorMessage ? ' govuk-input--error' : ''}`,
              value: values[`${field.name}-${part}`],
              autocomplete: field.autocomplete ? `${field.autocomplete}-${part}` : undefined,
            })),
          },
        }
      case 'radios':
      case 'checkboxes':
        return {
          macro: field.kind,
          params: {
            name: field.name,
            idPrefix: field.name,
            fieldset: { legend },
            hint,
            errorMessage,
            items: field.options!.map((o) => ({
              value: o.value,
              text: t(lang, o.text),
              checked: chosen.includes(o.value),
            })),
          },
        }
      case 'force':
        return {
          macro: 'select',
          params: {
            id: field.name,
            name: field.name,
            label: { text, isPageHeading: heading, classes: labelClasses },
            hint,
            errorMessage,
            items: [
              { value: '', text: t(lang, 'forceChoose') },
              ...forces(lang).map((f) => ({
                value: f.value,
                text: f.text,
                selected: chosen.includes(f.value),
              })),
            ],
          },
        }
    }
  }

  for (const lang of ['en', 'cy'] as const) {
    const base = paths.apply.start(lang)
    const question = (scheme: SchemeSlug, step: string) => paths.apply.question(lang, scheme, step)
    const publicConfig = { access: 'public' as const }
    const postOptions = { bodyLimit: BODY_LIMIT, errorHandler: errorHandler(lang) }

    const schemeOf = async (request: FastifyRequest, reply: FastifyReply) => {
      const { scheme } = request.params as { scheme?: string }
      if (isSchemeSlug(scheme)) return scheme
      await reply.callNotFound()
      return undefined
    }

    const renderStep = (
      reply: FastifyReply,
      status: number,
      scheme: SchemeSlug,
      step: Step,
      answers: Answers,
      values: Values,
      problems: StepErrors | undefined,
      change: boolean,
    ) => {
      // A lone question is the page's heading; the children list has its own heading above it.
      const single = step.fields.length === 1 && step.slug !== 'children'
      const back = previousStep(scheme, step.slug, answers)
      return reply.code(status).render('features/public-forms/views/question.njk', {
        ...page(lang, step.title, paths.apply.question(other(lang), scheme, step.slug)),
        errorList: problems?.errorList,
        backLink: change ? question(scheme, 'check') : back ? question(scheme, back) : base,
        action: question(scheme, step.slug) + (change ? '?change=1' : ''),
        heading: single ? undefined : t(lang, step.title),
        fields: step.fields.map((f) => component(f, values, problems?.errors ?? {}, lang, single)),
        children:
          step.slug === 'children'
            ? answers.children.map((c, index) => ({
                index,
                name: c.childName,
                dob: answerText(stepOf(scheme, 'child')!.fields[1]!, c, lang),
              }))
            : undefined,
        stepSlug: step.slug,
      })
    }

    app.get(base, { config: publicConfig }, async (request, reply) => {
      request.session.applyDone = undefined
      return reply.render('features/public-forms/views/start.njk', {
        ...page(lang, 'startTitle', paths.apply.start(other(lang))),
        claresLawHref: question('clares-law', STEPS['clares-law'][0]!.slug),
        sarahsLawHref: question('sarahs-law', STEPS['sarahs-law'][0]!.slug),
      })
    })

    app.get(`${base}/:scheme/check`, { config: publicConfig }, async (request, reply) => {
      const scheme = await schemeOf(request, reply)
      if (!scheme) return reply
      const answers = readDraft(request, scheme)
      const missing = firstIncomplete(scheme, answers, lang, today())
      if (missing) return reply.redirect(question(scheme, missing), 303)
      return reply.render('features/public-forms/views/check.njk', {
        ...page(lang, 'checkTitle', paths.apply.question(other(lang), scheme, 'check')),
        backLink: question(scheme, previousStep(scheme, 'check', answers)!),
        action: question(scheme, 'check'),
        sections: STEPS[scheme]
          .filter((s) => (!s.when || s.when(answers)) && s.slug !== 'children')
          .map((s) => ({
            title: t(lang, s.title),
            rows: (s.addsTo ? answers.children : [answers.values]).flatMap((values) =>
              s.fields.map((f) => ({
                key: { text: t(lang, f.label) },
                value: { text: answerText(f, values, lang) },
                actions: {
                  items: [
                    {
                      href: `${question(scheme, s.addsTo ? 'children' : s.slug)}?change=1`,
                      text: t(lang, 'change'),
                      visuallyHiddenText: t(lang, f.label),
                    },
                  ],
                },
              })),
            ),
          })),
      })
    })

    app.post(
      `${base}/:scheme/check`,
      {
        ...postOptions,
        // Per address, per hour: each sent application reaches the police, so sending is limited.
        config: { ...publicConfig, rateLimit: { max: rateLimitPerHour, timeWindow: '1 hour' } },
      },
      async (request, reply) => {
        const scheme = await schemeOf(request, reply)
        if (!scheme) return reply
        const body = (request.body ?? {}) as Values
        if (Object.keys(body).some((name) => name !== '_csrf'))
          return message(reply, 400, lang, 'badRequestTitle', 'badRequestText')
        const answers = readDraft(request, scheme)
        const missing = firstIncomplete(scheme, answers, lang, today())
        if (missing) return reply.redirect(question(scheme, missing), 303)
        const created = await createPublicApplication(db, sealer, {
          scheme: SCHEMES[scheme],
          language: lang,
          areaCode: areaOfForce(String(answers.values.policeForce))!,
          details: detailsOf(scheme, answers),
        })
        request.session.applyDraft = undefined
        request.session.applyDone = created.reference
        // The same answer for every application sent: nothing is matched or looked up here.
        return reply.redirect(question(scheme, 'confirmation'), 303)
      },
    )

    app.get(`${base}/:scheme/confirmation`, { config: publicConfig }, async (request, reply) => {
      const scheme = await schemeOf(request, reply)
      if (!scheme) return reply
      const reference = request.session.applyDone
      if (!reference) return reply.redirect(base, 303)
      return reply.render('features/public-forms/views/confirmation.njk', {
        ...page(lang, 'confirmationTitle', paths.apply.question(other(lang), scheme, 'confirmation')),
        reference,
        decisionText: t(lang, scheme === 'sarahs-law' ? 'nextDecisionSarah' : 'nextDecisionClare'),
      })
    })

    app.get(`${base}/:scheme/:step`, { config: publicConfig }, async (request, reply) => {
      const scheme = await schemeOf(request, reply)
      if (!scheme) return reply
      const step = stepOf(scheme, (request.params as { step: string }).step)
      if (!step) return reply.callNotFound()
      const answers = readDraft(request, scheme)
      // A new child starts blank, and "another child?" is asked afresh each time.
      const values = step.addsTo || step.slug === 'children' ? {} : answers.values
      const change = (request.query as { change?: string }).change === '1'
      return renderStep(reply, 200, scheme, step, answers, values, undefined, change)
    })

    app.post(`${base}/:scheme/:step`, { ...postOptions, config: publicConfig }, async (request, reply) => {
      const scheme = await schemeOf(request, reply)
      if (!scheme) return reply
      const step = stepOf(scheme, (request.params as { step: string }).step)
      if (!step) return reply.callNotFound()
      const body = (request.body ?? {}) as Values
      const allowed = allowedNames(step)
      if (step.slug === 'children') allowed.add('remove')
      if (Object.keys(body).some((name) => !allowed.has(name)))
        return message(reply, 400, lang, 'badRequestTitle', 'badRequestText')
      const answers = readDraft(request, scheme)
      const change = (request.query as { change?: string }).change === '1'

      if (step.slug === 'children' && body.remove !== undefined) {
        answers.children.splice(Number(body.remove), 1)
        writeDraft(request, scheme, answers)
        return reply.redirect(question(scheme, answers.children.length ? 'children' : 'child'), 303)
      }
      const problems = checkStep(step, body, lang, today())
      if (step.addsTo && answers.children.length >= MAX_CHILDREN)
        problems.errorList.push({ text: t(lang, 'childrenMax', { max: MAX_CHILDREN }), href: '#childName' })
      if (problems.errorList.length)
        return renderStep(reply, 400, scheme, step, answers, body, problems, change)

      if (step.addsTo) answers.children.push(pick(step, body))
      else answers.values = { ...answers.values, ...pick(step, body) }
      writeDraft(request, scheme, answers)
      const next = nextStep(scheme, step.slug, answers)
      if (change && next !== 'child' && next !== 'children')
        return reply.redirect(
          question(scheme, firstIncomplete(scheme, answers, lang, today()) ?? 'check'),
          303,
        )
      return reply.redirect(question(scheme, next) + (change ? '?change=1' : ''), 303)
    })
  }
}
