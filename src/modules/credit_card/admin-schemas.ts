import { Type } from '@sinclair/typebox'
import { MAX_CREDIT_LIMIT_FEN } from '../../domain/money.ts'
import { blankable, paging, timeBound } from '../../http/params.ts'
import { LogEntryAnswer } from '../oplog/index.ts'
import { CustomerSummaryAnswer, flagAnswer, orderProps } from '../order/index.ts'
import { CardPagination, cardProps, DebtAnswer } from './schemas.ts'

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
  overdue: blankable(
    Type.Union([Type.Literal('M0'), Type.Literal('M1'), Type.Literal('M2'), Type.Literal('M3')], {
      description: 'by the oldest owed debt: M0 nothing overdue, M1 1–30 days, M2 31–60, M3 61 or more',
    }),
  ),
  ...paging,
})

export const WaiveFee = Type.Object({
  order_id: Type.String({
    minLength: 1,
    maxLength: 20,
    pattern: '^[0-9]+$',
    description: 'the order whose debt it is',
  }),
  amount: Type.Integer({ minimum: 1, maximum: MAX_CREDIT_LIMIT_FEN, description: 'fen of the late fee to waive' }),
  reason: Type.String({ minLength: 1, maxLength: 200, description: 'why, for the history' }),
})

/** get_credit_cards's filters, for the export (every matching card, no pages). */
export const AdminCardExport = Type.Object({
  u_name: AdminCardList.properties.u_name,
  u_mobile: AdminCardList.properties.u_mobile,
  channel: AdminCardList.properties.channel,
  update_time_st: AdminCardList.properties.update_time_st,
  update_time_ed: AdminCardList.properties.update_time_ed,
  update_time_dt: AdminCardList.properties.update_time_dt,
  overdue: AdminCardList.properties.overdue,
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

/** One entry of a debt's ledger. */
export const EntryAnswer = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union(
      [
        Type.Literal('borrow'),
        Type.Literal('principal_repaid'),
        Type.Literal('fee_accrued'),
        Type.Literal('fee_repaid'),
        Type.Literal('fee_waived'),
        Type.Literal('closed'),
        Type.Literal('fee_cancelled'),
        Type.Literal('overpaid'),
      ],
      {
        description:
          'borrowed, principal or fee repaid, a day’s fee, waived, closed by a refund, fee cancelled, overpaid',
      },
    ),
    amount: Type.Integer({ description: 'fen, ≥ 0' }),
    day: Type.Union([Type.Integer(), Type.Null()], { description: 'a late fee’s day past due' }),
    payment_id: Type.Union([Type.Integer(), Type.Null()], { description: 'the money that paid it' }),
    actor_type: Type.Union([Type.Literal('user'), Type.Literal('admin'), Type.Literal('system')]),
    actor_id: Type.Union([Type.Integer(), Type.Null()]),
    note: Type.String(),
    time: Type.Integer(),
  },
  closed,
)

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
          owed_principal: Type.Integer({ description: 'principal owed on all debts (fen)' }),
          owed_fee: Type.Integer({ description: 'late fees owed on all debts (fen)' }),
          max_overdue_days: Type.Integer({ description: 'days past due of the oldest owed debt; 0 when none' }),
        },
        closed,
      ),
      { description: 'most recently changed first' },
    ),
    pagination: Type.Object(
      {
        ...CardPagination.properties,
        total: Type.Integer({ description: 'cards matching, counted up to 10 000' }),
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
          due_time: Type.Integer({ description: 'when the debt is due: paid + CREDIT_TERM_DAYS (60) days' }),
          debt: DebtAnswer,
          entries: Type.Array(EntryAnswer, { description: "the debt's ledger, oldest first" }),
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
