import type { Transaction } from 'kysely'
import { lockOrderOwner } from '../../db/dialect.ts'
import type { Database, Payment } from '../../db/types.ts'
import type { PaymentPurpose, Refund } from '../../providers/payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM, writeLog } from '../oplog/index.ts'
import { noteLatePayment } from '../stats/index.ts'
import type { ChargeSucceededEvent, HandlerResult, RefundSucceededEvent } from './events.ts'
import type { PaymentPurposes } from '../../providers/payment/index.ts'
import {
  claimRefund,
  findPayment,
  findPaymentByCharge,
  knownCharge,
  markForRefund,
  markRefunded,
  PURPOSE_OF,
  recordPayment,
  releaseRefundClaim,
  TARGET_OF,
  unrefunded,
} from './repo.ts'
import { closeRefund, openRefund } from './refund-repo.ts'
import { applyShareRefund, isShareRefund } from './shares.ts'

type Trx = Transaction<Database>

/**
 * charge.succeeded, for either purpose: the charge must be one this shop made for that purpose;
 * the money is recorded once (by charge id) and handed to its purpose, and money the purpose
 * cannot take is never dropped: it stays on record, marked, and a refund of it is queued in the
 * same transaction for the worker to ask of the provider (giveBack).
 */
export async function applyChargeSucceeded(
  trx: Trx,
  purposes: PaymentPurposes,
  purpose: string,
  event: ChargeSucceededEvent,
): Promise<HandlerResult> {
  const charge = event.data.object
  const handler = purposes.get(purpose)
  const known = await knownCharge(trx, charge.id)
  if (!handler || !known || known.purpose !== purpose || !charge.order_no.startsWith(known.order_id)) return 'unmatched'
  // The customer first, as every transaction on their orders, stock and credit (no deadlock with a commit).
  await lockOrderOwner(trx, known.order_id)
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
  await noteLatePayment(trx, paidAt, nowSeconds())
  const refused = await handler.paid(trx, {
    paymentId,
    orderId: known.order_id,
    amountFen: charge.amount,
    chargeId: charge.id,
    channel: charge.channel,
    paidAt,
  })
  if (refused !== null) await giveBack(trx, paymentId, refused)
  return 'applied'
}

/**
 * Money its purpose refused (an order no longer payable, paid twice, a debt already repaid or
 * being refunded): marked, and queued for refund at once, so it is given back exactly once with
 * no one having to ask; the refunds list shows it under way.
 */
async function giveBack(trx: Trx, paymentId: number, why: string): Promise<void> {
  await markForRefund(trx, { paymentId })
  const payment = await findPayment(trx, paymentId)
  if (await claimRefund(trx, paymentId)) await openRefund(trx, payment, `无法入账,自动退回: ${why}`, nowSeconds())
  await writeLog(trx, SYSTEM, { type: 'order', id: payment.order_id }, `收到款项但${why},将自动退回`, [
    { label: '收到', fen: payment.amount },
  ])
}

/**
 * refund.succeeded, for any payment: see applyRefund. The event carries the refund as the
 * provider has it, succeeded or failed.
 */
export function applyRefundSucceeded(
  trx: Trx,
  purposes: PaymentPurposes,
  event: RefundSucceededEvent,
): Promise<HandlerResult> {
  return applyRefund(trx, purposes, event.data.object)
}

/**
 * A refund the provider finished, as its webhook or the worker's look-up tells: the payment is
 * refunded, once, or (failed) may be refunded again, the failure kept on the refund's record.
 * When it is the money that paid its purpose, the purpose undoes what it paid for (an order goes
 * 1→6), and a refunded order keeps none of its repayments: each is given back, queued here for
 * the provider in the same transaction, so it happens exactly once whoever applies this first.
 */
export async function applyRefund(trx: Trx, purposes: PaymentPurposes, refund: Refund): Promise<HandlerResult> {
  const payment = await findPaymentByCharge(trx, refund.charge)
  if (payment && isShareRefund(refund)) {
    await lockOrderOwner(trx, payment.order_id)
    return applyShareRefund(trx, refund, payment.id, nowSeconds())
  }
  // Besides shares, only whole refunds are asked for; anything else (made elsewhere) is kept on record for a person.
  if (!payment || refund.amount !== payment.amount) return 'unmatched'
  const orderId = payment.order_id
  await lockOrderOwner(trx, orderId)
  const now = nowSeconds()
  if (refund.status !== 'succeeded' || refund.succeed !== true) {
    if (refund.status === 'pending') return 'applied'
    const why = typeof refund.failure_msg === 'string' && refund.failure_msg ? refund.failure_msg : '渠道退款失败'
    await releaseRefundClaim(trx, payment.id)
    await closeRefund(trx, payment.id, { state: 'failed', refundId: refund.id, error: why }, now)
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款失败 ${refund.id}: ${why}`, [
      { label: '金额', fen: refund.amount },
    ])
    return 'applied'
  }
  await closeRefund(trx, payment.id, { state: 'succeeded', refundId: refund.id }, now)
  if (!(await markRefunded(trx, payment.id, now))) return 'applied'
  await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, `退款完成 ${refund.id}`, [
    { label: '金额', fen: refund.amount },
  ])
  await undoPurpose(trx, purposes, payment, now)
  return 'applied'
}

/**
 * A payment of 0 fen (an order that had nothing to pay now) is refunded as soon as it is
 * claimed: no provider took anything, so none is asked to give back 0 fen. Its refund is closed,
 * the payment marked refunded and its purpose undone, as applyRefund does for money. The caller
 * holds the order's owner and the order (lockOrderOwner, then lockOrder).
 */
export async function refundNothing(trx: Trx, purposes: PaymentPurposes, payment: Payment, now: number): Promise<void> {
  await closeRefund(trx, payment.id, { state: 'succeeded' }, now)
  if (!(await markRefunded(trx, payment.id, now))) return
  await writeLog(
    trx,
    SYSTEM,
    { type: 'order', id: payment.order_id },
    `退款完成 ${payment.channel_water_id},无需经支付渠道`,
    [{ label: '金额', fen: 0 }],
  )
  await undoPurpose(trx, purposes, payment, now)
}

/**
 * A refunded payment that paid its purpose: the purpose undoes what it paid for (an order goes
 * 1→6), and a refunded order keeps none of its repayments: each is queued to give back.
 */
async function undoPurpose(trx: Trx, purposes: PaymentPurposes, payment: Payment, now: number): Promise<void> {
  const orderId = payment.order_id
  const purpose = PURPOSE_OF[payment.target_type]
  const handler = purpose && purposes.get(purpose)
  if (payment.needs_refund !== 0 || !handler?.refunded) return
  if (!(await handler.refunded(trx, payment))) {
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, '订单款项已退回,但订单已不在已付款状态,请人工处理')
    return
  }
  if (purpose === 'order_pay' && (await markForRefund(trx, { orderId, purpose: 'card_pay' })) > 0) {
    const repayments = await unrefunded(trx, orderId).where('target_type', '=', TARGET_OF.card_pay).execute()
    for (const r of repayments) if (await claimRefund(trx, r.id)) await openRefund(trx, r, '订单已退款,退回其还款', now)
    await writeLog(trx, SYSTEM, { type: 'order', id: orderId }, '订单已退款,其还款将退回')
  }
}
