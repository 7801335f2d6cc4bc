import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, afterEach, before, test } from 'node:test'
import { expireDueOrders } from '../../../src/modules/order/expire.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, buySku, makeSku } from '../../shop.ts'

// One rule for "expired" (issue 8, F6): in the second of its expire_time an order has expired,
// for the sandbox's cashier as for the worker, the pay route and the pay page's brief.

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

/** Waits for the start of a second, so the steps after it run within that same second. */
async function startOfSecond(): Promise<number> {
  await sleep(1000 - (Date.now() % 1000) + 5)
  return nowSeconds()
}

test('in the second an order expires, its charge cannot be paid, and the worker expires it', async () => {
  const { client } = await signUp(t)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000] })
  const order = await buySku(client, await addAddress(client), sku, 1, 10000)
  const charge = await client.post('/api/order/pay', {
    pay_params: { order_id: order.data, channel: 'alipay_pc_direct' },
  })
  assert.equal(charge.code, 0)
  assert.equal(
    charge.data.time_expire,
    (await t.db.selectFrom('orders').select('expire_time').where('order_id', '=', order.data).executeTakeFirstOrThrow())
      .expire_time,
  )

  const now = await startOfSecond()
  await t.db.updateTable('orders').set({ expire_time: now }).where('order_id', '=', order.data).execute()
  await t.db.updateTable('sandbox_charges').set({ time_expire: now }).where('id', '=', charge.data.id).execute()
  const paid = await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })
  assert.equal(paid.body.msg, '支付单已过期')
  assert.equal((await client.get('/api/order/get_order_brief_for_pay', { order_id: order.data })).code, 134)
  assert.equal(
    (await client.post('/api/order/pay', { pay_params: { order_id: order.data, channel: 'alipay_pc_direct' } })).code,
    134,
  )
  assert.equal(await expireDueOrders(t.db, now), 1)
  assert.equal(nowSeconds(), now, 'the test ran past its second; its checks did not all see the same second')
  const row = await t.db
    .selectFrom('orders')
    .select('state')
    .where('order_id', '=', order.data)
    .executeTakeFirstOrThrow()
  assert.equal(row.state, 5)
  assert.equal((await t.db.selectFrom('payments').selectAll().where('order_id', '=', order.data).execute()).length, 0)
})
