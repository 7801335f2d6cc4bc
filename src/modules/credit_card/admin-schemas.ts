import { Type } from '@sinclair/typebox'
import { MAX_CREDIT_LIMIT_FEN } from '../../domain/money.ts'
import { blankable, paging, timeBound } from '../../http/params.ts'
import { LogEntryAnswer } from '../oplog/index.ts'
import { CustomerSummaryAnswer, flagAnswer, orderProps } from '../order/index.ts'
import { CardPagination, cardProps } from './schemas.ts'

const cardId = Type.String({
  minLength: 1,
  maxLength: 20,
  pattern: '^[0-9]+$',
  description: 'the card number (15 digits starting 216)',
})

export const AdminCardList = Type.Object({
  u_name: blankable(Type.String({ maxLength: 64, description: 'the start of the holder’s user name' })),
  u_mobile: blankable(Type.String({ maxLength: 32, description: 'the start of the holder’s mobile' })),
  channel: blankable(Type.String({ maxLength: 16, description: 'the card channel (exact), sfm' })),
  update_time_st: timeBound('changed at or after (Unix seconds)'),
  update_time_ed: timeBound('changed at or before (Unix seconds)'),
  update_time_dt: timeBound('the original API’s spelling of update_time_ed'),
  ...paging,
})

/** get_credit_cards's filters, for the export (every matching card, no pages). */
export const AdminCardExport = Type.Object({
  u_name: AdminCardList.properties.u_name,
  u_mobile: AdminCardList.properties.u_mobile,
  channel: AdminCardList.properties.channel,
  update_time_st: AdminCardList.properties.update_time_st,
  update_time_ed: AdminCardList.properties.update_time_ed,
  update_time_dt: AdminCardList.properties.update_time_dt,
})

export const SetCreditCard = Type.Object({
  card_id: cardId,
  inc_amount: Type.Integer({
    minimum: -MAX_CREDIT_LIMIT_FEN,
    maximum: MAX_CREDIT_LIMIT_FEN,
    description:
      'fen added to the limit and the remaining credit alike; negative lowers them; not 0; limit ≤ ¥10 000 000 000',
  }),
})

export const CardDetail = Type.Object({ card_id: cardId, ...paging })

// Answers.

const closed = { additionalProperties: false } as const

/** A card with its holder's id: what set_credit_cards answers. */
export const AdminCardAnswer = Type.Object({ user_id: Type.Integer(), ...cardProps }, closed)

export const AdminCardListAnswer = Type.Object(
  {
    credit_cards: Type.Array(
      Type.Object(
        {
          user_id: Type.Integer(),
          user_name: Type.String({ description: "the holder's user name" }),
          mobile: Type.String({ description: "the holder's mobile" }),
          ...cardProps,
        },
        closed,
      ),
      { description: 'most recently changed first' },
    ),
    pagination: Type.Object(
      {
        ...CardPagination.properties,
        capped: flagAnswer('1 when more cards match than `total` (10 000): the console shows "10 000+"'),
      },
      closed,
    ),
  },
  closed,
)

export const AdminCardDetailAnswer = Type.Object(
  {
    user_info: CustomerSummaryAnswer,
    card_info: Type.Object(cardProps, closed),
    card_order_infos: Type.Array(
      Type.Object(
        {
          ...orderProps,
          credit_held: flagAnswer('1 while the credit is taken from the card'),
          due_time: Type.Integer({ description: 'when the debt is due: paid + 60 days' }),
        },
        closed,
      ),
      { description: 'paid orders that borrowed on the card, newest payment first' },
    ),
    card_order_pagination: CardPagination,
    card_log_infos: Type.Array(LogEntryAnswer, { description: "the card's history, oldest first" }),
  },
  closed,
)
