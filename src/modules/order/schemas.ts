import { Type } from '@sinclair/typebox'
import { MAX_PRICE_FEN } from '../../domain/money.ts'
import { NOTE_PATTERN } from '../../http/params.ts'

const fen = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_PRICE_FEN, description })
export const OrderId = Type.String({
  minLength: 1,
  maxLength: 20,
  pattern: '^[0-9]+$',
  description: 'the order id (digits)',
})

const CartItem = Type.Object({
  cart_id: Type.Integer({ minimum: 1, description: 'a line of the caller’s cart' }),
  first_price: Type.Optional(fen('chosen first payment per unit; the cart line’s when left out')),
})
const SkuItem = Type.Object({
  sku_id: Type.String({ minLength: 1, maxLength: 64 }),
  sku_count: Type.Integer({ minimum: 1, maximum: 99 }),
  first_price: fen('chosen first payment per unit'),
})

const orderLines = {
  order_type: Type.Union([Type.Literal('cart'), Type.Literal('sku')], {
    description: 'cart: from the cart (cart_list); sku: from a product page (sku_list)',
  }),
  cart_list: Type.Optional(Type.Array(CartItem, { maxItems: 50 })),
  sku_list: Type.Optional(Type.Array(SkuItem, { maxItems: 50 })),
  coupon_code: Type.Optional(Type.String({ maxLength: 64 })),
}

export const PrepareOrder = Type.Object(orderLines)

export const CommitOrder = Type.Object({
  ...orderLines,
  address_id: Type.Integer({ minimum: 1 }),
  user_note: Type.Optional(Type.String({ maxLength: 500, pattern: NOTE_PATTERN, description: 'the customer’s note' })),
})

export const OrderList = Type.Object({
  order_type: Type.String({
    maxLength: 32,
    default: 'all',
    description: 'all, need_pay, need_send, need_receive, complete, cancel, overtime, refund',
  }),
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
})

export const ByOrderId = Type.Object({ order_id: OrderId })

export const CancelOrder = Type.Object({
  order_id: OrderId,
  reason: Type.Optional(Type.String({ maxLength: 500, pattern: NOTE_PATTERN })),
})
