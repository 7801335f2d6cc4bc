import { randomInt } from 'node:crypto'
import { changingPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import { insertWithFreshId } from '../../db/ids.ts'
import { type ExpressionBuilder, sql } from 'kysely'
import type { Database, NewOrder, NewOrderItem, Order, OrderItem, OrderStateCode } from '../../db/types.ts'
import { DAY_SECONDS, DEFAULT_CREDIT_TERMS } from '../../domain/credit.ts'
import { nowSeconds } from '../../time.ts'
import { inStockLockOrder, releaseStock } from '../catalog/index.ts'
import { returnCredit } from '../credit/index.ts'
import { noRefundUnderway } from '../payment/index.ts'
import { OWING_STATES } from './state.ts'

/**
 * The caller's order; someone else's is simply not there, and so is one the customer deleted
 * unless `evenDeleted` (a debt stays payable after its order is hidden).
 */
export async function findOwnOrder(
  ex: Executor,
  userId: number,
  orderId: string,
  evenDeleted = false,
): Promise<Order | undefined> {
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

/** Any order by its id, whoever's it is (the webhook's, the worker's and the back office's reads). */
/** The mobile of the order's customer (the account's, not the receiver's). */
export async function customerMobileOf(ex: Executor, orderId: string): Promise<string | undefined> {
  const row = await ex
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .select('users.mobile')
    .where('orders.order_id', '=', orderId)
    .executeTakeFirst()
  return row?.mobile
}

/** The orders of these ids, as they stand. */
export async function findOrders(ex: Executor, orderIds: readonly string[]): Promise<Order[]> {
  if (orderIds.length === 0) return []
  return ex
    .selectFrom('orders')
    .selectAll()
    .where('order_id', 'in', [...orderIds])
    .execute()
}

export async function findOrder(ex: Executor, orderId: string): Promise<Order | undefined> {
  return ex.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst()
}

/**
 * Hides the customer's order from their lists (status 0), once, when it is in one of `states`;
 * false when it is not theirs, not there, already hidden or still open.
 */
export async function hideOrder(
  trx: Executor,
  userId: number,
  orderId: string,
  states: readonly OrderStateCode[],
  now: number,
): Promise<boolean> {
  const res = await trx
    .updateTable('orders')
    .set({ status: 0, update_time: now })
    .where('order_id', '=', orderId)
    .where('user_id', '=', userId)
    .where('status', '=', 1)
    .where('state', 'in', states)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Unpaid orders whose time is up at `now`, the longest expired first. */
export async function dueToExpire(
  ex: Executor,
  states: readonly OrderStateCode[],
  now: number,
  limit: number,
): Promise<string[]> {
  const rows = await ex
    .selectFrom('orders')
    .select('order_id')
    .where('state', 'in', states)
    .where('expire_time', '<=', now) // hasExpired
    .orderBy('expire_time')
    .limit(limit)
    .execute()
  return rows.map((r) => r.order_id)
}

export interface OrderFilter {
  userId?: number
  states?: readonly OrderStateCode[]
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
  const row = await filtered(ex, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Newest first; the id breaks ties between orders of the same second. */
export async function listOrders(ex: Executor, f: OrderFilter, offset: number, limit: number): Promise<Order[]> {
  return filtered(ex, f)
    .selectAll()
    .orderBy('create_time', 'desc')
    .orderBy('order_id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

/** Puts an order's items back in stock, locking rows in the same order as reservations. */
export async function releaseItemsStock(trx: Executor, orderId: string): Promise<void> {
  const items = await trx
    .selectFrom('order_items')
    .select(['sku_id', 'sku_count'])
    .where('order_id', '=', orderId)
    .execute()
  for (const i of inStockLockOrder(items)) await releaseStock(trx, i.sku_id, i.sku_count)
}

/**
 * Gives an order's credit back to the card, once: the order's credit_held flag is cleared by
 * the same conditional statement that decides whether anything is returned.
 */
export async function releaseOrderCredit(trx: Executor, orderId: string): Promise<boolean> {
  const order = await trx
    .selectFrom('orders')
    .select(['user_id', 'credit_amount'])
    .where('order_id', '=', orderId)
    .executeTakeFirst()
  if (!order) return false
  const cleared = await trx
    .updateTable('orders')
    .set({ credit_held: 0 })
    .where('order_id', '=', orderId)
    .where('credit_held', '=', 1)
    .executeTakeFirst()
  if (Number(cleared.numUpdatedRows) !== 1) return false
  await returnCredit(trx, order.user_id, -order.credit_amount)
  return true
}

/** The order's credit is no longer taken from the card (its principal repaid or closed); false when it was not. */
export async function clearCreditHeld(trx: Executor, orderId: string): Promise<boolean> {
  const res = await trx
    .updateTable('orders')
    .set({ credit_held: 0, update_time: nowSeconds() })
    .where('order_id', '=', orderId)
    .where('credit_held', '=', 1)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/**
 * The order's columns follow its debt after a repayment or a waiver: credit_held 0 once its principal
 * is repaid (the card has it back), credit_card_state 1 and repay_time once it owes nothing.
 */
export async function settleOrderDebt(
  trx: Executor,
  orderId: string,
  s: { principalCleared: boolean; repaid: boolean },
): Promise<void> {
  const now = nowSeconds()
  if (s.principalCleared) await clearCreditHeld(trx, orderId)
  if (s.repaid)
    await trx
      .updateTable('orders')
      .set({ credit_card_state: 1, repay_time: now, update_time: now })
      .where('order_id', '=', orderId)
      .where('credit_card_state', '=', 0)
      .execute()
}

/** A debt is due this long after the order was paid, by default (CREDIT_TERM_DAYS; each debt keeps its due time). */
export const REPAY_SECONDS = DEFAULT_CREDIT_TERMS.termDays * DAY_SECONDS

/**
 * The rule of a debt owed and not yet repaid, in every query that needs it: the order is paid and
 * not refunded, it borrowed, and it is not marked repaid (its principal may be, with a late fee owed).
 */
export const owedDebt = (eb: ExpressionBuilder<Database, 'orders'>) =>
  eb.and([
    eb('orders.state', 'in', OWING_STATES),
    eb('orders.credit_amount', '<', 0),
    eb('orders.credit_card_state', '=', 0),
  ])

export type DebtType = 'all' | 'need_pay' | 'over_time' | 'has_pay'

/** Paid orders that borrowed on the card, narrowed to one kind of debt. */
function debts(ex: Executor, userId: number, type: DebtType, now: number) {
  let q = ex.selectFrom('orders').where('user_id', '=', userId)
  if (type === 'need_pay' || type === 'over_time') q = q.where(owedDebt)
  else q = q.where('state', 'in', OWING_STATES).where('credit_amount', '<', 0)
  // Past its due time with something owed, by the debt's own due time (CREDIT_TERM_DAYS when it was made).
  if (type === 'over_time')
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('credit_debts')
          .select('credit_debts.order_id')
          .whereRef('credit_debts.order_id', '=', 'orders.order_id')
          // The customer's own debts, by the index that starts with them.
          .where('credit_debts.user_id', '=', userId)
          .where('credit_debts.state', '=', 'owed')
          .where('credit_debts.due_time', '<', now),
      ),
    )
  if (type === 'has_pay') q = q.where('credit_card_state', '=', 1)
  return q
}

export async function countDebts(ex: Executor, userId: number, type: DebtType, now: number): Promise<number> {
  return Number(
    (
      await debts(ex, userId, type, now)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
}

/** Newest payment first. */
export async function listDebts(
  ex: Executor,
  userId: number,
  type: DebtType,
  now: number,
  offset: number,
  limit: number,
): Promise<Order[]> {
  return debts(ex, userId, type, now)
    .selectAll()
    .orderBy('pay_time', 'desc')
    .orderBy('order_id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

/** Idempotency-Keys made before `before`: a retry comes within seconds, not days. */
export async function pruneIdempotencyKeys(db: Executor, before: number): Promise<number> {
  return Number(
    (await db.deleteFrom('idempotency_keys').where('create_time', '<', before).executeTakeFirst()).numDeletedRows,
  )
}

/** 16 digits: the second, then six random ones. Unguessable enough to leak no order volume. */
const newOrderId = (now: number) => `${now}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`

/** Inserts an order under a fresh id (drawn again on the rare clash) with its lines; answers the id. */
export async function insertOrder(
  trx: Executor,
  order: Omit<NewOrder, 'order_id'>,
  items: Omit<NewOrderItem, 'order_id'>[],
): Promise<string> {
  const orderId = await insertWithFreshId(
    'order id',
    () => newOrderId(order.create_time),
    async (id) => (await insertOrderRow(trx, { ...order, order_id: id })) === 1,
  )
  await trx
    .insertInto('order_items')
    .values(items.map((i) => ({ ...i, order_id: orderId })))
    .execute()
  return orderId
}

type OrderInsert = (db: Executor, ...values: unknown[]) => Promise<number>
const orderInserts = new Map<string, OrderInsert>()

/**
 * Inserts the order's row unless its id is taken (answers 1 when inserted). Compiled once for each
 * set of columns given (commit's is the one in practice): building the 33-column insert was most
 * of what Kysely cost an order. Undefined values are left out, as Kysely leaves them out.
 */
function insertOrderRow(trx: Executor, row: NewOrder): Promise<number> {
  const columns = (Object.keys(row) as (keyof NewOrder)[]).filter((c) => row[c] !== undefined)
  const key = columns.join()
  let insert = orderInserts.get(key)
  if (!insert) {
    insert = changingPerDatabase<unknown[]>(columns.length, (db, ...values) =>
      db
        .insertInto('orders')
        .values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as NewOrder)
        .onConflict((oc) => oc.column('order_id').doNothing()),
    )
    orderInserts.set(key, insert)
  }
  return insert(trx, ...columns.map((c) => row[c]))
}

/** Whether any order, in any state (deleted ones too), has a line of this SKU. */
export async function skuEverOrdered(ex: Executor, skuId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('order_items')
    .select('order_id')
    .where('sku_id', '=', skuId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** Shipped orders whose auto-confirm time has come (shipped at or before `shippedBy`), none with a request open. */
export async function dueToAutoConfirm(ex: Executor, shippedBy: number, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('orders')
    .select('order_id')
    // A literal, as orders_auto_confirm_idx's own condition, so both databases plan the query on it.
    .where('state', '=', sql.lit(2))
    .where('send_time', '<=', shippedBy)
    .where('after_sale_open', '=', 0)
    .orderBy('send_time')
    .limit(limit)
    .execute()
  return rows.map((r) => r.order_id)
}

/**
 * Marks an order as having an after-sale request open, once: only the customer's, only in one of
 * `states`, only when none is open and no refund is under way (and, given `completedAfter`, only if completed after it or not
 * yet completed). Two applications at once cannot both open one. True when it did.
 */
export async function markAfterSaleOpen(
  trx: Executor,
  userId: number,
  orderId: string,
  states: readonly OrderStateCode[],
  completedAfter: number | undefined,
  now: number,
): Promise<boolean> {
  let q = trx
    .updateTable('orders')
    .set({ after_sale_open: 1, update_time: now })
    .where('order_id', '=', orderId)
    .where('user_id', '=', userId)
    .where('status', '=', 1)
    .where('state', 'in', states)
    .where('after_sale_open', '=', 0)
    // Not while the back office's refund is under way: that refund already gives everything back.
    .where(noRefundUnderway)
  if (completedAfter !== undefined)
    q = q.where((eb) => eb.or([eb('confirm_time', 'is', null), eb('confirm_time', '>', completedAfter)]))
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Its after-sale request closed (refunded, rejected or withdrawn): the order may move again. */
export async function markAfterSaleClosed(trx: Executor, orderId: string, now: number): Promise<void> {
  await trx
    .updateTable('orders')
    .set({ after_sale_open: 0, update_time: now })
    .where('order_id', '=', orderId)
    .where('after_sale_open', '=', 1)
    .execute()
}
