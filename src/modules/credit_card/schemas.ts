import { Type } from '@sinclair/typebox'
import { orderProps } from '../order/index.ts'

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
            { ...orderProps, refund_time: Type.Integer({ description: 'the due date: paid + 60 days' }) },
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
