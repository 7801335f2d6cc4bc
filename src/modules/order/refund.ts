import type { Deps } from '../../deps.ts'
import type { Executor } from '../../db/dialect.ts'
import type { Order } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import type { Actor } from '../oplog/index.ts'
import {
  advanceRefunds,
  flaggedPayments,
  orderPayments,
  refundPayments,
  refundsOf,
  type RefundPrecondition,
} from '../payment/index.ts'
import { findOrder } from './repo.ts'
import { OrderState } from './state.ts'

/** Whether an order may be refunded now: asked first, and again under the order's lock before anything is claimed. */
export type RefundAllowed = (ex: Executor, order: Order) => boolean | Promise<boolean>

/** The back office's refund: a paid order, not shipped, whose customer has no after-sale request open. */
const paidWithNoRequest: RefundAllowed = (_ex, o) => o.state === OrderState.PAID && o.after_sale_open === 0

/**
 * Refunds a paid order whole: the back office's refund, or an after-sale request's (which says,
 * with `allowed`, when its order may be refunded). First the money that paid it: when that refund
 * succeeds the order becomes 6 and its repayments are queued to give back, never before, so a
 * failed refund cannot leave a shipped order with its debt undone. With a channel that answers at
 * once all of it happens here; otherwise the worker follows each refund up until it finishes.
 * Answers the order's refunds as they stand.
 */
export async function refundOrder(
  deps: Deps,
  actor: Actor,
  orderId: string,
  reason: string,
  allowed: RefundAllowed = paidWithNoRequest,
) {
  const order = await findOrder(deps.db, orderId)
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  if (!(await allowed(deps.db, order))) return fail(Codes.REFUND_REFUSED)
  // Claimed only while still allowed, under the order's lock: a refund and a shipment cannot both start.
  const stillAllowed: RefundPrecondition = async (trx) => {
    const now = await findOrder(trx, orderId)
    return now !== undefined && (await allowed(trx, now))
  }
  const refunds = await refundPayments(deps, actor, orderId, await orderPayments(deps, orderId), reason, stillAllowed)
  if (!refunds.ok) return refunds
  if (refunds.value.length === 0) return fail(Codes.REFUND_REFUSED)
  const flagged = await refundPayments(deps, actor, orderId, await flaggedPayments(deps, orderId), reason)
  if (!flagged.ok) return flagged
  // Repayments queued by the order's refund, if it already finished: given back now, not at the worker's next run.
  await advanceRefunds(deps, nowSeconds(), orderId)
  return ok({ refunds: await refundsOf(deps.db, orderId) })
}
