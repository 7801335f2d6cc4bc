import type { Deps } from '../../deps.ts'
import { given } from '../../http/params.ts'
import { Codes } from '../../domain/codes.ts'
import { nowSeconds } from '../../time.ts'
import { historyOf, writeLog, type Actor } from '../oplog/index.ts'
import { redemptionOfOrder } from '../coupon/index.ts'
import { customerSummary } from '../user/index.ts'
import { paymentsOf, refundsOf } from '../payment/index.ts'
import {
  countAdminOrders,
  listAdminOrders,
  ORDER_COUNT_CAP,
  resolveCustomers,
  setAdminNote,
  type OrderCursor,
} from './admin-repo.ts'
import { findOrder, itemsOf } from './repo.ts'
import { isOrderListType, ORDER_LIST_TYPES } from './state.ts'
import { fail, ok, type Result } from '../../domain/result.ts'
import type { AdminOrderFilter } from './admin-repo.ts'
import type { Order, OrderItem } from '../../db/types.ts'
import { addressView, itemView, orderView, pagination } from './view.ts'

export interface AdminOrderQuery {
  u_id?: number | ''
  u_mobile?: string
  order_id?: string
  ctime_st?: number | ''
  ctime_ed?: number | ''
  order_type: string
  after?: string
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

export type ExportQuery = Omit<AdminOrderQuery, 'page' | 'count' | 'after'>

/** The list's filter from its parameters; 201 for an unknown order_type. */
export function orderFilterOf(q: ExportQuery): Result<AdminOrderFilter> {
  const orderType = q.order_type === '' ? 'all' : q.order_type
  if (!isOrderListType(orderType)) return fail(Codes.BAD_ORDER_TYPE)
  return ok({
    userId: given(q.u_id),
    mobilePrefix: given(q.u_mobile),
    orderId: given(q.order_id),
    createdFrom: given(q.ctime_st),
    createdTo: given(q.ctime_ed),
    states: ORDER_LIST_TYPES[orderType],
  })
}

const PAST_THE_WINDOW = '参数page无效:按页码只能翻到第 10 000 条订单,更深请用 after(上一页的 next)或导出'

/** `/api/order/list`: every customer's orders, filtered, newest first. */
export async function listOrdersForAdmin(deps: Deps, q: AdminOrderQuery) {
  const filtered = orderFilterOf(q)
  if (!filtered.ok) return filtered
  const after = cursorOf(given(q.after))
  // Past the counted orders an offset would skip a million index entries: deeper goes by `after`
  // (or the export), as a search engine's result window ends.
  if (!after && (q.page - 1) * q.count >= ORDER_COUNT_CAP) return fail(Codes.INVALID_PARAM, PAST_THE_WINDOW)
  const { db } = deps
  const filter = await resolveCustomers(db, filtered.value)
  const total = await countAdminOrders(db, filter)
  const orders = await listAdminOrders(db, filter, (q.page - 1) * q.count, q.count, after)
  const last = orders.at(-1)
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
    pagination: cappedPagination(total, q.page, q.count),
    // The next page as a keyset cursor: as cheap at page 50 000 as at page 2.
    next: last && orders.length === q.count ? `${last.create_time}_${last.order_id}` : '',
  })
}

/** `1764000000_1764000000000123`: the creation time and id of the last order of the page before. */
function cursorOf(after: string | undefined): OrderCursor | undefined {
  if (!after) return undefined
  const at = after.indexOf('_')
  return { createTime: Number(after.slice(0, at)), orderId: after.slice(at + 1) }
}

/** Pages as the seed counts them; `capped` 1 when the count is a lower bound ("10 000+"). */
function cappedPagination(total: { n: number; atLeast: boolean }, page: number, count: number) {
  return { ...pagination(total.n, page, count), capped: total.atLeast ? (1 as const) : (0 as const) }
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
