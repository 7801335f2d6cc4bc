import type { FastifyInstance } from 'fastify'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { envelopeFor, NoData, responsesOf } from '../../http/route.ts'
import { pingDatabase } from './repo.ts'

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  const response = responsesOf(NoData)
  app.get('/healthz', { schema: { summary: 'The process is alive', tags: ['ops'], response } }, async (_req, reply) =>
    envelopeFor(reply, ok()),
  )

  // Load balancers ask every few seconds: say when readiness changes, not at every probe.
  let ready = true
  app.get(
    '/readyz',
    { schema: { summary: 'The database (and Redis, when used) answer', tags: ['ops'], response } },
    async (req, reply) => {
      try {
        await pingDatabase(app.deps.db)
        await app.deps.limiter.ping()
        if (!ready) req.log.info('ready again: the database and Redis answer')
        ready = true
        return envelopeFor(reply, ok())
      } catch (err) {
        if (ready) req.log.warn({ err }, 'not ready: a backing service is not reachable')
        ready = false
        return envelopeFor(reply, fail(Codes.SERVICE_UNAVAILABLE))
      }
    },
  )
}
