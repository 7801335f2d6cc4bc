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

/**
 * Keys one instance keeps at most: about 200 bytes each, so some 20 MB. Callers check the client's
 * address before anything it names, so a flood refused at its address adds no key; this bounds
 * the rest (many addresses at once) whatever arrives.
 */
export const MEMORY_STORE_MAX_KEYS = 100_000

export class MemoryRateLimitStore implements RateLimitStore {
  /** In the order their windows began: the first is the oldest, evicted first when the store is full. */
  private readonly windows = new Map<string, Window>()
  private readonly sweeper: NodeJS.Timeout
  private lastSweep = 0

  constructor(private readonly maxKeys = MEMORY_STORE_MAX_KEYS) {
    this.sweeper = setInterval(() => this.sweep(), 60_000)
    this.sweeper.unref()
  }

  /** Keys held now (a flood shows here first). */
  get size(): number {
    return this.windows.size
  }

  private current(key: string, windowSeconds: number): Window {
    const now = Date.now()
    const full = `${windowSeconds}:${key}`
    const w = this.windows.get(full)
    if (w && w.resetAt > now) return w
    // A window begun again goes to the end, so the map stays in the order windows began.
    if (w) this.windows.delete(full)
    else if (this.windows.size >= this.maxKeys) this.makeRoom(now)
    const fresh = { count: 0, resetAt: now + windowSeconds * 1000 }
    this.windows.set(full, fresh)
    return fresh
  }

  /**
   * Full: ended windows go first (looked for at most once a second, so a flood does not sweep at
   * every request), then the oldest windows, which loosens only the limits nearest their end.
   */
  private makeRoom(now: number): void {
    if (now - this.lastSweep >= 1000) this.sweep()
    for (const k of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break
      this.windows.delete(k)
    }
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    return ++this.current(key, windowSeconds).count
  }

  /** Never makes a key: taking back from a window that ended (or was evicted) leaves nothing to take. */
  async unhit(key: string, windowSeconds: number): Promise<void> {
    const w = this.windows.get(`${windowSeconds}:${key}`)
    if (w && w.resetAt > Date.now() && w.count > 0) w.count--
  }

  private sweep(): void {
    const now = Date.now()
    this.lastSweep = now
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
