import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { REPAY_SECONDS } from '../../../src/modules/order/index.ts'
import { expireDueOrders } from '../../../src/modules/order/expire.ts'
import { shipOrder } from '../../../src/modules/order/service.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { nowSeconds } from '../../../src/time.ts'
import { Worker } from '../../../src/worker/index.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, buySku, cardOf, makeSku, stockOf } from '../../shop.ts'
import { paidAsByWebhook } from '../../credit.ts'
import { DAY_SECONDS } from '../../../src/domain/credit.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

async function customerWithOrder(stock = 10) {
  const c = await signUp(t)
  const addressId = await addAddress(c.client)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000], stock })
  const res = await buySku(c.client, addressId, sku, 1, 10000)
  assert.equal(res.code, 0)
  return { ...c, addressId, sku, orderId: res.data as string }
}

/** Stands in for the payment webhook until a test needs the real one. */
const markPaid = (orderId: string) => paidAsByWebhook(t, orderId)
const stateOf = async (orderId: string) =>
  (await t.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow()).state

describe('get_order and get_order_list', () => {
  test("get_order answers 218 for someone else's or a missing order", async () => {
    const { orderId } = await customerWithOrder()
    const stranger = await signUp(t)
    const theirs = await stranger.client.get('/api/order/get_order', { order_id: orderId })
    const missing = await stranger.client.get('/api/order/get_order', { order_id: '1234567890123456' })
    assert.equal(theirs.code, 218)
    assert.deepEqual(theirs.body, missing.body)
    assert.equal((await stranger.client.get('/api/order/get_order', { order_id: 'abc' })).code, 101)
  })

  test('lists by type, newest first, paginated, deleted ones left out', async () => {
    const { client, addressId, sku } = await customerWithOrder(20)
    for (let i = 0; i < 4; i++) assert.equal((await buySku(client, addressId, sku, 1, 10000)).code, 0)
    const all = await client.get('/api/order/get_order_list', { order_type: 'all', page: 1, count: 2 })
    assert.equal(all.code, 0)
    assert.deepEqual(all.data.pagination, { allpage: 3, page: 1, count: 5 })
    assert.equal(all.data.order_list.length, 2)
    const ids: string[] = []
    for (const page of [1, 2, 3])
      ids.push(
        ...(await client.get('/api/order/get_order_list', { page, count: 2 })).data.order_list.map(
          (o: { order_id: string }) => o.order_id,
        ),
      )
    assert.equal(new Set(ids).size, 5)
    const times = (await client.get('/api/order/get_order_list', { count: 10 })).data.order_list.map(
      (o: { create_time: number }) => o.create_time,
    )
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    )

    const [first, second] = ids
    await client.post('/api/order/cancel_order', { order_id: first })
    await markPaid(second!)
    const count = async (order_type: string) =>
      (await client.get('/api/order/get_order_list', { order_type })).data.pagination.count
    assert.equal(await count('need_pay'), 3)
    assert.equal(await count('cancel'), 1)
    assert.equal(await count('need_send'), 1)
    assert.equal(await count('complete'), 0)
    await client.post('/api/order/delete_order', { order_id: first })
    assert.equal(await count('all'), 4)
    assert.equal(await count('cancel'), 0)
  })

  test('201 for an unknown order_type; 101 for count over 100 or page 0', async () => {
    const { client } = await signUp(t)
    assert.equal((await client.get('/api/order/get_order_list', { order_type: 'lost' })).code, 201)
    assert.equal((await client.get('/api/order/get_order_list', { count: 101 })).code, 101)
    assert.equal((await client.get('/api/order/get_order_list', { page: 0 })).code, 101)
    assert.equal((await client.get('/api/order/get_order_list', { page: 'x' })).code, 101)
    const empty = await client.get('/api/order/get_order_list')
    assert.deepEqual(empty.data, { pagination: { allpage: 1, page: 1, count: 0 }, order_list: [] })
  })
})

describe('get_order_brief_for_pay', () => {
  test('what the pay page shows while the order is payable, else 134', async () => {
    const { client, orderId, sku } = await customerWithOrder()
    const brief = await client.get('/api/order/get_order_brief_for_pay', { order_id: orderId })
    assert.equal(brief.code, 0)
    assert.equal(brief.data.order_id, orderId)
    assert.equal(brief.data.pay_amount, 10000)
    assert.deepEqual(brief.data.sku_infos, [{ sku_name: `测试商品 ${sku}`, sku_id: sku }])
    assert.equal(brief.data.address_info.name, '苏源')
    const stranger = await signUp(t)
    assert.equal((await stranger.client.get('/api/order/get_order_brief_for_pay', { order_id: orderId })).code, 134)
    await t.db
      .updateTable('orders')
      .set({ expire_time: nowSeconds() - 1 })
      .where('order_id', '=', orderId)
      .execute()
    assert.equal((await client.get('/api/order/get_order_brief_for_pay', { order_id: orderId })).code, 134)
  })
})

describe('cancel_order', () => {
  test('0→4 gives back stock and credit, and logs the reason', async () => {
    const { client, orderId, sku, userId } = await customerWithOrder(5)
    assert.equal(await stockOf(t, sku), 4)
    const res = await client.post('/api/order/cancel_order', { order_id: orderId, reason: '不想要了' })
    assert.equal(res.code, 0)
    assert.equal(await stateOf(orderId), 4)
    assert.equal(await stockOf(t, sku), 5)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    const got = (await client.get('/api/order/get_order', { order_id: orderId })).data.order_info
    assert.equal(got.cancel_reason, '不想要了')
    assert.ok(got.cancel_time)
  })

  test("212 when already cancelled, paid, or someone else's; nothing changes", async () => {
    const { client, orderId, sku, userId } = await customerWithOrder(5)
    const stranger = await signUp(t)
    assert.equal((await stranger.client.post('/api/order/cancel_order', { order_id: orderId })).code, 212)
    assert.equal(await stateOf(orderId), 0)
    await client.post('/api/order/cancel_order', { order_id: orderId })
    assert.equal((await client.post('/api/order/cancel_order', { order_id: orderId })).code, 212)
    assert.equal(await stockOf(t, sku), 5)
    const paid = await customerWithOrder()
    await markPaid(paid.orderId)
    assert.equal((await paid.client.post('/api/order/cancel_order', { order_id: paid.orderId })).code, 212)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('parallel cancels of one order give back once', async () => {
    const { client, orderId, sku, userId } = await customerWithOrder(5)
    const results = await Promise.all(
      Array.from({ length: 5 }, () => client.post('/api/order/cancel_order', { order_id: orderId })),
    )
    assert.equal(results.filter((r) => r.code === 0).length, 1)
    assert.equal(await stockOf(t, sku), 5)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })
})

describe('confirm_order and delete_order', () => {
  test('confirm moves a shipped order to 3; 211 before shipping', async () => {
    const { client, orderId } = await customerWithOrder()
    assert.equal((await client.post('/api/order/confirm_order', { order_id: orderId })).code, 211)
    await markPaid(orderId)
    assert.equal((await client.post('/api/order/confirm_order', { order_id: orderId })).code, 211)
    assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF123', '顺丰')).code, 0)
    assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF123', '顺丰')).code, 510)
    const stranger = await signUp(t)
    assert.equal((await stranger.client.post('/api/order/confirm_order', { order_id: orderId })).code, 211)
    assert.equal((await client.post('/api/order/confirm_order', { order_id: orderId })).code, 0)
    assert.equal(await stateOf(orderId), 3)
    const got = (await client.get('/api/order/get_order', { order_id: orderId })).data.order_info
    assert.equal(got.logistics_id, 'SF123')
    assert.ok(got.confirm_time)
  })

  test('delete only finished orders (213 otherwise); a deleted order is gone for the customer', async () => {
    const { client, orderId } = await customerWithOrder()
    assert.equal((await client.post('/api/order/delete_order', { order_id: orderId })).code, 213)
    await client.post('/api/order/cancel_order', { order_id: orderId })
    const stranger = await signUp(t)
    assert.equal((await stranger.client.post('/api/order/delete_order', { order_id: orderId })).code, 213)
    assert.equal((await client.post('/api/order/delete_order', { order_id: orderId })).code, 0)
    assert.equal((await client.post('/api/order/delete_order', { order_id: orderId })).code, 213)
    assert.equal((await client.get('/api/order/get_order', { order_id: orderId })).code, 218)
  })
})

describe('expiry', () => {
  test('due unpaid orders expire, giving back stock and credit, once, whatever runs at once', async () => {
    const { orderId, sku, userId } = await customerWithOrder(5)
    const fresh = await customerWithOrder(5)
    await expireDueOrders(t.db, nowSeconds()) // whatever earlier tests left due
    await t.db
      .updateTable('orders')
      .set({ expire_time: nowSeconds() - 1 })
      .where('order_id', '=', orderId)
      .execute()
    const counts = await Promise.all([
      expireDueOrders(t.db, nowSeconds()),
      expireDueOrders(t.db, nowSeconds()),
      expireDueOrders(t.db, nowSeconds()),
    ])
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      1,
    )
    assert.equal(await stateOf(orderId), 5)
    assert.equal(await stateOf(fresh.orderId), 0)
    assert.equal(await stockOf(t, sku), 5)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    const log = await t.db
      .selectFrom('operate_log')
      .selectAll()
      .where('target_id', '=', orderId)
      .where('actor_type', '=', 'system')
      .execute()
    assert.equal(log.length, 1)
  })

  test('with ORDER_EXPIRE_SECONDS=2 an in-process worker expires an order within seconds', async () => {
    const quick = await testApp(
      { CREDIT_DEFAULT_AMOUNT: '1000000', ORDER_EXPIRE_SECONDS: '2', WORKER_INTERVAL_MS: '200' },
      { worker: true },
    )
    try {
      const c = await signUp(quick)
      const sku = await makeSku(quick, { stock: 1 })
      const res = await buySku(c.client, await addAddress(c.client), sku, 1, 10000)
      assert.equal(res.code, 0)
      const deadline = Date.now() + 8000
      while ((await stateOfIn(quick, res.data)) !== 5 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200))
      assert.equal(await stateOfIn(quick, res.data), 5)
      assert.equal(await stockOf(quick, sku), 1)
      assert.equal((await cardOf(quick, c.userId)).remain_amount, 1000000)
      await assertReconciled(quick)
    } finally {
      await quick.close()
    }
  })

  test('a worker tick expires and reminds; a second tick has nothing left to do', async () => {
    const due = await customerWithOrder()
    const overdue = await customerWithOrder()
    const worker = new Worker(t.app.deps)
    await worker.tick()
    await t.db.updateTable('orders').set({ expire_time: 1 }).where('order_id', '=', due.orderId).execute()
    // Paid 61 days ago and a second: a day past due, its first overdue reminder is due (no fee within the grace).
    await paidAsByWebhook(t, overdue.orderId, nowSeconds() - REPAY_SECONDS - DAY_SECONDS - 1)
    const nothing = {
      redelivered: 0,
      expired: 0,
      confirmed: 0,
      fees: 0,
      reminded: 0,
      texts: 0,
      refunds: 0,
      closed: 0,
      pruned: 0,
    }
    assert.deepEqual(await worker.tick(), { ...nothing, expired: 1, reminded: 1, texts: 1 })
    assert.deepEqual(await worker.tick(), nothing)
    assert.equal(
      t.sms.messages.filter((m) => m.mobile === overdue.mobile && m.text.includes(overdue.orderId)).length,
      1,
    )
  })
})

const stateOfIn = async (app: TestApp, orderId: string) =>
  (await app.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow()).state
