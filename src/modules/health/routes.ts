import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { httpEnvelope } from '../../http/envelope.ts'

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { summary: 'The process is alive', tags: ['ops'] } }, async () => ({
    ...httpEnvelope(200, 0, 'ok'),
  }))

  // Load balancers ask every few seconds: say when readiness changes, not at every probe.
  let ready = true
  app.get(
    '/readyz',
    { schema: { summary: 'The database (and Redis, when used) answer', tags: ['ops'] } },
    async (req, reply) => {
      try {
        await sql`select 1`.execute(app.deps.db)
        await app.deps.limiter.ping()
        if (!ready) req.log.info('ready again: the database and Redis answer')
        ready = true
        return httpEnvelope(200, 0, 'ok')
      } catch (err) {
        if (ready) req.log.warn({ err }, 'not ready: a backing service is not reachable')
        ready = false
        return reply.code(503).send(httpEnvelope(503, 503, '服务暂不可用'))
      }
    },
  )
}
