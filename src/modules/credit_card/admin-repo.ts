import { sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'

/** The back office's card filters: the holder's name and mobile prefixes, the channel, an update-time range. */
export interface AdminCardFilter {
  namePrefix?: string
  mobilePrefix?: string
  channel?: string
  updatedFrom?: number
  updatedTo?: number
}

/**
 * The filter's cards. Their holders are joined only to match a name or mobile (every card has
 * one): counting 10 000 cards through the join took 11 ms on SQLite, without it under 1.
 */
function filtered(ex: Executor, f: AdminCardFilter) {
  let q = ex.selectFrom('credit_cards')
  const { namePrefix, mobilePrefix } = f
  if (namePrefix || mobilePrefix) {
    const holders = ex.selectFrom('users').select('users.id')
    let matching = namePrefix ? holders.where(startsWith('users.user_name', namePrefix)) : holders
    if (mobilePrefix) matching = matching.where(startsWith('users.mobile', mobilePrefix))
    q = q.where('credit_cards.user_id', 'in', matching)
  }
  if (f.channel !== undefined) q = q.where('credit_cards.channel', '=', f.channel)
  if (f.updatedFrom !== undefined) q = q.where('credit_cards.update_time', '>=', f.updatedFrom)
  if (f.updatedTo !== undefined) q = q.where('credit_cards.update_time', '<=', f.updatedTo)
  return q
}

/** Past this many cards the count stops (the console shows "10 000+"): an exact one reads them all. */
export const CARD_COUNT_CAP = 10_000

/** The filter's cards, counted up to CARD_COUNT_CAP + 1. */
export async function countAdminCards(ex: Executor, f: AdminCardFilter): Promise<number> {
  const upTo = filtered(ex, f)
    .select(sql.lit(1).as('one'))
    .limit(CARD_COUNT_CAP + 1)
  const row = await ex
    .selectFrom(upTo.as('capped'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const CARD_COLUMNS = [
  'credit_cards.card_id',
  'credit_cards.amount',
  'credit_cards.remain_amount',
  'credit_cards.channel',
  'credit_cards.create_time',
  'credit_cards.update_time',
] as const

/**
 * Cards with their holders, most recently changed first; the card's row id breaks ties. The
 * page's ids come from credit_cards_update_idx first, then only its rows are read.
 */
export async function listAdminCards(ex: Executor, f: AdminCardFilter, offset: number, limit: number) {
  const page = filtered(ex, f)
    .select(['credit_cards.id as page_id', 'credit_cards.update_time as page_time'])
    .orderBy('credit_cards.update_time', 'desc')
    .orderBy('credit_cards.id', 'desc')
    .offset(offset)
    .limit(limit)
  return ex
    .selectFrom(page.as('page'))
    .innerJoin('credit_cards', 'credit_cards.id', 'page.page_id')
    .innerJoin('users', 'users.id', 'credit_cards.user_id')
    .select(['users.id as user_id', 'users.user_name', 'users.mobile', ...CARD_COLUMNS])
    .orderBy('page.page_time', 'desc')
    .orderBy('page.page_id', 'desc')
    .execute()
}

export async function findCard(ex: Executor, cardId: string) {
  return ex
    .selectFrom('credit_cards')
    .select(['user_id', ...CARD_COLUMNS])
    .where('card_id', '=', cardId)
    .executeTakeFirst()
}
