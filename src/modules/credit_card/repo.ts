import type { Executor } from '../../db/dialect.ts'

/**
 * Every card with the credit still taken from it, in one statement, so orders committed meanwhile
 * cannot make a balanced card look wrong: orders not yet paid hold their credit_amount; a paid
 * order's debt owes its outstanding principal.
 */
export async function cardsWithHeldCredit(db: Executor) {
  const held = db
    .selectFrom('orders')
    .select((eb) => ['user_id', eb.fn.sum<number | string>('credit_amount').as('credit')])
    .where('credit_held', '=', 1)
    .where('state', 'in', [0, 99])
    .groupBy('user_id')
    .as('held')
  const owed = db
    .selectFrom('credit_debts')
    .select((eb) => [
      'user_id',
      eb.fn
        .sum<number | string>(eb(eb('principal', '-', eb.ref('principal_repaid')), '-', eb.ref('principal_closed')))
        .as('principal'),
    ])
    .where('state', '=', 'owed')
    .groupBy('user_id')
    .as('owed')
  return db
    .selectFrom('credit_cards')
    .leftJoin(held, 'held.user_id', 'credit_cards.user_id')
    .leftJoin(owed, 'owed.user_id', 'credit_cards.user_id')
    .select([
      'credit_cards.card_id',
      'credit_cards.user_id',
      'credit_cards.amount',
      'credit_cards.remain_amount',
      'held.credit',
      'owed.principal',
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

/** Every debt with the sums of its entries by kind. */
export async function debtsWithEntrySums(db: Executor) {
  const sums = await db
    .selectFrom('credit_entries')
    .select((eb) => ['order_id', 'kind', eb.fn.sum<number | string>('amount').as('total')])
    .groupBy(['order_id', 'kind'])
    .execute()
  const debts = await db.selectFrom('credit_debts').selectAll().orderBy('order_id').execute()
  return { debts, sums }
}

/** Paid orders that borrowed, with whether each has its debt and the order's own debt columns. */
export async function borrowingOrders(db: Executor) {
  return db
    .selectFrom('orders')
    .leftJoin('credit_debts', 'credit_debts.order_id', 'orders.order_id')
    .select([
      'orders.order_id',
      'orders.state',
      'orders.credit_amount',
      'orders.credit_held',
      'orders.credit_card_state',
      'credit_debts.order_id as debt_order_id',
      'credit_debts.principal',
      'credit_debts.state as debt_state',
    ])
    .where('orders.state', 'in', [1, 2, 3, 6])
    .where('orders.credit_amount', '<', 0)
    .execute()
}

/** Repayments (of one debt or of the bill) with what of each the ledger took. */
export async function repaymentsWithEntries(db: Executor) {
  const applied = db
    .selectFrom('credit_entries')
    .select((eb) => ['payment_id', eb.fn.sum<number | string>('amount').as('applied')])
    .where('kind', 'in', ['principal_repaid', 'fee_repaid', 'overpaid'])
    .where('payment_id', 'is not', null)
    .groupBy('payment_id')
    .as('applied')
  return db
    .selectFrom('payments')
    .leftJoin(applied, 'applied.payment_id', 'payments.id')
    .select(['payments.id', 'payments.order_id', 'payments.amount', 'payments.needs_refund', 'applied.applied'])
    .where('payments.target_type', 'in', ['card', 'bill'])
    .execute()
}

/**
 * Every share of a bill payment given back or being given back (refunds.share), with what that
 * payment applied to the refunded order's debt (fee and principal), the debt's state and the payment's
 * amount, in one statement.
 */
export async function billShareRefunds(db: Executor) {
  const applied = db
    .selectFrom('credit_entries')
    .select((eb) => ['payment_id', 'order_id', eb.fn.sum<number | string>('amount').as('applied')])
    .where('kind', 'in', ['principal_repaid', 'fee_repaid'])
    .where('payment_id', 'is not', null)
    .groupBy(['payment_id', 'order_id'])
    .as('applied')
  return db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .leftJoin('credit_debts', 'credit_debts.order_id', 'refunds.order_id')
    .leftJoin(applied, (j) =>
      j.onRef('applied.payment_id', '=', 'refunds.payment_id').onRef('applied.order_id', '=', 'refunds.order_id'),
    )
    .select([
      'refunds.id',
      'refunds.payment_id',
      'refunds.order_id',
      'refunds.amount',
      'payments.amount as paid',
      'payments.target_type',
      'credit_debts.state as debt_state',
      'applied.applied',
    ])
    .where('refunds.share', '=', 1)
    .where('refunds.state', 'in', ['queued', 'pending', 'succeeded'])
    .orderBy('refunds.id')
    .execute()
}

/** credit_owed as kept: the principal owed per UTC due day and shard. */
export async function owedPerDueDay(ex: Executor) {
  return ex.selectFrom('credit_owed').select(['due_day', 'shard', 'principal']).execute()
}

/** Each card's holder and the oldest owed due time it keeps. */
export async function cardsOldestDue(ex: Executor) {
  return ex.selectFrom('credit_cards').select(['card_id', 'user_id', 'oldest_due']).execute()
}
