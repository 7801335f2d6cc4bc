import { Type } from '@sinclair/typebox'
import { exact, fen, flag, orNull, Pagination, unixTime } from '../../http/answer-schemas.ts'
import { blankable, paging } from '../../http/params.ts'

/** `pay_params` of /api/order/pay and /api/credit_card/pay alike. */
export const PayParams = Type.Object({
  pay_params: Type.Object({
    order_id: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'the order id (digits)' }),
    channel: Type.Union([Type.Literal('alipay_pc_direct'), Type.Literal('wx_pub_qr')]),
    success_url: Type.Optional(
      Type.String({ maxLength: 500, description: 'alipay: where the browser goes after paying' }),
    ),
  }),
})

export const RefundList = Type.Object({
  state: Type.Union(
    [
      Type.Literal('all'),
      Type.Literal('open'),
      Type.Literal('queued'),
      Type.Literal('pending'),
      Type.Literal('succeeded'),
      Type.Literal('failed'),
    ],
    {
      default: 'all',
      description: 'open: queued or pending (under way); failed: given up, to be looked at',
    },
  ),
  order_id: blankable(
    Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'one order’s refunds' }),
  ),
  ...paging,
})

// Answers (the envelope's `data` on success).

/** One refund asked of the provider for one payment, whole or (a bill payment) the share of one order. */
export const RefundAnswer = exact({
  id: Type.Integer({ description: 'the refund’s id in this shop' }),
  payment_id: Type.Integer({ description: 'the payment it gives back' }),
  order_id: Type.String({ description: 'the order it gives back for; for a share, the refunded order' }),
  amount: fen('fen given back'),
  share: Type.Union([Type.Literal(0), Type.Literal(1)], {
    description:
      '1: the share of a bill payment applied to order_id’s debt, given back as a partial refund; 0: the whole payment',
  }),
  reason: Type.String({ description: 'why, as the operator wrote it' }),
  state: Type.Union(
    [Type.Literal('queued'), Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')],
    {
      description: 'queued: to ask (again); pending: the provider is working on it; then succeeded or failed for good',
    },
  ),
  refund_id: orNull(Type.String(), 'the provider’s refund id (re_…), null until it answered'),
  attempts: Type.Integer({ minimum: 0, description: 'how often the provider was asked or looked up' }),
  next_attempt_at: unixTime('when the worker asks or looks next (while queued or pending), Unix seconds'),
  last_error: Type.String({ description: 'why the last attempt did not finish it, or why it failed; "" when none' }),
  create_time: unixTime(),
  update_time: unixTime(),
  finish_time: orNull(unixTime(), 'when it succeeded or failed; null while open'),
})

/** A refund in the back office's list: what it gives back, too. */
const ListedRefund = exact({
  ...RefundAnswer.properties,
  purpose: Type.Union([Type.Literal('order_pay'), Type.Literal('card_pay'), Type.Literal('bill_pay')], {
    description: 'what the payment paid for: the order, or a repayment of its debt',
  }),
  needs_refund: flag('1: money the shop could not take (paid after a cancellation, twice…), refunded by itself'),
  channel: Type.String({ description: 'the payment’s channel' }),
})

export const RefundListAnswer = exact({ refunds: Type.Array(ListedRefund), pagination: Pagination })

/** What the webhook did with a verified event. */
export const EventAnswer = exact({
  event_id: Type.String(),
  result: Type.Union([Type.Literal('applied'), Type.Literal('unmatched'), Type.Literal('duplicate')], {
    description: 'applied: it paid or refunded something; unmatched: recorded, nothing to do; duplicate: seen before',
  }),
})
