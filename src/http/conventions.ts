import { randomUUID, timingSafeEqual } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isDatabaseUnavailable } from '../db/dialect.ts'
import { BAD_URL_MSG } from './codes.ts'
import { httpEnvelope, HttpError } from './envelope.ts'
import { invalidParamError, parseNested, validationError } from './params.ts'
import { checkAccess, type Access } from './auth.ts'

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

/**
 * Requests Fastify cannot route (a path or query that does not decode, such as `/%ff`) get the
 * envelope like any other 400. A Fastify option: these answers come before any plugin's handler.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  req.log.info({ code: err.code }, 'bad url')
  void reply.code(400).send(httpEnvelope(400, 400, BAD_URL_MSG))
}

/**
 * What Node's HTTP parser refuses before there is a request at all (headers over 16 KiB, a URL
 * of 100 KB, a garbled request line, a client too slow for the timeouts) is answered on the
 * socket in the envelope too, then the connection is closed, as Node itself would.
 */
export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
  this.log.debug({ err }, 'client error')
  if (socket.writable) {
    const body = JSON.stringify(httpEnvelope(status))
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(err)
}

export interface RouteInfo {
  method: string
  url: string
  access: Access
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every route the router holds, by path: what 405 answers and tests walk */
    routeTable: Map<string, RouteInfo[]>
  }
}

/** The API's HTTP conventions: bodies, merging, XSRF, and the envelope on every error. */
async function conventions(app: FastifyInstance): Promise<void> {
  const { config } = app.deps
  const routeTable = new Map<string, RouteInfo[]>()
  app.decorate('routeTable', routeTable)
  app.decorateRequest('user', null)
  app.decorateRequest('admin', null)
  app.addHook('onRoute', (route) => {
    const list = routeTable.get(route.url) ?? []
    for (const method of [route.method].flat())
      list.push({ method, url: route.url, access: route.config?.access ?? 'public' })
    routeTable.set(route.url, list)
  })

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseNested(body as string))
  })

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
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

  app.addHook('preValidation', checkAccess)

  app.addHook('preHandler', async (req: FastifyRequest) => {
    const bad = unstorablePath(req.method === 'POST' ? req.body : req.query, '')
    if (bad !== undefined) throw invalidParamError(bad)
  })

  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0] ?? ''
    const methods = routeTable.get(path)?.map((r) => r.method)
    if (methods && !methods.includes(req.method) && req.method !== 'OPTIONS') {
      return reply.code(405).header('allow', methods.join(', ')).send(httpEnvelope(405))
    }
    return reply.code(404).send(httpEnvelope(404))
  })

  app.setErrorHandler(async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const e = err.validation ? validationError(err.validation) : err
    if (e instanceof HttpError) {
      return reply
        .code(e.statusCode)
        .headers(e.headers)
        .send(httpEnvelope(e.statusCode, e.code, e.message))
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      return reply.code(status).send(httpEnvelope(status))
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable')
      return reply.code(503).header('retry-after', '1').send(httpEnvelope(503))
    }
    req.log.error({ err }, 'unhandled error')
    return reply.code(500).send(httpEnvelope(500))
  })
}

export default fp(conventions, { name: 'sfm-conventions' })
