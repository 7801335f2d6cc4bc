import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { customerOrder } from '../shop.ts'
import { BOSS, type ConsoleRun, PHONE, shot, signedIn, startConsole } from './console.ts'

// The console on a phone (390 CSS pixels): every page fits the width (wide tables scroll inside
// their own box), the menu and 退出 can be read and tapped, and an operator finds, ships and
// refunds an order from there.
let run: ConsoleRun
before(async () => {
  run = await startConsole()
})
after(() => run?.close())

/** How far the page is wider than the screen (0 when it fits), and what sticks out. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !el.closest('.scroll'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
    return { by: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) }
  })
}

async function fits(page: Page, what: string): Promise<void> {
  assert.deepEqual(await overflow(page), { by: 0, wide: [] }, `${what} is wider than the phone`)
}

test('every page fits a 390 px screen; the menu and 退出 are whole and inside it', async () => {
  const { orderId } = await customerOrder(run.t)
  const refunded = await customerOrder(run.t)
  const boss = run.t.client()
  assert.equal((await boss.post('/api/admin/signin', BOSS)).code, 0)
  assert.equal((await boss.post('/api/order/refund', { order_id: refunded.orderId, reason: '客户取消' })).code, 0)
  const image = `${run.base}/nothing/front.jpg`
  await refunded.client.post('/api/user/set_auth', {
    real_name: '王五',
    id_code: '11010519491231002X',
    id_card_up: image,
    id_card_down: image,
  })
  const coupon = await boss.post('/api/coupon/save', {
    code: `PHONE${process.pid}`,
    kind: 'percent',
    value: 10,
    max_off: 5000,
    start_time: 1,
    end_time: 4102444800,
  })
  assert.equal(coupon.code, 0, JSON.stringify(coupon.body))
  const card = await run.t.db
    .selectFrom('credit_cards')
    .select('card_id')
    .where('user_id', '=', refunded.userId)
    .executeTakeFirstOrThrow()

  const signIn = await run.browser.newContext({ baseURL: run.base, viewport: PHONE, locale: 'zh-CN' })
  const form = await signIn.newPage()
  await form.goto('/admin')
  await form.getByRole('button', { name: '登录' }).waitFor()
  await fits(form, 'the sign-in page')
  await signIn.close()

  const page = await signedIn(run, BOSS, PHONE)
  // The menu: each entry on one line, inside the screen; 退出 a button of tappable size.
  for (const link of await page.locator('header nav a').all()) {
    const box = (await link.boundingBox())!
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${await link.textContent()} is inside the screen`)
    assert.ok(box.height < 40, `${await link.textContent()} is on one line (${box.height}px)`)
  }
  const signOut = (await page.getByRole('button', { name: '退出' }).boundingBox())!
  assert.ok(
    signOut.x + signOut.width <= PHONE.width && signOut.height >= 28 && signOut.width >= 44,
    JSON.stringify(signOut),
  )

  const pages: [string, string, () => Promise<unknown>][] = [
    ['orders', '#/orders', () => page.getByRole('link', { name: orderId }).waitFor()],
    ['order', `#/orders/${orderId}`, () => page.getByRole('button', { name: '确认发货' }).waitFor()],
    [
      'order-refunded',
      `#/orders/${refunded.orderId}`,
      () => page.locator('h2 .badge', { hasText: '已退款' }).waitFor(),
    ],
    ['refunds', '#/refunds?state=all', () => page.getByRole('link', { name: refunded.orderId }).waitFor()],
    ['cards', '#/cards', () => page.getByRole('link', { name: card.card_id }).waitFor()],
    ['card', `#/cards/${card.card_id}`, () => page.getByRole('form', { name: '调整额度' }).waitFor()],
    ['reviews', '#/reviews', () => page.getByRole('article', { name: '实名认证 王五' }).waitFor()],
    ['skus', '#/skus', () => page.locator('table.list').waitFor()],
    ['coupons', '#/coupons', () => page.locator('table.list').waitFor()],
    ['coupon', `#/coupons/${coupon.data.coupon_id}`, () => page.getByRole('heading', { name: /的使用记录/ }).waitFor()],
    ['admins', '#/admins', () => page.locator('table.list').waitFor()],
  ]
  for (const [name, hash, ready] of pages) {
    await page.goto(`/admin${hash}`)
    await ready()
    await fits(page, name)
  }
  // The forms that open on a page, and a confirmation.
  await page.goto('/admin#/skus')
  await page.getByRole('button', { name: '新建商品' }).click()
  await fits(page, 'the new SKU form')
  await page.goto('/admin#/coupons')
  await page.getByRole('button', { name: '新建优惠券' }).click()
  await fits(page, 'the new coupon form')
  await page.goto(`/admin#/cards/${card.card_id}`)
  await page.getByLabel('增加金额(元,减少填负数)').fill('100')
  await page.getByRole('button', { name: '调整…' }).click()
  await page.getByRole('dialog').waitFor()
  await fits(page, 'the limit confirmation')
  await page.context().close()
})

test('on a phone an operator finds an order by the customer’s mobile, ships it, and refunds another', async () => {
  const operator = { name: 'xiaozhang', pwd: 'operator-pass-1' }
  const boss = run.t.client()
  assert.equal((await boss.post('/api/admin/signin', BOSS)).code, 0)
  assert.equal((await boss.post('/api/admin/create', { ...operator, role: 'operator' })).code, 0)
  const toShip = await customerOrder(run.t)
  const toRefund = await customerOrder(run.t)
  const page = await signedIn(run, operator, PHONE)

  await page.getByLabel('手机号(前几位即可)').fill(toShip.mobile)
  await page.getByRole('button', { name: '查询' }).click()
  await page.getByRole('link', { name: toShip.orderId }).click()
  await page.getByRole('heading', { name: new RegExp(`订单 ${toShip.orderId}`) }).waitFor()
  await fits(page, 'the order to ship')
  await page.getByLabel('快递公司').fill('顺丰速运')
  await page.getByLabel('运单号').fill('SF5550001')
  await page.getByRole('button', { name: '确认发货' }).click()
  await page.locator('h2 .badge', { hasText: '已发货' }).waitFor()
  await fits(page, 'the shipped order')
  await page.evaluate(() => scrollTo(0, 0))
  await shot(page, 'admin-phone', false)

  await page.getByRole('link', { name: '订单', exact: true }).click()
  await page.getByLabel('订单号').fill(toRefund.orderId)
  await page.getByRole('button', { name: '查询' }).click()
  await page.getByRole('link', { name: toRefund.orderId }).click()
  await page.getByLabel('退款原因').fill('客户不想要了')
  await page.getByRole('button', { name: '退款…' }).click()
  const dialog = page.getByRole('dialog', { name: '确认退款' })
  await fits(page, 'the refund confirmation')
  await dialog.getByRole('button', { name: '确认退款' }).click()
  await page.locator('h2 .badge', { hasText: '已退款' }).waitFor()

  const states = await run.t.db
    .selectFrom('orders')
    .select(['order_id', 'state'])
    .where('order_id', 'in', [toShip.orderId, toRefund.orderId])
    .execute()
  assert.deepEqual(Object.fromEntries(states.map((o) => [o.order_id, o.state])), {
    [toShip.orderId]: 2,
    [toRefund.orderId]: 6,
  })
  await page.context().close()
})
