import type { RateLimitStore } from './store.ts'

/** Where the store reports Redis going away and coming back: the app's logger. */
export interface FaultLog {
  error(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

/** A shared store that can say it is not connected without waiting for a command to fail. */
export interface SharedStore extends RateLimitStore {
  readonly down: boolean
}

export interface FallbackTiming {
  /** How long a command may take before this instance stops waiting for it: far above a healthy round trip. */
  deadlineMs: number
  /** How often, while counting locally, the shared store is asked whether it is back. */
  probeMs: number
}

const TIMING: FallbackTiming = { deadlineMs: 300, probeMs: 1000 }

class TooSlow extends Error {
  constructor(ms: number) {
    super(`redis did not answer within ${ms} ms`)
  }
}

/** `work`, or a TooSlow rejection after `ms`; work that answers late is dropped quietly. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TooSlow(ms)), ms)
  })
  work.catch(() => {})
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

/**
 * The shared store (Redis), with this instance's memory standing in while it cannot be
 * reached: requests keep being served and limits keep holding, counted per instance (so up
 * to N times looser behind N instances) rather than lifted. Whatever the fault (never
 * connected, connection lost, a server that stopped answering) no request waits for it longer
 * than one deadline: the first command that fails or is too slow switches to memory, and from
 * then on a probe in the background, never a request, finds out when Redis is back. The change
 * each way is logged once; readiness (ping) fails at once while Redis is missing, so /readyz says so.
 */
export class FallbackRateLimitStore implements RateLimitStore {
  private usingLocal = false
  private probe: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    private readonly shared: SharedStore,
    private readonly local: RateLimitStore,
    private readonly log: FaultLog,
    private readonly timing: FallbackTiming = TIMING,
  ) {}

  private async run<T>(op: (store: RateLimitStore) => Promise<T>): Promise<T> {
    if (!this.usingLocal && this.shared.down) this.fellBack(new Error('redis connection down'))
    if (this.usingLocal) return op(this.local)
    try {
      return await withDeadline(op(this.shared), this.timing.deadlineMs)
    } catch (err) {
      this.fellBack(err)
      return op(this.local)
    }
  }

  private fellBack(err: unknown): void {
    if (this.usingLocal) return
    this.usingLocal = true
    this.log.error({ err }, "redis unreachable: rate limits are counted in this instance's memory until it is back")
    this.probeLater()
  }

  private probeLater(): void {
    if (this.closed) return
    this.probe = setTimeout(() => void this.probeNow(), this.timing.probeMs)
    this.probe.unref()
  }

  private async probeNow(): Promise<void> {
    try {
      if (this.shared.down) throw new Error('redis connection down')
      await withDeadline(this.shared.ping(), this.timing.deadlineMs)
    } catch {
      this.probeLater()
      return
    }
    this.usingLocal = false
    this.log.info({}, 'redis reachable again: rate limits are shared again')
  }

  hit(key: string, windowSeconds: number): Promise<number> {
    return this.run((store) => store.hit(key, windowSeconds))
  }

  unhit(key: string, windowSeconds: number): Promise<void> {
    return this.run((store) => store.unhit(key, windowSeconds))
  }

  /** Readiness: fails at once while counting locally, and within one deadline when Redis has just stopped answering. */
  async ping(): Promise<void> {
    if (this.usingLocal || this.shared.down) throw new Error('redis unreachable')
    try {
      await withDeadline(this.shared.ping(), this.timing.deadlineMs)
    } catch (err) {
      if (err instanceof TooSlow) this.fellBack(err)
      throw err
    }
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.probe)
    await Promise.all([this.shared.close(), this.local.close()])
  }
}
