import { FallbackRateLimitStore, type FaultLog } from './fallback.ts'
import { RedisRateLimitStore } from './redis.ts'
import { MemoryRateLimitStore, type RateLimitStore } from './store.ts'

export { admitGuess, type GuessAdmission, type GuessPolicy } from './guesses.ts'
export { exceedsAny, forgetOne, MemoryRateLimitStore, type Limit, type RateLimitStore } from './store.ts'

/**
 * REDIS_URL shares the limits between instances; without it each instance counts alone, and
 * so does each while Redis is unreachable (the fault is logged once, to `log`).
 */
export function createRateLimitStore(
  redis: { url: string | undefined; keyPrefix: string },
  log: FaultLog,
): RateLimitStore {
  return redis.url
    ? new FallbackRateLimitStore(
        RedisRateLimitStore.connect(redis.url, redis.keyPrefix),
        new MemoryRateLimitStore(),
        log,
      )
    : new MemoryRateLimitStore()
}
