import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { DAY_SECONDS } from '../../../src/domain/credit.ts'
import { advanceRefunds } from '../../../src/modules/payment/refunds.ts'
import type { Refund, RefundRequest } from '../../../src/providers/payment/index.ts'
import { makeAdmin } from '../../admin.ts'
import { testApp, type Client, type TestApp } from '../../helper.ts'
import { clock, debtOf, debtor, dueOf, entriesOf, repay, resetClock, travel } from '../../credit.ts'
import { assertReconciled, cardOf, paidAnyway } from '../../shop.ts'

// A refund gives back everything paid for the order (first payment, repayments, fees) and closes
// its debt: what is still owed of the principal goes back to the card, the fee still owed is cancelled.
let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(async () => {
  resetClock()
  await assertReconciled(t)
})
after(() => t.close())

const paymentsOf = (orderId: string) =>
  t.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('id').execute()

/** A channel that answers every refund "pending" and says "succeeded" when asked later, as Ping++ does. */
async function withLaterChannel(work: () => Promise<void>) {
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
      const id = `re_later${asked.size + 1}`
      asked.set(id, req)
      return refund(req, id, 'pending')
    },
    retrieveRefund: async (_chargeId: string, refundId: string) => {
      const req = asked.get(refundId)
      if (!req) throw new Error(`no refund ${refundId} was asked for`)
      return refund(req, refundId, 'succeeded')
    },
  })
  try {
    await work()
  } finally {
    t.app.deps.payments = real
  }
}

async function refundByAdmin(orderId: string) {
  const admin = await makeAdmin(t, 'operator')
  const res = await admin.client.post('/api/order/refund', { order_id: orderId, reason: '退货' })
  assert.equal(res.code, 0, JSON.stringify(res.body))
}

/** A debt 10 days late, repaid in part: ¥200 then (fee 3.50 first). */
async function lateAndRepaidInPart(): Promise<{ client: Client; userId: number; orderId: string }> {
  const c = await debtor(t)
  const orderId = c.orderIds[0]!
  await travel(c, (await dueOf(t, orderId)) + 10 * DAY_SECONDS + 10)
  await repay(c.client, orderId, 10000)
  await repay(c.client, orderId, 10000)
  return { ...c, orderId }
}

async function assertAllGivenBack(userId: number, orderId: string) {
  const order = await t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
  assert.equal(order.state, 6)
  const payments = await paymentsOf(orderId)
  assert.deepEqual(
    payments.map((p) => `${p.target_type} ${p.amount} ${p.refund_state}`),
    ['pay 10000 refunded', 'card 10000 refunded', 'card 10000 refunded'],
  )
  const debt = await debtOf(t, orderId)
  assert.equal(debt.state, 'closed')
  assert.equal(debt.fee_repaid, 350)
  assert.equal(debt.principal_repaid, 20000 - 350)
  assert.equal(debt.principal_closed, 100000 - 20000 + 350)
  const closing = (await entriesOf(t, orderId)).filter((e) => e.kind === 'closed')
  assert.deepEqual(
    closing.map((e) => e.amount),
    [100000 - 20000 + 350],
  )
  assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
}

describe('a refund of an order repaid in parts', () => {
  test('with a channel that answers at once (sandbox): everything paid comes back, the debt is closed', async () => {
    const { userId, orderId } = await lateAndRepaidInPart()
    await refundByAdmin(orderId)
    await assertAllGivenBack(userId, orderId)
  })

  test('with a channel that answers later (as Ping++ does): the same, once the worker has followed it up', async () => {
    const { userId, orderId } = await lateAndRepaidInPart()
    await withLaterChannel(async () => {
      await refundByAdmin(orderId)
      const later = clock.now() + 3600
      await advanceRefunds(t.app.deps, later)
      await advanceRefunds(t.app.deps, later + 3600)
      await advanceRefunds(t.app.deps, later + 7200)
    })
    await assertAllGivenBack(userId, orderId)
  })

  test('a fee still owed is cancelled; a repayment arriving after the refund is given back whole', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    await travel(c, (await dueOf(t, orderId)) + 10 * DAY_SECONDS + 10)
    const open = await c.client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'wx_pub_qr', amount: 5000 },
    })
    await repay(c.client, orderId, 200)
    await refundByAdmin(orderId)
    const debt = await debtOf(t, orderId)
    assert.deepEqual(
      [debt.state, debt.fee_repaid, debt.fee_cancelled, debt.principal_closed],
      ['closed', 200, 150, 100000],
    )
    await paidAnyway(t, c.client, open.data.id)
    // Queued for refund as it was recorded; the worker gives it back.
    await advanceRefunds(t.app.deps, clock.now())
    const late = (await paymentsOf(orderId)).find((p) => p.channel_water_id === open.data.id)
    assert.equal(late?.needs_refund, 1)
    assert.equal(late?.refund_state, 'refunded')
    assert.equal((await debtOf(t, orderId)).state, 'closed')
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000)
  })
})
