import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import type { PurposeHandler, SandboxProvider } from '../../../src/providers/payment/index.ts'
import { redeliveryBackoffSeconds } from '../../../src/providers/payment/sandbox.ts'
import { nowSeconds } from '../../../src/time.ts'
import { Worker } from '../../../src/worker/index.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { assertReconciled, customerOrder } from '../../shop.ts'

// The sandbox, like Ping++, delivers a paid charge's event again until the webhook takes it: a
// payment made while the database was cut is not lost.

let t: TestApp
let cutFor = 0
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  // The database cut under the webhook's transaction, as PostgreSQL's terminated connections were: 503, rolled back.
  const purposes = t.app.deps.paymentPurposes
  const real = purposes.get.bind(purposes)
  purposes.get = (purpose: string): PurposeHandler | undefined => {
    const handler = real(purpose)
    if (!handler || purpose !== 'order_pay') return handler
    return {
      ...handler,
      paid: (trx, p) => {
        if (cutFor > 0) {
          cutFor--
          throw new Error('Connection terminated unexpectedly')
        }
        return handler.paid(trx, p)
      },
    }
  }
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const sandbox = () => t.app.deps.payments as SandboxProvider
const stateOf = async (orderId: string) =>
  (await t.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow()).state
const chargeRow = (id: string) =>
  t.db.selectFrom('sandbox_charges').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

test('a completion during a database fault: not confirmed yet, says the answer; the worker delivers it', async () => {
  const o = await customerOrder(t, { paid: false })
  const charge = (
    await o.client.post('/api/order/pay', { pay_params: { order_id: o.orderId, channel: 'alipay_pc_direct' } })
  ).data
  cutFor = 1
  const done = await o.client.post('/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })
  assert.equal(done.code, 102)
  assert.equal(await stateOf(o.orderId), 99)
  const row = await chargeRow(charge.id)
  assert.equal(row.state, 'paid')
  assert.equal(row.next_delivery_at, row.time_paid! + redeliveryBackoffSeconds(1))

  // Not due yet; then due, and the worker's run delivers it, once.
  assert.equal(await sandbox().retryDeliveries(nowSeconds()), 0)
  await t.db
    .updateTable('sandbox_charges')
    .set({ next_delivery_at: nowSeconds() })
    .where('id', '=', charge.id)
    .execute()
  assert.equal((await new Worker(t.app.deps).tick()).redelivered, 1)
  assert.equal(await stateOf(o.orderId), 1)
  const delivered = await chargeRow(charge.id)
  assert.deepEqual([delivered.next_delivery_at, delivered.deliveries], [null, 2])
  assert.ok(delivered.delivered_at)
  assert.equal(await sandbox().retryDeliveries(nowSeconds() + 86400), 0)
})

test('a lasting fault: delivered again with backoff until the webhook takes it; two workers deliver once', async () => {
  const o = await customerOrder(t, { paid: false })
  const charge = (await o.client.post('/api/order/pay', { pay_params: { order_id: o.orderId, channel: 'wx_pub_qr' } }))
    .data
  cutFor = 3
  assert.equal((await o.client.post('/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })).code, 102)
  let due = (await chargeRow(charge.id)).next_delivery_at!
  for (let tries = 2; tries <= 3; tries++) {
    assert.equal(await sandbox().retryDeliveries(due), 0)
    const row = await chargeRow(charge.id)
    assert.deepEqual([row.deliveries, row.next_delivery_at], [tries, due + redeliveryBackoffSeconds(tries)])
    due = row.next_delivery_at!
  }
  assert.equal(await stateOf(o.orderId), 99)
  const runs = await Promise.all([1, 2, 3].map(() => sandbox().retryDeliveries(due)))
  assert.equal(
    runs.reduce((a, b) => a + b),
    1,
  )
  assert.equal(await stateOf(o.orderId), 1)
  assert.equal((await chargeRow(charge.id)).deliveries, 4)
})
