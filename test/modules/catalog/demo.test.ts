import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { buildApp } from '../../../src/app.ts'
import { loadConfig } from '../../../src/config.ts'
import { up as removeDemoSkus } from '../../../src/db/migrations/2026_12_06_001_demo_skus_out.ts'
import { DEMO_SKUS } from '../../../src/modules/catalog/index.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, buySku } from '../../shop.ts'

// Demo SKUs belong to development's embedded shop, not to every database a migration meets.

const skuIds = async (t: Pick<TestApp, 'db'>) =>
  (await t.db.selectFrom('skus').select('sku_id').orderBy('sku_id').execute()).map((r) => r.sku_id)

describe('a new database', () => {
  test('in production holds no SKU at all', async () => {
    const t = await testApp({ NODE_ENV: 'production', PAYMENT_PROVIDER: 'sandbox' }, { demoCatalog: undefined })
    try {
      assert.deepEqual(await skuIds(t), [])
      assert.equal((await t.client().get('/api/sku/list')).data.pagination.count, 0)
    } finally {
      await t.close()
    }
  })

  test('in development on a database DATABASE_URL names holds none either', async () => {
    const t = await testApp({ NODE_ENV: 'development' }, { demoCatalog: undefined })
    try {
      assert.deepEqual(await skuIds(t), [])
    } finally {
      await t.close()
    }
  })

  test('development’s embedded database gets the demo SKUs while its catalog is empty, and only then', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sfm-demo-'))
    try {
      const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' })
      assert.equal(config.databaseUrl, `sqlite:${join(dataDir, 'sfm.db')}`)
      let app = await buildApp({ config })
      assert.deepEqual(await skuIds(app.deps), DEMO_SKUS.map((s) => s.sku_id).sort())
      await app.deps.db.deleteFrom('skus').where('sku_id', '=', 'ad507').execute()
      await app.close()
      app = await buildApp({ config })
      assert.equal((await skuIds(app.deps)).includes('ad507'), false, 'a shop that has SKUs is not seeded again')
      await app.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  test('npm run seed-demo adds the demo SKUs on purpose, once', async () => {
    const t = await testApp({}, { demoCatalog: false })
    try {
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: t.config.databaseUrl,
        DATA_DIR: t.config.dataDir,
      }
      const first = spawnSync(process.execPath, ['dist/cli/seed-demo.js'], { env, encoding: 'utf8' })
      assert.equal(first.status, 0, first.stderr)
      assert.match(first.stdout, /added 7 of the 7 demo SKUs/)
      const again = spawnSync(process.execPath, ['dist/cli/seed-demo.js'], { env, encoding: 'utf8' })
      assert.match(again.stdout, /added 0 of the 7/)
      assert.equal((await skuIds(t)).length, 7)
    } finally {
      await t.close()
    }
  })
})

test('an existing database loses the demo SKUs nobody ordered or changed, and keeps the others', async () => {
  const t = await testApp({}, { demoCatalog: false })
  try {
    // As 2026_11_29_002 left every database.
    const now = Math.floor(Date.now() / 1000)
    await t.db
      .insertInto('skus')
      .values(
        DEMO_SKUS.map((s) => ({
          ...s,
          first_pay: JSON.stringify(s.first_pay),
          images: JSON.stringify([
            `https://img.sfm.example/sku/${s.sku_id}_1.jpg`,
            `https://img.sfm.example/sku/${s.sku_id}_2.jpg`,
          ]),
          on_sale: 1 as const,
          create_time: now,
          update_time: now,
        })),
      )
      .execute()
    const customer = await signUp(t)
    // ad501 was sold (and the order cancelled since: it still names the SKU).
    const order = await buySku(customer.client, await addAddress(customer.client), 'ad501', 1, 599900)
    assert.equal(order.code, 0, JSON.stringify(order.body))
    assert.equal(
      (await customer.client.post('/api/order/cancel_order', { order_id: order.data, reason: '不要了' })).code,
      0,
    )
    // ad502 was made into a real product; ad503 sits in a cart, never ordered.
    await t.db.updateTable('skus').set({ name: '华为 Mate 60 Pro(店铺自营)' }).where('sku_id', '=', 'ad502').execute()
    const carted = await customer.client.post('/api/cart/add_cart', {
      sku_id: 'ad503',
      sku_inc_count: 1,
      first_price: 14900,
    })
    assert.equal(carted.code, 0)

    await removeDemoSkus(t.db)
    assert.deepEqual(await skuIds(t), ['ad501', 'ad502'])
    assert.deepEqual((await customer.client.get('/api/cart/cart_list')).data, [])
  } finally {
    await t.close()
  }
})
