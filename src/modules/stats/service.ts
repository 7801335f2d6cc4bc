import type { Deps } from '../../deps.ts'
import { ok } from '../../domain/result.ts'
import { nowSeconds, ZoneClock } from '../../time.ts'
import {
  SLOT,
  slotSums,
  storeDays,
  storedDays,
  storedSlots,
  storeSlots,
  lateGenerations,
  type DaySums,
  standing,
} from './repo.ts'

const DAY = 86_400

export type Day = DaySums

/**
 * A day is summed once and kept (stats_days) this long after it ends: every transaction that
 * recorded one of its events on time has committed by then. A payment recorded late for it
 * afterwards (noteLatePayment) makes it summed again. Only the days after it are summed at each request.
 */
export const STATS_CLOSE_SECONDS = 15 * 60

const emptyDay = (date: string): Day => ({
  date,
  orders: 0,
  paid_orders: 0,
  gmv: 0,
  first_payments: 0,
  credit_borrowed: 0,
  repayments: 0,
  fees: 0,
  refunds: 0,
})

type Sums = Omit<Day, 'date'>

const emptySums = (): Sums => {
  const { date: _, ...sums } = emptyDay('')
  return sums
}

const addSums = (to: Sums, from: Sums) => {
  for (const k of Object.keys(from) as (keyof Sums)[]) to[k] += from[k]
}

/** The sums of each slot of [from, to) with anything in it, by the slot's start; read from the indexes. */
async function sumSlots(deps: Deps, from: number, to: number): Promise<Map<number, Sums>> {
  const slots = new Map<number, Sums>()
  const at = (slot: number) => {
    const t = from + slot * SLOT
    const s = slots.get(t) ?? emptySums()
    slots.set(t, s)
    return s
  }
  for (const r of await slotSums(deps.db, from, to)) {
    const s = at(r.slot)
    if (r.kind === 'orders') s.orders += r.n
    else if (r.kind === 'paid') {
      s.paid_orders += r.n
      s.gmv += r.gmv
      s.credit_borrowed += r.borrowed
    } else if (r.kind === 'first') s.first_payments += r.n
    else if (r.kind === 'repaid') s.repayments += r.n
    else if (r.kind === 'refund') s.refunds += r.n
    else s.fees += r.n
  }
  return slots
}

/** Slots' sums added up per day of the consecutive days `dates` (starting at `starts`). */
function daysOf(dates: string[], starts: number[], slots: Map<number, Sums>): Day[] {
  const byDate = dates.map(emptyDay)
  for (const [t, sums] of slots) {
    // A slot's day: the last day that starts at or before it.
    let i = starts.length - 1
    while (i > 0 && (starts[i] ?? 0) > t) i--
    const day = byDate[i]
    if (day) addSums(day, sums)
  }
  return byDate
}

/**
 * The slots of the days still open, from `from` to now: those closed (ended STATS_CLOSE_SECONDS
 * ago) from stats_slots when kept at their UTC day's late-payment counter, else summed and kept;
 * the last ones summed at each request.
 */
async function openSlots(
  deps: Deps,
  from: number,
  now: number,
  generationOf: (slot: number) => number,
): Promise<Map<number, Sums>> {
  // Counted from the day's own start, so the kept slots are the day's quarter hours whatever its zone.
  const closedEnd = from + Math.max(0, Math.floor((now - STATS_CLOSE_SECONDS - from) / SLOT)) * SLOT
  const slots = new Map<number, Sums>()
  for (const { slot, generation, ...sums } of await storedSlots(deps.db, from, closedEnd))
    if (generation === generationOf(slot)) slots.set(slot, sums)
  // The closed slots not kept (or stale), each run of consecutive ones summed as one range.
  for (let start = from; start < closedEnd; ) {
    if (slots.has(start)) {
      start += SLOT
      continue
    }
    let end = start
    while (end < closedEnd && !slots.has(end)) end += SLOT
    const summed = await sumSlots(deps, start, end)
    const fresh = []
    for (let t = start; t < end; t += SLOT) {
      const sums = summed.get(t) ?? emptySums()
      slots.set(t, sums)
      fresh.push({ slot: t, ...sums, generation: generationOf(t) })
    }
    await storeSlots(deps.db, fresh, now)
    start = end
  }
  for (const [t, sums] of await sumSlots(deps, closedEnd, now + 1)) slots.set(t, sums)
  return slots
}

/**
 * `/api/stats/overview`: the last `days` days in SHOP_TIMEZONE (today included, so far) and the
 * credit as it stands. Closed days come from stats_days (summed the first time they are asked
 * for); the open ones from their quarter hours (openSlots), added up per day here.
 */
export async function overview(deps: Deps, days: number, now = nowSeconds()) {
  const zone = deps.config.shopTimeZone
  const clock = ZoneClock.of(zone)
  const today = clock.date(now)
  const dates: string[] = []
  for (let i = days - 1; i >= 0; i--) dates.push(clock.date(clock.startOf(today) - i * DAY + DAY / 2))
  const starts = dates.map((d) => clock.startOf(d))
  const endOf = (i: number) => starts[i + 1] ?? clock.startOf(clock.date(now + DAY))
  // Days 0..closed-1 ended long enough ago to keep.
  let closed = 0
  while (closed < dates.length && endOf(closed) <= now - STATS_CLOSE_SECONDS) closed++
  const result = new Map<string, Day>()
  // A kept day or slot is current when the late-payment counters of the UTC days it spans are as
  // they were when it was summed.
  const utcDay = (t: number) => Math.floor(t / DAY)
  const late = await lateGenerations(deps.db, utcDay(starts[0] ?? 0), utcDay(now))
  const generationOf = (i: number) => {
    let g = 0
    for (let d = utcDay(starts[i] ?? 0); d <= utcDay(endOf(i) - 1); d++) g += late.get(d) ?? 0
    return g
  }
  if (closed > 0) {
    for (const { generation, ...sums } of await storedDays(deps.db, zone, dates.slice(0, closed)))
      if (generation === generationOf(dates.indexOf(sums.date))) result.set(sums.date, sums)
    // The closed days not kept (or stale), each run of consecutive ones summed as one range.
    for (let i = 0; i < closed; ) {
      if (result.has(dates[i] ?? '')) {
        i++
        continue
      }
      let j = i
      while (j < closed && !result.has(dates[j] ?? '')) j++
      const summed = daysOf(dates.slice(i, j), starts.slice(i, j), await sumSlots(deps, starts[i] ?? 0, endOf(j - 1)))
      const fresh = summed.map((d, k) => ({ ...d, generation: generationOf(i + k) }))
      await storeDays(deps.db, zone, fresh, now)
      for (const d of summed) result.set(d.date, d)
      i = j
    }
  }
  const slots = await openSlots(deps, starts[closed] ?? now, now, (t) => late.get(utcDay(t)) ?? 0)
  for (const d of daysOf(dates.slice(closed), starts.slice(closed), slots)) result.set(d.date, d)
  const { db } = deps
  // Overdue by days past each debt's own due time: M1 1–30, M2 31–60, M3 61 or more.
  const dueBefore = (overdueDays: number) => now - overdueDays * DAY
  const shop = await standing(db, [dueBefore(0), dueBefore(30), dueBefore(60)])
  const [pastDue = 0, past30 = 0, past60 = 0] = shop.owedBefore
  return ok({
    days: dates.map((d) => result.get(d) ?? emptyDay(d)),
    now: {
      credit_outstanding: shop.owedTotal,
      overdue_principal: { M1: pastDue - past30, M2: past30 - past60, M3: past60 },
      to_ship: shop.toShip,
      to_ship_capped: shop.toShipCapped ? (1 as const) : (0 as const),
      open_after_sales: shop.openAfterSales,
    },
  })
}
