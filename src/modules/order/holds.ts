import type { Executor } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'
import { releaseRedemption } from '../coupon/index.ts'
import { releaseItemsStock, releaseOrderCredit } from './repo.ts'

/** What a refunded order gives back: its stock and, if still owed, its credit. Its coupon stays used. */
export async function releaseRefunded(trx: Executor, orderId: string): Promise<void> {
  await releaseItemsStock(trx, orderId)
  await releaseOrderCredit(trx, orderId)
}

/** What an order never to be paid (cancelled, expired) gives back: its stock, its credit if still held, its coupon. */
export async function releaseHolds(trx: Executor, orderId: string): Promise<void> {
  await releaseRefunded(trx, orderId)
  await releaseRedemption(trx, orderId, nowSeconds())
}
