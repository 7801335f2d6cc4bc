import { type FastifyReply, type FastifyRequest, LogController } from 'fastify'

/**
 * One log line per request, when it is answered, holding what Fastify's two lines
 * (incoming, completed) held between them: id, method, URL, client, status and time.
 * Writing those lines was a sixth of /healthz's CPU under load. Error lines are unchanged.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}

/**
 * Query parameters whose values are never personal and help to read a log; every other value
 * (a mobile, a name, an id number, a code, a password sent in a URL) is logged as `***`.
 */
const PLAIN_PARAMS = new Set([
  'page',
  'count',
  'order_type',
  'type',
  'status',
  'state',
  'on_sale',
  'enabled',
  'purpose',
  'channel',
  'sku_id',
  'order_id',
  'charge_id',
  'coupon_id',
  'admin_id',
  'outcome',
])

/** The URL as logged: the path, and the query with what may be personal masked. */
export function maskedUrl(url: string): string {
  const at = url.indexOf('?')
  if (at < 0) return url
  const masked = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      const key = pair.slice(0, eq)
      let name = key
      try {
        name = decodeURIComponent(key)
      } catch {}
      return PLAIN_PARAMS.has(name.replace(/\[\]$/, '')) ? pair : `${key}=***`
    })
  return `${url.slice(0, at)}?${masked.join('&')}`
}

/** Fastify's request serializer, with the URL masked. */
export function loggedRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: maskedUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }
}
