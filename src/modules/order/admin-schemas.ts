import { Type } from '@sinclair/typebox'
import { orNull } from '../../http/answer-schemas.ts'
import { blankable, paging, timeBound } from '../../http/params.ts'
import { skuId } from '../catalog/index.ts'
import { LogEntryAnswer } from '../oplog/index.ts'
import { AddressSnapshot, flagAnswer, OrderId, OrderLineAnswer, OrderPagination, orderProps } from './schemas.ts'

const note = (max: number, description: string) =>
  Type.String({ maxLength: max, pattern: '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$', description })

export const AdminOrderList = Type.Object({
  u_id: blankable(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the customer’s user id (exact)' }),
  ),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the customer’s mobile' })),
  order_id: blankable(OrderId),
  ctime_st: timeBound('created at or after (Unix seconds)'),
  ctime_ed: timeBound('created at or before (Unix seconds)'),
  order_type: Type.String({
    maxLength: 32,
    default: 'all',
    description: 'all, need_pay, need_send, need_receive, complete, cancel, overtime, refund; 201 otherwise',
  }),
  after: blankable(
    Type.String({
      maxLength: 40,
      pattern: '^[0-9]{1,15}_[0-9]{1,20}$',
      description: 'the `next` of the page before: this page starts after it (page is then only its label)',
    }),
  ),
  ...paging,
})

/** The list's filters, for the export (every matching order, no pages). */
export const AdminOrderExport = Type.Object({
  u_id: AdminOrderList.properties.u_id,
  u_mobile: AdminOrderList.properties.u_mobile,
  order_id: AdminOrderList.properties.order_id,
  ctime_st: AdminOrderList.properties.ctime_st,
  ctime_ed: AdminOrderList.properties.ctime_ed,
  order_type: AdminOrderList.properties.order_type,
})

export const ByOrderId = Type.Object({ order_id: OrderId })

export const SendOut = Type.Object({
  order_id: OrderId,
  logistics_id: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'the tracking number',
  }),
  logistics: Type.String({
    minLength: 1,
    maxLength: 64,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'the carrier, e.g. 申通快递',
  }),
})

export const AddAdminNote = Type.Object({
  order_id: OrderId,
  admin_note: note(1000, 'the note (replaces the previous one; empty clears it)'),
})

export const Refund = Type.Object({
  order_id: OrderId,
  reason: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[^\\u0000-\\u001f\\u007f]+$',
    description: 'why: kept in the history and sent to the channel',
  }),
})

// Answers.

const closed = { additionalProperties: false } as const

/** An order as the back office sees it: the customer's view, the admin note and the internal flags. */
const adminOrderProps = {
  ...orderProps,
  admin_note: Type.String({ description: 'customers never see it' }),
  credit_held: flagAnswer('1 while the credit is taken from the card: held before payment, owed after'),
  after_sale_open: flagAnswer('1 while an after-sale request of the order is open: no ship, confirm or refund here'),
  update_time: Type.Integer(),
}

/** The customer, as the back office's order and card pages show them. */
export const CustomerSummaryAnswer = Type.Object(
  {
    id: Type.Integer(),
    user_name: Type.String(),
    mobile: Type.String(),
    register_dt: Type.Integer({ description: 'signed up at' }),
    lastlogin: orNull(Type.Integer(), 'the last sign-in; null before the first'),
    auth_status: Type.String({ description: 'where their identity review stands: none, pending, passed or rejected' }),
  },
  closed,
)

/** A refund asked of the provider for one payment. */
export const RefundAnswer = Type.Object(
  {
    id: Type.Integer(),
    payment_id: Type.Integer(),
    order_id: Type.String(),
    amount: Type.Integer({ description: 'fen' }),
    share: Type.Union([Type.Literal(0), Type.Literal(1)], {
      description: "1: this order's share of a bill payment, given back as a partial refund; 0: the whole payment",
    }),
    reason: Type.String(),
    state: Type.Union(
      [Type.Literal('queued'), Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')],
      { description: 'queued: to ask the provider; pending: asked, not finished; then succeeded or failed' },
    ),
    refund_id: orNull(Type.String(), "the provider's refund id (re_…), once it answered"),
    attempts: Type.Integer({ description: 'how often the provider was asked or looked up' }),
    next_attempt_at: Type.Integer({ description: 'when the worker next asks or looks' }),
    last_error: Type.String({ description: "why the last attempt did not finish it, or why it failed; '' when none" }),
    create_time: Type.Integer(),
    update_time: Type.Integer(),
    finish_time: orNull(Type.Integer(), 'when it succeeded or failed for good'),
  },
  closed,
)

/** What refund and refund_flagged answer: the order's refunds as they stand. */
export const RefundsAnswer = Type.Object({ refunds: Type.Array(RefundAnswer) }, closed)

/** A payment the order received, with every refund asked of it. */
const PaymentAnswer = Type.Object(
  {
    id: Type.Integer(),
    target_type: Type.Union([Type.Literal('pay'), Type.Literal('card'), Type.Literal('bill')], {
      description: 'pay: the order’s first payment; card: a repayment of its debt',
    }),
    water_id: Type.String({ description: "the channel's transaction number" }),
    channel_id: Type.Integer({ minimum: -1, maximum: 1, description: '0 wx, 1 alipay, −1 none (nothing was charged)' }),
    channel: Type.String({ description: "the charge's channel, or none" }),
    channel_water_id: Type.String({ description: 'the charge id' }),
    amount: Type.Integer({ description: 'fen' }),
    time: Type.Integer(),
    needs_refund: flagAnswer('1 when the order could not take this money: it is to be given back'),
    refund_state: Type.Union([Type.Literal('none'), Type.Literal('requested'), Type.Literal('refunded')]),
    refund_time: orNull(Type.Integer(), 'when its refund succeeded'),
    refunds: Type.Array(RefundAnswer),
  },
  closed,
)

/** The seed's pagination, with a count that stops at 10 000. */
const CappedPagination = Type.Object(
  {
    ...OrderPagination.properties,
    capped: flagAnswer('1 when more orders match than `count` (10 000): the console shows "10 000+"'),
  },
  closed,
)

export const AdminOrderListAnswer = Type.Object(
  {
    orders: Type.Array(
      Type.Object(
        {
          ...adminOrderProps,
          user_name: Type.String({ description: "the customer's user name" }),
          user_mobile: Type.String({ description: "the customer's mobile" }),
        },
        closed,
      ),
      { description: 'newest first, deleted ones too (status 0)' },
    ),
    pagination: CappedPagination,
    next: Type.String({ description: "the next page's `after` when this page is full; '' at the end" }),
  },
  closed,
)

export const AdminOrderDetailAnswer = Type.Object(
  {
    order_info: Type.Object(adminOrderProps, closed),
    user_info: CustomerSummaryAnswer,
    address_info: AddressSnapshot,
    sku_infos: Type.Array(OrderLineAnswer),
    pay_info: orNull(PaymentAnswer, 'the payment that paid the order; null before it was paid'),
    payments: Type.Array(PaymentAnswer, {
      description: 'every payment: repayments and money to give back (needs_refund 1) too',
    }),
    order_log_infos: Type.Array(LogEntryAnswer, { description: 'its history, oldest first' }),
    coupon_info: orNull(
      Type.Object(
        {
          coupon_id: Type.Integer(),
          code: Type.String(),
          kind: Type.Union([Type.Literal('amount'), Type.Literal('percent')]),
          value: Type.Integer({ description: 'amount: fen off; percent: % of sku_amount' }),
          max_off: Type.Integer({ description: 'percent: at most this many fen off, 0 no cap' }),
          discount: Type.Integer({ description: 'fen it took off this order' }),
          create_time: Type.Integer({ description: 'when the order redeemed it' }),
          release_time: orNull(Type.Integer(), 'when a cancel or expiry gave it back; null while used'),
        },
        closed,
      ),
      'the coupon the order used; null when none',
    ),
  },
  closed,
)

export const DeleteSku = Type.Object({ sku_id: skuId })
