import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { ChargeSucceededEvent, HandlerResult, PaymentEventRegistry, RefundSucceededEvent } from '../../payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { releaseOrderCredit } from '../credit_card/repo.ts'
import { SYSTEM, writeLog } from '../oplog/repo.ts'
import { releaseItemsStock } from './repo.ts'
import { moveOrder } from './state.ts'

type Trx = Transaction<Database>
type PaidCharge = ChargeSucceededEvent['data']['object']

/** Ping++ channels as the original's pay_info.channel_id: 0 wx, 1 alipay. */
const channelId = (channel: string) => (channel.startsWith('wx') ? 0 : 1)

/** The charge this shop made for that order and purpose, or undefined: a charge we never made is not ours. */
export async function knownCharge(trx: Trx, chargeId: string, purpose: 'order_pay' | 'card_pay') {
  return trx.selectFrom('order_charges').selectAll().where('charge_id', '=', chargeId).where('purpose', '=', purpose).executeTakeFirst()
}

/**
 * Records money received for a charge; false when this charge was already recorded (another
 * event for the same charge). The unique charge id makes this exactly once.
 */
export async function recordPayment(trx: Trx, event: ChargeSucceededEvent, orderId: string, targetType: 'pay' | 'card'): Promise<boolean> {
  const charge: PaidCharge = event.data.object
  const res = await trx
    .insertInto('payments')
    .values({
      order_id: orderId,
      target_type: targetType,
      water_id: charge.transaction_no ?? '',
      channel_id: channelId(charge.channel),
      channel_water_id: charge.id,
      amount: charge.amount,
      event_id: event.id,
      time: charge.time_paid ?? event.created,
    })
    .onConflict((oc) => oc.column('channel_water_id').doNothing())
    .executeTakeFirst()
  return Number(res.numInsertedOrUpdatedRows) === 1
}

/** Money that arrived but could not be applied stays on record and waits for an operator to refund it. */
export async function flagForRefund(trx: Trx, orderId: string, why: string): Promise<void> {
  await trx.updateTable('orders').set({ needs_refund: 1, update_time: nowSeconds() }).where('order_id', '=', orderId).execute()
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `收到款项但${why},需退款`)
}

/** charge.succeeded for order_pay: record the payment, 0/99→1, start the 60-day repayment clock. */
export async function applyOrderPayment(trx: Trx, event: ChargeSucceededEvent): Promise<HandlerResult> {
  const charge = event.data.object
  const known = await knownCharge(trx, charge.id, 'order_pay')
  if (!known || known.order_id !== charge.order_no) return 'unmatched'
  if (!(await recordPayment(trx, event, known.order_id, 'pay'))) return 'applied'
  const order = await trx.selectFrom('orders').select(['pay_amount']).where('order_id', '=', known.order_id).executeTakeFirstOrThrow()
  if (charge.amount !== order.pay_amount) {
    await flagForRefund(trx, known.order_id, `金额${charge.amount}分与应付${order.pay_amount}分不符`)
    return 'applied'
  }
  const paid = await moveOrder(trx, known.order_id, 'pay', { actor: SYSTEM, set: { pay_time: charge.time_paid ?? nowSeconds() }, note: `${charge.channel} ${charge.id}` })
  if (!paid) await flagForRefund(trx, known.order_id, '订单已不可支付')
  return 'applied'
}

/**
 * refund.succeeded: a paid order becomes refunded (1→6), its stock comes back and its credit
 * is released if still owed. A refund of money flagged for refund just clears the flag.
 */
export async function applyRefund(trx: Trx, event: RefundSucceededEvent): Promise<HandlerResult> {
  const refund = event.data.object
  const known = await knownCharge(trx, refund.charge, 'order_pay')
  if (!known) return 'unmatched'
  const orderId = known.order_id
  const refunded = await moveOrder(trx, orderId, 'refund', { actor: SYSTEM, set: { refund_time: nowSeconds() }, note: `${refund.id} ${refund.amount}分` })
  if (refunded) {
    await releaseItemsStock(trx, orderId)
    await releaseOrderCredit(trx, orderId)
  } else {
    await trx.updateTable('orders').set({ needs_refund: 0, update_time: nowSeconds() }).where('order_id', '=', orderId).execute()
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款完成 ${refund.id} ${refund.amount}分`)
  }
  return 'applied'
}

export function registerOrderPaymentHandlers(events: PaymentEventRegistry): void {
  events.on('charge.succeeded', 'order_pay', applyOrderPayment)
  events.on('refund.succeeded', 'order_pay', applyRefund)
}
