import { createServer, type Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { PoolStats } from '../db/dialect.ts'
import { textResponses } from '../http/answer-schemas.ts'
import { shopMetrics } from './index.ts'

export interface MetricsOptions {
  /** PostgreSQL's pool, for its gauges; SQLite has none */
  poolStats?: () => PoolStats
}

declare module 'fastify' {
  interface FastifyInstance {
    /** the METRICS_PORT listener, when there is one */
    metricsServer: Server | null
  }
}

/**
 * Prometheus metrics: process, HTTP requests by route pattern (never the raw URL, so ids
 * cannot blow up the label set), the database pool, and what the shop did (index.ts).
 * Off by default, so the public API never shows them: METRICS=on serves /metrics on the
 * API's port, METRICS_PORT on a port of its own for the monitoring network.
 */
async function metrics(app: FastifyInstance, opts: MetricsOptions): Promise<void> {
  const { config } = app.deps
  app.decorate('metricsServer', null)
  if (!config.metrics && config.metricsPort === undefined) return

  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'sfm_' })
  const labelNames = ['method', 'route', 'status'] as const
  const requests = new Counter({
    name: 'sfm_http_requests_total',
    help: 'HTTP requests answered',
    labelNames,
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'sfm_http_request_duration_seconds',
    help: 'Time to answer HTTP requests',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const { poolStats } = opts
  if (poolStats) {
    new Gauge({
      name: 'sfm_db_pool_connections',
      help: "This instance's PostgreSQL connections, by state (busy, idle), and the most it keeps (max)",
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const s = poolStats()
        this.set({ state: 'busy' }, s.open - s.idle)
        this.set({ state: 'idle' }, s.idle)
        this.set({ state: 'max' }, s.max)
      },
    })
    new Gauge({
      name: 'sfm_db_pool_waiting',
      help: 'Queries waiting for a PostgreSQL connection of this instance',
      registers: [registry],
      collect() {
        this.set(poolStats().waiting)
      },
    })
  }

  // The labelled children, kept: looking them up by a labels object on every request was a cost of its own.
  const children = new Map<
    string,
    { requests: ReturnType<typeof requests.labels>; duration: ReturnType<typeof duration.labels> }
  >()
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched'
    const status = String(reply.statusCode)
    const key = `${req.method} ${route} ${status}`
    let child = children.get(key)
    if (!child) {
      child = {
        requests: requests.labels(req.method, route, status),
        duration: duration.labels(req.method, route, status),
      }
      children.set(key, child)
    }
    child.requests.inc()
    child.duration.observe(reply.elapsedTime / 1000)
    done()
  })

  const exposition = () => Registry.merge([registry, shopMetrics]).metrics()

  if (config.metrics) {
    app.get(
      '/metrics',
      {
        config: { xsrfCookie: false, cors: false },
        logLevel: 'warn',
        schema: {
          summary: 'Prometheus metrics (METRICS=on)',
          tags: ['ops'],
          response: textResponses('text/plain (Prometheus exposition format 0.0.4)', 'every metric'),
        },
      },
      async (_req, reply) => {
        reply.type(registry.contentType)
        return exposition()
      },
    )
  }

  if (config.metricsPort !== undefined) {
    const port = config.metricsPort
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
        return
      }
      exposition().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err) => {
          app.log.error({ err }, 'metrics exposition failed')
          res.writeHead(500, { 'content-type': 'text/plain' }).end('error\n')
        },
      )
    })
    app.metricsServer = server
    app.addHook(
      'onReady',
      () =>
        new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, config.host, () => resolve())),
    )
    app.addHook(
      'onClose',
      () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
    )
  }
}

export default fp(metrics, { name: 'sfm-metrics' })
