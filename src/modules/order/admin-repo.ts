import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import type { Database, Order, OrderStateCode } from '../../db/types.ts'

/** The back office's order filters: exact ids, a mobile prefix, an inclusive creation-time range, states. */
export interface AdminOrderFilter {
  userId?: number
  mobilePrefix?: string
  orderId?: string
  createdFrom?: number
  createdTo?: number
  states?: readonly OrderStateCode[]
  /** the customers of a narrow mobile prefix (resolveCustomers) */
  userIds?: readonly number[]
}

/** The filters on the order itself, for queries with or without its customer joined; none when nothing filters. */
function orderConditions(
  f: AdminOrderFilter,
): ((eb: ExpressionBuilder<Database, 'orders'>) => Expression<SqlBool>) | undefined {
  if (
    f.userId === undefined &&
    f.orderId === undefined &&
    f.createdFrom === undefined &&
    f.createdTo === undefined &&
    !f.states &&
    !f.userIds
  )
    return undefined
  return (eb) => {
    const conditions: Expression<SqlBool>[] = []
    if (f.userId !== undefined) conditions.push(eb('orders.user_id', '=', f.userId))
    if (f.orderId !== undefined) conditions.push(eb('orders.order_id', '=', f.orderId))
    if (f.createdFrom !== undefined) conditions.push(eb('orders.create_time', '>=', f.createdFrom))
    if (f.createdTo !== undefined) conditions.push(eb('orders.create_time', '<=', f.createdTo))
    if (f.states) conditions.push(eb('orders.state', 'in', [...f.states]))
    if (f.userIds) conditions.push(f.userIds.length ? eb('orders.user_id', 'in', [...f.userIds]) : sql<SqlBool>`1 = 0`)
    return eb.and(conditions)
  }
}

/** Up to this many customers, a mobile prefix becomes their ids. */
export const NARROW_CUSTOMERS = 1000

/**
 * A mobile prefix as the queries take it best. Of at most NARROW_CUSTOMERS customers (a few
 * digits or more): their ids, and each one's orders come from orders_user_state_idx. Of more:
 * the prefix stays, and the orders are read newest first, each one's customer checked.
 */
export async function resolveCustomers(ex: Executor, f: AdminOrderFilter): Promise<AdminOrderFilter> {
  if (!f.mobilePrefix) return f
  const users = await ex
    .selectFrom('users')
    .select('id')
    .where(startsWith('users.mobile', f.mobilePrefix))
    .limit(NARROW_CUSTOMERS + 1)
    .execute()
  if (users.length > NARROW_CUSTOMERS) return f
  return { ...f, mobilePrefix: undefined, userIds: users.map((u) => u.id) }
}

/** The filter's orders; a broad mobile prefix as a semi-join, so the orders' index still gives them newest first. */
function filtered(ex: Executor, f: AdminOrderFilter) {
  const conditions = orderConditions(f)
  let q = conditions ? ex.selectFrom('orders').where(conditions) : ex.selectFrom('orders')
  const prefix = f.mobilePrefix
  // Each order's customer checked by its key: the orders' index gives them newest first and the
  // page stops at 20. (As `user_id in (customers)` SQLite drove the query from the customers and
  // sorted all their orders: 37 ms a page at 10 000 customers, 330 ms at 100 000.)
  if (prefix)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('users')
          .select(sql.lit(1).as('one'))
          .whereRef('users.id', '=', 'orders.user_id')
          .where(startsWith('users.mobile', prefix))
          // LIMIT 1 OFFSET 0 changes nothing in an EXISTS but keeps PostgreSQL from making it a join
          // driven by the customers: it guesses 1 000 behind a prefix of 10 000, and with a state
          // then read all their orders (55 ms) instead of 200 of the state's newest (3 ms).
          .limit(1)
          .offset(0),
      ),
    )
  return q
}

/** A broad mobile prefix's count is a lower bound from this many of its customers (the first by mobile). */
export const BROAD_COUNTED_CUSTOMERS = 100

/**
 * Past this many orders a filter's count stops: the console shows "10 000+". An exact count of a
 * million orders reads them all (≈ 100 ms on either database); the page itself reads 20.
 */
export const ORDER_COUNT_CAP = 10_000

/**
 * The filter's orders, counted up to ORDER_COUNT_CAP + 1 (more than the cap: the count is
 * capped). A broad mobile prefix (more than NARROW_CUSTOMERS customers) counts the orders of its
 * first BROAD_COUNTED_CUSTOMERS customers only, through orders_user_state_idx: a lower bound the
 * console shows as "N+" (`capped`), for a cost that does not grow with the prefix's customers (all
 * 10 000 behind a prefix with a rare state took 59 ms on PostgreSQL, the first 1 000 took 6 ms,
 * half of the request; the first 100 take 0.7).
 */
export async function countAdminOrders(ex: Executor, f: AdminOrderFilter): Promise<{ n: number; atLeast: boolean }> {
  const prefix = f.mobilePrefix
  const conditions = orderConditions(f)
  let upTo = filtered(ex, f).select(sql.lit(1).as('one'))
  if (prefix) {
    const customers = ex
      .selectFrom('users')
      .select('users.id')
      .where(startsWith('users.mobile', prefix))
      .orderBy('users.mobile')
      .limit(BROAD_COUNTED_CUSTOMERS)
    const theirs = ex.selectFrom(customers.as('c')).innerJoin('orders', 'orders.user_id', 'c.id')
    upTo = (conditions ? theirs.where(conditions) : theirs).select(sql.lit(1).as('one'))
  }
  const row = await ex
    .selectFrom(upTo.limit(ORDER_COUNT_CAP + 1).as('capped'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  const n = Number(row.n)
  return { n: Math.min(n, ORDER_COUNT_CAP), atLeast: n > ORDER_COUNT_CAP || prefix !== undefined }
}

export type OrderWithUser = Order & { user_name: string; user_mobile: string }

/** Where a keyset page starts: just after (older than) this order in the list's order. */
export interface OrderCursor {
  createTime: number
  orderId: string
}

/**
 * Every order, deleted ones too, newest first; the id breaks ties between orders of the same
 * second. The page's ids come first from the index alone (create_time, order_id, and state or
 * user_id as the filter needs), and only those 20 rows are read: an offset skips index entries,
 * not rows with their customers. After a cursor the page starts there, at any depth for the
 * same cost.
 */
export async function listAdminOrders(
  ex: Executor,
  f: AdminOrderFilter,
  offset: number,
  limit: number,
  after?: OrderCursor,
): Promise<OrderWithUser[]> {
  let ids = filtered(ex, f).select(['orders.order_id', 'orders.create_time'])
  if (after) ids = ids.where(olderThan(after))
  const page = ids
    .orderBy('orders.create_time', 'desc')
    .orderBy('orders.order_id', 'desc')
    .offset(after ? 0 : offset)
    .limit(limit)
  return ex
    .selectFrom(page.as('page'))
    .innerJoin('orders', 'orders.order_id', 'page.order_id')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .selectAll('orders')
    .select(['users.user_name', 'users.mobile as user_mobile'])
    .orderBy('page.create_time', 'desc')
    .orderBy('page.order_id', 'desc')
    .execute()
}

/** After the cursor in the list's order; written so that both databases use the index range create_time <= t. */
const olderThan =
  (c: OrderCursor) =>
  (eb: ExpressionBuilder<Database, 'orders'>): Expression<SqlBool> =>
    eb.and([
      eb('orders.create_time', '<=', c.createTime),
      eb.or([eb('orders.create_time', '<', c.createTime), eb('orders.order_id', '<', c.orderId)]),
    ])

export async function setAdminNote(ex: Executor, orderId: string, note: string, now: number): Promise<boolean> {
  const res = await ex
    .updateTable('orders')
    .set({ admin_note: note, update_time: now })
    .where('order_id', '=', orderId)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}
