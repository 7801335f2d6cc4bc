import type { Executor } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'

export interface IdempotentCommit {
  /** the order id the key's commit answered with, or null while that commit is still running */
  orderId: string | null
  requestHash: string
}

export async function findIdempotentCommit(
  ex: Executor,
  userId: number,
  key: string,
): Promise<IdempotentCommit | undefined> {
  const row = await ex
    .selectFrom('idempotency_keys')
    .select(['response', 'request_hash'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst()
  return row && { orderId: JSON.parse(row.response) as string | null, requestHash: row.request_hash }
}

/** Claims the key for this commit; false when another commit holds it already. */
export async function claimIdempotencyKey(trx: Executor, userId: number, key: string, hash: string): Promise<boolean> {
  const claimed = await trx
    .insertInto('idempotency_keys')
    .values({ user_id: userId, key, response: 'null', request_hash: hash, create_time: nowSeconds() })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .executeTakeFirst()
  return Number(claimed.numInsertedOrUpdatedRows) === 1
}

export async function recordIdempotentOrder(trx: Executor, userId: number, key: string, orderId: string) {
  await trx
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(orderId) })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute()
}
