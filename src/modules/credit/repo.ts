import { randomInt } from 'node:crypto'
import { changingPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import { type CreditTerms, graceEndsBefore } from '../../domain/credit.ts'
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

export type Borrowing = 'lent' | 'frozen' | 'short'

// Compiled once: every order that borrows runs it.
const lend = changingPerDatabase<[number, number, number, number]>(4, (db, userId, amountFen, graceEnd, now) =>
  db
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '-', amountFen), update_time: now }))
    .where('user_id', '=', userId)
    .where('remain_amount', '>=', amountFen)
    .where((eb) => eb.or([eb('oldest_due', 'is', null), eb('oldest_due', '>=', graceEnd)])),
)

/**
 * Lends `amountFen` from the customer's card for an order: only if that much remains and no debt
 * of theirs is past its grace period (the freeze), both checked by the statement that takes it, so
 * the limit holds whatever runs at once. The card's oldest_due is the due time of its oldest owed
 * debt, kept in every transaction that opens or settles one. On a refusal the card says which.
 */
export async function borrowCredit(
  trx: Executor,
  terms: CreditTerms,
  userId: number,
  amountFen: number,
  now: number,
): Promise<Borrowing> {
  if (amountFen === 0) return 'lent'
  const graceEnd = graceEndsBefore(terms, now)
  if ((await lend(trx, userId, amountFen, graceEnd, now)) === 1) return 'lent'
  const card = await trx
    .selectFrom('credit_cards')
    .select('oldest_due')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return card?.oldest_due != null && card.oldest_due < graceEnd ? 'frozen' : 'short'
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
