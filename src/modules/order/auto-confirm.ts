import type { Db } from '../../db/dialect.ts'
import { SYSTEM } from '../oplog/index.ts'
import { dueToAutoConfirm } from './repo.ts'
import { moveOrder } from './state.ts'

export const DAY_SECONDS = 86_400

/**
 * Completes shipped orders the customer never confirmed, `days` days after shipping,
 * as the system; completion starts the after-sale window. Each order is its own conditional move,
 * refused while an after-sale request is open, so several workers, or the customer confirming or
 * asking for a return at the same moment, complete it once or not at all. Returns how many it completed.
 */
export async function autoConfirmDueOrders(db: Db, now: number, days: number, batch = 100): Promise<number> {
  let confirmed = 0
  for (const orderId of await dueToAutoConfirm(db, now - days * DAY_SECONDS, batch)) {
    const moved = await db.transaction().execute((trx) =>
      moveOrder(trx, orderId, 'autoConfirm', {
        actor: SYSTEM,
        set: { confirm_time: now },
        note: `发货${days}天后`,
        afterSale: 'none',
      }),
    )
    if (moved) confirmed++
  }
  return confirmed
}
