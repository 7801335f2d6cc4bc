import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, beforeEach, describe, test } from 'node:test'
import { buildApp } from '../../../src/app.ts'
import type { ConfirmedPayment } from '../../../src/providers/payment/index.ts'
import { PaymentError, paymentFailed } from '../../../src/providers/payment/provider.ts'
import { nowSeconds } from '../../../src/time.ts'
import { AnswerChecker } from '../../answers.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { chargeRequest, isolatedPurposes, pingppEnv, sandboxHelpers, tempDir, writeKeyPair } from './fixtures.ts'

const BASE = 'https://shop.example'
let t: TestApp
let dataDir: string
let h: ReturnType<typeof sandboxHelpers>
let paid: { payment: ConfirmedPayment; inTransaction: boolean }[] = []
let cardPay: 'throw' | 'refuse' = 'refuse'

before(async () => {
  dataDir = tempDir('sandbox')
  t = await testApp({ DATA_DIR: dataDir, PUBLIC_BASE_URL: BASE })
  h = sandboxHelpers(t)
  isolatedPurposes(t.app)
    .register('order_pay', {
      paid: async (trx, payment) => {
        paid.push({ payment, inTransaction: trx.isTransaction })
        return null
      },
    })
    .register('card_pay', {
      paid: async () => {
        if (cardPay === 'throw') throw new Error('card handler bug')
        return '测试拒收'
      },
    })
})
after(() => t.close())
beforeEach(() => {
  paid = []
})

describe('sandbox charge', () => {
  test('is Ping++-shaped, unpaid, with a pay_url on this server, and stored', async () => {
    const charge = await h.newCharge()
    assert.match(charge.id, /^ch_[A-Za-z0-9]{24}$/)
    assert.equal(charge.object, 'charge')
    assert.equal(charge.amount, 12_345)
    assert.equal(charge.channel, 'alipay_pc_direct')
    assert.equal(charge.currency, 'cny')
    assert.equal(charge.paid, false)
    assert.equal(charge.metadata.type, 'order_pay')
    assert.equal(typeof charge.time_expire, 'number')
    assert.deepEqual(charge.extra, { success_url: chargeRequest().successUrl })
    assert.deepEqual(charge.credential, {
      object: 'credential',
      sandbox: { pay_url: `${BASE}/api/sandbox/pay?charge_id=${charge.id}`, success_url: chargeRequest().successUrl },
    })
    const row = await h.sandboxRow(charge.id)
    assert.equal(row.state, 'pending')
    assert.equal(row.amount, 12_345)
    assert.deepEqual(JSON.parse(row.charge), charge)
  })

  test('wx_pub_qr carries the order number as product_id and keeps success_url; ids differ each time', async () => {
    const a = await h.newCharge({ channel: 'wx_pub_qr' })
    const b = await h.newCharge({ channel: 'wx_pub_qr' })
    assert.deepEqual(a.extra, { product_id: a.order_no })
    // Ping++'s wx_pub_qr has no success_url; the sandbox keeps it for its result page's link back.
    assert.equal((a.credential.sandbox as { success_url: string }).success_url, chargeRequest().successUrl)
    assert.notEqual(a.id, b.id)
  })

  test('an amount that is not a positive integer of fen is refused; the customer sees 102', async () => {
    for (const amountFen of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(
        h.newCharge({ amountFen }),
        (err: unknown) => err instanceof PaymentError && paymentFailed(err).code === 102,
      )
    }
  })
})

describe('POST /api/sandbox/complete', () => {
  test('succeeded: a signed charge.succeeded event reaches the handler once, inside a transaction, before the answer', async () => {
    const charge = await h.newCharge()
    const res = await h.complete(charge.id)
    assert.equal(res.status, 200)
    assert.equal(res.code, 0)
    assert.equal(res.data.paid, true)
    assert.equal(res.data.delivery, 'applied')
    assert.equal(res.data.order_no, charge.order_no)
    assert.equal(res.data.success_url, charge.extra.success_url)
    assert.match(res.data.event_id, /^evt_[A-Za-z0-9]{24}$/)

    assert.equal(paid.length, 1)
    const { payment, inTransaction } = paid[0]!
    assert.equal(payment.chargeId, charge.id)
    assert.equal(payment.amountFen, charge.amount)
    const event = JSON.parse((await h.eventRows(charge.order_no))[0]!.body)
    assert.equal(inTransaction, true)
    assert.equal(event.id, res.data.event_id)
    assert.equal(event.type, 'charge.succeeded')
    assert.ok(Math.abs(event.created - nowSeconds()) <= 5)
    const object = event.data.object
    assert.equal(object.id, charge.id)
    assert.equal(object.object, 'charge')
    assert.equal(object.paid, true)
    assert.equal(object.amount, charge.amount)
    assert.equal(object.order_no, charge.order_no)
    assert.deepEqual(object.metadata, charge.metadata)
    assert.equal(typeof object.time_paid, 'number')
    assert.match(object.transaction_no, /^SBX\d+$/)

    const rows = await h.eventRows(charge.order_no)
    assert.equal(rows.length, 1)
    assert.equal(rows[0]!.result, 'applied')
    assert.equal(rows[0]!.purpose, 'order_pay')
    assert.equal((await h.sandboxRow(charge.id)).state, 'paid')
  })

  test('completing twice: the second is a no-op success (the same event, a duplicate)', async () => {
    const charge = await h.newCharge()
    const first = await h.complete(charge.id)
    const second = await h.complete(charge.id)
    assert.equal(second.status, 200)
    assert.equal(second.code, 0)
    assert.equal(second.data.paid, true)
    assert.equal(second.data.delivery, 'duplicate')
    assert.equal(second.data.event_id, first.data.event_id)
    assert.equal(paid.length, 1)
    assert.equal((await h.eventRows(charge.order_no)).length, 1)
  })

  test('pressed five times at once: one payment, one handler call', async () => {
    const charge = await h.newCharge()
    const replies = await Promise.all([1, 2, 3, 4, 5].map(() => h.complete(charge.id)))
    assert.deepEqual(
      replies.map((r) => r.code),
      [0, 0, 0, 0, 0],
    )
    assert.equal(new Set(replies.map((r) => r.data.event_id)).size, 1)
    assert.deepEqual(replies.map((r) => r.data.delivery).sort(), [
      'applied',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ])
    assert.equal(paid.length, 1)
    assert.equal((await h.eventRows(charge.order_no)).length, 1)
  })

  test('failed: recorded, nothing delivered, the charge stays unpaid and can still be paid', async () => {
    const charge = await h.newCharge()
    const res = await h.complete(charge.id, 'failed')
    assert.equal(res.code, 0)
    assert.equal(res.data.paid, false)
    assert.equal(paid.length, 0)
    assert.equal((await h.eventRows(charge.order_no)).length, 0)
    const row = await h.sandboxRow(charge.id)
    assert.equal(row.state, 'failed')
    assert.ok(row.failed_at)

    const retry = await h.complete(charge.id)
    assert.equal(retry.data.delivery, 'applied')
    assert.equal(paid.length, 1)
  })

  test('failed after it was paid: it stays paid', async () => {
    const charge = await h.newCharge()
    await h.complete(charge.id)
    const res = await h.complete(charge.id, 'failed')
    assert.equal(res.code, 0)
    assert.equal(res.data.paid, true)
    assert.equal((await h.sandboxRow(charge.id)).state, 'paid')
    assert.equal(paid.length, 1)
  })

  test('an unknown charge id: 400 with code 101 in the envelope, not a 500', async () => {
    const res = await h.complete('ch_doesNotExist000000000000')
    assert.equal(res.status, 400)
    assert.equal(res.code, 101)
    assert.equal(res.body.msg, '支付单不存在')
  })

  test('an expired charge cannot be paid', async () => {
    const charge = await h.newCharge({ timeExpire: nowSeconds() - 1 })
    const res = await h.complete(charge.id)
    assert.equal(res.code, 101)
    assert.equal(res.body.msg, '支付单已过期')
    assert.equal((await h.eventRows(charge.order_no)).length, 0)
    assert.equal((await h.sandboxRow(charge.id)).state, 'pending')
  })

  test('money its purpose cannot take: acknowledged, kept and marked for refund', async () => {
    cardPay = 'refuse'
    const charge = await h.newCharge({ metadata: { type: 'card_pay', order_id: '1' } })
    const res = await h.complete(charge.id)
    assert.equal(res.code, 0)
    assert.equal(res.data.delivery, 'applied')
    const payment = await t.db
      .selectFrom('payments')
      .selectAll()
      .where('channel_water_id', '=', charge.id)
      .executeTakeFirstOrThrow()
    assert.equal(payment.needs_refund, 1)
  })

  test('a handler that throws: 102, nothing recorded; pressing again delivers the same event', async () => {
    cardPay = 'throw'
    const charge = await h.newCharge({ metadata: { type: 'card_pay', order_id: '2' } })
    const res = await h.complete(charge.id)
    assert.equal(res.status, 200)
    assert.equal(res.code, 102)
    assert.equal((await h.eventRows(charge.order_no)).length, 0)
    const eventId = (await h.sandboxRow(charge.id)).event_id

    cardPay = 'refuse'
    const again = await h.complete(charge.id)
    assert.equal(again.code, 0)
    assert.equal(again.data.event_id, eventId)
    assert.equal((await h.eventRows(charge.order_no)).length, 1)
  })

  test('works from a form post, as the seed’s jQuery.postJSON sends', async () => {
    const charge = await h.newCharge()
    const res = await t.client().postForm('/api/sandbox/complete', `charge_id=${charge.id}&outcome=succeeded`)
    assert.equal(res.code, 0)
    assert.equal(res.data.delivery, 'applied')
  })

  test('bad input: missing, invalid, too long, malformed JSON, wrong method, no _xsrf', async () => {
    const charge = await h.newCharge()
    const c = t.client()
    const missingId = await c.post('/api/sandbox/complete', { outcome: 'succeeded' })
    assert.equal(missingId.status, 400)
    assert.equal(missingId.code, 100)
    assert.match(missingId.body.msg, /charge_id/)
    const missingOutcome = await c.post('/api/sandbox/complete', { charge_id: charge.id })
    assert.equal(missingOutcome.code, 100)
    assert.match(missingOutcome.body.msg, /outcome/)
    for (const outcome of ['paid', '', 1, { v: 'succeeded' }]) {
      const res = await c.post('/api/sandbox/complete', { charge_id: charge.id, outcome })
      assert.equal(res.status, 400, JSON.stringify(outcome))
      assert.ok([100, 101].includes(res.code))
    }
    for (const charge_id of [`ch_${'a'.repeat(62)}`, 'ch_<script>', { id: charge.id }]) {
      const res = await c.post('/api/sandbox/complete', { charge_id, outcome: 'succeeded' })
      assert.equal(res.status, 400, JSON.stringify(charge_id))
      assert.equal(res.code, 101)
    }
    const malformed = await c.raw('/api/sandbox/complete', '{"charge_id": "ch_', {
      'content-type': 'application/json',
      'x-xsrftoken': await c.xsrf(),
    })
    assert.equal(malformed.status, 400)
    assert.equal((await c.get('/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })).status, 405)

    const noXsrf = await t
      .client()
      .raw('/api/sandbox/complete', JSON.stringify({ charge_id: charge.id, outcome: 'succeeded' }), {
        'content-type': 'application/json',
      })
    assert.equal(noXsrf.status, 403)
    assert.equal(noXsrf.code, 403)
    assert.equal((await h.sandboxRow(charge.id)).state, 'pending')
    assert.equal(paid.length, 0)
  })
})

describe('sandbox keys and instances', () => {
  test('the key pair is kept in the data folder as PEM files', () => {
    const priv = join(dataDir, 'sandbox_rsa_private_key.pem')
    assert.ok(existsSync(priv))
    assert.match(readFileSync(priv, 'utf8'), /BEGIN PRIVATE KEY/)
    assert.match(readFileSync(join(dataDir, 'sandbox_rsa_public_key.pem'), 'utf8'), /BEGIN PUBLIC KEY/)
  })

  test('another instance (or a restart) on the same database and data folder completes a charge made here, with the same key', async () => {
    const charge = await h.newCharge()
    const answers = new AnswerChecker()
    const other = await buildApp({ config: t.config, onAnswer: answers.onAnswer })
    try {
      let calls = 0
      isolatedPurposes(other).register('order_pay', {
        paid: async () => {
          calls++
          return null
        },
      })
      const mine = (await t.app.deps.payments.webhookPublicKey()).export({ type: 'spki', format: 'pem' })
      const theirs = (await other.deps.payments.webhookPublicKey()).export({ type: 'spki', format: 'pem' })
      assert.equal(theirs, mine)

      const xsrf = 'x'.repeat(32)
      const res = await other.inject({
        method: 'POST',
        url: '/api/sandbox/complete',
        payload: { charge_id: charge.id, outcome: 'succeeded' },
        headers: { cookie: `_xsrf=${xsrf}`, 'x-xsrftoken': xsrf },
      })
      assert.equal(res.json().code, 0)
      assert.equal(res.json().data.delivery, 'applied')
      assert.equal(calls, 1)
      assert.equal(paid.length, 0)
    } finally {
      await other.close()
    }
    assert.deepEqual(answers.violations, [])
    // Back here it is the same payment: a duplicate.
    assert.equal((await h.complete(charge.id)).data.delivery, 'duplicate')
  })

  test('with Ping++ chosen, the sandbox routes do not exist', async () => {
    const dir = tempDir()
    const p = await testApp(pingppEnv(dir, writeKeyPair(dir, 'pingpp').publicPath))
    try {
      assert.equal(
        (await p.client().post('/api/sandbox/complete', { charge_id: 'ch_x', outcome: 'succeeded' })).status,
        404,
      )
      assert.equal((await p.client().get('/api/sandbox/pay', { charge_id: 'ch_x' })).status, 404)
      assert.equal((await p.app.inject({ method: 'GET', url: '/api/static/pay-pc.html' })).statusCode, 200)
    } finally {
      await p.close()
    }
  })
})
