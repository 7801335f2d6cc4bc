import { randomInt } from 'node:crypto'
import type { Executor } from '../../db/dialect.ts'
import { MAX_CREDIT_LIMIT_FEN } from '../../domain/money.ts'
import { insertWithFreshId } from '../../db/ids.ts'
import { nowSeconds } from '../../time.ts'

export const CARD_CHANNEL = 'sfm'

/** 15 digits starting 216, as the original's cards. */
const newCardId = () => `216${String(randomInt(0, 1e12)).padStart(12, '0')}`

/** Opens the user's one card inside the sign-up transaction. */
export async function openCard(trx: Executor, userId: number, amount: number): Promise<string> {
  const now = nowSeconds()
  return insertWithFreshId('card number', newCardId, async (cardId) => {
    const res = await trx
      .insertInto('credit_cards')
      .values({
        card_id: cardId,
        user_id: userId,
        amount,
        remain_amount: amount,
        channel: CARD_CHANNEL,
        create_time: now,
        update_time: now,
      })
      .onConflict((oc) => oc.column('card_id').doNothing())
      .executeTakeFirst()
    return Number(res.numInsertedOrUpdatedRows) === 1
  })
}

export async function findCard(db: Executor, userId: number) {
  return db
    .selectFrom('credit_cards')
    .select(['card_id', 'amount', 'remain_amount', 'channel', 'create_time', 'update_time'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
}

export async function cardIdOf(db: Executor, userId: number): Promise<string> {
  return (await findCard(db, userId))?.card_id ?? ''
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
 * Moves a card's limit and what remains of it by `incFen` together (the back office), in one
 * statement that refuses to take either below zero while orders hold and owe credit, or the limit
 * above MAX_CREDIT_LIMIT_FEN. True when it changed.
 */
export async function changeLimit(ex: Executor, cardId: string, incFen: number): Promise<boolean> {
  const res = await ex
    .updateTable('credit_cards')
    .set((eb) => ({
      amount: eb('amount', '+', incFen),
      remain_amount: eb('remain_amount', '+', incFen),
      update_time: nowSeconds(),
    }))
    .where('card_id', '=', cardId)
    .where((eb) =>
      eb.and([
        eb(eb('amount', '+', incFen), '>=', 0),
        eb(eb('amount', '+', incFen), '<=', MAX_CREDIT_LIMIT_FEN),
        eb(eb('remain_amount', '+', incFen), '>=', 0),
      ]),
    )
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Gives credit back to the card: an order that will not be paid, or a debt repaid. */
export async function returnCredit(trx: Executor, userId: number, amountFen: number): Promise<void> {
  if (amountFen === 0) return
  await trx
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '+', amountFen), update_time: nowSeconds() }))
    .where('user_id', '=', userId)
    .execute()
}
