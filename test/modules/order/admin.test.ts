import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { nowSeconds } from '../../../src/time.ts'
import { advanceRefunds } from '../../../src/modules/payment/index.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { assertReconciled, cardOf, customerOrder, paidAnyway, stockOf } from '../../shop.ts'

let t: TestApp
let op: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  op = await makeAdmin(t, 'operator')
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const orderRow = (orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
const list = (params: Record<string, unknown>) => op.client.post('/api/order/list', params)
const ids = (res: { data: { orders: { order_id: string }[] } }) => res.data.orders.map((o) => o.order_id)

describe('/api/order/list', () => {
  test('filters by exact user id and order id, mobile prefix, inclusive creation times and state', async () => {
    const a = await customerOrder(t)
    const b = await customerOrder(t, { paid: false })
    const byUser = await list({ u_id: a.userId })
    assert.deepEqual(ids(byUser), [a.orderId])
    const row = byUser.data.orders[0]
    assert.equal(row.user_name, a.mobile)
    assert.equal(row.user_mobile, a.mobile)
    assert.equal(row.state, 1)
    assert.equal(row.skus_info.length, 1)
    assert.equal(row.admin_note, '')
    assert.deepEqual(byUser.data.pagination, { allpage: 1, page: 1, count: 1, capped: 0 })

    assert.deepEqual(ids(await list({ order_id: b.orderId })), [b.orderId])
    assert.deepEqual(ids(await list({ order_id: b.orderId.slice(0, -1) })), [])
    assert.deepEqual(ids(await list({ u_mobile: b.mobile })), [b.orderId])
    assert.deepEqual(
      ids(await list({ u_mobile: b.mobile.slice(0, 9), order_type: 'need_pay' })).includes(b.orderId),
      true,
    )
    assert.deepEqual(ids(await list({ u_mobile: b.mobile.slice(1) })), [])
    assert.deepEqual(ids(await list({ u_id: a.userId, order_type: 'need_send' })), [a.orderId])
    assert.deepEqual(ids(await list({ u_id: a.userId, order_type: 'need_pay' })), [])

    const created = (await orderRow(a.orderId)).create_time
    assert.deepEqual(ids(await list({ u_id: a.userId, ctime_st: created, ctime_ed: created })), [a.orderId])
    assert.deepEqual(ids(await list({ u_id: a.userId, ctime_st: created + 1 })), [])
    assert.deepEqual(ids(await list({ u_id: a.userId, ctime_ed: created - 1 })), [])
    // The seed's page sends every filter, blank ones as empty strings.
    const blank = await list({
      u_id: '',
      u_mobile: '',
      order_id: '',
      ctime_st: 0,
      ctime_ed: 99999999999,
      order_type: 'all',
      page: 1,
      count: 10,
    })
    assert.equal(blank.code, 0)
    assert.ok(blank.data.pagination.count >= 2)
  })

  test('newest first, ties by id, in pages of at most 100; deleted orders too', async () => {
    const orders = [
      await customerOrder(t, { paid: false }),
      await customerOrder(t, { paid: false }),
      await customerOrder(t, { paid: false }),
    ]
    const now = nowSeconds()
    for (const o of orders)
      await t.db
        .updateTable('orders')
        .set({ create_time: now + 1000 })
        .where('order_id', '=', o.orderId)
        .execute()
    await orders[0]!.client.post('/api/order/cancel_order', { order_id: orders[0]!.orderId })
    await orders[0]!.client.post('/api/order/delete_order', { order_id: orders[0]!.orderId })
    const expected = orders
      .map((o) => o.orderId)
      .sort()
      .reverse()
    const first = await list({ ctime_st: now + 1000, count: 2 })
    const second = await list({ ctime_st: now + 1000, count: 2, page: 2 })
    assert.deepEqual([...ids(first), ...ids(second)], expected)
    assert.deepEqual(first.data.pagination, { allpage: 2, page: 1, count: 3, capped: 0 })
    assert.equal((await list({ count: 100 })).code, 0)
  })

  test('bad filters answer 400 or 201, never 500', async () => {
    assert.equal((await list({ order_type: 'paid' })).code, 201)
    assert.equal((await op.client.get('/api/order/list', { order_type: 'nonsense' })).code, 201)
    const bad: Record<string, unknown>[] = [
      { ctime_st: 'yesterday' },
      { ctime_ed: '1e400' },
      { ctime_st: -1 },
      { page: 0 },
      { count: 10000 },
      { count: 0 },
      { u_id: 'abc' },
      { u_id: 0 },
      { order_id: '12ab' },
      { u_mobile: '1'.repeat(33) },
      { u_mobile: { a: 1 } },
      { order_type: 'x'.repeat(33) },
    ]
    for (const params of bad) {
      const res = await list(params)
      assert.equal(res.status, 400, JSON.stringify(params))
      assert.equal(res.code, 101, JSON.stringify(params))
    }
    assert.equal((await op.client.get('/api/order/list', { page: 'first' })).status, 400)
  })
})

describe('/api/order/send_out and detail', () => {
  test('ships a paid order; the detail shows payment, address, lines and a history naming the operator', async () => {
    const o = await customerOrder(t, { channel: 'wx_pub_qr' })
    const shipped = await op.client.post('/api/order/send_out', {
      order_id: o.orderId,
      logistics_id: 'ST1234567',
      logistics: '申通快递',
    })
    assert.equal(shipped.code, 0)
    const detail = (await op.client.get('/api/order/detail', { order_id: o.orderId })).data
    assert.equal(detail.order_info.state, 2)
    assert.equal(detail.order_info.logistics_id, 'ST1234567')
    assert.equal(detail.order_info.logistics, '申通快递')
    assert.equal(detail.user_info.id, o.userId)
    assert.equal(detail.user_info.mobile, o.mobile)
    assert.equal(detail.user_info.pwd_hash, undefined)
    assert.equal(detail.address_info.address, '江苏省扬州市')
    assert.equal(detail.sku_infos[0].sku_id, o.sku)
    assert.equal(detail.pay_info.channel_id, 0)
    assert.equal(detail.pay_info.amount, 10000)
    assert.equal(detail.payments.length, 1)
    const last = detail.order_log_infos.at(-1)
    assert.equal(last.text, '发货: 申通快递 ST1234567')
    assert.deepEqual([last.actor_type, last.actor_id, last.actor_name], ['admin', op.id, op.name])
    const first = detail.order_log_infos[0]
    assert.deepEqual([first.actor_type, first.actor_name], ['user', o.mobile])
    assert.equal((await o.client.post('/api/order/confirm_order', { order_id: o.orderId })).code, 0)
  })

  test('alipay is channel_id 1; an unpaid order has no pay_info', async () => {
    const paid = await customerOrder(t)
    assert.equal((await op.client.get('/api/order/detail', { order_id: paid.orderId })).data.pay_info.channel_id, 1)
    const unpaid = await customerOrder(t, { paid: false })
    assert.equal((await op.client.get('/api/order/detail', { order_id: unpaid.orderId })).data.pay_info, null)
  })

  test('510 for an unpaid order, one already shipped, or an unknown one; 218 for an unknown one’s detail', async () => {
    const unpaid = await customerOrder(t, { paid: false })
    const ship = (order_id: string) =>
      op.client.post('/api/order/send_out', { order_id, logistics_id: 'SF1', logistics: '顺丰' })
    assert.equal((await ship(unpaid.orderId)).code, 510)
    const paid = await customerOrder(t)
    assert.equal((await ship(paid.orderId)).code, 0)
    assert.equal((await ship(paid.orderId)).code, 510)
    assert.equal((await ship('1234567890123456')).code, 510)
    assert.equal((await op.client.get('/api/order/detail', { order_id: '1234567890123456' })).code, 218)
  })

  test('two operators shipping at once: one shipment, one 510', async () => {
    const o = await customerOrder(t)
    const other = await makeAdmin(t, 'operator')
    const [a, b] = await Promise.all([
      op.client.post('/api/order/send_out', { order_id: o.orderId, logistics_id: 'SF1', logistics: '顺丰' }),
      other.client.post('/api/order/send_out', { order_id: o.orderId, logistics_id: 'YT2', logistics: '圆通' }),
    ])
    assert.deepEqual(
      [a.code, b.code].sort((x, y) => x - y),
      [0, 510],
    )
    const row = await orderRow(o.orderId)
    assert.equal(row.logistics_id, a.code === 0 ? 'SF1' : 'YT2')
    const shipped = (await op.client.get('/api/order/detail', { order_id: o.orderId })).data.order_log_infos.filter(
      (l: { text: string }) => l.text.startsWith('发货'),
    )
    assert.equal(shipped.length, 1)
  })

  test('bad input: missing carrier or number, too long, control characters, a non-numeric order id', async () => {
    const o = await customerOrder(t)
    const bad = [
      { order_id: o.orderId, logistics: '顺丰' },
      { order_id: o.orderId, logistics_id: '', logistics: '顺丰' },
      { order_id: o.orderId, logistics_id: 'x'.repeat(65), logistics: '顺丰' },
      { order_id: o.orderId, logistics_id: 'SF\n1', logistics: '顺丰' },
      { order_id: 'abc', logistics_id: 'SF1', logistics: '顺丰' },
      { logistics_id: 'SF1', logistics: '顺丰' },
    ]
    for (const body of bad)
      assert.equal((await op.client.post('/api/order/send_out', body)).status, 400, JSON.stringify(body))
    assert.equal((await op.client.get('/api/order/send_out', { order_id: o.orderId })).status, 405)
    assert.equal((await op.client.get('/api/order/detail', {})).code, 100)
    assert.equal((await orderRow(o.orderId)).state, 1)
  })
})

describe('/api/order/add_admin_note', () => {
  test('sets the note, shown to the back office and never to the customer, and logged with the operator', async () => {
    const o = await customerOrder(t)
    assert.equal(
      (await op.client.post('/api/order/add_admin_note', { order_id: o.orderId, admin_note: '客户来电,要求周末送达' }))
        .code,
      0,
    )
    const detail = (await op.client.get('/api/order/detail', { order_id: o.orderId })).data
    assert.equal(detail.order_info.admin_note, '客户来电,要求周末送达')
    assert.deepEqual(detail.order_log_infos.at(-1), {
      ...detail.order_log_infos.at(-1),
      text: '管理员备注: 客户来电,要求周末送达',
      actor_name: op.name,
    })
    const own = await o.client.get('/api/order/get_order', { order_id: o.orderId })
    assert.equal(own.data.order_info.admin_note, undefined)
    assert.equal((await op.client.post('/api/order/add_admin_note', { order_id: o.orderId, admin_note: '' })).code, 0)
    assert.equal((await orderRow(o.orderId)).admin_note, '')
  })

  test('218 for an unknown order; 400 for a missing or too long note', async () => {
    assert.equal(
      (await op.client.post('/api/order/add_admin_note', { order_id: '1234567890123456', admin_note: 'x' })).code,
      218,
    )
    const o = await customerOrder(t, { paid: false })
    assert.equal((await op.client.post('/api/order/add_admin_note', { order_id: o.orderId })).code, 100)
    assert.equal(
      (await op.client.post('/api/order/add_admin_note', { order_id: o.orderId, admin_note: 'x'.repeat(1001) })).code,
      101,
    )
    assert.equal(
      (await op.client.post('/api/order/add_admin_note', { order_id: o.orderId, admin_note: 'a\u0000b' })).code,
      101,
    )
  })
})

describe('/api/order/refund', () => {
  test('refunds a paid order through the provider: 1→6, stock and credit back, history with the operator', async () => {
    const o = await customerOrder(t)
    assert.equal(await stockOf(t, o.sku), 9)
    const res = await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '客户退货' })
    assert.equal(res.code, 0)
    assert.equal(res.data.refunds.length, 1)
    assert.equal((await orderRow(o.orderId)).state, 6)
    assert.equal(await stockOf(t, o.sku), 10)
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
    const detail = (await op.client.get('/api/order/detail', { order_id: o.orderId })).data
    assert.equal(detail.pay_info.refund_state, 'refunded')
    const asked = detail.order_log_infos.find((l: { text: string }) => l.text.startsWith('申请退款'))
    assert.equal(asked.actor_name, op.name)
    assert.match(asked.text, /客户退货$/)
  })

  test('520 for an unpaid, shipped or refunded order; 218 unknown; 400 without a reason', async () => {
    const unpaid = await customerOrder(t, { paid: false })
    const refund = (order_id: string) => op.client.post('/api/order/refund', { order_id, reason: '测试' })
    assert.equal((await refund(unpaid.orderId)).code, 520)
    const shipped = await customerOrder(t)
    await op.client.post('/api/order/send_out', { order_id: shipped.orderId, logistics_id: 'SF1', logistics: '顺丰' })
    assert.equal((await refund(shipped.orderId)).code, 520)
    const refunded = await customerOrder(t)
    assert.equal((await refund(refunded.orderId)).code, 0)
    assert.equal((await refund(refunded.orderId)).code, 520)
    assert.equal((await refund('1234567890123456')).code, 218)
    assert.equal((await op.client.post('/api/order/refund', { order_id: unpaid.orderId })).code, 100)
    assert.equal(
      (await op.client.post('/api/order/refund', { order_id: unpaid.orderId, reason: 'x'.repeat(201) })).code,
      101,
    )
  })

  test('money a cancelled order received is listed and given back by the worker; it stays cancelled', async () => {
    const o = await customerOrder(t, { paid: false })
    const charge = (
      await o.client.post('/api/order/pay', { pay_params: { order_id: o.orderId, channel: 'alipay_pc_direct' } })
    ).data
    await o.client.post('/api/order/cancel_order', { order_id: o.orderId })
    await paidAnyway(t, o.client, charge.id)
    assert.equal((await op.client.post('/api/order/refund', { order_id: o.orderId, reason: '已取消' })).code, 520)
    const listed = (await op.client.get('/api/payment/refund_list', { state: 'open', order_id: o.orderId })).data
    assert.deepEqual(
      listed.refunds.map((r: { state: string; purpose: string; needs_refund: number }) => [
        r.state,
        r.purpose,
        r.needs_refund,
      ]),
      [['queued', 'order_pay', 1]],
    )
    // Nothing for a person to ask: it is under way.
    assert.equal(
      (await op.client.post('/api/order/refund_flagged', { order_id: o.orderId, reason: '订单已取消' })).code,
      520,
    )
    assert.equal(await advanceRefunds(t.app.deps, nowSeconds(), o.orderId), 1)
    assert.equal((await orderRow(o.orderId)).state, 4)
    const payments = (await op.client.get('/api/order/detail', { order_id: o.orderId })).data.payments
    assert.deepEqual(
      payments.map((p: { needs_refund: number; refund_state: string }) => [p.needs_refund, p.refund_state]),
      [[1, 'refunded']],
    )
    assert.equal((await op.client.post('/api/order/refund_flagged', { order_id: o.orderId, reason: '再退' })).code, 520)
  })
})
