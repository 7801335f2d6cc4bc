import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { makeAdmin, type TestAdmin, logOf } from '../../admin.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { assertReconciled, cardOf, customerOrder, stockOf } from '../../shop.ts'
import { apply, applied, DAY, frozenClock, orderAt, orderRow, outboxOf, requestRow, signInAgain } from './helpers.ts'

// After-sale requests (SPEC §6.8) through the API, on the sandbox provider: each move and each
// refusal (550, 551), the windows, and what comes back (money, stock, credit) exactly once.

let t: TestApp
let op: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  op = await makeAdmin(t, 'operator')
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const review = (id: number, approve: 0 | 1, note = '') =>
  op.client.post('/api/after_sale/review', { after_sale_id: id, approve, note })
const receive = (id: number) => op.client.post('/api/after_sale/receive', { after_sale_id: id })

describe('a refund of a paid order not shipped', () => {
  test('requested, then approved: refunded at once; the order is 6, stock and credit back; each step logged and texted', async () => {
    const o = await orderAt(t, op, 'paid')
    const stock = await stockOf(t, o.sku)
    const res = await apply(o.client, o.orderId, 'refund', { images: ['https://img.example/a.jpg'] })
    assert.equal(res.code, 0)
    const id = res.data.after_sale_id
    const mine = await o.client.post('/api/order/after_sale', { order_id: o.orderId })
    assert.equal(mine.data.after_sales.length, 1)
    assert.deepEqual(
      { ...mine.data.after_sales[0], create_time: 0, update_time: 0 },
      {
        after_sale_id: id,
        order_id: o.orderId,
        kind: 'refund',
        state: 0,
        reason: '不想要了',
        images: ['https://img.example/a.jpg'],
        admin_note: '',
        logistics: '',
        logistics_id: '',
        create_time: 0,
        update_time: 0,
      },
    )
    assert.equal((await orderRow(t, o.orderId)).after_sale_open, 1)

    const step = await review(id, 1, '同意')
    assert.equal(step.code, 0, JSON.stringify(step.body))
    assert.equal(step.data.refund_error, '')
    assert.equal(step.data.after_sale.state, 3)
    const order = await orderRow(t, o.orderId)
    assert.equal(order.state, 6)
    assert.equal(order.after_sale_open, 0)
    assert.equal(await stockOf(t, o.sku), stock + 1)
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
    assert.equal((await requestRow(t, id)).admin_note, '同意')

    const texts = await outboxOf(t, o.mobile)
    assert.deepEqual(
      texts.filter((m) => m.template !== 'order_shipped'),
      [
        { template: 'after_sale_update', params: { order_id: o.orderId, state: 'approved' } },
        { template: 'refund_done', params: { order_id: o.orderId, amount: 10000 } },
      ],
    )
    const log = await logOf(t, 'after_sale', id)
    assert.deepEqual(
      log.map((l) => [l.actor_type, l.actor_id, l.text]),
      [
        ['user', o.userId, '申请退款: 不想要了'],
        ['admin', op.id, '同意售后: 同意'],
        ['system', null, '售后退款完成'],
      ],
    )
    const orderLog = (await logOf(t, 'order', o.orderId)).map((l) => l.text)
    assert.ok(orderLog.includes(`售后单${id} 申请退款: 不想要了`))
    assert.ok(orderLog.includes('退款'))
    // Done: a second review is the wrong state, and the refunded order cannot ask again.
    assert.equal((await review(id, 1)).code, 551)
    assert.equal((await apply(o.client, o.orderId, 'refund')).code, 550)
  })

  test('rejected with a note: the customer reads it, is texted, the order ships again, and may ask again', async () => {
    const o = await orderAt(t, op, 'paid')
    const id = await applied(o.client, o.orderId, 'refund')
    const ship = { order_id: o.orderId, logistics: '顺丰', logistics_id: 'SF2' }
    assert.equal((await op.client.post('/api/order/send_out', ship)).code, 510, 'not while the customer asks')
    assert.equal((await op.client.post('/api/order/refund', { order_id: o.orderId, reason: 'x' })).code, 520)
    const step = await review(id, 0, '已联系客户')
    assert.equal(step.code, 0)
    assert.equal(step.data.after_sale.state, 4)
    const mine = await o.client.post('/api/order/after_sale', { order_id: o.orderId })
    assert.equal(mine.data.after_sales[0].admin_note, '已联系客户')
    assert.deepEqual((await outboxOf(t, o.mobile)).at(-1), {
      template: 'after_sale_update',
      params: { order_id: o.orderId, state: 'rejected' },
    })
    assert.equal((await orderRow(t, o.orderId)).after_sale_open, 0)
    assert.equal((await review(id, 1)).code, 551)
    const again = await applied(o.client, o.orderId, 'refund')
    assert.notEqual(again, id)
    assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: again })).code, 0)
    assert.equal((await op.client.post('/api/order/send_out', ship)).code, 0)
    assert.equal((await logOf(t, 'after_sale', id)).at(-1)?.text, '拒绝售后: 已联系客户')
  })

  test('550: not paid, a return of a paid order, a refund of a shipped one, one already open', async () => {
    const unpaid = await customerOrder(t, { paid: false })
    assert.equal((await apply(unpaid.client, unpaid.orderId, 'refund')).code, 550)
    assert.equal((await apply(unpaid.client, unpaid.orderId, 'return')).code, 550)
    const paid = await orderAt(t, op, 'paid')
    assert.equal((await apply(paid.client, paid.orderId, 'return')).code, 550)
    await applied(paid.client, paid.orderId, 'refund')
    assert.equal((await apply(paid.client, paid.orderId, 'refund')).code, 550, 'one open per order')
    const shipped = await orderAt(t, op, 'shipped')
    assert.equal((await apply(shipped.client, shipped.orderId, 'refund')).code, 550)
    await unpaid.client.post('/api/order/cancel_order', { order_id: unpaid.orderId })
    assert.equal((await apply(unpaid.client, unpaid.orderId, 'refund')).code, 550)
    assert.equal((await apply(unpaid.client, unpaid.orderId, 'refund')).body.msg, '该订单不能申请售后')
  })

  test('an approved refund is with the provider: it cannot be withdrawn (551)', async () => {
    const o = await orderAt(t, op, 'paid')
    const id = await applied(o.client, o.orderId, 'refund')
    await review(id, 1)
    const res = await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })
    assert.equal(res.code, 551)
    assert.equal(res.body.msg, '售后单状态不正确')
  })
})

describe('a return', () => {
  test('of a complete order: approved, sent back, received (stock back once), refunded: order 2/3→6', async () => {
    const o = await orderAt(t, op, 'complete')
    const stock = await stockOf(t, o.sku)
    const id = await applied(o.client, o.orderId, 'return')
    const logistics = { after_sale_id: id, logistics: '顺丰速运', logistics_id: 'SF900' }
    assert.equal((await o.client.post('/api/order/return_logistics', logistics)).code, 551, 'not approved yet')
    assert.equal((await receive(id)).code, 551, 'not approved yet')
    const approved = await review(id, 1, '请寄回')
    assert.equal(approved.data.after_sale.state, 1, 'a return waits for the goods')
    assert.equal((await orderRow(t, o.orderId)).state, 3)
    assert.equal((await o.client.post('/api/order/return_logistics', logistics)).code, 0)
    const fixed = { ...logistics, logistics_id: 'SF901' }
    assert.equal((await o.client.post('/api/order/return_logistics', fixed)).code, 0, 'corrected before arrival')
    const got = await receive(id)
    assert.equal(got.code, 0, JSON.stringify(got.body))
    assert.equal(got.data.after_sale.state, 3)
    assert.equal(got.data.after_sale.logistics_id, 'SF901')
    assert.equal(await stockOf(t, o.sku), stock + 1)
    const order = await orderRow(t, o.orderId)
    assert.equal(order.state, 6)
    assert.ok(order.refund_time)
    assert.equal((await cardOf(t, o.userId)).remain_amount, 1000000)
    assert.equal((await receive(id)).code, 551)
    assert.equal((await o.client.post('/api/order/return_logistics', fixed)).code, 551)
    assert.equal(await stockOf(t, o.sku), stock + 1, 'stock came back exactly once')
    assert.deepEqual(
      (await outboxOf(t, o.mobile))
        .filter((m) => m.template !== 'order_shipped')
        .map((m) => m.params.state ?? m.template),
      ['approved', 'received', 'refund_done'],
    )
    assert.deepEqual(
      (await logOf(t, 'after_sale', id)).map((l) => l.actor_type),
      ['user', 'admin', 'user', 'user', 'admin', 'system'],
    )
  })

  test('of a shipped order not confirmed: it may always ask; while open it cannot be confirmed (211)', async () => {
    const o = await orderAt(t, op, 'shipped')
    const id = await applied(o.client, o.orderId, 'return')
    assert.equal((await o.client.post('/api/order/confirm_order', { order_id: o.orderId })).code, 211)
    await review(id, 1)
    assert.equal(
      (await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code,
      0,
      'nothing sent yet',
    )
    assert.equal((await requestRow(t, id)).state, 5)
    assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code, 551)
    assert.equal((await o.client.post('/api/order/confirm_order', { order_id: o.orderId })).code, 0)
    assert.equal((await orderRow(t, o.orderId)).state, 3)
  })

  test('the window: day 7 after completion may ask, its end and day 8 may not', async () => {
    const clock = frozenClock()
    try {
      const o = await orderAt(t, op, 'complete')
      const completed = (await orderRow(t, o.orderId)).confirm_time!
      clock.tick(6 * DAY + DAY / 2)
      await signInAgain(o.client, o)
      const id = await applied(o.client, o.orderId, 'return')
      assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code, 0)
      clock.tick(completed + 7 * DAY - 1 - Math.floor(Date.now() / 1000))
      const last = await applied(o.client, o.orderId, 'return')
      assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: last })).code, 0)
      clock.tick(1)
      await signInAgain(o.client, o)
      assert.equal((await apply(o.client, o.orderId, 'return')).code, 550, 'in its last second it has passed')
      clock.tick(DAY / 2)
      await signInAgain(o.client, o)
      assert.equal((await apply(o.client, o.orderId, 'return')).code, 550, 'day 8')
    } finally {
      clock.reset()
    }
  })

  test('AFTER_SALE_DAYS sets the window', async () => {
    const short = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', AFTER_SALE_DAYS: '0' })
    try {
      const shortOp = await makeAdmin(short, 'operator')
      const o = await orderAt(short, shortOp, 'complete')
      assert.equal((await apply(o.client, o.orderId, 'return')).code, 550)
      await assertReconciled(short)
    } finally {
      await short.close()
    }
  })
})

describe('refusals and bad input', () => {
  test('551 for each wrong step', async () => {
    const o = await orderAt(t, op, 'complete')
    const id = await applied(o.client, o.orderId, 'return')
    assert.equal((await receive(id)).code, 551)
    assert.equal((await op.client.post('/api/after_sale/refund', { after_sale_id: id })).code, 551)
    await review(id, 0)
    assert.equal((await review(id, 0)).code, 551)
    assert.equal((await o.client.post('/api/order/cancel_after_sale', { after_sale_id: id })).code, 551)
    const p = await orderAt(t, op, 'paid')
    const refundId = await applied(p.client, p.orderId, 'refund')
    assert.equal((await receive(refundId)).code, 551, 'a refund has nothing to receive')
    const logistics = { after_sale_id: refundId, logistics: '顺丰', logistics_id: 'SF1' }
    assert.equal((await p.client.post('/api/order/return_logistics', logistics)).code, 551)
  })

  test("another customer's order or request answers as a missing one", async () => {
    const o = await orderAt(t, op, 'complete')
    const id = await applied(o.client, o.orderId, 'return')
    const other = await signUp(t)
    const missingOrder = '99999999999999999'
    for (const orderId of [o.orderId, missingOrder]) {
      const a = await apply(other.client, orderId, 'return')
      assert.deepEqual([a.status, a.code, a.body.msg], [200, 218, '订单不存在'])
      const l = await other.client.post('/api/order/after_sale', { order_id: orderId })
      assert.deepEqual([l.status, l.code], [200, 218])
    }
    for (const after_sale_id of [id, 99999999]) {
      const c = await other.client.post('/api/order/cancel_after_sale', { after_sale_id })
      assert.deepEqual([c.status, c.code], [404, 404])
      const r = await other.client.post('/api/order/return_logistics', {
        after_sale_id,
        logistics: 'a',
        logistics_id: 'b',
      })
      assert.deepEqual([r.status, r.code], [404, 404])
    }
    assert.equal((await requestRow(t, id)).state, 0)
    for (const path of ['review', 'receive', 'refund', 'detail'])
      assert.equal((await op.client.post(`/api/after_sale/${path}`, { after_sale_id: 99999999, approve: 1 })).code, 404)
  })

  test('100 missing, 101 invalid (type, length, negative, too many images, not a URL), 400 malformed JSON', async () => {
    const o = await orderAt(t, op, 'complete')
    const base: Record<string, unknown> = { order_id: o.orderId, kind: 'return', reason: '坏了' }
    const post = (body: Record<string, unknown>) => o.client.post('/api/order/apply_refund', body)
    for (const key of ['order_id', 'kind', 'reason']) {
      const { [key]: _, ...rest } = base
      assert.equal((await post(rest)).code, 100, key)
    }
    assert.equal((await post({ ...base, reason: '' })).code, 100)
    for (const bad of [
      { kind: 'exchange' },
      { kind: 1 },
      { order_id: '-1' },
      { order_id: 'abc' },
      { reason: 'x'.repeat(201) },
      { reason: '坏了\u0000' },
      { images: Array.from({ length: 7 }, (_, i) => `https://img.example/${i}.jpg`) },
      { images: ['javascript:alert(1)'] },
      { images: ['//img.example/a.jpg'] },
      { images: 'https://img.example/a.jpg ' },
    ]) {
      const res = await post({ ...base, ...bad })
      assert.deepEqual([res.status, res.code], [400, 101], JSON.stringify(bad))
    }
    const malformed = await o.client.raw('/api/order/apply_refund', '{"order_id":', {
      'content-type': 'application/json',
      'x-xsrftoken': await o.client.xsrf(),
    })
    assert.equal(malformed.status, 400)
    for (const after_sale_id of ['abc', -1, 0, 1.5]) {
      const res = await o.client.post('/api/order/cancel_after_sale', { after_sale_id })
      assert.deepEqual([res.status, res.code], [400, 101], String(after_sale_id))
    }
    assert.equal((await o.client.post('/api/order/cancel_after_sale', {})).code, 100)
    const id = await applied(o.client, o.orderId, 'return')
    assert.equal((await op.client.post('/api/after_sale/review', { after_sale_id: id, approve: 2 })).code, 101)
    assert.equal((await op.client.post('/api/after_sale/review', { after_sale_id: id })).code, 100)
    assert.equal((await review(id, 1, 'x'.repeat(201))).code, 101)
    const longLogistics = { after_sale_id: id, logistics: 'x'.repeat(65), logistics_id: '1' }
    assert.equal((await o.client.post('/api/order/return_logistics', longLogistics)).code, 101)
    assert.equal((await op.client.post('/api/after_sale/list', { state: 6 })).code, 101)
    assert.equal((await op.client.post('/api/after_sale/list', { page: -1 })).code, 101)
    // A form, as the original front end posts: images[] and all.
    const p = await orderAt(t, op, 'paid')
    const form = await p.client.postForm(
      '/api/order/apply_refund',
      `order_id=${p.orderId}&kind=refund&reason=${encodeURIComponent('不要了')}&images[]=${encodeURIComponent('https://img.example/f.jpg')}`,
    )
    assert.equal(form.code, 0, JSON.stringify(form.body))
    assert.deepEqual((await requestRow(t, form.data.after_sale_id)).images, '["https://img.example/f.jpg"]')
  })

  test('401 signed out; customers cannot reach the operator routes; GET on a write is 405', async () => {
    const o = await orderAt(t, op, 'paid')
    assert.equal((await t.client().post('/api/order/apply_refund', { order_id: o.orderId })).status, 401)
    assert.equal((await t.client().post('/api/order/after_sale', { order_id: o.orderId })).status, 401)
    assert.equal((await o.client.post('/api/after_sale/list', {})).status, 401)
    assert.equal((await o.client.post('/api/after_sale/review', { after_sale_id: 1, approve: 1 })).status, 401)
    assert.equal((await o.client.get('/api/order/apply_refund', { order_id: o.orderId })).status, 405)
    assert.equal((await op.client.get('/api/after_sale/list')).code, 0, 'a read answers GET')
  })
})

describe('/api/after_sale/list and detail', () => {
  test('filters by state, order and mobile prefix, newest first; the detail shows images and history', async () => {
    const a = await orderAt(t, op, 'paid')
    const b = await orderAt(t, op, 'complete')
    const ra = await applied(a.client, a.orderId, 'refund')
    const rb = await applied(b.client, b.orderId, 'return')
    await review(rb, 0, 'no')
    const list = async (q: Record<string, unknown>) =>
      (await op.client.post('/api/after_sale/list', q)).data.after_sales.map(
        (r: { after_sale_id: number }) => r.after_sale_id,
      )
    assert.deepEqual(await list({ order_id: a.orderId }), [ra])
    assert.deepEqual(await list({ u_mobile: b.mobile }), [rb])
    assert.deepEqual(await list({ u_mobile: b.mobile, state: 0 }), [])
    assert.deepEqual(await list({ u_mobile: b.mobile, state: 4 }), [rb])
    assert.ok((await list({ state: 0, count: 100 })).includes(ra))
    assert.ok(!(await list({ state: 0, count: 100 })).includes(rb))
    const all = await op.client.post('/api/after_sale/list', { state: '', order_id: '', u_mobile: '', count: 100 })
    const order = all.data.after_sales.map((r: { after_sale_id: number }) => r.after_sale_id)
    assert.ok(order.indexOf(rb) < order.indexOf(ra), 'newest first')
    assert.equal(all.data.pagination.count, 100)
    assert.ok(all.data.pagination.total >= 2)
    assert.equal(all.data.after_sales[order.indexOf(rb)].user_mobile, b.mobile)
    const detail = await op.client.post('/api/after_sale/detail', { after_sale_id: rb })
    assert.equal(detail.data.after_sale.user_mobile, b.mobile)
    assert.deepEqual(
      detail.data.log_infos.map((l: { actor_name: string }) => l.actor_name),
      [b.mobile, op.name],
    )
  })
})
