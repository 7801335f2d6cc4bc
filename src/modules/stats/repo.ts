import { sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { StatsDayTable } from '../../db/types.ts'

/**
 * The overview's sums, in slots of SLOT seconds from `from`: the shop's days are then whole
 * slots whatever its zone (every zone's offset is a whole number of quarter hours), and each
 * query reads one index range, from the index alone (2026_12_09_002_stats_indexes).
 */
export const SLOT = 900

// Written into the SQL as integers: better-sqlite3 binds a JS number as REAL, and a REAL division
// makes every row a group of its own.
const slotOf = (column: string, from: number) =>
  sql<number>`(${sql.ref(column)} - ${sql.lit(Math.trunc(from))}) / ${sql.lit(SLOT)}`

export interface SlotRow {
  slot: number
  n: number
}

/** Orders committed, per slot. */
export async function committedPerSlot(ex: Executor, from: number, to: number): Promise<SlotRow[]> {
  const rows = await ex
    .selectFrom('orders')
    .select([slotOf('orders.create_time', from).as('slot'), (eb) => eb.fn.countAll().as('n')])
    .where('create_time', '>=', from)
    .where('create_time', '<', to)
    .groupBy(sql`1`)
    .execute()
  return rows.map((r) => ({ slot: Number(r.slot), n: Number(r.n) }))
}

export interface PaidSlot {
  slot: number
  paid: number
  gmv: number
  borrowed: number
}

/** Orders paid, what they were worth (everything but the credit's sign) and what they borrowed, per slot. */
export async function paidPerSlot(ex: Executor, from: number, to: number): Promise<PaidSlot[]> {
  const rows = await ex
    .selectFrom('orders')
    .select([
      slotOf('orders.pay_time', from).as('slot'),
      (eb) => eb.fn.countAll().as('paid'),
      sql<number>`sum(sku_amount + ship_amount + favour_amount + manual_amount)`.as('gmv'),
      sql<number>`sum(-credit_amount)`.as('borrowed'),
    ])
    .where('pay_time', '>=', from)
    .where('pay_time', '<', to)
    .groupBy(sql`1`)
    .execute()
  return rows.map((r) => ({
    slot: Number(r.slot),
    paid: Number(r.paid),
    gmv: Number(r.gmv),
    borrowed: Number(r.borrowed),
  }))
}

export interface MoneySlot {
  slot: number
  kind: string
  amount: number
}

/** Money received and kept (not flagged to give back), by what it paid: the first payment or a repayment. */
export async function receivedPerSlot(ex: Executor, from: number, to: number): Promise<MoneySlot[]> {
  const rows = await ex
    .selectFrom('payments')
    .select([
      slotOf('payments.time', from).as('slot'),
      'target_type as kind',
      (eb) => eb.fn.sum<number>('amount').as('amount'),
    ])
    .where('time', '>=', from)
    .where('time', '<', to)
    .where('needs_refund', '=', 0)
    .groupBy([sql`1`, 'target_type'])
    .execute()
  return rows.map((r) => ({ slot: Number(r.slot), kind: r.kind, amount: Number(r.amount) }))
}

/** Refunds that reached the customer, per slot of their finish. */
export async function refundedPerSlot(ex: Executor, from: number, to: number): Promise<MoneySlot[]> {
  const rows = await ex
    .selectFrom('refunds')
    .select([slotOf('refunds.finish_time', from).as('slot'), (eb) => eb.fn.sum<number>('amount').as('amount')])
    .where('state', '=', 'succeeded')
    .where('finish_time', '>=', from)
    .where('finish_time', '<', to)
    .groupBy(sql`1`)
    .execute()
  return rows.map((r) => ({ slot: Number(r.slot), kind: 'refund', amount: Number(r.amount) }))
}

/**
 * What paid orders owe now, by when they were paid: due REPAY seconds after. Owed: paid (1, 2,
 * 3), the credit still held, not repaid; orders_owed_idx holds all but the amount.
 */
export async function owedByPayTime(
  ex: Executor,
  dueBefore: readonly number[],
): Promise<{ total: number; before: number[] }> {
  const sums = dueBefore.map((t, i) =>
    sql<number>`sum(case when pay_time < ${t} then -credit_amount else 0 end)`.as(`b${i}`),
  )
  const row = await ex
    .selectFrom('orders')
    .select([sql<number>`coalesce(sum(-credit_amount), 0)`.as('total'), ...sums])
    .where('credit_card_state', '=', 0)
    .where('credit_held', '=', 1)
    .where('state', 'in', [1, 2, 3])
    .executeTakeFirstOrThrow()
  const r = row as Record<string, unknown>
  return { total: Number(r.total), before: dueBefore.map((_, i) => Number(r[`b${i}`] ?? 0)) }
}

/** Paid orders waiting to ship. */
export async function toShip(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('state', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export type StoredDay = Omit<StatsDayTable, 'zone' | 'computed_at'>

/** The closed days of `zone` already summed, among `dates`. */
export async function storedDays(ex: Executor, zone: string, dates: readonly string[]): Promise<StoredDay[]> {
  if (dates.length === 0) return []
  const rows = await ex
    .selectFrom('stats_days')
    .select([
      'date',
      'orders',
      'paid_orders',
      'gmv',
      'first_payments',
      'credit_borrowed',
      'repayments',
      'fees',
      'refunds',
    ])
    .where('zone', '=', zone)
    .where('date', 'in', [...dates])
    .execute()
  return rows.map((r) => ({
    date: r.date,
    orders: Number(r.orders),
    paid_orders: Number(r.paid_orders),
    gmv: Number(r.gmv),
    first_payments: Number(r.first_payments),
    credit_borrowed: Number(r.credit_borrowed),
    repayments: Number(r.repayments),
    fees: Number(r.fees),
    refunds: Number(r.refunds),
  }))
}

/** Keeps closed days' sums; another instance that stored the same day first keeps its (equal) row. */
export async function storeDays(ex: Executor, zone: string, days: readonly StoredDay[], now: number): Promise<void> {
  if (days.length === 0) return
  await ex
    .insertInto('stats_days')
    .values(days.map((d) => ({ ...d, zone, computed_at: now })))
    .onConflict((oc) => oc.columns(['zone', 'date']).doNothing())
    .execute()
}

/** After-sale requests still open: requested (0), approved (1) or goods received (2), by after_sales_list_idx. */
export async function openAfterSales(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('after_sales')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('state', 'in', [0, 1, 2])
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
