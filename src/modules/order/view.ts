import type { Order, OrderItem } from '../../db/types.ts'

/** For one line: what it costs, what is paid first, and what is borrowed. */
export function lineAmounts(count: number, realPrice: number, firstPrice: number) {
  const skuAmount = count * realPrice
  const firstAmount = count * firstPrice
  return { sku_amount: skuAmount, first_amount: firstAmount, credit: skuAmount - firstAmount }
}

export function itemView(i: OrderItem) {
  return {
    sku_id: i.sku_id,
    sku_name: i.sku_name,
    sku_image: i.sku_image,
    real_price: i.real_price,
    first_price: i.first_price,
    sku_count: i.sku_count,
    weight: i.weight,
    postfee: i.postfee,
    ...lineAmounts(i.sku_count, i.real_price, i.first_price),
  }
}

export const addressView = (o: Order) => ({
  id: o.address_id,
  name: o.address_name,
  mobile: o.address_mobile,
  address: o.address_text,
})

/** An order as customers see it: no admin note, no internal flags. */
export function orderView(o: Order, items: OrderItem[]) {
  return {
    order_id: o.order_id,
    user_id: o.user_id,
    state: o.state,
    status: o.status,
    sku_amount: o.sku_amount,
    ship_amount: o.ship_amount,
    credit_amount: o.credit_amount,
    favour_amount: o.favour_amount,
    coupon_code: o.coupon_code,
    manual_amount: o.manual_amount,
    pay_amount: o.pay_amount,
    credit_card_state: o.credit_card_state,
    user_note: o.user_note,
    cancel_reason: o.cancel_reason,
    logistics_id: o.logistics_id,
    logistics: o.logistics,
    ctime: o.create_time,
    create_time: o.create_time,
    expire_time: o.expire_time,
    pay_time: o.pay_time,
    send_time: o.send_time,
    confirm_time: o.confirm_time,
    cancel_time: o.cancel_time,
    refund_time: o.refund_time,
    repay_time: o.repay_time,
    skus_info: items.map(itemView),
  }
}

/** Pages are 1-based; `allpage` is at least 1 so an empty list still has a page to show. */
export function pagination(total: number, page: number, count: number) {
  return { allpage: Math.max(1, Math.ceil(total / count)), page, count: total }
}
