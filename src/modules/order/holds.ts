import type { Executor } from '../../db/dialect.ts'
import { releaseItemsStock, releaseOrderCredit } from './repo.ts'

/** What an order that will never be paid gives back: its stock and, if still held, its credit. */
export async function releaseHolds(trx: Executor, orderId: string): Promise<void> {
  await releaseItemsStock(trx, orderId)
  await releaseOrderCredit(trx, orderId)
}
