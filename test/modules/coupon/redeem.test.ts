import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { checkCoupon, redeemCoupon } from '../../../src/modules/coupon/index.ts'
import { setEnabled } from '../../../src/modules/coupon/service.ts'
import { expireDueOrders } from '../../../src/modules/order/expire.ts'
import { refundOrder } from '../../../src/modules/order/index.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import { couponRow, makeCoupon, redemptionsOf } from '../../coupons.ts'
import { addAddress, assertReconciled, cardOf, makeSku, stockOf } from '../../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '10000000', ORDER_SHIP_BASE: '500', CORS_ORIGINS: 'http://www.sfm.com' })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const skuLine = (sku_id: string, sku_count: number, first_price: number) => ({
  order_type: 'sku',
  sku_list: [{ sku_id, sku_count, first_price }],
})
const prepare = (client: Client, body: object, coupon_code?: string) =>
  client.post('/api/order/prepare_order', { ...body, coupon_code })
const commit = (client: Client, addressId: number, body: object, coupon_code?: string) =>
  client.post('/api/order/commit_order', { ...body, address_id: addressId, coupon_code })
const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()

/** A signed-in customer with an address, and a SKU of ¥1 000 whose first payment may be ¥100 to ¥1 000, no postage. */
async function shopper(stock = 100) {
  const c = await signUp(t)
  const addressId = await addAddress(c.client)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000, 50000], stock })
  return { ...c, addressId, sku }
}

describe('prepare_order with a coupon', () => {
  test('an amount off comes off what is paid now; the credit borrowed stays; case and spaces do not matter', async () => {
    const { client, sku } = await shopper()
    const { code } = await makeCoupon(t, { code: 'Spring2026A', kind: 'amount', value: 3000 })
    assert.equal(code, 'SPRING2026A')
    for (const typed of ['spring2026a', ' SPRING2026A ', 'Spring2026A']) {
      const res = await prepare(client, skuLine(sku, 1, 50000), typed)
      assert.equal(res.code, 0, JSON.stringify(res.body))
      assert.equal(res.data.favour_amount, -3000)
      assert.equal(res.data.credit_amount, -50000)
      assert.equal(res.data.ship_amount, 500)
      assert.equal(res.data.pay_amount, 50000 + 500 - 3000)
      assert.equal(res.data.coupon_code, 'SPRING2026A')
      assert.equal(
        res.data.order_sku_amount + res.data.credit_amount + res.data.ship_amount + res.data.favour_amount,
        res.data.pay_amount,
      )
    }
    const none = await prepare(client, skuLine(sku, 1, 50000), '')
    assert.equal(none.data.favour_amount, 0)
    assert.equal(none.data.pay_amount, 50500)
    assert.equal(none.data.coupon_code, '')
  })

  test('a percentage of sku_amount, rounded down to the fen, within its cap', async () => {
    const { client } = await shopper()
    const odd = await makeSku(t, { price: 33333, firstPay: [20000] })
    const big = await makeSku(t, { price: 100000, firstPay: [50000] })
    const { code: tenPercent } = await makeCoupon(t, { kind: 'percent', value: 10 })
    const { code: capped } = await makeCoupon(t, { kind: 'percent', value: 10, max_off: 8000 })
    // 10% of 33 333 is 3 333.3: 3 333 fen off.
    assert.equal((await prepare(client, skuLine(odd, 1, 20000), tenPercent)).data.favour_amount, -3333)
    assert.equal((await prepare(client, skuLine(big, 1, 50000), tenPercent)).data.favour_amount, -10000)
    assert.equal((await prepare(client, skuLine(big, 1, 50000), capped)).data.favour_amount, -8000)
    assert.equal((await prepare(client, skuLine(big, 1, 50000), capped)).data.pay_amount, 50000 + 500 - 8000)
  })

  test('never below 0 paid now: a discount larger than the first payment and postage stops there', async () => {
    const { client, sku } = await shopper()
    const { code } = await makeCoupon(t, { value: 999999 })
    const { code: whole } = await makeCoupon(t, { kind: 'percent', value: 100 })
    for (const c of [code, whole]) {
      const res = await prepare(client, skuLine(sku, 2, 10000), c)
      assert.equal(res.data.favour_amount, -(20000 + 500))
      assert.equal(res.data.pay_amount, 0)
      assert.equal(res.data.credit_amount, -180000)
    }
  })

  test('282 below the minimum; the minimum itself is enough', async () => {
    const { client, sku } = await shopper()
    const { code } = await makeCoupon(t, { min_amount: 200000 })
    assert.equal((await prepare(client, skuLine(sku, 1, 10000), code)).code, 282)
    assert.equal((await prepare(client, skuLine(sku, 2, 10000), code)).code, 0)
    assert.equal((await prepare(client, skuLine(sku, 3, 10000), code)).code, 0)
  })

  test('280 unknown or switched off; 281 not yet or no longer valid', async () => {
    const { client, sku } = await shopper()
    const now = nowSeconds()
    const off = await makeCoupon(t)
    await setEnabled(t.app.deps, SYSTEM, off.coupon_id, 0)
    const early = await makeCoupon(t, { start_time: now + 600, end_time: now + 7200 })
    const late = await makeCoupon(t, { start_time: now - 7200, end_time: now - 600 })
    const line = skuLine(sku, 1, 10000)
    assert.equal((await prepare(client, line, 'NOSUCHCODE')).code, 280)
    assert.equal((await prepare(client, line, 'ab')).code, 280)
    assert.equal((await prepare(client, line, off.code)).code, 280)
    assert.equal((await prepare(client, line, early.code)).code, 281)
    assert.equal((await prepare(client, line, late.code)).code, 281)
    await setEnabled(t.app.deps, SYSTEM, off.coupon_id, 1)
    assert.equal((await prepare(client, line, off.code)).code, 0)
  })

  test('283 used up, 284 already used by this customer (per_user_limit), the others may still', async () => {
    const a = await shopper()
    const b = await shopper()
    const once = await makeCoupon(t, { total_limit: 1 })
    const twice = await makeCoupon(t, { per_user_limit: 2 })
    const line = skuLine(a.sku, 1, 10000)
    assert.equal((await commit(a.client, a.addressId, line, once.code)).code, 0)
    assert.equal((await prepare(b.client, line, once.code)).code, 283)
    assert.equal((await commit(b.client, b.addressId, line, once.code)).code, 283)
    assert.equal((await commit(a.client, a.addressId, line, twice.code)).code, 0)
    assert.equal((await commit(a.client, a.addressId, line, twice.code)).code, 0)
    assert.equal((await prepare(a.client, line, twice.code)).code, 284)
    assert.equal((await commit(a.client, a.addressId, line, twice.code)).code, 284)
    assert.equal((await prepare(b.client, line, twice.code)).code, 0)
    assert.equal((await couponRow(t, twice.coupon_id)).used, 2)
  })

  test('from a form, as the seed’s jQuery.postJSON sends it', async () => {
    const { client, sku } = await shopper()
    const { code } = await makeCoupon(t, { value: 2000 })
    const res = await client.postForm(
      '/api/order/prepare_order',
      `order_type=sku&sku_list[0][sku_id]=${sku}&sku_list[0][sku_count]=1&sku_list[0][first_price]=10000&coupon_code=${code.toLowerCase()}`,
    )
    assert.equal(res.code, 0)
    assert.equal(res.data.favour_amount, -2000)
  })

  test('bad input: a coupon_code too long or not text is a bad request', async () => {
    const { client, sku } = await shopper()
    assert.equal((await prepare(client, skuLine(sku, 1, 10000), 'x'.repeat(65))).code, 101)
    assert.equal(
      (await client.post('/api/order/prepare_order', { ...skuLine(sku, 1, 10000), coupon_code: { a: 1 } })).code,
      101,
    )
    assert.equal(
      (await client.post('/api/order/prepare_order', { ...skuLine(sku, 1, 10000), coupon_code: ['A', 'B'] })).code,
      101,
    )
  })
})

describe('the window is inclusive at both ends', () => {
  test('checked and redeemed at start_time and at end_time, refused a second outside', async () => {
    const { userId } = await shopper()
    const start = nowSeconds() + 1000
    const end = start + 500
    const { code } = await makeCoupon(t, { start_time: start, end_time: end })
    const outcomeAt = async (now: number, redeem: boolean) => {
      // Rolled back whatever happens: only the answer matters here.
      let answer: number | undefined
      await t.db
        .transaction()
        .execute(async (trx) => {
          const res = redeem
            ? await redeemCoupon(trx, userId, code, 100000, now)
            : await checkCoupon(trx, userId, code, 100000, now)
          answer = res.code
          throw new Error('roll back')
        })
        .catch(() => {})
      return answer
    }
    for (const redeem of [false, true]) {
      assert.deepEqual(
        [
          await outcomeAt(start - 1, redeem),
          await outcomeAt(start, redeem),
          await outcomeAt(end, redeem),
          await outcomeAt(end + 1, redeem),
        ],
        [281, 0, 0, 281],
      )
    }
  })
})

describe('commit_order with a coupon', () => {
  test('the order keeps the discount and the code; the redemption is recorded; the customer and the log see it', async () => {
    const { client, userId, addressId, sku } = await shopper()
    const { coupon_id, code } = await makeCoupon(t, { kind: 'percent', value: 5 })
    const res = await commit(client, addressId, skuLine(sku, 2, 50000), code.toLowerCase())
    assert.equal(res.code, 0)
    const order = await orderRow(res.data)
    assert.equal(order.favour_amount, -10000)
    assert.equal(order.pay_amount, 100000 + 500 - 10000)
    assert.equal(order.credit_amount, -100000)
    assert.equal(order.coupon_code, code)
    assert.equal(order.state, 0)
    assert.equal((await cardOf(t, userId)).remain_amount, 10000000 - 100000)
    const [redemption] = await redemptionsOf(t, coupon_id)
    assert.deepEqual(
      [redemption!.order_id, redemption!.user_id, redemption!.discount, redemption!.release_time],
      [res.data, userId, 10000, null],
    )
    assert.equal((await couponRow(t, coupon_id)).used, 1)

    const got = (await client.get('/api/order/get_order', { order_id: res.data })).data.order_info
    assert.equal(got.favour_amount, -10000)
    assert.equal(got.coupon_code, code)
    const listed = (await client.get('/api/order/get_order_list', { order_type: 'need_pay' })).data.order_list[0]
    assert.equal(listed.coupon_code, code)
    const log = await t.db
      .selectFrom('operate_log')
      .select('text')
      .where('target_type', '=', 'order')
      .where('target_id', '=', res.data)
      .execute()
    assert.match(log[0]!.text, new RegExp(`优惠券${code}减10000分`))
  })

  test('the customer pays the discounted amount through the provider', async () => {
    const { client, addressId, sku } = await shopper()
    const { code } = await makeCoupon(t, { value: 1500 })
    const orderId = (await commit(client, addressId, skuLine(sku, 1, 10000), code)).data
    const charge = await client.post('/api/order/pay', {
      pay_params: { order_id: orderId, channel: 'alipay_pc_direct', success_url: 'www.sfm.com/done' },
    })
    assert.equal(charge.data.amount, 10000 + 500 - 1500)
    assert.equal(
      (await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })).code,
      0,
    )
    assert.equal((await orderRow(orderId)).state, 1)
  })

  test('a refused coupon rolls the whole commit back: no order, stock, credit or cart line taken', async () => {
    const { client, userId, addressId, sku } = await shopper(5)
    await client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 1, first_price: 10000 })
    const cartId = (await client.get('/api/cart/cart_list')).data[0].id
    const { code } = await makeCoupon(t, { min_amount: 500000 })
    const res = await commit(client, addressId, { order_type: 'cart', cart_list: [{ cart_id: cartId }] }, code)
    assert.equal(res.code, 282)
    assert.equal(await stockOf(t, sku), 5)
    assert.equal((await cardOf(t, userId)).remain_amount, 10000000)
    assert.equal((await client.get('/api/cart/cart_list')).data.length, 1)
    assert.equal((await t.db.selectFrom('orders').select('order_id').where('user_id', '=', userId).execute()).length, 0)
  })

  test('50 customers racing for the last 3 redemptions: exactly 3 get them', async () => {
    const { coupon_id, code } = await makeCoupon(t, { total_limit: 5 })
    const early = await shopper()
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await commit(early.client, early.addressId, skuLine(early.sku, 1, 10000), (await makeCoupon(t)).code)).code,
        0,
      )
    const first = await shopper()
    const second = await shopper()
    for (const s of [first, second])
      assert.equal((await commit(s.client, s.addressId, skuLine(s.sku, 1, 10000), code)).code, 0)
    // Each buys a SKU of their own, so nothing but the coupon makes them wait for each other.
    const racers = await Promise.all(Array.from({ length: 50 }, () => shopper(1)))
    const answers = await Promise.all(racers.map((r) => commit(r.client, r.addressId, skuLine(r.sku, 1, 10000), code)))
    const codes = answers.map((a) => a.code)
    assert.equal(codes.filter((c) => c === 0).length, 3, JSON.stringify(codes))
    assert.equal(codes.filter((c) => c === 283).length, 47)
    assert.equal((await couponRow(t, coupon_id)).used, 5)
    assert.equal((await redemptionsOf(t, coupon_id)).length, 5)
    // Only the winners' orders took stock.
    const stock = await Promise.all(racers.map((r) => stockOf(t, r.sku)))
    assert.equal(stock.filter((s) => s === 0).length, 3)
  })

  test("one customer's parallel commits redeem once", async () => {
    const { client, addressId, sku, userId } = await shopper()
    const { coupon_id, code } = await makeCoupon(t)
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => commit(client, addressId, skuLine(sku, 1, 10000), code)),
    )
    const codes = answers.map((a) => a.code)
    assert.equal(codes.filter((c) => c === 0).length, 1, JSON.stringify(codes))
    assert.equal(codes.filter((c) => c === 284).length, 7)
    assert.equal((await couponRow(t, coupon_id)).used, 1)
    const redeemed = await redemptionsOf(t, coupon_id)
    assert.deepEqual(
      redeemed.map((r) => r.user_id),
      [userId],
    )
  })

  test('a retried commit with the same Idempotency-Key redeems once and answers the same order', async () => {
    const { client, addressId, sku } = await shopper()
    const { coupon_id, code } = await makeCoupon(t, { per_user_limit: 5 })
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.post(
          '/api/order/commit_order',
          { ...skuLine(sku, 1, 10000), address_id: addressId, coupon_code: code },
          { 'idempotency-key': 'coupon-k1' },
        ),
      ),
    )
    assert.equal(new Set(answers.map((a) => a.data)).size, 1)
    assert.equal((await couponRow(t, coupon_id)).used, 1)
  })
})

describe('giving a redemption back', () => {
  test('cancel gives it back once, even cancelled five times at once; the customer may use it again', async () => {
    const { client, addressId, sku } = await shopper()
    const { coupon_id, code } = await makeCoupon(t, { total_limit: 1 })
    const orderId = (await commit(client, addressId, skuLine(sku, 1, 10000), code)).data
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => client.post('/api/order/cancel_order', { order_id: orderId, reason: '不要了' })),
    )
    assert.equal(answers.filter((a) => a.code === 0).length, 1)
    assert.equal((await couponRow(t, coupon_id)).used, 0)
    const [given] = await redemptionsOf(t, coupon_id)
    assert.ok(given!.release_time)
    assert.equal((await commit(client, addressId, skuLine(sku, 1, 10000), code)).code, 0)
    assert.equal((await couponRow(t, coupon_id)).used, 1)
  })

  test('expiry gives it back once, with several workers and a cancel racing it', async () => {
    const { client, addressId, sku } = await shopper()
    const { coupon_id, code } = await makeCoupon(t, { total_limit: 3 })
    const orderId = (await commit(client, addressId, skuLine(sku, 1, 10000), code)).data
    await t.db
      .updateTable('orders')
      .set({ expire_time: nowSeconds() - 1 })
      .where('order_id', '=', orderId)
      .execute()
    await Promise.all([
      expireDueOrders(t.db, nowSeconds()),
      expireDueOrders(t.db, nowSeconds()),
      client.post('/api/order/cancel_order', { order_id: orderId }),
    ])
    assert.ok([4, 5].includes((await orderRow(orderId)).state))
    assert.equal((await couponRow(t, coupon_id)).used, 0)
    assert.equal((await redemptionsOf(t, coupon_id)).filter((r) => r.release_time !== null).length, 1)
    assert.equal(await expireDueOrders(t.db, nowSeconds()), 0)
    assert.equal((await couponRow(t, coupon_id)).used, 0)
  })

  test('a refund does not give it back', async () => {
    const { client, addressId, sku } = await shopper()
    const { coupon_id, code } = await makeCoupon(t, { value: 1000, total_limit: 2 })
    const orderId = (await commit(client, addressId, skuLine(sku, 1, 10000), code)).data
    const charge = await client.post('/api/order/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr' } })
    assert.equal(
      (await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })).code,
      0,
    )
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, '退货')).code, 0)
    assert.equal((await orderRow(orderId)).state, 6)
    assert.equal((await couponRow(t, coupon_id)).used, 1)
    assert.equal((await redemptionsOf(t, coupon_id))[0]!.release_time, null)
    assert.equal((await prepare(client, skuLine(sku, 1, 10000), code)).code, 284)
  })
})
