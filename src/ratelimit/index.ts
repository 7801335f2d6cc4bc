import { RedisRateLimitStore } from './redis.ts'
import { MemoryRateLimitStore, type RateLimitStore } from './store.ts'

export { exceedsAny, forgetOne, MemoryRateLimitStore, type Limit, type RateLimitStore } from './store.ts'

/** REDIS_URL shares the limits between instances; without it each instance counts alone. */
export function createRateLimitStore(redisUrl: string | undefined): RateLimitStore {
  return redisUrl ? RedisRateLimitStore.connect(redisUrl) : new MemoryRateLimitStore()
}
