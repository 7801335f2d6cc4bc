import type { Deps } from '../../deps.ts'
import { given } from '../../http/params.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { historyOf, writeLog, type Actor } from '../oplog/index.ts'
import { redemptionOfOrder } from '../coupon/index.ts'
import { customerSummary } from '../user/index.ts'
import { paymentsOf, refundsOf } from '../payment/index.ts'
import { countAdminOrders, listAdminOrders, setAdminNote } from './admin-repo.ts'
import { findOrder, itemsOf } from './repo.ts'
import { isOrderListType, ORDER_LIST_TYPES } from './state.ts'
import type { Order, OrderItem } from '../../db/types.ts'
import { addressView, itemView, orderView, pagination } from './view.ts'

export interface AdminOrderQuery {
  u_id?: number | ''
  u_mobile?: string
  order_id?: string
  ctime_st?: number | ''
  ctime_ed?: number | ''
  order_type: string
  page: number
  count: number
}

/** An order as the back office sees it: the customer's view plus the admin note and the internal flags. */
const adminOrderView = (o: Order, items: OrderItem[]) => ({
  ...orderView(o, items),
  admin_note: o.admin_note,
  credit_held: o.credit_held,
  after_sale_open: o.after_sale_open,
  update_time: o.update_time,
})

/** `/api/order/list`: every customer's orders, filtered, newest first. */
export async function listOrdersForAdmin(deps: Deps, q: AdminOrderQuery) {
  const orderType = q.order_type === '' ? 'all' : q.order_type
  if (!isOrderListType(orderType)) return fail(Codes.BAD_ORDER_TYPE)
  const filter = {
    userId: given(q.u_id),
    mobilePrefix: given(q.u_mobile),
    orderId: given(q.order_id),
    createdFrom: given(q.ctime_st),
    createdTo: given(q.ctime_ed),
    states: ORDER_LIST_TYPES[orderType],
  }
  const { db } = deps
  const total = await countAdminOrders(db, filter)
  const orders = await listAdminOrders(db, filter, (q.page - 1) * q.count, q.count)
  const items = await itemsOf(
    db,
    orders.map((o) => o.order_id),
  )
  return ok({
    orders: orders.map((o) => ({
      ...adminOrderView(o, items.get(o.order_id) ?? []),
      user_name: o.user_name,
      user_mobile: o.user_mobile,
    })),
    pagination: pagination(total, q.page, q.count),
  })
}

/** `/api/order/detail`: the order with its customer, address, lines, payments and history. */
export async function orderDetailForAdmin(deps: Deps, orderId: string) {
  const { db } = deps
  const order = await findOrder(db, orderId)
  if (!order) return fail(Codes.ORDER_NOT_FOUND)
  const items = (await itemsOf(db, [orderId])).get(orderId) ?? []
  const refunds = await refundsOf(db, orderId)
  // Each payment with every refund asked of it: under way, done, or failed and why.
  const payments = (await paymentsOf(db, orderId)).map(({ event_id: _event, order_id: _order, ...p }) => ({
    ...p,
    refunds: refunds.filter((r) => r.payment_id === p.id),
  }))
  return ok({
    order_info: adminOrderView(order, items),
    user_info: await customerSummary(db, order.user_id),
    address_info: addressView(order),
    sku_infos: items.map(itemView),
    // The money that paid the order (null until paid); every other payment is in `payments`.
    pay_info: payments.find((p) => p.target_type === 'pay' && p.needs_refund === 0) ?? null,
    payments,
    order_log_infos: await historyOf(db, { type: 'order', id: orderId }),
    // The coupon the order used and what it took off (null when none); release_time once a cancel or expiry freed it.
    coupon_info: (await redemptionOfOrder(db, orderId)) ?? null,
  })
}

export async function addAdminNote(deps: Deps, actor: Actor, orderId: string, note: string) {
  const noted = await deps.db.transaction().execute(async (trx) => {
    if (!(await setAdminNote(trx, orderId, note, nowSeconds()))) return false
    await writeLog(trx, actor, { type: 'order', id: orderId }, note ? `管理员备注: ${note}` : '清除管理员备注')
    return true
  })
  return noted ? ok() : fail(Codes.ORDER_NOT_FOUND)
}
