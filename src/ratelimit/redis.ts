import { createRequire } from 'node:module'
import type { Redis } from 'ioredis'

/** ioredis (6 MB of the process) is loaded only by an instance given REDIS_URL. */
const ioredis = () => createRequire(import.meta.url)('ioredis') as typeof import('ioredis')
import type { RateLimitStore } from './store.ts'

/**
 * Fixed windows in Redis, shared by every instance behind the load balancer. INCR and the
 * first EXPIRE go in one MULTI, so a window always ends even if a process dies mid-way.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'sfm:rl:',
  ) {
    // ioredis reconnects by itself; the fallback store logs the outage once, so the events need no log of their own.
    redis.on('error', () => {})
  }

  /** A command waits at most a second, and at most one reconnection: a request never hangs on Redis. */
  static connect(url: string, keyPrefix: string): RedisRateLimitStore {
    return new RedisRateLimitStore(
      new (ioredis().Redis)(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, commandTimeout: 1000 }),
      `${keyPrefix}rl:`,
    )
  }

  /**
   * The connection was lost or refused: commands would only wait to fail. While the first
   * connection is still being made, commands wait in ioredis's queue (the fallback's deadline
   * bounds them), so an instance's first requests are not counted locally merely for coming
   * before the handshake.
   */
  get down(): boolean {
    const status = this.redis.status
    return status === 'close' || status === 'reconnecting' || status === 'end'
  }

  private key(key: string, windowSeconds: number): string {
    return `${this.prefix}${windowSeconds}:${key}`
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = this.key(key, windowSeconds)
    const results = await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec()
    const [err, count] = results?.[0] ?? [new Error('redis transaction discarded'), 0]
    if (err) throw err
    return Number(count)
  }

  /** DECR only while the window's key lives, so an expired window is not revived without a TTL. */
  async unhit(key: string, windowSeconds: number): Promise<void> {
    await this.redis.eval(
      "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0",
      1,
      this.key(key, windowSeconds),
    )
  }

  async ping(): Promise<void> {
    if (this.down) throw new Error('redis connection down')
    await this.redis.ping()
  }

  async close(): Promise<void> {
    await this.redis.quit()
  }
}
