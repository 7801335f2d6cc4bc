import type { Executor } from '../../db/dialect.ts'
import { cardsWithHeldCredit } from './repo.ts'

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
 * below zero. Returns the cards that do not balance.
 */
export async function findCardMismatches(db: Executor): Promise<CardMismatch[]> {
  return (await cardsWithHeldCredit(db))
    .map(({ credit, ...card }) => ({ ...card, held: 0 - Number(credit ?? 0) }))
    .filter((c) => c.remain_amount !== c.amount - c.held || c.remain_amount < 0)
}
