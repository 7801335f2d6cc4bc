import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { advanceRefunds } from '../../../src/modules/payment/index.ts'
import { PaymentError, type Refund, type RefundRequest } from '../../../src/providers/payment/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import { FakePingpp, send } from '../../providers/payment/fake-pingpp.ts'
import { deliver, pingppEnv, signed, tempDir, writeKeyPair, type TestKeys } from '../../providers/payment/fixtures.ts'
import { addAddress, assertReconciled, buySku, cardOf, makeSku, stockOf } from '../../shop.ts'
import { applied, orderAt, orderRow, outboxOf, requestRow } from './helpers.ts'

// An after-sale refund goes through the order's one refund path: a provider that refuses it, or
// does not answer, leaves the request where it was, to be retried by the operator or the worker;
// a repaid order gives back its repayments too; Ping++ as well as the sandbox.

const paymentStates = async (t: TestApp, orderId: string) =>
  (
    await t.db
      .selectFrom('payments')
      .select(['target_type', 'refund_state'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute()
  ).map((p) => `${p.target_type}:${p.refund_state}`)

describe('on the sandbox', () => {
  let t: TestApp
  let op: TestAdmin
  before(async () => {
    t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
    op = await makeAdmin(t, 'operator')
  })
  afterEach(() => assertReconciled(t))
  after(() => t.close())

  /** The app's provider, but its next refund requests answered by `answers` in turn (then the real one's). */
  async function refusing<T>(answers: PaymentError[], work: (asks: RefundRequest[]) => Promise<T>): Promise<T> {
    const real = t.app.deps.payments
    const asks: RefundRequest[] = []
    t.app.deps.payments = Object.assign(Object.create(real), {
      refund: async (req: RefundRequest): Promise<Refund> => {
        asks.push(req)
        const answer = answers[asks.length - 1]
        if (answer) throw answer
        return real.refund(req)
      },
    })
    try {
      return await work(asks)
    } finally {
      t.app.deps.payments = real
    }
  }

  const returnReceived = async (o: { client: Client; orderId: string }) => {
    const id = await applied(o.client, o.orderId, 'return')
    assert.equal((await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })).code, 0)
    return id
  }

  test('refused by the provider: the goods stay received, the operator retries, it is refunded once', async () => {
    const o = await orderAt(t, op, 'complete')
    const stock = await stockOf(t, o.sku)
    const id = await returnReceived(o)
    const refused = new PaymentError('rejected', 'channel said no', 400, '渠道暂不支持退款')
    await refusing([refused], async () => {
      const got = await op.client.post('/api/after_sale/receive', { after_sale_id: id })
      assert.equal(got.code, 0)
      assert.match(got.data.refund_error, /渠道暂不支持退款/)
      assert.equal(got.data.after_sale.state, 2)
    })
    assert.equal(await stockOf(t, o.sku), stock + 1)
    assert.equal((await orderRow(t, o.orderId)).state, 3)
    assert.deepEqual(await paymentStates(t, o.orderId), ['pay:none'])
    assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code, 551)
    assert.equal((await op.client.post('/api/order/refund', { order_id: o.orderId, reason: 'x' })).code, 520)

    const retried = await op.client.post('/api/after_sale/refund', { after_sale_id: id })
    assert.equal(retried.code, 0, JSON.stringify(retried.body))
    assert.equal(retried.data.after_sale.state, 3)
    assert.equal((await orderRow(t, o.orderId)).state, 6)
    assert.equal(await stockOf(t, o.sku), stock + 1, 'not again on the refund')
    assert.deepEqual(await paymentStates(t, o.orderId), ['pay:refunded'])
    const refunds = await t.db.selectFrom('refunds').select('state').where('order_id', '=', o.orderId).execute()
    assert.deepEqual(
      refunds.map((r) => r.state),
      ['failed', 'succeeded'],
    )
    assert.equal((await op.client.post('/api/after_sale/refund', { after_sale_id: id })).code, 551)
  })

  test('refused outright on retry as well: 102 with the provider’s words, the request still waits', async () => {
    const o = await orderAt(t, op, 'paid')
    const id = await applied(o.client, o.orderId, 'refund')
    const no = () => new PaymentError('rejected', 'no', 400, '余额不足')
    await refusing([no(), no()], async () => {
      const reviewed = await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })
      assert.match(reviewed.data.refund_error, /余额不足/)
      const again = await op.client.post('/api/after_sale/refund', { after_sale_id: id })
      assert.equal(again.code, 102)
      assert.match(again.body.msg, /余额不足/)
    })
    assert.equal((await requestRow(t, id)).state, 1)
    assert.equal((await orderRow(t, o.orderId)).state, 1)
    assert.equal((await op.client.post('/api/after_sale/refund', { after_sale_id: id })).code, 0)
    assert.equal((await requestRow(t, id)).state, 3)
  })

  test('no answer from the provider: the worker asks again later and the request is refunded then', async () => {
    const o = await orderAt(t, op, 'paid')
    const id = await applied(o.client, o.orderId, 'refund')
    await refusing([new PaymentError('network', 'reset')], async (asks) => {
      await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })
      assert.equal(asks.length, 1)
    })
    assert.equal((await requestRow(t, id)).state, 1)
    assert.deepEqual(await paymentStates(t, o.orderId), ['pay:requested'])
    assert.equal((await op.client.post('/api/after_sale/refund', { after_sale_id: id })).code, 520, 'under way')
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds() + 3600), 1)
    assert.equal((await requestRow(t, id)).state, 3)
    assert.equal((await orderRow(t, o.orderId)).state, 6)
  })

  test('a repaid order’s return gives back the first payment and the repayment; the card is whole again', async () => {
    const o = await orderAt(t, op, 'shipped')
    const repay = await o.client.post('/api/credit_card/pay', {
      pay_params: { order_id: o.orderId, channel: 'alipay_pc_direct' },
    })
    assert.equal(repay.code, 0, JSON.stringify(repay.body))
    await o.client.post('/api/sandbox/complete', { charge_id: repay.data.id, outcome: 'succeeded' })
    assert.equal((await orderRow(t, o.orderId)).credit_card_state, 1)
    const id = await returnReceived(o)
    await op.client.post('/api/after_sale/receive', { after_sale_id: id })
    assert.equal((await requestRow(t, id)).state, 3)
    assert.equal((await orderRow(t, o.orderId)).state, 6)
    assert.deepEqual(await paymentStates(t, o.orderId), ['pay:refunded', 'card:refunded'])
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
    const done = (await outboxOf(t, o.mobile)).find((m) => m.template === 'refund_done')
    assert.deepEqual(done?.params, { order_id: o.orderId, amount: 100000 }, 'everything paid for it')
  })

  test('a return after a repayment in part: first payment and the part back, the debt closed, the card whole', async () => {
    const o = await orderAt(t, op, 'complete')
    const part = await o.client.post('/api/credit_card/pay', {
      pay_params: { order_id: o.orderId, channel: 'alipay_pc_direct', amount: 30000 },
    })
    assert.equal(part.code, 0, JSON.stringify(part.body))
    await o.client.post('/api/sandbox/complete', { charge_id: part.data.id, outcome: 'succeeded' })
    const id = await returnReceived(o)
    await op.client.post('/api/after_sale/receive', { after_sale_id: id })
    assert.equal((await requestRow(t, id)).state, 3)
    assert.deepEqual(await paymentStates(t, o.orderId), ['pay:refunded', 'card:refunded'])
    const debt = await t.db
      .selectFrom('credit_debts')
      .select('state')
      .where('order_id', '=', o.orderId)
      .executeTakeFirstOrThrow()
    assert.equal(debt.state, 'closed')
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
    const done = (await outboxOf(t, o.mobile)).find((m) => m.template === 'refund_done')
    assert.deepEqual(done?.params, { order_id: o.orderId, amount: 40000 })
  })
})

describe('on Ping++', () => {
  let t: TestApp
  let op: TestAdmin
  let fake: FakePingpp
  let webhookKeys: TestKeys
  let seq = 0
  before(async () => {
    fake = new FakePingpp()
    await fake.start()
    const dir = tempDir()
    webhookKeys = writeKeyPair(dir, 'pingpp')
    t = await testApp({
      ...pingppEnv(dir, webhookKeys.publicPath),
      PINGPP_API_BASE: fake.base,
      CREDIT_DEFAULT_AMOUNT: '1000000',
    })
    op = await makeAdmin(t, 'operator')
  })
  afterEach(() => assertReconciled(t))
  after(async () => {
    try {
      await t.close()
    } finally {
      await fake.stop()
    }
  })

  /** Signed by "Ping++" and delivered to the webhook, as Ping++ does. */
  async function event(type: string, object: object): Promise<void> {
    const { body, signature } = signed(
      { id: `evt_as${++seq}`, object: 'event', type, created: nowSeconds(), data: { object } },
      webhookKeys.privateKey,
    )
    const res = await deliver(t.client(), body, signature)
    assert.equal(res.code, 0, JSON.stringify(res.body))
  }

  const refundObject = (id: string, chargeId: string, amount: number, status: 'pending' | 'succeeded') => ({
    id,
    object: 'refund',
    amount,
    succeed: status === 'succeeded',
    status,
    charge: chargeId,
    charge_order_no: '',
    description: '',
    metadata: { type: 'order_pay' },
    failure_msg: null,
  })

  /** A customer's order paid through Ping++: the charge made, then its charge.succeeded event. */
  async function paidOrder() {
    const c = await signUp(t)
    const sku = await makeSku(t, { stock: 10 })
    const orderId = (await buySku(c.client, await addAddress(c.client), sku, 1, 10000)).data as string
    const charge = (await c.client.post('/api/order/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr' } }))
      .data
    await event('charge.succeeded', {
      ...charge,
      paid: true,
      time_paid: nowSeconds(),
      transaction_no: `wx${++seq}`,
    })
    assert.equal((await orderRow(t, orderId)).state, 1)
    return { ...c, orderId, sku, chargeId: charge.id as string }
  }

  test('an approved refund is asked of Ping++, refused once (400), retried, and finished by its webhook', async () => {
    const o = await paidOrder()
    const stock = await stockOf(t, o.sku)
    const id = await applied(o.client, o.orderId, 'refund')
    fake.refundAnswer = (res) => send(res, 400, { error: { type: 'invalid_request_error', message: '可退金额不足' } })
    const reviewed = await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })
    assert.equal(reviewed.code, 0)
    assert.notEqual(reviewed.data.refund_error, '')
    assert.equal((await requestRow(t, id)).state, 1)

    fake.refundAnswer = (res, body, chargeId) =>
      send(res, 200, refundObject('re_as1', chargeId, body.amount, 'pending'))
    const retried = await op.client.post('/api/after_sale/refund', { after_sale_id: id })
    assert.equal(retried.code, 0, JSON.stringify(retried.body))
    assert.equal(retried.data.after_sale.state, 1, 'pending at Ping++')
    assert.deepEqual(fake.refundAsks.slice(-2), [o.chargeId, o.chargeId])

    await event('refund.succeeded', refundObject('re_as1', o.chargeId, 10000, 'succeeded'))
    assert.equal((await requestRow(t, id)).state, 3)
    assert.equal((await orderRow(t, o.orderId)).state, 6)
    assert.equal(await stockOf(t, o.sku), stock + 1)
    await event('refund.succeeded', refundObject('re_as1', o.chargeId, 10000, 'succeeded'))
    assert.equal(await stockOf(t, o.sku), stock + 1, 'a second delivery changes nothing')
  })

  test('a return on Ping++: received, refund pending, done by the webhook: stock back once, order 6', async () => {
    const o = await paidOrder()
    await op.client.post('/api/order/send_out', { order_id: o.orderId, logistics: '顺丰', logistics_id: 'SF7' })
    const stock = await stockOf(t, o.sku)
    const id = await applied(o.client, o.orderId, 'return')
    await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 1 })
    fake.refundAnswer = (res, body, chargeId) =>
      send(res, 200, refundObject('re_as2', chargeId, body.amount, 'pending'))
    const got = await op.client.post('/api/after_sale/receive', { after_sale_id: id })
    assert.equal(got.data.after_sale.state, 2)
    assert.equal(await stockOf(t, o.sku), stock + 1)
    await event('refund.succeeded', refundObject('re_as2', o.chargeId, 10000, 'succeeded'))
    assert.equal((await requestRow(t, id)).state, 3)
    assert.equal((await orderRow(t, o.orderId)).state, 6)
    assert.equal(await stockOf(t, o.sku), stock + 1)
  })
})
