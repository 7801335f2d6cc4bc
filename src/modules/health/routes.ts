import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { exact } from '../../http/answer-schemas.ts'
import { envelopeFor, ErrorEnvelope, NoData, responsesOf } from '../../http/route.ts'
import { pingDatabase } from './repo.ts'

type Check = 'ok' | 'unreachable'

async function check(probe: () => Promise<unknown>): Promise<{ state: Check; err?: unknown }> {
  try {
    await probe()
    return { state: 'ok' }
  } catch (err) {
    return { state: 'unreachable', err }
  }
}

/** What `GET /` points to: a person who opens the server's address finds the console and the docs. */
const ENTRY_POINTS = {
  name: 'sfm',
  console: '/admin',
  docs: '/docs',
  openapi: '/docs/json',
  api: '/api/<module>/<action>',
  health: '/healthz',
  ready: '/readyz',
}
const EntryPoints = exact(Object.fromEntries(Object.keys(ENTRY_POINTS).map((k) => [k, Type.String()])))

const HOME_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>首付买 sfm</title><link rel="icon" href="data:,"></head>
<body style="font:16px/1.6 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em">
<h1>首付买 sfm</h1>
<p>这是首付买的订单系统 (the order-management API of the shop).</p>
<ul>
<li><a href="/admin">/admin</a> 管理后台 (the back-office console)</li>
<li><a href="/docs">/docs</a> API 文档 (every endpoint, from the schemas that check them)</li>
<li><a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a> 健康检查</li>
</ul>
</body></html>
`

const Readiness = exact({
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  redis: Type.Union([Type.Literal('ok'), Type.Literal('unused')], {
    description: 'unused without REDIS_URL: limits are counted in memory',
  }),
})

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  // A browser gets a page of links; an API client the envelope with the same links.
  const home = {
    200: Type.Union([responsesOf(EntryPoints)[200], Type.String({ description: 'the page of links, as text/html' })]),
    '4xx': ErrorEnvelope,
    '5xx': ErrorEnvelope,
  }
  app.get(
    '/',
    { schema: { summary: 'Where the console, the docs and the API are', tags: ['ops'], response: home } },
    async (req, reply) => {
      if (req.headers.accept?.includes('text/html')) {
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
          .send(HOME_PAGE)
      }
      return envelopeFor(reply, ok(ENTRY_POINTS))
    },
  )

  // Probes: no page follows them with a POST, so they hand out no _xsrf cookie, and no browser
  // reads them across origins. A line per probe was a third of /healthz's CPU: only trouble is logged.
  const probe = { xsrfCookie: false, cors: false }
  app.get(
    '/healthz',
    {
      config: probe,
      logLevel: 'warn',
      schema: { summary: 'The process is alive', tags: ['ops'], response: responsesOf(NoData) },
    },
    async (_req, reply) => envelopeFor(reply, ok()),
  )

  // Load balancers ask every few seconds: say when readiness changes, not at every probe.
  let ready = true
  app.get(
    '/readyz',
    {
      config: probe,
      logLevel: 'warn',
      schema: {
        summary: 'The database (and Redis, when used) answer: {database, redis}; a 503 names the one that does not',
        tags: ['ops'],
        response: responsesOf(Readiness),
      },
    },
    async (req, reply) => {
      const { db, limiter, config } = app.deps
      const [database, redis] = await Promise.all([check(() => pingDatabase(db)), check(() => limiter.ping())])
      if (database.state === 'ok' && redis.state === 'ok') {
        if (!ready) app.log.info('ready again: the database and Redis answer')
        ready = true
        // Without REDIS_URL the limits are counted in memory, which always answers.
        return envelopeFor(
          reply,
          ok({ database: 'ok' as const, redis: config.redisUrl ? ('ok' as const) : ('unused' as const) }),
        )
      }
      const failed = [database.state === 'unreachable' && '数据库', redis.state === 'unreachable' && 'Redis']
        .filter(Boolean)
        .join('和')
      if (ready)
        req.log.warn(
          { database: database.state, redis: redis.state, err: database.err ?? redis.err },
          'not ready: a backing service is not reachable',
        )
      ready = false
      return envelopeFor(reply, fail(Codes.SERVICE_UNAVAILABLE, `${Codes.SERVICE_UNAVAILABLE.msg}:${failed}无法连接`))
    },
  )
}
