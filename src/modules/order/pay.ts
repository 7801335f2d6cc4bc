import type { Config } from '../../config.ts'
import type { Deps } from '../../deps.ts'
import type { Executor } from '../../db/dialect.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { invalidParam } from '../../http/params.ts'
import { paymentFailed, type Charge, type PayChannel, type PaymentPurpose } from '../../payment/index.ts'
import { hasExpired, nowSeconds } from '../../time.ts'
import { userActor } from '../oplog/repo.ts'
import { findOwnOrder, itemsOf } from './repo.ts'
import { moveOrder, PAYABLE_STATES } from './state.ts'

export interface PayParams {
  order_id: string
  channel: PayChannel
  success_url?: string
}

/**
 * Where the channel may send the browser after paying: http(s) pages of this shop only (the
 * server's own address or an allowed front-end origin), so a payment link cannot be made to
 * end on someone else's site. The seed's pages send it without a scheme; http is assumed.
 * Returns the full URL, or throws 101.
 */
export function shopReturnUrl(config: Config, raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  const text = /^[a-z][a-z\d+.-]*:/i.test(raw.trim()) ? raw.trim() : `http://${raw.trim()}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalidParam('pay_params.success_url')
  }
  const shopHosts = [config.publicBaseUrl, ...config.corsOrigins].map((o) => new URL(o).host)
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !shopHosts.includes(url.host)) throw invalidParam('pay_params.success_url')
  return url.toString()
}

/** Keeps every charge made, so its webhook can be matched to the order and its amount checked. */
export async function recordCharge(ex: Executor, charge: Charge, orderId: string, purpose: PaymentPurpose): Promise<void> {
  await ex
    .insertInto('order_charges')
    .values({ charge_id: charge.id, order_id: orderId, purpose, channel: charge.channel, amount: charge.amount, create_time: nowSeconds() })
    .onConflict((oc) => oc.column('charge_id').doNothing())
    .execute()
}

export async function itemSummary(ex: Executor, orderId: string): Promise<string> {
  const items = (await itemsOf(ex, [orderId])).get(orderId) ?? []
  return items.map((i) => `${i.sku_name}×${i.sku_count}`).join(', ')
}

/**
 * `/api/order/pay` (SPEC §6.3): a charge for the order's pay_amount, then 0/99→99. The
 * provider is called outside any transaction (it talks to the network, and the sandbox to
 * this very app), so the order is checked again by the move that follows.
 */
export async function payOrder(deps: Deps, userId: number, params: PayParams, clientIp: string): Promise<Outcome> {
  const { db, payments } = deps
  const now = nowSeconds()
  const successUrl = shopReturnUrl(deps.config, params.success_url)
  const order = await findOwnOrder(db, userId, params.order_id)
  if (!order || !PAYABLE_STATES.includes(order.state as 0) || hasExpired(order.expire_time, now)) return fail(Codes.ORDER_NOT_PAYABLE)
  let charge: Charge
  try {
    charge = await payments.createCharge({
      orderNo: order.order_id,
      amountFen: order.pay_amount,
      channel: params.channel,
      subject: `首付买订单${order.order_id}`,
      body: (await itemSummary(db, order.order_id)) || `订单${order.order_id}`,
      clientIp,
      timeExpire: order.expire_time,
      metadata: { type: 'order_pay', order_id: order.order_id },
      successUrl,
    })
  } catch (err) {
    return paymentFailed(err)
  }
  const started = await db.transaction().execute(async (trx) => {
    await recordCharge(trx, charge, order.order_id, 'order_pay')
    return moveOrder(trx, order.order_id, 'startPayment', { actor: userActor(userId), userId, notExpiredAt: nowSeconds(), note: `${params.channel} ${charge.id}` })
  })
  return started ? ok(charge) : fail(Codes.ORDER_NOT_PAYABLE)
}
