import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { CreditTerms } from '../../domain/credit.ts'
import { nowSeconds } from '../../time.ts'
import { openDebt } from '../credit/index.ts'
import { SYSTEM } from '../oplog/index.ts'
import type { PurposeHandler } from '../../providers/payment/index.ts'
import { releaseRefunded, releaseRefundedCredit } from './holds.ts'
import { findOrder } from './repo.ts'
import { moveOrder } from './state.ts'

/**
 * What an order's first payment does: 0/99→1, and what it borrowed becomes a debt due
 * CREDIT_TERM_DAYS later; refunded, 1→6.
 */
export const orderPayment = (terms: CreditTerms): PurposeHandler => ({
  async paid(trx, p) {
    const order = await findOrder(trx, p.orderId)
    if (!order) throw new Error(`a payment names order ${p.orderId}, which is not there`)
    if (p.amountFen !== order.pay_amount) return '金额与应付不符'
    const paid = await moveOrder(trx, p.orderId, 'pay', {
      actor: SYSTEM,
      set: { pay_time: p.paidAt },
      note: `${p.channel} ${p.chargeId}`,
    })
    if (!paid) return '订单已不可支付'
    if (order.credit_amount < 0) {
      const debt = { orderId: p.orderId, userId: order.user_id, principal: -order.credit_amount, paidAt: p.paidAt }
      await openDebt(trx, terms, debt, SYSTEM)
    }
    return null
  },

  /**
   * Its stock comes back and its debt is closed (what is still owed of it goes back to the card, its fee is
   * cancelled; the repayments are given back by the payments module); its coupon stays used.
   */
  async refunded(trx, payment) {
    if (!(await moveOrder(trx, payment.order_id, 'refund', { actor: SYSTEM, set: { refund_time: nowSeconds() } })))
      return false
    await releaseRefunded(trx, payment.order_id)
    return true
  },
})

/**
 * A returned order's money is back with the customer: 2/3→6 while its after-sale request is open,
 * its debt closed or its held credit released; its stock came back when the goods did. False when it did not move.
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
