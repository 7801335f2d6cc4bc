import type { Transaction } from 'kysely'
import { lockOrderOwner } from '../../db/dialect.ts'
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
 * Records money received for a charge and returns its payment id, or undefined when this
 * charge was already recorded (another event for the same charge): the unique charge id
 * makes this exactly once.
 */
export async function recordPayment(trx: Trx, event: ChargeSucceededEvent, orderId: string, targetType: 'pay' | 'card'): Promise<number | undefined> {
  const charge: PaidCharge = event.data.object
  const row = await trx
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
      refund_time: null,
    })
    .onConflict((oc) => oc.column('channel_water_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/** Money the order could not take stays on record, marked for an operator to refund. */
export async function flagForRefund(trx: Trx, paymentId: number, orderId: string, why: string): Promise<void> {
  await trx.updateTable('payments').set({ needs_refund: 1 }).where('id', '=', paymentId).execute()
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `收到款项但${why},需退款`)
}

/** charge.succeeded for order_pay: record the payment, 0/99→1, start the 60-day repayment clock. */
export async function applyOrderPayment(trx: Trx, event: ChargeSucceededEvent): Promise<HandlerResult> {
  const charge = event.data.object
  const known = await knownCharge(trx, charge.id, 'order_pay')
  if (!known || known.order_id !== charge.order_no) return 'unmatched'
  await lockOrderOwner(trx, known.order_id)
  const paymentId = await recordPayment(trx, event, known.order_id, 'pay')
  if (paymentId === undefined) return 'applied'
  const order = await trx.selectFrom('orders').select(['pay_amount']).where('order_id', '=', known.order_id).executeTakeFirstOrThrow()
  if (charge.amount !== order.pay_amount) {
    await flagForRefund(trx, paymentId, known.order_id, `金额${charge.amount}分与应付${order.pay_amount}分不符`)
    return 'applied'
  }
  const paid = await moveOrder(trx, known.order_id, 'pay', { actor: SYSTEM, set: { pay_time: charge.time_paid ?? nowSeconds() }, note: `${charge.channel} ${charge.id}` })
  if (!paid) await flagForRefund(trx, paymentId, known.order_id, '订单已不可支付')
  return 'applied'
}

/**
 * refund.succeeded, for any payment of an order: the payment is refunded, once. When it is
 * the money that paid the order, the order is refunded too (1→6): its stock comes back and
 * its credit is released if still owed.
 */
export async function applyRefund(trx: Trx, event: RefundSucceededEvent): Promise<HandlerResult> {
  const refund = event.data.object
  const payment = await trx.selectFrom('payments').selectAll().where('channel_water_id', '=', refund.charge).executeTakeFirst()
  // Only whole refunds are asked for; anything else (made elsewhere) is kept on record for a person.
  if (!payment || refund.amount !== payment.amount) return 'unmatched'
  const orderId = payment.order_id
  await lockOrderOwner(trx, orderId)
  if (refund.status !== 'succeeded' || refund.succeed !== true) {
    // The channel refused: nothing came back, so the payment may be refunded again.
    await trx.updateTable('payments').set({ refund_state: 'none' }).where('id', '=', payment.id).where('refund_state', '=', 'requested').execute()
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款失败 ${refund.id} ${refund.amount}分`)
    return 'applied'
  }
  const now = nowSeconds()
  const marked = await trx
    .updateTable('payments')
    .set({ refund_state: 'refunded', refund_time: now })
    .where('id', '=', payment.id)
    .where('refund_state', '!=', 'refunded')
    .executeTakeFirst()
  if (Number(marked.numUpdatedRows) !== 1) return 'applied'
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款完成 ${refund.id} ${refund.amount}分`)
  if (payment.target_type !== 'pay' || payment.needs_refund !== 0) return 'applied'
  if (!(await moveOrder(trx, orderId, 'refund', { actor: SYSTEM, set: { refund_time: now } }))) {
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, '订单款项已退回,但订单已不在已付款状态,请人工处理')
    return 'applied'
  }
  await releaseItemsStock(trx, orderId)
  await releaseOrderCredit(trx, orderId)
  // A refunded order keeps no repayment of its credit: each is money to give back.
  const repayments = await trx.updateTable('payments').set({ needs_refund: 1 }).where('order_id', '=', orderId).where('target_type', '=', 'card').where('refund_state', '!=', 'refunded').executeTakeFirst()
  if (Number(repayments.numUpdatedRows) > 0) await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, '订单已退款,其还款需退回')
  return 'applied'
}

export function registerOrderPaymentHandlers(events: PaymentEventRegistry): void {
  events.on('charge.succeeded', 'order_pay', applyOrderPayment)
  events.on('refund.succeeded', 'order_pay', applyRefund)
  events.on('refund.succeeded', 'card_pay', applyRefund)
}
