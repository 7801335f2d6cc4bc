import type { FastifyBaseLogger } from 'fastify'
import type { Config } from './config.ts'
import type { Db, DialectName } from './db/dialect.ts'
import type { SessionStores } from './http/auth.ts'
import type { PaymentProvider, PaymentPurposes } from './providers/payment/index.ts'
import type { RateLimitStore } from './ratelimit/index.ts'
import type { SmsProvider } from './providers/sms/index.ts'

/** What the services share; built once in app.ts. */
export interface Deps {
  config: Config
  db: Db
  dialect: DialectName
  sms: SmsProvider
  limiter: RateLimitStore
  /** takes payments (sandbox or Ping++); never call it inside a transaction */
  payments: PaymentProvider
  /** what a confirmed payment (or its refund) does, per purpose: filled in app.ts */
  paymentPurposes: PaymentPurposes
  log: FastifyBaseLogger
  /** customers' and admins' sessions, built once */
  sessions: SessionStores
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
  }
}
