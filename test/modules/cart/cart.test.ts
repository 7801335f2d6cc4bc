import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { cartLinesByIds } from '../../../src/modules/cart/repo.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import { createSku, setOnSale } from '../catalog/skus.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

interface LineView {
  id: number
  sku_id: string
  sku_count: number
  first_price: number
  time: number
  sku_info: { sku_id: string; on_sale: boolean; real_price: number }
}

async function lines(c: Client): Promise<LineView[]> {
  const res = await c.get('/api/cart/cart_list')
  assert.equal(res.code, 0)
  return res.data
}

async function quantity(c: Client): Promise<number> {
  const res = await c.get('/api/cart/cart_count')
  assert.equal(res.code, 0)
  return res.data.sku_count
}

const add = (c: Client, sku_id: string, sku_inc_count = 1, first_price = 10000) =>
  c.post('/api/cart/add_cart', { sku_id, sku_inc_count, first_price })

describe('add_cart, cart_count and cart_list', () => {
  test('adds a line, then adds to it; the list carries the live SKU', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    const first = await add(client, sku.sku_id, 2, 10000)
    assert.equal(first.status, 200)
    assert.equal(first.code, 0)
    assert.equal(first.data.sku_count, 2)
    const again = await add(client, sku.sku_id, 3, 20000)
    assert.deepEqual(again.data, { id: first.data.id, sku_count: 5 })
    assert.equal(await quantity(client), 5)
    const list = await lines(client)
    assert.equal(list.length, 1)
    const line = list[0]!
    assert.equal(line.id, first.data.id)
    assert.equal(line.sku_id, sku.sku_id)
    assert.equal(line.sku_count, 5)
    assert.equal(line.first_price, 20000)
    assert.ok(Math.abs(line.time - Date.now() / 1000) < 60)
    assert.equal(line.sku_info.sku_id, sku.sku_id)
    assert.equal(line.sku_info.on_sale, true)
    assert.equal(line.sku_info.real_price, 100000)
  })

  test('the seed page adds a demo SKU by form; counts and lists answer GET and POST', async () => {
    const { client } = await signUp(t)
    const res = await client.postForm('/api/cart/add_cart', 'sku_id=ad501&sku_inc_count=1&first_price=59900')
    assert.equal(res.code, 0, JSON.stringify(res.body))
    assert.equal((await client.post('/api/cart/cart_count')).data.sku_count, 1)
    assert.equal((await client.post('/api/cart/cart_list')).data[0].sku_id, 'ad501')
  })

  test('an empty cart counts 0 and lists nothing', async () => {
    const { client } = await signUp(t)
    assert.equal(await quantity(client), 0)
    assert.deepEqual(await lines(client), [])
  })

  test('an unknown or off-sale SKU is 230', async () => {
    const { client } = await signUp(t)
    const off = await createSku(t, { on_sale: false })
    for (const skuId of ['no-such-sku', off.sku_id, "' OR '1'='1", 'ad501; DROP TABLE cart_lines']) {
      const res = await add(client, skuId)
      assert.equal(res.status, 200)
      assert.equal(res.code, 230, skuId)
    }
    assert.deepEqual(await lines(client), [])
  })

  test("a first price below the SKU's smallest first payment or above its price is 231", async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    assert.equal((await add(client, sku.sku_id, 1, 9999)).code, 231)
    assert.equal((await add(client, sku.sku_id, 1, 100001)).code, 231)
    assert.equal((await add(client, sku.sku_id, 1, 0)).code, 231)
    assert.deepEqual(await lines(client), [])
    for (const price of [10000, 15000, 100000])
      assert.equal((await add(client, sku.sku_id, 1, price)).code, 0, String(price))
  })

  test('a line holds at most 99: the add that would pass it is 251 and changes nothing', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    await add(client, sku.sku_id, 60)
    const over = await add(client, sku.sku_id, 40, 20000)
    assert.equal(over.status, 200)
    assert.equal(over.code, 251)
    const [line] = await lines(client)
    assert.equal(line!.sku_count, 60)
    assert.equal(line!.first_price, 10000)
    assert.equal((await add(client, sku.sku_id, 39)).data.sku_count, 99)
  })

  test('a cart holds at most 50 lines (250 past them); adding to a line already there still works', async () => {
    const { client } = await signUp(t)
    const skus = await Promise.all(Array.from({ length: 51 }, () => createSku(t)))
    for (const sku of skus.slice(0, 50)) assert.equal((await add(client, sku.sku_id)).code, 0)
    const over = await add(client, skus[50]!.sku_id)
    assert.equal(over.status, 200)
    assert.equal(over.code, 250)
    assert.equal((await add(client, skus[0]!.sku_id)).code, 0)
    assert.equal((await lines(client)).length, 50)
    assert.equal(await quantity(client), 51)
  })
})

describe('add_cart under concurrency', () => {
  test('20 parallel adds of 1 end at exactly 20 in one line', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    const results = await Promise.all(Array.from({ length: 20 }, () => add(client, sku.sku_id)))
    assert.ok(results.every((r) => r.code === 0))
    const list = await lines(client)
    assert.equal(list.length, 1)
    assert.equal(list[0]!.sku_count, 20)
  })

  test('parallel adds never pass 99', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    const results = await Promise.all(Array.from({ length: 12 }, () => add(client, sku.sku_id, 15)))
    assert.equal(results.filter((r) => r.code === 0).length, 6)
    assert.ok(results.every((r) => r.code === 0 || r.code === 251))
    assert.equal((await lines(client))[0]!.sku_count, 90)
    const more = await Promise.all(Array.from({ length: 20 }, () => add(client, sku.sku_id)))
    assert.equal(more.filter((r) => r.code === 0).length, 9)
    assert.equal(await quantity(client), 99)
  })

  test('parallel adds of new SKUs never pass 50 lines', async () => {
    const { client } = await signUp(t)
    const skus = await Promise.all(Array.from({ length: 54 }, () => createSku(t)))
    for (const sku of skus.slice(0, 47)) await add(client, sku.sku_id)
    const results = await Promise.all(skus.slice(47).map((sku) => add(client, sku.sku_id)))
    assert.equal(results.filter((r) => r.code === 0).length, 3)
    assert.ok(results.every((r) => r.code === 0 || r.code === 250))
    assert.equal((await lines(client)).length, 50)
  })
})

describe('update_cart', () => {
  test('sets the quantity and first price; 0 deletes the line', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    const { data } = await add(client, sku.sku_id, 5)
    const res = await client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 2, first_price: 30000 })
    assert.deepEqual(res.data, { id: data.id, sku_count: 2 })
    const [line] = await lines(client)
    assert.equal(line!.sku_count, 2)
    assert.equal(line!.first_price, 30000)
    assert.equal((await client.postForm('/api/cart/update_cart', `sku_id=${sku.sku_id}&sku_count=0`)).code, 0)
    assert.deepEqual(await lines(client), [])
  })

  test('creates the line when the SKU is not in the cart yet; 0 on a missing line is fine', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    assert.equal((await client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 0 })).code, 0)
    assert.equal(
      (await client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 4, first_price: 10000 })).code,
      0,
    )
    assert.equal(await quantity(client), 4)
  })

  test('230 for an unknown or off-sale SKU, 231 for a bad first price, 250 past 50 lines', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    await add(client, sku.sku_id, 3)
    await setOnSale(t, sku, false)
    assert.equal(
      (await client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 5, first_price: 10000 })).code,
      230,
    )
    assert.equal(
      (await client.post('/api/cart/update_cart', { sku_id: 'no-such-sku', sku_count: 5, first_price: 10000 })).code,
      230,
    )
    await setOnSale(t, sku, true)
    assert.equal(
      (await client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 5, first_price: 100 })).code,
      231,
    )
    assert.equal((await lines(client))[0]!.sku_count, 3)

    const full = await signUp(t)
    const skus = await Promise.all(Array.from({ length: 51 }, () => createSku(t)))
    for (const s of skus.slice(0, 50)) await add(full.client, s.sku_id)
    assert.equal(
      (await full.client.post('/api/cart/update_cart', { sku_id: skus[50]!.sku_id, sku_count: 1, first_price: 10000 }))
        .code,
      250,
    )
    assert.equal(
      (await full.client.post('/api/cart/update_cart', { sku_id: skus[0]!.sku_id, sku_count: 9, first_price: 10000 }))
        .code,
      0,
    )
  })

  test('a line whose SKU went off sale can still be deleted with 0', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    await add(client, sku.sku_id)
    await setOnSale(t, sku, false)
    assert.equal((await client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 0 })).code, 0)
    assert.deepEqual(await lines(client), [])
  })
})

describe('del_cart', () => {
  test('deletes the lines of the given SKUs, by JSON array or sku_ids[] form fields', async () => {
    const { client } = await signUp(t)
    const skus = await Promise.all(Array.from({ length: 5 }, () => createSku(t)))
    for (const sku of skus) await add(client, sku.sku_id)
    assert.equal(
      (await client.post('/api/cart/del_cart', { sku_ids: [skus[0]!.sku_id, skus[1]!.sku_id, 'not-in-cart'] })).code,
      0,
    )
    const form = await client.postForm(
      '/api/cart/del_cart',
      `sku_ids[]=${skus[2]!.sku_id}&sku_ids[]=${skus[3]!.sku_id}`,
    )
    assert.equal(form.code, 0, JSON.stringify(form.body))
    assert.deepEqual(
      (await lines(client)).map((l) => l.sku_id),
      [skus[4]!.sku_id],
    )
    assert.equal((await client.postForm('/api/cart/del_cart', `sku_ids=${skus[4]!.sku_id}`)).code, 0)
    assert.deepEqual(await lines(client), [])
  })
})

describe('off-sale lines', () => {
  test('stay in cart_list with sku_info.on_sale false, and in the count', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    const kept = await createSku(t)
    await add(client, sku.sku_id, 2)
    await add(client, kept.sku_id, 1)
    await setOnSale(t, sku, false)
    const list = await lines(client)
    assert.equal(list.length, 2)
    assert.equal(list.find((l) => l.sku_id === sku.sku_id)!.sku_info.on_sale, false)
    assert.equal(list.find((l) => l.sku_id === kept.sku_id)!.sku_info.on_sale, true)
    assert.equal(await quantity(client), 3)
    assert.equal((await add(client, sku.sku_id)).code, 230)
  })
})

describe("someone else's cart", () => {
  test('is neither seen nor changed', async () => {
    const owner = await signUp(t)
    const other = await signUp(t)
    const sku = await createSku(t)
    const { data } = await add(owner.client, sku.sku_id, 4)
    assert.equal(await quantity(other.client), 0)
    assert.deepEqual(await lines(other.client), [])
    assert.equal((await other.client.post('/api/cart/del_cart', { sku_ids: [sku.sku_id] })).code, 0)
    assert.equal((await other.client.post('/api/cart/update_cart', { sku_id: sku.sku_id, sku_count: 0 })).code, 0)
    assert.equal((await add(other.client, sku.sku_id, 1)).code, 0)
    const [line] = await lines(owner.client)
    assert.equal(line!.id, data.id)
    assert.equal(line!.sku_count, 4)
    assert.equal(await quantity(other.client), 1)
  })

  test('cartLinesByIds loads only the caller’s lines, with their SKUs', async () => {
    const owner = await signUp(t)
    const other = await signUp(t)
    const sku = await createSku(t)
    const mine = (await add(owner.client, sku.sku_id, 2)).data.id
    const theirs = (await add(other.client, sku.sku_id, 3)).data.id
    const loaded = await cartLinesByIds(t.db, owner.userId, [mine, theirs, 999999999])
    assert.equal(loaded.length, 1)
    assert.equal(loaded[0]!.id, mine)
    assert.equal(loaded[0]!.sku_count, 2)
    assert.equal(loaded[0]!.sku.sku_id, sku.sku_id)
    assert.deepEqual(await cartLinesByIds(t.db, owner.userId, []), [])
  })
})

describe('bad input', () => {
  test('missing, empty, mistyped, out-of-range and malformed parameters are 400 and write nothing', async () => {
    const { client } = await signUp(t)
    const sku = await createSku(t)
    await add(client, sku.sku_id, 2)
    const id = sku.sku_id
    const cases: [string, Record<string, unknown>, number][] = [
      ['/api/cart/add_cart', { sku_inc_count: 1, first_price: 10000 }, 100],
      ['/api/cart/add_cart', { sku_id: '', sku_inc_count: 1, first_price: 10000 }, 100],
      ['/api/cart/add_cart', { sku_id: 'x'.repeat(65), sku_inc_count: 1, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: { a: 1 }, sku_inc_count: 1, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: `${id}\u0000`, sku_inc_count: 1, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, first_price: 10000 }, 100],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 0, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: -1, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 100, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 1.5, first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 'abc', first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 'Infinity', first_price: 10000 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 1 }, 100],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 1, first_price: -1 }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 1, first_price: '1e400' }, 101],
      ['/api/cart/add_cart', { sku_id: id, sku_inc_count: 1, first_price: '10000; --' }, 101],
      ['/api/cart/update_cart', { sku_id: id, sku_count: 1 }, 100],
      ['/api/cart/update_cart', { sku_id: id, sku_count: -1, first_price: 10000 }, 101],
      ['/api/cart/update_cart', { sku_id: id, sku_count: 100, first_price: 10000 }, 101],
      ['/api/cart/update_cart', { sku_id: id, first_price: 10000 }, 100],
      ['/api/cart/del_cart', {}, 100],
      ['/api/cart/del_cart', { sku_ids: [] }, 101],
      ['/api/cart/del_cart', { sku_ids: [id, ''] }, 100],
      ['/api/cart/del_cart', { sku_ids: { a: id } }, 101],
      ['/api/cart/del_cart', { sku_ids: ['\u0000'] }, 101],
      ['/api/cart/del_cart', { sku_ids: Array.from({ length: 101 }, (_, i) => `s${i}`) }, 101],
    ]
    for (const [url, body, code] of cases) {
      const res = await client.post(url, body)
      assert.equal(res.status, 400, `${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`)
      assert.equal(res.code, code, `${url} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`)
    }
    const token = await client.xsrf()
    const malformed = await client.raw('/api/cart/add_cart', '{"sku_id": "x", ', {
      'content-type': 'application/json',
      'x-xsrftoken': token,
    })
    assert.equal(malformed.status, 400)
    const [line] = await lines(client)
    assert.equal(line!.sku_count, 2)
    assert.equal(await quantity(client), 2)
  })

  test('a GET on a POST-only route is 405', async () => {
    const { client } = await signUp(t)
    for (const url of ['/api/cart/add_cart', '/api/cart/update_cart', '/api/cart/del_cart']) {
      const res = await client.get(url, { sku_id: 'ad501', sku_inc_count: '1', first_price: '59900' })
      assert.equal(res.status, 405, url)
    }
    assert.equal(await quantity(client), 0)
  })

  test('a POST without _xsrf is 403 and writes nothing', async () => {
    const { client } = await signUp(t)
    const res = await client.raw(
      '/api/cart/add_cart',
      JSON.stringify({ sku_id: 'ad501', sku_inc_count: 1, first_price: 59900 }),
      { 'content-type': 'application/json' },
    )
    assert.equal(res.status, 403)
    assert.equal(await quantity(client), 0)
  })

  test('not signed in is 401', async () => {
    const c = t.client()
    assert.equal((await c.get('/api/cart/cart_count')).status, 401)
    assert.equal((await c.get('/api/cart/cart_list')).status, 401)
    for (const url of ['/api/cart/add_cart', '/api/cart/update_cart', '/api/cart/del_cart']) {
      assert.equal(
        (await c.post(url, { sku_id: 'ad501', sku_inc_count: 1, sku_count: 1, first_price: 59900, sku_ids: ['ad501'] }))
          .status,
        401,
        url,
      )
    }
  })
})
