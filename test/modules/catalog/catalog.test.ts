import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { findSku, releaseStock, reserveStock } from '../../../src/modules/catalog/repo.ts'
import { saveSku, setStock } from '../../../src/modules/catalog/service.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { testApp, type TestApp } from '../../helper.ts'
import { createSku } from './skus.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

const stockOf = async (skuId: string) => (await findSku(t.db, skuId))!.stock

describe('a fresh install', () => {
  test('lists at least six demo SKUs with prices, first payments, postage and stock', async () => {
    const res = await t.client().get('/api/sku/list', { count: '100' })
    assert.equal(res.status, 200)
    assert.equal(res.code, 0)
    const demo = res.data.sku_list.filter((s: { sku_id: string }) => /^ad5\d\d$/.test(s.sku_id))
    assert.ok(demo.length >= 6)
    for (const s of demo) {
      assert.ok(s.name.length > 0)
      assert.ok(Number.isInteger(s.real_price) && s.real_price > 0)
      assert.ok(s.first_pay.length >= 2)
      assert.ok(s.first_pay.every((p: number) => Number.isInteger(p) && p > 0 && p <= s.real_price))
      assert.ok(s.stock > 0)
      assert.equal(s.on_sale, true)
      assert.ok(Array.isArray(s.images) && s.images.length > 0)
    }
    assert.ok(demo.some((s: { postfee: number }) => s.postfee > 0))
  })
})

describe('get_sku', () => {
  test('answers one SKU by GET and by POST', async () => {
    const sku = await createSku(t, { name: '详情页商品' })
    const c = t.client()
    for (const res of [
      await c.get('/api/sku/get_sku', { sku_id: sku.sku_id }),
      await c.post('/api/sku/get_sku', { sku_id: sku.sku_id }),
    ]) {
      assert.equal(res.code, 0)
      assert.equal(res.data.sku_id, sku.sku_id)
      assert.equal(res.data.name, '详情页商品')
      assert.deepEqual(res.data.first_pay, [10000, 20000, 30000])
      assert.deepEqual(res.data.images, ['https://img.example/1.jpg'])
      assert.equal(res.data.real_price, 100000)
      assert.equal(res.data.on_sale, true)
    }
  })

  test('answers an off-sale SKU marked on_sale false', async () => {
    const sku = await createSku(t, { on_sale: false })
    const res = await t.client().get('/api/sku/get_sku', { sku_id: sku.sku_id })
    assert.equal(res.code, 0)
    assert.equal(res.data.on_sale, false)
  })

  test('an unknown SKU is 230', async () => {
    const res = await t.client().get('/api/sku/get_sku', { sku_id: 'no-such-sku' })
    assert.equal(res.status, 200)
    assert.equal(res.code, 230)
  })

  test('SQL metacharacters are only a SKU id that does not exist', async () => {
    const c = t.client()
    for (const skuId of ["' OR '1'='1", 'ad501"; DROP TABLE skus; --', '%', '_']) {
      assert.equal((await c.post('/api/sku/get_sku', { sku_id: skuId })).code, 230)
    }
    assert.equal((await c.get('/api/sku/get_sku', { sku_id: 'ad501' })).code, 0)
  })

  test('bad input is a 400 naming the parameter', async () => {
    const c = t.client()
    const missing = await c.post('/api/sku/get_sku', {})
    assert.equal(missing.status, 400)
    assert.equal(missing.code, 100)
    assert.match(missing.body.msg, /sku_id/)
    assert.equal((await c.get('/api/sku/get_sku', { sku_id: '' })).code, 100)
    assert.equal((await c.post('/api/sku/get_sku', { sku_id: 'x'.repeat(65) })).code, 101)
    assert.equal((await c.post('/api/sku/get_sku', { sku_id: ['a', 'b'] })).status, 400)
    assert.equal((await c.post('/api/sku/get_sku', { sku_id: { a: 1 } })).status, 400)
    assert.equal((await c.post('/api/sku/get_sku', { sku_id: 'ad501\u0000' })).code, 101)
    const token = await c.xsrf()
    const malformed = await c.raw('/api/sku/get_sku', '{"sku_id":', {
      'content-type': 'application/json',
      'x-xsrftoken': token,
    })
    assert.equal(malformed.status, 400)
    assert.equal(malformed.body.status_code, 400)
  })

  test('a POST without _xsrf is 403', async () => {
    const res = await t
      .client()
      .raw('/api/sku/get_sku', JSON.stringify({ sku_id: 'ad501' }), { 'content-type': 'application/json' })
    assert.equal(res.status, 403)
  })
})

describe('list', () => {
  test('pages the on-sale SKUs; pagination.count is the total', async () => {
    const off = await createSku(t, { on_sale: false })
    const c = t.client()
    const all = await c.get('/api/sku/list', { page: '1', count: '100' })
    const total = all.data.pagination.count
    assert.equal(all.data.sku_list.length, total)
    assert.ok(!all.data.sku_list.some((s: { sku_id: string }) => s.sku_id === off.sku_id))
    assert.ok(all.data.sku_list.every((s: { on_sale: boolean }) => s.on_sale))

    const page2 = await c.post('/api/sku/list', { page: 2, count: 2 })
    assert.equal(page2.code, 0)
    assert.deepEqual(page2.data.pagination, { allpage: Math.ceil(total / 2), page: 2, count: total })
    assert.deepEqual(
      page2.data.sku_list.map((s: { sku_id: string }) => s.sku_id),
      all.data.sku_list.slice(2, 4).map((s: { sku_id: string }) => s.sku_id),
    )
    const beyond = await c.get('/api/sku/list', { page: String(total + 1), count: '1' })
    assert.deepEqual(beyond.data.sku_list, [])
  })

  test('page and count default to 1 and 20', async () => {
    const res = await t.client().get('/api/sku/list')
    assert.equal(res.data.pagination.page, 1)
    assert.equal(res.data.sku_list.length, Math.min(20, res.data.pagination.count))
  })

  test('bad page or count is 101', async () => {
    const c = t.client()
    for (const query of [
      { page: '0' },
      { page: '-1' },
      { page: 'abc' },
      { count: '0' },
      { count: '101' },
      { count: '1.5' },
      { page: '1e400' },
      { page: 'Infinity' },
      { count: '-Infinity' },
      { page: ['1', '2'] },
    ]) {
      const res = await c.get('/api/sku/list', query)
      assert.equal(res.status, 400, JSON.stringify(query))
      assert.equal(res.code, 101, JSON.stringify(query))
    }
  })
})

describe('saveSku', () => {
  test('creates a SKU with its first payments sorted and unique, and logs it', async () => {
    const sku = await createSku(t, { first_pay: [30000, 10000, 30000], stock: 7 })
    assert.deepEqual(sku.first_pay, [10000, 30000])
    assert.equal(sku.stock, 7)
    const log = await t.db
      .selectFrom('operate_log')
      .selectAll()
      .where('target_type', '=', 'sku')
      .where('target_id', '=', sku.sku_id)
      .execute()
    assert.equal(log.length, 1)
  })

  test('updates everything but the stock and the creation time', async () => {
    const sku = await createSku(t, { stock: 7 })
    const res = await saveSku(t.app.deps, SYSTEM, {
      sku_id: sku.sku_id,
      name: '改名',
      real_price: 50000,
      first_pay: [5000],
      postfee: 0,
      weight: 1,
      images: [],
      stock: 999,
      on_sale: false,
    })
    assert.equal(res.code, 0)
    const now = (await findSku(t.db, sku.sku_id))!
    assert.equal(now.name, '改名')
    assert.equal(now.real_price, 50000)
    assert.deepEqual(now.first_pay, [5000])
    assert.deepEqual(now.images, [])
    assert.equal(now.on_sale, false)
    assert.equal(now.stock, 7)
    assert.equal(now.create_time, sku.create_time)
  })

  test('a first payment above the price, or bad stock, is 101 and writes nothing', async () => {
    const input = {
      sku_id: 'never-saved',
      name: 'x',
      real_price: 100,
      first_pay: [50, 101],
      postfee: 0,
      weight: 0,
      images: [],
      on_sale: true,
    }
    assert.equal((await saveSku(t.app.deps, SYSTEM, input)).code, 101)
    assert.equal((await saveSku(t.app.deps, SYSTEM, { ...input, first_pay: [50], stock: -1 })).code, 101)
    assert.equal((await saveSku(t.app.deps, SYSTEM, { ...input, first_pay: [] })).code, 101)
    assert.equal(await findSku(t.db, 'never-saved'), undefined)
  })

  test('keeps SQL metacharacters and odd text verbatim', async () => {
    const name = `O'Brien"; DROP TABLE skus; -- 100% _蓝色_ \\`
    const sku = await createSku(t, { name, images: ["https://img.example/a'b.jpg"] })
    const res = await t.client().get('/api/sku/get_sku', { sku_id: sku.sku_id })
    assert.equal(res.data.name, name)
    assert.deepEqual(res.data.images, ["https://img.example/a'b.jpg"])
  })
})

describe('setStock', () => {
  test('sets the stock and logs it', async () => {
    const sku = await createSku(t)
    assert.equal((await setStock(t.app.deps, SYSTEM, sku.sku_id, 42)).code, 0)
    assert.equal(await stockOf(sku.sku_id), 42)
    const log = await t.db
      .selectFrom('operate_log')
      .select('text')
      .where('target_id', '=', sku.sku_id)
      .orderBy('id', 'desc')
      .executeTakeFirst()
    assert.match(log!.text, /42/)
  })

  test('an unknown SKU is 230; a negative or fractional stock is 101', async () => {
    const sku = await createSku(t, { stock: 3 })
    assert.equal((await setStock(t.app.deps, SYSTEM, 'no-such-sku', 1)).code, 230)
    assert.equal((await setStock(t.app.deps, SYSTEM, sku.sku_id, -1)).code, 101)
    assert.equal((await setStock(t.app.deps, SYSTEM, sku.sku_id, 1.5)).code, 101)
    assert.equal(await stockOf(sku.sku_id), 3)
  })
})

describe('reserveStock and releaseStock', () => {
  test('take and give back units; never below zero', async () => {
    const sku = await createSku(t, { stock: 3 })
    await t.db.transaction().execute(async (trx) => {
      assert.equal(await reserveStock(trx, sku.sku_id, 2), true)
      assert.equal(await reserveStock(trx, sku.sku_id, 2), false)
      assert.equal(await reserveStock(trx, 'no-such-sku', 1), false)
    })
    assert.equal(await stockOf(sku.sku_id), 1)
    await t.db.transaction().execute((trx) => releaseStock(trx, sku.sku_id, 2))
    assert.equal(await stockOf(sku.sku_id), 3)
  })

  test('concurrent reservations never sell more than the stock', async () => {
    const sku = await createSku(t, { stock: 5 })
    const results = await Promise.all(
      Array.from({ length: 12 }, () => t.db.transaction().execute((trx) => reserveStock(trx, sku.sku_id, 1))),
    )
    assert.equal(results.filter(Boolean).length, 5)
    assert.equal(await stockOf(sku.sku_id), 0)
  })

  test('a quantity that is not a positive integer, or a missing SKU on release, is a bug', async () => {
    const sku = await createSku(t)
    await t.db.transaction().execute(async (trx) => {
      await assert.rejects(reserveStock(trx, sku.sku_id, 0))
      await assert.rejects(reserveStock(trx, sku.sku_id, -1))
      await assert.rejects(releaseStock(trx, sku.sku_id, 1.5))
    })
    await assert.rejects(t.db.transaction().execute((trx) => releaseStock(trx, 'no-such-sku', 1)))
    assert.equal(await stockOf(sku.sku_id), 10)
  })
})
