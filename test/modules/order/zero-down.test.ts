import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { expireDueOrders } from '../../../src/modules/order/expire.ts'
import { refundOrder, REPAY_SECONDS, shipOrder } from '../../../src/modules/order/index.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import type { RefundRequest } from '../../../src/providers/payment/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type TestApp, okValue } from '../../helper.ts'
import { couponRow, makeCoupon } from '../../coupons.ts'
import { addAddress, assertReconciled, buySku, cardOf, makeSku, stockOf } from '../../shop.ts'

// An order with nothing to pay now (0首付 and no postage, or a coupon covering it) is paid at commit.

let t: TestApp
/** Every refund the provider was asked for. */
const asked: RefundRequest[] = []
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  const real = t.app.deps.payments
  const refund = real.refund.bind(real)
  t.app.deps.payments = Object.assign(Object.create(real), {
    refund: (req: RefundRequest) => {
      asked.push(req)
      return refund(req)
    },
  })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
const paymentsOf = (orderId: string) =>
  t.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()

/** A customer's committed order of one ¥1 000 SKU whose smallest first payment is 0, with no postage. */
async function zeroDown(first = 0) {
  const c = await signUp(t)
  const addressId = await addAddress(c.client)
  const sku = await makeSku(t, { price: 100000, firstPay: [0, 10000], stock: 5, postfee: 0 })
  const res = await buySku(c.client, addressId, sku, 1, first)
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return { ...c, addressId, sku, orderId: res.data as string }
}

describe('an order with nothing to pay now', () => {
  test('is paid at commit: a payment of channel none, 0 fen; state 1; the credit owed, its clock started', async () => {
    const before = nowSeconds()
    const { client, userId, orderId, sku } = await zeroDown()
    const order = await orderRow(orderId)
    assert.equal(order.pay_amount, 0)
    assert.equal(order.state, 1)
    assert.ok(order.pay_time! >= before)
    assert.equal(order.credit_amount, -100000)
    assert.equal(order.credit_held, 1)
    assert.equal(order.credit_card_state, 0)
    assert.equal((await cardOf(t, userId)).remain_amount, 900000)
    assert.equal(await stockOf(t, sku), 4)
    const [payment, ...more] = await paymentsOf(orderId)
    assert.equal(more.length, 0)
    assert.equal(payment!.target_type, 'pay')
    assert.equal(payment!.channel, 'none')
    assert.equal(payment!.channel_id, -1)
    assert.equal(payment!.amount, 0)
    assert.equal(payment!.time, order.pay_time)
    assert.equal(payment!.needs_refund, 0)
    const log = await t.db
      .selectFrom('operate_log')
      .select(['text', 'amounts'])
      .where('target_type', '=', 'order')
      .where('target_id', '=', orderId)
      .orderBy('id')
      .execute()
    assert.deepEqual(
      log.map((l) => [l.text, JSON.parse(l.amounts)]),
      [
        [
          '提交订单',
          [
            { label: '应付', fen: 0 },
            { label: '额度', fen: 100000 },
          ],
        ],
        ['支付成功: none', [{ label: '金额', fen: 0 }]],
      ],
    )

    // Nothing left to pay; the debt is on the card from now, due in 60 days.
    assert.equal((await client.get('/api/order/get_order_brief_for_pay', { order_id: orderId })).code, 134)
    assert.equal(
      (await client.post('/api/order/pay', { pay_params: { order_id: orderId, channel: 'alipay_pc_direct' } })).code,
      134,
    )
    assert.equal((await client.post('/api/order/cancel_order', { order_id: orderId })).code, 212)
    const owed = (await client.get('/api/credit_card/detail', { type: 'need_pay' })).data.credit_card.orders
    assert.deepEqual(
      owed.map((o: { order_id: string }) => o.order_id),
      [orderId],
    )
    assert.equal(owed[0].refund_time, order.pay_time! + REPAY_SECONDS)
    assert.equal((await client.get('/api/order/get_order_list', { order_type: 'need_send' })).data.pagination.count, 1)
  })

  test('ships, is confirmed and repaid like any paid order, without any payment provider at commit', async () => {
    const { client, userId, orderId } = await zeroDown()
    assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF1', '顺丰')).code, 0)
    assert.equal((await orderRow(orderId)).state, 2)
    assert.equal((await client.post('/api/order/confirm_order', { order_id: orderId })).code, 0)
    const repay = await client.post('/api/credit_card/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr' } })
    assert.equal(repay.data.amount, 100000)
    assert.equal(
      (await client.post('/api/sandbox/complete', { charge_id: repay.data.id, outcome: 'succeeded' })).code,
      0,
    )
    assert.equal((await orderRow(orderId)).credit_card_state, 1)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('a coupon that covers the first payment makes it one too', async () => {
    const c = await signUp(t)
    const addressId = await addAddress(c.client)
    const sku = await makeSku(t, { price: 100000, firstPay: [10000], postfee: 700 })
    const { coupon_id, code } = await makeCoupon(t, { value: 20000 })
    const res = await c.client.post('/api/order/commit_order', {
      address_id: addressId,
      order_type: 'sku',
      sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }],
      coupon_code: code,
    })
    const order = await orderRow(res.data)
    assert.deepEqual([order.state, order.pay_amount, order.favour_amount, order.credit_amount], [1, 0, -10700, -90000])
    assert.equal((await couponRow(t, coupon_id)).used, 1)
    assert.equal((await paymentsOf(res.data))[0]!.channel, 'none')
  })

  test('a coupon would take nothing off it: 287 from the quote and the commit, none of its uses spent', async () => {
    const c = await signUp(t)
    const addressId = await addAddress(c.client)
    const sku = await makeSku(t, { price: 100000, firstPay: [0, 10000], stock: 5, postfee: 0 })
    const { coupon_id, code } = await makeCoupon(t, { value: 1000, total_limit: 1 })
    const body = { order_type: 'sku', sku_list: [{ sku_id: sku, sku_count: 1, first_price: 0 }], coupon_code: code }
    assert.equal((await c.client.post('/api/order/prepare_order', body)).code, 287)
    assert.equal((await c.client.post('/api/order/commit_order', { ...body, address_id: addressId })).code, 287)
    assert.equal((await couponRow(t, coupon_id)).used, 0)
    assert.equal(await stockOf(t, sku), 5)
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000)
    // Its one use is still there for an order it takes something off.
    const paying = { ...body, sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }], address_id: addressId }
    assert.equal((await c.client.post('/api/order/commit_order', paying)).code, 0)
    assert.equal((await couponRow(t, coupon_id)).used, 1)
  })

  test('a percentage that rounds to 0 fen is refused alike', async () => {
    const c = await signUp(t)
    const sku = await makeSku(t, { price: 99, firstPay: [99], stock: 5, postfee: 0 })
    const { code } = await makeCoupon(t, { kind: 'percent', value: 1 })
    const body = { order_type: 'sku', sku_list: [{ sku_id: sku, sku_count: 1, first_price: 99 }], coupon_code: code }
    assert.equal((await c.client.post('/api/order/prepare_order', body)).code, 287)
  })

  test('never expires', async () => {
    const { orderId } = await zeroDown()
    await t.db
      .updateTable('orders')
      .set({ expire_time: nowSeconds() - 10 })
      .where('order_id', '=', orderId)
      .execute()
    await expireDueOrders(t.db, nowSeconds())
    assert.equal((await orderRow(orderId)).state, 1)
  })

  test('an order with something to pay is not paid at commit', async () => {
    const { orderId } = await zeroDown(10000)
    assert.equal((await orderRow(orderId)).state, 0)
    assert.deepEqual(await paymentsOf(orderId), [])
  })
})

describe('refunding an order that had nothing to pay', () => {
  test('is done at once, without asking the provider to give back 0 fen: state 6, stock and credit back', async () => {
    const { userId, orderId, sku } = await zeroDown()
    asked.length = 0
    const { refunds } = okValue(await refundOrder(t.app.deps, SYSTEM, orderId, '客户退货'))
    assert.deepEqual(asked, [])
    assert.deepEqual(
      refunds.map((r) => [r.amount, r.state]),
      [[0, 'succeeded']],
    )
    const order = await orderRow(orderId)
    assert.equal(order.state, 6)
    assert.ok(order.refund_time)
    assert.equal(await stockOf(t, sku), 5)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    assert.deepEqual(
      (await paymentsOf(orderId)).map((p) => `${p.amount}:${p.refund_state}`),
      ['0:refunded'],
    )
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, 'again')).code, 520)
  })

  test('after a repayment, gives the repayment back through the provider, and only that', async () => {
    const { client, orderId } = await zeroDown()
    const repay = await client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'alipay_pc_direct' },
    })
    assert.equal(
      (await client.post('/api/sandbox/complete', { charge_id: repay.data.id, outcome: 'succeeded' })).code,
      0,
    )
    asked.length = 0
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, '退货')).code, 0)
    assert.deepEqual(
      asked.map((r) => [r.chargeId, r.amountFen]),
      [[repay.data.id, 100000]],
    )
    assert.equal((await orderRow(orderId)).state, 6)
    assert.deepEqual(
      (await paymentsOf(orderId)).map((p) => `${p.target_type}:${p.amount}:${p.refund_state}`),
      ['pay:0:refunded', 'card:100000:refunded'],
    )
  })

  test('two operators refunding at once refund once', async () => {
    const { orderId } = await zeroDown()
    const answers = await Promise.all([1, 2, 3].map(() => refundOrder(t.app.deps, SYSTEM, orderId, 'x')))
    assert.equal(answers.filter((a) => a.code === 0).length, 1)
    const log = await t.db
      .selectFrom('operate_log')
      .select('text')
      .where('target_type', '=', 'order')
      .where('target_id', '=', orderId)
      .execute()
    assert.equal(log.filter((l) => l.text.startsWith('退款')).length, 2)
  })

  test('is refused once the order has shipped', async () => {
    const { orderId } = await zeroDown()
    assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF2', '顺丰')).code, 0)
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, 'x')).code, 520)
    assert.equal((await orderRow(orderId)).state, 2)
  })
})
