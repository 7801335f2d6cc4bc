import { Type } from '@sinclair/typebox'
import { orderProps } from '../order/index.ts'
import { MAX_CREDIT_LIMIT_FEN } from '../../domain/money.ts'

export const CardDetail = Type.Object({
  type: Type.Union(
    [Type.Literal('all'), Type.Literal('need_pay'), Type.Literal('over_time'), Type.Literal('has_pay')],
    {
      default: 'all',
      description: 'all; need_pay: owed; over_time: owed past the due date; has_pay: repaid',
    },
  ),
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  count: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
})

export const NoParams = Type.Object({})

// Answers. Money is integer fen, times are Unix seconds.

const closed = { additionalProperties: false } as const

/** The card's own fields, as the customer and the back office see them. */
export const cardProps = {
  card_id: Type.String({ description: '15 digits starting 216' }),
  amount: Type.Integer({ description: 'the credit limit, fen' }),
  remain_amount: Type.Integer({ description: 'what is left to borrow, fen' }),
  channel: Type.String({ description: 'sfm' }),
  create_time: Type.Integer(),
  update_time: Type.Integer({ description: 'its last change' }),
}

export const CardPagination = Type.Object(
  {
    total: Type.Integer({ description: 'orders in all' }),
    page: Type.Integer(),
    count: Type.Integer({ description: 'the page size asked for' }),
  },
  closed,
)

export const CardDetailAnswer = Type.Object(
  {
    credit_card: Type.Object(
      {
        ...cardProps,
        orders: Type.Array(
          Type.Object(
            {
              ...orderProps,
              refund_time: Type.Integer({ description: 'the due date: paid + CREDIT_TERM_DAYS (60) days' }),
              principal_repaid: Type.Integer({ description: 'of the principal, repaid so far (fen)' }),
              fee_due: Type.Integer({ description: 'late fee owed now (fen)' }),
              overdue_days: Type.Integer({ description: 'days past due while something is owed; 0 when not' }),
            },
            closed,
          ),
          { description: 'paid orders that borrowed on the card, newest payment first' },
        ),
      },
      closed,
    ),
    pagination: CardPagination,
  },
  closed,
)

const channel = Type.Union([Type.Literal('alipay_pc_direct'), Type.Literal('wx_pub_qr')])
const successUrl = Type.Optional(
  Type.String({ maxLength: 500, description: 'alipay: where the browser goes after paying' }),
)
const amount = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: MAX_CREDIT_LIMIT_FEN,
    description: 'fen to repay now; at least 100 (or all that is left, when less), at most what is owed; default all',
  }),
)

export const CardPayParams = Type.Object({
  pay_params: Type.Object({
    order_id: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$', description: 'the order id (digits)' }),
    channel,
    success_url: successUrl,
    amount,
  }),
})

export const BillPayParams = Type.Object({ pay_params: Type.Object({ channel, success_url: successUrl, amount }) })

/** One debt of the card: what it borrowed, repaid and was charged, and what it owes now. */
export const DebtAnswer = Type.Object(
  {
    order_id: Type.String(),
    principal: Type.Integer({ description: 'borrowed (fen)' }),
    principal_repaid: Type.Integer(),
    fee_accrued: Type.Integer({ description: 'late fees charged so far' }),
    fee_repaid: Type.Integer(),
    fee_waived: Type.Integer(),
    principal_due: Type.Integer({ description: 'principal owed now' }),
    fee_due: Type.Integer({ description: 'late fee owed now' }),
    total_due: Type.Integer({ description: 'principal_due + fee_due' }),
    overpaid: Type.Integer({ description: 'money received beyond what was owed, flagged for refund' }),
    refund_time: Type.Integer({ description: 'the due time' }),
    overdue_days: Type.Integer({ description: 'days past due while owed; 0 when not' }),
    state: Type.Union([Type.Literal('owed'), Type.Literal('repaid'), Type.Literal('closed')], {
      description: 'owed; repaid (nothing left); closed (its order was refunded)',
    }),
  },
  closed,
)

export const BillAnswer = Type.Object(
  {
    total_due: Type.Integer({ description: 'all owed now (fen)' }),
    principal_due: Type.Integer(),
    fee_due: Type.Integer(),
    next_due_time: Type.Union([Type.Integer(), Type.Null()], { description: 'the oldest due time; null when none' }),
    frozen: Type.Boolean({ description: 'a debt is past its grace period: no new order may borrow (272)' }),
    debts: Type.Array(DebtAnswer, { description: 'debts with something owed, oldest due first' }),
  },
  closed,
)
