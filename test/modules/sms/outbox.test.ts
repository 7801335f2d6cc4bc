import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { claimMessage } from '../../../src/modules/sms/repo.ts'
import {
  enqueueSms,
  MAX_SMS_ATTEMPTS,
  sendDueSms,
  SMS_LEASE_SECONDS,
  smsBackoffSeconds,
  type OutboxDeps,
} from '../../../src/modules/sms/index.ts'
import type {
  LookUpResult,
  SendOptions,
  SendResult,
  SmsMessage,
  SmsProvider,
} from '../../../src/providers/sms/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { makeAdmin } from '../../admin.ts'
import { newMobile, testApp, type TestApp } from '../../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

/** A provider told what to answer per mobile (sent by default), counting every call; slow on purpose when told. */
class ScriptedSms implements SmsProvider {
  readonly name = 'scripted'
  readonly sends: (SmsMessage & { outId?: string })[] = []
  readonly lookUps: string[] = []
  private readonly answers = new Map<string, SendResult[]>()
  lookUp?: (message: SmsMessage, outId: string, since: number) => Promise<LookUpResult>

  constructor(private readonly delayMs = 0) {}

  answer(mobile: string, ...results: SendResult[]): void {
    this.answers.set(mobile, results)
  }

  async send(message: SmsMessage, opts: SendOptions = {}): Promise<SendResult> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs))
    this.sends.push({ ...message, outId: opts.outId })
    return this.answers.get(message.mobile)?.shift() ?? { ok: true, ref: `ref-${this.sends.length}` }
  }

  to(mobile: string) {
    return this.sends.filter((m) => m.mobile === mobile)
  }
}

const deps = (sms: SmsProvider): OutboxDeps => ({ db: t.db, sms, log: t.app.log })

async function queue(mobile: string, orderId = '2026120600000001') {
  return t.db
    .transaction()
    .execute((trx) =>
      enqueueSms(trx, mobile, 'order_shipped', { order_id: orderId, logistics: '顺丰', logistics_id: 'SF1' }),
    )
}

const rowOf = async (id: number) =>
  t.db.selectFrom('sms_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('the SMS outbox', () => {
  test('a message is queued only if its transaction commits', async () => {
    const mobile = newMobile()
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await enqueueSms(trx, mobile, 'refund_done', { order_id: '1', amount: 100 })
        throw new Error('the event failed')
      }),
    )
    const id = await queue(mobile)
    const rows = await t.db.selectFrom('sms_outbox').selectAll().where('mobile', '=', mobile).execute()
    assert.deepEqual(
      rows.map((r) => [r.id, r.state, r.template]),
      [[id, 'queued', 'order_shipped']],
    )
  })

  test('four workers at once send each of 30 messages exactly once', async () => {
    const sms = new ScriptedSms(5)
    const mobiles = Array.from({ length: 30 }, () => newMobile())
    const ids = await Promise.all(mobiles.map((m) => queue(m)))
    const now = nowSeconds()
    const attempted = await Promise.all([1, 2, 3, 4].map(() => sendDueSms(deps(sms), now, 100)))
    for (const m of mobiles) assert.equal(sms.to(m).length, 1, m)
    assert.ok(attempted.reduce((a, b) => a + b, 0) >= 30)
    for (const id of ids) {
      const row = await rowOf(id)
      assert.equal(row.state, 'sent')
      assert.equal(row.attempts, 1)
      assert.equal(row.provider, 'scripted')
      assert.match(row.provider_ref, /^ref-/)
    }
    await sendDueSms(deps(sms), now + 86400)
    for (const m of mobiles) assert.equal(sms.to(m).length, 1, m)
  })

  test('a permanent refusal is not retried; the reason stays on record', async () => {
    const sms = new ScriptedSms()
    for (const refusal of [
      { ok: false, kind: 'bad_mobile', reason: 'isv.MOBILE_NUMBER_ILLEGAL: 非法手机号' },
      { ok: false, kind: 'rejected', reason: 'isv.SMS_TEMPLATE_ILLEGAL: 模板不合法' },
    ] as const) {
      const mobile = newMobile()
      const id = await queue(mobile)
      sms.answer(mobile, refusal)
      await sendDueSms(deps(sms), nowSeconds())
      for (const later of [3600, 86400, 7 * 86400]) await sendDueSms(deps(sms), nowSeconds() + later)
      assert.equal(sms.to(mobile).length, 1)
      const row = await rowOf(id)
      assert.equal(row.state, 'failed')
      assert.equal(row.last_error, refusal.reason)
      assert.ok(row.finish_time)
    }
  })

  test('a temporary failure backs off, about ten tries over a day, then gives up', async () => {
    const sms = new ScriptedSms()
    const mobile = newMobile()
    const id = await queue(mobile)
    const down = { ok: false, kind: 'unavailable', reason: 'no answer within 5000 ms', maybeSent: false } as const
    sms.answer(mobile, ...Array.from({ length: MAX_SMS_ATTEMPTS }, () => down))
    let now = nowSeconds()
    const gaps: number[] = []
    for (let i = 1; i <= MAX_SMS_ATTEMPTS; i++) {
      await sendDueSms(deps(sms), now)
      const row = await rowOf(id)
      assert.equal(row.attempts, i)
      if (i === MAX_SMS_ATTEMPTS) break
      assert.equal(row.state, 'queued')
      assert.equal(row.next_attempt_at, now + smsBackoffSeconds(i))
      // Not before its time.
      await sendDueSms(deps(sms), row.next_attempt_at - 1)
      assert.equal(sms.to(mobile).length, i)
      gaps.push(row.next_attempt_at - now)
      now = row.next_attempt_at
    }
    const row = await rowOf(id)
    assert.equal(row.state, 'failed')
    assert.match(row.last_error, /10次尝试均未发出/)
    assert.equal(sms.to(mobile).length, MAX_SMS_ATTEMPTS)
    const total = gaps.reduce((a, b) => a + b, 0)
    assert.ok(total > 12 * 3600 && total < 24 * 3600, `${total} s from the first try to the last`)
  })

  test('the provider’s flow control on one number is retried later, and does not hold the others back', async () => {
    const sms = new ScriptedSms()
    const limited = newMobile()
    const other = newMobile()
    const id = await queue(limited)
    await queue(other)
    sms.answer(limited, { ok: false, kind: 'rate_limited', reason: 'isv.BUSINESS_LIMIT_CONTROL: 触发天级流控' })
    await sendDueSms(deps(sms), nowSeconds())
    assert.equal(sms.to(other).length, 1)
    assert.equal((await rowOf(id)).state, 'queued')
    await sendDueSms(deps(sms), (await rowOf(id)).next_attempt_at)
    assert.equal((await rowOf(id)).state, 'sent')
  })

  test('a provider that is down ends the run: the messages after it keep their turn', async () => {
    const sms = new ScriptedSms()
    const first = newMobile()
    const second = newMobile()
    await queue(first)
    const secondId = await queue(second)
    sms.answer(first, { ok: false, kind: 'unavailable', reason: 'HTTP 503', maybeSent: false })
    await sendDueSms(deps(sms), nowSeconds())
    assert.equal(sms.to(second).length, 0)
    assert.equal((await rowOf(secondId)).attempts, 0)
  })

  test('a sender died mid-attempt: after its lease the message is looked up, and sent only if not found', async () => {
    for (const found of [true, false]) {
      const sms = new ScriptedSms()
      sms.lookUp = async (_m, outId) => {
        sms.lookUps.push(outId)
        return found ? { found, ref: '' } : { found }
      }
      const mobile = newMobile()
      const id = await queue(mobile)
      const now = nowSeconds()
      // A worker claimed it and was never heard of again.
      assert.ok(await claimMessage(t.db, await rowOf(id), 'scripted', now, SMS_LEASE_SECONDS))
      await sendDueSms(deps(sms), now + SMS_LEASE_SECONDS - 1)
      assert.deepEqual(sms.lookUps, [], 'not while the lease holds')
      await sendDueSms(deps(sms), now + SMS_LEASE_SECONDS)
      assert.deepEqual(sms.lookUps, [`sfm${id}`])
      assert.equal(sms.to(mobile).length, found ? 0 : 1)
      const row = await rowOf(id)
      assert.equal(row.state, 'sent')
      assert.equal(row.attempts, 2)
      assert.equal(row.maybe_sent, 0)
    }
  })

  test('without a look-up (Tencent) such a message is sent again, and marked as maybe sent twice', async () => {
    const sms = new ScriptedSms()
    const mobile = newMobile()
    const id = await queue(mobile)
    const now = nowSeconds()
    assert.ok(await claimMessage(t.db, await rowOf(id), 'scripted', now, SMS_LEASE_SECONDS))
    await sendDueSms(deps(sms), now + SMS_LEASE_SECONDS)
    assert.equal(sms.to(mobile).length, 1)
    const row = await rowOf(id)
    assert.equal(row.state, 'sent')
    assert.equal(row.maybe_sent, 1)
  })

  test('a send that timed out is looked up before the retry', async () => {
    const sms = new ScriptedSms()
    sms.lookUp = async () => ({ found: false })
    const mobile = newMobile()
    const id = await queue(mobile)
    sms.answer(mobile, { ok: false, kind: 'unavailable', reason: 'no answer within 5000 ms', maybeSent: true })
    await sendDueSms(deps(sms), nowSeconds())
    const row = await rowOf(id)
    assert.deepEqual([row.state, row.maybe_sent], ['queued', 1])
    sms.lookUp = async () => ({ found: true, ref: '' })
    await sendDueSms(deps(sms), row.next_attempt_at)
    assert.equal(sms.to(mobile).length, 1, 'only the attempt that timed out')
    assert.equal((await rowOf(id)).state, 'sent')
  })
})

describe('/api/sms/list', () => {
  test('the outbox as the back office reads it, filtered; operators may, customers may not', async () => {
    const mobile = newMobile()
    const sms = new ScriptedSms()
    await queue(mobile, '2026120600000042')
    await t.db
      .transaction()
      .execute((trx) => enqueueSms(trx, mobile, 'refund_done', { order_id: '2026120600000042', amount: 12345 }))
    sms.answer(mobile, { ok: false, kind: 'rejected', reason: 'isv.SMS_TEMPLATE_ILLEGAL: 模板不合法' })
    await sendDueSms(deps(sms), nowSeconds())
    const operator = await makeAdmin(t, 'operator')
    const res = await operator.client.get('/api/sms/list', { u_mobile: mobile.slice(0, 9), count: 100 })
    assert.equal(res.code, 0)
    const mine = res.data.messages.filter((m: { mobile: string }) => m.mobile === mobile)
    assert.deepEqual(mine.map((m: { template: string; state: string }) => [m.template, m.state]).sort(), [
      ['order_shipped', 'failed'],
      ['refund_done', 'sent'],
    ])
    const refund = mine.find((m: { template: string }) => m.template === 'refund_done')
    assert.deepEqual(refund.params, { order_id: '2026120600000042', amount: 12345 })
    assert.equal(refund.text, '您的订单2026120600000042已退款123.45元,将原路退回。')
    const failed = await operator.client.get('/api/sms/list', { state: 'failed', u_mobile: mobile })
    assert.deepEqual(
      failed.data.messages.map((m: { last_error: string }) => m.last_error),
      ['isv.SMS_TEMPLATE_ILLEGAL: 模板不合法'],
    )
    assert.equal(failed.data.pagination.total, 1)
    const byTemplate = await operator.client.get('/api/sms/list', { template: 'refund_done', u_mobile: mobile })
    assert.equal(byTemplate.data.messages.length, 1)
    assert.equal((await operator.client.get('/api/sms/list', { state: 'lost' })).status, 400)
    assert.equal((await t.client().get('/api/sms/list')).status, 401)
  })
})
