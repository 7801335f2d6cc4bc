// /api/order/export: a few thousand orders parsed back as CSV (BOM, quoting, line breaks and
// commas in addresses, formula cells), each filter against the list's own answer, times in the
// shop's zone, yuan. (A client that goes away: export-abort.test.ts.)
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { seedBackoffice, type BackofficeSeeded } from '../../../scripts/bench/seed-backoffice.ts'
import { parseCsv } from '../../../src/domain/csv.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let op: TestAdmin
let seeded: BackofficeSeeded
const TRICKY = {
  address_text: '上海市, 浦东新区 "压测"路\n8号\r\n2楼',
  address_name: '=HYPERLINK("http://evil.example","点我")',
  admin_note: '@SUM(A1:A9)',
  logistics: '+顺丰',
  logistics_id: '-SF001',
}
let tricky: string

before(async () => {
  t = await testApp({ SHOP_TIMEZONE: 'Asia/Shanghai' })
  op = await makeAdmin(t, 'operator')
  seeded = await seedBackoffice(t.db, 3_000, 300)
  tricky = seeded.orderId
  await t.db.updateTable('orders').set(TRICKY).where('order_id', '=', tricky).execute()
})
after(() => t.close())

const exportOf = async (query: Record<string, string | number> = {}) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
  return op.client.send('GET', `/api/order/export${qs ? `?${qs}` : ''}`)
}

describe('/api/order/export', () => {
  test('every order as Excel reads it: BOM, header, quoting, formulas escaped, yuan, shop times', async () => {
    const res = await exportOf()
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="orders-\d{8}T\d{6}\.csv"$/)
    const text = res.body
    assert.ok(text.startsWith('\uFEFF订单号,状态,下单时间'))
    const rows = parseCsv(text)
    assert.equal(rows.length, 3_001)
    const header = rows[0]!.cells
    assert.equal(header.length, 21)
    const byId = new Map(rows.slice(1).map((r) => [r.cells[0]!, r.cells]))
    assert.equal(byId.size, 3_000)
    const all = await t.db.selectFrom('orders').selectAll().execute()
    assert.deepEqual([...byId.keys()].sort(), all.map((o) => o.order_id).sort())
    // Newest first, as the list.
    const listed = await op.client.get('/api/order/list', { count: 100 })
    assert.deepEqual(
      rows.slice(1, 101).map((r) => r.cells[0]),
      listed.data.orders.map((o: { order_id: string }) => o.order_id),
    )

    const cells = byId.get(tricky)!
    const col = (name: string) => cells[header.indexOf(name)]
    assert.equal(col('收货地址'), TRICKY.address_text)
    assert.equal(col('收货人'), `'${TRICKY.address_name}`)
    assert.equal(col('管理员备注'), `'${TRICKY.admin_note}`)
    assert.equal(col('物流公司'), `'${TRICKY.logistics}`)
    assert.equal(col('物流单号'), `'${TRICKY.logistics_id}`)
    const order = all.find((o) => o.order_id === tricky)!
    assert.equal(col('商品金额'), '1000.00')
    assert.equal(col('额度(借)'), '-900.00')
    assert.equal(col('首付(实付)'), '100.00')
    assert.equal(col('状态'), '已付款待发货')
    assert.equal(col('商品'), `后台压测商品 ${String((order.create_time % 20) + 1)}×1`)
    // Beijing time, +08:00, whatever the machine's zone.
    const created = new Date(order.create_time * 1000 + 8 * 3600_000).toISOString().slice(0, 19)
    assert.equal(col('下单时间'), `${created}+08:00`)
    assert.equal(Date.parse(col('付款时间')!) / 1000, order.pay_time)
    assert.equal(col('发货时间'), '')
  })

  test('each filter exports what the list shows for it', async () => {
    const someone = await t.db.selectFrom('orders').selectAll().where('order_id', '=', tricky).executeTakeFirstOrThrow()
    const filters: Record<string, string | number>[] = [
      { order_type: 'need_send' },
      { u_id: someone.user_id },
      { order_id: tricky },
      { u_mobile: '13900000' },
      { u_mobile: '139' },
      { ctime_st: seeded.now - 30 * 86400, ctime_ed: seeded.now - 10 * 86400 },
      { order_type: 'cancel', u_mobile: '1390000' },
    ]
    for (const f of filters) {
      const listed: string[] = []
      let after = ''
      do {
        const page = await op.client.get('/api/order/list', { ...f, after, count: 100 })
        listed.push(...page.data.orders.map((o: { order_id: string }) => o.order_id))
        after = page.data.next
      } while (after)
      const exported = parseCsv((await exportOf(f)).body)
        .slice(1)
        .map((r) => r.cells[0])
      assert.deepEqual(exported, listed, JSON.stringify(f))
    }
    const bad = await exportOf({ order_type: 'paid' })
    assert.equal(bad.json().code, 201, bad.body)
    assert.equal((await exportOf({ ctime_st: -1 })).statusCode, 400)
    assert.equal((await exportOf({ u_mobile: 'x'.repeat(33) })).statusCode, 400)
  })

  test('only the back office may export', async () => {
    assert.equal((await t.client().send('GET', '/api/order/export')).statusCode, 401)
  })
})
