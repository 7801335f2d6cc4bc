import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { ConfigError, loadConfig, productionWarnings } from '../src/config.ts'

/** A temporary folder, removed when the file's tests end. */
const made: string[] = []
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

test('refuses to start in production without SFM_SECRET, or with the sandbox by default', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SFM_SECRET/)
  assert.throws(() => loadConfig({ NODE_ENV: 'production', SFM_SECRET: 'x'.repeat(32) }), /PAYMENT_PROVIDER/)
  assert.equal(
    loadConfig({ NODE_ENV: 'production', SFM_SECRET: 'x'.repeat(32), PAYMENT_PROVIDER: 'sandbox' }).paymentProvider,
    'sandbox',
  )
})

test('in development a secret is generated once, kept in the data folder, and reused', () => {
  const dir = tempDir('sfm-config-')
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
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), METRICS: 'sometimes' }), /METRICS: must be on or off/)
})

test('bad settings are refused with the setting named', () => {
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), PORT: 'abc' }), /PORT/)
  assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(32), XSRF: 'maybe' }), /XSRF: must be on or off/)
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
  const state = tempDir('sfm-state-')
  const c = loadConfig({ XDG_STATE_HOME: state })
  assert.equal(c.dataDir, join(state, 'sfm'))
  assert.equal(readFileSync(join(state, 'sfm', 'secret'), 'utf8').trim(), c.secret)
  assert.equal(c.databaseUrl, 'sqlite:data/sfm.db')
  const home = tempDir('sfm-home-')
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

/** The problems loadConfig reports for an environment, one line each. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ SFM_SECRET: 'x'.repeat(32), ...env })
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

test('every bad setting is reported at once, one `VARIABLE: reason` line each', () => {
  const lines = problems({
    XSRF: 'maybe',
    MOBILE_PATTERN: '(',
    LOG_LEVEL: 'verbose',
    PUBLIC_BASE_URL: 'not-a-url',
    PORT: 'abc',
    NODE_ENV: 'staging',
  })
  assert.deepEqual(lines.map((l) => l.slice(0, l.indexOf(':'))).sort(), [
    'LOG_LEVEL',
    'MOBILE_PATTERN',
    'NODE_ENV',
    'PORT',
    'PUBLIC_BASE_URL',
    'XSRF',
  ])
  for (const line of lines) assert.match(line, /^[A-Z_]+: \S.*$/, line)
  assert.ok(lines.some((l) => /^MOBILE_PATTERN: must be a regular expression: .*Unterminated group/.test(l)))
  assert.ok(
    lines.some((l) =>
      /^LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent \(got "verbose"\)$/.test(l),
    ),
  )
  assert.ok(lines.some((l) => /^PUBLIC_BASE_URL: must be an http\(s\) URL/.test(l)))
  for (const bad of ['ftp://shop.example', 'shop.example', 'http://'])
    assert.match(problems({ PUBLIC_BASE_URL: bad }).join('\n'), /^PUBLIC_BASE_URL:/, bad)
  assert.deepEqual(problems({ PUBLIC_BASE_URL: 'https://shop.example/' }), [])
})

test('secrets are never echoed back, even a wrong one', () => {
  const lines = problems({ SFM_SECRET: 'short-secret', SFM_ADMIN_NAME: 'boss', SFM_ADMIN_PASSWORD: 'pw1' })
  assert.deepEqual(lines.map((l) => l.split(':')[0]).sort(), ['SFM_ADMIN_PASSWORD', 'SFM_SECRET'])
  assert.ok(lines.every((l) => !l.includes('short-secret') && !l.includes('pw1')))
})

test('production refuses XSRF=off and warns, one line each, about SQLite, COOKIE_SECURE off and a localhost PUBLIC_BASE_URL', () => {
  const production = { NODE_ENV: 'production', SFM_SECRET: 'x'.repeat(32), PAYMENT_PROVIDER: 'sandbox' }
  assert.deepEqual(
    problems({ ...production, XSRF: 'off' }).map((l) => l.split(':')[0]),
    ['XSRF'],
  )
  assert.equal(loadConfig({ ...production, XSRF: 'off', NODE_ENV: 'development' }).xsrf, false)
  const risky = productionWarnings(loadConfig(production))
  assert.deepEqual(
    risky.map((l) => l.split(':')[0]),
    ['DATABASE_URL', 'COOKIE_SECURE', 'PUBLIC_BASE_URL'],
  )
  const safe = {
    ...production,
    DATABASE_URL: 'postgres://sfm@db/sfm',
    COOKIE_SECURE: 'on',
    PUBLIC_BASE_URL: 'https://shop.example',
  }
  assert.deepEqual(productionWarnings(loadConfig(safe)), [])
  assert.deepEqual(productionWarnings(loadConfig({ SFM_SECRET: 'x'.repeat(32) })), [], 'development is not warned')
})

test('development listens on 127.0.0.1 unless HOST says; production on every address', () => {
  assert.equal(loadConfig({ SFM_SECRET: 'x'.repeat(32) }).host, '127.0.0.1')
  assert.equal(loadConfig({ SFM_SECRET: 'x'.repeat(32), HOST: '0.0.0.0' }).host, '0.0.0.0')
  assert.equal(
    loadConfig({ NODE_ENV: 'production', SFM_SECRET: 'x'.repeat(32), PAYMENT_PROVIDER: 'sandbox' }).host,
    '0.0.0.0',
  )
})

test('the default mobile pattern takes only the prefixes carriers issue (13x–19x)', () => {
  const { mobilePattern } = loadConfig({ SFM_SECRET: 'x'.repeat(32) })
  for (const good of ['13800138000', '19912345678', '15000000000']) assert.ok(mobilePattern.test(good), good)
  for (const bad of ['10000000000', '12345678901', '1380013800', '138001380000'])
    assert.ok(!mobilePattern.test(bad), bad)
})

test('ID_IMAGE_HOSTS: host names, lower-cased; anything else is refused', () => {
  assert.deepEqual(
    loadConfig({ SFM_SECRET: 'x'.repeat(32), ID_IMAGE_HOSTS: 'img.Shop.example, cdn.shop.example' }).idImageHosts,
    ['img.shop.example', 'cdn.shop.example'],
  )
  for (const bad of ['https://img.shop.example', 'img.shop.example/x', 'a b'])
    assert.match(problems({ ID_IMAGE_HOSTS: bad }).join(), /^ID_IMAGE_HOSTS:/, bad)
})

test('the demo catalog is for the embedded database in development only', () => {
  assert.equal(loadConfig({ SFM_SECRET: 'x'.repeat(32) }).demoCatalog, true)
  assert.equal(loadConfig({ SFM_SECRET: 'x'.repeat(32), DATABASE_URL: 'sqlite:./other.db' }).demoCatalog, false)
  assert.equal(
    loadConfig({ SFM_SECRET: 'x'.repeat(32), NODE_ENV: 'production', PAYMENT_PROVIDER: 'sandbox' }).demoCatalog,
    false,
  )
  assert.equal(loadConfig({ SFM_SECRET: 'x'.repeat(32), NODE_ENV: 'test' }).demoCatalog, false)
})

test('ORDER_AUTO_CONFIRM_DAYS (10) and AFTER_SALE_DAYS (7): whole days, at most ten years; a window of 0 is allowed', () => {
  const base = { SFM_SECRET: 'test-secret-0123456789abcdef' }
  const config = loadConfig(base)
  assert.equal(config.orderAutoConfirmDays, 10)
  assert.equal(config.afterSaleDays, 7)
  assert.equal(loadConfig({ ...base, AFTER_SALE_DAYS: '0', ORDER_AUTO_CONFIRM_DAYS: '15' }).orderAutoConfirmDays, 15)
  for (const bad of ['0', '-1', '1.5', 'ten', '3651'])
    assert.match(problems({ ORDER_AUTO_CONFIRM_DAYS: bad }).join('\n'), /^ORDER_AUTO_CONFIRM_DAYS:/m, bad)
  for (const bad of ['-1', '3651'])
    assert.match(problems({ AFTER_SALE_DAYS: bad }).join('\n'), /^AFTER_SALE_DAYS:/m, bad)
})
