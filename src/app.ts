import { randomUUID } from 'node:crypto'
import cookie from '@fastify/cookie'
import cors from '@fastify/cors'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import { openDatabase } from './db/dialect.ts'
import { migrateToLatest } from './db/migrate.ts'
import type { Deps } from './deps.ts'
import conventions from './http/conventions.ts'
import { parseNested } from './http/params.ts'
import addressRoutes from './modules/address/routes.ts'
import cartRoutes from './modules/cart/routes.ts'
import catalogRoutes from './modules/catalog/routes.ts'
import healthRoutes from './modules/health/routes.ts'
import { SessionStore } from './modules/user/sessions.ts'
import userRoutes from './modules/user/routes.ts'
import { VerifyCodes } from './modules/user/verify-codes.ts'
import { MemoryRateLimitStore, type RateLimitStore } from './ratelimit/index.ts'
import { createSmsProvider, type SmsProvider } from './sms/index.ts'

export interface AppOptions {
  config: Config
  logger?: FastifyServerOptions['logger']
  /** Replacements for tests: an SMS provider that records, a shared rate-limit store. */
  sms?: SmsProvider
  limiter?: RateLimitStore
}

export const BODY_LIMIT = 64 * 1024

/** Builds the whole app, exactly as production runs it; tests build it too. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { querystringParser: parseNested },
    // 'all' strips every field a schema does not name (such as _xsrf), so handlers see only what they declared.
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: 'all', useDefaults: true, allErrors: false } },
  })

  const { db, dialect, close } = openDatabase(config.databaseUrl, (err) => app.log.warn({ err }, 'idle database connection lost'))
  try {
    await migrateToLatest(db)
  } catch (err) {
    await close()
    throw err
  }

  const deps: Deps = {
    config,
    db,
    dialect,
    sms: opts.sms ?? createSmsProvider(config.smsProvider),
    limiter: opts.limiter ?? new MemoryRateLimitStore(),
    sessions: new SessionStore(db, config.secret),
    codes: new VerifyCodes(db, config.secret),
    log: app.log,
  }
  app.decorate('deps', deps)
  app.addHook('onClose', async () => {
    await deps.limiter.close()
    await close()
  })
  app.decorateRequest('user', null)

  await app.register(cookie)
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && config.corsOrigins.includes(origin)),
    credentials: true,
    allowedHeaders: ['Content-Type', 'X-XSRFToken', 'X-CSRFToken', 'X-Request-Id', 'Idempotency-Key'],
  })
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'sfm API',
        version: '1',
        description:
          'Every answer is the envelope {status_code, code, msg, data}. Success and business outcomes are HTTP 200 ' +
          '(the original server never sent the 202 its document listed); code 0 is success. POSTs need the _xsrf cookie ' +
          'value in the _xsrf field or an X-XSRFToken header. Bodies may be JSON or jQuery-style forms.',
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(conventions)

  await app.register(healthRoutes)
  await app.register(userRoutes)
  await app.register(catalogRoutes)
  await app.register(addressRoutes)
  await app.register(cartRoutes)
  return app
}
