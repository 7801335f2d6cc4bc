import { type Selectable, sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { StatsDayTable, StatsSlotTable } from '../../db/types.ts'

/**
 * The overview's sums, in slots of SLOT seconds from `from`: the shop's days are then whole
 * slots whatever its zone (every zone's offset is a whole number of quarter hours), and each
 * query reads one index range, from the index alone (2026_12_09_002_stats_indexes).
 */
export const SLOT = 900

const DAY = 86_400

/** What the overview keeps of a day or a slot: one sum per column. */
const SUM_COLUMNS = [
  'orders',
  'paid_orders',
  'gmv',
  'first_payments',
  'credit_borrowed',
  'repayments',
  'fees',
  'refunds',
] as const

/** A kept row summed again takes every sum, its generation and the time from the row offered. */
const REPLACED = Object.fromEntries(
  [...SUM_COLUMNS, 'generation', 'computed_at'].map((c) => [c, sql.ref<number>(`excluded.${c}`)]),
)

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
 * The principal the debts still owe, in all and of those due before each of `dueBefore`: the whole
 * UTC days from credit_owed (kept with the debts), the part of the day each bound falls in from the
 * owed debts due in it (credit_debts_owed_sum_idx). Repaid parts are not owed, and neither is a
 * refunded order's (its debt is closed).
 */
export async function owedByDueTime(
  ex: Executor,
  dueBefore: readonly number[],
): Promise<{ total: number; before: number[] }> {
  const dayOf = (t: number) => Math.floor(t / DAY)
  const sums = dueBefore.map((t, i) =>
    sql<number>`coalesce(sum(case when due_day < ${sql.lit(dayOf(t))} then principal else 0 end), 0)`.as(`b${i}`),
  )
  const row = (await ex
    .selectFrom('credit_owed')
    .select([sql<number>`coalesce(sum(principal), 0)`.as('total'), ...sums])
    .executeTakeFirstOrThrow()) as Record<string, unknown>
  const before: number[] = []
  for (const [i, t] of dueBefore.entries()) {
    const partial = await ex
      .selectFrom('credit_debts')
      .select(sql<number>`coalesce(sum(principal - principal_repaid), 0)`.as('p'))
      .where('state', '=', 'owed')
      .where('due_time', '>=', dayOf(t) * DAY)
      .where('due_time', '<', t)
      .executeTakeFirstOrThrow()
    before.push(Number(row[`b${i}`] ?? 0) + Number(partial.p))
  }
  return { total: Number(row.total), before }
}

/** Late fees repaid, per slot (credit_entries_time_idx): the part of the repayments that paid fees. */
export async function feesPerSlot(ex: Executor, from: number, to: number): Promise<MoneySlot[]> {
  const rows = await ex
    .selectFrom('credit_entries')
    .select([slotOf('credit_entries.time', from).as('slot'), (eb) => eb.fn.sum<number>('amount').as('amount')])
    .where('kind', '=', 'fee_repaid')
    .where('time', '>=', from)
    .where('time', '<', to)
    .groupBy(sql`1`)
    .execute()
  return rows.map((r) => ({ slot: Number(r.slot), kind: 'fee', amount: Number(r.amount) }))
}

/** A to-ship count past this is answered as "10 000+": an exact one would read every such order. */
export const TO_SHIP_CAP = 10_000

/** Paid orders waiting to ship, counted up to TO_SHIP_CAP + 1 (orders_state_idx). */
export async function toShip(ex: Executor): Promise<{ n: number; capped: boolean }> {
  const upTo = ex
    .selectFrom('orders')
    .select('order_id')
    .where('state', '=', 1)
    .limit(TO_SHIP_CAP + 1)
  const row = await ex
    .selectFrom(upTo.as('to_ship'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  const n = Number(row.n)
  return { n: Math.min(n, TO_SHIP_CAP), capped: n > TO_SHIP_CAP }
}

/** One day's sums, as the overview answers them and stats_days keeps them. */
export type DaySums = Omit<Selectable<StatsDayTable>, 'zone' | 'computed_at' | 'generation'>

/** A kept day: its sums and the late-payment counters it was summed at. */
export type StoredDay = DaySums & { generation: number }

/** The closed days of `zone` already summed, among `dates`. */
export async function storedDays(ex: Executor, zone: string, dates: readonly string[]): Promise<StoredDay[]> {
  if (dates.length === 0) return []
  const rows = await ex
    .selectFrom('stats_days')
    .select(['date', 'generation', ...SUM_COLUMNS])
    .where('zone', '=', zone)
    .where('date', 'in', [...dates])
    .execute()
  // pg answers bigint columns as numbers here (its int8 parser), SQLite as numbers already.
  return rows.map((r) => ({ ...r, generation: Number(r.generation) }))
}

/**
 * Keeps closed days' sums. A row kept already is replaced: it was summed at older late-payment
 * counters (or at the same ones, with the same sums).
 */
export async function storeDays(ex: Executor, zone: string, days: readonly StoredDay[], now: number): Promise<void> {
  if (days.length === 0) return
  await ex
    .insertInto('stats_days')
    .values(days.map((d) => ({ ...d, zone, computed_at: now })))
    .onConflict((oc) => oc.columns(['zone', 'date']).doUpdateSet(REPLACED))
    .execute()
}

/** A kept slot: its start, its sums and the late-payment counter it was summed at. */
export type StoredSlot = Omit<Selectable<StatsSlotTable>, 'computed_at'>

/** The kept slots starting in [from, to). */
export async function storedSlots(ex: Executor, from: number, to: number): Promise<StoredSlot[]> {
  if (to <= from) return []
  const rows = await ex
    .selectFrom('stats_slots')
    .select(['slot', 'generation', ...SUM_COLUMNS])
    .where('slot', '>=', from)
    .where('slot', '<', to)
    .execute()
  return rows.map((r) => ({ ...r, slot: Number(r.slot), generation: Number(r.generation) }))
}

/** Keeps closed slots' sums, replacing any kept at older late-payment counters (as storeDays). */
export async function storeSlots(ex: Executor, slots: readonly StoredSlot[], now: number): Promise<void> {
  if (slots.length === 0) return
  await ex
    .insertInto('stats_slots')
    .values(slots.map((s) => ({ ...s, computed_at: now })))
    .onConflict((oc) => oc.column('slot').doUpdateSet(REPLACED))
    .execute()
}

/** The late-payment counters of UTC days `first`..`last` (days numbered from the epoch); absent ones are 0. */
export async function lateGenerations(ex: Executor, first: number, last: number): Promise<Map<number, number>> {
  const rows = await ex
    .selectFrom('stats_late_days')
    .select(['day', 'generation'])
    .where('day', '>=', first)
    .where('day', '<=', last)
    .execute()
  return new Map(rows.map((r) => [Number(r.day), Number(r.generation)]))
}

/** Counts a payment recorded late for the UTC day of `paidAt` (stats_late_days). */
export async function bumpLateDay(ex: Executor, paidAt: number): Promise<void> {
  await ex
    .insertInto('stats_late_days')
    .values({ day: Math.floor(paidAt / DAY), generation: 1 })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet((eb) => ({ generation: eb('stats_late_days.generation', '+', 1) })),
    )
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
