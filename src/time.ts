/** Unix seconds: the unit of every time in the API and the database. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

/**
 * The one rule for deadlines (an order's expire_time, a charge's time_expire): in that very
 * second it has passed. The SQL that selects or guards by expiry says the same (`<= now`, `> now`).
 */
export const hasExpired = (deadline: number, now: number = nowSeconds()): boolean => deadline <= now

/** A name Intl knows as a time zone (Asia/Shanghai, UTC, Europe/Berlin). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return name.length > 0
  } catch {
    return false
  }
}

/**
 * Wall-clock times in one zone: ISO 8601 with its offset (2026-12-02T08:59:03+08:00) and the
 * date (2026-12-02). Intl gives the offset; it is kept per quarter hour (every zone's offsets
 * change on a quarter hour), so a million times cost a few thousand Intl calls, not millions.
 */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat
  private readonly offsets = new Map<number, number>()

  private static readonly byZone = new Map<string, ZoneClock>()

  /** The zone's clock, one per zone: its offsets stay cached from one request to the next. */
  static of(zone: string): ZoneClock {
    let clock = ZoneClock.byZone.get(zone)
    if (!clock) {
      clock = new ZoneClock(zone)
      ZoneClock.byZone.set(zone, clock)
    }
    return clock
  }

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
  }

  /** Seconds to add to UTC for the wall clock at `t` (Unix seconds). */
  offsetAt(t: number): number {
    const slot = Math.floor(t / 900)
    let offset = this.offsets.get(slot)
    if (offset === undefined) {
      const parts = this.format.formatToParts(new Date(slot * 900_000))
      const n = (type: string) => Number(parts.find((x) => x.type === type)?.value)
      const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) / 1000
      offset = wall - slot * 900
      if (this.offsets.size > 100_000) this.offsets.clear()
      this.offsets.set(slot, offset)
    }
    return offset
  }

  iso(t: number): string {
    const offset = this.offsetAt(t)
    const sign = offset < 0 ? '-' : '+'
    const abs = Math.abs(offset)
    const hh = String(Math.floor(abs / 3600)).padStart(2, '0')
    const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0')
    return `${new Date((t + offset) * 1000).toISOString().slice(0, 19)}${sign}${hh}:${mm}`
  }

  /** The shop's date of `t`, YYYY-MM-DD. */
  date(t: number): string {
    return new Date((t + this.offsetAt(t)) * 1000).toISOString().slice(0, 10)
  }

  /** When the shop's day `date` (YYYY-MM-DD) starts, Unix seconds. */
  startOf(date: string): number {
    const midnightUtc = Date.parse(`${date}T00:00:00Z`) / 1000
    // The offset at the start may differ from the one 14 h either side: try the guess twice.
    let t = midnightUtc - this.offsetAt(midnightUtc)
    t = midnightUtc - this.offsetAt(t)
    return t
  }
}
