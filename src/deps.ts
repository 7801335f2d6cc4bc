import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.ts'
import type { Db, DialectName } from './db/dialect.ts'
import type { AdminSessionStore } from './modules/admin/sessions.ts'
import type { SessionStore } from './modules/user/sessions.ts'
import type { VerifyCodes } from './modules/user/verify-codes.ts'
import type { PaymentEventRegistry, PaymentProvider } from './payment/index.ts'
import type { RateLimitStore } from './ratelimit/index.ts'
import type { SmsProvider } from './sms/index.ts'

/** What the services share; built once in app.ts. */
export interface Deps {
  config: Config
  db: Db
  dialect: DialectName
  sms: SmsProvider
  limiter: RateLimitStore
  sessions: SessionStore
  adminSessions: AdminSessionStore
  codes: VerifyCodes
  /** takes payments (sandbox or Ping++); never call it inside a transaction */
  payments: PaymentProvider
  /** who acts on verified webhook events: `paymentEvents.on('charge.succeeded', 'order_pay', handler)` */
  paymentEvents: PaymentEventRegistry
  log: FastifyBaseLogger
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
  }
}
