import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
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
  for (const [key, inner] of Object.entries(value)) {
    const found = unstorablePath(inner, path ? `${path}.${key}` : key)
    if (found !== undefined) return found
  }
  return undefined
}

/** Bodies: forms parsed like query strings, the query merged in, tornado's XSRF double submit, storable values only. */
async function bodies(app: FastifyInstance): Promise<void> {
  const { config } = app.deps
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseNested(body as string))
  })

  // tornado's double submit: every visitor gets a readable _xsrf cookie to copy into POSTs.
  app.addHook('onRequest', async (req, reply) => {
    if (req.cookies[XSRF_COOKIE]) return
    // randomUUID draws its randomness in batches; randomBytes per request was 7 % of /healthz's CPU.
    const token = randomUUID().replaceAll('-', '')
    req.cookies[XSRF_COOKIE] = token
    reply.setCookie(XSRF_COOKIE, token, {
      path: '/',
      sameSite: 'lax',
      secure: config.cookieSecure,
      domain: config.cookieDomain,
    })
  })

  app.addHook('preValidation', async (req: FastifyRequest) => {
    // An unknown route answers 404 whatever it carries.
    if (req.method !== 'POST' || req.is404) return
    const body = req.body ?? {}
    if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 101, '请求体必须是对象')
    req.body = { ...(req.query as object), ...body }
    if (config.xsrf && req.routeOptions.config.xsrf !== false) {
      const expected = req.cookies[XSRF_COOKIE] ?? ''
      const supplied =
        (body as Record<string, unknown>)._xsrf ?? req.headers['x-xsrftoken'] ?? req.headers['x-csrftoken']
      const given = typeof supplied === 'string' ? supplied : ''
      if (!expected || !given || !sameToken(expected, given)) throw new HttpError(403, 403, 'XSRF校验失败')
    }
  })

  app.addHook('preHandler', async (req: FastifyRequest) => {
    const bad = unstorablePath(req.method === 'POST' ? req.body : req.query, '')
    if (bad !== undefined) throw invalidParamError(bad)
  })
}

export default fp(bodies, { name: 'sfm-bodies' })
