import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { nowSeconds } from '../../time.ts'
import { SYSTEM } from '../oplog/index.ts'
import type { PurposeHandler } from '../../providers/payment/index.ts'
import { releaseRefunded, releaseRefundedCredit } from './holds.ts'
import { findOrder } from './repo.ts'
import { moveOrder } from './state.ts'

/** What an order's first payment does: 0/99→1 and the 60-day repayment clock; refunded, 1→6. */
export const orderPayment: PurposeHandler = {
  async paid(trx, p) {
    const order = await findOrder(trx, p.orderId)
    if (!order) throw new Error(`a payment names order ${p.orderId}, which is not there`)
    if (p.amountFen !== order.pay_amount) return '金额与应付不符'
    const paid = await moveOrder(trx, p.orderId, 'pay', {
      actor: SYSTEM,
      set: { pay_time: p.paidAt },
      note: `${p.channel} ${p.chargeId}`,
    })
    return paid ? null : '订单已不可支付'
  },

  /**
   * Its stock comes back and its credit is released if still owed (a repaid debt's money is given back by the
   * payments module); its coupon stays used.
   */
  async refunded(trx, payment) {
    if (!(await moveOrder(trx, payment.order_id, 'refund', { actor: SYSTEM, set: { refund_time: nowSeconds() } })))
      return false
    await releaseRefunded(trx, payment.order_id)
    return true
  },
}

/**
 * A returned order's money is back with the customer: 2/3→6 while its after-sale request is open,
 * its credit released if still owed; its stock came back when the goods did. False when it did not move.
 */
export async function refundReturnedOrder(trx: Transaction<Database>, orderId: string): Promise<boolean> {
  const moved = await moveOrder(trx, orderId, 'refundReturn', {
    actor: SYSTEM,
    set: { refund_time: nowSeconds() },
    afterSale: 'open',
  })
  if (moved) await releaseRefundedCredit(trx, orderId)
  return moved
}
