import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { Redis } from 'ioredis'
import { FallbackRateLimitStore } from '../../src/ratelimit/fallback.ts'
import { RedisRateLimitStore } from '../../src/ratelimit/redis.ts'
import { MemoryRateLimitStore } from '../../src/ratelimit/store.ts'
import { newMobile, testApp, type TestApp } from '../helper.ts'
import { freePort, redisServer, until } from '../ops/process.ts'

// Redis missing (never there, or hung) costs a rate-limited request no time: the instance counts in
// memory at once, and finds out in the background when Redis is back.

/** What a rate-limited request costs: a code for a new mobile (limited per address and per mobile). */
async function timedCode(t: TestApp, mobile = newMobile()): Promise<number> {
  const client = t.client()
  await client.xsrf()
  const started = performance.now()
  const res = await client.post('/api/user/send_verify_code', { mobile })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return performance.now() - started
}

async function timedReadyz(t: TestApp): Promise<{ ms: number; status: number }> {
  const started = performance.now()
  const res = await t.client().get('/readyz')
  return { ms: performance.now() - started, status: res.status }
}

/** Whether Redis holds a count for this mobile: the instance is sharing its limits again. */
async function countedInRedis(port: number, mobile: string): Promise<boolean> {
  const check = new Redis(port, '127.0.0.1', { lazyConnect: true })
  try {
    await check.connect()
    return (await check.keys(`sfm:rl:*${mobile}`)).length > 0
  } finally {
    check.disconnect()
  }
}

const apps: TestApp[] = []
const redises: ReturnType<typeof redisServer>[] = []
after(async () => {
  for (const t of apps) await t.close()
  for (const r of redises) await r.stop()
})

/** A Redis listening on `port`, stopped after the file's tests. */
async function startedRedis(port: number): Promise<ReturnType<typeof redisServer>> {
  const redis = redisServer(port)
  redises.push(redis)
  await redis.start()
  return redis
}

test('Redis at a closed port from the start: requests answer at normal speed; once it listens, counts go to it', {
  timeout: 60_000,
}, async () => {
  const port = await freePort()
  const t = await testApp({ REDIS_URL: `redis://127.0.0.1:${port}` })
  apps.push(t)
  const times = []
  for (let i = 0; i < 8; i++) times.push(await timedCode(t))
  assert.ok(Math.max(...times) < 250, `each answered in ${times.map(Math.round).join(', ')} ms`)
  const ready = await timedReadyz(t)
  assert.equal(ready.status, 503)
  assert.ok(ready.ms < 250, `/readyz answered in ${Math.round(ready.ms)} ms`)

  await startedRedis(port)
  await until('/readyz to answer 200', async () => (await timedReadyz(t)).status === 200)
  const later = newMobile()
  assert.ok((await timedCode(t, later)) < 250)
  assert.ok(await countedInRedis(port, later), 'counts go to Redis once it is there')
})

test('a Redis that stops answering (SIGSTOP): the first request waits one short deadline, the rest none', {
  timeout: 60_000,
}, async () => {
  const port = await freePort()
  const redis = await startedRedis(port)
  const t = await testApp({ REDIS_URL: `redis://127.0.0.1:${port}` })
  apps.push(t)
  await until('/readyz to answer 200', async () => (await timedReadyz(t)).status === 200)
  const before = newMobile()
  await timedCode(t, before)
  assert.ok(await countedInRedis(port, before))

  redis.signal('SIGSTOP')
  const first = await timedCode(t)
  assert.ok(first < 700, `the first answered in ${Math.round(first)} ms`)
  const times = []
  for (let i = 0; i < 8; i++) times.push(await timedCode(t))
  assert.ok(Math.max(...times) < 250, `then each in ${times.map(Math.round).join(', ')} ms`)
  const ready = await timedReadyz(t)
  assert.equal(ready.status, 503)
  assert.ok(ready.ms < 250, `/readyz answered in ${Math.round(ready.ms)} ms`)

  redis.signal('SIGCONT')
  await until('/readyz to answer 200 again', async () => (await timedReadyz(t)).status === 200)
  const later = newMobile()
  assert.ok((await timedCode(t, later)) < 250)
  assert.ok(await countedInRedis(port, later), 'counts go to Redis again')
})

test("an instance's first requests, made while its Redis connection is still opening, are counted in Redis", {
  timeout: 30_000,
}, async () => {
  const port = await freePort()
  await startedRedis(port)
  const faults: string[] = []
  const log = { error: (_: object, msg: string) => faults.push(msg), info: () => {} }
  const store = new FallbackRateLimitStore(
    RedisRateLimitStore.connect(`redis://127.0.0.1:${port}`, 'sfm:'),
    new MemoryRateLimitStore(),
    log,
  )
  try {
    const mobile = newMobile()
    // Asked before the handshake has had a turn of the event loop: the connection is still opening.
    const [first, ready] = await Promise.all([store.hit(mobile, 60), store.ping()])
    assert.equal(first, 1)
    assert.equal(ready, undefined)
    assert.deepEqual(faults, [])
    assert.ok(await countedInRedis(port, mobile), 'counted in Redis, not in memory')
  } finally {
    await store.close()
  }
})
