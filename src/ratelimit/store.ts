/**
 * Counts events per key in fixed windows. The in-memory store serves one instance; a shared
 * store (Redis) implements the same interface for several.
 */
export interface RateLimitStore {
  /** Adds one event and returns how many the key has in its current window, this one included. */
  hit(key: string, windowSeconds: number): Promise<number>
  /** Takes back one event of the current window (an attempt that turned out not to count). */
  unhit(key: string, windowSeconds: number): Promise<void>
  /** Rejects when the store cannot be reached (readiness). */
  ping(): Promise<void>
  close(): Promise<void>
}

interface Window {
  count: number
  resetAt: number
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, Window>()
  private readonly sweeper: NodeJS.Timeout

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 60_000)
    this.sweeper.unref()
  }

  private current(key: string, windowSeconds: number): Window {
    const now = Date.now()
    const full = `${windowSeconds}:${key}`
    let w = this.windows.get(full)
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowSeconds * 1000 }
      this.windows.set(full, w)
    }
    return w
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    return ++this.current(key, windowSeconds).count
  }

  async unhit(key: string, windowSeconds: number): Promise<void> {
    const w = this.current(key, windowSeconds)
    if (w.count > 0) w.count--
  }

  private sweep(): void {
    const now = Date.now()
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k)
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper)
  }
}

export interface Limit {
  key: string
  max: number
  windowSeconds: number
}

/** Records one event against each limit; true when any of them is now exceeded. */
export async function exceedsAny(store: RateLimitStore, limits: Limit[]): Promise<boolean> {
  const counts = await Promise.all(limits.map((l) => store.hit(l.key, l.windowSeconds)))
  return limits.some((l, i) => (counts[i] ?? 0) > l.max)
}

/** Takes back the event exceedsAny recorded against each limit. */
export async function forgetOne(store: RateLimitStore, limits: Limit[]): Promise<void> {
  await Promise.all(limits.map((l) => store.unhit(l.key, l.windowSeconds)))
}
