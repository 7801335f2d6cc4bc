import type { Executor } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'
import { releaseRedemption } from '../coupon/index.ts'
import { billSharesOf, closeDebt, returnCredit } from '../credit/index.ts'
import { SYSTEM } from '../oplog/index.ts'
import { refundBillShares } from '../payment/index.ts'
import { clearCreditHeld, findOrder, releaseItemsStock, releaseOrderCredit } from './repo.ts'

/** What a refunded order gives back: its stock and its credit (releaseRefundedCredit). Its coupon stays used. */
export async function releaseRefunded(trx: Executor, orderId: string): Promise<void> {
  await releaseItemsStock(trx, orderId)
  await releaseRefundedCredit(trx, orderId)
}

/**
 * What a refunded order gives back of its credit: its debt closed (the principal still owed goes back to
 * the card, the fee still owed is cancelled) or, never paid, its held credit. A returned order gives back
 * only this when refunded: its stock came back with the goods (returnStock).
 */
export async function releaseRefundedCredit(trx: Executor, orderId: string): Promise<void> {
  const principalBack = await closeDebt(trx, orderId, SYSTEM, nowSeconds())
  if (principalBack === undefined) {
    await releaseOrderCredit(trx, orderId)
    return
  }
  const order = await findOrder(trx, orderId)
  if (!order) throw new Error(`order ${orderId} has a debt but is not there`)
  await clearCreditHeld(trx, orderId)
  await returnCredit(trx, order.user_id, principalBack)
  // Its own repayments are given back whole by the payments module; of a bill payment, which also paid
  // other debts, only the share applied to this one.
  await refundBillShares(trx, orderId, await billSharesOf(trx, orderId), nowSeconds())
}

/** What an order never to be paid (cancelled, expired) gives back: its stock, its credit if still held, its coupon. */
export async function releaseHolds(trx: Executor, orderId: string): Promise<void> {
  await releaseRefunded(trx, orderId)
  await releaseRedemption(trx, orderId, nowSeconds())
}

/** The goods of an after-sale return are back in the shop: each line's count goes back to its SKU's stock. */
export async function returnStock(trx: Executor, orderId: string): Promise<void> {
  await releaseItemsStock(trx, orderId)
}
