import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isApiRequest } from '../security/access-hooks.js'

const PAGES: Record<number, { title: string; paragraphs: string[] }> = {
  400: { title: 'There is a problem with your request', paragraphs: ['Check what you sent and try again.'] },
  403: {
    title: 'Your form has expired',
    paragraphs: ['For your security, forms expire. Go back, refresh the page and try again.'],
  },
  404: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'If you pasted the web address, check you copied the entire address.',
    ],
  },
  413: { title: 'What you sent is too large', paragraphs: ['Send less and try again.'] },
  429: { title: 'Too many requests', paragraphs: ['Wait a few minutes and try again.'] },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. What you entered has not been saved.'],
  },
}

function respond(request: FastifyRequest, reply: FastifyReply, status: number, message?: string) {
  const page = PAGES[status] ?? PAGES[500]!
  if (isApiRequest(request)) {
    return reply.code(status).send({ errors: [{ path: '', message: message ?? page.title }] })
  }
  return reply
    .code(status)
    .render('web/views/error.njk', { pageTitle: page.title, paragraphs: page.paragraphs })
}

/** One place for errors: known client errors get their page, anything else is logged as a 500. */
export function registerErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500
    if (error.code?.startsWith('FST_CSRF'))
      return respond(request, reply, 403, 'Invalid or missing CSRF token')
    if (status >= 400 && status < 500 && PAGES[status]) return respond(request, reply, status, error.message)
    request.log.error({ err: error }, 'request failed')
    return respond(request, reply, 500)
  })

  app.setNotFoundHandler(
    // Rate-limited so that guessing URLs is slow (as in fastify/demo).
    { preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) },
    (request, reply) => respond(request, reply, 404, 'Not found'),
  )
}
