import { Type } from '@sinclair/typebox'
import { MAX_PRICE_FEN } from '../../domain/money.ts'
import { flag as flagAnswer, OrderState as OrderStateAnswer } from '../../http/answer-schemas.ts'
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

// Answers. Money is integer fen, times are Unix seconds.

const closed = { additionalProperties: false } as const
const money = (description: string) => Type.Integer({ description: `${description}, fen` })
const timeOrNull = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description })
export { flagAnswer, OrderStateAnswer }

/** A line's snapshot as the order keeps it, with its amounts. */
const lineProps = {
  sku_id: Type.String(),
  sku_name: Type.String(),
  sku_image: Type.String({ description: "the SKU's first image when ordered, '' when it had none" }),
  real_price: money('the unit price'),
  first_price: money('the first payment per unit'),
  sku_count: Type.Integer(),
  weight: Type.Integer({ description: 'grams per unit' }),
  postfee: money('shipping for the line'),
  sku_amount: money('sku_count × real_price'),
  first_amount: money('sku_count × first_price'),
  credit: money('sku_amount − first_amount: what the line borrows'),
}
export const OrderLineAnswer = Type.Object(lineProps, closed)

/** The address the order ships to, as it was when committed. */
export const AddressSnapshot = Type.Object(
  {
    id: Type.Integer({ description: 'the address id it was copied from' }),
    name: Type.String(),
    mobile: Type.String(),
    address: Type.String(),
  },
  closed,
)

/** An order as the customer sees it (no admin note, no internal flags): the fields of orderView. */
export const orderProps = {
  order_id: Type.String({ description: 'the order id, 16 digits' }),
  user_id: Type.Integer(),
  state: OrderStateAnswer,
  status: flagAnswer('1 visible, 0 deleted by the customer'),
  sku_amount: money('Σ the lines’ sku_amount'),
  ship_amount: money('shipping'),
  credit_amount: money('≤ 0: what the order borrows on the card'),
  favour_amount: money('≤ 0: what the coupon took off'),
  coupon_code: Type.String({ description: "the coupon used, upper-case; '' when none" }),
  manual_amount: money('an adjustment, 0'),
  pay_amount: money('sku_amount + credit_amount + ship_amount + favour_amount + manual_amount: paid now'),
  credit_card_state: flagAnswer('0 owed, 1 repaid (or nothing borrowed)'),
  user_note: Type.String(),
  cancel_reason: Type.String(),
  logistics_id: Type.String({ description: "the tracking number, '' before shipping" }),
  logistics: Type.String({ description: "the carrier, '' before shipping" }),
  ctime: Type.Integer({ description: 'the same as create_time (the original API’s name)' }),
  create_time: Type.Integer(),
  expire_time: Type.Integer({ description: 'an unpaid order expires at this second' }),
  pay_time: timeOrNull('when paid; null before'),
  send_time: timeOrNull('when shipped; null before'),
  confirm_time: timeOrNull('when the customer confirmed receipt; null before'),
  cancel_time: timeOrNull('when cancelled; null otherwise'),
  refund_time: timeOrNull('when refunded; null otherwise'),
  repay_time: timeOrNull('when its debt was repaid; null before'),
  skus_info: Type.Array(OrderLineAnswer),
}
export const OrderAnswer = Type.Object(orderProps, closed)

/** `pagination` of the order lists: `count` is the total, not the page size. */
export const OrderPagination = Type.Object(
  {
    allpage: Type.Integer({ description: 'pages in all, at least 1' }),
    page: Type.Integer(),
    count: Type.Integer({ description: 'orders in all (not per page)' }),
  },
  closed,
)

/** A quote's line: the snapshot it would write, and the cart line it comes from. */
const QuoteLine = Type.Object(
  { cart_id: Type.Union([Type.Integer(), Type.Null()], { description: 'null for an sku order' }), ...lineProps },
  closed,
)

export const QuoteAnswer = Type.Object(
  {
    order_sku_infos: Type.Array(QuoteLine),
    order_sku_count: Type.Integer({ description: 'units in all' }),
    order_sku_amount: money('Σ sku_amount'),
    credit_amount: money('≤ 0: what the order would borrow'),
    ship_amount: money('shipping'),
    favour_amount: money('≤ 0: what the coupon takes off'),
    pay_amount: money('what would be paid now'),
    coupon_code: Type.String({ description: "the coupon as it will be kept (upper-case), '' for none" }),
    credit_remain: money('what the card has left now'),
  },
  closed,
)

export const CommitAnswer = Type.String({ description: 'the new order id, 16 digits' })

export const OrderListAnswer = Type.Object(
  { pagination: OrderPagination, order_list: Type.Array(OrderAnswer, { description: 'newest first' }) },
  closed,
)

export const OrderDetailAnswer = Type.Object(
  { order_info: Type.Object({ ...orderProps, address_info: AddressSnapshot }, closed) },
  closed,
)

export const BriefForPayAnswer = Type.Object(
  {
    address_info: AddressSnapshot,
    order_id: Type.String(),
    sku_infos: Type.Array(Type.Object({ sku_name: Type.String(), sku_id: Type.String() }, closed)),
    pay_amount: money('what is to be paid now'),
  },
  closed,
)

/**
 * The provider's charge object, handed to the browser whole (Ping++'s pingpp-pc.js, or the
 * sandbox's page through credential.sandbox.pay_url). The sandbox answers every field below;
 * Ping++ answers its own charge object, of which sfm checks object, id, order_no and amount,
 * so fields Ping++ adds pass through.
 */
export const ChargeAnswer = Type.Object(
  {
    id: Type.String({ description: 'the charge id, ch_…' }),
    object: Type.Literal('charge'),
    created: Type.Optional(Type.Integer()),
    livemode: Type.Optional(Type.Boolean()),
    paid: Type.Boolean(),
    refunded: Type.Optional(Type.Boolean()),
    app: Type.Optional(Type.String()),
    channel: Type.String({ description: 'alipay_pc_direct or wx_pub_qr' }),
    order_no: Type.String({ description: 'the order id; for a repayment the order id, R and 8 hex digits' }),
    client_ip: Type.Optional(Type.String()),
    amount: money('what the charge takes'),
    amount_settle: Type.Optional(Type.Integer()),
    currency: Type.Literal('cny'),
    subject: Type.Optional(Type.String()),
    body: Type.Optional(Type.String()),
    extra: Type.Object({}, { additionalProperties: true, description: 'success_url (alipay) or product_id (wx)' }),
    time_paid: Type.Union([Type.Integer(), Type.Null()]),
    time_expire: Type.Integer({ description: 'the charge can be paid until then' }),
    time_settle: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    transaction_no: Type.Union([Type.String(), Type.Null()]),
    refunds: Type.Optional(Type.Object({}, { additionalProperties: true })),
    amount_refunded: Type.Optional(Type.Integer()),
    failure_code: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    failure_msg: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    metadata: Type.Object(
      {
        type: Type.Union([Type.Literal('order_pay'), Type.Literal('card_pay'), Type.Literal('bill_pay')], {
          description: "what the charge pays for: an order's first payment, or a repayment of its debt",
        }),
      },
      { additionalProperties: Type.String(), description: 'type, and order_id: the order it is for' },
    ),
    credential: Type.Object({}, { additionalProperties: true, description: 'what the browser SDK pays with' }),
    description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: true },
)
