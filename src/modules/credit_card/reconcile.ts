import type { Executor } from '../../db/dialect.ts'

export interface CardMismatch {
  card_id: string
  user_id: number
  amount: number
  remain_amount: number
  /** credit the user's orders still hold or owe */
  held: number
}

/**
 * Every card must satisfy remain_amount = amount − Σ credit still held or owed, and never go
 * below zero. One statement reads cards and orders together, so orders committed meanwhile
 * cannot make a balanced card look wrong. Returns the cards that do not balance.
 */
export async function findCardMismatches(db: Executor): Promise<CardMismatch[]> {
  const held = db
    .selectFrom('orders')
    .select((eb) => ['user_id', eb.fn.sum<number | string>('credit_amount').as('credit')])
    .where('credit_held', '=', 1)
    .groupBy('user_id')
    .as('held')
  const rows = await db
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
  return rows
    .map(({ credit, ...card }) => ({ ...card, held: 0 - Number(credit ?? 0) }))
    .filter((c) => c.remain_amount !== c.amount - c.held || c.remain_amount < 0)
}
