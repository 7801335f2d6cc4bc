import type { FastifyInstance, FastifySchema } from 'fastify'
import fp from 'fastify-plugin'
import type { Access } from './auth.ts'

export interface RouteInfo {
  method: string
  url: string
  access: Access
  /** what the route validates (compiled on its first request: src/http/validators.ts) */
  schema: FastifySchema | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every route the router holds, by path: what 405 answers and tests walk */
    routeTable: Map<string, RouteInfo[]>
  }
}

/** Keeps every route the router holds, for the 405 answer and the tests' walks over all routes. */
async function routeTablePlugin(app: FastifyInstance): Promise<void> {
  const routeTable = new Map<string, RouteInfo[]>()
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (route) => {
    const list = routeTable.get(route.url) ?? []
    for (const method of [route.method].flat())
      list.push({ method, url: route.url, access: route.config?.access ?? 'public', schema: route.schema })
    routeTable.set(route.url, list)
  })
}

export default fp(routeTablePlugin, { name: 'sfm-route-table' })
