import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Sealer } from '../../../src/http/seal.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

// A valid GB 11643 number (check digit X) and the same with a wrong check digit.
const VALID_ID = '11010519491231002X'
const BAD_CHECK_ID = '110105194912310021'

describe('get_user_info', () => {
  test('the profile fields, never the password hash; GET and POST', async () => {
    const { client, mobile, userId } = await signUp(t)
    for (const res of [await client.get('/api/user/get_user_info'), await client.post('/api/user/get_user_info')]) {
      assert.equal(res.code, 0)
      const keys = [
        'id',
        'mobile',
        'user_name',
        'email',
        'head_img',
        'register_dt',
        'lastlogin',
        'lastloginip',
        'nick_name',
        'signature',
        'sex',
        'location',
      ]
      for (const k of keys) assert.ok(k in res.data, k)
      assert.equal(res.data.id, userId)
      assert.equal(res.data.mobile, mobile)
      assert.equal(JSON.stringify(res.data).includes('scrypt'), false)
    }
  })

  test('a tampered, foreign-key, expired or re-addressed session cookie is no session', async () => {
    const { client, userId } = await signUp(t)
    const token = client.cookies.get('sfm_user_token')!
    const ours = new Sealer(t.config.secret, 'user-session')
    const real = ours.open<{ sid: string; uid: number; exp: number }>(token)!
    assert.equal(real.uid, userId)
    // Each variant keeps the real session id, so only the property under test can make it fail.
    const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21)
    const foreignKey = new Sealer('another-secret-0123456789', 'user-session').seal(real)
    const expired = ours.seal({ ...real, exp: Math.floor(Date.now() / 1000) - 1 })
    const otherUser = ours.seal({ ...real, uid: userId + 1 })
    for (const bad of [flipped, foreignKey, expired, otherUser, 'garbage', '']) {
      const c = t.client()
      c.cookies.set('sfm_user_token', bad)
      assert.equal((await c.get('/api/user/get_user_info')).status, 401, bad)
    }
    const resealed = t.client()
    resealed.cookies.set('sfm_user_token', ours.seal(real))
    assert.equal((await resealed.get('/api/user/get_user_info')).code, 0)
  })

  test('a session past its server-side expiry is no session', async () => {
    const { client, userId } = await signUp(t)
    await t.db.updateTable('user_sessions').set({ expires_at: 1 }).where('user_id', '=', userId).execute()
    assert.equal((await client.get('/api/user/get_user_info')).status, 401)
  })
})

describe('modify_user_info', () => {
  test('changes name and sex and refreshes the user_name cookie', async () => {
    const { client, userId } = await signUp(t)
    const res = await client.post('/api/user/modify_user_info', { new_user_name: `suyuan${userId}`, sex: 1 })
    assert.equal(res.code, 0)
    assert.equal(client.cookies.get('user_name'), `suyuan${userId}`)
    const info = await client.get('/api/user/get_user_info')
    assert.equal(info.data.user_name, `suyuan${userId}`)
    assert.equal(info.data.sex, 1)
  })

  test("115 for someone else's name or mobile; one's own mobile is fine", async () => {
    const a = await signUp(t)
    const b = await signUp(t)
    await a.client.post('/api/user/modify_user_info', { new_user_name: `taken${a.userId}` })
    assert.equal((await b.client.post('/api/user/modify_user_info', { new_user_name: `taken${a.userId}` })).code, 115)
    assert.equal((await b.client.post('/api/user/modify_user_info', { new_user_name: a.mobile })).code, 115)
    assert.equal((await b.client.post('/api/user/modify_user_info', { new_user_name: '13000000000' })).code, 115)
    assert.equal((await a.client.post('/api/user/modify_user_info', { new_user_name: a.mobile })).code, 0)
    assert.equal((await b.client.get('/api/user/get_user_info')).data.user_name, b.mobile)
  })

  test('bad input: missing, empty, too long, control characters, bad sex; SQL text stored verbatim', async () => {
    const { client } = await signUp(t)
    assert.equal((await client.post('/api/user/modify_user_info', {})).code, 100)
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: '' })).code, 100)
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: 'n'.repeat(33) })).code, 101)
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: 'a\nb' })).code, 101)
    // Names that show as nothing: spaces of every kind, zero-width and format characters, blank letters.
    for (const blank of [
      ' ',
      '   ',
      '\u3000',
      '\u00a0',
      '\u200b',
      '\u200b\u200c\u200d',
      '\ufeff',
      '\u2060',
      '\u115f\u3164',
      '\u2800',
      ' \u200b ',
    ]) {
      const res = await client.post('/api/user/modify_user_info', { new_user_name: blank })
      assert.equal(res.code, 101, JSON.stringify(blank))
      assert.equal(res.body.msg, '参数new_user_name无效')
    }
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: ' 苏 源 ' })).code, 0)
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: 'ok', sex: 2 })).code, 101)
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: 'ok', sex: 'male' })).code, 101)
    const sqlName = `x'); drop table users;--`
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: sqlName })).code, 0)
    assert.equal((await client.get('/api/user/get_user_info')).data.user_name, sqlName)
  })

  test('401 without a session', async () => {
    assert.equal((await t.client().post('/api/user/modify_user_info', { new_user_name: 'x' })).status, 401)
  })
})

const UP = 'https://img.example.com/up.jpg'
const DOWN = 'https://img.example.com/down.jpg'

describe('set_auth and get_auth', () => {
  test('get_auth before submitting: status none', async () => {
    const { client } = await signUp(t)
    const res = await client.get('/api/user/get_auth')
    assert.equal(res.code, 0)
    assert.equal(res.data.status, 'none')
    assert.equal(res.data.pass, 0)
  })

  test('submits as pending; resubmitting resets to pending; the id is shown masked', async () => {
    const { client, userId } = await signUp(t)
    const sub = {
      real_name: '苏源',
      id_code: VALID_ID.toLowerCase(),
      id_card_up: 'https://img/up.jpg',
      id_card_down: 'https://img/down.jpg',
    }
    assert.equal((await client.post('/api/user/set_auth', sub)).code, 0)
    await t.db
      .updateTable('user_auth')
      .set({ status: 'passed', pass: 1, note: 'ok' })
      .where('user_id', '=', userId)
      .execute()
    assert.equal((await client.post('/api/user/set_auth', sub)).code, 0)
    const res = await client.get('/api/user/get_auth')
    assert.equal(res.data.status, 'pending')
    assert.equal(res.data.pass, 0)
    assert.equal(res.data.note, '')
    assert.equal(res.data.real_name, '苏源')
    assert.equal(res.data.id_code, '110105********002X')
  })

  test("request_auth (the original front end's name) submits exactly as set_auth: pending, 101, 100, 401, GET 405", async () => {
    const { client } = await signUp(t)
    const sub = { real_name: '苏源', id_code: VALID_ID, id_card_up: UP, id_card_down: DOWN }
    assert.equal((await client.post('/api/user/request_auth', { ...sub, id_code: BAD_CHECK_ID })).code, 101)
    assert.equal((await client.post('/api/user/request_auth', { real_name: 'x', id_code: VALID_ID })).code, 100)
    assert.equal((await client.get('/api/user/get_auth')).data.status, 'none')
    assert.equal((await client.post('/api/user/request_auth', sub)).code, 0)
    const res = await client.get('/api/user/get_auth')
    assert.equal(res.data.status, 'pending')
    assert.equal(res.data.real_name, '苏源')
    assert.equal((await client.get('/api/user/request_auth', sub)).status, 405)
    assert.equal((await t.client().post('/api/user/request_auth', sub)).status, 401)
  })

  test('works as a form post carrying _xsrf as a field', async () => {
    const { client } = await signUp(t)
    const res = await client.postForm(
      '/api/user/set_auth',
      `real_name=${encodeURIComponent('苏源')}&id_code=${VALID_ID}&id_card_up=${encodeURIComponent(UP)}&id_card_down=${encodeURIComponent(DOWN)}`,
    )
    assert.equal(res.code, 0)
    assert.equal((await client.get('/api/user/get_auth')).data.status, 'pending')
  })

  test('101 for a wrong check digit, wrong length or letters; 100 for missing fields', async () => {
    const { client } = await signUp(t)
    const base = { real_name: 'x', id_card_up: UP, id_card_down: DOWN }
    for (const id_code of [BAD_CHECK_ID, '123421115', 'ABCDEFGHIJKLMNOPQR']) {
      assert.equal((await client.post('/api/user/set_auth', { ...base, id_code })).code, 101, id_code)
    }
    assert.equal((await client.post('/api/user/set_auth', { ...base, id_code: `${VALID_ID}1` })).code, 101)
    assert.equal((await client.post('/api/user/set_auth', { real_name: 'x', id_code: VALID_ID })).code, 100)
    assert.equal((await client.get('/api/user/get_auth')).data.status, 'none')
  })

  test('an image is an upload id, an absolute http(s) URL or the path of an upload; anything else is 101', async () => {
    const { client, userId } = await signUp(t)
    const send = (image: string) =>
      client.post('/api/user/set_auth', { real_name: 'x', id_code: VALID_ID, id_card_up: image, id_card_down: DOWN })
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(58, 7), Buffer.from([0xff, 0xd9])])
    const uploaded = async (c: typeof client) =>
      (await c.raw('/api/user/upload_id_image', jpeg, { 'content-type': 'image/jpeg', 'x-xsrftoken': await c.xsrf() }))
        .data.image_id as string
    const upload = await uploaded(client)
    const stored = async () =>
      (await t.db.selectFrom('user_auth').select('id_card_up').where('user_id', '=', userId).executeTakeFirstOrThrow())
        .id_card_up
    for (const [good, kept] of <[string, string][]>[
      [upload, upload],
      ['http://img.example.com/a.jpg', 'http://img.example.com/a.jpg'],
      ['HTTPS://img.example.com:8443/id/a.png?v=2', 'HTTPS://img.example.com:8443/id/a.png?v=2'],
      // The path an upload is served at is that upload: kept as its id.
      [`/api/user/id_image?image_id=${upload}`, upload],
    ]) {
      assert.equal((await send(good)).code, 0, good)
      assert.equal(await stored(), kept, good)
    }
    // Someone else's upload, by its id or by its path, is not this customer's ID card.
    const other = await uploaded((await signUp(t)).client)
    assert.equal((await send(other)).code, 101)
    assert.equal((await send(`/api/user/id_image?image_id=${other}`)).code, 101)
    for (const bad of [
      // Paths that a browser reads as another host, or as this server's other routes.
      '//evil.example/x.jpg',
      '/\\evil.example/x.jpg',
      '/\\/evil.example/x.jpg',
      '/api/admin/me',
      `/api/user/id_image?image_id=${upload}&x=1`,
      `/api/user/id_image/../../admin/me?image_id=${upload}`,
      // Not a web address, or not one a browser should fetch as an image.
      'u',
      'upload-20261201-back',
      `idimg_${'A'.repeat(32)}`,
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://img.example.com/a.jpg',
      'http://',
      'https:/img.example.com/a.jpg',
      'http:\\\\evil.example/x.jpg',
      'https://user:pass@img.example.com/a.jpg',
      'https://img.example.com/a b.jpg',
      'https://img.example.com/\u202Egpj.exe',
    ]) {
      const res = await send(bad)
      assert.deepEqual([res.status, res.code, res.body.msg], [400, 101, '参数id_card_up无效'], bad)
    }
    assert.equal((await send(upload)).code, 0)
    assert.equal(
      (
        await client.post('/api/user/set_auth', {
          real_name: 'x',
          id_code: VALID_ID,
          id_card_up: UP,
          id_card_down: '//evil/x',
        })
      ).code,
      101,
    )
  })

  test('a passed review shows in auth_is_pass at the next sign-in', async () => {
    const { client, userId, mobile, pwd } = await signUp(t)
    await client.post('/api/user/set_auth', { real_name: 'x', id_code: VALID_ID, id_card_up: UP, id_card_down: DOWN })
    await t.db.updateTable('user_auth').set({ status: 'passed', pass: 1 }).where('user_id', '=', userId).execute()
    const c = t.client()
    await c.post('/api/user/signin', { mobile_uer_name: mobile, pwd })
    assert.equal(c.cookies.get('auth_is_pass'), '1')
  })
})
