import { randomInt } from 'node:crypto'
import type { Executor } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'

export const CARD_CHANNEL = 'sfm'

/** 15 digits starting 216, as the original's cards. */
const newCardId = () => '216' + String(randomInt(0, 1e12)).padStart(12, '0')

/** Opens the user's one card inside the sign-up transaction; a number already taken is drawn again. */
export async function openCard(trx: Executor, userId: number, amount: number): Promise<string> {
  const now = nowSeconds()
  for (let attempt = 0; attempt < 5; attempt++) {
    const cardId = newCardId()
    // ON CONFLICT DO NOTHING rather than catching the error: on PostgreSQL an error aborts the transaction.
    const res = await trx
      .insertInto('credit_cards')
      .values({ card_id: cardId, user_id: userId, amount, remain_amount: amount, channel: CARD_CHANNEL, create_time: now, update_time: now })
      .onConflict((oc) => oc.column('card_id').doNothing())
      .executeTakeFirst()
    if (Number(res.numInsertedOrUpdatedRows) === 1) return cardId
  }
  throw new Error('could not draw an unused card number')
}

export async function cardIdOf(db: Executor, userId: number): Promise<string> {
  const row = await db.selectFrom('credit_cards').select('card_id').where('user_id', '=', userId).executeTakeFirst()
  return row?.card_id ?? ''
}
