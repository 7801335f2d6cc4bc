import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify'
import type { Bindings, ChildLoggerOptions } from 'pino'

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

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'
const RANK: Record<Level | 'silent', number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
}
const rank = (level: string): number => RANK[level as Level] ?? 0

/**
 * A request's logger that makes no pino child until it must. A child per request (bindings
 * stringified, and the level set again on probes) was a twentieth of /healthz's CPU; most
 * requests write one line, which the parent writes just as well with the request id merged in.
 */
class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly opts: ChildLoggerOptions,
  ) {}

  // Methods, not arrow properties: a request should not allocate seven closures for its logger.
  fatal(...args: unknown[]): void {
    this.write('fatal', args)
  }
  error(...args: unknown[]): void {
    this.write('error', args)
  }
  warn(...args: unknown[]): void {
    this.write('warn', args)
  }
  info(...args: unknown[]): void {
    this.write('info', args)
  }
  debug(...args: unknown[]): void {
    this.write('debug', args)
  }
  trace(...args: unknown[]): void {
    this.write('trace', args)
  }
  silent(): void {}

  get level(): string {
    return this.#child?.level ?? this.opts.level ?? this.parent.level
  }

  set level(level: string) {
    this.real().level = level
  }

  child(bindings: Bindings, opts?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real().child(bindings, opts)
  }

  private real(): FastifyBaseLogger {
    this.#child ??= this.parent.child(this.bindings, this.opts)
    return this.#child
  }

  private write(level: Level, args: unknown[]): void {
    if (RANK[level] < rank(this.level)) return
    // Only the parent's own level and serializers apply when it writes the line itself.
    if (this.#child || this.opts.serializers || RANK[level] < rank(this.parent.level)) {
      const child = this.real()
      ;(child[level] as (...a: unknown[]) => void).apply(child, args)
      return
    }
    const { parent, bindings } = this
    const log = parent[level] as (...a: unknown[]) => void
    const [first, ...rest] = args
    if (first instanceof Error) log.call(parent, { ...bindings, err: first }, ...(rest.length ? rest : [first.message]))
    else if (typeof first === 'object' && first !== null) log.call(parent, { ...bindings, ...first }, ...rest)
    else log.call(parent, bindings, ...args)
  }
}

export const lazyChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (parent, bindings, opts) =>
  new RequestLogger(parent, bindings, opts)
