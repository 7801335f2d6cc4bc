import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { generateKeyPairSync } from 'node:crypto'
import type { Browser, BrowserContext } from 'playwright-core'
import type { Charge, ChargeRequest, PaymentProvider } from '../../src/providers/payment/index.ts'
import { freePort, launchChromium } from './browser.ts'
import { signUp, testApp, type TestApp } from '../helper.ts'
import { addAddress, buySku, makeSku } from '../shop.ts'

// A person paying in a real browser: the seed's pay-pc.html demo page, then the sandbox's cashier page.

let t: TestApp
let browser: Browser
let base: string

before(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', PUBLIC_BASE_URL: base })
  await t.app.listen({ host: '127.0.0.1', port })
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await t.close()
})

test('a signed-in customer pays an order on the demo page, the sandbox shows the result, and the link goes back', async () => {
  // The order is made through the API, as the shop's pages would; the browser then carries the same session.
  const { client, userId } = await signUp(t)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000] })
  const order = await buySku(client, await addAddress(client), sku, 1, 10000)
  assert.equal(order.code, 0)

  const context = await browser.newContext({ baseURL: base })
  await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: base })))
  const page = await context.newPage()
  await page.goto('/api/static/pay-pc.html')
  await page.fill('#order_id', order.data)
  await page.click('#pay')
  await page.waitForURL(/\/api\/sandbox\/pay\?charge_id=ch_/)
  assert.match((await page.textContent('body')) ?? '', /¥100\.00/)
  await page.click('#succeeded')
  // The sandbox's own result page tells the outcome; the shop's success_url is a link from it.
  await page.waitForURL(/\/api\/sandbox\/result\?charge_id=ch_/)
  await page.getByRole('heading', { name: '支付成功' }).waitFor()
  assert.match((await page.textContent('body')) ?? '', new RegExp(`订单号${order.data}[\\s\\S]*¥100\\.00`))
  assert.match((await page.textContent('#paid-at')) ?? '', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  // Back on the pay page, nothing can be pressed twice.
  await page.goBack()
  await page.reload()
  assert.equal(await page.locator('#succeeded').isDisabled(), true)
  assert.equal(await page.locator('#failed').isDisabled(), true)
  await page.goForward()
  await page.getByRole('link', { name: '返回商户页面' }).click()
  await page.waitForURL(/result=success/)
  assert.match((await page.textContent('#result')) ?? '', new RegExp(order.data))

  const row = await t.db
    .selectFrom('orders')
    .select(['state', 'user_id'])
    .where('order_id', '=', order.data)
    .executeTakeFirstOrThrow()
  assert.equal(row.state, 1)
  assert.equal(row.user_id, userId)
  await context.close()
})

/** Stands in for Ping++'s API: a live alipay_pc_direct charge whose cashier is a page the test serves on loopback. */
class LivePingppStandIn implements PaymentProvider {
  readonly name = 'pingpp'
  readonly charges: Charge[] = []
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 })

  constructor(private readonly cashierUrl: string) {}

  async createCharge(req: ChargeRequest): Promise<Charge> {
    const charge: Charge = {
      id: 'ch_live000000000000000001',
      object: 'charge',
      livemode: true,
      paid: false,
      app: 'app_live',
      channel: req.channel,
      order_no: req.orderNo,
      amount: req.amountFen,
      currency: 'cny',
      time_paid: null,
      time_expire: req.timeExpire - 60,
      transaction_no: null,
      metadata: req.metadata,
      extra: {},
      credential: {
        object: 'credential',
        alipay_pc_direct: {
          channel_url: this.cashierUrl,
          service: 'create_direct_pay_by_user',
          out_trade_no: req.orderNo,
          total_fee: (req.amountFen / 100).toFixed(2),
          sign: 'signed-by-ping++',
        },
      },
    }
    this.charges.push(charge)
    return charge
  }

  async refund(): Promise<never> {
    throw new Error('not in this test')
  }

  async retrieveRefund(): Promise<never> {
    throw new Error('not in this test')
  }

  async closeCharge(): Promise<void> {}

  async retryDeliveries(): Promise<number> {
    return 0
  }

  async webhookPublicKey() {
    return this.keys.publicKey
  }
}

test("a real charge: the demo page loads Ping++'s SDK from this server and hands it the charge", async () => {
  const port = await freePort()
  const live = `http://127.0.0.1:${port}`
  const cashier = `${live}/alipay-cashier/gateway.do`
  const provider = new LivePingppStandIn(cashier)
  const shop = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', PUBLIC_BASE_URL: live }, { payments: provider })
  let context: BrowserContext | undefined
  try {
    await shop.app.listen({ host: '127.0.0.1', port })
    const { client } = await signUp(shop)
    const sku = await makeSku(shop, { price: 100000, firstPay: [10000] })
    const order = await buySku(client, await addAddress(client), sku, 1, 10000)
    assert.equal(order.code, 0)

    context = await browser.newContext({ baseURL: live })
    await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: live })))
    // Nothing leaves this machine: anything not on loopback is refused and noted.
    const outside: string[] = []
    const scripts: string[] = []
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (route.request().resourceType() === 'script') scripts.push(url)
      if (url.startsWith(cashier))
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<h1>支付宝收银台</h1>' })
      if (new URL(url).hostname !== '127.0.0.1') {
        outside.push(url)
        return route.abort()
      }
      return route.continue()
    })
    // Records what the page hands the SDK, then lets the SDK do its work.
    const handed: unknown[] = []
    await context.exposeFunction('recordHandedCharge', (charge: unknown) => handed.push(charge))
    // Plain text, not a function: tsx's compiled functions call helpers the browser does not have.
    await context.addInitScript(`
      let sdk
      Object.defineProperty(window, 'pingpp', {
        configurable: true,
        get: () => sdk,
        set: (value) => {
          const createPayment = value.createPayment.bind(value)
          value.createPayment = (charge, ...rest) => {
            window.recordHandedCharge(JSON.parse(JSON.stringify(charge)))
            return createPayment(charge, ...rest)
          }
          sdk = value
        },
      })`)
    const page = await context.newPage()
    await page.goto('/api/static/pay-pc.html')
    assert.equal(
      await page.evaluate(
        () => typeof (window as unknown as { pingpp?: { createPayment?: unknown } }).pingpp?.createPayment,
      ),
      'function',
    )
    assert.deepEqual(scripts, [`${live}/api/static/pingpp.js`])
    await page.fill('#order_id', order.data)
    await page.click('#pay')
    // The SDK sends the browser to the channel's cashier with the credential Ping++ signed.
    await page.waitForURL((url) => url.href.startsWith(cashier))
    const query = new URL(page.url()).searchParams
    assert.equal(query.get('out_trade_no'), order.data)
    assert.equal(query.get('sign'), 'signed-by-ping++')
    assert.equal(query.get('_input_charset'), 'utf-8')
    assert.equal(handed.length, 1)
    assert.deepEqual(handed[0], JSON.parse(JSON.stringify(provider.charges[0])))
    assert.deepEqual(outside, [])
    const row = await shop.db
      .selectFrom('orders')
      .select('state')
      .where('order_id', '=', order.data)
      .executeTakeFirstOrThrow()
    assert.equal(row.state, 99)
  } finally {
    await context?.close()
    await shop.close()
  }
})

test('the pay buttons are off while a payment is under way and after it; a failed try turns them back on', async () => {
  const { client } = await signUp(t)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000] })
  const order = await buySku(client, await addAddress(client), sku, 1, 10000)
  const charge = await client.post('/api/order/pay', { pay_params: { order_id: order.data, channel: 'wx_pub_qr' } })
  assert.equal(charge.code, 0, JSON.stringify(charge.body))
  const context = await browser.newContext({ baseURL: base })
  const page = await context.newPage()
  // The answer to 支付 is held back, so the page is seen while it waits.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  await page.route('**/api/sandbox/complete', async (route) => {
    await held
    await route.continue()
  })
  await page.goto(charge.data.credential.sandbox.pay_url)
  await page.click('#failed')
  await page.waitForFunction(() => (document.getElementById('succeeded') as HTMLButtonElement).disabled)
  release()
  await page.locator('#result', { hasText: '支付失败(模拟)' }).waitFor()
  assert.equal(await page.locator('#succeeded').isDisabled(), false, 'a failed try can be tried again')
  await page.click('#succeeded')
  await page.waitForURL(/\/api\/sandbox\/result/)
  assert.match((await page.textContent('body')) ?? '', /支付成功[\s\S]*微信扫码/)
  await context.close()
})
