import type { Deps } from '../../deps.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { paymentFailed } from '../../payment/index.ts'
import { writeLog, type Actor } from '../oplog/repo.ts'
import { OrderState } from './state.ts'

/**
 * Asks the provider to refund an order's payment: a paid order (1), or money flagged for refund.
 * The order moves to 6 when the provider's refund.succeeded event arrives, not here.
 */
export async function requestRefund(deps: Deps, actor: Actor, orderId: string, reason: string): Promise<Outcome> {
  const { db, payments } = deps
  const order = await db.selectFrom('orders').select(['state', 'needs_refund']).where('order_id', '=', orderId).executeTakeFirst()
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  if (order.state !== OrderState.PAID && order.needs_refund !== 1) return fail(Codes.REFUND_REFUSED)
  const payment = await db
    .selectFrom('payments')
    .select(['channel_water_id', 'amount'])
    .where('order_id', '=', orderId)
    .where('target_type', '=', 'pay')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  if (!payment) return fail(Codes.REFUND_REFUSED)
  await writeLog(db, actor, { type: 'order', id: orderId }, `申请退款${payment.amount}分: ${reason}`)
  try {
    const refund = await payments.refund({ chargeId: payment.channel_water_id, amountFen: payment.amount, description: reason || '退款', metadata: { type: 'order_pay', order_id: orderId } })
    return ok(refund)
  } catch (err) {
    return paymentFailed(err)
  }
}
