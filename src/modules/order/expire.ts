import { lockOrderOwner, type Db } from '../../db/dialect.ts'
import { SYSTEM } from '../oplog/index.ts'
import { releaseHolds } from './holds.ts'
import { moveOrder, PAYABLE_STATES } from './state.ts'

/**
 * Expires unpaid orders whose time is up, giving back stock and credit. Each order is its own
 * conditional move, so several workers, or a payment arriving at the same moment, cannot
 * expire it twice or expire a paid one. Returns how many it expired.
 */
export async function expireDueOrders(db: Db, now: number, batch = 100): Promise<number> {
  const due = await db
    .selectFrom('orders')
    .select('order_id')
    .where('state', 'in', PAYABLE_STATES)
    .where('expire_time', '<=', now) // hasExpired
    .orderBy('expire_time')
    .limit(batch)
    .execute()
  let expired = 0
  for (const { order_id } of due) {
    const moved = await db.transaction().execute(async (trx) => {
      await lockOrderOwner(trx, order_id)
      const done = await moveOrder(trx, order_id, 'expire', { actor: SYSTEM })
      if (done) await releaseHolds(trx, order_id)
      return done
    })
    if (moved) expired++
  }
  return expired
}
