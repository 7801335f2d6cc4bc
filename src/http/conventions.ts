import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import access, { guardOf } from './auth.ts'
import bodies, { postBody, storable, xsrfCookie } from './body.ts'
import errors from './errors.ts'
import routeTable from './route-table.ts'

const listOf = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : ([hooks].flat() as T[]))

/**
 * The API's HTTP conventions, each a plugin of its own: the route table, bodies and XSRF, access, errors.
 * Each route gets only the hooks it needs, decided once when it is added (reading `req.routeOptions`
 * in a hook builds an object on every request): the _xsrf cookie on every route but the probes, the
 * body's checks on POST routes, the access guard on guarded ones, then (after validation) the
 * storable-values check on every route that takes values (a POST, or a GET with a query schema:
 * a GET without one reads no value, as the probes, pages and /docs). The guard is the only
 * asynchronous one; a global hook would run, and await, on every request of every route.
 */
async function conventions(app: FastifyInstance): Promise<void> {
  await app.register(routeTable)
  await app.register(bodies)
  await app.register(access)
  await app.register(errors)
  const { config } = app.deps
  const cookie = xsrfCookie(config)
  app.addHook('onRoute', (route: RouteOptions) => {
    const post = [route.method].flat().includes('POST')
    const level = route.config?.access ?? 'public'
    if (route.config?.xsrfCookie !== false) {
      route.onRequest = [cookie.hook, ...listOf(route.onRequest)] as RouteOptions['onRequest']
    }
    route.preValidation = [
      ...(post ? [postBody(config, route.config?.xsrf !== false)] : []),
      ...(level !== 'public' ? [guardOf(level)] : []),
      ...listOf(route.preValidation),
    ] as RouteOptions['preValidation']
    const takesValues = post || route.schema?.querystring !== undefined
    route.preHandler = [...(takesValues ? [storable] : []), ...listOf(route.preHandler)] as RouteOptions['preHandler']
  })
}

export default fp(conventions, { name: 'sfm-conventions' })
