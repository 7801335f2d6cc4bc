import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, describe, test } from 'node:test'
import { Redis } from 'ioredis'
import { exceedsAny, forgetOne, MemoryRateLimitStore, type RateLimitStore } from '../../src/ratelimit/index.ts'
import { RedisRateLimitStore } from '../../src/ratelimit/redis.ts'
import { forgetRedisKeys, newMobile, testApp } from '../helper.ts'

// Redis is tested when TEST_REDIS_URL names one (CI always does); each run uses keys of its own.
const redisUrl = process.env.TEST_REDIS_URL
const runPrefix = `sfm:test:${randomBytes(6).toString('hex')}:`
const redisStore = () => new RedisRateLimitStore(new Redis(redisUrl!), runPrefix)
if (redisUrl) after(() => forgetRedisKeys(redisUrl, runPrefix))

const stores: [string, () => RateLimitStore][] = [['memory', () => new MemoryRateLimitStore()]]
if (redisUrl) stores.push(['redis', redisStore])

for (const [name, make] of stores) {
  describe(`${name} rate-limit store`, () => {
    test('counts hits per key and window; unhit takes one back, never below zero', async () => {
      const store = make()
      try {
        assert.equal(await store.hit('a', 60), 1)
        assert.equal(await store.hit('a', 60), 2)
        assert.equal(await store.hit('a', 3600), 1)
        assert.equal(await store.hit('b', 60), 1)
        await store.unhit('a', 60)
        assert.equal(await store.hit('a', 60), 2)
        await store.unhit('never', 60)
        assert.equal(await store.hit('never', 60), 1)
      } finally {
        await store.close()
      }
    })

    test('a window ends', async () => {
      const store = make()
      try {
        await store.hit('short', 1)
        await new Promise((r) => setTimeout(r, 1100))
        assert.equal(await store.hit('short', 1), 1)
      } finally {
        await store.close()
      }
    })

    test('parallel hits are all counted; limits trip past their max', async () => {
      const store = make()
      try {
        await Promise.all(Array.from({ length: 20 }, () => store.hit('p', 60)))
        assert.equal(await store.hit('p', 60), 21)
        const limits = [{ key: 'q', max: 2, windowSeconds: 60 }]
        assert.equal(await exceedsAny(store, limits), false)
        assert.equal(await exceedsAny(store, limits), false)
        assert.equal(await exceedsAny(store, limits), true)
        await forgetOne(store, limits)
        await forgetOne(store, limits)
        assert.equal(await exceedsAny(store, limits), false)
      } finally {
        await store.close()
      }
    })
  })
}

if (redisUrl) {
  test('two instances sharing Redis enforce one limit: one code per mobile per 60 s across both', async () => {
    const a = await testApp({}, { limiter: redisStore() })
    const b = await testApp({}, { limiter: redisStore() })
    try {
      const mobile = newMobile()
      assert.equal((await a.client().post('/api/user/send_verify_code', { mobile })).code, 0)
      assert.equal((await b.client().post('/api/user/send_verify_code', { mobile })).status, 429)
      assert.equal((await a.client().get('/readyz')).code, 0)
    } finally {
      await a.close()
      await b.close()
    }
  })
}
