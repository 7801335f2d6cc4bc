import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import { yuan } from '../../../src/providers/payment/pages.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { chargeRequest, sandboxHelpers, tempDir } from './fixtures.ts'

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
    assert.match(res.body, /<td>订单号<\/td><td>\d+<\/td>/)
    assert.match(res.body, /<td>用途<\/td><td>订单首付<\/td>/)
    assert.match(res.body, />支付</)
    assert.match(res.body, />失败</)
    assert.match(res.body, /\/api\/sandbox\/complete/)
    assert.match(res.body, /&lt;b&gt;iPhone&lt;\/b&gt;/, 'the subject is escaped')
    assert.doesNotMatch(res.body, /<b>iPhone/)
    assert.doesNotMatch(res.body, /<script[^>]+src=/)
    assert.equal(compileScripts(res.body), 1)
    // The page sets the _xsrf cookie its buttons copy into the POST.
    assert.ok(res.cookies.some((c) => c.name === '_xsrf'))

    assert.doesNotMatch(res.body, /<button[^>]*disabled/)

    await h.complete(charge.id)
    const after = await t.app.inject({ method: 'GET', url: `/api/sandbox/pay?charge_id=${charge.id}` })
    assert.match(after.body, /已支付/)
    // Paid: both buttons are off, and the page points to the result.
    assert.equal([...after.body.matchAll(/<button[^>]*\bdisabled\b[^>]*>/g)].length, 2)
    assert.ok(after.body.includes(`href="/api/sandbox/result?charge_id=${charge.id}"`))
  })

  test('amounts read as the console writes them: grouped, two decimals', async () => {
    const fmt = await import(new URL('../../../src/admin-ui/web/format.js', import.meta.url).href)
    for (const fen of [0, 7, 99, 100, 12_345, 123_456, 100_000_000, 999_999_999_999, -1999]) {
      assert.equal(yuan(fen), fmt.yuan(fen), String(fen))
    }
    assert.equal(yuan(123_456_789), '¥1,234,567.89')
    const big = await t.app.deps.payments.createCharge(chargeRequest({ amountFen: 123_456_789 }))
    const res = await t.app.inject({ method: 'GET', url: `/api/sandbox/pay?charge_id=${big.id}` })
    assert.match(res.body, /<td>金额<\/td><td>¥1,234,567\.89<\/td>/)
  })

  test('a repayment shows the order it repays as 订单号, never its own charge number', async () => {
    const orderId = '2026120100000042'
    const repay = await t.app.deps.payments.createCharge(
      chargeRequest({ orderNo: `${orderId}R1a2b3c4d`, metadata: { type: 'card_pay', order_id: orderId } }),
    )
    for (const url of [`/api/sandbox/pay?charge_id=${repay.id}`, `/api/sandbox/result?charge_id=${repay.id}`]) {
      const res = await t.app.inject({ method: 'GET', url })
      assert.match(res.body, new RegExp(`<td>订单号</td><td>${orderId}</td>`), url)
      assert.match(res.body, /<td>用途<\/td><td>额度卡还款<\/td>/, url)
      assert.doesNotMatch(res.body, /R1a2b3c4d/, url)
    }
  })

  test('GET /api/sandbox/result: the outcome from the database and a link back to success_url, never a redirect', async () => {
    const charge = await h.newCharge()
    const before = await t.app.inject({ method: 'GET', url: `/api/sandbox/result?charge_id=${charge.id}` })
    assert.equal(before.statusCode, 200)
    assert.match(before.body, /<h1>尚未支付<\/h1>/)
    assert.ok(before.body.includes(`href="/api/sandbox/pay?charge_id=${charge.id}"`))

    await h.complete(charge.id)
    const res = await t.app.inject({ method: 'GET', url: `/api/sandbox/result?charge_id=${charge.id}` })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/html; charset=utf-8/)
    assert.match(res.body, /<h1 class="ok">支付成功<\/h1>/)
    assert.match(res.body, /<td>金额<\/td><td>¥123\.45<\/td>/)
    assert.match(res.body, /<td>交易号<\/td><td>SBX\d+<\/td>/)
    assert.ok(res.body.includes('id="back" href="https://shop.example/order/pay_complete?order_id='))
    assert.doesNotMatch(res.body, /location\.(href|replace|assign)|http-equiv="refresh"/i)
    assert.equal(compileScripts(res.body), 1)

    const none = await t.app.inject({ method: 'GET', url: '/api/sandbox/result?charge_id=ch_nope' })
    assert.equal(none.statusCode, 404)
    assert.match(none.body, /支付单不存在/)
  })

  test('wx_pub_qr keeps success_url: its result page links back too', async () => {
    const charge = await h.newCharge({ channel: 'wx_pub_qr' })
    await h.complete(charge.id)
    const done = await h.complete(charge.id)
    assert.equal(done.data.success_url, chargeRequest().successUrl)
    const res = await t.app.inject({ method: 'GET', url: `/api/sandbox/result?charge_id=${charge.id}` })
    assert.match(res.body, /<td>支付方式<\/td><td>微信扫码<\/td>/)
    assert.ok(res.body.includes('id="back" href="https://shop.example/order/pay_complete?order_id='))
  })

  test('no success_url: the result page offers no link back', async () => {
    const charge = await h.newCharge({ successUrl: undefined })
    await h.complete(charge.id)
    const res = await t.app.inject({ method: 'GET', url: `/api/sandbox/result?charge_id=${charge.id}` })
    assert.match(res.body, /支付成功/)
    assert.doesNotMatch(res.body, /id="back"/)
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
