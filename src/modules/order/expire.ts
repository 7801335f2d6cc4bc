import { lockOrderOwner, type Db } from '../../db/dialect.ts'
import { SYSTEM } from '../oplog/index.ts'
import { releaseHolds } from './holds.ts'
import { dueToExpire } from './repo.ts'
import { moveOrder, PAYABLE_STATES } from './state.ts'

/**
 * Expires unpaid orders whose time is up, giving back stock and credit. Each order is its own
 * conditional move, so several workers, or a payment arriving at the same moment, cannot
 * expire it twice or expire a paid one. Returns how many it expired.
 */
export async function expireDueOrders(db: Db, now: number, batch = 100): Promise<number> {
  let expired = 0
  for (const orderId of await dueToExpire(db, PAYABLE_STATES, now, batch)) {
    const moved = await db.transaction().execute(async (trx) => {
      await lockOrderOwner(trx, orderId)
      const done = await moveOrder(trx, orderId, 'expire', { actor: SYSTEM })
      if (done) await releaseHolds(trx, orderId)
      return done
    })
    if (moved) expired++
  }
  return expired
}
