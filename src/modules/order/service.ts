import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { Deps } from '../../deps.ts'
import { lockOrder, lockUser } from '../../db/dialect.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { hasExpired, nowSeconds } from '../../time.ts'
import { userActor, writeLog, type Actor } from '../oplog/index.ts'
import { closeOrderChargesNow } from '../payment/index.ts'
import { releaseHolds } from './holds.ts'
import { countOrders, customerMobileOf, findOwnOrder, hideOrder, itemsOf, listOrders } from './repo.ts'
import { enqueueSms } from '../sms/index.ts'
import { isOrderListType, moveOrder, ORDER_LIST_TYPES, PAYABLE_STATES, TERMINAL_STATES } from './state.ts'
import { addressView, orderView, pagination } from './view.ts'

// The customer's side of orders once committed.

export async function orderList(deps: Deps, userId: number, orderType: string, page: number, count: number) {
  if (!isOrderListType(orderType)) return fail(Codes.BAD_ORDER_TYPE)
  const filter = { userId, states: ORDER_LIST_TYPES[orderType], visibleOnly: true }
  const { db } = deps
  const total = await countOrders(db, filter)
  const orders = await listOrders(db, filter, (page - 1) * count, count)
  const items = await itemsOf(
    db,
    orders.map((o) => o.order_id),
  )
  return ok({
    pagination: pagination(total, page, count),
    order_list: orders.map((o) => orderView(o, items.get(o.order_id) ?? [])),
  })
}

export async function orderOf(deps: Deps, userId: number, orderId: string) {
  const order = await findOwnOrder(deps.db, userId, orderId)
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  const items = await itemsOf(deps.db, [orderId])
  return ok({ order_info: { ...orderView(order, items.get(orderId) ?? []), address_info: addressView(order) } })
}

/** What the pay page shows, while the order can still be paid. */
export async function briefForPay(deps: Deps, userId: number, orderId: string) {
  const order = await findOwnOrder(deps.db, userId, orderId)
  if (!order || !PAYABLE_STATES.includes(order.state) || hasExpired(order.expire_time))
    return fail(Codes.ORDER_NOT_PAYABLE)
  const items = (await itemsOf(deps.db, [orderId])).get(orderId) ?? []
  return ok({
    address_info: addressView(order),
    order_id: order.order_id,
    sku_infos: items.map((i) => ({ sku_name: i.sku_name, sku_id: i.sku_id })),
    pay_amount: order.pay_amount,
  })
}

export async function cancelOrder(deps: Deps, userId: number, orderId: string, reason: string) {
  const now = nowSeconds()
  const moved = await deps.db.transaction().execute(async (trx) => {
    // The customer's row first, as commit_order takes it (see lockOrderOwner).
    await lockUser(trx, userId)
    const done = await moveOrder(trx, orderId, 'cancel', {
      actor: userActor(userId),
      userId,
      set: { cancel_time: now, cancel_reason: reason },
      note: reason,
    })
    if (done) await releaseHolds(trx, orderId)
    return done
  })
  if (!moved) return fail(Codes.CANCEL_REFUSED)
  // Its charges are closed now, so a pay page left open cannot take money for a cancelled order.
  await closeOrderChargesNow(deps, orderId)
  return ok()
}

export async function confirmOrder(deps: Deps, userId: number, orderId: string) {
  const moved = await deps.db.transaction().execute((trx) =>
    moveOrder(trx, orderId, 'confirm', {
      actor: userActor(userId),
      userId,
      set: { confirm_time: nowSeconds() },
      afterSale: 'none',
    }),
  )
  return moved ? ok() : fail(Codes.CONFIRM_REFUSED)
}

/** Hides a finished order from the customer's lists; it stays for the shop's books. */
export async function deleteOrder(deps: Deps, userId: number, orderId: string) {
  const removed = await deps.db.transaction().execute(async (trx) => {
    if (!(await hideOrder(trx, userId, orderId, TERMINAL_STATES, nowSeconds()))) return false
    await writeLog(trx, userActor(userId), { type: 'order', id: orderId }, '删除订单')
    return true
  })
  return removed ? ok() : fail(Codes.DELETE_REFUSED)
}

/** Ships a paid order (the back office's send_out); not while its refund, or the customer's request for one, is open. */
export async function shipOrder(deps: Deps, actor: Actor, orderId: string, logisticsId: string, logistics: string) {
  const moved = await deps.db
    .transaction()
    .execute((trx) => shipInTransaction(trx, actor, orderId, logisticsId, logistics))
  return moved ? ok() : fail(Codes.SHIP_REFUSED)
}

/** send_out's move in `trx`: 1→2, its log, the customer's text; false when the order cannot ship (nothing done). */
export async function shipInTransaction(
  trx: Transaction<Database>,
  actor: Actor,
  orderId: string,
  logisticsId: string,
  logistics: string,
): Promise<boolean> {
  await lockOrder(trx, orderId)
  const shipped = await moveOrder(trx, orderId, 'ship', {
    actor,
    set: { logistics_id: logisticsId, logistics, send_time: nowSeconds() },
    note: `${logistics} ${logisticsId}`,
    noRefundUnderway: true,
    afterSale: 'none',
  })
  // The customer hears of it through the outbox, in the move's own transaction: once, and only if it happened.
  const mobile = shipped ? await customerMobileOf(trx, orderId) : undefined
  if (mobile)
    await enqueueSms(trx, mobile, 'order_shipped', { order_id: orderId, logistics, logistics_id: logisticsId })
  return shipped
}
