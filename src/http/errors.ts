import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isDatabaseUnavailable } from '../db/errors.ts'
import { BAD_URL_MSG } from './codes.ts'
import { httpEnvelope, HttpError } from './envelope.ts'
import { validationError } from './params.ts'
import { xsrfCookie } from './body.ts'

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

/** The envelope on every error: thrown HttpErrors, schema failures, Fastify's own, 404 and 405, and bugs (500). */
async function errors(app: FastifyInstance): Promise<void> {
  const { routeTable } = app
  const cookie = xsrfCookie(app.deps.config)
  app.setNotFoundHandler(async (req, reply) => {
    cookie.handOut(req, reply)
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

export default fp(errors, { name: 'sfm-errors', dependencies: ['sfm-route-table'] })
