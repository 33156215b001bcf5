import path from 'node:path'
import type {} from '@fastify/csrf-protection'
import type {} from '@fastify/helmet'
import type {} from '@fastify/session'
import fastifyStatic from '@fastify/static'
import fastifyView from '@fastify/view'
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import nunjucks from 'nunjucks'
import { appRoot } from '../app-root.js'
import { formatDate, formatInstant } from './format.js'

const govukDist = path.join(appRoot, 'node_modules/govuk-frontend/dist')
const mojDist = path.join(appRoot, 'node_modules/@ministryofjustice/frontend')

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page with what every page needs: the user, CSP nonce, CSRF token and path. */
    render(template: string, data?: Record<string, unknown>): Promise<FastifyReply>
  }
  interface FastifyRequest {
    /** Extra context the layout shows (set by the auth hooks). */
    layout?: Record<string, unknown>
  }
}

async function views(app: FastifyInstance) {
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: [path.join(appRoot, 'src'), govukDist, mojDist],
    options: {
      autoescape: true,
      throwOnUndefined: false,
      onConfigure: (env: nunjucks.Environment) => {
        env.addFilter('date', formatDate)
        env.addFilter('instant', formatInstant)
        // Marks the radio or checkbox item whose value matches what the user chose.
        env.addFilter('mapChecked', (items: { value: string }[], chosen: unknown) =>
          items.map((item) => ({ ...item, checked: item.value === chosen })),
        )
      },
    },
  })

  app.decorateReply('render', async function (this: FastifyReply, template: string, data = {}) {
    const request = this.request
    const csrfToken = request.session ? this.generateCsrf() : undefined
    return this.view(template, {
      cspNonce: this.cspNonce?.script,
      csrfToken,
      currentPath: request.url.split('?')[0],
      ...request.layout,
      ...data,
    })
  })
}

export default fp(views, { name: 'views', dependencies: ['@fastify/csrf-protection'] })

/** Static files: public by design, so their routes are marked so in their own scope. */
export async function assets(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' }
  })
  // GOV.UK Frontend's stylesheet finds its fonts and images under /assets.
  await app.register(fastifyStatic, { root: path.join(govukDist, 'govuk/assets'), prefix: '/assets/' })
  await app.register(fastifyStatic, {
    root: path.join(govukDist, 'govuk'),
    prefix: '/assets/govuk/',
    decorateReply: false,
    allowedPath: (pathname) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(pathname),
  })
  await app.register(fastifyStatic, {
    root: path.join(mojDist, 'moj'),
    prefix: '/assets/moj/',
    decorateReply: false,
    allowedPath: (pathname) => /^\/(moj-frontend\.min\.(css|js)(\.map)?|assets\/images\/.+)$/.test(pathname),
  })
  await app.register(fastifyStatic, {
    root: path.join(appRoot, 'node_modules/leaflet/dist'),
    prefix: '/assets/leaflet/',
    decorateReply: false,
    allowedPath: (pathname) =>
      /^\/(leaflet\.(css|js)|leaflet-src\.esm\.js|images\/[\w-]+\.png)$/.test(pathname),
  })
  await app.register(fastifyStatic, {
    root: path.join(appRoot, 'src/web/assets'),
    prefix: '/assets/app/',
    decorateReply: false,
  })
}
