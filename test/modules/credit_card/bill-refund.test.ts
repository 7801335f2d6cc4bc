import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { openShareRefund } from '../../../src/modules/payment/refund-repo.ts'
import { advanceRefunds } from '../../../src/modules/payment/refunds.ts'
import { findLedgerMismatches } from '../../../src/modules/credit_card/reconcile.ts'
import { PaymentError, type Refund, type RefundRequest } from '../../../src/providers/payment/index.ts'
import { logOf, makeAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { clock, debtOf, debtor, payBill, resetClock } from '../../credit.ts'
import { assertReconciled, cardOf } from '../../shop.ts'

// A refunded order gets back its share of a bill payment (one charge over several debts): a partial
// refund of that charge, each order's share once, never more than the payment in total.
let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(async () => {
  resetClock()
  await assertReconciled(t)
})
after(() => t.close())

async function refundByAdmin(orderId: string) {
  const admin = await makeAdmin(t, 'operator')
  return admin.client.post('/api/order/refund', { order_id: orderId, reason: '退货' })
}

/** Three debts of ¥1 000 and one bill payment of ¥2 500 over them: shares 100 000, 100 000, 50 000. */
async function billOverThree() {
  const c = await debtor(t, { orders: 3 })
  const charge = await payBill(c.client, 250000)
  const payment = await t.db
    .selectFrom('payments')
    .selectAll()
    .where('channel_water_id', '=', charge.id)
    .executeTakeFirstOrThrow()
  const shares = new Map<string, number>()
  for (const id of c.orderIds) {
    const d = await debtOf(t, id)
    shares.set(id, d.principal_repaid + d.fee_repaid)
  }
  assert.deepEqual([...shares.values()].sort(), [100000, 100000, 50000].sort())
  return { ...c, payment, shares }
}

const sharesOf = (paymentId: number) =>
  t.db
    .selectFrom('refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .where('share', '=', 1)
    .orderBy('id')
    .execute()

describe('refunding an order paid by a bill payment', () => {
  test('its share comes back; the other debts are untouched; a second order its share too', async () => {
    const c = await billOverThree()
    const [first, second, third] = c.orderIds as [string, string, string]
    assert.equal((await refundByAdmin(first)).code, 0)
    let rows = await sharesOf(c.payment.id)
    assert.deepEqual(
      rows.map((r) => [r.order_id, r.amount, r.state]),
      [[first, c.shares.get(first), 'succeeded']],
    )
    assert.equal((await debtOf(t, first)).state, 'closed')
    for (const id of [second, third]) {
      const d = await debtOf(t, id)
      assert.equal(d.principal_repaid + d.fee_repaid, c.shares.get(id))
      assert.notEqual(d.state, 'closed')
    }
    const log = await logOf(t, 'order', first)
    const done = log.find((l) => l.text.startsWith('账单还款部分退款完成'))
    assert.ok(done, JSON.stringify(log.map((l) => l.text)))
    assert.deepEqual(JSON.parse(done.amounts), [{ label: '金额', fen: c.shares.get(first) }])
    assert.ok(!log.some((l) => l.text.includes('人工')))
    const bill = await t.db.selectFrom('payments').selectAll().where('id', '=', c.payment.id).executeTakeFirstOrThrow()
    assert.equal(bill.refund_state, 'none', 'the bill payment itself stays paid: it still pays the others')

    assert.equal((await refundByAdmin(third)).code, 0)
    rows = await sharesOf(c.payment.id)
    assert.deepEqual(
      rows.map((r) => [r.order_id, r.amount, r.state]),
      [
        [first, c.shares.get(first), 'succeeded'],
        [third, c.shares.get(third), 'succeeded'],
      ],
    )
    assert.ok(rows.reduce((s, r) => s + r.amount, 0) <= c.payment.amount)
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000 - (c.shares.get(second) === 100000 ? 0 : 50000))
  })

  test('two refunds racing: each order’s share once, the same order’s once', async () => {
    const c = await billOverThree()
    const [first, second] = c.orderIds as [string, string]
    const answers = await Promise.all([refundByAdmin(first), refundByAdmin(first), refundByAdmin(second)])
    assert.equal(answers.filter((a) => a.code === 0).length >= 2, true, JSON.stringify(answers.map((a) => a.body)))
    const rows = await sharesOf(c.payment.id)
    assert.deepEqual(rows.map((r) => r.order_id).sort(), [first, second].sort())
    assert.ok(rows.every((r) => r.state === 'succeeded' && r.amount === c.shares.get(r.order_id)))
  })

  test('a provider that fails to answer, then succeeds when the worker asks again', async () => {
    const c = await billOverThree()
    const [first] = c.orderIds as [string]
    const real = t.app.deps.payments
    let refused = 0
    t.app.deps.payments = Object.assign(Object.create(real), {
      refund: async (req: RefundRequest) => {
        if (req.metadata.bill_share === '1' && refused++ === 0) throw new PaymentError('network', 'down')
        return real.refund(req)
      },
    })
    try {
      assert.equal((await refundByAdmin(first)).code, 0)
      let [row] = await sharesOf(c.payment.id)
      assert.equal(row?.state, 'queued')
      assert.ok(row?.last_error)
      await advanceRefunds(t.app.deps, clock.now() + 3600)
      ;[row] = await sharesOf(c.payment.id)
      assert.deepEqual([row?.state, row?.amount], ['succeeded', c.shares.get(first)])
    } finally {
      t.app.deps.payments = real
    }
  })

  test('with a channel that answers later (as Ping++ does): done once the worker has looked it up', async () => {
    const c = await billOverThree()
    const [first] = c.orderIds as [string]
    const real = t.app.deps.payments
    const asked = new Map<string, RefundRequest>()
    const refund = (req: RefundRequest, id: string, status: 'pending' | 'succeeded'): Refund => ({
      id,
      object: 'refund',
      amount: req.amountFen,
      succeed: status === 'succeeded',
      status,
      charge: req.chargeId,
      charge_order_no: '',
      description: req.description,
      metadata: req.metadata,
      failure_msg: null,
    })
    t.app.deps.payments = Object.assign(Object.create(real), {
      refund: async (req: RefundRequest) => {
        const id = `re_bill${asked.size + 1}`
        asked.set(id, req)
        return refund(req, id, 'pending')
      },
      retrieveRefund: async (_charge: string, id: string) => refund(asked.get(id)!, id, 'succeeded'),
    })
    try {
      assert.equal((await refundByAdmin(first)).code, 0)
      for (let i = 1; i <= 4; i++) await advanceRefunds(t.app.deps, clock.now() + i * 3600)
    } finally {
      t.app.deps.payments = real
    }
    const shareAsks = [...asked.values()].filter((r) => r.metadata.bill_share === '1')
    assert.deepEqual(
      shareAsks.map((r) => [r.chargeId, r.amountFen]),
      [[c.payment.channel_water_id, c.shares.get(first)]],
    )
    const [row] = await sharesOf(c.payment.id)
    assert.deepEqual([row?.state, row?.amount], ['succeeded', c.shares.get(first)])
  })

  test('the statement itself: one share per order and payment, shares within the payment', async () => {
    const c = await billOverThree()
    const [first, second, third] = c.orderIds as [string, string, string]
    const rolledBack = new Error('rolled back')
    const now = clock.now()
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        const open = (orderId: string, amount: number) =>
          openShareRefund(trx, { paymentId: c.payment.id, orderId, amount }, 'test', now)
        assert.ok(await open(first, 100000))
        assert.equal(await open(first, 1), undefined, 'the same order’s share twice')
        assert.ok(await open(second, 100000))
        assert.equal(await open(third, 50001), undefined, 'one fen over the payment')
        assert.ok(await open(third, 50000))
        throw rolledBack
      }),
      rolledBack,
    )
    // Two transactions at once for the same share: one row.
    const race = () =>
      t.db
        .transaction()
        .execute((trx) => openShareRefund(trx, { paymentId: c.payment.id, orderId: first, amount: 1 }, 'race', now))
    const rows = (await Promise.all([race(), race()])).filter(Boolean)
    assert.equal(rows.length, 1)
    assert.ok((await findLedgerMismatches(t.db, t.config.credit)).some((p) => p.startsWith(`refund ${rows[0]!.id}:`)))
    await t.db.deleteFrom('refunds').where('id', '=', rows[0]!.id).execute()
  })
})
