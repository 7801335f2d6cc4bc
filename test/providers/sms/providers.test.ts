import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { loadConfig } from '../../../src/config.ts'
import { rpcSignature } from '../../../src/providers/sms/aliyun-signing.ts'
import { createSmsProvider, type SmsMessage, type SmsProvider } from '../../../src/providers/sms/index.ts'
import { freePort } from '../../ops/process.ts'
import { newMobile } from '../../helper.ts'
import { ALIYUN_TEMPLATE_CODES, SIGN_NAME } from './approved.ts'
import { ALIYUN_KEY_ID, ALIYUN_SECRET, type FakeAliyun } from './fake-aliyun.ts'
import type { FakeProvider } from './fake-server.ts'
import { FAKES, settingsFor } from './setup.ts'

// Each provider against its fake: a signed request the fake accepts, and each of its answers
// mapped to what it means for a message.

const providerFor = (fake: FakeProvider, env: Record<string, string> = {}) =>
  createSmsProvider(loadConfig({ SFM_SECRET: 'test-secret-0123456789abcdef', ...settingsFor(fake), ...env }))

const code = (mobile: string): SmsMessage => ({ mobile, template: 'verify_code', params: { code: '246810' } })

for (const [name, start] of FAKES) {
  describe(`${name} provider`, () => {
    let fake: FakeProvider
    let sms: SmsProvider
    before(async () => {
      fake = await start()
      sms = providerFor(fake, { SMS_TIMEOUT_MS: '300' })
    })
    after(() => fake.close())

    test('sends a template with its variables in one request the fake verifies', async () => {
      const mobile = newMobile()
      const res = await sms.send(
        { mobile, template: 'repay_overdue', params: { order_id: '2026120612345678', amount: 90050, fee: 120 } },
        { outId: 'sfm42' },
      )
      assert.ok(res.ok, JSON.stringify(res))
      const [taken] = fake.sentTo(mobile)
      assert.equal(fake.sentTo(mobile).length, 1)
      assert.equal(res.ref, taken!.ref)
      assert.equal(taken!.text, '您的订单2026120612345678额度卡欠款900.50元已逾期,逾期费1.20元,请尽快还款。')
      assert.equal(taken!.outId, 'sfm42')
      assert.deepEqual(fake.authFailures, [])
      assert.ok((await sms.send(code(mobile))).ok)
      assert.equal(fake.lastCode(mobile), '246810')
    })

    test('each refusal means what it says: flow control, a bad number, an unapproved template, a 5xx', async () => {
      const cases = [
        ['rate_limited', 'rate_limited'],
        ['bad_mobile', 'bad_mobile'],
        ['refused', 'rejected'],
        ['fail', 'unavailable'],
      ] as const
      for (const [outcome, kind] of cases) {
        const mobile = newMobile()
        fake.plan(mobile, outcome)
        const res = await sms.send(code(mobile))
        assert.equal(res.ok, false, outcome)
        assert.equal(!res.ok && res.kind, kind, outcome)
        if (!res.ok && res.kind === 'unavailable') assert.equal(res.maybeSent, false)
        assert.equal(fake.sentTo(mobile).length, 0)
      }
    })

    test('no answer within the timeout is a failure that may have been sent, and takes no longer', async () => {
      for (const outcome of ['timeout', 'accept_then_hang'] as const) {
        const mobile = newMobile()
        fake.plan(mobile, outcome)
        const started = Date.now()
        const res = await sms.send(code(mobile))
        const took = Date.now() - started
        assert.ok(took >= 290 && took < 1000, `${outcome} took ${took} ms`)
        assert.deepEqual(res.ok === false && res.kind === 'unavailable' && res.maybeSent, true)
      }
    })

    test('a wrong secret is refused by the fake, and is a failure nothing went out for', async () => {
      const wrong = providerFor(
        fake,
        name === 'aliyun' ? { ALIYUN_ACCESS_KEY_SECRET: 'not-the-secret' } : { TENCENT_SECRET_KEY: 'not-the-key' },
      )
      const mobile = newMobile()
      const res = await wrong.send(code(mobile))
      assert.equal(!res.ok && res.kind, 'unavailable')
      assert.equal(!res.ok && res.kind === 'unavailable' && res.maybeSent, false)
      assert.equal(
        fake.authFailures.at(-1),
        name === 'aliyun' ? 'SignatureDoesNotMatch' : 'AuthFailure.SignatureFailure',
      )
      assert.equal(fake.sentTo(mobile).length, 0)
    })

    test('an endpoint that refuses connections: nothing can have been sent', async () => {
      const key = name === 'aliyun' ? 'ALIYUN_SMS_ENDPOINT' : 'TENCENT_SMS_ENDPOINT'
      const closed = providerFor(fake, { [key]: `http://127.0.0.1:${await freePort()}` })
      const res = await closed.send(code(newMobile()))
      assert.equal(!res.ok && res.kind === 'unavailable' && res.maybeSent, false)
    })
  })
}

describe('aliyun only', () => {
  let fake: FakeAliyun
  before(async () => {
    fake = (await FAKES[0][1]()) as FakeAliyun
  })
  after(() => fake.close())

  test('QuerySendDetails finds a message by the OutId it was sent with, and only that one', async () => {
    const sms = providerFor(fake)
    const mobile = newMobile()
    const since = Math.floor(Date.now() / 1000) - 5
    fake.plan(mobile, 'accept_then_hang')
    assert.equal((await providerFor(fake, { SMS_TIMEOUT_MS: '200' }).send(code(mobile), { outId: 'sfm7' })).ok, false)
    assert.deepEqual(await sms.lookUp!(code(mobile), 'sfm7', since), { found: true, ref: '' })
    assert.deepEqual(await sms.lookUp!(code(mobile), 'sfm8', since), { found: false })
    assert.deepEqual(await sms.lookUp!(code(newMobile()), 'sfm7', since), { found: false })
  })

  test('the fake checks the older RPC (HMAC-SHA1) signature too, as Aliyun does', async () => {
    const mobile = newMobile()
    const params: Record<string, string> = {
      AccessKeyId: ALIYUN_KEY_ID,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: mobile,
      SignName: SIGN_NAME,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: crypto.randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: ALIYUN_TEMPLATE_CODES.verify_code,
      TemplateParam: JSON.stringify({ code: '135790' }),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    }
    const signed = new URLSearchParams({ ...params, Signature: rpcSignature('GET', params, ALIYUN_SECRET) })
    assert.equal((await (await fetch(`${fake.url}/?${signed}`)).json()).Code, 'OK')
    assert.equal(fake.lastCode(mobile), '135790')
    const forged = new URLSearchParams({ ...params, SignatureNonce: crypto.randomUUID(), Signature: 'AAAA' })
    assert.equal((await (await fetch(`${fake.url}/?${forged}`)).json()).Code, 'SignatureDoesNotMatch')
  })
})
