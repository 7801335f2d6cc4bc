import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import { testApp, type TestApp } from '../../helper.ts'
import { sandboxHelpers, tempDir } from './fixtures.ts'

let t: TestApp
let h: ReturnType<typeof sandboxHelpers>
before(async () => {
  t = await testApp({ DATA_DIR: tempDir('pages') })
  h = sandboxHelpers(t)
})
after(() => t.close())

/** The inline script of a page, compiled (not run) to prove it is valid JavaScript. */
function compileScripts(html: string): number {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
  for (const s of scripts) new Function(s)
  return scripts.length
}

describe('pages', () => {
  test('GET /api/sandbox/pay shows the order, the amount and both buttons, as HTML', async () => {
    const charge = await h.newCharge({ subject: '<b>iPhone</b>' })
    const res = await t.app.inject({ method: 'GET', url: `/api/sandbox/pay?charge_id=${charge.id}` })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/)
    assert.match(res.body, new RegExp(charge.order_no))
    assert.match(res.body, /¥123\.45/)
    assert.match(res.body, />支付</)
    assert.match(res.body, />失败</)
    assert.match(res.body, /\/api\/sandbox\/complete/)
    assert.match(res.body, /&lt;b&gt;iPhone&lt;\/b&gt;/, 'the subject is escaped')
    assert.doesNotMatch(res.body, /<b>iPhone/)
    assert.doesNotMatch(res.body, /<script[^>]+src=/)
    assert.equal(compileScripts(res.body), 1)
    // The page sets the _xsrf cookie its buttons copy into the POST.
    assert.ok(res.cookies.some((c) => c.name === '_xsrf'))

    await h.complete(charge.id)
    const after = await t.app.inject({ method: 'GET', url: `/api/sandbox/pay?charge_id=${charge.id}` })
    assert.match(after.body, /已支付/)
  })

  test('an unknown charge: a friendly 404 page; a missing or bad id: the 400 envelope; POST: 405', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/sandbox/pay?charge_id=ch_nope' })
    assert.equal(unknown.statusCode, 404)
    assert.match(String(unknown.headers['content-type']), /^text\/html/)
    assert.match(unknown.body, /支付单不存在/)
    const missing = await t.client().get('/api/sandbox/pay')
    assert.equal(missing.status, 400)
    assert.equal(missing.code, 100)
    const bad = await t.client().get('/api/sandbox/pay', { charge_id: '../x' })
    assert.equal(bad.status, 400)
    assert.equal((await t.client().post('/api/sandbox/pay', {})).status, 405)
  })

  test("GET /api/static/pay-pc.html: posts pay_params with _xsrf, follows the sandbox pay_url, loads Ping++'s SDK from this server", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/static/pay-pc.html' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/)
    for (const part of [
      '/api/order/pay',
      'pay_params',
      'order_id',
      'success_url',
      '_xsrf',
      'alipay_pc_direct',
      'wx_pub_qr',
      'credential',
      'sandbox',
      'pay_url',
    ]) {
      assert.ok(res.body.includes(part), part)
    }
    // The one script it loads is Ping++'s SDK, from this server, before the page's own script uses it.
    assert.deepEqual(
      [...res.body.matchAll(/<script[^>]+src="([^"]*)"/g)].map((m) => m[1]),
      ['/api/static/pingpp.js'],
    )
    assert.ok(res.body.indexOf('src="/api/static/pingpp.js"') < res.body.indexOf('pingpp.createPayment(charge'))
    assert.doesNotMatch(res.body, /<link[^>]+href=|https?:\/\/[a-z]/)
    assert.equal(compileScripts(res.body), 1)
    assert.equal((await t.client().post('/api/static/pay-pc.html', {})).status, 405)
  })

  test("GET /api/static/pingpp.js: Ping++'s browser SDK as shipped by pingpp-js, as JavaScript", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/static/pingpp.js' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^application\/javascript; charset=utf-8/)
    assert.equal(res.body, readFileSync(createRequire(import.meta.url).resolve('pingpp-js/dist/pingpp.js'), 'utf8'))
    // It defines window.pingpp with createPayment when run as a browser would.
    const window: { pingpp?: { createPayment?: unknown } } = {}
    new Function('window', 'document', 'navigator', 'localStorage', res.body)(
      window,
      { readyState: 'complete', addEventListener() {} },
      { userAgent: 'test' },
      null,
    )
    assert.equal(typeof window.pingpp?.createPayment, 'function')
    assert.equal((await t.client().post('/api/static/pingpp.js', {})).status, 405)
  })
})
