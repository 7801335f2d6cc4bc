import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../src/config.ts'

test('refuses to start in production without SFM_SECRET, or with the sandbox by default', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SFM_SECRET/)
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SFM_SECRET: 'x'.repeat(32) }), /PAYMENT_PROVIDER/)
  assert.equal(
    loadConfig({ NODE_ENV: 'production', SFM_SECRET: 'x'.repeat(32), PAYMENT_PROVIDER: 'sandbox' }).paymentProvider,
    'sandbox',
  )
})

test('in development a secret is generated once, kept in the data folder, and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfm-config-'))
  const first = loadConfig({ DATA_DIR: dir })
  const second = loadConfig({ DATA_DIR: dir })
  assert.equal(first.secret, second.secret)
  assert.ok(first.secret.length >= 32)
  assert.equal(readFileSync(join(dir, 'secret'), 'utf8').trim(), first.secret)
  assert.equal(statSync(join(dir, 'secret')).mode & 0o077, 0)
  assert.equal(first.databaseUrl, `sqlite:${join(dir, 'sfm.db')}`)
})

test('defaults follow the seed: port 13910, XSRF on, console SMS, limit 0', () => {
  const c = loadConfig({ SFM_SECRET: 'x'.repeat(32) })
  assert.equal(c.port, 13910)
  assert.equal(c.xsrf, true)
  assert.equal(c.smsProvider, 'console')
  assert.equal(c.creditDefaultAmount, 0)
  assert.deepEqual(c.corsOrigins, [])
  assert.equal(c.databasePoolSize, 10)
  assert.equal(c.metrics, false)
  assert.equal(c.metricsPort, undefined)
  assert.equal(c.redisKeyPrefix, 'sfm:')
})

test('scaling settings: pool size, metrics, Redis key prefix', () => {
  const c = loadConfig({
    SFM_SECRET: 'x'.repeat(32),
    DATABASE_POOL_SIZE: '25',
    METRICS: 'on',
    METRICS_PORT: '9464',
    REDIS_KEY_PREFIX: 'shop2:',
  })
  assert.deepEqual([c.databasePoolSize, c.metrics, c.metricsPort, c.redisKeyPrefix], [25, true, 9464, 'shop2:'])
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), DATABASE_POOL_SIZE: '0' }), /DATABASE_POOL_SIZE/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), METRICS_PORT: 'x' }), /METRICS_PORT/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), METRICS: 'sometimes' }), /boolean/)
})

test('bad settings are refused with the setting named', () => {
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), PORT: 'abc' }), /PORT/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), XSRF: 'maybe' }), /boolean/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'short' }), /16/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), CREDIT_DEFAULT_AMOUNT: '-1' }), /CREDIT_DEFAULT_AMOUNT/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), ORDER_EXPIRE_SECONDS: '0' }), /ORDER_EXPIRE_SECONDS/)
  for (const bad of ['www.sfm.com', 'https://shop.example/path', 'ftp:x']) {
    assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), CORS_ORIGINS: bad }), /CORS_ORIGINS/, bad)
  }
  assert.deepEqual(
    loadConfig({ SFM_SECRET: 'x'.repeat(32), CORS_ORIGINS: 'http://www.sfm.com, https://shop.example/' }).corsOrigins,
    ['http://www.sfm.com', 'https://shop.example'],
  )
})

test('request, header and keep-alive timeouts have defaults and are checked', () => {
  const c = loadConfig({ SFM_SECRET: 'x'.repeat(32) })
  assert.equal(c.requestTimeoutMs, 30_000)
  assert.equal(c.headersTimeoutMs, 10_000)
  assert.equal(c.keepAliveTimeoutMs, 72_000)
  const set = loadConfig({
    SFM_SECRET: 'x'.repeat(32),
    REQUEST_TIMEOUT_MS: '5000',
    HEADERS_TIMEOUT_MS: '2000',
    KEEP_ALIVE_TIMEOUT_MS: '3000',
  })
  assert.deepEqual([set.requestTimeoutMs, set.headersTimeoutMs, set.keepAliveTimeoutMs], [5000, 2000, 3000])
  assert.equal(loadConfig({ SFM_SECRET: 'x'.repeat(32), REQUEST_TIMEOUT_MS: '4000' }).headersTimeoutMs, 4000)
  assert.throws(
    () => loadConfig({ SFM_SECRET: 'x'.repeat(32), REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000' }),
    /HEADERS_TIMEOUT_MS/,
  )
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), REQUEST_TIMEOUT_MS: '0' }), /REQUEST_TIMEOUT_MS/)
  assert.throws(
    () => loadConfig({ SFM_SECRET: 'x'.repeat(32), KEEP_ALIVE_TIMEOUT_MS: 'soon' }),
    /KEEP_ALIVE_TIMEOUT_MS/,
  )
})

test('the development secret and sandbox keys live in the user state folder by default, the database in ./data', () => {
  const state = mkdtempSync(join(tmpdir(), 'sfm-state-'))
  const c = loadConfig({ XDG_STATE_HOME: state })
  assert.equal(c.dataDir, join(state, 'sfm'))
  assert.equal(readFileSync(join(state, 'sfm', 'secret'), 'utf8').trim(), c.secret)
  assert.equal(c.databaseUrl, 'sqlite:data/sfm.db')
  const home = mkdtempSync(join(tmpdir(), 'sfm-home-'))
  assert.equal(loadConfig({ HOME: home, SFM_SECRET: 'x'.repeat(32) }).dataDir, join(home, '.local', 'state', 'sfm'))
})

test('SFM_ADMIN_NAME and SFM_ADMIN_PASSWORD: both or neither, a name without spaces, a password of 8–128', () => {
  const base = { SFM_SECRET: 'x'.repeat(32) }
  assert.equal(loadConfig(base).firstAdmin, undefined)
  assert.deepEqual(loadConfig({ ...base, SFM_ADMIN_NAME: '店长', SFM_ADMIN_PASSWORD: 'long enough' }).firstAdmin, {
    name: '店长',
    password: 'long enough',
  })
  assert.throws(() => loadConfig({ ...base, SFM_ADMIN_NAME: 'boss' }), /SFM_ADMIN_PASSWORD/)
  assert.throws(() => loadConfig({ ...base, SFM_ADMIN_PASSWORD: 'long enough' }), /SFM_ADMIN_NAME/)
  assert.throws(
    () => loadConfig({ ...base, SFM_ADMIN_NAME: 'the boss', SFM_ADMIN_PASSWORD: 'long enough' }),
    /SFM_ADMIN_NAME/,
  )
  assert.throws(
    () => loadConfig({ ...base, SFM_ADMIN_NAME: 'x'.repeat(33), SFM_ADMIN_PASSWORD: 'long enough' }),
    /SFM_ADMIN_NAME/,
  )
  assert.throws(
    () => loadConfig({ ...base, SFM_ADMIN_NAME: 'boss', SFM_ADMIN_PASSWORD: 'short' }),
    /SFM_ADMIN_PASSWORD/,
  )
})
