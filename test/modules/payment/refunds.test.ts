import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import type { RefundRow } from '../../../src/db/types.ts'
import { SYSTEM } from '../../../src/modules/oplog/index.ts'
import { refundOrder, shipOrder } from '../../../src/modules/order/index.ts'
import { advanceRefunds, MAX_REFUND_ATTEMPTS, refundBackoffSeconds } from '../../../src/modules/payment/refunds.ts'
import { PaymentError, type Refund, type RefundRequest } from '../../../src/providers/payment/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { sandboxKeyPair } from '../../../src/providers/payment/signing.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { deliver, signed } from '../../providers/payment/fixtures.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { assertReconciled, cardOf, customerOrder, paidAnyway, stockOf } from '../../shop.ts'

// Refunds that finish: one pending at the provider is followed up by the worker with backoff
// until it succeeds or fails for good; a failure stays in the order's detail.

let t: TestApp
let op: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  op = await makeAdmin(t, 'operator')
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
const refundRows = (orderId: string): Promise<RefundRow[]> =>
  t.db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
const paymentStates = async (orderId: string) =>
  (
    await t.db
      .selectFrom('payments')
      .select(['target_type', 'refund_state'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute()
  ).map((p) => `${p.target_type}:${p.refund_state}`)

type Answer = 'pending' | 'succeeded' | 'failed' | PaymentError

/**
 * A channel that answers refunds as told: `asks` answers each refund request in turn, `looks`
 * each look-up; a 'succeeded' or 'failed' answer is what the channel would say of it. Answers
 * beyond the lists are the real sandbox's (for asks) or an error (for looks).
 */
async function withChannel(
  script: { asks?: Answer[]; looks?: Answer[] },
  work: (calls: { asks: RefundRequest[]; looks: string[] }) => Promise<void>,
) {
  const real = t.app.deps.payments
  const calls = { asks: [] as RefundRequest[], looks: [] as string[] }
  const refundObject = (
    req: { chargeId: string; amountFen: number },
    id: string,
    status: 'pending' | 'succeeded' | 'failed',
  ): Refund => ({
    id,
    object: 'refund',
    amount: req.amountFen,
    succeed: status === 'succeeded',
    status,
    charge: req.chargeId,
    charge_order_no: '',
    description: '',
    metadata: { type: 'order_pay' },
    failure_msg: status === 'failed' ? '银行卡已注销' : null,
  })
  const amounts = new Map<string, number>()
  t.app.deps.payments = Object.assign(Object.create(real), {
    refund: async (req: RefundRequest) => {
      calls.asks.push(req)
      const answer = script.asks?.[calls.asks.length - 1]
      if (answer === undefined) return real.refund(req)
      if (answer instanceof PaymentError) throw answer
      amounts.set(`re_ch${calls.asks.length}`, req.amountFen)
      return refundObject(req, `re_ch${calls.asks.length}`, answer)
    },
    retrieveRefund: async (chargeId: string, refundId: string) => {
      calls.looks.push(refundId)
      const answer = script.looks?.[calls.looks.length - 1]
      if (answer === undefined) throw new PaymentError('network', 'no answer')
      if (answer instanceof PaymentError) throw answer
      return refundObject({ chargeId, amountFen: amounts.get(refundId) ?? 0 }, refundId, answer)
    },
  })
  try {
    await work(calls)
  } finally {
    t.app.deps.payments = real
  }
}

describe('a refund pending at the provider', () => {
  test('is looked up by the worker with backoff until it succeeds: then the order is refunded, once', async () => {
    const o = await customerOrder(t)
    await withChannel({ asks: ['pending'], looks: ['pending', 'succeeded'] }, async (calls) => {
      const start = nowSeconds()
      const res = await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '退货' })
      assert.equal(res.code, 0)
      assert.deepEqual(
        res.data.refunds.map((r: RefundRow) => [r.state, r.refund_id]),
        [['pending', 're_ch1']],
      )
      assert.equal((await orderRow(o.orderId)).state, 1)
      assert.equal((await shipOrder(t.app.deps, SYSTEM, o.orderId, 'SF1', '顺丰')).code, 510)

      // Not due yet: nothing is asked.
      assert.equal(await advanceRefunds(t.app.deps, start), 0)
      const firstLook = (await refundRows(o.orderId))[0]!.next_attempt_at
      assert.ok(firstLook >= start + refundBackoffSeconds(1))
      assert.equal(await advanceRefunds(t.app.deps, firstLook), 1)
      assert.deepEqual(calls.looks, ['re_ch1'])
      const secondLook = (await refundRows(o.orderId))[0]!.next_attempt_at
      assert.equal(secondLook, firstLook + refundBackoffSeconds(2))
      assert.equal(await advanceRefunds(t.app.deps, secondLook - 1), 0)
      assert.equal(await advanceRefunds(t.app.deps, secondLook), 1)
      assert.equal(await advanceRefunds(t.app.deps, secondLook + 86400), 0)
      assert.equal(calls.asks.length, 1)
    })
    const [refund] = await refundRows(o.orderId)
    assert.deepEqual([refund!.state, refund!.attempts, refund!.refund_id], ['succeeded', 3, 're_ch1'])
    assert.equal((await orderRow(o.orderId)).state, 6)
    assert.equal(await stockOf(t, o.sku), 10)
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
    assert.deepEqual(await paymentStates(o.orderId), ['pay:refunded'])
  })

  test('that fails for good is shown in the order’s detail and history; the order stays paid and can be refunded again', async () => {
    const o = await customerOrder(t)
    await withChannel({ asks: ['pending'], looks: ['failed'] }, async () => {
      assert.equal((await refundOrder(t.app.deps, SYSTEM, o.orderId, '退货')).code, 0)
      assert.equal(await advanceRefunds(t.app.deps, nowSeconds() + 3600), 1)
    })
    const detail = (await op.client.get('/api/order/detail', { order_id: o.orderId })).data
    assert.equal(detail.order_info.state, 1)
    assert.equal(detail.pay_info.refund_state, 'none')
    assert.deepEqual(
      detail.pay_info.refunds.map((r: RefundRow) => [r.state, r.last_error]),
      [['failed', '银行卡已注销']],
    )
    assert.match(detail.order_log_infos.at(-1).text, /^退款失败 .*银行卡已注销$/)
    const failed = await op.client.get('/api/payment/refund_list', { state: 'failed', order_id: o.orderId })
    assert.deepEqual(
      failed.data.refunds.map((r: RefundRow) => r.order_id),
      [o.orderId],
    )
    // Asked again, through the sandbox this time: it succeeds, and the failure stays on record.
    assert.equal((await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '再退' })).code, 0)
    assert.deepEqual(
      (await refundRows(o.orderId)).map((r) => r.state),
      ['failed', 'succeeded'],
    )
    assert.equal((await orderRow(o.orderId)).state, 6)
  })

  test('two workers at once look it up once', async () => {
    const o = await customerOrder(t)
    await withChannel({ asks: ['pending'], looks: ['succeeded', 'succeeded', 'succeeded'] }, async (calls) => {
      await refundOrder(t.app.deps, SYSTEM, o.orderId, '退货')
      const due = nowSeconds() + 3600
      const counts = await Promise.all([1, 2, 3].map(() => advanceRefunds(t.app.deps, due)))
      assert.equal(calls.looks.length, 1, String(counts))
    })
    assert.equal((await orderRow(o.orderId)).state, 6)
  })
})

test('refund_list: by state and order; bad filters answer 400', async () => {
  const o = await customerOrder(t)
  await refundOrder(t.app.deps, SYSTEM, o.orderId, '退货')
  const list = (q: Record<string, unknown>) => op.client.get('/api/payment/refund_list', q)
  const done = await list({ state: 'succeeded', order_id: o.orderId })
  assert.deepEqual(
    done.data.refunds.map((r: RefundRow) => [r.order_id, r.amount]),
    [[o.orderId, 10000]],
  )
  assert.deepEqual(done.data.pagination, { total: 1, page: 1, count: 10 })
  assert.equal((await list({ state: 'open', order_id: o.orderId })).data.refunds.length, 0)
  assert.equal((await list({ order_id: '' })).code, 0)
  for (const q of [{ state: 'lost' }, { order_id: 'abc' }, { page: 0 }, { count: 10000 }])
    assert.equal((await list(q)).status, 400, JSON.stringify(q))
})

describe('a refund the provider did not answer', () => {
  test('is asked again by the worker, and the order stays locked against shipping meanwhile', async () => {
    const o = await customerOrder(t)
    await withChannel({ asks: [new PaymentError('timeout', 'Ping++ did not answer')] }, async (calls) => {
      const res = await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '退货' })
      assert.equal(res.code, 0)
      assert.deepEqual(
        res.data.refunds.map((r: RefundRow) => r.state),
        ['queued'],
      )
      assert.match(res.data.refunds[0].last_error, /超时/)
      assert.equal((await shipOrder(t.app.deps, SYSTEM, o.orderId, 'SF1', '顺丰')).code, 510)
      assert.equal((await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '又退' })).code, 520)
      // The second ask goes to the sandbox, which refunds at once.
      assert.equal(await advanceRefunds(t.app.deps, nowSeconds() + refundBackoffSeconds(1)), 1)
      assert.equal(calls.asks.length, 2)
    })
    assert.deepEqual(
      (await refundRows(o.orderId)).map((r) => [r.state, r.attempts]),
      [['succeeded', 2]],
    )
    assert.equal((await orderRow(o.orderId)).state, 6)
  })

  test(`is given up as failed after ${MAX_REFUND_ATTEMPTS} attempts, and the payment freed`, async () => {
    const o = await customerOrder(t)
    const timeouts = Array.from({ length: MAX_REFUND_ATTEMPTS }, () => new PaymentError('network', 'down'))
    await withChannel({ asks: timeouts }, async (calls) => {
      await refundOrder(t.app.deps, SYSTEM, o.orderId, '退货')
      let now = nowSeconds()
      for (let i = 1; i < MAX_REFUND_ATTEMPTS; i++) {
        now += 3600
        assert.equal(await advanceRefunds(t.app.deps, now), 1)
      }
      assert.equal(calls.asks.length, MAX_REFUND_ATTEMPTS)
      assert.equal(await advanceRefunds(t.app.deps, now + 86400), 0)
    })
    const [refund] = await refundRows(o.orderId)
    assert.equal(refund!.state, 'failed')
    assert.match(refund!.last_error, /^20次尝试均未成功/)
    assert.deepEqual(await paymentStates(o.orderId), ['pay:none'])
    assert.equal((await shipOrder(t.app.deps, SYSTEM, o.orderId, 'SF1', '顺丰')).code, 0)
  })

  test('a refusal is 102 with the provider’s words, and stays on record', async () => {
    const o = await customerOrder(t)
    await withChannel(
      { asks: [new PaymentError('rejected', 'Ping++ answered 400', 400, '该笔交易已超过可退款期限')] },
      async () => {
        const res = await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '退货' })
        assert.equal(res.code, 102)
        assert.match(res.body.msg, /该笔交易已超过可退款期限/)
      },
    )
    assert.deepEqual(
      (await refundRows(o.orderId)).map((r) => r.state),
      ['failed'],
    )
    assert.deepEqual(await paymentStates(o.orderId), ['pay:none'])
  })

  test('one refusal does not keep the other payments from being given back; refund_flagged asks again', async () => {
    const o = await customerOrder(t, { paid: false })
    const pay = () =>
      o.client.post('/api/order/pay', { pay_params: { order_id: o.orderId, channel: 'alipay_pc_direct' } })
    const charges = [(await pay()).data.id, (await pay()).data.id]
    await o.client.post('/api/order/cancel_order', { order_id: o.orderId })
    for (const id of charges) await paidAnyway(t, o.client, id)
    await withChannel(
      { asks: [new PaymentError('rejected', 'Ping++ answered 400', 400, '渠道维护中')] },
      async (calls) => {
        assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), o.orderId), 2)
        assert.equal(calls.asks.length, 2)
      },
    )
    assert.deepEqual(
      (await refundRows(o.orderId)).map((r) => r.state),
      ['failed', 'succeeded'],
    )
    assert.deepEqual(await paymentStates(o.orderId), ['pay:none', 'pay:refunded'])
    // Failed for good: a person asks again, from the order's page.
    assert.equal(
      (await op.client.post('/api/order/refund_flagged', { order_id: o.orderId, reason: '订单已取消' })).code,
      0,
    )
    assert.deepEqual(await paymentStates(o.orderId), ['pay:refunded', 'pay:refunded'])
  })
})

/** Ping++'s refund.succeeded for a refund it was asked for, signed as the sandbox signs (the app's webhook key). */
async function deliverRefundSucceeded(row: RefundRow, req: RefundRequest) {
  const { privateKey } = await sandboxKeyPair(t.config.dataDir)
  const object = {
    id: row.refund_id,
    object: 'refund',
    amount: row.amount,
    succeed: true,
    status: 'succeeded',
    charge: req.chargeId,
    charge_order_no: row.order_id,
    description: '',
    metadata: req.metadata,
  }
  const { body, signature } = signed(
    {
      id: `evt_${row.refund_id}_${row.id}`,
      object: 'event',
      type: 'refund.succeeded',
      created: nowSeconds(),
      data: { object },
    },
    privateKey,
  )
  assert.equal((await deliver(t.client(), body, signature)).code, 0)
}

describe('a repayment refunded with its order', () => {
  test('is given back exactly once, however the order’s refund is learned of', async () => {
    const o = await customerOrder(t)
    const repay = (
      await o.client.post('/api/credit_card/pay', { pay_params: { order_id: o.orderId, channel: 'alipay_pc_direct' } })
    ).data
    await o.client.post('/api/sandbox/complete', { charge_id: repay.id, outcome: 'succeeded' })
    await withChannel(
      { asks: ['pending', 'pending'], looks: ['succeeded', 'succeeded', 'succeeded', 'succeeded'] },
      async (calls) => {
        await refundOrder(t.app.deps, SYSTEM, o.orderId, '退货')
        // Two workers and the provider's webhook learn at once that the order's refund succeeded;
        // the repayment is queued once and asked for once.
        const due = nowSeconds() + 3600
        const [orderRefund] = await refundRows(o.orderId)
        await Promise.all([
          advanceRefunds(t.app.deps, due),
          advanceRefunds(t.app.deps, due),
          deliverRefundSucceeded(orderRefund!, calls.asks[0]!),
        ])
        await advanceRefunds(t.app.deps, due)
        assert.equal(calls.asks.filter((r) => r.metadata.type === 'card_pay').length, 1)
        await advanceRefunds(t.app.deps, due + 3600)
      },
    )
    assert.deepEqual(
      (await refundRows(o.orderId)).map((r) => r.state),
      ['succeeded', 'succeeded'],
    )
    assert.deepEqual(await paymentStates(o.orderId), ['pay:refunded', 'card:refunded'])
    assert.equal((await orderRow(o.orderId)).state, 6)
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
  })
})
