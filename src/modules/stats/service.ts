import type { Deps } from '../../deps.ts'
import { ok } from '../../domain/result.ts'
import { nowSeconds, ZoneClock } from '../../time.ts'
import {
  committedPerSlot,
  openAfterSales,
  feesPerSlot,
  owedByDueTime,
  paidPerSlot,
  receivedPerSlot,
  refundedPerSlot,
  SLOT,
  storeDays,
  storedDays,
  lateGenerations,
  type DaySums,
  toShip,
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

/** The sums of consecutive days `dates` (starting at `starts`), read per quarter hour from the indexes, up to `to`. */
async function sumDays(deps: Deps, dates: string[], starts: number[], to: number): Promise<Day[]> {
  const byDate = dates.map(emptyDay)
  const from = starts[0]
  if (from === undefined) return byDate
  // A slot's day: the last day that starts at or before it.
  const dayOf = (slot: number) => {
    const t = from + slot * SLOT
    let i = starts.length - 1
    while (i > 0 && (starts[i] ?? 0) > t) i--
    return byDate[i]
  }
  const { db } = deps
  const committed = await committedPerSlot(db, from, to)
  const paid = await paidPerSlot(db, from, to)
  const received = await receivedPerSlot(db, from, to)
  const refunded = await refundedPerSlot(db, from, to)
  const fees = await feesPerSlot(db, from, to)
  for (const r of committed) {
    const d = dayOf(r.slot)
    if (d) d.orders += r.n
  }
  for (const r of paid) {
    const d = dayOf(r.slot)
    if (!d) continue
    d.paid_orders += r.paid
    d.gmv += r.gmv
    d.credit_borrowed += r.borrowed
  }
  for (const r of received) {
    const d = dayOf(r.slot)
    if (d && r.kind === 'pay') d.first_payments += r.amount
    else if (d) d.repayments += r.amount
  }
  for (const r of refunded) {
    const d = dayOf(r.slot)
    if (d) d.refunds += r.amount
  }
  for (const r of fees) {
    const d = dayOf(r.slot)
    if (d) d.fees += r.amount
  }
  return byDate
}

/**
 * `/api/stats/overview`: the last `days` days in SHOP_TIMEZONE (today included, so far) and the
 * credit as it stands. Closed days come from stats_days (summed the first time they are asked
 * for); the open ones are summed per quarter hour from the indexes and added up per day here.
 */
export async function overview(deps: Deps, days: number, now = nowSeconds()) {
  const zone = deps.config.shopTimeZone
  const clock = new ZoneClock(zone)
  const today = clock.date(now)
  const dates: string[] = []
  for (let i = days - 1; i >= 0; i--) dates.push(clock.date(clock.startOf(today) - i * DAY + DAY / 2))
  const starts = dates.map((d) => clock.startOf(d))
  const endOf = (i: number) => starts[i + 1] ?? clock.startOf(clock.date(now + DAY))
  // Days 0..closed-1 ended long enough ago to keep.
  let closed = 0
  while (closed < dates.length && endOf(closed) <= now - STATS_CLOSE_SECONDS) closed++
  const result = new Map<string, Day>()
  if (closed > 0) {
    // A kept day is current when the late-payment counters of the UTC days it spans are as they were when it was summed.
    const utcDay = (t: number) => Math.floor(t / DAY)
    const late = await lateGenerations(deps.db, utcDay(starts[0] ?? 0), utcDay(endOf(closed - 1) - 1))
    const generationOf = (i: number) => {
      let g = 0
      for (let d = utcDay(starts[i] ?? 0); d <= utcDay(endOf(i) - 1); d++) g += late.get(d) ?? 0
      return g
    }
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
      const summed = await sumDays(deps, dates.slice(i, j), starts.slice(i, j), endOf(j - 1))
      const fresh = summed.map((d, k) => ({ ...d, generation: generationOf(i + k) }))
      await storeDays(deps.db, zone, fresh, now)
      for (const d of summed) result.set(d.date, d)
      i = j
    }
  }
  for (const d of await sumDays(deps, dates.slice(closed), starts.slice(closed), now + 1)) result.set(d.date, d)
  const { db } = deps
  // Overdue by days past each debt's own due time: M1 1–30, M2 31–60, M3 61 or more.
  const dueBefore = (overdueDays: number) => now - overdueDays * DAY
  const owed = await owedByDueTime(db, [dueBefore(0), dueBefore(30), dueBefore(60)])
  const [pastDue = 0, past30 = 0, past60 = 0] = owed.before
  return ok({
    days: dates.map((d) => result.get(d) ?? emptyDay(d)),
    now: {
      credit_outstanding: owed.total,
      overdue_principal: { M1: pastDue - past30, M2: past30 - past60, M3: past60 },
      to_ship: await toShip(db),
      open_after_sales: await openAfterSales(db),
    },
  })
}
