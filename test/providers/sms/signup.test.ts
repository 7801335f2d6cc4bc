import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { newMobile, signUp, testApp, type TestApp } from '../../helper.ts'
import { ALIYUN_TEMPLATE_CODES, TENCENT_TEMPLATE_CODES } from './approved.ts'
import type { FakeProvider } from './fake-server.ts'
import { FAKES, SECRETS, settingsFor } from './setup.ts'

// The customer's side through each real provider, pointed at its fake: the seed front end's
// calls (jQuery.postJSON forms), a code on the phone, and every way the provider can say no.

const TIMEOUT_MS = 500

for (const [name, start] of FAKES) {
  describe(`sign-up and password reset through ${name}`, () => {
    let fake: FakeProvider
    let t: TestApp
    const logs: string[] = []
    const codes = name === 'aliyun' ? ALIYUN_TEMPLATE_CODES : TENCENT_TEMPLATE_CODES
    before(async () => {
      fake = await start()
      t = await testApp(
        { ...settingsFor(fake), SMS_TIMEOUT_MS: String(TIMEOUT_MS) },
        { logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } } },
      )
    })
    after(async () => {
      await t.close()
      await fake.close()
    })

    /** A signup as a customer's phone would get it through this provider. */
    const signUpThroughFake = async (mobile: string) => {
      const c = t.client()
      const before = fake.requests
      assert.equal((await c.postForm('/api/user/send_verify_code', `mobile=${mobile}`)).code, 0)
      assert.equal(fake.requests - before, 1)
      const res = await c.postForm(
        '/api/user/signup',
        `mobile=${mobile}&pwd=secret123&sms_verify=${fake.lastCode(mobile)}`,
      )
      assert.equal(res.code, 0, JSON.stringify(res.body))
      return c
    }

    test('a new customer signs up: the fake took one correctly signed request with the template and code', async () => {
      const mobile = newMobile()
      const c = await signUpThroughFake(mobile)
      const [sent, ...more] = fake.sentTo(mobile)
      assert.deepEqual(more, [])
      assert.equal(sent!.templateCode, codes.verify_code)
      assert.match(sent!.text, /^验证码\d{6},5分钟内有效/)
      assert.deepEqual(fake.authFailures, [])
      assert.ok(c.cookies.get('sfm_user_token'))
      assert.equal((await c.get('/api/user/get_user_info')).data.mobile, mobile)
    })

    test('a password reset, with the reset template', async () => {
      const mobile = newMobile()
      await signUpThroughFake(mobile)
      await t.forgetRateLimits()
      const c = t.client()
      assert.equal((await c.post('/api/user/send_verify_code', { mobile, purpose: 'reset_pwd' })).code, 0)
      assert.equal(fake.sentTo(mobile).at(-1)!.templateCode, codes.reset_code)
      const reset = await c.post('/api/user/reset_pwd', {
        mobile,
        sms_verify: fake.lastCode(mobile),
        new_pwd: 'newsecret9',
      })
      assert.equal(reset.code, 0)
      assert.equal((await t.client().post('/api/user/signin', { mobile_uer_name: mobile, pwd: 'newsecret9' })).code, 0)
    })

    test('each refusal answers its code, and the customer may ask again at once', async () => {
      const cases = [
        ['rate_limited', 429, 429],
        ['bad_mobile', 400, 101],
        ['refused', 200, 118],
        ['fail', 200, 118],
      ] as const
      for (const [outcome, status, code] of cases) {
        const mobile = newMobile()
        fake.plan(mobile, outcome)
        const res = await t.client().post('/api/user/send_verify_code', { mobile })
        assert.deepEqual([res.status, res.code], [status, code], outcome)
        // The refused code neither counted against the number nor stays valid.
        assert.equal((await t.client().post('/api/user/send_verify_code', { mobile })).code, 0, outcome)
        const signup = await t
          .client()
          .post('/api/user/signup', { mobile, pwd: 'secret123', sms_verify: fake.lastCode(mobile) })
        assert.equal(signup.code, 0, outcome)
      }
    })

    test('a provider that does not answer holds the customer no longer than the timeout (118)', async () => {
      for (const outcome of ['timeout', 'accept_then_hang'] as const) {
        const mobile = newMobile()
        fake.plan(mobile, outcome)
        const started = Date.now()
        const res = await t.client().post('/api/user/send_verify_code', { mobile })
        const took = Date.now() - started
        assert.equal(res.code, 118, outcome)
        assert.ok(took < TIMEOUT_MS + 500, `${outcome}: answered after ${took} ms`)
        assert.equal((await t.client().post('/api/user/send_verify_code', { mobile })).code, 0, outcome)
      }
    })

    test('no log line holds a secret or a whole mobile number', async () => {
      const mobile = newMobile()
      fake.plan(mobile, 'refused')
      await t.client().post('/api/user/send_verify_code', { mobile })
      const lines = logs.join('\n')
      assert.match(lines, /code not sent/)
      assert.match(lines, new RegExp(`${mobile.slice(0, 3)}\\*{4}${mobile.slice(-4)}`))
      for (const secret of SECRETS) assert.equal(lines.includes(secret), false, 'a secret was logged')
      // Every number this file texted, refusals and failures included.
      const texted = new Set([mobile, ...fake.sent.map((m) => m.mobile)])
      assert.ok(texted.size > 5)
      assert.deepEqual(
        [...texted].filter((m) => lines.includes(m)),
        [],
        'a whole mobile was logged',
      )
    })
  })
}

test('with the recording provider the same rules hold: a failure gives back the number’s limit', async () => {
  const t = await testApp()
  try {
    const mobile = newMobile()
    t.sms.failWith = { ok: false, kind: 'unavailable', reason: 'down', maybeSent: false }
    assert.equal((await t.client().post('/api/user/send_verify_code', { mobile })).code, 118)
    t.sms.failWith = null
    assert.equal((await t.client().post('/api/user/send_verify_code', { mobile })).code, 0)
    await signUp(t)
  } finally {
    await t.close()
  }
})
