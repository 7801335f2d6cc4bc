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

/** What a slot's sums row says: orders committed, orders paid, money received (first payments, repayments), refunds, fees. */
export type SlotKind = 'orders' | 'paid' | 'first' | 'repaid' | 'refund' | 'fee'

/** One kind's sums in one slot: `n` (a count or an amount); for 'paid' also `gmv` and `borrowed`. */
export interface SlotSum {
  kind: SlotKind
  slot: number
  n: number
  gmv: number
  borrowed: number
}

/**
 * Every sum of the slots of [from, to) in one statement (each is a round trip on PostgreSQL), one
 * index range per part: orders committed; orders paid, what they were worth (everything but the
 * credit's sign) and what they borrowed; money received and kept (not flagged to give back), by
 * what it paid; refunds that reached the customer, per slot of their finish; late fees repaid
 * (the part of the repayments that paid fees).
 */
export async function slotSums(ex: Executor, from: number, to: number): Promise<SlotSum[]> {
  const none = sql.lit(0)
  const committed = ex
    .selectFrom('orders')
    .select([
      sql.lit('orders').as('kind'),
      slotOf('orders.create_time', from).as('slot'),
      (eb) => eb.fn.countAll().as('n'),
      none.as('gmv'),
      none.as('borrowed'),
    ])
    .where('create_time', '>=', from)
    .where('create_time', '<', to)
    .groupBy(sql`2`)
  const paid = ex
    .selectFrom('orders')
    .select([
      sql.lit('paid').as('kind'),
      slotOf('orders.pay_time', from).as('slot'),
      (eb) => eb.fn.countAll().as('n'),
      sql<number>`sum(sku_amount + ship_amount + favour_amount + manual_amount)`.as('gmv'),
      sql<number>`sum(-credit_amount)`.as('borrowed'),
    ])
    .where('pay_time', '>=', from)
    .where('pay_time', '<', to)
    .groupBy(sql`2`)
  const received = ex
    .selectFrom('payments')
    .select([
      sql<string>`case when target_type = 'pay' then 'first' else 'repaid' end`.as('kind'),
      slotOf('payments.time', from).as('slot'),
      (eb) => eb.fn.sum('amount').as('n'),
      none.as('gmv'),
      none.as('borrowed'),
    ])
    .where('time', '>=', from)
    .where('time', '<', to)
    .where('needs_refund', '=', 0)
    .groupBy([sql`1`, sql`2`])
  const refunded = ex
    .selectFrom('refunds')
    .select([
      sql.lit('refund').as('kind'),
      slotOf('refunds.finish_time', from).as('slot'),
      (eb) => eb.fn.sum('amount').as('n'),
      none.as('gmv'),
      none.as('borrowed'),
    ])
    .where('state', '=', 'succeeded')
    .where('finish_time', '>=', from)
    .where('finish_time', '<', to)
    .groupBy(sql`2`)
  const fees = ex
    .selectFrom('credit_entries')
    .select([
      sql.lit('fee').as('kind'),
      slotOf('credit_entries.time', from).as('slot'),
      (eb) => eb.fn.sum('amount').as('n'),
      none.as('gmv'),
      none.as('borrowed'),
    ])
    .where('kind', '=', 'fee_repaid')
    .where('time', '>=', from)
    .where('time', '<', to)
    .groupBy(sql`2`)
  const rows = await committed.unionAll(paid).unionAll(received).unionAll(refunded).unionAll(fees).execute()
  return rows.map((r) => ({
    kind: r.kind as SlotKind,
    slot: Number(r.slot),
    n: Number(r.n),
    gmv: Number(r.gmv),
    borrowed: Number(r.borrowed),
  }))
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

/**
 * A to-ship count past this is answered as "1 000+": the dashboard's tile says that work waits, the
 * order list's need_send counts on to 10 000. Counting 10 001 took PostgreSQL 2.6 ms, most of the
 * overview's time at a million orders.
 */
export const TO_SHIP_CAP = 1_000

/** The shop as it stands: what the debts still owe, in all and due before each bound, and the work waiting. */
export interface Standing {
  owedTotal: number
  owedBefore: number[]
  toShip: number
  toShipCapped: boolean
  openAfterSales: number
}

/**
 * The shop as it stands, in one statement (each is a round trip on PostgreSQL): the principal the
 * debts still owe, in all and of those due before each of `dueBefore` (the whole UTC days from
 * credit_owed, kept with the debts; the part of the day each bound falls in from the owed debts
 * due in it, credit_debts_due_idx; repaid parts and refunded orders' closed debts owe nothing);
 * the paid orders waiting to ship, counted up to TO_SHIP_CAP + 1 (orders_state_list_idx); the
 * after-sale requests still open: requested (0), approved (1) or goods received (2).
 */
export async function standing(ex: Executor, dueBefore: readonly number[]): Promise<Standing> {
  const dayOf = (t: number) => Math.floor(t / DAY)
  const owedDays = ex
    .selectFrom('credit_owed')
    .select([
      sql<number>`coalesce(sum(principal), 0)`.as('total'),
      ...dueBefore.map((t, i) =>
        sql<number>`coalesce(sum(case when due_day < ${dayOf(t)} then principal else 0 end), 0)`.as(`b${i}`),
      ),
    ])
  // Bound as values, not written in: a statement's text that changed every second would be prepared again each time.
  const partOf = (t: number) => [dayOf(t) * DAY, t] as const
  const owedPartDays = ex
    .selectFrom('credit_debts')
    .select(
      dueBefore.map((t, i) => {
        const [from, to] = partOf(t)
        return sql<number>`coalesce(sum(case when due_time >= ${from} and due_time < ${to} then principal - principal_repaid else 0 end), 0)`.as(
          `p${i}`,
        )
      }),
    )
    .where((eb) =>
      eb.or(
        dueBefore.map((t) => {
          const [from, to] = partOf(t)
          return eb.and([eb('state', '=', 'owed'), eb('due_time', '>=', from), eb('due_time', '<', to)])
        }),
      ),
    )
  const toShip = ex
    .selectFrom(
      ex
        .selectFrom('orders')
        .select(sql.lit(1).as('one'))
        .where('state', '=', 1)
        .limit(TO_SHIP_CAP + 1)
        .as('o'),
    )
    .select((eb) => eb.fn.countAll().as('to_ship'))
  const open = ex
    .selectFrom('after_sales')
    .select((eb) => eb.fn.countAll().as('open_after_sales'))
    .where('state', 'in', [0, 1, 2])
  const row = (await ex
    .selectFrom([owedDays.as('d'), owedPartDays.as('p'), toShip.as('s'), open.as('a')])
    .selectAll()
    .executeTakeFirstOrThrow()) as Record<string, unknown>
  const n = Number(row.to_ship)
  return {
    owedTotal: Number(row.total),
    owedBefore: dueBefore.map((_, i) => Number(row[`b${i}`] ?? 0) + Number(row[`p${i}`] ?? 0)),
    toShip: Math.min(n, TO_SHIP_CAP),
    toShipCapped: n > TO_SHIP_CAP,
    openAfterSales: Number(row.open_after_sales),
  }
}
