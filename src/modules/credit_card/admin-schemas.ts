import { Type } from '@sinclair/typebox'
import { MAX_CREDIT_LIMIT_FEN } from '../../domain/money.ts'
import { blankable, paging, timeBound } from '../../http/params.ts'

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
  update_time_dt: timeBound('the seed’s spelling of update_time_ed'),
  ...paging,
})

export const SetCreditCard = Type.Object({
  card_id: cardId,
  inc_amount: Type.Integer({
    minimum: -MAX_CREDIT_LIMIT_FEN,
    maximum: MAX_CREDIT_LIMIT_FEN,
    description:
      'fen added to both the limit and the remaining credit; negative lowers them; not 0. The limit stays within ¥10 000 000 000',
  }),
})

export const CardDetail = Type.Object({ card_id: cardId, ...paging })
