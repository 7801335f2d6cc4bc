import type { ExpressionBuilder } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { Database } from '../../db/types.ts'
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

type CardsQuery = ExpressionBuilder<Database, 'credit_cards' | 'users'>

/**
 * The card holder's owed debts, correlated by the customer (credit_debts_user_idx): each list row
 * and each filter probes only its own customer's debts, never the whole ledger.
 */
const owedOf = (eb: CardsQuery) =>
  eb
    .selectFrom('credit_debts')
    .whereRef('credit_debts.user_id', '=', 'credit_cards.user_id')
    .where('credit_debts.state', '=', 'owed')

/** The oldest due time among the holder's owed debts (null when none). */
const oldestDue = (eb: CardsQuery) =>
  owedOf(eb).select((e) => e.fn.min<number | string>('credit_debts.due_time').as('d'))

/** Holders with an owed debt due before `before` (and at or after `since`), by credit_debts_due_idx. */
const owingSince = (before: number, since?: number) => (eb: CardsQuery) => {
  let q = eb.selectFrom('credit_debts').select('credit_debts.user_id').where('credit_debts.state', '=', 'owed')
  q = q.where('credit_debts.due_time', '<', before)
  if (since !== undefined) q = q.where('credit_debts.due_time', '>=', since)
  return eb('credit_cards.user_id', 'in', q)
}

function filtered(ex: Executor, f: AdminCardFilter) {
  let q = ex.selectFrom('credit_cards').innerJoin('users', 'users.id', 'credit_cards.user_id')
  const days = (n: number) => f.now - n * DAY_SECONDS
  const noneOwedBefore = (t: number) => (eb: CardsQuery) =>
    eb.not(eb.exists(owedOf(eb).select('credit_debts.order_id').where('credit_debts.due_time', '<', t)))
  // A bucket's holders are found from its overdue debts (few), not by probing every card: an
  // overdue debt due in the bucket's range, and (but for M3) none older than it.
  if (f.overdue === 'M0') q = q.where(noneOwedBefore(f.now))
  if (f.overdue === 'M1') q = q.where(owingSince(f.now, days(30))).where(noneOwedBefore(days(30)))
  if (f.overdue === 'M2') q = q.where(owingSince(days(30), days(60))).where(noneOwedBefore(days(60)))
  if (f.overdue === 'M3') q = q.where(owingSince(days(60)))
  if (f.namePrefix) q = q.where(startsWith('users.user_name', f.namePrefix))
  if (f.mobilePrefix) q = q.where(startsWith('users.mobile', f.mobilePrefix))
  if (f.channel !== undefined) q = q.where('credit_cards.channel', '=', f.channel)
  if (f.updatedFrom !== undefined) q = q.where('credit_cards.update_time', '>=', f.updatedFrom)
  if (f.updatedTo !== undefined) q = q.where('credit_cards.update_time', '<=', f.updatedTo)
  return q
}

/** A count past this is answered as "10 000+": an exact one would read every card. */
export const CARD_COUNT_CAP = 10_000

/** The filter's cards, counted up to CARD_COUNT_CAP + 1; `atLeast` when there are more than the cap. */
export async function countAdminCards(ex: Executor, f: AdminCardFilter): Promise<{ n: number; atLeast: boolean }> {
  const upTo = filtered(ex, f)
    .select('credit_cards.id')
    .limit(CARD_COUNT_CAP + 1)
  const row = await ex
    .selectFrom(upTo.as('capped'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  const n = Number(row.n)
  return { n: Math.min(n, CARD_COUNT_CAP), atLeast: n > CARD_COUNT_CAP }
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
 * Cards with their holders, most recently changed first; the card's row id breaks ties. The page's
 * cards are found first and only their debts summed: SQLite would otherwise sum the debts of every
 * row an offset skips.
 */
export async function listAdminCards(ex: Executor, f: AdminCardFilter, offset: number, limit: number) {
  const page = filtered(ex, f)
    .select('credit_cards.id')
    .orderBy('credit_cards.update_time', 'desc')
    .orderBy('credit_cards.id', 'desc')
    .offset(offset)
    .limit(limit)
  return ex
    .selectFrom('credit_cards')
    .innerJoin('users', 'users.id', 'credit_cards.user_id')
    .where('credit_cards.id', 'in', page)
    .select(['users.id as user_id', 'users.user_name', 'users.mobile', ...CARD_COLUMNS])
    .select((eb) => [
      owedOf(eb)
        .select((e) =>
          e.fn
            .sum<number | string>(
              e(
                e('credit_debts.principal', '-', e.ref('credit_debts.principal_repaid')),
                '-',
                e.ref('credit_debts.principal_closed'),
              ),
            )
            .as('p'),
        )
        .as('owed_principal'),
      owedOf(eb)
        .select((e) =>
          e.fn
            .sum<number | string>(
              e(
                e(
                  e('credit_debts.fee_accrued', '-', e.ref('credit_debts.fee_repaid')),
                  '-',
                  e.ref('credit_debts.fee_waived'),
                ),
                '-',
                e.ref('credit_debts.fee_cancelled'),
              ),
            )
            .as('f'),
        )
        .as('owed_fee'),
      oldestDue(eb).as('oldest_due'),
    ])
    .orderBy('credit_cards.update_time', 'desc')
    .orderBy('credit_cards.id', 'desc')
    .execute()
}

export async function findCard(ex: Executor, cardId: string) {
  return ex
    .selectFrom('credit_cards')
    .select(['user_id', ...CARD_COLUMNS])
    .where('card_id', '=', cardId)
    .executeTakeFirst()
}
