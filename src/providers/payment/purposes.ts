import type { Transaction } from 'kysely'
import type { Database, Payment } from '../../db/types.ts'
import type { PaymentPurpose } from './provider.ts'

type Trx = Transaction<Database>

/** Money that arrived for a charge this shop made, recorded once. */
export interface ConfirmedPayment {
  paymentId: number
  orderId: string
  amountFen: number
  chargeId: string
  channel: string
  paidAt: number
}

/**
 * What a purpose does with its money: the order module takes an order's first payment, the
 * credit-card module a repayment; the payments module (src/modules/payment) calls them. Both run
 * inside the transaction that records the event and must use `trx` only.
 */
export interface PurposeHandler {
  /** Applies the money and answers null, or answers why it cannot be taken: it is then kept, marked for refund. */
  paid(trx: Trx, payment: ConfirmedPayment): Promise<string | null>
  /** The money that paid this purpose came back: undo what it paid for. False when that is no longer possible. */
  refunded?(trx: Trx, payment: Payment): Promise<boolean>
}

/** Filled once, when the app is built (app.ts), before any event can arrive. */
export class PaymentPurposes {
  private readonly handlers = new Map<PaymentPurpose, PurposeHandler>()

  register(purpose: PaymentPurpose, handler: PurposeHandler): this {
    if (this.handlers.has(purpose)) throw new Error(`a handler for ${purpose} payments is already registered`)
    this.handlers.set(purpose, handler)
    return this
  }

  get(purpose: string): PurposeHandler | undefined {
    return this.handlers.get(purpose as PaymentPurpose)
  }
}
