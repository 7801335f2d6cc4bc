import type { Deps } from '../../deps.ts'
import type { Payment } from '../../db/types.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { paymentFailed, type Refund } from '../../payment/index.ts'
import { writeLog, type Actor } from '../oplog/repo.ts'
import { OrderState } from './state.ts'

/**
 * Asks the provider to give each payment back. A payment is claimed before the provider is
 * asked, so two operators cannot refund it twice; its refund.succeeded event finishes the job.
 */
async function refundPayments(deps: Deps, actor: Actor, orderId: string, due: Payment[], reason: string): Promise<Outcome> {
  const { db, payments } = deps
  const refunds: Refund[] = []
  for (const p of due) {
    const claimed = await db.updateTable('payments').set({ refund_state: 'requested' }).where('id', '=', p.id).where('refund_state', '=', 'none').executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) continue
    await writeLog(db, actor, { type: 'order', id: orderId }, `申请退款 ${p.channel_water_id} ${p.amount}分: ${reason}`)
    try {
      refunds.push(
        await payments.refund({
          chargeId: p.channel_water_id,
          amountFen: p.amount,
          description: reason || '退款',
          metadata: { type: p.target_type === 'pay' ? 'order_pay' : 'card_pay', order_id: orderId },
        }),
      )
    } catch (err) {
      // Nothing was refunded: the payment may be asked for again.
      await db.updateTable('payments').set({ refund_state: 'none' }).where('id', '=', p.id).where('refund_state', '=', 'requested').execute()
      return paymentFailed(err)
    }
  }
  return refunds.length ? ok({ refunds }) : fail(Codes.REFUND_REFUSED)
}

const unrefunded = (deps: Deps, orderId: string) =>
  deps.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).where('refund_state', '=', 'none').orderBy('id')

/**
 * Refunds a paid order whole (the back office's refund, SPEC §7): the money that paid it and
 * any repayment of its credit. The order moves 1→6 when the payment's refund arrives.
 */
export async function refundOrder(deps: Deps, actor: Actor, orderId: string, reason: string): Promise<Outcome> {
  const order = await deps.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirst()
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  if (order.state !== OrderState.PAID) return fail(Codes.REFUND_REFUSED)
  return refundPayments(deps, actor, orderId, await unrefunded(deps, orderId).where('needs_refund', '=', 0).execute(), reason)
}

/** Gives back the money an order could not take (paid after cancel or expiry, twice, or the wrong amount); the order stays as it is. */
export async function refundFlaggedPayments(deps: Deps, actor: Actor, orderId: string, reason: string): Promise<Outcome> {
  const due = await unrefunded(deps, orderId).where('needs_refund', '=', 1).execute()
  if (due.length === 0) return fail(Codes.REFUND_REFUSED)
  return refundPayments(deps, actor, orderId, due, reason)
}
