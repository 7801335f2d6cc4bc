import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, afterEach, before, mock, test } from 'node:test'
import { Redis } from 'ioredis'
import { RedisRateLimitStore } from '../../../src/ratelimit/redis.ts'
import { newMobile, testApp, type TestApp } from '../../helper.ts'

// The limits on verification codes follow the providers' own defaults, so the provider never
// refuses first: per mobile 1 a minute, 5 an hour, 10 a day; per client address 20 an hour.

let t: TestApp
before(async () => {
  t = await testApp()
})
afterEach(() => mock.timers.reset())
after(() => t.close())

const request = (mobile: string) => t.client().post('/api/user/send_verify_code', { mobile })

test('5 codes an hour and 10 a day per mobile, a minute apart; refusals do not count', async () => {
  // Time moves on the clock the limits read; each request comes from an address of its own.
  mock.timers.enable({ apis: ['Date'], now: Date.now() })
  const mobile = newMobile()
  for (let i = 0; i < 5; i++) {
    assert.equal((await request(mobile)).code, 0, `code ${i + 1}`)
    assert.equal((await request(mobile)).status, 429, 'a second within the minute')
    mock.timers.tick(61_000)
  }
  assert.equal((await request(mobile)).status, 429, 'a 6th within the hour')
  mock.timers.tick(3600_000 - 5 * 61_000 + 1000)
  for (let i = 5; i < 10; i++) {
    assert.equal((await request(mobile)).code, 0, `code ${i + 1}`)
    mock.timers.tick(61_000)
  }
  assert.equal((await request(mobile)).status, 429, 'an 11th within the day')
  mock.timers.tick(3600_000)
  assert.equal((await request(mobile)).status, 429, 'still the same day')
  assert.equal(t.sms.messages.filter((m) => m.mobile === mobile).length, 10)
  mock.timers.tick(22 * 3600_000)
  assert.equal((await request(mobile)).code, 0, 'the next day')
})

test('codes that could not be sent count against no limit of the number', async () => {
  mock.timers.enable({ apis: ['Date'], now: Date.now() })
  const mobile = newMobile()
  t.sms.failWith = { ok: false, kind: 'rejected', reason: 'template' }
  try {
    for (let i = 0; i < 12; i++) assert.equal((await request(mobile)).code, 118)
  } finally {
    t.sms.failWith = null
  }
  for (let i = 0; i < 5; i++) {
    assert.equal((await request(mobile)).code, 0)
    mock.timers.tick(61_000)
  }
})

const redisUrl = process.env.TEST_REDIS_URL
test('through Redis, one number’s limits are one across instances, and a failure at one frees the other', {
  skip: !redisUrl && 'TEST_REDIS_URL not set',
}, async () => {
  const prefix = `sfm:test:${randomBytes(6).toString('hex')}:`
  const store = () => new RedisRateLimitStore(new Redis(redisUrl!), prefix)
  const a = await testApp({}, { limiter: store() })
  const b = await testApp({}, { limiter: store() })
  try {
    const mobile = newMobile()
    a.sms.failWith = { ok: false, kind: 'unavailable', reason: 'down', maybeSent: false }
    assert.equal((await a.client().post('/api/user/send_verify_code', { mobile })).code, 118)
    assert.equal((await b.client().post('/api/user/send_verify_code', { mobile })).code, 0)
    assert.equal((await a.client().post('/api/user/send_verify_code', { mobile })).status, 429)
  } finally {
    await a.close()
    await b.close()
  }
})
