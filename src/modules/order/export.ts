// `/api/order/export`: the orders of a list filter as CSV, read in keyset batches of
// EXPORT_BATCH orders. Memory stays that of one batch whatever the count; no connection or
// transaction is held between batches (SQLite's one writer is never waited on for a long
// read); and when the client goes away, the stream is destroyed and no next batch is read. Each
// order is written once: the batches walk (create_time, order_id), which never change.
import type { Deps } from '../../deps.ts'
import { BOM, csvLine, yuan } from '../../domain/csv.ts'
import { ZoneClock } from '../../time.ts'
import { exportStarted } from '../../metrics/index.ts'
import { listAdminOrders, resolveCustomers, type AdminOrderFilter, type OrderCursor } from './admin-repo.ts'
import { itemsOf } from './repo.ts'
import { STATE_NAMES } from './state.ts'

export const EXPORT_BATCH = 1000

const HEADER = [
  '订单号',
  '状态',
  '下单时间',
  '付款时间',
  '发货时间',
  '用户ID',
  '用户手机',
  '收货人',
  '收货手机',
  '收货地址',
  '商品',
  '商品金额',
  '运费',
  '额度(借)',
  '优惠',
  '调整',
  '首付(实付)',
  '优惠券',
  '物流公司',
  '物流单号',
  '管理员备注',
]

/** The CSV's text in chunks: the BOM and header, then one chunk per batch of orders. */
export async function* orderCsv(deps: Deps, asked: AdminOrderFilter): AsyncGenerator<string> {
  const clock = ZoneClock.of(deps.config.shopTimeZone)
  const time = (t: number | null) => (t === null ? '' : clock.iso(t))
  const done = exportStarted('orders')
  try {
    yield BOM + csvLine(HEADER)
    const filter = await resolveCustomers(deps.db, asked)
    let after: OrderCursor | undefined
    for (;;) {
      const orders = await listAdminOrders(deps.db, filter, 0, EXPORT_BATCH, after)
      if (orders.length === 0) return
      const items = await itemsOf(
        deps.db,
        orders.map((o) => o.order_id),
      )
      let chunk = ''
      for (const o of orders) {
        const lines = items.get(o.order_id) ?? []
        chunk += csvLine([
          o.order_id,
          STATE_NAMES[o.state] ?? String(o.state),
          time(o.create_time),
          time(o.pay_time),
          time(o.send_time),
          o.user_id,
          o.user_mobile,
          o.address_name,
          o.address_mobile,
          o.address_text,
          lines.map((l) => `${l.sku_name}×${l.sku_count}`).join('; '),
          yuan(o.sku_amount),
          yuan(o.ship_amount),
          yuan(o.credit_amount),
          yuan(o.favour_amount),
          yuan(o.manual_amount),
          yuan(o.pay_amount),
          o.coupon_code,
          o.logistics,
          o.logistics_id,
          o.admin_note,
        ])
      }
      yield chunk
      const last = orders.at(-1)
      if (!last || orders.length < EXPORT_BATCH) return
      after = { createTime: last.create_time, orderId: last.order_id }
    }
  } finally {
    done()
  }
}
