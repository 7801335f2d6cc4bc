import type { ExpressionBuilder } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { Database, Order, OrderItem } from '../../db/types.ts'
import { inStockLockOrder, releaseStock } from '../catalog/repo.ts'

/**
 * The caller's order; someone else's is simply not there, and so is one the customer deleted
 * unless `evenDeleted` (a debt stays payable after its order is hidden).
 */
export async function findOwnOrder(ex: Executor, userId: number, orderId: string, evenDeleted = false): Promise<Order | undefined> {
  let q = ex.selectFrom('orders').selectAll().where('order_id', '=', orderId).where('user_id', '=', userId)
  if (!evenDeleted) q = q.where('status', '=', 1)
  return q.executeTakeFirst()
}

export async function itemsOf(ex: Executor, orderIds: string[]): Promise<Map<string, OrderItem[]>> {
  const byOrder = new Map<string, OrderItem[]>(orderIds.map((id) => [id, []]))
  if (orderIds.length === 0) return byOrder
  const rows = await ex.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute()
  for (const r of rows) byOrder.get(r.order_id)?.push(r)
  return byOrder
}

export interface OrderFilter {
  userId?: number
  states?: readonly number[]
  visibleOnly?: boolean
}

function filtered(ex: Executor, f: OrderFilter) {
  let q = ex.selectFrom('orders')
  if (f.userId !== undefined) q = q.where('user_id', '=', f.userId)
  if (f.states) q = q.where('state', 'in', [...f.states])
  if (f.visibleOnly) q = q.where('status', '=', 1)
  return q
}

export async function countOrders(ex: Executor, f: OrderFilter): Promise<number> {
  const row = await filtered(ex, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Newest first; the id breaks ties between orders of the same second. */
export async function listOrders(ex: Executor, f: OrderFilter, offset: number, limit: number): Promise<Order[]> {
  return filtered(ex, f).selectAll().orderBy('create_time', 'desc').orderBy('order_id', 'desc').offset(offset).limit(limit).execute()
}

/** Puts an order's items back in stock, locking rows in the same order as reservations. */
export async function releaseItemsStock(trx: Executor, orderId: string): Promise<void> {
  const items = await trx.selectFrom('order_items').select(['sku_id', 'sku_count']).where('order_id', '=', orderId).execute()
  for (const i of inStockLockOrder(items)) await releaseStock(trx, i.sku_id, i.sku_count)
}

/**
 * For conditional updates of an order: true while no refund of the money that paid it is
 * under way. Between asking the provider and its refund.succeeded, the order must neither
 * ship nor take a repayment, or the refund could not finish cleanly.
 */
export const noRefundUnderway = (eb: ExpressionBuilder<Database, 'orders'>) =>
  eb.not(
    eb.exists(
      eb
        .selectFrom('payments')
        .select('payments.id')
        .whereRef('payments.order_id', '=', 'orders.order_id')
        .where('payments.target_type', '=', 'pay')
        .where('payments.needs_refund', '=', 0)
        .where('payments.refund_state', '!=', 'none'),
    ),
  )

export async function refundUnderway(ex: Executor, orderId: string): Promise<boolean> {
  const row = await ex.selectFrom('orders').select('order_id').where('order_id', '=', orderId).where((eb) => eb.not(noRefundUnderway(eb))).executeTakeFirst()
  return row !== undefined
}
