import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { loadConfig } from '../../../src/config.ts'
import { MAX_CREDIT_LIMIT_FEN, MAX_PRICE_FEN } from '../../../src/domain/money.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, cardOf, payThroughSandbox } from '../../shop.ts'

// Money fields are bounded (¥10 000 000 a price, a first payment, a postage), so every order's
// totals are exact sums; beyond a bound the answer is 101.

let t: TestApp
let admin: TestAdmin
before(async () => {
  t = await testApp({ ORDER_SHIP_BASE: String(MAX_PRICE_FEN), CREDIT_DEFAULT_AMOUNT: '0' })
  admin = await makeAdmin(t)
})
afterEach(() => assertReconciled(t))
after(() => t.close())

let seq = 0
const sku = (overrides: Record<string, unknown> = {}) => ({
  sku_id: `big${process.pid}-${++seq}`,
  name: '金条',
  real_price: MAX_PRICE_FEN,
  first_pay: [MAX_PRICE_FEN],
  postfee: MAX_PRICE_FEN,
  weight: 1000,
  images: [],
  stock: 99,
  on_sale: true,
  ...overrides,
})

describe('bounds', () => {
  test('a price, a first payment or a postage above ¥10 000 000 is 101; at it, saved', async () => {
    const save = (body: Record<string, unknown>) => admin.client.post('/api/sku/save', body)
    assert.equal((await save(sku())).code, 0)
    for (const over of [MAX_PRICE_FEN + 1, Number.MAX_SAFE_INTEGER]) {
      assert.equal((await save(sku({ real_price: over }))).code, 101)
      assert.equal((await save(sku({ real_price: over, first_pay: [over] }))).code, 101)
      assert.equal((await save(sku({ postfee: over }))).code, 101)
    }
  })

  test('a first price above the bound is 101 in the cart and the order', async () => {
    const c = await signUp(t)
    const s = sku()
    assert.equal((await admin.client.post('/api/sku/save', s)).code, 0)
    const over = MAX_PRICE_FEN + 1
    assert.equal(
      (await c.client.post('/api/cart/add_cart', { sku_id: s.sku_id, sku_inc_count: 1, first_price: over })).code,
      101,
    )
    const line = { order_type: 'sku', sku_list: [{ sku_id: s.sku_id, sku_count: 1, first_price: over }] }
    assert.equal((await c.client.post('/api/order/prepare_order', line)).code, 101)
  })

  test('a card limit beyond ¥10 000 000 000 is refused: 101 for the step, 311 for the sum', async () => {
    const c = await signUp(t)
    const { card_id } = await cardOf(t, c.userId)
    const change = (inc_amount: number) =>
      admin.client.post('/api/credit_card/set_credit_cards', { card_id, inc_amount })
    assert.equal((await change(MAX_CREDIT_LIMIT_FEN + 1)).code, 101)
    assert.equal((await change(MAX_CREDIT_LIMIT_FEN)).code, 0)
    assert.equal((await change(1)).code, 311)
    assert.equal((await cardOf(t, c.userId)).amount, MAX_CREDIT_LIMIT_FEN)
  })

  test('settings: ORDER_SHIP_BASE and CREDIT_DEFAULT_AMOUNT past their bounds stop the start', () => {
    const env = { SFM_SECRET: 'test-secret-0123456789abcdef', NODE_ENV: 'test', DATA_DIR: t.config.dataDir }
    assert.throws(() => loadConfig({ ...env, ORDER_SHIP_BASE: String(MAX_PRICE_FEN + 1) }), /ORDER_SHIP_BASE/)
    assert.throws(
      () => loadConfig({ ...env, CREDIT_DEFAULT_AMOUNT: String(MAX_CREDIT_LIMIT_FEN + 1) }),
      /CREDIT_DEFAULT_AMOUNT/,
    )
  })
})

test('the largest order there can be (50 lines of 99 at every bound) adds up exactly, and is paid', async () => {
  const c = await signUp(t)
  const skus = []
  for (let i = 0; i < 50; i++) {
    const s = sku()
    assert.equal((await admin.client.post('/api/sku/save', s)).code, 0)
    skus.push(s.sku_id)
  }
  const res = await c.client.post('/api/order/commit_order', {
    address_id: await addAddress(c.client),
    order_type: 'sku',
    sku_list: skus.map((sku_id) => ({ sku_id, sku_count: 99, first_price: MAX_PRICE_FEN })),
  })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  const order = await t.db.selectFrom('orders').selectAll().where('order_id', '=', res.data).executeTakeFirstOrThrow()
  assert.equal(order.sku_amount, 50 * 99 * MAX_PRICE_FEN)
  assert.equal(order.ship_amount, 51 * MAX_PRICE_FEN)
  assert.equal(order.pay_amount, order.sku_amount + order.credit_amount + order.ship_amount + order.favour_amount)
  assert.ok(Number.isSafeInteger(order.pay_amount))
  await payThroughSandbox(c.client, res.data)
  const paid = await t.db
    .selectFrom('orders')
    .select('state')
    .where('order_id', '=', res.data)
    .executeTakeFirstOrThrow()
  assert.equal(paid.state, 1)
})
