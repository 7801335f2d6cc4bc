import type { Transaction } from 'kysely'
import type { Deps } from '../../deps.ts'
import type { AfterSaleRow, Database, Payment } from '../../db/types.ts'
import { ok, type Result } from '../../domain/result.ts'
import type { PurposeHandler } from '../../providers/payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM, type Actor } from '../oplog/index.ts'
import {
  markAfterSaleClosed,
  OrderState,
  refundOrder,
  refundReturnedOrder,
  type RefundAllowed,
} from '../order/index.ts'
import { paymentsOf } from '../payment/index.ts'
import { enqueueSms } from '../sms/index.ts'
import { findAfterSale, mobileOf, openAfterSaleOf } from './repo.ts'
import { AfterSaleState, isIn, moveAfterSale, REFUNDABLE } from './state.ts'

/**
 * Starts the refund of a request through the order's one refund path (the back office's, with the
 * same claims, provider calls and follow-up by the worker): allowed only while the request is an
 * approved refund of a paid order, or a return whose goods came back to a shipped or complete one.
 * Answers the provider's refusal, if it refused; the request stays where it is, to be retried.
 */
export async function startAfterSaleRefund(deps: Deps, actor: Actor, request: AfterSaleRow): Promise<Result<string>> {
  const allowed: RefundAllowed = async (ex, order) => {
    const now = await findAfterSale(ex, request.id)
    if (!now || !isIn(REFUNDABLE, now.state, now.kind) || order.after_sale_open !== 1) return false
    return now.kind === 'refund'
      ? order.state === OrderState.PAID
      : order.state === OrderState.SHIPPED || order.state === OrderState.COMPLETE
  }
  const res = await refundOrder(deps, actor, request.order_id, `售后单${request.id}: ${request.reason}`, allowed)
  if (res.ok) return ok('')
  return res
}

/**
 * The order's own payment handler, taught about after-sale: when the money that paid an order
 * with a refundable request comes back, a return moves the order 2/3→6 (its stock came back with
 * the goods) and a refund 1→6 as the back office's does; then the request is refunded (→3), it
 * lets go of its order, and the customer is told, all in the transaction that applies the refund.
 */
export function withAfterSales(order: PurposeHandler): PurposeHandler {
  const refundedOrder = order.refunded
  if (!refundedOrder) throw new Error('the order payment handler undoes nothing on a refund')
  return {
    paid: (trx, p) => order.paid(trx, p),
    async refunded(trx, payment) {
      const open = await openAfterSaleOf(trx, payment.order_id, [AfterSaleState.APPROVED, AfterSaleState.RECEIVED])
      const request = open && isIn(REFUNDABLE, open.state, open.kind) ? open : undefined
      const moved =
        request?.kind === 'return'
          ? await refundReturnedOrder(trx, payment.order_id)
          : await refundedOrder(trx, payment)
      if (moved && request) await finishRefunded(trx, request)
      return moved
    },
  }
}

async function finishRefunded(trx: Transaction<Database>, request: AfterSaleRow): Promise<void> {
  if (!(await moveAfterSale(trx, request.id, 'refunded', { actor: SYSTEM, orderId: request.order_id }))) return
  await markAfterSaleClosed(trx, request.order_id, nowSeconds())
  // Everything the customer paid for the order: its first payment and any repayments (those are given back next).
  const paid = (await paymentsOf(trx, request.order_id)).filter(
    (p: Payment) => p.needs_refund === 0 && (p.target_type === 'pay' || p.target_type === 'card'),
  )
  const amount = paid.reduce((sum, p) => sum + p.amount, 0)
  await enqueueSms(trx, await mobileOf(trx, request.user_id), 'refund_done', { order_id: request.order_id, amount })
}
