import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config.ts'
import { HttpError } from './envelope.ts'
import { invalidParamError, parseNested } from './params.ts'

export const XSRF_COOKIE = '_xsrf'

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Half a UTF-16 pair: not text at all (it cannot be encoded, in a cookie or anywhere). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * The path of the first value no database column could hold, if any: a number that is not a
 * safe integer's size (Ajv turns "Infinity" and "1e400" into Infinity and then skips
 * minimum/maximum; 1e20 overflows bigint), or text with a NUL (PostgreSQL refuses it) or a
 * lone surrogate.
 */
function unstorablePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? undefined : path
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path : undefined
  if (value === null || typeof value !== 'object') return undefined
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const found = unstorablePath((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Every answer names its request (x-request-id) and hands a visitor without one the readable
 * _xsrf cookie of tornado's double submit, to copy into POSTs. One synchronous hook for both:
 * the request id costs no hook of its own. Probes (/healthz, /readyz, /metrics) that no page
 * follows with a POST set `xsrfCookie: false` and skip the cookie (a token and a Set-Cookie were
 * a sixth of /healthz's CPU).
 */
function identify(config: Config) {
  const cookieOptions = {
    path: '/',
    sameSite: 'lax' as const,
    secure: config.cookieSecure,
    domain: config.cookieDomain,
  }
  return (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    reply.header('x-request-id', req.id)
    if (req.routeOptions.config.xsrfCookie !== false && !req.cookies[XSRF_COOKIE]) {
      // randomUUID draws its randomness in batches; randomBytes per request was 7 % of /healthz's CPU.
      const token = randomUUID().replaceAll('-', '')
      req.cookies[XSRF_COOKIE] = token
      reply.setCookie(XSRF_COOKIE, token, cookieOptions)
    }
    done()
  }
}

/** On POST routes: the query merged into the body, the body an object, tornado's XSRF double submit. */
export function postBody(config: Config) {
  return (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (req.method !== 'POST') return done()
    const body = req.body ?? {}
    // A file's bytes (an identity image) stay bytes: there are no fields to merge; _xsrf comes in a header.
    const bytes = Buffer.isBuffer(body)
    if (!bytes && (typeof body !== 'object' || Array.isArray(body)))
      return done(new HttpError(400, 101, '请求体必须是对象'))
    if (!bytes) req.body = { ...(req.query as object), ...body }
    if (config.xsrf && req.routeOptions.config.xsrf !== false) {
      const expected = req.cookies[XSRF_COOKIE] ?? ''
      const supplied =
        (bytes ? undefined : (body as Record<string, unknown>)._xsrf) ??
        req.headers['x-xsrftoken'] ??
        req.headers['x-csrftoken']
      const given = typeof supplied === 'string' ? supplied : ''
      if (!expected || !given || !sameToken(expected, given)) return done(new HttpError(403, 403, 'XSRF校验失败'))
    }
    done()
  }
}

/** After validation: only values a column can hold (see unstorablePath). */
export function storable(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const bad = unstorablePath(req.method === 'POST' && !Buffer.isBuffer(req.body) ? req.body : req.query, '')
  done(bad === undefined ? undefined : invalidParamError(bad))
}

/**
 * Bodies: forms parsed like query strings; the request id and the _xsrf cookie on every answer. The
 * body's checks (postBody, storable) are hooks of the routes they concern, set in conventions.ts.
 */
async function bodies(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseNested(body as string))
  })
  app.addHook('onRequest', identify(app.deps.config))
}

export default fp(bodies, { name: 'sfm-bodies' })
