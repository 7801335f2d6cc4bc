import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import type { Order } from '../../db/types.ts'

/** The back office's order filters (SPEC §7): exact ids, a mobile prefix, an inclusive creation-time range, states. */
export interface AdminOrderFilter {
  userId?: number
  mobilePrefix?: string
  orderId?: string
  createdFrom?: number
  createdTo?: number
  states?: readonly number[]
}

function filtered(ex: Executor, f: AdminOrderFilter) {
  let q = ex.selectFrom('orders').innerJoin('users', 'users.id', 'orders.user_id')
  if (f.userId !== undefined) q = q.where('orders.user_id', '=', f.userId)
  if (f.mobilePrefix) q = q.where(startsWith('users.mobile', f.mobilePrefix))
  if (f.orderId !== undefined) q = q.where('orders.order_id', '=', f.orderId)
  if (f.createdFrom !== undefined) q = q.where('orders.create_time', '>=', f.createdFrom)
  if (f.createdTo !== undefined) q = q.where('orders.create_time', '<=', f.createdTo)
  if (f.states) q = q.where('orders.state', 'in', [...f.states])
  return q
}

export async function countAdminOrders(ex: Executor, f: AdminOrderFilter): Promise<number> {
  const row = await filtered(ex, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export type OrderWithUser = Order & { user_name: string; user_mobile: string }

/** Every order, deleted ones too, newest first; the id breaks ties between orders of the same second. */
export async function listAdminOrders(ex: Executor, f: AdminOrderFilter, offset: number, limit: number): Promise<OrderWithUser[]> {
  return filtered(ex, f)
    .selectAll('orders')
    .select(['users.user_name', 'users.mobile as user_mobile'])
    .orderBy('orders.create_time', 'desc')
    .orderBy('orders.order_id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

export async function findOrder(ex: Executor, orderId: string): Promise<Order | undefined> {
  return ex.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst()
}

export async function setAdminNote(ex: Executor, orderId: string, note: string, now: number): Promise<boolean> {
  const res = await ex.updateTable('orders').set({ admin_note: note, update_time: now }).where('order_id', '=', orderId).executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}
