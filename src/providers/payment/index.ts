import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../../config.ts'
import type { Db } from '../../db/dialect.ts'
import { PingppProvider } from './pingpp.ts'
import type { PaymentProvider } from './provider.ts'
import { SandboxProvider, type Deliver } from './sandbox.ts'

export { SandboxProvider, type Deliver, type Delivery } from './sandbox.ts'
export { signRsaSha256, verifyRsaSha256 } from './signing.ts'
export { PaymentPurposes, type ConfirmedPayment, type PurposeHandler } from './purposes.ts'

export { PAY_CHANNELS, PaymentError, paymentFailed } from './provider.ts'
export type {
  Charge,
  ChargeRequest,
  PayChannel,
  PaymentMetadata,
  PaymentProvider,
  PaymentPurpose,
  Refund,
  RefundRequest,
} from './provider.ts'

/** The provider PAYMENT_PROVIDER names; `deliver` is how the sandbox reaches this app's webhook. */
export function createPaymentProvider(
  config: Config,
  db: Db,
  log: FastifyBaseLogger,
  deliver: Deliver,
): PaymentProvider {
  if (config.paymentProvider === 'pingpp') return PingppProvider.fromSettings(config.pingpp, log)
  return new SandboxProvider({ db, dataDir: config.dataDir, publicBaseUrl: config.publicBaseUrl, deliver })
}
