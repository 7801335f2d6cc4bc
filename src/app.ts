import { randomUUID } from 'node:crypto'
import cors from '@fastify/cors'
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify'
import adminConsoleRoutes from './admin-ui/routes.ts'
import { type Config, ConfigError } from './config.ts'
import { openDatabase } from './db/dialect.ts'
import { databaseStartProblem } from './db/errors.ts'
import { migrateToLatest } from './db/migrate.ts'
import type { Deps } from './deps.ts'
import conventions from './http/conventions.ts'
import cookieJar from './http/cookie-jar.ts'
import { clientErrorHandler, frameworkErrors } from './http/errors.ts'
import { AJV_OPTIONS, lazyValidators } from './http/validators.ts'
import openApi from './http/openapi.ts'
import metrics from './metrics/plugin.ts'
import { lazyChildLogger, loggedRequest, OneLinePerRequest } from './http/request-log.ts'
import { parseNested } from './http/params.ts'
import { AdminSessionStore, adminRoutes, ensureFirstAdmin } from './modules/admin/index.ts'
import { afterSaleAdminRoutes, afterSaleRoutes, withAfterSales } from './modules/after_sale/index.ts'
import { addressRoutes } from './modules/address/index.ts'
import { cartRoutes } from './modules/cart/index.ts'
import { catalogAdminRoutes, catalogRoutes, seedEmptyCatalog } from './modules/catalog/index.ts'
import { couponRoutes } from './modules/coupon/index.ts'
import { billRepayment, creditCardAdminRoutes, creditCardRoutes, repayment } from './modules/credit_card/index.ts'
import { healthRoutes } from './modules/health/index.ts'
import { SYSTEM } from './modules/oplog/index.ts'
import { orderAdminRoutes, orderPayment, orderRoutes } from './modules/order/index.ts'
import { statsRoutes } from './modules/stats/index.ts'
import { deliverThroughWebhook, paymentAdminRoutes, webhookRoutes } from './modules/payment/index.ts'
import { smsAdminRoutes } from './modules/sms/index.ts'
import { idImageRoutes, SessionStore, userAdminRoutes, userRoutes } from './modules/user/index.ts'
import { createPaymentProvider, PaymentPurposes, type PaymentProvider } from './providers/payment/index.ts'
import paymentRoutes from './providers/payment/routes.ts'
import { createRateLimitStore, type RateLimitStore } from './ratelimit/index.ts'
import { createSmsProvider, type SmsProvider } from './providers/sms/index.ts'
import { Worker } from './worker/index.ts'

export interface AppOptions {
  config: Config
  logger?: FastifyServerOptions['logger']
  /** Replacements for tests: an SMS provider that records, a rate-limit store, a payment provider. */
  sms?: SmsProvider
  limiter?: RateLimitStore
  payments?: PaymentProvider
  /**
   * Seeds an empty catalog with the demo SKUs; by default only development's embedded database (config.demoCatalog).
   */
  demoCatalog?: boolean
  /** Runs the background worker in this process every WORKER_INTERVAL_MS (the server does; tests drive it by hand). */
  worker?: boolean
  /** Sees every answer as it is sent: tests check each against its route's response schema. */
  onAnswer?: (req: FastifyRequest, reply: FastifyReply, payload: unknown) => void
}

export const BODY_LIMIT = 64 * 1024
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/** An unreachable database at start is a setting to fix, said in one line, not a stack trace. */
function withStartProblem<T>(config: Config, open: () => T): T {
  try {
    return open()
  } catch (err) {
    const problem = databaseStartProblem(err, config.databaseUrl)
    throw problem ? new ConfigError([`DATABASE_URL: ${problem}`]) : err
  }
}

/** Builds the whole app, exactly as production runs it; tests build it too. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts
  // A request id is this instance's random tag and a count: unique across instances, with no
  // randomness per request (a UUID each was 2 % of /healthz's CPU).
  const instance = randomUUID().slice(0, 8)
  let requests = 0
  const app = Fastify({
    // Request lines keep no personal query values (mobiles, names, codes): see maskedUrl.
    logger: opts.logger ? { ...(opts.logger === true ? {} : opts.logger), serializers: { req: loggedRequest } } : false,
    logController: new OneLinePerRequest(),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: BODY_LIMIT,
    // A slow client cannot hold a connection: the request, its headers and an idle keep-alive each have a deadline.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // Node checks those deadlines only this often (30 s by default, which would nearly double them).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4))),
    },
    trustProxy: config.trustProxy,
    // An incoming X-Request-Id is kept only when it is a plain short token: it is echoed and logged.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : `${instance}-${(++requests).toString(36)}`
    },
    routerOptions: { querystringParser: parseNested },
    frameworkErrors,
    clientErrorHandler,
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    ajv: { customOptions: AJV_OPTIONS },
  })

  const { db, dialect, close, poolStats } = withStartProblem(config, () =>
    openDatabase(
      config.databaseUrl,
      (err) => app.log.warn({ err }, 'idle database connection lost'),
      (err, attempt) => app.log.warn({ err, attempt }, 'transaction retried'),
      config.databasePoolSize,
    ),
  )
  try {
    await migrateToLatest(db)
    if ((opts.demoCatalog ?? config.demoCatalog) && (await seedEmptyCatalog(db))) {
      app.log.info('the catalog was empty: added the demo SKUs (development, embedded database)')
    }
    if (config.firstAdmin && (await ensureFirstAdmin(db, SYSTEM, config.firstAdmin.name, config.firstAdmin.password))) {
      app.log.info({ name: config.firstAdmin.name }, 'created the first admin from SFM_ADMIN_NAME')
    }
  } catch (err) {
    await close()
    withStartProblem(config, () => {
      throw err
    })
  }

  let payments: PaymentProvider
  let sms: SmsProvider
  try {
    payments = opts.payments ?? createPaymentProvider(config, db, app.log, deliverThroughWebhook(app))
    sms = opts.sms ?? createSmsProvider(config, app.log)
  } catch (err) {
    await close()
    throw err
  }

  if (sms.name === 'console' && config.env === 'production') {
    app.log.warn('SMS_PROVIDER is console: codes and reminders are only printed, nobody receives them')
  }
  if (payments.name === 'sandbox') {
    app.log.warn(
      'PAYMENT_PROVIDER is sandbox: anyone can mark any order paid from its pay page. Use pingpp for real money.',
    )
  }

  const deps: Deps = {
    config,
    db,
    dialect,
    payments,
    // What each purpose of a payment does, in one place, before any event can arrive.
    paymentPurposes: new PaymentPurposes()
      .register('order_pay', withAfterSales(orderPayment(config.credit)))
      .register('card_pay', repayment(config.credit))
      .register('bill_pay', billRepayment(config.credit)),
    sms,
    limiter: opts.limiter ?? createRateLimitStore({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix }, app.log),
    log: app.log,
    sessions: { customer: new SessionStore(db, config.secret), admin: new AdminSessionStore(db, config.secret) },
  }
  app.decorate('deps', deps)
  const worker = opts.worker && config.workerIntervalMs > 0 ? new Worker(deps) : null
  if (worker) app.addHook('onReady', async () => worker.start(config.workerIntervalMs))
  // Once shutdown begins the worker starts no new run; the one under way finishes while requests drain.
  let workerStopped: Promise<void> | undefined
  app.addHook('preClose', async () => {
    workerStopped = worker?.stop()
  })
  app.addHook('onClose', async () => {
    await (workerStopped ?? worker?.stop())
    await deps.limiter.close()
    await close()
  })

  const { onAnswer } = opts
  if (onAnswer) {
    app.addHook('onSend', async (req, reply, payload) => {
      onAnswer(req, reply, payload)
      return payload
    })
  }
  await app.register(cookieJar)
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && config.corsOrigins.includes(origin)),
    credentials: true,
    allowedHeaders: ['Content-Type', 'X-XSRFToken', 'X-CSRFToken', 'X-Request-Id', 'Idempotency-Key'],
  })
  await app.register(conventions)
  // After the conventions, so /docs gets their hooks (the _xsrf cookie its "try it out" POSTs need).
  await app.register(openApi)
  await app.register(metrics, { poolStats })

  await app.register(healthRoutes)
  await app.register(userRoutes)
  await app.register(idImageRoutes)
  await app.register(userAdminRoutes)
  await app.register(adminRoutes)
  await app.register(webhookRoutes)
  await app.register(paymentRoutes)
  await app.register(paymentAdminRoutes)
  await app.register(catalogRoutes)
  await app.register(catalogAdminRoutes)
  await app.register(addressRoutes)
  await app.register(cartRoutes)
  await app.register(orderRoutes)
  await app.register(orderAdminRoutes)
  await app.register(afterSaleRoutes)
  await app.register(afterSaleAdminRoutes)
  await app.register(creditCardRoutes)
  await app.register(creditCardAdminRoutes)
  await app.register(couponRoutes)
  await app.register(smsAdminRoutes)
  await app.register(statsRoutes)
  await app.register(adminConsoleRoutes)
  return app
}
