import type { RateLimitStore } from './store.ts'

/** Where the store reports Redis going away and coming back: the app's logger. */
export interface FaultLog {
  error(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

/** A shared store that can say it is down without waiting for a command to fail. */
export interface SharedStore extends RateLimitStore {
  readonly down: boolean
}

/**
 * The shared store (Redis), with this instance's memory standing in while it cannot be
 * reached: requests keep being served and limits keep holding, counted per instance (so up
 * to N times looser behind N instances) rather than lifted. The change each way is logged
 * once; readiness (ping) still reports the shared store, so /readyz says it is missing.
 */
export class FallbackRateLimitStore implements RateLimitStore {
  private usingLocal = false

  constructor(
    private readonly shared: SharedStore,
    private readonly local: RateLimitStore,
    private readonly log: FaultLog,
  ) {}

  private async run<T>(op: (store: RateLimitStore) => Promise<T>): Promise<T> {
    if (this.shared.down) {
      this.fellBack(new Error('redis connection down'))
      return op(this.local)
    }
    try {
      const result = await op(this.shared)
      if (this.usingLocal) {
        this.usingLocal = false
        this.log.info({}, 'redis reachable again: rate limits are shared again')
      }
      return result
    } catch (err) {
      this.fellBack(err)
      return op(this.local)
    }
  }

  private fellBack(err: unknown): void {
    if (this.usingLocal) return
    this.usingLocal = true
    this.log.error({ err }, "redis unreachable: rate limits are counted in this instance's memory until it is back")
  }

  hit(key: string, windowSeconds: number): Promise<number> {
    return this.run((store) => store.hit(key, windowSeconds))
  }

  unhit(key: string, windowSeconds: number): Promise<void> {
    return this.run((store) => store.unhit(key, windowSeconds))
  }

  ping(): Promise<void> {
    return this.shared.ping()
  }

  async close(): Promise<void> {
    await Promise.all([this.shared.close(), this.local.close()])
  }
}
