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

/** Takes `amountFen` from the card only if that much remains: the limit holds whatever runs at once. */
export async function holdCredit(trx: Executor, userId: number, amountFen: number): Promise<boolean> {
  if (amountFen === 0) return true
  const res = await trx
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '-', amountFen), update_time: nowSeconds() }))
    .where('user_id', '=', userId)
    .where('remain_amount', '>=', amountFen)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/**
 * Gives an order's credit back to the card, once: the order's credit_held flag is cleared by
 * the same conditional statement that decides whether anything is returned.
 */
export async function releaseOrderCredit(trx: Executor, orderId: string): Promise<boolean> {
  const order = await trx.selectFrom('orders').select(['user_id', 'credit_amount']).where('order_id', '=', orderId).executeTakeFirst()
  if (!order) return false
  const cleared = await trx.updateTable('orders').set({ credit_held: 0 }).where('order_id', '=', orderId).where('credit_held', '=', 1).executeTakeFirst()
  if (Number(cleared.numUpdatedRows) !== 1) return false
  await trx
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '+', -order.credit_amount), update_time: nowSeconds() }))
    .where('user_id', '=', order.user_id)
    .execute()
  return true
}
