import type { Deps } from '../../deps.ts'
import type { Executor } from '../../db/dialect.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import type { PayChannel } from '../../providers/payment/index.ts'
import { hasExpired, nowSeconds } from '../../time.ts'
import { userActor } from '../oplog/index.ts'
import { shopReturnUrl, startCharge } from '../payment/index.ts'
import { findOwnOrder, itemsOf } from './repo.ts'
import { moveOrder, PAYABLE_STATES } from './state.ts'

export interface PayParams {
  order_id: string
  channel: PayChannel
  success_url?: string
}

/** What the charge says it pays for: the order's lines, as the channel's page shows them. */
export async function itemSummary(ex: Executor, orderId: string): Promise<string> {
  const items = (await itemsOf(ex, [orderId])).get(orderId) ?? []
  return items.map((i) => `${i.sku_name}×${i.sku_count}`).join(', ') || `订单${orderId}`
}

/**
 * `/api/order/pay`: a charge for the order's pay_amount, then 0/99→99. The charge
 * is made outside any transaction, so the order is checked again by the move that follows.
 */
export async function payOrder(deps: Deps, userId: number, params: PayParams, clientIp: string) {
  const { db } = deps
  const returnUrl = shopReturnUrl(deps.config, params.success_url)
  if (!returnUrl.ok) return returnUrl
  const successUrl = returnUrl.value
  const order = await findOwnOrder(db, userId, params.order_id)
  if (!order || !PAYABLE_STATES.includes(order.state) || hasExpired(order.expire_time))
    return fail(Codes.ORDER_NOT_PAYABLE)
  const requested = await startCharge(deps, {
    purpose: 'order_pay',
    orderId: order.order_id,
    orderNo: order.order_id,
    amountFen: order.pay_amount,
    channel: params.channel,
    subject: `首付买订单${order.order_id}`,
    body: await itemSummary(db, order.order_id),
    clientIp,
    timeExpire: order.expire_time,
    successUrl,
  })
  if (!requested.ok) return requested
  const charge = requested.value
  const started = await db.transaction().execute((trx) =>
    moveOrder(trx, order.order_id, 'startPayment', {
      actor: userActor(userId),
      userId,
      notExpiredAt: nowSeconds(),
      note: `${params.channel} ${charge.id}`,
    }),
  )
  return started ? ok(charge) : fail(Codes.ORDER_NOT_PAYABLE)
}
