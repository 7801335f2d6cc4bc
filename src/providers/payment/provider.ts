import { randomBytes } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { Codes } from '../../domain/codes.ts'
import { fail, type Refusal } from '../../domain/result.ts'

export const PAY_CHANNELS = ['alipay_pc_direct', 'wx_pub_qr'] as const
export type PayChannel = (typeof PAY_CHANNELS)[number]

import type { PaymentPurpose } from '../../db/types.ts'

/** What a charge pays for; the webhook routes its events by this (`data.object.metadata.type`). */
export type { PaymentPurpose }

export interface PaymentMetadata {
  type: PaymentPurpose
  [key: string]: string | number
}

export interface ChargeRequest {
  /** the merchant's order number (`order_no`): the order id for order_pay */
  orderNo: string
  amountFen: number
  channel: PayChannel
  /** at most 32 characters are sent (Ping++'s limit) */
  subject: string
  /** at most 128 characters are sent */
  body: string
  clientIp: string
  /** Unix seconds after which the charge can no longer be paid */
  timeExpire: number
  metadata: PaymentMetadata
  /** where alipay_pc_direct sends the browser after paying */
  successUrl?: string
}

/** A Ping++ charge object; the fields sfm reads are typed, the rest passes through to the browser. */
export interface Charge {
  id: string
  object: 'charge'
  order_no: string
  amount: number
  channel: string
  currency: 'cny'
  paid: boolean
  time_paid: number | null
  time_expire: number
  transaction_no: string | null
  metadata: PaymentMetadata
  extra: Record<string, unknown>
  credential: Record<string, unknown>
  [field: string]: unknown
}

export interface RefundRequest {
  chargeId: string
  amountFen: number
  description: string
  /** Routes the refund.succeeded event to its handler, as a charge's metadata does (Ping++ keeps refund metadata). */
  metadata: PaymentMetadata
}

/**
 * A Ping++ refund object. `status` is 'pending' until the channel confirms; the refund.succeeded
 * event is what counts.
 */
export interface Refund {
  id: string
  object: 'refund'
  amount: number
  succeed: boolean
  status: 'pending' | 'succeeded' | 'failed'
  charge: string
  charge_order_no: string
  description: string
  metadata: PaymentMetadata
  [field: string]: unknown
}

/**
 * Takes payments. Never call it inside a database transaction: it talks to the network (Ping++), and the
 * sandbox delivers its webhook event through the app before answering.
 */
export interface PaymentProvider {
  readonly name: 'sandbox' | 'pingpp'
  /** Rejects with PaymentError when no charge was made. */
  createCharge(req: ChargeRequest): Promise<Charge>
  /** Rejects with PaymentError when no refund was made. */
  refund(req: RefundRequest): Promise<Refund>
  /** A refund as the provider has it now (is a pending one done?). Rejects with PaymentError when it cannot say. */
  retrieveRefund(chargeId: string, refundId: string): Promise<Refund>
  /** The key that verifies `x-pingplusplus-signature` on webhook bodies. */
  webhookPublicKey(): Promise<KeyObject>
}

export type PaymentErrorKind = 'timeout' | 'network' | 'rejected' | 'bad_response'

const customerMessages: Record<PaymentErrorKind, string> = {
  timeout: '支付渠道响应超时,请稍后再试',
  network: '支付渠道暂时无法连接,请稍后再试',
  rejected: '支付渠道拒绝了本次请求',
  bad_response: '支付渠道返回异常,请稍后再试',
}

/** The provider made nothing: no charge, no refund. Callers answer 102 through `paymentFailed`. */
export class PaymentError extends Error {
  constructor(
    readonly kind: PaymentErrorKind,
    message: string,
    /** the provider's own HTTP status, when it answered */
    readonly status?: number,
    /** the provider's explanation, shown to the customer when it gave one (Ping++ writes them for people) */
    readonly providerMessage?: string,
  ) {
    super(message)
    this.name = 'PaymentError'
  }

  get customerMessage(): string {
    const base = customerMessages[this.kind]
    return this.providerMessage ? `${base}: ${this.providerMessage.slice(0, 100)}` : base
  }
}

/** The answer to a provider failure (code 102 with a message). Anything else is a bug and is rethrown. */
export function paymentFailed(err: unknown): Refusal {
  if (err instanceof PaymentError) return fail(Codes.INTERNAL, err.customerMessage)
  throw err
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** An id in Ping++'s style: a prefix and 24 random letters and digits (`ch_…`, `re_…`, `evt_…`). */
export function pingppStyleId(prefix: 'ch_' | 're_' | 'evt_' | 'iar_'): string {
  return prefix + [...randomBytes(24)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('')
}

/** Ping++'s limits on subject and body, applied by both providers so the sandbox behaves like the real one. */
export function clip(text: string, max: number): string {
  return [...text].slice(0, max).join('')
}
