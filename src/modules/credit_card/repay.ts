import { randomBytes } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Deps } from '../../deps.ts'
import { lockOrder, lockOrderOwner } from '../../db/dialect.ts'
import type { Database } from '../../db/types.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { paymentFailed, type Charge, type ChargeSucceededEvent, type HandlerResult, type PaymentEventRegistry } from '../../payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM, userActor, writeLog } from '../oplog/repo.ts'
import { itemSummary, recordCharge, shopReturnUrl, type PayParams } from '../order/pay.ts'
import { flagForRefund, knownCharge, recordPayment } from '../order/payment-events.ts'
import { findOwnOrder, noRefundUnderway, refundUnderway } from '../order/repo.ts'
import { OrderState } from '../order/state.ts'

const OWING_STATES: readonly number[] = [OrderState.PAID, OrderState.SHIPPED, OrderState.COMPLETE]

/**
 * `/api/credit_card/pay`: a repayment charge for what the order owes on the card. The charge
 * gets its own order_no (Ping++ wants one per charge); the order id rides in the metadata.
 */
export async function payCard(deps: Deps, userId: number, params: PayParams, clientIp: string): Promise<Outcome> {
  const { db, payments } = deps
  const successUrl = shopReturnUrl(deps.config, params.success_url)
  const order = await findOwnOrder(db, userId, params.order_id, true)
  if (!order || !OWING_STATES.includes(order.state) || order.credit_amount >= 0 || order.credit_card_state !== 0 || order.credit_held !== 1) {
    return fail(Codes.REPAY_REFUSED)
  }
  if (await refundUnderway(db, order.order_id)) return fail(Codes.REPAY_REFUSED)
  let charge: Charge
  try {
    charge = await payments.createCharge({
      orderNo: `${order.order_id}R${randomBytes(4).toString('hex')}`,
      amountFen: -order.credit_amount,
      channel: params.channel,
      subject: `首付买额度卡还款${order.order_id}`,
      body: (await itemSummary(db, order.order_id)) || `订单${order.order_id}`,
      clientIp,
      timeExpire: nowSeconds() + 3600,
      metadata: { type: 'card_pay', order_id: order.order_id },
      successUrl,
    })
  } catch (err) {
    return paymentFailed(err)
  }
  await db.transaction().execute(async (trx) => {
    await recordCharge(trx, charge, order.order_id, 'card_pay')
    await writeLog(trx, userActor(userId), { type: 'order', id: order.order_id }, `发起额度卡还款 ${params.channel} ${charge.id}`)
  })
  return ok(charge)
}

/**
 * charge.succeeded for card_pay: record the repayment, mark the debt repaid and give the credit
 * back to the card, once. Money for a debt that is no longer owed is flagged for refund.
 */
export async function applyCardPayment(trx: Transaction<Database>, event: ChargeSucceededEvent): Promise<HandlerResult> {
  const charge = event.data.object
  const known = await knownCharge(trx, charge.id, 'card_pay')
  if (!known) return 'unmatched'
  const orderId = known.order_id
  await lockOrderOwner(trx, orderId)
  const paymentId = await recordPayment(trx, event, orderId, 'card')
  if (paymentId === undefined) return 'applied'
  const order = await trx.selectFrom('orders').select(['user_id', 'credit_amount']).where('order_id', '=', orderId).executeTakeFirstOrThrow()
  if (charge.amount !== -order.credit_amount) {
    await flagForRefund(trx, paymentId, orderId, `还款金额${charge.amount}分与欠款${-order.credit_amount}分不符`)
    return 'applied'
  }
  const now = nowSeconds()
  await lockOrder(trx, orderId)
  const repaid = await trx
    .updateTable('orders')
    .set({ credit_card_state: 1, credit_held: 0, repay_time: now, update_time: now })
    .where('order_id', '=', orderId)
    .where('credit_card_state', '=', 0)
    .where('credit_held', '=', 1)
    .where('state', 'in', [...OWING_STATES])
    .where(noRefundUnderway)
    .executeTakeFirst()
  if (Number(repaid.numUpdatedRows) !== 1) {
    await flagForRefund(trx, paymentId, orderId, '该笔额度已无欠款或订单正在退款')
    return 'applied'
  }
  await trx
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '+', charge.amount), update_time: now }))
    .where('user_id', '=', order.user_id)
    .execute()
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `额度卡还款成功 ${charge.amount}分`)
  return 'applied'
}

export function registerCardPaymentHandlers(events: PaymentEventRegistry): void {
  events.on('charge.succeeded', 'card_pay', applyCardPayment)
}
