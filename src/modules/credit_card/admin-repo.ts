import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import { DAY_SECONDS } from '../../domain/credit.ts'

/** Overdue buckets by the customer's oldest owed debt: M0 nothing overdue, M1 1–30 days, M2 31–60, M3 61 or more. */
export type OverdueBucket = 'M0' | 'M1' | 'M2' | 'M3'

/** The back office's card filters: the holder's name and mobile prefixes, the channel, an update-time range. */
export interface AdminCardFilter {
  namePrefix?: string
  mobilePrefix?: string
  channel?: string
  updatedFrom?: number
  updatedTo?: number
  overdue?: OverdueBucket
  /** the time the overdue buckets are counted at */
  now: number
}

/** Per customer, what their owed debts owe (principal, fee) and the oldest due time among them. */
const owedByUser = (ex: Executor) =>
  ex
    .selectFrom('credit_debts')
    .select((eb) => [
      'user_id',
      eb.fn
        .sum<number | string>(eb(eb('principal', '-', eb.ref('principal_repaid')), '-', eb.ref('principal_closed')))
        .as('owed_principal'),
      eb.fn
        .sum<number | string>(
          eb(eb(eb('fee_accrued', '-', eb.ref('fee_repaid')), '-', eb.ref('fee_waived')), '-', eb.ref('fee_cancelled')),
        )
        .as('owed_fee'),
      eb.fn.min<number | string>('due_time').as('oldest_due'),
    ])
    .where('state', '=', 'owed')
    .groupBy('user_id')
    .as('owed')

function filtered(ex: Executor, f: AdminCardFilter) {
  let q = ex
    .selectFrom('credit_cards')
    .innerJoin('users', 'users.id', 'credit_cards.user_id')
    .leftJoin(owedByUser(ex), 'owed.user_id', 'credit_cards.user_id')
  const days = (n: number) => f.now - n * DAY_SECONDS
  if (f.overdue === 'M0')
    q = q.where((eb) => eb.or([eb('owed.oldest_due', 'is', null), eb('owed.oldest_due', '>=', f.now)]))
  if (f.overdue === 'M1') q = q.where('owed.oldest_due', '<', f.now).where('owed.oldest_due', '>=', days(30))
  if (f.overdue === 'M2') q = q.where('owed.oldest_due', '<', days(30)).where('owed.oldest_due', '>=', days(60))
  if (f.overdue === 'M3') q = q.where('owed.oldest_due', '<', days(60))
  if (f.namePrefix) q = q.where(startsWith('users.user_name', f.namePrefix))
  if (f.mobilePrefix) q = q.where(startsWith('users.mobile', f.mobilePrefix))
  if (f.channel !== undefined) q = q.where('credit_cards.channel', '=', f.channel)
  if (f.updatedFrom !== undefined) q = q.where('credit_cards.update_time', '>=', f.updatedFrom)
  if (f.updatedTo !== undefined) q = q.where('credit_cards.update_time', '<=', f.updatedTo)
  return q
}

export async function countAdminCards(ex: Executor, f: AdminCardFilter): Promise<number> {
  const row = await filtered(ex, f)
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

/** Cards with their holders, most recently changed first; the card's row id breaks ties. */
export async function listAdminCards(ex: Executor, f: AdminCardFilter, offset: number, limit: number) {
  return filtered(ex, f)
    .select(['users.id as user_id', 'users.user_name', 'users.mobile', ...CARD_COLUMNS])
    .select(['owed.owed_principal', 'owed.owed_fee', 'owed.oldest_due'])
    .orderBy('credit_cards.update_time', 'desc')
    .orderBy('credit_cards.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}

export async function findCard(ex: Executor, cardId: string) {
  return ex
    .selectFrom('credit_cards')
    .select(['user_id', ...CARD_COLUMNS])
    .where('card_id', '=', cardId)
    .executeTakeFirst()
}
