import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { after, before, test } from 'node:test'
import { nowSeconds } from '../src/time.ts'
import { signUp, testApp, type TestApp } from './helper.ts'
import { addAddress, buySku, makeSku } from './shop.ts'

// The operator's commands as production runs them, compiled in dist/ (scripts/test.mjs builds it first).
let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
after(() => t.close())

const env = () => ({
  ...process.env,
  DATABASE_URL: t.config.databaseUrl,
  DATA_DIR: t.config.dataDir,
  SFM_SECRET: t.config.secret,
  LOG_LEVEL: 'warn',
})

test('reconcile exits 0 when every card balances, and 1 naming the card that does not', async () => {
  const c = await signUp(t)
  await buySku(c.client, await addAddress(c.client), await makeSku(t), 1, 10000)
  const clean = spawnSync(process.execPath, ['dist/cli/reconcile.js'], { env: env(), encoding: 'utf8' })
  assert.equal(clean.status, 0, clean.stderr)
  assert.match(clean.stdout, /cards reconcile/)
  await t.db
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '+', 1) }))
    .where('user_id', '=', c.userId)
    .execute()
  const broken = spawnSync(process.execPath, ['dist/cli/reconcile.js'], { env: env(), encoding: 'utf8' })
  assert.equal(broken.status, 1)
  assert.match(broken.stdout, new RegExp(c.client.cookies.get('card_id')!))
  await t.db
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '-', 1) }))
    .where('user_id', '=', c.userId)
    .execute()
})

test('the standalone worker expires a due order, then stops cleanly on SIGTERM', async () => {
  const c = await signUp(t)
  const sku = await makeSku(t, { stock: 2 })
  const orderId = (await buySku(c.client, await addAddress(c.client), sku, 1, 10000)).data
  await t.db
    .updateTable('orders')
    .set({ expire_time: nowSeconds() - 1 })
    .where('order_id', '=', orderId)
    .execute()
  const worker = spawn(process.execPath, ['dist/cli/worker.js'], {
    env: { ...env(), WORKER_INTERVAL_MS: '100' },
    stdio: 'ignore',
  })
  try {
    // The built worker's own start (Node, the modules, migrations) takes seconds on a loaded machine.
    const deadline = Date.now() + 30000
    let state = 0
    while (Date.now() < deadline) {
      state = (
        await t.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow()
      ).state
      if (state === 5) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(state, 5)
  } finally {
    worker.kill('SIGTERM')
  }
  const code = await new Promise((resolve) => worker.on('exit', resolve))
  assert.equal(code, 0)
  assert.equal(
    (await t.db.selectFrom('skus').select('stock').where('sku_id', '=', sku).executeTakeFirstOrThrow()).stock,
    2,
  )
})

test('the built server answers /healthz with no compiler in its process tree', async () => {
  const server = spawn(process.execPath, ['dist/server.js'], {
    env: { ...env(), PORT: '0', HOST: '127.0.0.1', WORKER_INTERVAL_MS: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const found = out.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)
        if (found) resolve(found[1]!)
      })
      server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
    })
    const res = await fetch(`${url}/healthz`)
    assert.equal(res.status, 200)
    assert.equal((await res.json()).code, 0)
    // tsx would run esbuild beside the server; plain node has no child process at all.
    const children = spawnSync('ps', ['--ppid', String(server.pid), '-o', 'comm='], { encoding: 'utf8' }).stdout.trim()
    assert.equal(children, '')
  } finally {
    server.kill('SIGTERM')
  }
  assert.equal(await new Promise((resolve) => server.on('exit', resolve)), 0)
})

/** `npm run admin -- …` as a person runs it, the password on standard input. */
function adminCli(args: string[], stdin: string) {
  return spawnSync(process.execPath, ['dist/cli/admin.js', ...args], { env: env(), input: stdin, encoding: 'utf8' })
}

test('the admin CLI creates an account and changes its password, reading the password from stdin', async () => {
  const name = `cli${process.pid}`
  const created = adminCli(['create', name, '--role', 'operator'], 'first-password\n')
  assert.equal(created.status, 0, created.stderr)
  assert.match(created.stdout, new RegExp(`created operator ${name}`))
  assert.doesNotMatch(created.stdout + created.stderr, /first-password/)
  const c = t.client()
  const signedIn = await c.post('/api/admin/signin', { name, pwd: 'first-password' })
  assert.equal(signedIn.code, 0)
  assert.equal(signedIn.data.role, 'operator')

  const changed = adminCli(['passwd', name], 'second-password\r\nignored\n')
  assert.equal(changed.status, 0, changed.stderr)
  assert.equal((await c.get('/api/admin/me')).status, 401)
  assert.equal((await t.client().post('/api/admin/signin', { name, pwd: 'first-password' })).code, 112)
  assert.equal((await t.client().post('/api/admin/signin', { name, pwd: 'second-password' })).code, 0)
})

test('the admin CLI refuses a taken name, an unknown one, a short password, and a password on the command line', () => {
  const name = `cli${process.pid}x`
  assert.equal(adminCli(['create', name, '--role', 'admin'], 'a-good-password\n').status, 0)
  const taken = adminCli(['create', name], 'a-good-password\n')
  assert.equal(taken.status, 1)
  assert.match(taken.stderr, /用户名已被占用/)
  assert.equal(adminCli(['passwd', 'nobody-here'], 'a-good-password\n').status, 1)
  assert.equal(adminCli(['create', `${name}2`], 'short\n').status, 1)
  const inArgv = adminCli(['create', `${name}3`, 'a-good-password'], '')
  assert.equal(inArgv.status, 2)
  assert.match(inArgv.stderr, /never from the command line/)
  assert.equal(adminCli(['create', `${name}4`, '--role', 'root'], 'a-good-password\n').status, 2)
  assert.equal(adminCli(['drop', name], '').status, 2)
})
