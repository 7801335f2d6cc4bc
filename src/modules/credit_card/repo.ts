import type { Executor } from '../../db/dialect.ts'

/**
 * Every card with the credit its holder's orders still hold or owe (a sum of their credit_amount,
 * ≤ 0), in one statement, so orders committed meanwhile cannot make a balanced card look wrong.
 */
export async function cardsWithHeldCredit(db: Executor) {
  const held = db
    .selectFrom('orders')
    .select((eb) => ['user_id', eb.fn.sum<number | string>('credit_amount').as('credit')])
    .where('credit_held', '=', 1)
    .groupBy('user_id')
    .as('held')
  return db
    .selectFrom('credit_cards')
    .leftJoin(held, 'held.user_id', 'credit_cards.user_id')
    .select([
      'credit_cards.card_id',
      'credit_cards.user_id',
      'credit_cards.amount',
      'credit_cards.remain_amount',
      'held.credit',
    ])
    .orderBy('credit_cards.id')
    .execute()
}

export async function countCards(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('credit_cards')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
