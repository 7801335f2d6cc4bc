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
 * below zero. Returns the cards that do not.
 */
export async function findCardMismatches(db: Executor): Promise<CardMismatch[]> {
  const cards = await db.selectFrom('credit_cards').select(['card_id', 'user_id', 'amount', 'remain_amount']).execute()
  const heldRows = await db
    .selectFrom('orders')
    .select((eb) => ['user_id', eb.fn.sum<number | string>('credit_amount').as('credit')])
    .where('credit_held', '=', 1)
    .groupBy('user_id')
    .execute()
  const held = new Map(heldRows.map((r) => [r.user_id, -Number(r.credit)]))
  return cards
    .map((c) => ({ ...c, held: held.get(c.user_id) ?? 0 }))
    .filter((c) => c.remain_amount !== c.amount - c.held || c.remain_amount < 0)
}
