import { Redis } from 'ioredis'
import type { RateLimitStore } from './index.ts'

/**
 * Fixed windows in Redis, shared by every instance behind the load balancer. INCR and the
 * first EXPIRE go in one MULTI, so a window always ends even if a process dies mid-way.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'sfm:rl:',
  ) {}

  static connect(url: string): RedisRateLimitStore {
    return new RedisRateLimitStore(new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true }))
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

  async count(key: string, windowSeconds: number): Promise<number> {
    return Number((await this.redis.get(this.key(key, windowSeconds))) ?? 0)
  }

  async ping(): Promise<void> {
    await this.redis.ping()
  }

  async close(): Promise<void> {
    await this.redis.quit()
  }
}
