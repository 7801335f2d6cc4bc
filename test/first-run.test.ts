import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { TEST_DB, testApp, type TestApp } from './helper.ts'
import { freePort, sharedDatabase, type Shared, startInstance, until } from './ops/process.ts'

// The first start as a newcomer meets it: the built server (dist/), its words on a bad setting,
// what it says when it is up, and the first pages it answers.

const dataDir = mkdtempSync(join(tmpdir(), 'sfm-firstrun-'))
after(() => rmSync(dataDir, { recursive: true, force: true }))

/** Starts `node dist/server.js` with only these settings and waits for it to exit. */
function startFails(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ['dist/server.js'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'sfm.db')}`,
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: run.status, lines: run.stderr.split('\n').filter(Boolean), stdout: run.stdout }
}

describe('a start with bad settings', () => {
  test('names every bad setting on a line of its own, and exits 1 without a stack', () => {
    const run = startFails({ XSRF: 'maybe', MOBILE_PATTERN: '(', LOG_LEVEL: 'verbose', PUBLIC_BASE_URL: 'not-a-url' })
    assert.equal(run.status, 1)
    assert.deepEqual(
      run.lines.map((l) => l.split(':')[0]).sort(),
      ['LOG_LEVEL', 'MOBILE_PATTERN', 'PUBLIC_BASE_URL', 'XSRF'],
      run.lines.join('\n'),
    )
    assert.equal(run.stdout, '')
  })

  test('an unreachable database is one DATABASE_URL line', async () => {
    const port = await freePort()
    const run = startFails({ DATABASE_URL: `postgres://sfm:hunter2@127.0.0.1:${port}/sfm` })
    assert.equal(run.status, 1)
    assert.equal(run.lines.length, 1, run.lines.join('\n'))
    assert.match(
      run.lines[0]!,
      new RegExp(
        `^DATABASE_URL: cannot use the database at postgres://sfm@127\\.0\\.0\\.1:${port}/sfm: connection refused`,
      ),
    )
    assert.ok(!run.lines[0]!.includes('hunter2'), 'the password is not shown')
  })

  test('production refuses XSRF=off', () => {
    const run = startFails({
      NODE_ENV: 'production',
      SFM_SECRET: 'x'.repeat(32),
      PAYMENT_PROVIDER: 'sandbox',
      XSRF: 'off',
    })
    assert.equal(run.status, 1)
    assert.deepEqual(run.lines, [
      'XSRF: off is refused when NODE_ENV=production (every form post would be open to cross-site forgery)',
    ])
  })
})

describe('a running server', () => {
  let shared: Shared
  before(async () => {
    shared = await sharedDatabase()
  })
  after(() => shared.close())

  test('in development says where the console and the docs are, how to make an admin, where SMS go, and listens on 127.0.0.1', async () => {
    // HOST left out, as on a newcomer's machine.
    const on = await startInstance(shared, { HOST: '' })
    try {
      const text = (await until(
        'the start summary',
        () => on.lines.some((l) => l.includes('payments')) && on.lines.join('\n'),
      )) as string
      assert.match(text, /sfm is running \(development\) at http:\/\/localhost:\d+/)
      assert.match(text, /only this machine can reach it; HOST=0\.0\.0\.0 opens it to the network/)
      assert.match(text, /console +http:\/\/localhost:\d+\/admin/)
      assert.match(text, /API docs +http:\/\/localhost:\d+\/docs/)
      assert.match(text, /no admin account yet: npm run admin -- create/)
      assert.match(text, /SMS .*\[sms\]/)
      assert.match(text, /sandbox: anyone .* can mark an order paid/)
      // JSON lines leave the process every 200 ms (the buffered log), so the server may answer before they arrive.
      const listening = await until('the listening line', () =>
        on.logs().find((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening')),
      )
      assert.match(String(listening.msg), /http:\/\/127\.0\.0\.1:/)
    } finally {
      await on.stop()
    }
  })

  test('in production warns, one line each, about SQLite, COOKIE_SECURE and a localhost PUBLIC_BASE_URL, and logs SMS as JSON', async () => {
    const on = await startInstance(shared, { NODE_ENV: 'production' })
    try {
      // The warnings are written before the server listens; the buffered log may deliver them after it answers.
      await until('the listening line', () => on.logs().find((l) => String(l.msg).startsWith('Server listening')))
      const warned = on
        .logs()
        .filter((l) => l.level === 40)
        .map((l) => String(l.msg).split(':')[0] ?? '')
      // The shared database is this pass's: SQLite is warned about, PostgreSQL is not.
      const expected = [...(TEST_DB === 'sqlite' ? ['DATABASE_URL'] : []), 'COOKIE_SECURE', 'PUBLIC_BASE_URL']
      assert.deepEqual(
        warned.filter((w) => /^[A-Z_]+$/.test(w)),
        expected,
      )
      assert.ok(!on.lines.some((l) => l.includes('sfm is running')), 'no summary in production')
      const res = await fetch(`${on.base}/api/user/send_verify_code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: '_xsrf=t0k', 'x-xsrftoken': 't0k' },
        body: JSON.stringify({ mobile: '13900001111' }),
      })
      assert.equal((await res.json()).code, 0)
      const sms = await until('the SMS log line', () => on.logs().find((l) => l.msg === 'sms'))
      assert.equal((sms.sms as { mobile: string }).mobile, '13900001111')
      assert.ok(!on.lines.some((l) => l.startsWith('[sms]')), 'no plain [sms] line among the JSON logs')
    } finally {
      await on.stop()
    }
  })
})

describe('the first pages', () => {
  let t: TestApp
  before(async () => {
    t = await testApp()
  })
  after(() => t.close())

  test('GET / points to the console and the docs: a page for a browser, the envelope for an API client', async () => {
    const page = await t.client().send('GET', '/', { accept: 'text/html,application/xhtml+xml' })
    assert.equal(page.statusCode, 200)
    assert.match(String(page.headers['content-type']), /text\/html/)
    assert.match(page.body, /href="\/admin"/)
    assert.match(page.body, /href="\/docs"/)
    const api = await t.client().get('/')
    assert.equal(api.status, 200)
    assert.deepEqual([api.data.console, api.data.docs], ['/admin', '/docs'])
  })

  test('/api/admin/first_run tells the sign-in page whether an admin exists yet', async () => {
    assert.deepEqual((await t.client().get('/api/admin/first_run')).data, { has_admin: false })
    await t.db
      .insertInto('admins')
      .values({ name: 'boss', pwd_hash: 'x', role: 'admin', disabled: 0, create_time: 1, update_time: 1 })
      .execute()
    assert.deepEqual((await t.client().get('/api/admin/first_run')).data, { has_admin: true })
  })
})
