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

/** Which cards need their holders' rows: a filter on the holder's name or mobile. */
const needsHolder = (f: AdminCardFilter) => Boolean(f.namePrefix || f.mobilePrefix)

function filtered(ex: Executor, f: AdminCardFilter) {
  const days = (n: number) => f.now - n * DAY_SECONDS
  // The buckets are ranges of the card's oldest owed due time (kept by the ledger's writes):
  // M1–M3 by credit_cards_oldest_due_idx, M0 (most cards) along the list's own order.
  const dueFrom = { M0: undefined, M1: days(30), M2: days(60), M3: undefined }
  const dueBefore = { M0: undefined, M1: f.now, M2: days(30), M3: days(60) }
  let c = ex.selectFrom('credit_cards')
  if (f.overdue === 'M0')
    c = c.where((eb) => eb.or([eb('credit_cards.oldest_due', 'is', null), eb('credit_cards.oldest_due', '>=', f.now)]))
  else if (f.overdue) {
    const from = dueFrom[f.overdue]
    const before = dueBefore[f.overdue]
    if (from !== undefined) c = c.where('credit_cards.oldest_due', '>=', from)
    if (before !== undefined) c = c.where('credit_cards.oldest_due', '<', before)
  }
  if (f.channel !== undefined) c = c.where('credit_cards.channel', '=', f.channel)
  if (f.updatedFrom !== undefined) c = c.where('credit_cards.update_time', '>=', f.updatedFrom)
  if (f.updatedTo !== undefined) c = c.where('credit_cards.update_time', '<=', f.updatedTo)
  if (!needsHolder(f)) return c
  return c.where((eb) => {
    let holders = eb.selectFrom('users').select('users.id')
    if (f.namePrefix) holders = holders.where(startsWith('users.user_name', f.namePrefix))
    if (f.mobilePrefix) holders = holders.where(startsWith('users.mobile', f.mobilePrefix))
    return eb('credit_cards.user_id', 'in', holders)
  })
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
    .select(['users.id as user_id', 'users.user_name', 'users.mobile', 'credit_cards.oldest_due', ...CARD_COLUMNS])
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
