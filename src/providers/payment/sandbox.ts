import { randomInt, type KeyObject } from 'node:crypto'
import type { Db } from '../../db/dialect.ts'
import type { SandboxCharge } from '../../db/types.ts'
import { hasExpired, nowSeconds } from '../../time.ts'
import {
  clip,
  PaymentError,
  pingppStyleId,
  type Charge,
  type ChargeRequest,
  type PaymentProvider,
  type Refund,
  type RefundRequest,
} from './provider.ts'
import {
  closeSandboxCharge,
  dueSandboxDeliveries,
  findSandboxCharge,
  giveBackSandboxRefund,
  insertSandboxCharge,
  leaseSandboxDelivery,
  markSandboxChargeFailed,
  markSandboxChargePaid,
  markSandboxDelivered,
  takeSandboxRefund,
} from './sandbox-repo.ts'
import { sandboxKeyPair, signRsaSha256, type KeyPair } from './signing.ts'

/** How the webhook route answered a delivery: its HTTP status and, on 200, what became of the event. */
export interface Delivery {
  status: number
  result?: 'applied' | 'unmatched' | 'duplicate'
}

/** Hands a signed body to the webhook route, through the same verification as Ping++'s deliveries. */
export type Deliver = (body: string, signature: string) => Promise<Delivery>

export interface SandboxOptions {
  db: Db
  dataDir: string
  publicBaseUrl: string
  deliver: Deliver
}

export type CompleteResult =
  | { kind: 'not_found' }
  | { kind: 'expired' }
  /** the shop closed it (its order or debt takes no more money) */
  | { kind: 'closed' }
  /** the attempt failed: nothing delivered, the charge can still be paid */
  | { kind: 'failed'; charge: Charge }
  | { kind: 'paid'; charge: Charge; eventId: string; delivery: NonNullable<Delivery['result']> }
  /** paid, but the webhook did not take the event (it answered `status`): it is delivered again until it does */
  | { kind: 'undelivered'; charge: Charge; status: number }

/** Time before the next delivery of an event the webhook did not take: 10 s after the first, doubling, ≤ an hour. */
export const redeliveryBackoffSeconds = (deliveries: number) => Math.min(10 * 2 ** Math.max(0, deliveries - 1), 3600)

const transactionNo = () => `SBX${nowSeconds()}${String(randomInt(0, 1e9)).padStart(9, '0')}`

/** The charge as it stands now: the object first returned, with what paying it changed. */
export function chargeOf(row: SandboxCharge): Charge {
  const charge = JSON.parse(row.charge) as Charge
  if (row.state !== 'paid') return charge
  return {
    ...charge,
    paid: true,
    time_paid: row.time_paid,
    transaction_no: row.transaction_no,
    amount_refunded: row.amount_refunded,
  }
}

/**
 * The shop's page to go back to after paying: the sandbox keeps it for every channel (Ping++'s alipay keeps it in
 * extra).
 */
export function returnUrlOf(charge: Charge): string {
  const sandbox = charge.credential.sandbox as { success_url?: unknown } | undefined
  const url = sandbox?.success_url ?? charge.extra.success_url
  return typeof url === 'string' ? url : ''
}

/**
 * The offline provider (the default). It makes Ping++-shaped charges whose pay_url is this server's own
 * pay page, keeps them in `sandbox_charges` (so any instance, after any restart, can complete them), and
 * on payment or refund signs a Ping++-shaped event with its own key and delivers it to the real webhook.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox'
  private keys: Promise<KeyPair> | undefined

  constructor(private readonly opts: SandboxOptions) {}

  private keyPair(): Promise<KeyPair> {
    this.keys ??= sandboxKeyPair(this.opts.dataDir)
    return this.keys
  }

  async webhookPublicKey(): Promise<KeyObject> {
    return (await this.keyPair()).publicKey
  }

  async createCharge(req: ChargeRequest): Promise<Charge> {
    if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) {
      throw new PaymentError(
        'rejected',
        `amount must be a positive number of fen, got ${req.amountFen}`,
        400,
        '金额无效',
      )
    }
    const now = nowSeconds()
    const id = pingppStyleId('ch_')
    const extra =
      req.channel === 'alipay_pc_direct'
        ? req.successUrl
          ? { success_url: req.successUrl }
          : {}
        : { product_id: req.orderNo }
    const charge: Charge = {
      id,
      object: 'charge',
      created: now,
      livemode: false,
      paid: false,
      refunded: false,
      app: 'app_sandbox',
      channel: req.channel,
      order_no: req.orderNo,
      client_ip: req.clientIp,
      amount: req.amountFen,
      amount_settle: req.amountFen,
      currency: 'cny',
      subject: clip(req.subject, 32),
      body: clip(req.body, 128),
      extra,
      time_paid: null,
      time_expire: req.timeExpire,
      time_settle: null,
      transaction_no: null,
      refunds: { object: 'list', url: `/v1/charges/${id}/refunds`, has_more: false, data: [] },
      amount_refunded: 0,
      failure_code: null,
      failure_msg: null,
      metadata: req.metadata,
      credential: {
        object: 'credential',
        // Where the pay page's result page sends the customer back, whatever the channel (wx_pub_qr too).
        sandbox: {
          pay_url: `${this.opts.publicBaseUrl}/api/sandbox/pay?charge_id=${id}`,
          ...(req.successUrl ? { success_url: req.successUrl } : {}),
        },
      },
      description: null,
    }
    await insertSandboxCharge(this.opts.db, charge, now)
    return charge
  }

  async findCharge(id: string): Promise<SandboxCharge | undefined> {
    return findSandboxCharge(this.opts.db, id)
  }

  /** What the pay page's buttons do. Answers once the webhook has processed the event. */
  async complete(chargeId: string, outcome: 'succeeded' | 'failed'): Promise<CompleteResult> {
    const { db } = this.opts
    const now = nowSeconds()
    let row = await findSandboxCharge(db, chargeId)
    if (!row) return { kind: 'not_found' }
    if (row.state !== 'paid' && hasExpired(row.time_expire, now)) return { kind: 'expired' }
    if (row.state !== 'paid' && row.closed_at !== null) return { kind: 'closed' }

    if (outcome === 'failed') {
      await markSandboxChargeFailed(db, chargeId, now)
      row = await this.reread(chargeId)
      // A charge paid meanwhile (another tab) stays paid; say so rather than pretend it failed.
      return row.state === 'paid' ? this.deliverPaid(row) : { kind: 'failed', charge: chargeOf(row) }
    }

    // Already paid (another tab), or closed meanwhile: the row as it is now says which.
    row =
      (await markSandboxChargePaid(db, chargeId, {
        time_paid: now,
        transaction_no: transactionNo(),
        event_id: pingppStyleId('evt_'),
        // This first delivery is try 1; should it fail, the next is due after the first backoff.
        deliveries: 1,
        next_delivery_at: now + redeliveryBackoffSeconds(1),
      })) ?? (await this.reread(chargeId))
    // Closed just before (the only way it stays unpaid): nothing was taken.
    return row.state === 'paid' ? this.deliverPaid(row) : { kind: 'closed' }
  }

  /** A charge just updated here: it exists, or the database lost it under us. */
  private async reread(chargeId: string): Promise<SandboxCharge> {
    const row = await findSandboxCharge(this.opts.db, chargeId)
    if (!row) throw new Error(`sandbox charge ${chargeId} vanished`)
    return row
  }

  /** Delivers the charge's one charge.succeeded event; a repeat is the same event, so the webhook applies it once. */
  private async deliverPaid(row: SandboxCharge): Promise<CompleteResult> {
    const charge = chargeOf(row)
    const eventId = row.event_id
    if (!eventId) throw new Error(`paid sandbox charge ${row.id} has no event id`)
    const event = {
      id: eventId,
      object: 'event',
      created: row.time_paid,
      livemode: false,
      type: 'charge.succeeded',
      pending_webhooks: 0,
      data: { object: { ...charge, credential: {} } },
    }
    const delivery = await this.deliver(event)
    if (delivery.status !== 200 || !delivery.result) return { kind: 'undelivered', charge, status: delivery.status }
    await markSandboxDelivered(this.opts.db, row.id, nowSeconds())
    return { kind: 'paid', charge, eventId, delivery: delivery.result }
  }

  /**
   * As Ping++ retries a webhook that did not answer 2xx: each paid charge whose event the webhook
   * has not taken (it answered 503 while the database was cut, say) is delivered again when due,
   * with backoff, until it is taken. Each try is leased, so two workers do not deliver at once.
   */
  async retryDeliveries(now: number, batch = 50): Promise<number> {
    const due = await dueSandboxDeliveries(this.opts.db, now, batch)
    let delivered = 0
    for (const row of due) {
      if (!(await leaseSandboxDelivery(this.opts.db, row, now + redeliveryBackoffSeconds(row.deliveries + 1)))) continue
      if ((await this.deliverPaid(row)).kind === 'paid') delivered++
    }
    return delivered
  }

  /**
   * Refunds succeed at once: the refund.succeeded event is delivered (and processed) before this returns, and
   * the refund comes back with status 'succeeded'. If the webhook refuses the event, nothing was refunded.
   */
  async refund(req: RefundRequest): Promise<Refund> {
    const { db } = this.opts
    const row = await findSandboxCharge(db, req.chargeId)
    if (!row) throw new PaymentError('rejected', `no sandbox charge ${req.chargeId}`, 404, '支付单不存在')
    if (row.state !== 'paid')
      throw new PaymentError('rejected', `sandbox charge ${req.chargeId} is not paid`, 400, '支付单未支付')
    if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) {
      throw new PaymentError(
        'rejected',
        `refund amount must be a positive number of fen, got ${req.amountFen}`,
        400,
        '退款金额无效',
      )
    }
    if (!(await takeSandboxRefund(db, req.chargeId, req.amountFen))) {
      throw new PaymentError(
        'rejected',
        `refund of ${req.amountFen} exceeds what is left of ${req.chargeId}`,
        400,
        '退款金额超过可退金额',
      )
    }
    const now = nowSeconds()
    const refund: Refund = {
      id: pingppStyleId('re_'),
      object: 'refund',
      order_no: row.order_no,
      amount: req.amountFen,
      created: now,
      succeed: true,
      status: 'succeeded',
      time_succeed: now,
      description: req.description,
      failure_code: null,
      failure_msg: null,
      metadata: req.metadata,
      charge: row.id,
      charge_order_no: row.order_no,
      transaction_no: row.transaction_no,
      extra: {},
    }
    const event = {
      id: pingppStyleId('evt_'),
      object: 'event',
      created: now,
      livemode: false,
      type: 'refund.succeeded',
      pending_webhooks: 0,
      data: { object: refund },
    }
    const delivery = await this.deliver(event)
    if (delivery.status !== 200) {
      await giveBackSandboxRefund(db, req.chargeId, req.amountFen)
      throw new PaymentError(
        'rejected',
        `the webhook refused the sandbox refund event (${delivery.status})`,
        delivery.status,
        '退款通知处理失败',
      )
    }
    return refund
  }

  /** The pay page refuses it from now on; a charge paid meanwhile stays paid. */
  async closeCharge(chargeId: string): Promise<void> {
    await closeSandboxCharge(this.opts.db, chargeId, nowSeconds())
  }

  /** Sandbox refunds finish before refund() answers, so none is ever pending: there is nothing to look up. */
  async retrieveRefund(chargeId: string, refundId: string): Promise<Refund> {
    throw new PaymentError(
      'rejected',
      `the sandbox keeps no refunds to look up (${chargeId} ${refundId}): each finished when it was made`,
      404,
      '退款不存在',
    )
  }

  private async deliver(event: object): Promise<Delivery> {
    const body = JSON.stringify(event)
    return this.opts.deliver(body, signRsaSha256(body, (await this.keyPair()).privateKey))
  }
}
