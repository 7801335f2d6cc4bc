import type { Executor } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'
import { releaseRedemption } from '../coupon/index.ts'
import { releaseItemsStock, releaseOrderCredit } from './repo.ts'

/** What a refunded order gives back: its stock and its credit (releaseRefundedCredit). Its coupon stays used. */
export async function releaseRefunded(trx: Executor, orderId: string): Promise<void> {
  await releaseItemsStock(trx, orderId)
  await releaseRefundedCredit(trx, orderId)
}

/**
 * What a refunded order gives back of its credit: the credit, if still owed. A returned order gives
 * back only this when refunded: its stock came back with the goods (returnStock).
 */
export async function releaseRefundedCredit(trx: Executor, orderId: string): Promise<void> {
  await releaseOrderCredit(trx, orderId)
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
