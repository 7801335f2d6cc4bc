import type { Deps } from '../../deps.ts'
import { lockOrder, lockUser } from '../../db/dialect.ts'
import { Codes } from '../../http/codes.ts'
import { fail, ok, type Outcome } from '../../http/envelope.ts'
import { hasExpired, nowSeconds } from '../../time.ts'
import { userActor, writeLog, type Actor } from '../oplog/index.ts'
import { closeOrderChargesNow } from '../payment/index.ts'
import { releaseHolds } from './holds.ts'
import { countOrders, findOwnOrder, itemsOf, listOrders } from './repo.ts'
import { moveOrder, OrderState, PAYABLE_STATES, TERMINAL_STATES } from './state.ts'
import { addressView, orderView, pagination } from './view.ts'

/** get_order_list's order_type values and the states each shows. */
export const ORDER_TYPES: Record<string, readonly number[] | undefined> = {
  all: undefined,
  need_pay: PAYABLE_STATES,
  need_send: [OrderState.PAID],
  need_receive: [OrderState.SHIPPED],
  complete: [OrderState.COMPLETE],
  cancel: [OrderState.CANCELLED],
  overtime: [OrderState.EXPIRED],
  refund: [OrderState.REFUNDED],
}

/** The customer's side of orders once committed. */
export class OrderService {
  constructor(private readonly deps: Deps) {}

  async list(userId: number, orderType: string, page: number, count: number): Promise<Outcome> {
    if (!Object.hasOwn(ORDER_TYPES, orderType)) return fail(Codes.BAD_ORDER_TYPE)
    const filter = { userId, states: ORDER_TYPES[orderType], visibleOnly: true }
    const { db } = this.deps
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

  async get(userId: number, orderId: string): Promise<Outcome> {
    const order = await findOwnOrder(this.deps.db, userId, orderId)
    if (!order) return fail(Codes.ORDER_NOT_FOUND)
    const items = await itemsOf(this.deps.db, [orderId])
    return ok({ order_info: { ...orderView(order, items.get(orderId) ?? []), address_info: addressView(order) } })
  }

  async briefForPay(userId: number, orderId: string): Promise<Outcome> {
    const order = await findOwnOrder(this.deps.db, userId, orderId)
    if (!order || !PAYABLE_STATES.includes(order.state as 0) || hasExpired(order.expire_time))
      return fail(Codes.ORDER_NOT_PAYABLE)
    const items = (await itemsOf(this.deps.db, [orderId])).get(orderId) ?? []
    return ok({
      address_info: addressView(order),
      order_id: order.order_id,
      sku_infos: items.map((i) => ({ sku_name: i.sku_name, sku_id: i.sku_id })),
      pay_amount: order.pay_amount,
    })
  }

  async cancel(userId: number, orderId: string, reason: string): Promise<Outcome> {
    const now = nowSeconds()
    const moved = await this.deps.db.transaction().execute(async (trx) => {
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
    await closeOrderChargesNow(this.deps, orderId)
    return ok()
  }

  async confirm(userId: number, orderId: string): Promise<Outcome> {
    const moved = await this.deps.db
      .transaction()
      .execute((trx) =>
        moveOrder(trx, orderId, 'confirm', { actor: userActor(userId), userId, set: { confirm_time: nowSeconds() } }),
      )
    return moved ? ok() : fail(Codes.CONFIRM_REFUSED)
  }

  /** Hides a finished order from the customer's lists; it stays for the shop's books. */
  async remove(userId: number, orderId: string): Promise<Outcome> {
    const removed = await this.deps.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('orders')
        .set({ status: 0, update_time: nowSeconds() })
        .where('order_id', '=', orderId)
        .where('user_id', '=', userId)
        .where('status', '=', 1)
        .where('state', 'in', TERMINAL_STATES)
        .executeTakeFirst()
      if (Number(res.numUpdatedRows) !== 1) return false
      await writeLog(trx, userActor(userId), { type: 'order', id: orderId }, '删除订单')
      return true
    })
    return removed ? ok() : fail(Codes.DELETE_REFUSED)
  }
}

/** Ships a paid order (the back office's send_out); not while its refund is under way. */
export async function shipOrder(
  deps: Deps,
  actor: Actor,
  orderId: string,
  logisticsId: string,
  logistics: string,
): Promise<Outcome> {
  const moved = await deps.db.transaction().execute(async (trx) => {
    await lockOrder(trx, orderId)
    return moveOrder(trx, orderId, 'ship', {
      actor,
      set: { logistics_id: logisticsId, logistics, send_time: nowSeconds() },
      note: `${logistics} ${logisticsId}`,
      noRefundUnderway: true,
    })
  })
  return moved ? ok() : fail(Codes.SHIP_REFUSED)
}
