import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import type { Payment } from '../../../src/db/types.ts'
import { PaymentError } from '../../../src/providers/payment/provider.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { isolatedPurposes, sandboxHelpers, tempDir } from './fixtures.ts'

let t: TestApp
let h: ReturnType<typeof sandboxHelpers>
let refunded: Payment[] = []
let refundHandler: 'apply' | 'throw' = 'apply'

before(async () => {
  t = await testApp({ DATA_DIR: tempDir('refund') })
  h = sandboxHelpers(t)
  isolatedPurposes(t.app).register('order_pay', {
    paid: async () => null,
    refunded: async (_trx, payment) => {
      if (refundHandler === 'throw') throw new Error('refund handler bug')
      refunded.push(payment)
      return true
    },
  })
})

/** The refund events the webhook recorded for a charge's order. */
const refundEvents = async (orderNo: string) =>
  (await h.eventRows(orderNo)).filter((r) => r.type === 'refund.succeeded')
after(() => t.close())
beforeEach(() => {
  refunded = []
})

async function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(
    p,
    (err: unknown) => err instanceof PaymentError && err.kind === 'rejected' && pattern.test(err.message),
  )
}

describe('sandbox refund', () => {
  test('succeeds at once and the signed refund.succeeded event is applied before it returns', async () => {
    const charge = await h.newCharge()
    await h.complete(charge.id)
    const refund = await t.app.deps.payments.refund({
      chargeId: charge.id,
      amountFen: 12_345,
      description: '订单退款',
      metadata: { type: 'order_pay', order_id: charge.order_no },
    })
    assert.match(refund.id, /^re_[A-Za-z0-9]{24}$/)
    assert.equal(refund.object, 'refund')
    assert.equal(refund.status, 'succeeded')
    assert.equal(refund.succeed, true)
    assert.equal(refund.amount, 12_345)
    assert.equal(refund.charge, charge.id)
    assert.equal(refund.charge_order_no, charge.order_no)

    assert.equal(refunded.length, 1)
    assert.equal(refunded[0]!.channel_water_id, charge.id)
    assert.equal(refunded[0]!.amount, 12_345)
    const rows = await h.eventRows(charge.order_no)
    assert.deepEqual(
      rows.map((r) => [r.type, r.result, r.object_id]),
      [
        ['charge.succeeded', 'applied', charge.id],
        ['refund.succeeded', 'applied', refund.id],
      ],
    )
    assert.equal((await h.sandboxRow(charge.id)).amount_refunded, 12_345)
  })

  test('never more than was paid, even when two refunds race', async () => {
    const charge = await h.newCharge()
    await h.complete(charge.id)
    const req = { chargeId: charge.id, amountFen: 10_000, description: 'r', metadata: { type: 'order_pay' as const } }
    const results = await Promise.allSettled([t.app.deps.payments.refund(req), t.app.deps.payments.refund(req)])
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    assert.equal((await refundEvents(charge.order_no)).length, 1)
    await rejectsWith(t.app.deps.payments.refund({ ...req, amountFen: 2346 }), /exceeds/)
    await t.app.deps.payments.refund({ ...req, amountFen: 2345 })
    assert.equal((await h.sandboxRow(charge.id)).amount_refunded, 12_345)
  })

  test('an unknown or unpaid charge, or a bad amount, is refused and delivers nothing', async () => {
    const charge = await h.newCharge()
    const req = { chargeId: charge.id, amountFen: 1, description: 'r', metadata: { type: 'order_pay' as const } }
    await rejectsWith(t.app.deps.payments.refund(req), /not paid/)
    await rejectsWith(t.app.deps.payments.refund({ ...req, chargeId: 'ch_unknown' }), /no sandbox charge/)
    await h.complete(charge.id)
    for (const amountFen of [0, -5, 0.5])
      await rejectsWith(t.app.deps.payments.refund({ ...req, amountFen }), /positive/)
    assert.equal((await refundEvents(charge.order_no)).length, 0)
  })

  test('when the webhook cannot apply the event, nothing is refunded', async () => {
    const charge = await h.newCharge()
    await h.complete(charge.id)
    refundHandler = 'throw'
    try {
      await rejectsWith(
        t.app.deps.payments.refund({
          chargeId: charge.id,
          amountFen: 12_345,
          description: 'r',
          metadata: { type: 'order_pay' },
        }),
        /refused/,
      )
    } finally {
      refundHandler = 'apply'
    }
    assert.equal((await h.sandboxRow(charge.id)).amount_refunded, 0)
    assert.deepEqual(
      (await h.eventRows(charge.order_no)).map((r) => r.type),
      ['charge.succeeded'],
    )
  })
})
