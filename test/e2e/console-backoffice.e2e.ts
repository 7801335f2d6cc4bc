import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { seedBackoffice } from '../../scripts/bench/seed-backoffice.ts'
import { BOSS, type ConsoleRun, shot, signedIn, startConsole } from './console.ts'

// The back office of a real shop in Chromium: the dashboard, the order list's "10 000+" and its
// export of the current filters, a bulk-ship upload with its per-row result, the SMS outbox.
// SFM_SCREENSHOTS=docs keeps the pictures the README shows.
let run: ConsoleRun
let waiting: string[]
before(async () => {
  run = await startConsole()
  // A year of a shop: 12 000 orders, more than the list counts.
  await seedBackoffice(run.t.db, 12_000, 1_200)
  waiting = (
    await run.t.db.selectFrom('orders').select('order_id').where('state', '=', 1).orderBy('order_id').limit(3).execute()
  ).map((o) => o.order_id)
})
after(() => run?.close())

test('the dashboard: today, the credit and the last 30 days as charts', async () => {
  const page = await signedIn(run, BOSS)
  await page.goto('/admin#/dashboard')
  await page.locator('.chart svg').first().waitFor()
  assert.equal(await page.locator('.chart').count(), 4)
  assert.equal(await page.locator('.chart').first().locator('rect.bar').count(), 30)
  assert.match((await page.locator('.tiles').textContent()) ?? '', /待发货\s*\d+/)
  assert.match((await page.locator('.tiles').textContent()) ?? '', /额度在贷\(应还本金\)¥[\d,.]+\s*逾期本金/)
  await shot(page, 'admin-dashboard')
  await page.context().close()
})

test('the order list counts to 10 000+ and exports what it filters', async () => {
  const page = await signedIn(run, BOSS)
  await page.goto('/admin#/orders')
  await page.locator('nav.pager', { hasText: '共 10 000+ 条' }).waitFor()
  await page.getByLabel('状态').selectOption('need_send')
  await page.getByRole('button', { name: '查询' }).click()
  await page.locator('nav.pager', { hasText: '第 1 /' }).waitFor()
  const link = page.getByRole('link', { name: '导出 CSV(当前筛选)' })
  assert.match((await link.getAttribute('href')) ?? '', /^\/api\/order\/export\?order_type=need_send$/)
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  const body = await (await download.createReadStream()).toArray()
  const text = Buffer.concat(body).toString('utf8')
  assert.ok(text.startsWith('\uFEFF订单号,状态'))
  assert.ok(
    text
      .split('\r\n')
      .slice(1, -1)
      .every((line) => line.split(',')[1] === '已付款待发货'),
  )
  await shot(page, 'admin-orders-export')
  await page.context().close()
})

test('bulk ship: paste the warehouse’s lines, read each row’s result', async () => {
  const page = await signedIn(run, BOSS)
  await page.goto('/admin#/ship')
  const [a, b] = waiting as [string, string]
  await page
    .getByLabel('或直接粘贴:')
    .fill(`order_id,logistics,logistics_id\n${a},顺丰速运,SF001\n${b},,\n123,顺丰,SF9\n${a},顺丰速运,SF001`)
  await page.getByRole('button', { name: '发货' }).click()
  await page.locator('.notice', { hasText: '本次发货 1 单' }).waitFor()
  const rows = await page.locator('table.list tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent))
  assert.equal(rows.length, 4)
  assert.match(rows[0] ?? '', /已发货/)
  assert.match(rows[1] ?? '', /失败 101/)
  assert.match(rows[2] ?? '', /失败 218/)
  assert.match(rows[3] ?? '', /失败 512/)
  await shot(page, 'admin-bulk-ship')
  await page.context().close()
})

test('the SMS outbox shows the shipment text it queued', async () => {
  const page = await signedIn(run, BOSS)
  await page.goto('/admin#/sms')
  await page.locator('table.list tbody tr', { hasText: '已发货' }).first().waitFor()
  assert.match((await page.locator('table.list').textContent()) ?? '', /顺丰速运运单号SF001/)
  await shot(page, 'admin-sms')
  await page.context().close()
})
