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

/** Every answer names its request: the id Fastify gave it (a kept X-Request-Id, or the instance's own). */
function identify(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  reply.header('x-request-id', req.id)
  done()
}

/**
 * Hands a visitor without one the readable _xsrf cookie of tornado's double submit, to copy into
 * POSTs: a hook of each route a page can follow with a POST (conventions.ts gives it to every
 * route but the probes, which set `xsrfCookie: false`) and of the 404 answer. Decided per route
 * when the route is added: reading `req.routeOptions` builds an object on every request.
 */
export function xsrfCookie(config: Config) {
  const cookieOptions = {
    path: '/',
    sameSite: 'lax' as const,
    secure: config.cookieSecure,
    domain: config.cookieDomain,
  }
  const handOut = (req: FastifyRequest, reply: FastifyReply) => {
    if (req.cookies[XSRF_COOKIE]) return
    // randomUUID draws its randomness in batches; randomBytes per request was 7 % of /healthz's CPU.
    const token = randomUUID().replaceAll('-', '')
    req.cookies[XSRF_COOKIE] = token
    reply.setCookie(XSRF_COOKIE, token, cookieOptions)
  }
  return {
    handOut,
    hook: (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      handOut(req, reply)
      done()
    },
  }
}

/**
 * On POST routes: the query merged into the body, the body an object, tornado's XSRF double submit
 * (`xsrfChecked` false for a route that sets `xsrf: false`, the payment webhook).
 */
export function postBody(config: Config, xsrfChecked: boolean) {
  return (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (req.method !== 'POST') return done()
    const body = req.body ?? {}
    // A file's bytes (an identity image) stay bytes: there are no fields to merge; _xsrf comes in a header.
    const bytes = Buffer.isBuffer(body)
    if (!bytes && (typeof body !== 'object' || Array.isArray(body)))
      return done(new HttpError(400, 101, '请求体必须是对象'))
    if (!bytes) req.body = { ...(req.query as object), ...body }
    if (config.xsrf && xsrfChecked) {
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
 * Bodies: forms parsed like query strings; the request id on every answer. The body's checks
 * (postBody, storable) and the _xsrf cookie are hooks of the routes they concern, set in conventions.ts.
 */
async function bodies(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseNested(body as string))
  })
  app.addHook('onRequest', identify)
}

export default fp(bodies, { name: 'sfm-bodies' })
