import assert from 'node:assert/strict'
import { createServer, type AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { chromium, type Browser } from 'playwright-core'
import { signUp, testApp, type TestApp } from '../helper.ts'
import { addAddress, buySku, makeSku } from '../shop.ts'

// A person paying in a real browser: the seed's pay-pc.html demo page, then the sandbox's cashier page.
let t: TestApp
let browser: Browser
let base: string

/** A port nobody listens on now, so the sandbox's links can name it before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

before(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', PUBLIC_BASE_URL: base })
  await t.app.listen({ host: '127.0.0.1', port })
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})
after(async () => {
  await browser?.close()
  await t.close()
})

test('a signed-in customer pays an order on the demo page and the sandbox completes it', async () => {
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
  await page.waitForURL(/result=success/)
  assert.match((await page.textContent('#result')) ?? '', new RegExp(order.data))

  const row = await t.db.selectFrom('orders').select(['state', 'user_id']).where('order_id', '=', order.data).executeTakeFirstOrThrow()
  assert.equal(row.state, 1)
  assert.equal(row.user_id, userId)
  await context.close()
})
