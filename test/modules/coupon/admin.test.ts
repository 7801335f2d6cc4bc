import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { shipOrder } from '../../../src/modules/order/index.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { nowSeconds } from '../../../src/time.ts'
import { logOf, makeAdmin, type TestAdmin } from '../../admin.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, makeSku } from '../../shop.ts'

let t: TestApp
let admin: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  admin = await makeAdmin(t)
})
afterEach(() => assertReconciled(t))
after(() => t.close())

let seq = 0
const newCoupon = (overrides: Record<string, unknown> = {}) => {
  const now = nowSeconds()
  return {
    code: `Adm${process.pid}x${++seq}`,
    kind: 'amount',
    value: 2000,
    start_time: now - 60,
    end_time: now + 3600,
    ...overrides,
  }
}
const save = (body: Record<string, unknown>) => admin.client.post('/api/coupon/save', body)

/** A customer who commits one ¥1 000 order (¥100 down) with the coupon; answers the commit. */
async function useCoupon(code: string) {
  const c = await signUp(t)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000] })
  const res = await c.client.post('/api/order/commit_order', {
    address_id: await addAddress(c.client),
    order_type: 'sku',
    sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }],
    coupon_code: code,
  })
  return { ...c, res }
}

describe('/api/coupon/save', () => {
  test('creates a coupon with the defaults of SPEC §6.6, code upper-cased, logged with the admin', async () => {
    const body = newCoupon()
    const res = await save(body)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    const c = res.data
    assert.ok(c.coupon_id > 0)
    assert.equal(c.code, body.code.toUpperCase())
    assert.deepEqual(
      [
        c.kind,
        c.value,
        c.max_off,
        c.min_amount,
        c.total_limit,
        c.per_user_limit,
        c.used,
        c.enabled,
        c.start_time,
        c.end_time,
      ],
      ['amount', 2000, 0, 0, 0, 1, 0, 1, body.start_time, body.end_time],
    )
    const log = await logOf(t, 'coupon', c.coupon_id)
    assert.equal(log.length, 1)
    assert.equal(log[0]!.actor_type, 'admin')
    assert.equal(log[0]!.actor_id, admin.id)
    assert.match(log[0]!.text, /^创建优惠券 /)
  })

  test('edits by coupon_id: every term, and the code while it was never redeemed', async () => {
    const { coupon_id } = (await save(newCoupon())).data
    const edited = newCoupon({
      coupon_id,
      kind: 'percent',
      value: 15,
      max_off: 5000,
      min_amount: 100000,
      total_limit: 10,
      per_user_limit: 2,
      enabled: 0,
    })
    const res = await save(edited)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    assert.deepEqual(
      [
        res.data.coupon_id,
        res.data.code,
        res.data.kind,
        res.data.value,
        res.data.max_off,
        res.data.min_amount,
        res.data.total_limit,
        res.data.per_user_limit,
        res.data.enabled,
      ],
      [coupon_id, edited.code.toUpperCase(), 'percent', 15, 5000, 100000, 10, 2, 0],
    )
    assert.match((await logOf(t, 'coupon', coupon_id)).at(-1)!.text, /^修改优惠券 .*15%,最多5000分/)
    // A cap means nothing for an amount off: it is not kept.
    assert.equal((await save({ ...edited, kind: 'amount', value: 100 })).data.max_off, 0)
  })

  test('285 when the code is taken, whatever its case, on create and on edit', async () => {
    const first = newCoupon()
    await save(first)
    const taken = await save(newCoupon({ code: first.code.toLowerCase() }))
    assert.equal(taken.status, 200)
    assert.equal(taken.code, 285)
    const other = (await save(newCoupon())).data
    const res = await save(newCoupon({ coupon_id: other.coupon_id, code: first.code.toUpperCase() }))
    assert.equal(res.code, 285)
    assert.match(res.body.msg, /已存在/)
  })

  test('the code cannot change once redeemed, even after the redemption was given back; the terms still can', async () => {
    const body = newCoupon()
    const { coupon_id } = (await save(body)).data
    const buyer = await useCoupon(body.code)
    assert.equal(buyer.res.code, 0)
    assert.equal((await buyer.client.post('/api/order/cancel_order', { order_id: buyer.res.data })).code, 0)
    const renamed = await save({ ...body, coupon_id, code: `${body.code}Z` })
    assert.equal(renamed.status, 200)
    assert.equal(renamed.code, 286)
    assert.match(renamed.body.msg, /已被使用/)
    const changed = await save({ ...body, coupon_id, code: body.code.toLowerCase(), value: 3000 })
    assert.equal(changed.code, 0)
    assert.equal(changed.data.value, 3000)
  })

  test('280 for an unknown coupon_id; 101 for a percentage over 100 or an end before the start', async () => {
    assert.equal((await save(newCoupon({ coupon_id: 99999999 }))).code, 280)
    const overHundred = await save(newCoupon({ kind: 'percent', value: 101 }))
    assert.deepEqual([overHundred.status, overHundred.code], [400, 101])
    const now = nowSeconds()
    const endsFirst = await save(newCoupon({ start_time: now, end_time: now - 1 }))
    assert.deepEqual([endsFirst.status, endsFirst.code], [400, 101])
    assert.equal((await save(newCoupon({ start_time: now, end_time: now }))).code, 0)
  })

  test('a form as jQuery sends it works too', async () => {
    const now = nowSeconds()
    const res = await admin.client.postForm(
      '/api/coupon/save',
      `code=Form${process.pid}&kind=percent&value=10&max_off=500&start_time=${now}&end_time=${now + 60}&total_limit=3&per_user_limit=1&enabled=1`,
    )
    assert.equal(res.code, 0, JSON.stringify(res.body))
    assert.deepEqual([res.data.kind, res.data.value, res.data.max_off, res.data.total_limit], ['percent', 10, 500, 3])
  })

  test('bad input: missing, wrong type, too short or long, negative, malformed JSON', async () => {
    const bad = [
      { code: 'abc' },
      { code: 'x'.repeat(33) },
      { code: 'has space' },
      { code: '满减券' },
      { kind: 'gift' },
      { value: 0 },
      { value: -5 },
      { value: 'much' },
      { value: 1.5 },
      { max_off: -1 },
      { min_amount: -1 },
      { start_time: -1 },
      { end_time: 'tomorrow' },
      { total_limit: -1 },
      { per_user_limit: 0 },
      { enabled: 2 },
      { coupon_id: 0 },
      { coupon_id: 'one' },
    ]
    for (const b of bad) assert.equal((await save(newCoupon(b))).status, 400, JSON.stringify(b))
    for (const field of ['code', 'kind', 'value', 'start_time', 'end_time']) {
      const { [field]: _gone, ...rest } = newCoupon() as Record<string, unknown>
      assert.equal((await save(rest)).code, 100, field)
    }
    const raw = await admin.client.raw('/api/coupon/save', '{"code":', {
      'content-type': 'application/json',
      'x-xsrftoken': await admin.client.xsrf(),
    })
    assert.equal(raw.status, 400)
  })
})

describe('/api/coupon/set_enabled', () => {
  test('switches a coupon off (customers get 280) and on again; logged; 280 unknown; 400 bad input', async () => {
    const body = newCoupon()
    const { coupon_id } = (await save(body)).data
    assert.equal((await admin.client.post('/api/coupon/set_enabled', { coupon_id, enabled: 0 })).code, 0)
    assert.equal((await useCoupon(body.code)).res.code, 280)
    assert.equal((await admin.client.post('/api/coupon/set_enabled', { coupon_id, enabled: '1' })).code, 0)
    assert.equal((await useCoupon(body.code)).res.code, 0)
    assert.deepEqual(
      (await logOf(t, 'coupon', coupon_id)).slice(1).map((l) => l.text),
      ['停用优惠券', '启用优惠券'],
    )
    assert.equal((await admin.client.post('/api/coupon/set_enabled', { coupon_id: 99999999, enabled: 1 })).code, 280)
    for (const b of [{ coupon_id }, { coupon_id, enabled: 3 }, { coupon_id: -1, enabled: 1 }, { enabled: 1 }]) {
      assert.equal((await admin.client.post('/api/coupon/set_enabled', b)).status, 400, JSON.stringify(b))
    }
    assert.equal((await admin.client.get('/api/coupon/set_enabled', { coupon_id, enabled: 1 })).status, 405)
  })
})

describe('/api/coupon/list', () => {
  test('newest first with each used count; by the start of the code in any case, and by the switch; paged', async () => {
    const prefix = `Lst${process.pid}`
    const a = (await save(newCoupon({ code: `${prefix}A1` }))).data
    const b = (await save(newCoupon({ code: `${prefix}B2`, enabled: 0 }))).data
    const c = (await save(newCoupon({ code: `${prefix}C3`, total_limit: 5 }))).data
    assert.equal((await useCoupon(c.code)).res.code, 0)
    const all = await admin.client.get('/api/coupon/list', { code: prefix.toLowerCase() })
    assert.equal(all.code, 0)
    assert.deepEqual(
      all.data.coupons.map((x: { coupon_id: number }) => x.coupon_id),
      [c.coupon_id, b.coupon_id, a.coupon_id],
    )
    assert.deepEqual(all.data.pagination, { total: 3, page: 1, count: 10 })
    assert.equal(all.data.coupons[0].used, 1)
    const on = await admin.client.get('/api/coupon/list', { code: prefix, enabled: 1 })
    assert.deepEqual(
      on.data.coupons.map((x: { coupon_id: number }) => x.coupon_id),
      [c.coupon_id, a.coupon_id],
    )
    const off = await admin.client.post('/api/coupon/list', { code: prefix, enabled: '0' })
    assert.deepEqual(
      off.data.coupons.map((x: { coupon_id: number }) => x.coupon_id),
      [b.coupon_id],
    )
    const page2 = await admin.client.get('/api/coupon/list', { code: prefix, enabled: '', page: 2, count: 2 })
    assert.deepEqual(
      page2.data.coupons.map((x: { coupon_id: number }) => x.coupon_id),
      [a.coupon_id],
    )
    assert.deepEqual(page2.data.pagination, { total: 3, page: 2, count: 2 })
    assert.equal((await admin.client.get('/api/coupon/list', { code: `${prefix}Z` })).data.coupons.length, 0)
    for (const q of [
      { enabled: 2 },
      { code: 'a%' },
      { code: 'x'.repeat(33) },
      { page: 0 },
      { count: 101 },
      { count: 'all' },
    ]) {
      assert.equal((await admin.client.get('/api/coupon/list', q)).status, 400, JSON.stringify(q))
    }
  })
})

describe('/api/coupon/redemptions', () => {
  test('who used it on which order, newest first, given back or not; 280 unknown; 400 bad input', async () => {
    const body = newCoupon({ total_limit: 10, value: 1500 })
    const { coupon_id } = (await save(body)).data
    const first = await useCoupon(body.code)
    const second = await useCoupon(body.code)
    assert.equal((await second.client.post('/api/order/cancel_order', { order_id: second.res.data })).code, 0)
    const res = await admin.client.get('/api/coupon/redemptions', { coupon_id })
    assert.equal(res.code, 0)
    assert.equal(res.data.coupon.used, 1)
    assert.deepEqual(res.data.pagination, { total: 2, page: 1, count: 10 })
    const rows = res.data.redemptions
    assert.deepEqual(
      rows.map((r: Record<string, unknown>) => [
        r.order_id,
        r.user_id,
        r.user_mobile,
        r.discount,
        r.order_state,
        r.released,
      ]),
      [
        [second.res.data, second.userId, second.mobile, 1500, 4, 1],
        [first.res.data, first.userId, first.mobile, 1500, 0, 0],
      ],
    )
    assert.ok(rows[0].release_time)
    assert.equal(rows[1].release_time, null)
    assert.equal(
      (await admin.client.get('/api/coupon/redemptions', { coupon_id, page: 2, count: 1 })).data.redemptions[0]
        .order_id,
      first.res.data,
    )
    assert.equal((await admin.client.get('/api/coupon/redemptions', { coupon_id: 99999999 })).code, 280)
    for (const q of [{}, { coupon_id: 'x' }, { coupon_id: 0 }, { coupon_id, count: 0 }]) {
      assert.equal((await admin.client.get('/api/coupon/redemptions', q)).status, 400, JSON.stringify(q))
    }
  })
})

describe('who may manage coupons', () => {
  test('an operator is refused (403), a customer or nobody is not signed in as an admin (401)', async () => {
    const operator = await makeAdmin(t, 'operator')
    assert.equal((await operator.client.get('/api/coupon/list')).status, 403)
    assert.equal((await operator.client.post('/api/coupon/save', newCoupon())).status, 403)
    const customer = await signUp(t)
    assert.equal((await customer.client.get('/api/coupon/list')).status, 401)
    assert.equal((await t.client().post('/api/coupon/set_enabled', { coupon_id: 1, enabled: 0 })).status, 401)
  })
})

describe('the order detail shows the coupon used', () => {
  test('/api/order/detail has coupon_info; the order its code and favour_amount', async () => {
    const body = newCoupon({ kind: 'percent', value: 5 })
    const { coupon_id } = (await save(body)).data
    const buyer = await useCoupon(body.code)
    const detail = await admin.client.get('/api/order/detail', { order_id: buyer.res.data })
    assert.equal(detail.code, 0)
    assert.equal(detail.data.order_info.coupon_code, body.code.toUpperCase())
    assert.equal(detail.data.order_info.favour_amount, -5000)
    const info = detail.data.coupon_info
    assert.deepEqual(
      [info.coupon_id, info.code, info.kind, info.value, info.discount, info.release_time],
      [coupon_id, body.code.toUpperCase(), 'percent', 5, 5000, null],
    )
    const plain = await signUp(t)
    const sku = await makeSku(t)
    const none = await plain.client.post('/api/order/commit_order', {
      address_id: await addAddress(plain.client),
      order_type: 'sku',
      sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }],
    })
    const noCoupon = await admin.client.get('/api/order/detail', { order_id: none.data })
    assert.equal(noCoupon.data.coupon_info, null)
    assert.equal(noCoupon.data.order_info.coupon_code, '')
  })

  test('an order with nothing to pay shows its payment of channel none and ships through send_out', async () => {
    const c = await signUp(t)
    const sku = await makeSku(t, { price: 100000, firstPay: [0] })
    const orderId = (
      await c.client.post('/api/order/commit_order', {
        address_id: await addAddress(c.client),
        order_type: 'sku',
        sku_list: [{ sku_id: sku, sku_count: 1, first_price: 0 }],
      })
    ).data
    const detail = (await admin.client.get('/api/order/detail', { order_id: orderId })).data
    assert.equal(detail.order_info.state, 1)
    assert.deepEqual([detail.pay_info.channel, detail.pay_info.channel_id, detail.pay_info.amount], ['none', -1, 0])
    const shipped = await admin.client.post('/api/order/send_out', {
      order_id: orderId,
      logistics_id: 'SF100',
      logistics: '顺丰速运',
    })
    assert.equal(shipped.code, 0)
    assert.equal((await c.client.get('/api/order/get_order', { order_id: orderId })).data.order_info.state, 2)
    // And the same through the service the route calls.
    const other = (
      await c.client.post('/api/order/commit_order', {
        address_id: await addAddress(c.client),
        order_type: 'sku',
        sku_list: [{ sku_id: sku, sku_count: 1, first_price: 0 }],
      })
    ).data
    assert.equal((await shipOrder(t.app.deps, SYSTEM, other, 'SF101', '顺丰速运')).code, 0)
  })
})
