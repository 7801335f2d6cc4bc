import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, afterEach, before, describe, test } from 'node:test'
import { expireDueOrders } from '../../../src/modules/order/expire.ts'
import { refundOrder } from '../../../src/modules/order/refund.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, buySku, makeSku, stockOf } from '../../shop.ts'

// One customer's transactions on orders, stock and credit racing each other. On PostgreSQL these
// deadlocked before every such transaction took the customer's row first (issue 8, F1).

/** Warnings the app logs, so a test can tell that a transaction had to be retried. */
const warnings: { msg: string; code?: string }[] = []
const stream = {
  write(line: string) {
    const entry = JSON.parse(line) as { level: number; msg: string; err?: { code?: string } }
    if (entry.level >= 40) warnings.push({ msg: entry.msg, code: entry.err?.code })
  },
}

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '100000000' }, { logger: { level: 'warn', stream } })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const ROUNDS = 60

async function shopper() {
  const c = await signUp(t)
  const addressId = await addAddress(c.client)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000], stock: 10 * ROUNDS })
  const buy = (client: Client = c.client) => buySku(client, addressId, sku, 1, 10000)
  return { ...c, addressId, sku, buy }
}

function assertNoServerErrors(replies: { status: number; code: number }[]): void {
  const errors = replies.filter((r) => r.status >= 500 || r.code === 500)
  assert.deepEqual(errors, [], `${errors.length} of ${replies.length} answers were server errors`)
}

function assertNoRetries(): void {
  const retried = warnings.filter((w) => w.msg === 'transaction retried')
  assert.equal(retried.length, 0, `${retried.length} transactions deadlocked and had to be retried`)
}

describe('one customer racing themself', () => {
  test(`cancel X while committing Y, ${ROUNDS} rounds: every answer is a business answer`, async () => {
    const s = await shopper()
    const replies: { status: number; code: number }[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const x = await s.buy()
      assert.equal(x.code, 0)
      const [cancel, y] = await Promise.all([
        s.client.post('/api/order/cancel_order', { order_id: x.data, reason: 'race' }),
        s.buy(),
      ])
      replies.push(cancel, y)
      assert.equal(cancel.code, 0, JSON.stringify(cancel.body))
      assert.equal(y.code, 0, JSON.stringify(y.body))
    }
    assertNoServerErrors(replies)
    const open = await t.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', s.userId)
      .where('state', '=', 0)
      .executeTakeFirstOrThrow()
    assert.equal(Number(open.n), ROUNDS)
    assert.equal(await stockOf(t, s.sku), 10 * ROUNDS - ROUNDS)
    assertNoRetries()
  })

  test(`the worker expiring X while the customer commits Y, ${ROUNDS} rounds`, async () => {
    const s = await shopper()
    for (let i = 0; i < ROUNDS; i++) {
      const x = await s.buy()
      assert.equal(x.code, 0)
      await t.db
        .updateTable('orders')
        .set({ expire_time: nowSeconds() - 1 })
        .where('order_id', '=', x.data)
        .execute()
      const [expired, y] = await Promise.all([expireDueOrders(t.db, nowSeconds()), s.buy()])
      assert.equal(expired, 1)
      assert.equal(y.code, 0, JSON.stringify(y.body))
    }
    assert.equal(await stockOf(t, s.sku), 10 * ROUNDS - ROUNDS)
    assertNoRetries()
  })

  test(`a refund of paid X arriving while the customer commits Y, ${ROUNDS / 2} rounds`, async () => {
    const s = await shopper()
    for (let i = 0; i < ROUNDS / 2; i++) {
      const x = await s.buy()
      const charge = await s.client.post('/api/order/pay', {
        pay_params: { order_id: x.data, channel: 'alipay_pc_direct' },
      })
      assert.equal(
        (await s.client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })).code,
        0,
      )
      // The sandbox delivers refund.succeeded through the webhook before it answers.
      // The refund's transaction starts a few milliseconds in: the commit starts at varying moments to meet it.
      const [refund, y] = await Promise.all([
        refundOrder(t.app.deps, SYSTEM, x.data, 'race'),
        sleep(i % 8).then(() => s.buy()),
      ])
      assert.equal(refund.code, 0, JSON.stringify(refund))
      assert.equal(y.code, 0, JSON.stringify(y.body))
    }
    assertNoRetries()
  })
})
