import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { SYSTEM, writeLog } from '../../../src/modules/oplog/index.ts'
import type { ConfirmedPayment } from '../../../src/providers/payment/index.ts'
import { signRsaSha256 } from '../../../src/providers/payment/signing.ts'
import { testApp, type TestApp } from '../../helper.ts'
import {
  chargeSucceededEvent,
  deliver,
  isolatedPurposes,
  ownCharge,
  shopOrder,
  PINGPP_TESTDATA,
  pingppEnv,
  signed,
  tempDir,
  writeKeyPair,
  type TestKeys,
} from './fixtures.ts'

const realBody = readFileSync(join(PINGPP_TESTDATA, 'charge_succeeded_event.json'))
const realSignature = readFileSync(join(PINGPP_TESTDATA, 'charge_succeeded_event.sig'), 'utf8').trim()

const events = (t: TestApp) => t.db.selectFrom('payment_events').selectAll().orderBy('id').execute()

describe('a real Ping++ event, verified with the Ping++ public key', () => {
  let t: TestApp
  before(async () => {
    t = await testApp(pingppEnv(tempDir(), join(PINGPP_TESTDATA, 'pingpp_rsa_public_key.pem')))
  })
  after(() => t.close())

  test('verifies, is recorded as unmatched and acknowledged', async () => {
    const res = await deliver(t.client(), realBody, realSignature)
    assert.equal(res.status, 200)
    assert.equal(res.code, 0)
    assert.deepEqual(res.data, { event_id: 'evt_eYa58Wd44Glerl8AgfYfd1sL', result: 'unmatched' })
    const rows = await events(t)
    assert.equal(rows.length, 1)
    assert.equal(rows[0]!.event_id, 'evt_eYa58Wd44Glerl8AgfYfd1sL')
    assert.equal(rows[0]!.type, 'charge.succeeded')
    assert.equal(rows[0]!.object_id, 'ch_bq9IHKnn6GnLzsS0swOujr4x')
    assert.equal(rows[0]!.order_no, '2015d019f7cf6c0d')
    assert.equal(rows[0]!.purpose, '')
    assert.equal(rows[0]!.result, 'unmatched')
    assert.equal(rows[0]!.body, realBody.toString('utf8'))
  })

  test('the same event again answers success and records nothing more', async () => {
    const res = await deliver(t.client(), realBody, realSignature)
    assert.equal(res.status, 200)
    assert.equal(res.data.result, 'duplicate')
    assert.equal((await events(t)).length, 1)
  })

  test('the same body with any one byte changed is refused with 401', async () => {
    for (const at of [0, 10, Math.floor(realBody.length / 2), realBody.length - 1]) {
      const tampered = Buffer.from(realBody)
      tampered[at] = tampered[at]! ^ 0x01
      const res = await deliver(t.client(), tampered, realSignature)
      assert.equal(res.status, 401, `byte ${at}`)
      assert.equal(res.body.status_code, 401)
      assert.equal(res.code, 401)
    }
    // A trailing newline is a change too: the signature covers the exact bytes.
    assert.equal((await deliver(t.client(), Buffer.concat([realBody, Buffer.from('\n')]), realSignature)).status, 401)
    assert.equal((await events(t)).length, 1)
  })

  test('a missing, empty or malformed signature is refused with 401 and records nothing', async () => {
    const fresh = JSON.stringify(chargeSucceededEvent())
    for (const signature of [undefined, '', 'not base64 at all!', realSignature.slice(0, 40)]) {
      const res = await deliver(t.client(), fresh, signature)
      assert.equal(res.status, 401, String(signature))
      assert.equal(res.code, 401)
    }
    assert.equal((await events(t)).length, 1)
  })
})

describe('webhook with events signed by a key of the test', () => {
  let t: TestApp
  let keys: TestKeys
  let orderPayCalls: ConfirmedPayment[] = []
  let cardPay: 'throw' | 'refuse' | 'apply' = 'throw'
  /** An event for a charge this shop made for a real order, recorded as startCharge records it. */
  const ourEvent = async (overrides: Parameters<typeof chargeSucceededEvent>[0] = {}) => {
    const event = chargeSucceededEvent({ ...overrides, orderNo: await shopOrder(t) })
    const charge = event.data.object
    const purpose = charge.metadata.type === 'card_pay' ? 'card_pay' : 'order_pay'
    await ownCharge(t, charge.id, charge.order_no, purpose, charge.amount)
    return event
  }

  before(async () => {
    const dir = tempDir()
    keys = writeKeyPair(dir, 'webhook')
    t = await testApp(pingppEnv(dir, keys.publicPath))
    isolatedPurposes(t.app)
      .register('order_pay', {
        paid: async (trx, payment) => {
          assert.equal(trx.isTransaction, true)
          orderPayCalls.push(payment)
          // Slow enough that concurrent deliveries really overlap.
          await new Promise((r) => setTimeout(r, 50))
          return null
        },
      })
      .register('card_pay', {
        paid: async (trx, payment) => {
          await writeLog(trx, SYSTEM, { type: 'order', id: payment.orderId }, 'card repaid')
          if (cardPay === 'throw') throw new Error('handler bug')
          return cardPay === 'refuse' ? '测试拒收' : null
        },
      })
  })
  after(() => t.close())

  test('a handler applies the event inside the transaction and it is recorded applied', async () => {
    orderPayCalls = []
    const event = await ourEvent({ amount: 500 })
    const { body, signature } = signed(event, keys.privateKey)
    const res = await deliver(t.client(), body, signature)
    assert.equal(res.status, 200)
    assert.deepEqual(res.data, { event_id: event.id, result: 'applied' })
    assert.equal(orderPayCalls.length, 1)
    assert.equal(orderPayCalls[0]!.chargeId, event.data.object.id)
    assert.equal(orderPayCalls[0]!.amountFen, 500)
    const row = await t.db
      .selectFrom('payment_events')
      .selectAll()
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow()
    assert.equal(row.result, 'applied')
    assert.equal(row.purpose, 'order_pay')
  })

  test('the same event delivered 3 times at once: one record, one handler call, all answered success', async () => {
    orderPayCalls = []
    const event = await ourEvent()
    const { body, signature } = signed(event, keys.privateKey)
    const replies = await Promise.all([1, 2, 3].map(() => deliver(t.client(), body, signature)))
    assert.deepEqual(
      replies.map((r) => r.status),
      [200, 200, 200],
    )
    assert.deepEqual(replies.map((r) => r.data.result).sort(), ['applied', 'duplicate', 'duplicate'])
    assert.equal(orderPayCalls.length, 1)
    const rows = await t.db.selectFrom('payment_events').select('id').where('event_id', '=', event.id).execute()
    assert.equal(rows.length, 1)
  })

  test('a handler that throws answers 500 and leaves nothing behind; the retry applies', async () => {
    cardPay = 'throw'
    const event = await ourEvent({ purpose: 'card_pay' })
    const { body, signature } = signed(event, keys.privateKey)
    const res = await deliver(t.client(), body, signature)
    assert.equal(res.status, 500)
    assert.equal(res.code, 500)
    assert.doesNotMatch(JSON.stringify(res.body), /handler bug/)
    assert.equal(
      await t.db.selectFrom('payment_events').select('id').where('event_id', '=', event.id).executeTakeFirst(),
      undefined,
    )
    const logged = () =>
      t.db
        .selectFrom('operate_log')
        .select('id')
        .where('target_id', '=', event.data.object.order_no)
        .where('text', '=', 'card repaid')
        .execute()
    assert.equal((await logged()).length, 0, 'the handler’s own writes are rolled back with the event')

    cardPay = 'apply'
    const retry = await deliver(t.client(), body, signature)
    assert.equal(retry.status, 200)
    assert.equal(retry.data.result, 'applied')
    assert.equal((await logged()).length, 1)
  })

  test('money its purpose cannot take: recorded applied, the payment kept and marked for refund', async () => {
    cardPay = 'refuse'
    const event = await ourEvent({ purpose: 'card_pay' })
    const { body, signature } = signed(event, keys.privateKey)
    const res = await deliver(t.client(), body, signature)
    assert.equal(res.status, 200)
    assert.equal(res.data.result, 'applied')
    const payment = await t.db
      .selectFrom('payments')
      .selectAll()
      .where('channel_water_id', '=', event.data.object.id)
      .executeTakeFirstOrThrow()
    assert.equal(payment.needs_refund, 1)
  })

  test('a correctly signed charge this shop never made is recorded unmatched, and nothing is paid', async () => {
    orderPayCalls = []
    const event = chargeSucceededEvent()
    const { body, signature } = signed(event, keys.privateKey)
    const res = await deliver(t.client(), body, signature)
    assert.equal(res.data.result, 'unmatched')
    assert.equal(orderPayCalls.length, 0)
    assert.equal(
      await t.db
        .selectFrom('payments')
        .select('id')
        .where('channel_water_id', '=', event.data.object.id)
        .executeTakeFirst(),
      undefined,
    )
  })

  test('events nobody handles (other types, other purposes, no metadata) are recorded unmatched', async () => {
    const refund = { ...chargeSucceededEvent(), type: 'refund.succeeded' }
    const unknownPurpose = chargeSucceededEvent({ purpose: 'gift' })
    const noMetadata = chargeSucceededEvent({ purpose: '' })
    const summary = {
      id: `evt_summary${process.pid}`,
      object: 'event',
      type: 'summary.daily.available',
      created: 1,
      data: { object: { object: 'app_daily_summary' } },
    }
    for (const event of [refund, unknownPurpose, noMetadata, summary]) {
      const { body, signature } = signed(event, keys.privateKey)
      const res = await deliver(t.client(), body, signature)
      assert.equal(res.status, 200, event.type)
      assert.equal(res.data.result, 'unmatched')
    }
  })

  test('an event signed by another key is refused', async () => {
    const other = writeKeyPair(tempDir(), 'other')
    const { body, signature } = signed(chargeSucceededEvent(), other.privateKey)
    assert.equal((await deliver(t.client(), body, signature)).status, 401)
  })

  test('correctly signed but not an event: 400, nothing recorded', async () => {
    const before = (await events(t)).length
    for (const body of ['{"id": 1}', '[]', 'null', '{not json']) {
      const res = await deliver(t.client(), body, signRsaSha256(body, keys.privateKey))
      assert.equal(res.status, 400, body)
      assert.equal(res.code, 101)
    }
    assert.equal((await events(t)).length, before)
  })

  test('needs no XSRF token or cookie, answers GET with 405, and leaves JSON parsing elsewhere alone', async () => {
    const get = await t.client().get('/api/webhooks/pingpp')
    assert.equal(get.status, 405)
    // A normal JSON route still parses JSON (and still demands XSRF).
    const c = t.client()
    const noXsrf = await c.raw('/api/user/signin', JSON.stringify({ mobile_uer_name: 'x', pwd: 'y' }), {
      'content-type': 'application/json',
    })
    assert.equal(noXsrf.status, 403)
    const bad = await c.raw('/api/user/signin', '{"mobile_uer_name":', {
      'content-type': 'application/json',
      'x-xsrftoken': await c.xsrf(),
    })
    assert.equal(bad.status, 400)
  })
})
