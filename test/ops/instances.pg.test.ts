import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { after, before, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SelectQueryBuilder } from 'kysely'
import pg from 'pg'
import { findCardMismatches } from '../../src/modules/credit_card/index.ts'
import { openRefund } from '../../src/modules/payment/refund-repo.ts'
import { claimRefund } from '../../src/modules/payment/repo.ts'
import { sandboxKeyPair, signRsaSha256 } from '../../src/providers/payment/signing.ts'
import { forgetRedisKeys, TEST_DB } from '../helper.ts'
import { backdateDebts } from '../credit.ts'
import {
  addAddress,
  type Answer,
  Browser,
  commitBody,
  type Instance,
  makeSku,
  type Shared,
  sharedDatabase,
  signUp,
  startInstance,
  until,
} from './process.ts'

// Two instances of the built server on different ports, one PostgreSQL database and one Redis,
// as behind a load balancer (scripts/test.mjs runs this file in the PostgreSQL pass only, and
// fails under CI=true when either service is not configured).
if (TEST_DB !== 'postgres' || !process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL) {
  throw new Error('the tests of several instances need SFM_TEST_DB=postgres, TEST_DATABASE_URL and TEST_REDIS_URL')
}

let shared: Shared
const redisPrefix = `sfm-test-${randomBytes(4).toString('hex')}:`
let a: Instance
let b: Instance
before(async () => {
  shared = await sharedDatabase()
  // Keys of this run's own: counts left in Redis by earlier runs (whose users had the same ids) must not count here.
  const env = {
    REDIS_URL: process.env.TEST_REDIS_URL!,
    REDIS_KEY_PREFIX: redisPrefix,
    WORKER_INTERVAL_MS: '100',
    CREDIT_DEFAULT_AMOUNT: '1000000000',
  }
  ;[a, b] = await Promise.all([startInstance(shared, env), startInstance(shared, env)])
})
after(async () => {
  await Promise.all([a?.stop('SIGKILL'), b?.stop('SIGKILL')])
  await shared.close()
  await forgetRedisKeys(process.env.TEST_REDIS_URL!, redisPrefix)
})

const now = () => Math.floor(Date.now() / 1000)
const countOf = async (q: SelectQueryBuilder<any, any, any>) =>
  Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

test('a session made on one instance works on the other; after a sign-out on one the other refuses it', async () => {
  const c = await signUp(a)
  assert.equal((await c.browser.get(b, '/api/user/get_user_info')).body.data.id, c.userId)
  // A copy of the cookies, as an attacker who stole them would hold.
  const copy = new Browser()
  for (const [k, v] of c.browser.cookies) copy.cookies.set(k, v)
  assert.equal((await c.browser.post(a, '/api/user/signout')).body.code, 0)
  const after = await copy.get(b, '/api/user/get_user_info')
  assert.equal(after.status, 401)
  assert.equal(after.body.status_code, 401)
})

test('a rate limit counts across both instances', async () => {
  const c = await signUp(a)
  const guesser = new Browser()
  // Ten failed sign-ins per account in 15 minutes, five on each instance: either alone would allow more.
  for (let i = 0; i < 10; i++) {
    const res = await guesser.post(i % 2 ? b : a, '/api/user/signin', {
      mobile_uer_name: c.mobile,
      pwd: 'wrong-password',
    })
    assert.equal(res.body.code, 112, `attempt ${i + 1}`)
  }
  assert.equal(
    (await guesser.post(a, '/api/user/signin', { mobile_uer_name: c.mobile, pwd: 'wrong-password' })).status,
    429,
  )
  assert.equal((await new Browser().post(b, '/api/user/signin', { mobile_uer_name: c.mobile, pwd: c.pwd })).status, 429)
})

test('parallel commits split across both instances never oversell the stock or overdraw a card', async () => {
  const skuId = await makeSku(shared.db, 5)
  const customers = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = await signUp(a)
      return { ...c, addressId: await addAddress(b, c.browser) }
    }),
  )
  // Each card can carry two orders (each borrows ¥900); four customers could take eight, there are five.
  await shared.db
    .updateTable('credit_cards')
    .set({ amount: 180_000, remain_amount: 180_000 })
    .where(
      'user_id',
      'in',
      customers.map((c) => c.userId),
    )
    .execute()
  const attempts = customers.flatMap((c) =>
    Array.from({ length: 4 }, (_, i) =>
      c.browser.post(i % 2 ? b : a, '/api/order/commit_order', commitBody(c.addressId, skuId)).then((r) => ({ c, r })),
    ),
  )
  const results = await Promise.all(attempts)

  for (const { r } of results) assert.ok([0, 240, 271].includes(r.body.code), JSON.stringify(r.body))
  assert.equal(results.filter(({ r }) => r.body.code === 0).length, 5)
  for (const c of customers) assert.ok(results.filter(({ c: who, r }) => who === c && r.body.code === 0).length <= 2)
  assert.equal(
    (await shared.db.selectFrom('skus').select('stock').where('sku_id', '=', skuId).executeTakeFirstOrThrow()).stock,
    0,
  )
  assert.deepEqual(await findCardMismatches(shared.db), [])
})

test('one payment event delivered to both instances at once is applied once', async () => {
  const c = await signUp(a)
  const addressId = await addAddress(a, c.browser)
  const skuId = await makeSku(shared.db, 10)
  const orderId = String((await c.browser.post(a, '/api/order/commit_order', commitBody(addressId, skuId))).body.data)
  const charge = (
    await c.browser.post(b, '/api/order/pay', { pay_params: { order_id: orderId, channel: 'alipay_pc_direct' } })
  ).body.data
  // The event the provider would send, signed with the key both instances share (their data folder).
  const event = {
    id: `evt_${orderId}`,
    object: 'event',
    created: now(),
    livemode: false,
    type: 'charge.succeeded',
    pending_webhooks: 0,
    data: { object: { ...charge, paid: true, time_paid: now(), transaction_no: `T${orderId}`, credential: {} } },
  }
  const body = JSON.stringify(event)
  const signature = signRsaSha256(body, (await sandboxKeyPair(shared.dataDir)).privateKey)
  const deliver = (to: Instance) =>
    fetch(`${to.base}/api/webhooks/pingpp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pingplusplus-signature': signature },
      body,
    }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Answer['body'],
    }))
  const answers = await Promise.all([deliver(a), deliver(b), deliver(a), deliver(b)])

  for (const answer of answers) assert.equal(answer.status, 200)
  assert.deepEqual(answers.map((x) => x.body.data.result).sort(), ['applied', 'duplicate', 'duplicate', 'duplicate'])
  assert.equal(await countOf(shared.db.selectFrom('payments').where('order_id', '=', orderId)), 1)
  assert.equal(
    (await shared.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow())
      .state,
    1,
  )
  assert.equal(
    await countOf(
      shared.db.selectFrom('operate_log').where('target_id', '=', orderId).where('text', 'like', '支付成功%'),
    ),
    1,
  )
})

test('two workers expire each due order once and send each overdue reminder once', async () => {
  const skuId = await makeSku(shared.db, 100)
  const customers = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = await signUp(a)
      return { ...c, addressId: await addAddress(a, c.browser) }
    }),
  )
  const orders = await Promise.all(
    customers.flatMap((c) =>
      [a, b].map(async (on) => ({
        c,
        orderId: String(
          (await c.browser.post(on, '/api/order/commit_order', commitBody(c.addressId, skuId))).body.data,
        ),
      })),
    ),
  )
  const [toExpire, toRemind] = [orders.slice(0, 4), orders.slice(4)]
  for (const { c, orderId } of toRemind) {
    const charge = (
      await c.browser.post(a, '/api/order/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr' } })
    ).body.data
    assert.equal(
      (await c.browser.post(b, '/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })).body.code,
      0,
    )
  }
  // Both workers see all of them at once: four orders past their expiry, four debts past 60 days.
  await shared.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('orders')
      .set({ expire_time: now() - 1 })
      .where(
        'order_id',
        'in',
        toExpire.map((o) => o.orderId),
      )
      .execute()
    await trx
      .updateTable('orders')
      .set({ pay_time: now() - 61 * 86400 })
      .where(
        'order_id',
        'in',
        toRemind.map((o) => o.orderId),
      )
      .execute()
    // Their debts, made at payment, fall due as if paid 61 days ago: the reminder 1 day after is due.
    await backdateDebts(
      trx,
      toRemind.map((o) => o.orderId),
      now() - 86400 - 60,
      now() - 60,
    )
  })
  const ids = orders.map((o) => o.orderId)
  await until('every order to be expired or reminded, and each reminder sent', async () => {
    const expired = await countOf(shared.db.selectFrom('orders').where('order_id', 'in', ids).where('state', '=', 5))
    const reminded = await countOf(shared.db.selectFrom('debt_reminders').where('order_id', 'in', ids))
    const texted = await countOf(
      shared.db
        .selectFrom('sms_outbox')
        .where('state', '=', 'sent')
        .where('template', '=', 'repay_overdue')
        .where(
          'mobile',
          'in',
          toRemind.map((o) => o.c.mobile),
        ),
    )
    return expired === 4 && reminded === 4 && texted === 4
  })
  // A few more runs of both workers, which must find nothing left to do.
  await sleep(500)

  for (const { orderId } of toExpire) {
    assert.equal(
      await countOf(
        shared.db.selectFrom('operate_log').where('target_id', '=', orderId).where('text', 'like', '订单过期%'),
      ),
      1,
    )
  }
  const texts = [...a.lines, ...b.lines].filter((l) => l.startsWith('[sms]') && l.includes('逾期'))
  for (const { orderId } of toRemind)
    assert.equal(texts.filter((t) => t.includes(orderId)).length, 1, `one reminder for ${orderId}`)
  // Stock came back once per expired order: 100 − 4 still held by the paid ones.
  assert.equal(
    (await shared.db.selectFrom('skus').select('stock').where('sku_id', '=', skuId).executeTakeFirstOrThrow()).stock,
    96,
  )
  assert.deepEqual(await findCardMismatches(shared.db), [])
})

test('two workers attempt a due refund once', async () => {
  const skuId = await makeSku(shared.db, 10)
  const c = await signUp(a)
  const addressId = await addAddress(a, c.browser)
  const orderId = String((await c.browser.post(a, '/api/order/commit_order', commitBody(addressId, skuId))).body.data)
  const charge = (
    await c.browser.post(a, '/api/order/pay', { pay_params: { order_id: orderId, channel: 'alipay_pc_direct' } })
  ).body.data
  assert.equal(
    (await c.browser.post(b, '/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })).body.code,
    0,
  )
  // A refund left for the worker to ask for (as after an attempt that got no answer), due now, before both workers.
  await shared.db.transaction().execute(async (trx) => {
    const payment = await trx
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow()
    assert.ok(await claimRefund(trx, payment.id))
    await openRefund(trx, payment, '两个工作进程', now())
  })
  await until(
    'the refund to succeed',
    async () =>
      (await shared.db.selectFrom('refunds').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow())
        .state === 'succeeded',
  )
  await sleep(500)

  const refund = await shared.db
    .selectFrom('refunds')
    .selectAll()
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow()
  assert.equal(refund.attempts, 1)
  assert.equal(
    await countOf(
      shared.db.selectFrom('payment_events').where('order_no', '=', orderId).where('type', '=', 'refund.succeeded'),
    ),
    1,
  )
  assert.equal(
    (
      await shared.db
        .selectFrom('sandbox_charges')
        .select('amount_refunded')
        .where('id', '=', charge.id)
        .executeTakeFirstOrThrow()
    ).amount_refunded,
    charge.amount,
  )
  assert.equal(
    (await shared.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow())
      .state,
    6,
  )
  assert.equal(
    (await shared.db.selectFrom('skus').select('stock').where('sku_id', '=', skuId).executeTakeFirstOrThrow()).stock,
    10,
  )
  assert.deepEqual(await findCardMismatches(shared.db), [])
})

test('PostgreSQL connections cut under load: requests fail with 503 in the envelope, then recover alone', async () => {
  const c = await signUp(a)
  const addressId = await addAddress(a, c.browser)
  const skuId = await makeSku(shared.db, 1_000_000)
  const database = new URL(shared.databaseUrl).pathname.slice(1)
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await admin.connect()
  const answers: Answer[] = []
  let cutting = true
  const load = Array.from({ length: 16 }, async (_, i) => {
    while (cutting) {
      const on = i % 2 ? b : a
      answers.push(
        i % 4 === 0
          ? await c.browser.post(on, '/api/order/commit_order', commitBody(addressId, skuId))
          : await c.browser.get(on, '/api/user/get_user_info'),
      )
    }
  })
  try {
    // Cut every connection of both instances, again and again, until some request was caught by it.
    await until(
      'a request to meet a cut connection',
      async () => {
        await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [database],
        )
        await sleep(100)
        return answers.some((x) => x.status === 503)
      },
      20_000,
    )
  } finally {
    cutting = false
    await admin.end()
  }
  // A request that got no answer at all (the process died, the connection was reset) fails here.
  for (const loop of await Promise.allSettled(load)) if (loop.status === 'rejected') throw loop.reason

  for (const x of answers) {
    assert.ok(x.status === 200 || x.status === 503, `answered ${x.status}: ${JSON.stringify(x.body)}`)
    if (x.status === 503)
      assert.deepEqual({ status_code: x.body.status_code, code: x.body.code }, { status_code: 503, code: 503 })
    else assert.equal(x.body.code, 0)
  }
  // The same processes serve again at once: the pools open new connections by themselves.
  for (const on of [a, b]) {
    assert.equal(on.child.exitCode, null)
    assert.equal((await c.browser.get(on, '/readyz')).status, 200)
    for (let i = 0; i < 5; i++) assert.equal((await c.browser.get(on, '/api/user/get_user_info')).body.code, 0)
    assert.equal((await c.browser.post(on, '/api/order/commit_order', commitBody(addressId, skuId))).body.code, 0)
  }
  // No commit was left half made.
  const reconcile = spawnSync(process.execPath, ['dist/cli/reconcile.js'], {
    env: { ...process.env, DATABASE_URL: shared.databaseUrl, DATA_DIR: shared.dataDir, SFM_SECRET: 'x'.repeat(32) },
    encoding: 'utf8',
  })
  assert.equal(reconcile.status, 0, reconcile.stdout + reconcile.stderr)
  const itemless = await shared.db
    .selectFrom('orders')
    .select('order_id')
    .where('user_id', '=', c.userId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('order_items')
            .select('order_items.id')
            .whereRef('order_items.order_id', '=', 'orders.order_id'),
        ),
      ),
    )
    .execute()
  assert.deepEqual(itemless, [])
})
