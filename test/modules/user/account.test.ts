import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { newMobile, signUp, testApp, type TestApp } from '../../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

describe('send_verify_code', () => {
  test('sends a 6-digit code by SMS', async () => {
    const c = t.client()
    const mobile = newMobile()
    const res = await c.post('/api/user/send_verify_code', { mobile })
    assert.equal(res.status, 200)
    assert.equal(res.code, 0)
    assert.match(t.sms.lastCode(mobile), /^\d{6}$/)
  })
})

describe('signup', () => {
  test('creates the user and their card, and signs in', async () => {
    const { client, userId } = await signUp(t)
    assert.ok(userId > 0)
    assert.ok(client.cookies.get('sfm_user_token'))
    assert.match(client.cookies.get('card_id')!, /^216\d{12}$/)
    const info = await client.get('/api/user/get_user_info')
    assert.equal(info.code, 0)
    assert.equal(info.data.id, userId)
    assert.equal(info.data.pwd_hash, undefined)
  })
})
