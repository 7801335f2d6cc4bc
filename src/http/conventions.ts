import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import access from './auth.ts'
import bodies from './body.ts'
import errors from './errors.ts'
import routeTable from './route-table.ts'

/** The API's HTTP conventions, each a plugin of its own: the route table, bodies and XSRF, access, errors. */
async function conventions(app: FastifyInstance): Promise<void> {
  await app.register(routeTable)
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  await app.register(bodies)
  await app.register(access)
  await app.register(errors)
}

export default fp(conventions, { name: 'sfm-conventions' })
