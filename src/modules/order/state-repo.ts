import type { Executor } from '../../db/dialect.ts'
import type { OrderStateCode, OrderTable } from '../../db/types.ts'
import { noRefundUnderway } from '../payment/index.ts'

/** Columns a move sets beside the state (times, reasons, logistics). */
export type MoveColumns = Partial<Omit<OrderTable, 'order_id' | 'state' | 'user_id' | 'after_sale_open'>>

/** What else must hold for the order to move. */
export interface MoveGuards {
  /** only the owner's order moves: someone else's answers like a missing one */
  userId?: number
  /** refuse when the order's expiry has passed (moves that need a still-payable order) */
  notExpiredAt?: number
  /** refuse while a refund of the order's payment is under way */
  noRefundUnderway?: boolean
  /** 'none': refuse while an after-sale request of the order is open; 'open': only while one is */
  afterSale?: 'none' | 'open'
}

/**
 * The statement behind state.ts's moveOrder, the only caller: one conditional UPDATE from one of
 * `from` to `to`; true when the order moved.
 */
export async function updateOrderState(
  trx: Executor,
  orderId: string,
  from: readonly OrderStateCode[],
  to: OrderStateCode,
  set: MoveColumns,
  guards: MoveGuards,
  now: number,
): Promise<boolean> {
  let q = trx
    .updateTable('orders')
    .set({ ...set, state: to, update_time: now })
    .where('order_id', '=', orderId)
    .where('state', 'in', from)
  if (guards.userId !== undefined) q = q.where('user_id', '=', guards.userId)
  if (guards.notExpiredAt !== undefined) q = q.where('expire_time', '>', guards.notExpiredAt) // not hasExpired
  if (guards.noRefundUnderway) q = q.where(noRefundUnderway)
  if (guards.afterSale !== undefined) q = q.where('after_sale_open', '=', guards.afterSale === 'open' ? 1 : 0)
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}
