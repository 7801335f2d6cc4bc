import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { logOf, makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let admin: TestAdmin
before(async () => {
  t = await testApp()
  admin = await makeAdmin(t)
})
after(() => t.close())

let seq = 0
const newSku = (overrides: Record<string, unknown> = {}) => ({
  sku_id: `adm${process.pid}-${++seq}`,
  name: '华为 Mate 70',
  real_price: 599900,
  first_pay: [119900, 59900],
  postfee: 0,
  weight: 220,
  images: ['https://img.example/m70.jpg'],
  stock: 5,
  on_sale: true,
  ...overrides,
})

const publicIds = async () =>
  (await t.client().get('/api/sku/list', { count: 100 })).data.sku_list.map((s: { sku_id: string }) => s.sku_id)

describe('/api/sku/save', () => {
  test('a new SKU is in the public list; an update keeps its stock; both logged, with the admin', async () => {
    const sku = newSku()
    const created = await admin.client.post('/api/sku/save', sku)
    assert.equal(created.code, 0)
    assert.deepEqual(created.data.first_pay, [59900, 119900])
    assert.equal(created.data.stock, 5)
    assert.ok((await publicIds()).includes(sku.sku_id))
    const updated = await admin.client.post('/api/sku/save', { ...sku, real_price: 499900, stock: 100, on_sale: false })
    assert.equal(updated.data.real_price, 499900)
    assert.equal(updated.data.stock, 5)
    assert.equal((await publicIds()).includes(sku.sku_id), false)
    const log = await logOf(t, 'sku', sku.sku_id)
    assert.equal(log.length, 2)
    assert.ok(log.every((l) => l.actor_type === 'admin' && l.actor_id === admin.id))
  })

  test('a form as jQuery sends it works too', async () => {
    const id = `adm${process.pid}-form`
    const form = [
      `sku_id=${id}`,
      `name=${encodeURIComponent('小米 14')}`,
      'real_price=399900&first_pay[]=39900&first_pay[]=79900&postfee=0&weight=190',
      `images[]=${encodeURIComponent('https://img.example/x.jpg')}`,
      'on_sale=true',
    ].join('&')
    const res = await admin.client.postForm('/api/sku/save', form)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    assert.equal(res.data.stock, 0)
  })

  test('bad input: first payment above the price answers 101; missing, negative or malformed fields 400', async () => {
    assert.equal((await admin.client.post('/api/sku/save', newSku({ first_pay: [700000] }))).code, 101)
    const bad = [
      { sku_id: '' },
      { sku_id: 'has space' },
      { real_price: -1 },
      { real_price: 'cheap' },
      { first_pay: [] },
      { images: [{}] },
      { stock: -1 },
      { name: 'x'.repeat(201) },
      { on_sale: 'maybe' },
    ]
    for (const b of bad)
      assert.equal((await admin.client.post('/api/sku/save', newSku(b))).status, 400, JSON.stringify(b))
    const { name: _name, ...noName } = newSku()
    assert.equal((await admin.client.post('/api/sku/save', noName)).code, 100)
  })
})

describe('/api/sku/set_stock and admin_list', () => {
  test('sets stock; 230 for an unknown SKU; 400 for a negative or non-numeric stock', async () => {
    const sku = newSku()
    await admin.client.post('/api/sku/save', sku)
    assert.equal((await admin.client.post('/api/sku/set_stock', { sku_id: sku.sku_id, stock: 42 })).code, 0)
    assert.equal((await t.client().get('/api/sku/get_sku', { sku_id: sku.sku_id })).data.stock, 42)
    assert.equal((await admin.client.post('/api/sku/set_stock', { sku_id: 'no-such-sku', stock: 1 })).code, 230)
    for (const stock of [-1, 'lots', 2_000_000_001])
      assert.equal((await admin.client.post('/api/sku/set_stock', { sku_id: sku.sku_id, stock })).status, 400)
    assert.equal((await logOf(t, 'sku', sku.sku_id)).at(-1)!.text, '设置库存为42')
  })

  test('admin_list shows off-sale SKUs, and narrows by on_sale', async () => {
    const off = newSku({ on_sale: false })
    await admin.client.post('/api/sku/save', off)
    const all = (await admin.client.get('/api/sku/admin_list', { count: 100 })).data
    assert.ok(all.sku_list.some((s: { sku_id: string }) => s.sku_id === off.sku_id))
    assert.equal(all.pagination.count, all.sku_list.length)
    const offOnly = (await admin.client.get('/api/sku/admin_list', { on_sale: 0, count: 100 })).data.sku_list
    assert.ok(offOnly.length >= 1 && offOnly.every((s: { on_sale: boolean }) => !s.on_sale))
    const onOnly = (await admin.client.get('/api/sku/admin_list', { on_sale: '1', count: 100 })).data.sku_list
    assert.ok(onOnly.every((s: { on_sale: boolean }) => s.on_sale))
    for (const q of [{ on_sale: 2 }, { page: 0 }, { count: 101 }])
      assert.equal((await admin.client.get('/api/sku/admin_list', q)).status, 400)
  })
})
