import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { advanceRefunds } from '../../src/modules/payment/index.ts'
import type { Refund, RefundRequest } from '../../src/providers/payment/index.ts'
import { nowSeconds } from '../../src/time.ts'
import { makeAdmin } from '../admin.ts'
import { freePort, launchChromium } from './browser.ts'
import { signUp, testApp, type Client, type TestApp } from '../helper.ts'
import { addAddress, buySku, cardOf, paidAnyway } from '../shop.ts'

// People using the /admin console in a real browser, against the real admin API.
// SFM_SCREENSHOTS=docs npm run test:e2e also saves the README's screenshots there.
let t: TestApp
let browser: Browser
let base: string
const BOSS = { name: 'boss', pwd: 'boss-password-1' }
const screenshots = process.env.SFM_SCREENSHOTS

before(async () => {
  const port = await freePort()
  base = `http://127.0.0.1:${port}`
  t = await testApp({
    CREDIT_DEFAULT_AMOUNT: '1000000',
    PUBLIC_BASE_URL: base,
    SFM_ADMIN_NAME: BOSS.name,
    SFM_ADMIN_PASSWORD: BOSS.pwd,
  })
  await t.app.listen({ host: '127.0.0.1', port })
  browser = await launchChromium()
})
after(async () => {
  await browser?.close()
  await t.close()
})

/** A browser of its own, signed in through the console's form; page errors fail the test. */
async function signedIn(who: { name: string; pwd: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('pageerror', (err) => assert.fail(`the console threw: ${err.message}`))
  await page.goto('/admin')
  await page.getByLabel('账号').fill(who.name)
  await page.getByLabel('密码').fill(who.pwd)
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('header .who', { hasText: who.name }).waitFor()
  return page
}

async function shot(page: Page, name: string): Promise<void> {
  if (!screenshots) return
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true })
}

const pay = (client: Client, order_id: string) =>
  client.post('/api/order/pay', { pay_params: { order_id, channel: 'alipay_pc_direct', success_url: `${base}/` } })

/** A customer's order of one of the demo SKUs, paid through the sandbox: state 1, waiting to be shipped. */
async function paidOrder(sku = 'ad501', first = 119900) {
  const customer = await signUp(t)
  const order = await buySku(customer.client, await addAddress(customer.client), sku, 1, first)
  assert.equal(order.code, 0)
  const charge = await pay(customer.client, order.data)
  assert.equal(
    (await customer.client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })).code,
    0,
  )
  return { ...customer, orderId: order.data as string }
}

const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()

test('an admin finds a paid order by the customer’s mobile, ships it, and sees 已发货 with their name in the history', async () => {
  const { orderId, mobile } = await paidOrder()
  await paidOrder() // someone else's order, which the filter must leave out
  const page = await signedIn(BOSS)

  await page.getByLabel('手机号(前几位即可)').fill(mobile)
  await page.getByLabel('状态').selectOption('need_send')
  await page.getByRole('button', { name: '查询' }).click()
  const rows = page.locator('table.list tbody tr')
  // The filtered answer replaces the list the page opened with; wait for it rather than the first rows seen.
  await page.locator('table.list tbody tr', { hasText: orderId }).waitFor()
  await page.waitForFunction(() => document.querySelectorAll('table.list tbody tr').length === 1)
  assert.equal(await rows.count(), 1)
  assert.match((await rows.first().textContent()) ?? '', /¥5,999\.00.*¥1,199\.00.*¥4,800\.00.*已付款待发货/)

  await page.getByRole('link', { name: orderId }).click()
  await page.getByRole('heading', { name: new RegExp(`订单 ${orderId}`) }).waitFor()
  await page.getByLabel('快递公司').fill('顺丰速运')
  await page.getByLabel('运单号').fill('SF1234567890')
  await page.getByRole('button', { name: '确认发货' }).click()

  await page.locator('h2 .badge', { hasText: '已发货' }).waitFor()
  await page
    .locator('table.history tr', { hasText: 'SF1234567890' })
    .filter({ hasText: `管理员 ${BOSS.name}` })
    .waitFor()
  assert.match((await page.locator('dd', { hasText: '顺丰速运' }).textContent()) ?? '', /SF1234567890/)
  await shot(page, 'admin-order-detail')
  const row = await orderRow(orderId)
  assert.equal(row.state, 2)
  assert.equal(row.logistics, '顺丰速运')
  assert.equal(row.logistics_id, 'SF1234567890')
  await page.context().close()
})

test('a refused action is shown in words: shipping an order someone else just shipped', async () => {
  const { orderId } = await paidOrder()
  const page = await signedIn(BOSS)
  await page.goto(`/admin#/orders/${orderId}`)
  await page.getByLabel('快递公司').fill('中通快递')
  await page.getByLabel('运单号').fill('ZT1')
  // Another admin ships it first, while this page is open.
  const other = await makeAdmin(t, 'operator')
  assert.equal(
    (await other.client.post('/api/order/send_out', { order_id: orderId, logistics: '圆通速递', logistics_id: 'YT1' }))
      .code,
    0,
  )
  await page.getByRole('button', { name: '确认发货' }).click()
  const alert = page.getByRole('alert')
  await alert.waitFor()
  assert.equal(await alert.textContent(), '确认发货失败')
  await page.context().close()
})

test('an admin refunds a paid order with a reason, after confirming it', async () => {
  const { orderId } = await paidOrder()
  const page = await signedIn(BOSS)
  await page.goto(`/admin#/orders/${orderId}`)
  await page.getByRole('button', { name: '退款…' }).click()
  await page.getByRole('alert').filter({ hasText: '请填写退款原因' }).waitFor()
  await page.getByLabel('退款原因').fill('客户不想要了')
  await page.getByRole('button', { name: '退款…' }).click()
  const dialog = page.getByRole('dialog', { name: '确认退款' })
  assert.match((await dialog.textContent()) ?? '', /¥1,199\.00/)
  await dialog.getByRole('button', { name: '取消' }).click()
  assert.equal((await orderRow(orderId)).state, 1, 'cancelling the dialog refunds nothing')

  await page.getByRole('button', { name: '退款…' }).click()
  await page.getByRole('dialog', { name: '确认退款' }).getByRole('button', { name: '确认退款' }).click()
  // The sandbox refunds at once: the order is refunded before the page reloads it.
  await page.locator('.notice.ok', { hasText: '退款完成' }).waitFor()
  await page.locator('h2 .badge', { hasText: '已退款' }).waitFor()
  assert.equal(await page.locator('dd', { hasText: '已随退款退回' }).count(), 1)
  await page
    .locator('table.history tr', { hasText: '客户不想要了' })
    .filter({ hasText: `管理员 ${BOSS.name}` })
    .waitFor()
  await page.context().close()
})

test('an admin raises a card’s limit and sees the new remaining credit', async () => {
  const customer = await paidOrder('ad503', 14900)
  const card = await cardOf(t, customer.userId)
  assert.equal(card.remain_amount, 865000) // ¥10,000 limit, ¥1,350 owed on the paid order

  const page = await signedIn(BOSS)
  await page.getByRole('link', { name: '额度卡' }).click()
  await page.getByLabel('手机号(前几位即可)').fill(customer.mobile)
  await page.getByRole('button', { name: '查询' }).click()
  await page.getByRole('link', { name: card.card_id }).click()
  await page.locator('dd.remain', { hasText: '¥8,650.00' }).waitFor()
  await page.getByRole('link', { name: customer.orderId }).waitFor()

  await page.getByLabel('增加金额(元,减少填负数)').fill('5000.50')
  await page.locator('p', { hasText: '调整后:额度 ¥10,000.00 → ¥15,000.50,可用 ¥8,650.00 → ¥13,650.50' }).waitFor()
  // Money moves only after a confirmation that shows what the card becomes.
  await page.getByRole('button', { name: '调整…' }).click()
  const dialog = page.getByRole('dialog', { name: '确认提高额度' })
  assert.match(
    (await dialog.textContent()) ?? '',
    /提高 ¥5,000\.50.*额度 ¥10,000\.00 → ¥15,000\.50,可用 ¥8,650\.00 → ¥13,650\.50/,
  )
  await dialog.getByRole('button', { name: '取消' }).click()
  assert.equal((await cardOf(t, customer.userId)).amount, 1000000, 'cancelling the dialog changes nothing')
  await page.getByRole('button', { name: '调整…' }).click()
  await page.getByRole('dialog', { name: '确认提高额度' }).getByRole('button', { name: '确认提高' }).click()
  await page.locator('.notice.ok', { hasText: '额度已提高 ¥5,000.50:现在额度 ¥15,000.50,可用 ¥13,650.50' }).waitFor()
  await page.locator('dd.remain', { hasText: '¥13,650.50' }).waitFor()
  assert.equal(await page.locator('dd.amount').textContent(), '¥15,000.50')
  assert.equal(
    await page.getByLabel('增加金额(元,减少填负数)').inputValue(),
    '',
    'the amount is cleared, so it cannot be sent twice by accident',
  )
  await page
    .locator('table.history tr', { hasText: `管理员 ${BOSS.name}` })
    .first()
    .waitFor()
  await shot(page, 'admin-card')
  const after = await cardOf(t, customer.userId)
  assert.equal(after.amount, 1500050)
  assert.equal(after.remain_amount, 1365050)
  await page.context().close()
})

test('an admin approves an identity from the pending list', async () => {
  const customer = await signUp(t)
  const submitted = await customer.client.post('/api/user/set_auth', {
    real_name: '张三',
    id_code: '11010519491231002X',
    id_card_up: `${base}/nothing/front.jpg`,
    id_card_down: 'https://elsewhere.example/back.jpg',
  })
  assert.equal(submitted.code, 0, JSON.stringify(submitted.body))

  const page = await signedIn(BOSS)
  await page.getByRole('link', { name: '实名审核' }).click()
  const item = page.getByRole('article', { name: '实名认证 张三' }).filter({ hasText: customer.mobile })
  await item.waitFor()
  // An image elsewhere is never loaded by the reviewer's browser: it is a link to open on purpose.
  assert.equal(await item.getByRole('img').count(), 0)
  assert.equal(
    await item.getByRole('link', { name: '打开图片(elsewhere.example)' }).getAttribute('href'),
    'https://elsewhere.example/back.jpg',
  )
  await item.getByRole('textbox', { name: '备注' }).fill('证件清晰')
  await item.getByRole('button', { name: '通过' }).click()
  await page.locator('.notice.ok', { hasText: '张三 的实名认证已通过' }).waitFor()
  await item.waitFor({ state: 'detached' })

  const auth = await customer.client.get('/api/user/get_auth')
  assert.equal(auth.data.pass, 1)
  assert.equal(auth.data.note, '证件清晰')
  await page.context().close()
})

test('an admin creates a SKU that then appears in /api/sku/list', async () => {
  const skuId = `e2e${process.pid}`
  const page = await signedIn(BOSS)
  await page.getByRole('link', { name: '商品' }).click()
  await page.getByRole('button', { name: '新建商品' }).click()
  const form = page.getByRole('form', { name: '新建商品' })
  await form.getByLabel('商品编号').fill(skuId)
  await form.getByLabel('名称').fill('华为 Mate 60 Pro 12+512G')
  await form.getByLabel('价格(元)').fill('6999.90')
  await form.getByLabel('首付选项(元,逗号分开)').fill('699.99, 1400')
  await form.getByLabel('运费(元)').fill('12.5')
  await form.getByLabel('初始库存').fill('30')
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `商品 ${skuId} 已创建` }).waitFor()

  const list = await t.client().get('/api/sku/list', { count: '100' })
  const sku = list.data.sku_list.find((s: { sku_id: string }) => s.sku_id === skuId)
  assert.ok(sku, 'the new SKU is on sale')
  assert.equal(sku.real_price, 699990)
  assert.deepEqual(sku.first_pay, [69999, 140000])
  assert.equal(sku.postfee, 1250)
  assert.equal(sku.stock, 30)

  await page.locator('tr', { hasText: skuId }).getByRole('button', { name: '库存' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('库存(件)').fill('7')
  await dialog.getByRole('button', { name: '确定' }).click()
  await page.locator('tr', { hasText: skuId }).locator('td.num', { hasText: /^7$/ }).waitFor()
  await page.context().close()
})

test('an operator is refused the credit-limit page with a message, not a blank screen', async () => {
  // Made by the boss through the admin API, as the console's own accounts page would.
  const operator = { name: 'xiaowang', pwd: 'operator-pass-1' }
  const boss = t.client()
  assert.equal((await boss.post('/api/admin/signin', BOSS)).code, 0)
  assert.equal((await boss.post('/api/admin/create', { ...operator, role: 'operator' })).code, 0)
  const page = await signedIn(operator)
  await page.goto('/admin#/cards')
  const refusal = page.getByRole('alert')
  await refusal.waitFor()
  assert.match((await refusal.textContent()) ?? '', /没有权限.*管理员/)
  assert.equal(await page.locator('table.list').count(), 0)
  // The orders are theirs to handle.
  await page.getByRole('link', { name: '订单' }).click()
  await page.locator('table.list').waitFor()
  await shot(page, 'admin-orders')
  await page.context().close()
})

test('an admin creates an operator, disables them, and is told in words they cannot demote the last admin', async () => {
  const name = `xiaoli${process.pid}`
  const page = await signedIn(BOSS)
  await page.getByRole('link', { name: '管理员账号' }).click()
  const form = page.getByRole('form', { name: '新建管理员' })
  await form.getByLabel('账号').fill(name)
  await form.getByLabel('初始密码').fill('operator-pass-1')
  await form.getByLabel('再输一次').fill('operator-pass-1')
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `已创建运营账号 ${name}` }).waitFor()
  const row = page.locator('tr', { hasText: name })
  assert.equal(await row.getByRole('combobox').inputValue(), 'operator')

  await row.getByRole('button', { name: '停用' }).click()
  await row.getByText('已停用').waitFor()
  assert.equal(
    (await t.db.selectFrom('admins').select('disabled').where('name', '=', name).executeTakeFirstOrThrow()).disabled,
    1,
  )

  const mine = page.locator('tr', { hasText: '(我)' })
  await mine.getByRole('combobox').selectOption('operator')
  const dialog = page.getByRole('dialog', { name: '确认修改角色' })
  assert.match((await dialog.textContent()) ?? '', /从管理员改为运营.*这是你自己的账号/)
  await dialog.getByRole('button', { name: '确定' }).click()
  await dialog.getByRole('alert').filter({ hasText: '不能停用或降级最后一个可用的管理员' }).waitFor()
  await dialog.getByRole('button', { name: '取消' }).click()
  assert.equal(await mine.getByRole('combobox').inputValue(), 'admin')
  await page.context().close()
})

test('a session that ends or loses its role mid-way is told so in words', async () => {
  const who = await makeAdmin(t, 'admin', false)
  const page = await signedIn(who)
  const boss = t.client()
  assert.equal((await boss.post('/api/admin/signin', BOSS)).code, 0)

  // Demoted while the console still thinks they are an admin: the API's refusal is shown.
  assert.equal((await boss.post('/api/admin/set_role', { admin_id: who.id, role: 'operator' })).code, 0)
  await page.getByRole('link', { name: '额度卡' }).click()
  const refusal = page.getByRole('alert')
  await refusal.waitFor()
  assert.equal(await refusal.textContent(), '没有权限执行此操作')

  // Disabled: the next call answers 401 and the console asks them to sign in again.
  assert.equal((await boss.post('/api/admin/set_disabled', { admin_id: who.id, disabled: 1 })).code, 0)
  await page.getByRole('link', { name: '订单' }).click()
  await page.getByRole('status').filter({ hasText: '登录已失效,请重新登录' }).waitFor()
  await page.getByRole('button', { name: '登录' }).waitFor()
  await page.context().close()
})

test('signing out ends the session: a reload shows the sign-in form', async () => {
  const page = await signedIn(BOSS)
  await page.getByRole('button', { name: '退出' }).click()
  await page.getByRole('button', { name: '登录' }).waitFor()
  await page.reload()
  await page.getByRole('button', { name: '登录' }).waitFor()
  assert.equal(await page.locator('header').count(), 0)
  await page.context().close()
})

test('money paid for a cancelled order is given back by itself, and the order’s page shows it', async () => {
  const customer = await signUp(t)
  const order = await buySku(customer.client, await addAddress(customer.client), 'ad503', 1, 14900)
  const charge = await pay(customer.client, order.data)
  assert.equal(
    (await customer.client.post('/api/order/cancel_order', { order_id: order.data, reason: '不想要了' })).code,
    0,
  )
  // The provider took the money before it heard of the close: it arrives for a cancelled order.
  await paidAnyway(t, customer.client, charge.data.id)
  // The worker's run asks the provider for the refund that arrival queued.
  await advanceRefunds(t.app.deps, nowSeconds())

  const page = await signedIn(BOSS)
  await page.goto(`/admin#/orders/${order.data}`)
  await page.locator('h2 .badge', { hasText: '已取消' }).waitFor()
  await page.locator('tr', { hasText: '¥159.00' }).getByText('已退回').waitFor()
  assert.equal(
    await page.getByRole('form', { name: '退款' }).count(),
    0,
    'a cancelled order is not refunded as a whole',
  )
  assert.equal(await page.getByRole('form', { name: '退回多收款项' }).count(), 0, 'nothing is left to give back')
  await page.context().close()
})

test('a refund the channel fails for good stays in sight: the refunds page, the order’s page, and a new refund', async () => {
  const { orderId } = await paidOrder()
  // A channel that takes the refund as pending and, looked up later, says it failed.
  const real = t.app.deps.payments
  const refund = (req: { chargeId: string; amountFen: number }, status: Refund['status']): Refund => ({
    id: 're_e2e',
    object: 'refund',
    amount: req.amountFen,
    succeed: status === 'succeeded',
    status,
    charge: req.chargeId,
    charge_order_no: orderId,
    description: '',
    metadata: { type: 'order_pay' },
    failure_msg: status === 'failed' ? '银行卡已注销' : null,
  })
  t.app.deps.payments = Object.assign(Object.create(real), {
    refund: async (req: RefundRequest) => refund(req, 'pending'),
    retrieveRefund: async (chargeId: string) => refund({ chargeId, amountFen: 119900 }, 'failed'),
  })
  const page = await signedIn(BOSS)
  try {
    await page.goto(`/admin#/orders/${orderId}`)
    await page.getByLabel('退款原因').fill('七天无理由')
    await page.getByRole('button', { name: '退款…' }).click()
    await page.getByRole('dialog', { name: '确认退款' }).getByRole('button', { name: '确认退款' }).click()
    await page.getByRole('heading', { name: '退款进行中' }).waitFor()
    assert.equal(
      await page.getByRole('button', { name: '确认发货' }).count(),
      0,
      'no shipping while the money goes back',
    )
    await page.locator('tr', { hasText: '七天无理由' }).getByText('退款处理中').waitFor()
    // The worker looks it up later and the channel says it failed.
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds() + 3600, orderId), 1)
  } finally {
    t.app.deps.payments = real
  }

  await page.getByRole('link', { name: '退款', exact: true }).click()
  await page.getByLabel('状态').selectOption('failed')
  await page.getByRole('button', { name: '查询' }).click()
  const row = page.locator('tr', { hasText: orderId })
  await row.getByText('退款失败').waitFor()
  assert.match((await row.textContent()) ?? '', /¥1,199\.00.*七天无理由.*银行卡已注销/)

  await row.getByRole('link', { name: orderId }).click()
  await page.locator('h2 .badge', { hasText: '已付款待发货' }).waitFor()
  await page.locator('table.history tr', { hasText: '银行卡已注销' }).waitFor()
  await page.getByLabel('退款原因').fill('再退一次')
  await page.getByRole('button', { name: '退款…' }).click()
  await page.getByRole('dialog', { name: '确认退款' }).getByRole('button', { name: '确认退款' }).click()
  await page.locator('h2 .badge', { hasText: '已退款' }).waitFor()
  await page.locator('tr', { hasText: '再退一次' }).getByText('已退款').waitFor()
  await page.locator('tr', { hasText: '七天无理由' }).getByText('退款失败').waitFor()
  await page.context().close()
})

test('an admin creates a coupon in the console; a customer uses it through prepare_order and commit_order; the admin sees who used it', async () => {
  const code = `E2E${process.pid}`
  const pad = (n: number) => String(n).padStart(2, '0')
  const local = (d: Date) =>
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
  const page = await signedIn(BOSS)
  await page.getByRole('link', { name: '优惠券' }).click()
  await page.getByRole('button', { name: '新建优惠券' }).click()
  const form = page.getByRole('form', { name: '新建优惠券' })
  await form.getByLabel('优惠券代码').fill(code)
  await form.getByLabel('减免金额(元)').fill('50')
  await form.getByLabel('开始时间').fill(local(new Date(Date.now() - 3600_000)))
  await form.getByLabel('结束时间').fill(local(new Date(Date.now() - 7200_000)))
  await form.getByRole('button', { name: '创建' }).click()
  await form.getByRole('alert').filter({ hasText: '结束时间不能早于开始时间' }).waitFor()
  await form.getByLabel('结束时间').fill(local(new Date(Date.now() + 3600_000)))
  await form.getByRole('button', { name: '创建' }).click()
  await page.locator('.notice.ok', { hasText: `优惠券 ${code} 已创建` }).waitFor()
  const row = page.locator('tr', { hasText: code })
  await row.getByRole('button', { name: '编辑' }).click()
  const edit = page.getByRole('form', { name: '编辑优惠券' })
  await edit.getByLabel('类型').selectOption('percent')
  await edit.getByLabel('折扣(%)').fill('10')
  await edit.getByLabel('最多减免(元,不限填0)').fill('50')
  await edit.getByLabel('结束时间').fill(local(new Date(Date.now() + 86400_000)))
  await edit.getByLabel('总次数(不限填0)').fill('2')
  await edit.getByRole('button', { name: '保存' }).click()
  await page.locator('.notice.ok', { hasText: `优惠券 ${code} 已保存` }).waitFor()
  assert.match((await row.textContent()) ?? '', /10%,最多减¥50\.00.*0 \/ 2/)
  await shot(page, 'admin-coupons')

  // The seed's front end: quote with the code, then commit with it.
  const customer = await signUp(t)
  const lines = { order_type: 'sku', sku_list: [{ sku_id: 'ad501', sku_count: 1, first_price: 119900 }] }
  const quote = await customer.client.post('/api/order/prepare_order', { ...lines, coupon_code: code.toLowerCase() })
  assert.equal(quote.code, 0, JSON.stringify(quote.body))
  assert.equal(quote.data.favour_amount, -5000)
  assert.equal(quote.data.pay_amount, 119900 - 5000)
  const order = await customer.client.post('/api/order/commit_order', {
    ...lines,
    address_id: await addAddress(customer.client),
    coupon_code: code,
  })
  assert.equal(order.code, 0, JSON.stringify(order.body))
  assert.equal((await orderRow(order.data)).favour_amount, -5000)

  await page.reload()
  await row.getByText('1 / 2').waitFor()
  await row.getByRole('link', { name: '使用记录' }).click()
  await page.getByRole('heading', { name: `优惠券 ${code.toUpperCase()} 的使用记录` }).waitFor()
  const used = page.locator('tr', { hasText: order.data })
  assert.match((await used.textContent()) ?? '', new RegExp(`${customer.mobile}.*¥50\\.00.*未支付`))
  await used.getByRole('link', { name: order.data }).click()
  await page.getByRole('heading', { name: new RegExp(`订单 ${order.data}`) }).waitFor()
  await page.locator('dd', { hasText: `优惠券 ${code.toUpperCase()}` }).waitFor()
  assert.match((await page.locator('dd', { hasText: '优惠券' }).textContent()) ?? '', /-¥50\.00.*10%/)

  // Switched off in the console, the code stops working for customers.
  await page.getByRole('link', { name: '返回优惠券使用记录' }).click()
  await page.getByRole('link', { name: '← 返回优惠券列表' }).click()
  await row.getByRole('button', { name: '停用' }).click()
  await page.locator('.notice.ok', { hasText: `优惠券 ${code.toUpperCase()} 已停用` }).waitFor()
  assert.equal((await customer.client.post('/api/order/prepare_order', { ...lines, coupon_code: code })).code, 280)
  await page.context().close()
})
