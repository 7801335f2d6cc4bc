import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, test } from 'node:test'
import { Worker } from '../../../src/worker/index.ts'
import { logOf, makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { assertReconciled } from '../../shop.ts'
import { apply, applied, DAY, frozenClock, orderAt, orderRow, signInAgain } from '../after_sale/helpers.ts'

// SPEC §6.8: a shipped order the customer never confirms is complete ORDER_AUTO_CONFIRM_DAYS after
// shipping, by the worker, as the system; once whatever runs at once; not while a request is open.

let t: TestApp
let op: TestAdmin
let clock: ReturnType<typeof frozenClock>
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  op = await makeAdmin(t, 'operator')
})
// Each test on a clock of its own, from now; the operator signs in on it (a session from another test's days is gone).
beforeEach(async () => {
  clock = frozenClock()
  await signInAgain(op.client, op)
})
afterEach(async () => {
  clock.reset()
  await assertReconciled(t)
})
after(() => t.close())

const tick = () => new Worker(t.app.deps).tick()
const autoLog = async (orderId: string) =>
  (await logOf(t, 'order', orderId)).filter((l) => l.text.startsWith('自动确认收货'))

test('complete 10 days after shipping, not a second before; logged as the system; once', async () => {
  const o = await orderAt(t, op, 'shipped')
  const shipped = (await orderRow(t, o.orderId)).send_time!
  clock.tick(10 * DAY - 1)
  await tick()
  assert.equal((await orderRow(t, o.orderId)).state, 2)
  clock.tick(1)
  assert.ok((await tick()).confirmed >= 1)
  const order = await orderRow(t, o.orderId)
  assert.equal(order.state, 3)
  assert.equal(order.confirm_time, shipped + 10 * DAY)
  const log = await autoLog(o.orderId)
  assert.deepEqual(
    log.map((l) => [l.actor_type, l.actor_id, l.text]),
    [['system', null, '自动确认收货: 发货10天后']],
  )
  assert.equal((await tick()).confirmed, 0)
  assert.equal((await autoLog(o.orderId)).length, 1)
})

test('several workers at once complete each order once', async () => {
  const orders = await Promise.all([0, 1, 2, 3].map(() => orderAt(t, op, 'shipped')))
  clock.tick(10 * DAY)
  const runs = await Promise.all([tick(), tick(), tick()])
  assert.ok(runs.reduce((n, r) => n + r.confirmed, 0) >= orders.length)
  for (const o of orders) {
    assert.equal((await orderRow(t, o.orderId)).state, 3)
    assert.equal((await autoLog(o.orderId)).length, 1)
  }
})

test('an open request holds it; once withdrawn, the next run completes it', async () => {
  const o = await orderAt(t, op, 'shipped')
  const id = await applied(o.client, o.orderId, 'return')
  clock.tick(30 * DAY)
  await tick()
  assert.equal((await orderRow(t, o.orderId)).state, 2)
  await signInAgain(o.client, o)
  assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code, 0)
  await tick()
  assert.equal((await orderRow(t, o.orderId)).state, 3)
})

test('the auto-confirm starts the after-sale window', async () => {
  const o = await orderAt(t, op, 'shipped')
  clock.tick(12 * DAY)
  await tick()
  const completed = (await orderRow(t, o.orderId)).confirm_time!
  assert.equal(completed, Math.floor(Date.now() / 1000), 'completed when the worker ran')
  clock.tick(7 * DAY - 1)
  await signInAgain(o.client, o)
  const id = await applied(o.client, o.orderId, 'return')
  assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code, 0)
  clock.tick(1)
  assert.equal((await apply(o.client, o.orderId, 'return')).code, 550)
})

test('ORDER_AUTO_CONFIRM_DAYS sets the days', async () => {
  const quick = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', ORDER_AUTO_CONFIRM_DAYS: '2' })
  try {
    const o = await orderAt(quick, await makeAdmin(quick, 'operator'), 'shipped')
    clock.tick(2 * DAY)
    assert.equal((await new Worker(quick.app.deps).tick()).confirmed, 1)
    assert.equal((await orderRow(quick, o.orderId)).state, 3)
    await assertReconciled(quick)
  } finally {
    await quick.close()
  }
})
