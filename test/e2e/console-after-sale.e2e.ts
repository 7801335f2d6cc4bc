import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { makeAdmin, type TestAdmin } from '../admin.ts'
import { customerOrder, stockOf } from '../shop.ts'
import { BOSS, type ConsoleRun, shot, signedIn, startConsole } from './console.ts'

// An operator takes a customer's return through to its refund in the console: the request in the
// list of those to review, its photos, approve with a note, goods received, refunded; the order's
// page shows the request. A second one is rejected with a note the customer reads.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let run: ConsoleRun
let storage: Server
let storagePort: number
let op: TestAdmin

before(async () => {
  // The shop's image storage ("localhost", on ID_IMAGE_HOSTS), where the customer's photos are.
  storage = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG))
  await new Promise<void>((done) => storage.listen(0, '127.0.0.1', done))
  storagePort = (storage.address() as AddressInfo).port
  run = await startConsole({ ID_IMAGE_HOSTS: 'localhost' })
  op = await makeAdmin(run.t, 'operator')
})
after(async () => {
  await run?.close()
  await new Promise((done) => storage?.close(done))
})

/** A customer's completed order and their return request with two photos. */
async function returnRequested(reason: string) {
  const o = await customerOrder(run.t)
  const ship = { order_id: o.orderId, logistics: '顺丰速运', logistics_id: 'SF1001' }
  assert.equal((await op.client.post('/api/order/send_out', ship)).code, 0)
  assert.equal((await o.client.post('/api/order/confirm_order', { order_id: o.orderId })).code, 0)
  const images = [`http://localhost:${storagePort}/as/front.png`, 'https://elsewhere.example/p.png']
  const res = await o.client.post('/api/order/apply_refund', { order_id: o.orderId, kind: 'return', reason, images })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return { ...o, id: res.data.after_sale_id as number }
}

test('a return: reviewed with its photos, approved, goods received, refunded; the order page shows it', async () => {
  const o = await returnRequested('屏幕有划痕')
  const stock = await stockOf(run.t, o.sku)
  const page = await signedIn(run, BOSS)
  await page.getByRole('link', { name: '售后', exact: true }).click()
  const row = page.locator('table.list tr', { hasText: o.orderId })
  await row.waitFor()
  assert.match((await row.textContent()) ?? '', /退货退款[\s\S]*屏幕有划痕[\s\S]*待审核/)

  await row.getByRole('link', { name: `#${o.id}` }).click()
  await page.getByRole('heading', { name: `售后单 #${o.id}` }).waitFor()
  // The photo on the shop's storage shows; the other is a link nothing loads.
  const photo = page.getByRole('img', { name: '照片 1' })
  await photo.waitFor()
  assert.ok(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'photo loaded')
  assert.equal(await page.getByRole('img', { name: '照片 2' }).count(), 0)
  await page.getByRole('link', { name: '打开图片' }).waitFor()

  await page.getByLabel('备注(用户可见)').fill('请寄回,我们收到后退款')
  await page.getByRole('button', { name: '同意' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await page.getByText('已同意', { exact: true }).first().waitFor()
  await page.locator('h2 .badge', { hasText: '已同意' }).waitFor()

  const logistics = { after_sale_id: o.id, logistics: '中通快递', logistics_id: 'ZT778899' }
  assert.equal((await o.client.post('/api/order/return_logistics', logistics)).code, 0)
  await page.reload()
  await page.getByText('中通快递 ZT778899').first().waitFor()
  await shot(page, 'admin-after-sale')
  await page.getByRole('button', { name: '确认收到退货…' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确认收货并退款' }).click()
  await page.getByText('已确认收到退货,库存已退回,退款已完成').waitFor()
  await page.locator('h2 .badge', { hasText: '已退款' }).waitFor()
  assert.equal(await stockOf(run.t, o.sku), stock + 1)
  const history = (await page.locator('table.history').textContent()) ?? ''
  assert.match(history, /用户[\s\S]*申请退货退款: 屏幕有划痕/)
  assert.match(history, /管理员\s*boss[\s\S]*同意售后: 请寄回/)
  assert.match(history, /系统[\s\S]*售后退款完成/)

  await page.getByRole('link', { name: o.orderId }).click()
  await page.getByRole('heading', { name: new RegExp(`订单 ${o.orderId}`) }).waitFor()
  await page.locator('h2 .badge', { hasText: '已退款' }).waitFor()
  const requests = page.locator('table.list tr', { hasText: `#${o.id}` })
  await requests.waitFor()
  assert.match((await requests.textContent()) ?? '', /退货退款[\s\S]*已退款/)
})

test('a request rejected with a note: the customer reads the note, the list by state finds it', async () => {
  const o = await returnRequested('不喜欢')
  const page = await signedIn(run, BOSS)
  await page.goto(`/admin#/after_sales/${o.id}`)
  await page.getByRole('button', { name: '拒绝' }).click()
  await page.getByText('拒绝时请填写备注,告诉用户原因').waitFor()
  await page.getByLabel('备注(用户可见)').fill('已超过质保范围')
  await page.getByRole('button', { name: '拒绝' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await page.locator('h2 .badge', { hasText: '已拒绝' }).waitFor()
  const mine = await o.client.post('/api/order/after_sale', { order_id: o.orderId })
  assert.deepEqual([mine.data.after_sales[0].state, mine.data.after_sales[0].admin_note], [4, '已超过质保范围'])

  await page.goto('/admin#/after_sales')
  await page.getByLabel('状态').selectOption('4')
  await page.getByLabel('订单号').fill(o.orderId)
  await page.getByRole('button', { name: '查询' }).click()
  await page.locator('table.list tr', { hasText: o.orderId }).waitFor()
  assert.match((await page.locator('table.list tbody').textContent()) ?? '', /已拒绝/)
})
