import type { Transaction } from 'kysely'
import type { Database, Payment } from '../../db/types.ts'
import type { PaymentPurpose } from '../../payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM, writeLog } from '../oplog/index.ts'
import type { ChargeSucceededEvent, HandlerResult, RefundSucceededEvent } from './events.ts'
import type { PaymentPurposes } from '../../payment/index.ts'
import { findPaymentByCharge, knownCharge, markForRefund, markRefunded, PURPOSE_OF, recordPayment, releaseRefundClaim } from './repo.ts'

type Trx = Transaction<Database>

/**
 * charge.succeeded, for either purpose: the charge must be one this shop made for that purpose;
 * the money is recorded once (by charge id) and handed to its purpose, and money the purpose
 * cannot take stays on record, marked for an operator to refund. It is never dropped.
 */
export async function applyChargeSucceeded(trx: Trx, purposes: PaymentPurposes, purpose: string, event: ChargeSucceededEvent): Promise<HandlerResult> {
  const charge = event.data.object
  const handler = purposes.get(purpose)
  const known = await knownCharge(trx, charge.id)
  if (!handler || !known || known.purpose !== purpose || !charge.order_no.startsWith(known.order_id)) return 'unmatched'
  const paidAt = charge.time_paid ?? event.created
  const paymentId = await recordPayment(trx, {
    orderId: known.order_id,
    // Checked above: the charge was made for the purpose whose handler takes it.
    purpose: known.purpose as PaymentPurpose,
    waterId: charge.transaction_no ?? '',
    channel: charge.channel,
    chargeId: charge.id,
    amountFen: charge.amount,
    eventId: event.id,
    time: paidAt,
  })
  if (paymentId === undefined) return 'applied'
  const refused = await handler.paid(trx, { paymentId, orderId: known.order_id, amountFen: charge.amount, chargeId: charge.id, channel: charge.channel, paidAt })
  if (refused !== null) {
    await markForRefund(trx, { paymentId })
    await writeLog(trx, SYSTEM, { type: 'order', id: known.order_id }, `收到款项但${refused},需退款`)
  }
  return 'applied'
}

/** refund.succeeded, for any payment: the payment is refunded, once, and its purpose undone (undoPurpose). */
export async function applyRefundSucceeded(trx: Trx, purposes: PaymentPurposes, event: RefundSucceededEvent): Promise<HandlerResult> {
  const refund = event.data.object
  const payment = await findPaymentByCharge(trx, refund.charge)
  // Only whole refunds are asked for; anything else (made elsewhere) is kept on record for a person.
  if (!payment || refund.amount !== payment.amount) return 'unmatched'
  const orderId = payment.order_id
  if (refund.status !== 'succeeded' || refund.succeed !== true) {
    await releaseRefundClaim(trx, payment.id)
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款失败 ${refund.id} ${refund.amount}分`)
    return 'applied'
  }
  if (!(await markRefunded(trx, payment.id, nowSeconds()))) return 'applied'
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款完成 ${refund.id} ${refund.amount}分`)
  await undoPurpose(trx, purposes, payment)
  return 'applied'
}

/**
 * A payment is refunded: when it is the money that paid its purpose, the purpose undoes what it
 * paid for (an order goes 1→6), and a refunded order keeps none of its repayments: each is marked to give back.
 */
export async function undoPurpose(trx: Trx, purposes: PaymentPurposes, payment: Payment): Promise<void> {
  const orderId = payment.order_id
  const purpose = PURPOSE_OF[payment.target_type]
  const handler = purpose && purposes.get(purpose)
  if (payment.needs_refund !== 0 || !handler?.refunded) return
  if (!(await handler.refunded(trx, payment))) {
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, '订单款项已退回,但订单已不在已付款状态,请人工处理')
    return
  }
  if (purpose === 'order_pay' && (await markForRefund(trx, { orderId, purpose: 'card_pay' })) > 0) {
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, '订单已退款,其还款需退回')
  }
}
