import type { Transaction } from 'kysely'
import type { Deps } from '../../deps.ts'
import { lockOrder } from '../../db/dialect.ts'
import type { Database, Payment } from '../../db/types.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { paymentFailed, type Refund } from '../../payment/index.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor } from '../oplog/index.ts'
import { undoPurpose } from './apply.ts'
import { claimRefund, markRefunded, PURPOSE_OF, releaseRefundClaim, unrefunded } from './repo.ts'

/** Checked under the order's lock before a refund is claimed, e.g. "the order is still paid". */
export type RefundPrecondition = (trx: Transaction<Database>) => Promise<boolean>

/**
 * Asks the provider to give each payment back. Each is claimed first under the order's lock, so
 * two operators cannot refund it twice and a shipment cannot slip in between; its
 * refund.succeeded event finishes the job (or, refused, frees it again).
 */
export async function refundPayments(deps: Deps, actor: Actor, orderId: string, due: Payment[], reason: string, precondition?: RefundPrecondition): Promise<Refund[] | Outcome> {
  const refunds: Refund[] = []
  for (const p of due) {
    if (p.amount === 0) {
      const settled = await refundNothing(deps, actor, orderId, p, reason, precondition)
      if (settled) refunds.push(settled)
      continue
    }
    const claimed = await deps.db.transaction().execute(async (trx) => {
      await lockOrder(trx, orderId)
      if (precondition && !(await precondition(trx))) return false
      return claimRefund(trx, p.id)
    })
    if (!claimed) continue
    await writeLog(deps.db, actor, { type: 'order', id: orderId }, `申请退款 ${p.channel_water_id} ${p.amount}分: ${reason}`)
    try {
      refunds.push(
        await deps.payments.refund({
          chargeId: p.channel_water_id,
          amountFen: p.amount,
          description: reason || '退款',
          metadata: { type: PURPOSE_OF[p.target_type] ?? 'order_pay', order_id: orderId },
        }),
      )
    } catch (err) {
      await releaseRefundClaim(deps.db, p.id)
      return paymentFailed(err)
    }
  }
  return refunds
}

/**
 * A payment of 0 fen (an order that had nothing to pay now) is refunded here and at once: no
 * provider is asked to give back nothing. Claimed under the order's lock like any refund, it is
 * marked refunded and its purpose undone in one transaction. The answer is the refund object a
 * channel that refunds at once would give; null when it was not claimed.
 */
async function refundNothing(deps: Deps, actor: Actor, orderId: string, p: Payment, reason: string, precondition?: RefundPrecondition): Promise<Refund | null> {
  const description = reason || '退款'
  const done = await deps.db.transaction().execute(async (trx) => {
    await lockOrder(trx, orderId)
    if (precondition && !(await precondition(trx))) return false
    if (!(await claimRefund(trx, p.id))) return false
    await markRefunded(trx, p.id, nowSeconds())
    await writeLog(trx, actor, { type: 'order', id: orderId }, `退款 ${p.channel_water_id} 0分,无需经支付渠道: ${description}`)
    await undoPurpose(trx, deps.paymentPurposes, p)
    return true
  })
  if (!done) return null
  const metadata = { type: PURPOSE_OF[p.target_type] ?? 'order_pay', order_id: orderId }
  return { id: `re_${p.channel_water_id}`, object: 'refund', amount: 0, succeed: true, status: 'succeeded', charge: p.channel_water_id, charge_order_no: orderId, description, metadata }
}

/** Gives back the money an order could not take (paid after cancel or expiry, twice, the wrong amount, or a repayment of a refunded order); the order stays as it is. */
export async function refundFlaggedPayments(deps: Deps, actor: Actor, orderId: string, reason: string): Promise<Outcome> {
  const refunds = await refundPayments(deps, actor, orderId, await flaggedPayments(deps, orderId), reason)
  if (!Array.isArray(refunds)) return refunds
  return refunds.length ? ok({ refunds }) : fail(Codes.REFUND_REFUSED)
}

export const flaggedPayments = (deps: Deps, orderId: string) => unrefunded(deps.db, orderId).where('needs_refund', '=', 1).execute()

/** The money that paid the order itself (not a repayment, not money marked for refund), still with the shop. */
export const orderPayments = (deps: Deps, orderId: string) => unrefunded(deps.db, orderId).where('target_type', '=', 'pay').where('needs_refund', '=', 0).execute()
