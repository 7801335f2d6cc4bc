import type { ExpressionBuilder } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { Database, Payment } from '../../db/types.ts'
import type { PaymentTarget } from '../../db/types.ts'
import type { Charge, PaymentPurpose } from '../../providers/payment/index.ts'
import { nowSeconds } from '../../time.ts'

/** How the payments table names a purpose (the original's target_type). */
export const TARGET_OF: Record<PaymentPurpose, PaymentTarget> = {
  order_pay: 'pay',
  card_pay: 'card',
  bill_pay: 'bill',
}
export const PURPOSE_OF: Record<PaymentTarget, PaymentPurpose> = {
  pay: 'order_pay',
  card: 'card_pay',
  bill: 'bill_pay',
}

/** Keeps every charge made, so its webhook can be matched to the order and its amount checked. */
export async function recordCharge(
  ex: Executor,
  charge: Charge,
  orderId: string,
  purpose: PaymentPurpose,
): Promise<void> {
  await ex
    .insertInto('order_charges')
    .values({
      charge_id: charge.id,
      order_id: orderId,
      purpose,
      channel: charge.channel,
      amount: charge.amount,
      create_time: nowSeconds(),
    })
    .onConflict((oc) => oc.column('charge_id').doNothing())
    .execute()
}

/** The charge this shop made, or undefined: a charge we never made is not ours. */
export async function knownCharge(ex: Executor, chargeId: string) {
  return ex.selectFrom('order_charges').selectAll().where('charge_id', '=', chargeId).executeTakeFirst()
}

/**
 * The shop takes no more money on the order's charges for `purpose` (the order paid, cancelled or
 * expired; its debt repaid or the order refunded): each still open and never paid is marked
 * closing, for the provider to be told (closeChargesAtProvider). Money that still lands on one is
 * refunded like any the order cannot take.
 */
export async function closeCharges(ex: Executor, orderId: string, purpose: PaymentPurpose, now: number): Promise<void> {
  await ex
    .updateTable('order_charges')
    .set({ close_state: 'closing', closed_time: now })
    .where('order_id', '=', orderId)
    .where('purpose', '=', purpose)
    .where('close_state', '=', 'open')
    .where((eb) =>
      eb(
        'charge_id',
        'not in',
        eb.selectFrom('payments').select('channel_water_id').where('payments.order_id', '=', orderId),
      ),
    )
    .execute()
}

/** Charges closed by the shop that the provider has not been told of (those of one order when given). */
export async function chargesToClose(ex: Executor, limit: number, orderId?: string): Promise<{ charge_id: string }[]> {
  let q = ex.selectFrom('order_charges').select('charge_id').where('close_state', '=', 'closing')
  if (orderId !== undefined) q = q.where('order_id', '=', orderId)
  return q.limit(limit).execute()
}

export async function markChargeClosed(ex: Executor, chargeId: string): Promise<void> {
  await ex
    .updateTable('order_charges')
    .set({ close_state: 'closed' })
    .where('charge_id', '=', chargeId)
    .where('close_state', '=', 'closing')
    .execute()
}

export interface NewPayment {
  orderId: string
  purpose: PaymentPurpose
  /** the channel's transaction number */
  waterId: string
  channel: string
  chargeId: string
  amountFen: number
  eventId: string
  time: number
}

/** Ping++ channels as the original's pay_info.channel_id: 0 wx, 1 alipay. */
const channelId = (channel: string) => (channel.startsWith('wx') ? 0 : 1)

/**
 * Records money received for a charge and returns its payment id, or undefined when this
 * charge was already recorded (another event for the same charge): the unique charge id
 * makes this exactly once.
 */
export async function recordPayment(ex: Executor, p: NewPayment): Promise<number | undefined> {
  const row = await ex
    .insertInto('payments')
    .values({
      order_id: p.orderId,
      target_type: TARGET_OF[p.purpose],
      water_id: p.waterId,
      channel_id: channelId(p.channel),
      channel: p.channel,
      channel_water_id: p.chargeId,
      amount: p.amountFen,
      event_id: p.eventId,
      time: p.time,
      refund_time: null,
    })
    .onConflict((oc) => oc.column('channel_water_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id
}

/** How a payment of nothing is recorded: no channel took it, so no provider is ever asked about it. */
export const FREE_CHANNEL = 'none'

/**
 * Records that an order with nothing to pay now was paid: channel none, 0 fen, no charge behind
 * it. Its made-up charge id (`none_<order id>`) is unique, so an order has at most one.
 */
export async function recordFreePayment(ex: Executor, orderId: string, now: number): Promise<number> {
  const row = await ex
    .insertInto('payments')
    .values({
      order_id: orderId,
      target_type: TARGET_OF.order_pay,
      water_id: '',
      channel_id: -1,
      channel: FREE_CHANNEL,
      channel_water_id: `${FREE_CHANNEL}_${orderId}`,
      amount: 0,
      event_id: '',
      time: now,
      refund_time: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function markForRefund(
  ex: Executor,
  where: { paymentId: number } | { orderId: string; purpose: PaymentPurpose },
): Promise<number> {
  let q = ex.updateTable('payments').set({ needs_refund: 1 }).where('refund_state', '!=', 'refunded')
  q =
    'paymentId' in where
      ? q.where('id', '=', where.paymentId)
      : q.where('order_id', '=', where.orderId).where('target_type', '=', TARGET_OF[where.purpose])
  return Number((await q.executeTakeFirst()).numUpdatedRows)
}

export async function findPayment(ex: Executor, id: number): Promise<Payment> {
  return ex.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

export async function findPaymentByCharge(ex: Executor, chargeId: string): Promise<Payment | undefined> {
  return ex.selectFrom('payments').selectAll().where('channel_water_id', '=', chargeId).executeTakeFirst()
}

/** An order's payments not yet refunded nor being refunded, oldest first. */
export const unrefunded = (ex: Executor, orderId: string) =>
  ex.selectFrom('payments').selectAll().where('order_id', '=', orderId).where('refund_state', '=', 'none').orderBy('id')

export async function paymentsOf(ex: Executor, orderId: string): Promise<Payment[]> {
  return ex.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

/** 'none' → 'requested', once: two operators cannot both ask for the same refund. */
export async function claimRefund(ex: Executor, paymentId: number): Promise<boolean> {
  const res = await ex
    .updateTable('payments')
    .set({ refund_state: 'requested' })
    .where('id', '=', paymentId)
    .where('refund_state', '=', 'none')
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** The provider refused or made nothing: the payment may be refunded again. */
export async function releaseRefundClaim(ex: Executor, paymentId: number): Promise<void> {
  await ex
    .updateTable('payments')
    .set({ refund_state: 'none' })
    .where('id', '=', paymentId)
    .where('refund_state', '=', 'requested')
    .execute()
}

/** → 'refunded', once; false when this refund was already recorded. */
export async function markRefunded(ex: Executor, paymentId: number, now: number): Promise<boolean> {
  const res = await ex
    .updateTable('payments')
    .set({ refund_state: 'refunded', refund_time: now })
    .where('id', '=', paymentId)
    .where('refund_state', '!=', 'refunded')
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/**
 * For conditional updates of an order: true while no refund of the money that paid it is
 * under way. Between asking the provider and its refund.succeeded, the order must neither
 * ship nor take a repayment, or the refund could not finish cleanly.
 */
export const noRefundUnderway = (eb: ExpressionBuilder<Database, 'orders'>) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('payments')
        .select('payments.id')
        .whereRef('payments.order_id', '=', 'orders.order_id')
        .where('payments.target_type', '=', 'pay')
        .where('payments.needs_refund', '=', 0)
        .where('payments.refund_state', '!=', 'none'),
    ),
  )

export async function refundUnderway(ex: Executor, orderId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('orders')
    .select('order_id')
    .where('order_id', '=', orderId)
    .where((eb) => eb.not(noRefundUnderway(eb)))
    .executeTakeFirst()
  return row !== undefined
}
