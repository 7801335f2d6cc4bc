import { sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import type { AdminCardFilter } from './admin-repo.ts'

/** Where a batch of the card export starts: after this card in (update_time, id) descending. */
export interface CardCursor {
  updateTime: number
  id: number
}

/** A batch of cards with their holders, most recently changed first (credit_cards_update_idx). */
export async function cardBatch(ex: Executor, f: AdminCardFilter, after: CardCursor | undefined, limit: number) {
  let q = ex.selectFrom('credit_cards').innerJoin('users', 'users.id', 'credit_cards.user_id')
  if (f.namePrefix) q = q.where(startsWith('users.user_name', f.namePrefix))
  if (f.mobilePrefix) q = q.where(startsWith('users.mobile', f.mobilePrefix))
  if (f.channel !== undefined) q = q.where('credit_cards.channel', '=', f.channel)
  if (f.updatedFrom !== undefined) q = q.where('credit_cards.update_time', '>=', f.updatedFrom)
  if (f.updatedTo !== undefined) q = q.where('credit_cards.update_time', '<=', f.updatedTo)
  if (after)
    q = q.where((eb) =>
      eb.and([
        eb('credit_cards.update_time', '<=', after.updateTime),
        eb.or([eb('credit_cards.update_time', '<', after.updateTime), eb('credit_cards.id', '<', after.id)]),
      ]),
    )
  return q
    .select([
      'credit_cards.id',
      'credit_cards.card_id',
      'credit_cards.amount',
      'credit_cards.remain_amount',
      'credit_cards.channel',
      'credit_cards.update_time',
      'users.id as user_id',
      'users.user_name',
      'users.mobile',
    ])
    .orderBy('credit_cards.update_time', 'desc')
    .orderBy('credit_cards.id', 'desc')
    .limit(limit)
    .execute()
}

/** What each customer owes on paid orders and when the oldest of them was paid (orders_user_state_idx). */
export async function owedOf(ex: Executor, userIds: readonly number[]) {
  if (userIds.length === 0) return new Map<number, { principal: number; firstPaid: number }>()
  const rows = await ex
    .selectFrom('orders')
    .select([
      'user_id',
      sql<number>`sum(-credit_amount)`.as('principal'),
      (eb) => eb.fn.min<number>('pay_time').as('first_paid'),
    ])
    .where('user_id', 'in', [...userIds])
    .where('state', 'in', [1, 2, 3])
    .where('credit_held', '=', 1)
    .where('credit_card_state', '=', 0)
    .groupBy('user_id')
    .execute()
  return new Map(rows.map((r) => [r.user_id, { principal: Number(r.principal), firstPaid: Number(r.first_paid) }]))
}
