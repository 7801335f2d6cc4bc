import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client'

/**
 * `/metrics` for Prometheus: process metrics, and requests by route, method and status. The
 * route is the registered pattern, never the raw URL, so ids cannot blow up the label set.
 */
async function metrics(app: FastifyInstance): Promise<void> {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'sfm_' })
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({ name: 'sfm_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] })
  const duration = new Histogram({
    name: 'sfm_http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })

  app.addHook('onResponse', async (req, reply) => {
    const labels = { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }
    requests.inc(labels)
    duration.observe(labels, reply.elapsedTime / 1000)
  })

  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['ops'] } }, async (_req, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
}

export default fp(metrics, { name: 'sfm-metrics' })
