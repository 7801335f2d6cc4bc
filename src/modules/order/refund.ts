import type { Deps } from '../../deps.ts'
import { lockOrder } from '../../db/dialect.ts'
import type { Payment } from '../../db/types.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { paymentFailed, type Refund } from '../../payment/index.ts'
import { writeLog, type Actor } from '../oplog/repo.ts'
import { OrderState } from './state.ts'

/**
 * Marks a payment as being refunded, under the order's lock: `whilePaid` also requires the
 * order to be still paid, so a refund and a shipment of the same order cannot both start.
 */
async function claimForRefund(deps: Deps, p: Payment, whilePaid: boolean): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    await lockOrder(trx, p.order_id)
    if (whilePaid) {
      const order = await trx.selectFrom('orders').select('state').where('order_id', '=', p.order_id).executeTakeFirst()
      if (order?.state !== OrderState.PAID) return false
    }
    const claimed = await trx.updateTable('payments').set({ refund_state: 'requested' }).where('id', '=', p.id).where('refund_state', '=', 'none').executeTakeFirst()
    return Number(claimed.numUpdatedRows) === 1
  })
}

/**
 * Asks the provider to give each payment back. Each is claimed first, so two operators cannot
 * refund it twice; its refund.succeeded event finishes the job (or, refused, frees it again).
 */
async function refundPayments(deps: Deps, actor: Actor, orderId: string, due: Payment[], reason: string, whilePaid = false): Promise<Refund[] | Outcome> {
  const refunds: Refund[] = []
  for (const p of due) {
    if (!(await claimForRefund(deps, p, whilePaid))) continue
    await writeLog(deps.db, actor, { type: 'order', id: orderId }, `申请退款 ${p.channel_water_id} ${p.amount}分: ${reason}`)
    try {
      refunds.push(
        await deps.payments.refund({
          chargeId: p.channel_water_id,
          amountFen: p.amount,
          description: reason || '退款',
          metadata: { type: p.target_type === 'pay' ? 'order_pay' : 'card_pay', order_id: orderId },
        }),
      )
    } catch (err) {
      // Nothing was refunded: the payment may be asked for again.
      await deps.db.updateTable('payments').set({ refund_state: 'none' }).where('id', '=', p.id).where('refund_state', '=', 'requested').execute()
      return paymentFailed(err)
    }
  }
  return refunds
}

const unrefunded = (deps: Deps, orderId: string) =>
  deps.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).where('refund_state', '=', 'none').orderBy('id')

/** Gives back the money an order could not take (paid after cancel or expiry, twice, the wrong amount, or a repayment of a refunded order); the order stays as it is. */
export async function refundFlaggedPayments(deps: Deps, actor: Actor, orderId: string, reason: string): Promise<Outcome> {
  const refunds = await refundPayments(deps, actor, orderId, await unrefunded(deps, orderId).where('needs_refund', '=', 1).execute(), reason)
  if (!Array.isArray(refunds)) return refunds
  return refunds.length ? ok({ refunds }) : fail(Codes.REFUND_REFUSED)
}

/**
 * Refunds a paid order whole (the back office's refund, SPEC §7). First the money that paid
 * it: when that refund succeeds the order becomes 6 and its repayments are marked to give
 * back, never before, so a failed refund cannot leave a shipped order with its debt undone.
 * With a channel that answers at once, those repayments are given back here too; otherwise
 * refundFlaggedPayments gives them back once the order is refunded.
 */
export async function refundOrder(deps: Deps, actor: Actor, orderId: string, reason: string): Promise<Outcome> {
  const order = await deps.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirst()
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  if (order.state !== OrderState.PAID) return fail(Codes.REFUND_REFUSED)
  const paid = await unrefunded(deps, orderId).where('target_type', '=', 'pay').where('needs_refund', '=', 0).execute()
  const refunds = await refundPayments(deps, actor, orderId, paid, reason, true)
  if (!Array.isArray(refunds)) return refunds
  if (refunds.length === 0) return fail(Codes.REFUND_REFUSED)
  const flagged = await refundPayments(deps, actor, orderId, await unrefunded(deps, orderId).where('needs_refund', '=', 1).execute(), reason)
  if (!Array.isArray(flagged)) return flagged
  return ok({ refunds: [...refunds, ...flagged] })
}
