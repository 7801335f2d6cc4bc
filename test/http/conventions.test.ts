import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parseNested } from '../../src/http/params.ts'
import { NoData, responsesOf } from '../../src/http/route.ts'
import { signUp, testApp, type TestApp } from '../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CORS_ORIGINS: 'http://www.sfm.com, https://shop.example' })
  t.app.get('/test/boom', { schema: { response: responsesOf(NoData) } }, async () => {
    throw new Error('select pwd_hash from users -- internal detail')
  })
})
after(() => t.close())

describe('envelope', () => {
  test('404 for an unknown route, in the envelope', async () => {
    const res = await t.client().get('/api/nope/nothing')
    assert.equal(res.status, 404)
    assert.deepEqual(res.body, { status_code: 404, code: 404, msg: '请求的资源不存在', data: {} })
  })

  test('404 for a POST to an unknown route, even without the XSRF token', async () => {
    const res = await t.client().raw('/api/nope/x', '{}', { 'content-type': 'application/json' })
    assert.equal(res.status, 404)
  })

  test('405 with Allow for a GET on a POST-only route', async () => {
    const res = await t.client().get('/api/user/signup')
    assert.equal(res.status, 405)
    assert.equal(res.code, 405)
    assert.equal(res.res.headers.allow, 'POST')
  })

  test('500 hides the error', async () => {
    const res = await t.client().get('/test/boom')
    assert.equal(res.status, 500)
    assert.equal(res.code, 500)
    assert.equal(res.res.body.includes('pwd_hash'), false)
    assert.equal(res.res.body.includes('at '), false)
  })

  test('413 for a body over 64 KiB (here 1 MB)', async () => {
    const c = t.client()
    const res = await c.raw('/api/user/signin', JSON.stringify({ pwd: 'x'.repeat(1024 * 1024) }), {
      'content-type': 'application/json',
      'x-xsrftoken': await c.xsrf(),
    })
    assert.equal(res.status, 413)
    assert.equal(res.code, 413)
  })

  test('400 for malformed JSON and for a JSON body that is not an object', async () => {
    const c = t.client()
    const headers = { 'content-type': 'application/json', 'x-xsrftoken': await c.xsrf() }
    const bad = await c.raw('/api/user/signin', '{"pwd": ', headers)
    assert.equal(bad.status, 400)
    assert.equal(bad.body.status_code, 400)
    const arr = await c.raw('/api/user/signin', '[1,2]', headers)
    assert.equal(arr.status, 400)
  })

  test('answers carry a request id', async () => {
    const res = await t.client().get('/healthz')
    assert.match(String(res.res.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-z]+$/)
  })

  test('an incoming X-Request-Id is kept when it is a short plain token, else replaced', async () => {
    const c = t.client()
    const echoed = async (id: string) =>
      (await c.send('GET', '/healthz', { 'x-request-id': id })).headers['x-request-id']
    assert.equal(await echoed('lb-7f3a.9_x'), 'lb-7f3a.9_x')
    assert.equal(await echoed('a'.repeat(64)), 'a'.repeat(64))
    for (const bad of ['a'.repeat(8 * 1024), 'a'.repeat(65), 'x y', 'id\u00e9', '<script>', '']) {
      assert.match(String(await echoed(bad)), /^[0-9a-f]{8}-[0-9a-z]+$/, bad.slice(0, 20))
    }
  })
})

describe('parameters', () => {
  test('jQuery-style nesting in forms and query strings', () => {
    assert.deepEqual(parseNested('address_info[name]=x&address_info[is_default]=1'), {
      address_info: { name: 'x', is_default: '1' },
    })
    assert.deepEqual(parseNested('sku_ids[]=1&sku_ids[]=2'), { sku_ids: ['1', '2'] })
    assert.deepEqual(parseNested('cart_list[0][cart_id]=2&cart_list[0][first_price]=100&cart_list[1][cart_id]=3'), {
      cart_list: [{ cart_id: '2', first_price: '100' }, { cart_id: '3' }],
    })
    assert.deepEqual(parseNested('__proto__[x]=1'), {})
  })

  test('query parameters merge into the body; the body wins', async () => {
    const { mobile, pwd } = await signUp(t)
    const c = t.client()
    const res = await c.post(`/api/user/signin?mobile_uer_name=${mobile}&pwd=wrong-one`, { pwd })
    assert.equal(res.code, 0)
  })

  test('a number string that is not finite is 101, by form and by query', async () => {
    const { client } = await signUp(t)
    const form = await client.postForm('/api/user/modify_user_info', 'new_user_name=someone&sex=Infinity')
    assert.equal(form.status, 400)
    assert.equal(form.code, 101)
    assert.match(form.body.msg, /sex/)
    const query = await client.get('/api/sku/list', { page: '1e400' })
    assert.equal(query.status, 400)
    assert.equal(query.code, 101)
  })

  test('values no column can hold are 101 before they reach the database: NUL in text, ids past 2^53', async () => {
    const { client } = await signUp(t)
    const nul = await client.post('/api/user/signin', { mobile_uer_name: 'a\u0000b', pwd: 'x' })
    assert.equal(nul.code, 101)
    assert.match(nul.body.msg, /mobile_uer_name/)
    const deep = await client.post('/api/order/prepare_order', {
      order_type: 'sku',
      sku_list: [{ sku_id: 'ad\u0000', sku_count: 1, first_price: 1 }],
    })
    assert.equal(deep.code, 101)
    assert.match(deep.body.msg, /sku_list\.0\.sku_id/)
    assert.equal(
      (await client.post('/api/order/prepare_order', { order_type: 'cart', cart_list: [{ cart_id: 1e20 }] })).code,
      101,
    )
    assert.equal((await client.post('/api/order/cancel_order', { order_id: '1', reason: 'x\u0000' })).code, 101)
    assert.equal((await client.get('/api/order/get_address')).code, 0)
    const surrogate = await client.post('/api/user/modify_user_info', { new_user_name: 'ab\ud800' })
    assert.equal(surrogate.code, 101)
    assert.equal((await client.get('/api/user/get_user_info')).data.user_name.includes('\ufffd'), false)
    assert.equal((await client.post('/api/user/modify_user_info', { new_user_name: '表情😀' })).code, 0)
  })
})

describe('xsrf', () => {
  const xsrfCookieOf = (res: { res: { cookies: unknown } }) =>
    (res.res.cookies as { name: string; httpOnly?: boolean; value: string }[]).find((c) => c.name === '_xsrf')

  test('the first answer sets a readable _xsrf cookie', async () => {
    for (const url of ['/', '/api/sku/list', '/no-such-page', '/docs/json', '/api/user/signin']) {
      const cookie = xsrfCookieOf(await t.client().get(url))
      assert.ok(cookie, url)
      assert.notEqual(cookie.httpOnly, true)
      assert.match(cookie.value, /^[0-9a-f]{32}$/)
    }
  })

  test('the probes, which no page follows with a POST, set no _xsrf cookie', async () => {
    for (const url of ['/healthz', '/readyz']) assert.equal(xsrfCookieOf(await t.client().get(url)), undefined, url)
  })

  test('a POST without the token, with a wrong one, or without the cookie is refused with 403', async () => {
    const c = t.client()
    const token = await c.xsrf()
    const noToken = await c.raw('/api/user/signin', JSON.stringify({ pwd: 'x' }), {
      'content-type': 'application/json',
    })
    assert.equal(noToken.status, 403)
    const wrong = await c.raw('/api/user/signin', JSON.stringify({ pwd: 'x', _xsrf: token.replace(/./, 'z') }), {
      'content-type': 'application/json',
    })
    assert.equal(wrong.status, 403)
    const stranger = t.client()
    const noCookie = await stranger.raw('/api/user/signin', `_xsrf=${token}&pwd=x`, {
      'content-type': 'application/x-www-form-urlencoded',
    })
    assert.equal(noCookie.status, 403)
  })

  test('a token that is not text is refused with 403, never a 500', async () => {
    const c = t.client()
    await c.xsrf()
    const res = await c.raw('/api/user/signin', JSON.stringify({ pwd: 'x', _xsrf: { toString: 1 } }), {
      'content-type': 'application/json',
    })
    assert.equal(res.status, 403)
  })

  test('the token may come as _xsrf field, X-XSRFToken or X-CSRFToken', async () => {
    const c = t.client()
    const token = await c.xsrf()
    const body = JSON.stringify({ mobile_uer_name: '13000000000', pwd: 'x' })
    assert.equal(
      (await c.raw('/api/user/signin', body, { 'content-type': 'application/json', 'x-csrftoken': token })).status,
      200,
    )
    assert.equal(
      (await c.raw('/api/user/signin', body, { 'content-type': 'application/json', 'x-xsrftoken': token })).status,
      200,
    )
    assert.equal((await c.postForm('/api/user/signin', 'mobile_uer_name=13000000000&pwd=x')).status, 200)
  })

  test('XSRF=off turns the check off', async () => {
    const loose = await testApp({ XSRF: 'off' })
    try {
      const res = await loose.app.inject({
        method: 'POST',
        url: '/api/user/signin',
        payload: { mobile_uer_name: '13000000000', pwd: 'x' },
      })
      assert.equal(res.json().code, 121)
    } finally {
      await loose.close()
    }
  })
})

describe('cors', () => {
  test('credentials only for allowed origins', async () => {
    const url = '/api/sku/list'
    const ok = await t.app.inject({ method: 'GET', url, headers: { origin: 'http://www.sfm.com' } })
    assert.equal(ok.headers['access-control-allow-origin'], 'http://www.sfm.com')
    assert.equal(ok.headers['access-control-allow-credentials'], 'true')
    const evil = await t.app.inject({ method: 'GET', url, headers: { origin: 'https://evil.example' } })
    assert.equal(evil.headers['access-control-allow-origin'], undefined)
  })

  test('probes answer no origin: no browser reads them', async () => {
    for (const url of ['/healthz', '/readyz']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { origin: 'http://www.sfm.com' } })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['access-control-allow-origin'], undefined, url)
    }
  })

  test('preflight is answered for allowed origins', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/user/signin',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-xsrftoken',
      },
    })
    assert.equal(res.statusCode, 204)
    assert.equal(res.headers['access-control-allow-origin'], 'https://shop.example')
    assert.match(String(res.headers['access-control-allow-headers']), /X-XSRFToken/i)
  })
})

describe('operations', () => {
  test('/healthz and /readyz', async () => {
    assert.equal((await t.client().get('/healthz')).code, 0)
    assert.equal((await t.client().get('/readyz')).code, 0)
  })

  test('/docs serves the OpenAPI document listing every user route with its parameters', async () => {
    const ui = await t.app.inject({ method: 'GET', url: '/docs' })
    assert.ok(ui.statusCode < 400)
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
    const routes = [
      'send_verify_code',
      'signup',
      'signin',
      'signout',
      'modify_pwd',
      'reset_pwd',
      'modify_user_info',
      'get_user_info',
      'set_auth',
      'request_auth',
      'get_auth',
    ]
    for (const r of routes) assert.ok(doc.paths[`/api/user/${r}`]?.post, r)
    assert.ok(doc.paths['/api/user/get_user_info'].get)
    const signup = doc.paths['/api/user/signup'].post.requestBody.content['application/json'].schema
    assert.deepEqual(Object.keys(signup.properties).sort(), ['mobile', 'pwd', 'sms_verify'])
  })

  test('/docs lists every API route the app serves, with each method it answers', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
    const api = [...t.app.routeTable.entries()].filter(([path]) => path.startsWith('/api/'))
    assert.ok(api.length >= 37, String(api.length))
    for (const [path, routes] of api) {
      for (const { method } of routes)
        if (method !== 'HEAD') assert.ok(doc.paths[path]?.[method.toLowerCase()], `${method} ${path}`)
    }
  })
})
