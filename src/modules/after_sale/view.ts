import type { AfterSaleRow } from '../../db/types.ts'

/** A request as its customer sees it. */
export const afterSaleView = (r: AfterSaleRow) => ({
  after_sale_id: r.id,
  order_id: r.order_id,
  kind: r.kind,
  state: r.state,
  reason: r.reason,
  images: JSON.parse(r.images) as string[],
  admin_note: r.admin_note,
  logistics: r.logistics,
  logistics_id: r.logistics_id,
  create_time: r.create_time,
  update_time: r.update_time,
})
