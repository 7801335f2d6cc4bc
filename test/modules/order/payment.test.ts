import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { REPAY_SECONDS } from '../../../src/modules/order/index.ts'
import { expireDueOrders } from '../../../src/modules/order/expire.ts'
import { refundOrder } from '../../../src/modules/order/index.ts'
import { advanceRefunds, refundFlaggedPayments } from '../../../src/modules/payment/index.ts'
import { shipOrder } from '../../../src/modules/order/service.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { sandboxKeyPair } from '../../../src/providers/payment/signing.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import type { RefundRequest } from '../../../src/providers/payment/index.ts'
import { deliver, signed } from '../../providers/payment/fixtures.ts'
import { addAddress, assertReconciled, buySku, cardOf, makeSku, paidAnyway, stockOf } from '../../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', CORS_ORIGINS: 'http://www.sfm.com' })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
const paymentsOf = (orderId: string) =>
  t.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
/** Each payment of the order as kind:amount:refund state. */
const refundedAmounts = async (orderId: string) =>
  (await paymentsOf(orderId)).map((p) => `${p.target_type}:${p.amount}:${p.refund_state}`)
/** Payments of the order still waiting to be given back. */
const toRefund = async (orderId: string) =>
  (await paymentsOf(orderId)).filter((p) => p.needs_refund === 1 && p.refund_state !== 'refunded').length

async function committed(opts: { price?: number; first?: number; stock?: number } = {}) {
  const c = await signUp(t)
  const sku = await makeSku(t, {
    price: opts.price ?? 100000,
    firstPay: [opts.first ?? 10000],
    stock: opts.stock ?? 10,
  })
  const res = await buySku(c.client, await addAddress(c.client), sku, 1, opts.first ?? 10000)
  assert.equal(res.code, 0)
  return { ...c, sku, orderId: res.data as string }
}

const pay = (client: Client, order_id: string, channel = 'alipay_pc_direct') =>
  client.post('/api/order/pay', { pay_params: { order_id, channel, success_url: 'www.sfm.com/order/pay_complete' } })

const repayCharge = (client: Client, order_id: string) =>
  client.post('/api/credit_card/pay', { pay_params: { order_id, channel: 'alipay_pc_direct' } })

/** What the sandbox cashier's 支付 button does. */
const complete = (client: Client, chargeId: string) =>
  client.post('/api/sandbox/complete', { charge_id: chargeId, outcome: 'succeeded' })

/** A committed order its customer has paid. */
async function paidOrder(opts: Parameters<typeof committed>[0] = {}) {
  const c = await committed(opts)
  assert.equal((await complete(c.client, (await pay(c.client, c.orderId)).data.id)).code, 0)
  return c
}

/** A charge.succeeded event for a charge this shop made, signed with the sandbox's key as a delivery would be. */
async function signedPaidEvent(
  charge: { id: string; order_no: string; amount: number; channel: string; metadata: object },
  eventId = `evt_${charge.id}`,
  paidAt = nowSeconds(),
) {
  const { privateKey } = await sandboxKeyPair(t.config.dataDir)
  const now = nowSeconds()
  return signed(
    {
      id: eventId,
      object: 'event',
      type: 'charge.succeeded',
      created: now,
      data: {
        object: {
          ...charge,
          object: 'charge',
          paid: true,
          time_paid: paidAt,
          transaction_no: `T${charge.id}`,
          currency: 'cny',
        },
      },
    },
    privateKey,
  )
}

describe('the whole journey', () => {
  test('cart → quote → commit → pay → webhook → ship → confirm → repay', async () => {
    const { client, userId } = await signUp(t)
    const sku = await makeSku(t, { price: 200000, firstPay: [20000, 50000], stock: 5, postfee: 1000 })
    await client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 2, first_price: 20000 })
    const cartId = (await client.get('/api/cart/cart_list')).data[0].id
    const quote = await client.post('/api/order/prepare_order', {
      order_type: 'cart',
      cart_list: [{ cart_id: cartId, first_price: 50000 }],
    })
    assert.equal(quote.data.pay_amount, 101000)
    assert.equal(quote.data.credit_amount, -300000)
    const addressId = await addAddress(client)
    const orderId = (
      await client.post('/api/order/commit_order', {
        address_id: addressId,
        order_type: 'cart',
        cart_list: [{ cart_id: cartId, first_price: 50000 }],
      })
    ).data
    assert.equal((await cardOf(t, userId)).remain_amount, 700000)

    const charged = await pay(client, orderId)
    assert.equal(charged.code, 0)
    const charge = charged.data
    assert.match(charge.id, /^ch_/)
    assert.equal(charge.object, 'charge')
    assert.equal(charge.amount, 101000)
    assert.equal(charge.order_no, orderId)
    assert.equal(charge.metadata.type, 'order_pay')
    assert.equal(charge.time_expire, (await orderRow(orderId)).expire_time)
    assert.ok(charge.credential.sandbox.pay_url)
    assert.equal((await orderRow(orderId)).state, 99)

    const done = await complete(client, charge.id)
    assert.equal(done.code, 0)
    const paid = await orderRow(orderId)
    assert.equal(paid.state, 1)
    assert.ok(paid.pay_time)
    const [payment] = await paymentsOf(orderId)
    assert.equal(payment!.target_type, 'pay')
    assert.equal(payment!.amount, 101000)
    assert.equal(payment!.channel_id, 1)
    assert.equal(payment!.channel_water_id, charge.id)
    assert.ok(payment!.water_id)
    assert.equal((await cardOf(t, userId)).remain_amount, 700000)

    assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF1', '顺丰')).code, 0)
    assert.equal((await client.post('/api/order/confirm_order', { order_id: orderId })).code, 0)

    const owed = (await client.get('/api/credit_card/detail', { type: 'need_pay' })).data.credit_card.orders
    assert.deepEqual(
      owed.map((o: { order_id: string }) => o.order_id),
      [orderId],
    )
    assert.equal(owed[0].refund_time, paid.pay_time! + REPAY_SECONDS)

    const repay = await client.post('/api/credit_card/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr' } })
    assert.equal(repay.code, 0)
    assert.equal(repay.data.amount, 300000)
    assert.equal(repay.data.metadata.type, 'card_pay')
    assert.match(repay.data.order_no, new RegExp(`^${orderId}R[0-9a-f]{8}$`))
    assert.equal((await complete(client, repay.data.id)).code, 0)
    const repaid = await orderRow(orderId)
    assert.equal(repaid.credit_card_state, 1)
    assert.ok(repaid.repay_time)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    assert.equal((await paymentsOf(orderId)).map((p) => p.target_type).join(), 'pay,card')
    assert.equal((await client.get('/api/credit_card/detail', { type: 'has_pay' })).data.credit_card.orders.length, 1)
    assert.equal(
      (await client.post('/api/credit_card/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr' } })).code,
      310,
    )
  })
})

describe('order pay', () => {
  test("134 for a cancelled, expired, paid, someone else's or missing order; 101 for a bad channel", async () => {
    const { client, orderId } = await committed()
    const stranger = await signUp(t)
    assert.equal((await pay(stranger.client, orderId)).code, 134)
    assert.equal((await pay(client, '1234567890123456')).code, 134)
    assert.equal((await pay(client, orderId, 'cash')).code, 101)
    assert.equal((await client.post('/api/order/pay', { pay_params: {} })).code, 100)
    assert.equal((await client.post('/api/order/pay', {})).code, 100)
    await t.db
      .updateTable('orders')
      .set({ expire_time: nowSeconds() - 1 })
      .where('order_id', '=', orderId)
      .execute()
    assert.equal((await pay(client, orderId)).code, 134)
    const other = await committed()
    await other.client.post('/api/order/cancel_order', { order_id: other.orderId })
    assert.equal((await pay(other.client, other.orderId)).code, 134)
    assert.equal((await orderRow(other.orderId)).state, 4)
  })

  test('success_url must be a page of this shop; the seed’s scheme-less form is read as http', async () => {
    const { client, orderId } = await committed()
    const payWith = (success_url: string) =>
      client.post('/api/order/pay', { pay_params: { order_id: orderId, channel: 'alipay_pc_direct', success_url } })
    const ok = await payWith('www.sfm.com/order/pay_complete?order_id=1')
    assert.equal(ok.code, 0)
    assert.equal(ok.data.extra.success_url, 'http://www.sfm.com/order/pay_complete?order_id=1')
    assert.equal((await payWith(`${t.config.publicBaseUrl}/done`)).code, 0)
    for (const bad of [
      'https://evil.example/x',
      'javascript:alert(1)',
      'http://www.sfm.com.evil.example/',
      '//evil.example',
      'http://[bad',
    ]) {
      assert.equal((await payWith(bad)).code, 101, bad)
    }
    const repay = await client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'alipay_pc_direct', success_url: 'https://evil.example/' },
    })
    assert.equal(repay.code, 101)
  })

  test('paying again while 99 makes a new charge; either can complete, only once', async () => {
    const { client, orderId } = await committed()
    const first = (await pay(client, orderId)).data
    const second = (await pay(client, orderId, 'wx_pub_qr')).data
    assert.notEqual(first.id, second.id)
    assert.equal((await client.get('/api/order/get_order_brief_for_pay', { order_id: orderId })).code, 0)
    await complete(client, second.id)
    assert.equal((await orderRow(orderId)).state, 1)
    // The other charge closed with the payment: the cashier refuses it.
    assert.equal((await complete(client, first.id)).code, 101)
    // Money that lands on it all the same is recorded, and given back by the worker.
    await paidAnyway(t, client, first.id)
    const row = await orderRow(orderId)
    assert.equal(row.state, 1)
    assert.equal(await toRefund(orderId), 1)
    assert.equal((await paymentsOf(orderId)).length, 2)
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), orderId), 1)
    assert.equal(await toRefund(orderId), 0)
  })
})

describe('webhook on orders', () => {
  test('the same signed event three times at once: one payment, one state move', async () => {
    const { client, orderId } = await committed()
    const charge = (await pay(client, orderId)).data
    const { body, signature } = await signedPaidEvent(charge)
    const answers = await Promise.all([1, 2, 3].map(() => deliver(t.client(), body, signature)))
    assert.ok(answers.every((a) => a.status === 200 && a.code === 0))
    assert.equal((await paymentsOf(orderId)).length, 1)
    const moves = await t.db
      .selectFrom('operate_log')
      .select('text')
      .where('target_id', '=', orderId)
      .where('text', 'like', '支付成功%')
      .execute()
    assert.equal(moves.length, 1)
    assert.equal((await orderRow(orderId)).state, 1)
  })

  test('a forged or tampered event changes nothing; a replay has no second effect', async () => {
    const { client, orderId } = await committed()
    const charge = (await pay(client, orderId)).data
    const { body, signature } = await signedPaidEvent(charge)
    assert.equal((await deliver(t.client(), body)).status, 401)
    assert.equal((await deliver(t.client(), body.replace('"paid":true', '"paid":false'), signature)).status, 401)
    assert.equal((await deliver(t.client(), body, signature.slice(4))).status, 401)
    assert.equal((await orderRow(orderId)).state, 99)
    assert.equal((await paymentsOf(orderId)).length, 0)
    assert.equal((await deliver(t.client(), body, signature)).code, 0)
    assert.equal((await deliver(t.client(), body, signature)).code, 0)
    assert.equal((await paymentsOf(orderId)).length, 1)
  })

  test('a second event for the same charge is recorded once', async () => {
    const { client, orderId } = await committed()
    const charge = (await pay(client, orderId)).data
    const a = await signedPaidEvent(charge, `evt_a${charge.id}`)
    const b = await signedPaidEvent(charge, `evt_b${charge.id}`)
    await deliver(t.client(), a.body, a.signature)
    await deliver(t.client(), b.body, b.signature)
    assert.equal((await paymentsOf(orderId)).length, 1)
    assert.equal(await toRefund(orderId), 0)
  })

  test('money recorded long after its time of payment marks its day for the overview to sum again', async () => {
    const lateDays = () => t.db.selectFrom('stats_late_days').selectAll().execute()
    const onTime = await committed()
    const prompt = await signedPaidEvent((await pay(onTime.client, onTime.orderId)).data, undefined, nowSeconds() - 5)
    const marks = await lateDays()
    assert.equal((await deliver(t.client(), prompt.body, prompt.signature)).code, 0)
    assert.deepEqual(await lateDays(), marks)
    const late = await committed()
    const paidAt = nowSeconds() - 3 * 86_400
    const { body, signature } = await signedPaidEvent((await pay(late.client, late.orderId)).data, undefined, paidAt)
    assert.equal((await deliver(t.client(), body, signature)).code, 0)
    const day = (await lateDays()).find((d) => Number(d.day) === Math.floor(paidAt / 86_400))
    const before = marks.find((d) => Number(d.day) === Math.floor(paidAt / 86_400))
    assert.equal(Number(day?.generation), Number(before?.generation ?? 0) + 1)
  })

  test('an amount that does not match the order is recorded and flagged, the order stays unpaid', async () => {
    const { client, orderId } = await committed()
    const charge = (await pay(client, orderId)).data
    const { body, signature } = await signedPaidEvent({ ...charge, amount: 1 })
    assert.equal((await deliver(t.client(), body, signature)).code, 0)
    const row = await orderRow(orderId)
    assert.equal(row.state, 99)
    assert.equal(await toRefund(orderId), 1)
    assert.equal((await paymentsOf(orderId))[0]!.amount, 1)
  })

  test('a cancelled order closes its charge; money landing on it anyway is recorded and queued to refund', async () => {
    const { client, orderId, sku } = await committed({ stock: 3 })
    const charge = (await pay(client, orderId)).data
    assert.equal((await client.post('/api/order/cancel_order', { order_id: orderId })).code, 0)
    const refused = await complete(client, charge.id)
    assert.deepEqual([refused.code, refused.body.msg], [101, '支付单已关闭'])
    await paidAnyway(t, client, charge.id)
    const row = await orderRow(orderId)
    assert.equal(row.state, 4)
    assert.equal(await toRefund(orderId), 1)
    assert.equal((await paymentsOf(orderId)).length, 1)
    const refunds = await t.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).execute()
    assert.deepEqual(
      refunds.map((r) => [r.state, r.amount]),
      [['queued', charge.amount]],
    )
    assert.equal(await stockOf(t, sku), 3)
  })

  test('expiry racing the payment: paid, or expired and flagged for refund — never both, never neither', async () => {
    for (let round = 0; round < 4; round++) {
      const { client, orderId, userId } = await committed()
      const charge = (await pay(client, orderId)).data
      const { body, signature } = await signedPaidEvent(charge)
      await t.db
        .updateTable('orders')
        .set({ expire_time: nowSeconds() - 1 })
        .where('order_id', '=', orderId)
        .execute()
      const [delivered] = await Promise.all([deliver(t.client(), body, signature), expireDueOrders(t.db, nowSeconds())])
      assert.equal(delivered.code, 0)
      const row = await orderRow(orderId)
      assert.equal((await paymentsOf(orderId)).length, 1)
      if (row.state === 1) {
        assert.equal(await toRefund(orderId), 0)
        assert.equal((await cardOf(t, userId)).remain_amount, 910000)
      } else {
        assert.equal(row.state, 5)
        assert.equal(await toRefund(orderId), 1)
        assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
      }
    }
  })
})

describe('refunds', () => {
  test('a refunded paid order gives back stock and the credit still owed', async () => {
    const { client, orderId, sku, userId } = await paidOrder({ stock: 4 })
    assert.equal(await stockOf(t, sku), 3)
    const res = await refundOrder(t.app.deps, SYSTEM, orderId, '客户要求')
    assert.equal(res.code, 0)
    const row = await orderRow(orderId)
    assert.equal(row.state, 6)
    assert.ok(row.refund_time)
    assert.equal(await stockOf(t, sku), 4)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:refunded'])
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, 'again')).code, 520)
    assert.equal((await client.get('/api/order/get_order_list', { order_type: 'refund' })).data.pagination.count, 1)
  })

  test('refunding a paid order whose credit was repaid gives back the repayment too', async () => {
    const { client, orderId, userId } = await paidOrder()
    const repay = (await repayCharge(client, orderId)).data
    await complete(client, repay.id)
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, '退货')).code, 0)
    assert.equal((await orderRow(orderId)).state, 6)
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:refunded', 'card:90000:refunded'])
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('money a cancelled order received is given back by the worker, without touching the order', async () => {
    const { client, orderId } = await committed()
    const charge = (await pay(client, orderId)).data
    await client.post('/api/order/cancel_order', { order_id: orderId })
    assert.equal((await complete(client, charge.id)).code, 101)
    await paidAnyway(t, client, charge.id)
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, 'x')).code, 520)
    // Queued with the payment: nothing for a person to ask.
    assert.equal((await refundFlaggedPayments(t.app.deps, SYSTEM, orderId, '订单已取消')).code, 520)
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), orderId), 1)
    assert.equal((await orderRow(orderId)).state, 4)
    assert.equal(await toRefund(orderId), 0)
    assert.equal((await refundFlaggedPayments(t.app.deps, SYSTEM, orderId, 'again')).code, 520)
  })

  test('an order paid twice: only the second payment is given back, and the order stays paid', async () => {
    const { client, orderId, sku, userId } = await committed({ stock: 4 })
    const first = (await pay(client, orderId)).data
    const second = (await pay(client, orderId)).data
    await complete(client, first.id)
    await paidAnyway(t, client, second.id)
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), orderId), 1)
    assert.equal((await orderRow(orderId)).state, 1)
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:none', 'pay:10000:refunded'])
    assert.equal(await stockOf(t, sku), 3)
    assert.equal((await cardOf(t, userId)).remain_amount, 910000)
  })

  test('two operators refunding at once refund once', async () => {
    const { orderId } = await paidOrder()
    const answers = await Promise.all([1, 2, 3].map(() => refundOrder(t.app.deps, SYSTEM, orderId, 'x')))
    assert.equal(answers.filter((a) => a.code === 0).length, 1)
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:refunded'])
  })

  /** Runs `during` after the provider is asked for a refund and before it answers, as with a real channel. */
  async function inRefundGap(during: () => Promise<void>, work: () => Promise<unknown>) {
    const real = t.app.deps.payments
    const refund = real.refund.bind(real)
    t.app.deps.payments = Object.assign(Object.create(real), {
      refund: async (req: Parameters<typeof refund>[0]) => {
        await during()
        return refund(req)
      },
    })
    try {
      return await work()
    } finally {
      t.app.deps.payments = real
    }
  }

  test('while a refund is under way the order neither ships nor takes a repayment', async () => {
    const { client, orderId, sku, userId } = await paidOrder({ stock: 4 })
    const repay = (await repayCharge(client, orderId)).data
    await inRefundGap(
      async () => {
        assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF3', '顺丰')).code, 510)
        assert.equal((await repayCharge(client, orderId)).code, 310)
        // A repayment charge made before the refund still gets paid by the customer meanwhile.
        await complete(client, repay.id)
      },
      () => refundOrder(t.app.deps, SYSTEM, orderId, '退货'),
    )
    const row = await orderRow(orderId)
    assert.equal(row.state, 6)
    assert.equal(row.credit_card_state, 0)
    assert.equal(await stockOf(t, sku), 4)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    // The repayment taken meanwhile was marked when the order became 6, and given back with it.
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:refunded', 'card:90000:refunded'])
    assert.equal(await toRefund(orderId), 0)
  })

  test('a refund the channel refused leaves the order paid and can be asked again', async () => {
    const { client, orderId } = await committed()
    const charge = (await pay(client, orderId)).data
    await complete(client, charge.id)
    await t.db.updateTable('payments').set({ refund_state: 'requested' }).where('order_id', '=', orderId).execute()
    const { privateKey } = await sandboxKeyPair(t.config.dataDir)
    const refused = signed(
      {
        id: `evt_refused_${charge.id}`,
        object: 'event',
        type: 'refund.succeeded',
        created: nowSeconds(),
        data: {
          object: {
            id: `re_${charge.id}`,
            object: 'refund',
            amount: charge.amount,
            succeed: false,
            status: 'failed',
            charge: charge.id,
            charge_order_no: orderId,
            description: 'x',
            metadata: { type: 'order_pay', order_id: orderId },
          },
        },
      },
      privateKey,
    )
    assert.equal((await deliver(t.client(), refused.body, refused.signature)).code, 0)
    assert.equal((await orderRow(orderId)).state, 1)
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:none'])
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, 'again')).code, 0)
    assert.equal((await orderRow(orderId)).state, 6)
  })

  /** A channel whose refunds answer pending and finish later, by the events a test delivers. */
  async function withPendingRefunds(work: (requests: RefundRequest[]) => Promise<void>) {
    const real = t.app.deps.payments
    const requests: RefundRequest[] = []
    t.app.deps.payments = Object.assign(Object.create(real), {
      refund: async (req: RefundRequest) => {
        requests.push(req)
        return {
          id: `re_pending${requests.length}`,
          object: 'refund',
          amount: req.amountFen,
          succeed: false,
          status: 'pending',
          charge: req.chargeId,
          charge_order_no: '',
          description: req.description,
          metadata: req.metadata,
        }
      },
    })
    try {
      await work(requests)
    } finally {
      t.app.deps.payments = real
    }
  }

  let refundSeq = 0
  async function finishRefund(req: RefundRequest, status: 'succeeded' | 'failed') {
    const { privateKey } = await sandboxKeyPair(t.config.dataDir)
    const id = `re_done${++refundSeq}x${req.chargeId}`
    const object = {
      id,
      object: 'refund',
      amount: req.amountFen,
      succeed: status === 'succeeded',
      status,
      charge: req.chargeId,
      charge_order_no: String(req.metadata.order_id),
      description: req.description,
      metadata: req.metadata,
    }
    const { body, signature } = signed(
      { id: `evt_${id}`, object: 'event', type: 'refund.succeeded', created: nowSeconds(), data: { object } },
      privateKey,
    )
    assert.equal((await deliver(t.client(), body, signature)).code, 0)
  }

  test('with a slow channel, repayments are given back only after the order is refunded, by the worker', async () => {
    const { client, orderId, userId } = await paidOrder()
    const repay = (await repayCharge(client, orderId)).data
    await complete(client, repay.id)
    await withPendingRefunds(async (requests) => {
      assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, '退货')).code, 0)
      assert.deepEqual(
        requests.map((r) => r.metadata.type),
        ['order_pay'],
      )
      await finishRefund(requests[0]!, 'succeeded')
      assert.equal((await orderRow(orderId)).state, 6)
      assert.equal(await toRefund(orderId), 1)
      // Queued when the order's refund finished: the worker asks for it, once.
      assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), orderId), 1)
      assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), orderId), 0)
      assert.deepEqual(
        requests.map((r) => r.metadata.type),
        ['order_pay', 'card_pay'],
      )
      assert.equal((await refundFlaggedPayments(t.app.deps, SYSTEM, orderId, '退还款')).code, 520)
      // The channel refuses that one: it stays marked, and can be asked again.
      await finishRefund(requests[1]!, 'failed')
      assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:refunded', 'card:90000:none'])
      assert.equal(await toRefund(orderId), 1)
      assert.equal((await refundFlaggedPayments(t.app.deps, SYSTEM, orderId, '再退')).code, 0)
      await finishRefund(requests[2]!, 'succeeded')
    })
    assert.equal(await toRefund(orderId), 0)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('with a slow channel, a refused refund leaves a repaid order whole and free to ship', async () => {
    const { client, orderId, userId } = await paidOrder()
    const repay = (await repayCharge(client, orderId)).data
    await complete(client, repay.id)
    await withPendingRefunds(async (requests) => {
      assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, '退货')).code, 0)
      assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF4', '顺丰')).code, 510)
      await finishRefund(requests[0]!, 'failed')
    })
    assert.deepEqual(await refundedAmounts(orderId), ['pay:10000:none', 'card:90000:none'])
    assert.equal(await toRefund(orderId), 0)
    assert.equal((await shipOrder(t.app.deps, SYSTEM, orderId, 'SF4', '顺丰')).code, 0)
    const row = await orderRow(orderId)
    assert.equal(row.credit_card_state, 1)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('shipping racing a refund: shipped with the money kept, or refunded — never both', async () => {
    for (let round = 0; round < 6; round++) {
      const { client, orderId } = await committed()
      await complete(client, (await pay(client, orderId)).data.id)
      const [shipped, refunded] = await Promise.all([
        shipOrder(t.app.deps, SYSTEM, orderId, 'SF5', '顺丰'),
        refundOrder(t.app.deps, SYSTEM, orderId, 'x'),
      ])
      assert.notEqual(shipped.code === 0, refunded.code === 0)
      const row = await orderRow(orderId)
      assert.deepEqual(await refundedAmounts(orderId), [shipped.code === 0 ? 'pay:10000:none' : 'pay:10000:refunded'])
      assert.equal(row.state, shipped.code === 0 ? 2 : 6)
    }
  })

  test('refusals: unpaid order 520, missing order 218', async () => {
    const { orderId } = await committed()
    assert.equal((await refundOrder(t.app.deps, SYSTEM, orderId, 'x')).code, 520)
    assert.equal((await refundFlaggedPayments(t.app.deps, SYSTEM, orderId, 'x')).code, 520)
    assert.equal((await refundOrder(t.app.deps, SYSTEM, '1', 'x')).code, 218)
  })
})

describe('credit card pay', () => {
  test("310 for an unpaid order, one paid in full, someone else's, or a missing one", async () => {
    const { client, orderId } = await committed()
    const cardPay = (c: Client, order_id: string) =>
      c.post('/api/credit_card/pay', { pay_params: { order_id, channel: 'alipay_pc_direct' } })
    assert.equal((await cardPay(client, orderId)).code, 310)
    await complete(client, (await pay(client, orderId)).data.id)
    const stranger = await signUp(t)
    assert.equal((await cardPay(stranger.client, orderId)).code, 310)
    assert.equal((await cardPay(client, '999')).code, 310)
    assert.equal(
      (await client.post('/api/credit_card/pay', { pay_params: { order_id: orderId, channel: 'card' } })).code,
      101,
    )
    const full = await committed({ price: 10000, first: 10000 })
    await complete(full.client, (await pay(full.client, full.orderId)).data.id)
    assert.equal((await cardPay(full.client, full.orderId)).code, 310)
    assert.equal((await cardPay(client, orderId)).code, 0)
  })

  test('a debt stays payable after the customer deleted its finished order', async () => {
    const { client, orderId, userId } = await paidOrder()
    await shipOrder(t.app.deps, SYSTEM, orderId, 'SF2', '顺丰')
    await client.post('/api/order/confirm_order', { order_id: orderId })
    assert.equal((await client.post('/api/order/delete_order', { order_id: orderId })).code, 0)
    const repay = await repayCharge(client, orderId)
    assert.equal(repay.code, 0)
    await complete(client, repay.data.id)
    assert.equal((await orderRow(orderId)).credit_card_state, 1)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('a debt repaid closes its other repayment charges; money that lands on one is given back alone', async () => {
    const { client, orderId, userId } = await paidOrder()
    const a = (await repayCharge(client, orderId)).data
    const b = (await repayCharge(client, orderId)).data
    assert.equal((await complete(client, a.id)).code, 0)
    assert.equal((await complete(client, b.id)).code, 101)
    await paidAnyway(t, client, b.id)
    assert.equal((await orderRow(orderId)).credit_card_state, 1)
    assert.equal(await toRefund(orderId), 1)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), orderId), 1)
    assert.deepEqual((await refundedAmounts(orderId)).sort(), [
      'card:90000:none',
      'card:90000:refunded',
      'pay:10000:none',
    ])
    assert.equal((await orderRow(orderId)).state, 1)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })
})
