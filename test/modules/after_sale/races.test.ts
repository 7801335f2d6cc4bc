import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { autoConfirmDueOrders } from '../../../src/modules/order/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { logOf, makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { assertReconciled, stockOf } from '../../shop.ts'
import { apply, applied, DAY, frozenClock, orderAt, orderRow, requestRow, signInAgain } from './helpers.ts'

// What happens at once: applications against each other, against the operator's ship and refund,
// and against the auto-confirm; receipts against each other and against a withdrawal.

let t: TestApp
let op: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  op = await makeAdmin(t, 'operator')
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const requestsOf = (orderId: string) =>
  t.db.selectFrom('after_sales').selectAll().where('order_id', '=', orderId).execute()

test('one open request per order: of six applications at once, one opens', async () => {
  const o = await orderAt(t, op, 'complete')
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, i) => apply(o.client, o.orderId, 'return', { reason: `第${i}次` })),
  )
  assert.deepEqual(answers.map((a) => a.code).sort(), [0, 550, 550, 550, 550, 550])
  assert.equal((await requestsOf(o.orderId)).length, 1)
})

test('an application racing the operator’s shipment: one of them, never both', async () => {
  for (let i = 0; i < 3; i++) {
    const o = await orderAt(t, op, 'paid')
    const [asked, shipped] = await Promise.all([
      apply(o.client, o.orderId, 'refund'),
      op.client.post('/api/order/send_out', { order_id: o.orderId, logistics: '顺丰', logistics_id: `SF${i}` }),
    ])
    assert.deepEqual([asked.code, shipped.code].sort(), [0, asked.code === 0 ? 510 : 550].sort())
    const order = await orderRow(t, o.orderId)
    assert.equal(order.state, asked.code === 0 ? 1 : 2)
    assert.equal(order.after_sale_open, asked.code === 0 ? 1 : 0)
  }
})

test('an application racing the back office’s refund: one of them, never both', async () => {
  for (let i = 0; i < 3; i++) {
    const o = await orderAt(t, op, 'paid')
    const [asked, refunded] = await Promise.all([
      apply(o.client, o.orderId, 'refund'),
      op.client.post('/api/order/refund', { order_id: o.orderId, reason: '缺货' }),
    ])
    assert.equal([asked.code, refunded.code].filter((c) => c === 0).length, 1, `${asked.code} ${refunded.code}`)
    const order = await orderRow(t, o.orderId)
    if (asked.code === 0) {
      assert.equal(refunded.code, 520)
      assert.equal(order.state, 1)
    } else {
      assert.equal(asked.code, 550)
      assert.equal(order.state, 6)
      assert.equal(order.after_sale_open, 0)
    }
  }
})

test('an application racing the auto-confirm: the order is never completed while a request is open', async () => {
  const clock = frozenClock()
  try {
    const orders = [await orderAt(t, op, 'shipped'), await orderAt(t, op, 'shipped'), await orderAt(t, op, 'shipped')]
    clock.tick(10 * DAY)
    for (const o of orders) await signInAgain(o.client, o)
    const [answers] = await Promise.all([
      Promise.all(orders.map((o) => apply(o.client, o.orderId, 'return'))),
      autoConfirmDueOrders(t.db, nowSeconds(), 10),
    ])
    for (const [i, o] of orders.entries()) {
      assert.equal(answers[i]!.code, 0, 'a shipped order may always ask, and a just-completed one is in its window')
      const log = await logOf(t, 'order', o.orderId)
      const confirmedAt = log.findIndex((l) => l.text.startsWith('自动确认收货'))
      const askedAt = log.findIndex((l) => l.text.includes('申请退货退款'))
      const order = await orderRow(t, o.orderId)
      assert.equal(order.state, confirmedAt === -1 ? 2 : 3)
      if (confirmedAt !== -1) assert.ok(confirmedAt < askedAt, 'completed before the request opened')
    }
    // The requests hold them now: a later run completes none.
    assert.equal(await autoConfirmDueOrders(t.db, nowSeconds() + DAY, 10), 0)
  } finally {
    clock.reset()
  }
})

test('stock comes back exactly once: three receipts at once, one counts', async () => {
  const o = await orderAt(t, op, 'complete')
  const stock = await stockOf(t, o.sku)
  const id = await applied(o.client, o.orderId, 'return')
  await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })
  const answers = await Promise.all(
    [0, 1, 2].map(() => op.client.post('/api/after_sale/receive', { after_sale_id: id })),
  )
  assert.deepEqual(answers.map((a) => a.code).sort(), [0, 551, 551])
  assert.equal(await stockOf(t, o.sku), stock + 1)
  assert.equal((await requestRow(t, id)).state, 3)
  assert.equal((await orderRow(t, o.orderId)).state, 6)
})

test('a withdrawal racing the goods’ receipt: one of them', async () => {
  const o = await orderAt(t, op, 'complete')
  const stock = await stockOf(t, o.sku)
  const id = await applied(o.client, o.orderId, 'return')
  await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })
  const [withdrawn, received] = await Promise.all([
    o.client.post('/api/order/cancel_after_sale', { after_sale_id: id }),
    op.client.post('/api/after_sale/receive', { after_sale_id: id }),
  ])
  assert.deepEqual([withdrawn.code, received.code].sort(), [0, 551])
  const row = await requestRow(t, id)
  assert.equal(row.state, withdrawn.code === 0 ? 5 : 3)
  assert.equal(await stockOf(t, o.sku), stock + (withdrawn.code === 0 ? 0 : 1))
  assert.equal((await orderRow(t, o.orderId)).state, withdrawn.code === 0 ? 3 : 6)
})
