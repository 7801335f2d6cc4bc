import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, buySku, cardOf, makeSku, stockOf } from '../../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000', ORDER_SHIP_BASE: '500' })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const orderCount = async (userId: number) =>
  Number(
    (
      await t.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('prepare_order', () => {
  test('prices sku lines from the catalog and writes nothing', async () => {
    const { client, userId } = await signUp(t)
    const a = await makeSku(t, { price: 100000, firstPay: [10000, 30000], postfee: 1000 })
    const b = await makeSku(t, { price: 50000, firstPay: [5000], postfee: 0 })
    const res = await client.post('/api/order/prepare_order', {
      order_type: 'sku',
      sku_list: [
        { sku_id: a, sku_count: 2, first_price: 30000 },
        { sku_id: b, sku_count: 1, first_price: 5000 },
      ],
      coupon_code: '',
    })
    assert.equal(res.code, 0)
    assert.equal(res.data.order_sku_count, 3)
    assert.equal(res.data.order_sku_amount, 250000)
    assert.equal(res.data.credit_amount, -(140000 + 45000))
    assert.equal(res.data.ship_amount, 500 + 1000)
    assert.equal(res.data.pay_amount, 60000 + 5000 + 1500)
    assert.equal(res.data.credit_remain, 1000000)
    assert.equal(res.data.order_sku_infos.length, 2)
    assert.equal(await orderCount(userId), 0)
    assert.equal(await stockOf(t, a), 100)
  })

  test('prices cart lines, with the first price chosen now or kept from the cart', async () => {
    const { client } = await signUp(t)
    const sku = await makeSku(t, { price: 100000, firstPay: [10000, 20000] })
    await client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 2, first_price: 10000 })
    const line = (await client.get('/api/cart/cart_list')).data.find((l: { sku_id: string }) => l.sku_id === sku)
    const kept = await client.post('/api/order/prepare_order', {
      order_type: 'cart',
      cart_list: [{ cart_id: line.id }],
    })
    assert.equal(kept.data.pay_amount, 20000 + 500)
    const chosen = await client.post('/api/order/prepare_order', {
      order_type: 'cart',
      cart_list: [{ cart_id: line.id, first_price: 20000 }],
    })
    assert.equal(chosen.data.pay_amount, 40000 + 500)
    assert.equal(chosen.data.credit_amount, -160000)
  })

  test('works as a GET with a jQuery-style query and as a form post', async () => {
    const { client } = await signUp(t)
    const sku = await makeSku(t)
    const q = `order_type=sku&sku_list[0][sku_id]=${sku}&sku_list[0][sku_count]=1&sku_list[0][first_price]=10000`
    const got = await client.get(`/api/order/prepare_order?${q}`)
    assert.equal(got.code, 0)
    assert.equal(got.data.pay_amount, 10500)
    assert.equal((await client.postForm('/api/order/prepare_order', q)).data.pay_amount, 10500)
  })

  test('210 for unknown or off-sale SKUs, bad first prices, foreign or unknown lines, duplicates, none', async () => {
    const { client } = await signUp(t)
    const other = await signUp(t)
    const sku = await makeSku(t, { price: 100000, firstPay: [10000, 20000] })
    const off = await makeSku(t, { onSale: false })
    await other.client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 1, first_price: 10000 })
    const foreignLine = (await other.client.get('/api/cart/cart_list')).data[0].id
    const bad = [
      { order_type: 'sku', sku_list: [{ sku_id: 'nope', sku_count: 1, first_price: 10000 }] },
      { order_type: 'sku', sku_list: [{ sku_id: off, sku_count: 1, first_price: 10000 }] },
      { order_type: 'sku', sku_list: [{ sku_id: sku, sku_count: 1, first_price: 9999 }] },
      { order_type: 'sku', sku_list: [{ sku_id: sku, sku_count: 1, first_price: 100001 }] },
      {
        order_type: 'sku',
        sku_list: [
          { sku_id: sku, sku_count: 1, first_price: 10000 },
          { sku_id: sku, sku_count: 1, first_price: 10000 },
        ],
      },
      { order_type: 'sku', sku_list: [] },
      { order_type: 'cart', cart_list: [{ cart_id: foreignLine }] },
      { order_type: 'cart', cart_list: [{ cart_id: 999999 }] },
      { order_type: 'cart' },
    ]
    for (const body of bad)
      assert.equal((await client.post('/api/order/prepare_order', body)).code, 210, JSON.stringify(body))
  })

  test('bad input: order_type, counts, prices, types, malformed JSON, no session', async () => {
    const { client } = await signUp(t)
    const sku = await makeSku(t)
    const line = (o: object) => ({
      order_type: 'sku',
      sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000, ...o }],
    })
    assert.equal((await client.post('/api/order/prepare_order', { order_type: 'wish' })).code, 101)
    assert.equal((await client.post('/api/order/prepare_order', {})).code, 100)
    for (const o of [
      { sku_count: 0 },
      { sku_count: 100 },
      { sku_count: -1 },
      { sku_count: 'two' },
      { first_price: -5 },
      { first_price: 1.5 },
      { sku_id: 'x'.repeat(65) },
    ]) {
      assert.equal((await client.post('/api/order/prepare_order', line(o))).code, 101, JSON.stringify(o))
    }
    const raw = await client.raw('/api/order/prepare_order', '{"order_type":', {
      'content-type': 'application/json',
      'x-xsrftoken': await client.xsrf(),
    })
    assert.equal(raw.status, 400)
    assert.equal((await t.client().post('/api/order/prepare_order', line({}))).status, 401)
  })
})

describe('commit_order', () => {
  test('reserves stock and credit, snapshots lines and address, empties the used cart lines, logs', async () => {
    const { client, userId } = await signUp(t)
    const addressId = await addAddress(client)
    const sku = await makeSku(t, { price: 100000, firstPay: [10000], stock: 5, postfee: 800 })
    const keep = await makeSku(t)
    await client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 2, first_price: 10000 })
    await client.post('/api/cart/add_cart', { sku_id: keep, sku_inc_count: 1, first_price: 10000 })
    const lines = (await client.get('/api/cart/cart_list')).data
    const used = lines.find((l: { sku_id: string }) => l.sku_id === sku)
    const res = await client.post('/api/order/commit_order', {
      address_id: addressId,
      user_note: '要正品',
      order_type: 'cart',
      cart_list: [{ cart_id: used.id, first_price: 10000 }],
    })
    assert.equal(res.code, 0)
    const orderId = res.data
    assert.match(orderId, /^\d{16}$/)
    assert.equal(await stockOf(t, sku), 3)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000 - 180000)
    const left = (await client.get('/api/cart/cart_list')).data
    assert.deepEqual(
      left.map((l: { sku_id: string }) => l.sku_id),
      [keep],
    )

    // The snapshot survives later changes to the SKU and the address book.
    await t.db.updateTable('skus').set({ name: '改名了', real_price: 1 }).where('sku_id', '=', sku).execute()
    await client.post('/api/order/update_address', {
      id: addressId,
      address_info: { name: '别人', mobile: '13000000000', address: '别处', is_default: 1 },
    })
    const got = (await client.get('/api/order/get_order', { order_id: orderId })).data.order_info
    assert.equal(got.state, 0)
    assert.equal(got.user_note, '要正品')
    assert.equal(got.pay_amount, 20000 + 800 + 500)
    assert.equal(got.credit_amount, -180000)
    assert.equal(got.skus_info[0].sku_name, `测试商品 ${sku}`)
    assert.equal(got.skus_info[0].real_price, 100000)
    assert.equal(got.skus_info[0].sku_count, 2)
    assert.equal(got.address_info.name, '苏源')
    const log = await t.db
      .selectFrom('operate_log')
      .selectAll()
      .where('target_type', '=', 'order')
      .where('target_id', '=', orderId)
      .execute()
    assert.equal(log.length, 1)
    assert.equal(log[0]!.actor_type, 'user')
    assert.equal(log[0]!.actor_id, userId)
  })

  test("220 for someone else's or a missing address; nothing written", async () => {
    const { client, userId } = await signUp(t)
    const other = await signUp(t)
    const foreign = await addAddress(other.client)
    const sku = await makeSku(t, { stock: 3 })
    for (const addressId of [foreign, 999999]) {
      assert.equal((await buySku(client, addressId, sku, 1, 10000)).code, 220)
    }
    assert.equal(await orderCount(userId), 0)
    assert.equal(await stockOf(t, sku), 3)
  })

  test('240 when stock is short, 271 when credit is short; nothing written', async () => {
    const { client, userId } = await signUp(t)
    const addressId = await addAddress(client)
    const scarce = await makeSku(t, { stock: 1 })
    const dear = await makeSku(t, { price: 2000000, firstPay: [10000], stock: 10 })
    assert.equal((await buySku(client, addressId, scarce, 2, 10000)).code, 240)
    const short = await buySku(client, addressId, dear, 1, 10000)
    assert.equal(short.code, 271)
    assert.equal(short.body.msg, '额度卡余额不足')
    assert.equal(await orderCount(userId), 0)
    assert.equal(await stockOf(t, scarce), 1)
    assert.equal(await stockOf(t, dear), 10)
    assert.equal((await cardOf(t, userId)).remain_amount, 1000000)
  })

  test('an order paid in full needs no credit, even with none on the card', async () => {
    const poor = await testApp({ CREDIT_DEFAULT_AMOUNT: '0' })
    try {
      const { client, userId } = await signUp(poor)
      const addressId = await addAddress(client)
      const sku = await makeSku(poor, { price: 30000, firstPay: [30000] })
      assert.equal((await buySku(client, addressId, sku, 1, 10000)).code, 210)
      assert.equal((await buySku(client, addressId, sku, 1, 30000)).code, 0)
      const sku2 = await makeSku(poor, { price: 30000, firstPay: [10000] })
      assert.equal((await buySku(client, addressId, sku2, 1, 10000)).code, 271)
      assert.equal((await cardOf(poor, userId)).remain_amount, 0)
      await assertReconciled(poor)
    } finally {
      await poor.close()
    }
  })

  test('an Idempotency-Key returns the first answer, sequentially and in parallel', async () => {
    const { client, userId } = await signUp(t)
    const addressId = await addAddress(client)
    const sku = await makeSku(t)
    const first = await buySku(client, addressId, sku, 1, 10000, { 'idempotency-key': 'k-1' })
    const again = await buySku(client, addressId, sku, 1, 10000, { 'idempotency-key': 'k-1' })
    assert.equal(again.code, 0)
    assert.equal(again.data, first.data)
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => buySku(client, addressId, sku, 1, 10000, { 'idempotency-key': 'k-2' })),
    )
    assert.ok(racing.every((r) => r.code === 0 && r.data === racing[0]!.data))
    assert.equal(await orderCount(userId), 2)
    assert.equal(await stockOf(t, sku), 98)
    const other = await signUp(t)
    const theirs = await buySku(other.client, await addAddress(other.client), sku, 1, 10000, {
      'idempotency-key': 'k-1',
    })
    assert.notEqual(theirs.data, first.data)
    assert.equal((await buySku(client, addressId, sku, 1, 10000, { 'idempotency-key': 'k'.repeat(129) })).code, 101)
  })

  test('an Idempotency-Key reused for a different request answers 422 and makes nothing', async () => {
    const { client, userId } = await signUp(t)
    const addressId = await addAddress(client)
    const sku = await makeSku(t)
    const first = await buySku(client, addressId, sku, 1, 10000, { 'idempotency-key': 'k-3' })
    assert.equal(first.code, 0)
    const other = await buySku(client, addressId, sku, 2, 10000, { 'idempotency-key': 'k-3' })
    assert.equal(other.status, 422)
    assert.deepEqual(other.body, {
      status_code: 422,
      code: 422,
      msg: 'Idempotency-Key已用于另一个不同的请求',
      data: {},
    })
    // The same request as a form, its numbers as strings, is the same request.
    const token = await client.xsrf()
    const form = await client.raw(
      '/api/order/commit_order',
      `address_id=${addressId}&order_type=sku&sku_list[0][sku_id]=${sku}&sku_list[0][sku_count]=1` +
        `&sku_list[0][first_price]=10000&_xsrf=${token}`,
      { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'k-3' },
    )
    assert.equal(form.code, 0)
    assert.equal(form.data, first.data)
    // Racing with different bodies: one order; every other answer is the replay or 422.
    const racing = await Promise.all(
      [1, 2, 3, 1, 2, 3].map((n) => buySku(client, addressId, sku, n, 10000, { 'idempotency-key': 'k-4' })),
    )
    const made = racing.filter((r) => r.code === 0)
    assert.ok(made.length >= 1 && made.every((r) => r.data === made[0]!.data))
    assert.ok(racing.every((r) => r.code === 0 || r.status === 422))
    assert.equal(await orderCount(userId), 2)
    assert.equal(
      await stockOf(t, sku),
      100 -
        1 -
        Number(
          (
            await t.db
              .selectFrom('order_items')
              .select('sku_count')
              .where('order_id', '=', made[0]!.data)
              .executeTakeFirstOrThrow()
          ).sku_count,
        ),
    )
  })

  test('parallel commits against a card that fits fewer: exactly those that fit succeed', async () => {
    const { client, userId } = await signUp(t)
    const addressId = await addAddress(client)
    // Each order borrows 300 000 fen: the card's 1 000 000 fits three.
    const sku = await makeSku(t, { price: 310000, firstPay: [10000], stock: 100 })
    const results = await Promise.all(Array.from({ length: 8 }, () => buySku(client, addressId, sku, 1, 10000)))
    assert.equal(results.filter((r) => r.code === 0).length, 3)
    assert.equal(results.filter((r) => r.code === 271).length, 5)
    const card = await cardOf(t, userId)
    assert.equal(card.remain_amount, 100000)
    assert.equal(await stockOf(t, sku), 97)
  })

  test('parallel commits of one cart line: one order, the others 210', async () => {
    const { client, userId } = await signUp(t)
    const addressId = await addAddress(client)
    const sku = await makeSku(t, { stock: 50 })
    await client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 1, first_price: 10000 })
    const cartId = (await client.get('/api/cart/cart_list')).data[0].id
    const body = { address_id: addressId, order_type: 'cart', cart_list: [{ cart_id: cartId }] }
    const results = await Promise.all(Array.from({ length: 6 }, () => client.post('/api/order/commit_order', body)))
    assert.equal(results.filter((r) => r.code === 0).length, 1)
    assert.equal(results.filter((r) => r.code === 210).length, 5)
    assert.equal(await orderCount(userId), 1)
    assert.equal(await stockOf(t, sku), 49)
  })

  test('commits racing cart changes of the same customer never deadlock', async () => {
    const { client } = await signUp(t)
    const addressId = await addAddress(client)
    const sku = await makeSku(t, { stock: 500 })
    for (let round = 0; round < 8; round++) {
      await client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 1, first_price: 10000 })
      const cartId = (await client.get('/api/cart/cart_list')).data[0].id
      const answers = await Promise.all([
        client.post('/api/order/commit_order', {
          address_id: addressId,
          order_type: 'cart',
          cart_list: [{ cart_id: cartId }],
        }),
        client.post('/api/cart/add_cart', { sku_id: sku, sku_inc_count: 1, first_price: 10000 }),
        client.post('/api/cart/update_cart', { sku_id: sku, sku_count: 2, first_price: 10000 }),
      ])
      assert.ok(
        answers.every((a) => a.status === 200),
        JSON.stringify(answers.map((a) => a.body)),
      )
      await client.post('/api/cart/del_cart', { sku_ids: [sku] })
    }
  })

  test('buyers racing for scarce stock: exactly that many orders', async () => {
    const sku = await makeSku(t, { stock: 3 })
    const buyers = await Promise.all(Array.from({ length: 8 }, () => signUp(t)))
    const addresses = await Promise.all(buyers.map((b) => addAddress(b.client)))
    const results = await Promise.all(buyers.map((b, i) => buySku(b.client, addresses[i]!, sku, 1, 10000)))
    assert.equal(results.filter((r) => r.code === 0).length, 3)
    assert.equal(results.filter((r) => r.code === 240).length, 5)
    assert.equal(await stockOf(t, sku), 0)
  })

  test('bad input: missing address, wrong types, malformed JSON, GET, no xsrf, no session', async () => {
    const { client } = await signUp(t)
    const sku = await makeSku(t)
    const lines = { order_type: 'sku', sku_list: [{ sku_id: sku, sku_count: 1, first_price: 10000 }] }
    assert.equal((await client.post('/api/order/commit_order', lines)).code, 100)
    assert.equal((await client.post('/api/order/commit_order', { ...lines, address_id: 'home' })).code, 101)
    assert.equal((await client.post('/api/order/commit_order', { ...lines, address_id: -1 })).code, 101)
    assert.equal(
      (await client.post('/api/order/commit_order', { ...lines, address_id: 1, user_note: 'x'.repeat(501) })).code,
      101,
    )
    assert.equal((await client.get('/api/order/commit_order')).status, 405)
    assert.equal(
      (await client.raw('/api/order/commit_order', JSON.stringify(lines), { 'content-type': 'application/json' }))
        .status,
      403,
    )
    assert.equal((await t.client().post('/api/order/commit_order', { ...lines, address_id: 1 })).status, 401)
  })
})
