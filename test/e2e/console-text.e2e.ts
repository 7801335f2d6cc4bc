import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Page } from 'playwright-core'
import { signUp } from '../helper.ts'
import { addAddress, buySku, customerOrder, makeSku } from '../shop.ts'
import { BOSS, type ConsoleRun, signedIn, startConsole } from './console.ts'

// What people wrote, shown as they wrote it: a reason is never read as money, and a name or a note
// with a right-to-left override cannot turn around the mobile, ID number or time beside it.
let run: ConsoleRun
before(async () => {
  run = await startConsole()
})
after(() => run?.close())

test('a cancel reason "等了30分钟,不想要了" shows as typed; the history’s money comes from its amounts', async () => {
  const c = await signUp(run.t)
  const sku = await makeSku(run.t, { price: 100000, firstPay: [10000] })
  const order = await buySku(c.client, await addAddress(c.client), sku, 1, 10000)
  assert.equal(order.code, 0)
  const reason = '等了30分钟,不想要了'
  assert.equal((await c.client.post('/api/order/cancel_order', { order_id: order.data, reason })).code, 0)

  const page = await signedIn(run, BOSS)
  await page.goto(`/admin#/orders/${order.data}`)
  const history = page.locator('table.history')
  await history.locator('tr', { hasText: '取消订单' }).waitFor()
  const rows = await history
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td:last-child > *')].map((part) => part.textContent)),
    )
  // The words as written, and the amounts apart from them.
  assert.deepEqual(rows, [['提交订单', '应付 ¥100.00 · 额度 ¥900.00'], [`取消订单: ${reason}`]])
  assert.doesNotMatch((await page.textContent('main')) ?? '', /¥0\.30/)
  assert.match((await page.locator('dd', { hasText: '分钟' }).textContent()) ?? '', /等了30分钟,不想要了/)
  await page.context().close()
})

const RLO = '\u202E'

/**
 * Every text node holding the override, with what the nearest <bdi> around it holds: that is the
 * customer's text alone when it is isolated, and null when nothing isolates it.
 */
function isolations(page: Page) {
  return page.evaluate((rlo) => {
    const out: { text: string; isolated: string | null }[] = []
    const walker = document.createTreeWalker(document.querySelector('main')!, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.nodeValue?.includes(rlo)) continue
      const bdi = node.parentElement?.closest('bdi')
      out.push({ text: node.nodeValue, isolated: bdi ? bdi.textContent : null })
    }
    return out
  }, RLO)
}

async function assertIsolated(page: Page, where: string, expected: string[]): Promise<void> {
  const found = await isolations(page)
  assert.deepEqual(
    found.map((f) => f.isolated).sort(),
    [...expected].sort(),
    `${where}: each text with U+202E is alone in its own <bdi> (${JSON.stringify(found)})`,
  )
}

test('customer text with U+202E is isolated on every page that shows it (names, notes, address, reasons)', async () => {
  const { orderId, userId, client } = await customerOrder(run.t)
  // Written straight into the database: whatever the API accepts today or refuses tomorrow, text
  // already stored must still be shown safely.
  const name = `${RLO}王小明`
  const note = `${RLO}请放门口 13800138000`
  const receiver = `${RLO}李雷`
  const where = `${RLO}北京市海淀区`
  await run.t.db.updateTable('users').set({ user_name: name }).where('id', '=', userId).execute()
  await run.t.db
    .updateTable('orders')
    .set({ user_note: note, address_name: receiver, address_text: where })
    .where('order_id', '=', orderId)
    .execute()
  const image = `${run.base}/nothing/front.jpg`
  const auth = await client.post('/api/user/set_auth', {
    real_name: '韩梅梅',
    id_code: '11010519491231002X',
    id_card_up: image,
    id_card_down: image,
  })
  assert.equal(auth.code, 0, JSON.stringify(auth.body))
  const realName = `${RLO}韩梅梅`
  await run.t.db.updateTable('user_auth').set({ real_name: realName }).where('user_id', '=', userId).execute()
  const card = await run.t.db
    .selectFrom('credit_cards')
    .select('card_id')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()

  const page = await signedIn(run, BOSS)
  await page.goto('/admin#/orders')
  await page.getByRole('link', { name: orderId }).waitFor()
  await assertIsolated(page, 'the order list', [name])

  await page.goto(`/admin#/orders/${orderId}`)
  await page.locator('dd', { hasText: '请放门口' }).waitFor()
  await assertIsolated(page, 'the order', [name, note, receiver, where, name, name])

  await page.goto(`/admin#/cards?u_mobile=`)
  await page.getByRole('link', { name: card.card_id }).waitFor()
  await assertIsolated(page, 'the card list', [name])
  await page.goto(`/admin#/cards/${card.card_id}`)
  await page.getByRole('link', { name: orderId }).waitFor()
  await assertIsolated(page, 'the card', [name, name])

  await page.goto('/admin#/reviews')
  await page.getByRole('article').filter({ hasText: '韩梅梅' }).waitFor()
  await assertIsolated(page, 'the review', [realName, name])
  // What an operator reads beside the name is in its own order: the mobile and the time are not reversed.
  const line = await page.getByRole('article').filter({ hasText: '韩梅梅' }).locator('.muted').first().textContent()
  assert.match(line ?? '', /· 1\d{10} · ID \d+ · 提交于 \d{4}-\d{2}-\d{2}/)
  await page.context().close()
})
