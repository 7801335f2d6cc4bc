import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { Worker } from '../../../src/worker/index.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type Client, type TestApp } from '../../helper.ts'
import { assertReconciled, cardOf, customerOrder, paidAnyway } from '../../shop.ts'

// Money the shop could not take (a repayment after its order's refund, a repayment paid twice, a
// payment landing as the customer cancels) gets a refund at once, in the refunds list, which the
// worker asks of the provider; the charges that can take no more money are closed.

let t: TestApp
let op: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  op = await makeAdmin(t, 'operator')
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const repayCharge = async (client: Client, order_id: string): Promise<string> => {
  const res = await client.post('/api/credit_card/pay', { pay_params: { order_id, channel: 'alipay_pc_direct' } })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return res.data.id
}
const complete = (client: Client, charge_id: string) =>
  client.post('/api/sandbox/complete', { charge_id, outcome: 'succeeded' })
const listed = async (order_id: string) =>
  (await op.client.get('/api/payment/refund_list', { order_id })).data.refunds.map(
    (r: { state: string; purpose: string; needs_refund: number; amount: number }) =>
      `${r.state}:${r.purpose}:${r.needs_refund}:${r.amount}`,
  )
const payments = async (orderId: string) =>
  (
    await t.db
      .selectFrom('payments')
      .select(['target_type', 'needs_refund', 'refund_state'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute()
  ).map((p) => `${p.target_type}:${p.needs_refund}:${p.refund_state}`)
/** The worker's run, as the in-process worker or `npm run worker` makes it. */
const workerRun = () => new Worker(t.app.deps).tick()

test('a repayment after its order’s refund: the refund closed its charge; money landing anyway goes back', async () => {
  const o = await customerOrder(t)
  const repay = await repayCharge(o.client, o.orderId)
  assert.equal((await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '退货' })).code, 0)
  const refused = await complete(o.client, repay)
  assert.deepEqual([refused.code, refused.body.msg], [101, '支付单已关闭'])

  await paidAnyway(t, o.client, repay)
  assert.deepEqual(await payments(o.orderId), ['pay:0:refunded', 'card:1:requested'])
  assert.deepEqual(await listed(o.orderId), ['queued:card_pay:1:90000', 'succeeded:order_pay:0:10000'])
  assert.ok((await workerRun()).refunds >= 1)
  assert.deepEqual(await payments(o.orderId), ['pay:0:refunded', 'card:1:refunded'])
  assert.deepEqual(await listed(o.orderId), ['succeeded:card_pay:1:90000', 'succeeded:order_pay:0:10000'])
  assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
})

test('a repayment paid twice: the debt closed the other charge; money landing on it anyway is refunded', async () => {
  const o = await customerOrder(t)
  const [a, b] = [await repayCharge(o.client, o.orderId), await repayCharge(o.client, o.orderId)]
  assert.equal((await complete(o.client, a)).code, 0)
  assert.equal((await complete(o.client, b)).code, 101)
  await paidAnyway(t, o.client, b)
  assert.deepEqual(await listed(o.orderId), ['queued:card_pay:1:90000'])
  assert.ok((await workerRun()).refunds >= 1)
  assert.deepEqual(await payments(o.orderId), ['pay:0:none', 'card:0:none', 'card:1:refunded'])
  assert.deepEqual(await listed(o.orderId), ['succeeded:card_pay:1:90000'])
  assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
})

test('a payment landing as the customer cancels: kept only when it paid the order, else refunded', async () => {
  for (let round = 0; round < 6; round++) {
    const o = await customerOrder(t, { paid: false })
    const charge = (
      await o.client.post('/api/order/pay', { pay_params: { order_id: o.orderId, channel: 'wx_pub_qr' } })
    ).data.id
    const [cancelled, paid] = await Promise.all([
      o.client.post('/api/order/cancel_order', { order_id: o.orderId }),
      complete(o.client, charge),
    ])
    await workerRun()
    const state = (
      await t.db.selectFrom('orders').select('state').where('order_id', '=', o.orderId).executeTakeFirstOrThrow()
    ).state
    if (state === 1) {
      assert.deepEqual([cancelled.code, paid.code], [212, 0])
      assert.deepEqual(await payments(o.orderId), ['pay:0:none'])
    } else {
      assert.deepEqual([state, cancelled.code], [4, 0])
      // Refused by the cashier (nothing taken), or taken and given back.
      assert.deepEqual(await payments(o.orderId), paid.code === 0 ? ['pay:1:refunded'] : [])
    }
  }
})
