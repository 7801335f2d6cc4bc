import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { compiledOnce, compiledPerDatabase } from '../../src/db/compiled.ts'
import { testApp, type TestApp } from '../helper.ts'
import { makeSku } from '../shop.ts'

let t: TestApp
let skuA: string
let skuB: string
before(async () => {
  t = await testApp()
  skuA = await makeSku(t, { price: 100000, stock: 5 })
  skuB = await makeSku(t, { price: 250000, stock: 7 })
})
after(() => t.close())

test('a compiled query runs with each call its values, in the order the caller gives them, beside its constants', async () => {
  // The query's own constant (on_sale = 1) lands between the two values, and the second value comes first.
  const onSaleBetween = compiledOnce<[number, string], { sku_id: string }>(t.db, 2, (maxPrice, skuId) =>
    t.db
      .selectFrom('skus')
      .select('sku_id')
      .where('sku_id', '=', skuId)
      .where('on_sale', '=', 1)
      .where('real_price', '<=', maxPrice),
  )
  assert.deepEqual(await onSaleBetween(100000, skuA), [{ sku_id: skuA }])
  assert.deepEqual(await onSaleBetween(100000, skuB), [])
  assert.deepEqual(await onSaleBetween(300000, skuB), [{ sku_id: skuB }])
})

test('a value used other than as a value is refused when the query is compiled, not answered wrongly later', () => {
  assert.throws(
    () => compiledOnce(t.db, 2, (skuId) => t.db.selectFrom('skus').select('sku_id').where('sku_id', '=', skuId)),
    /value 1 is not a parameter/,
  )
})

test('compiledPerDatabase runs on the transaction it is given and sees that transaction’s own writes', async () => {
  const stockOf = compiledPerDatabase<[string], { stock: number }>(1, (db, skuId) =>
    db.selectFrom('skus').select('stock').where('sku_id', '=', skuId),
  )
  await assert.rejects(
    t.db.transaction().execute(async (trx) => {
      await trx.updateTable('skus').set({ stock: 99 }).where('sku_id', '=', skuA).execute()
      assert.deepEqual(await stockOf(trx, skuA), [{ stock: 99 }])
      throw new Error('roll back')
    }),
    /^Error: roll back$/,
  )
  assert.deepEqual(await stockOf(t.db, skuA), [{ stock: 5 }])
  assert.deepEqual(await stockOf(t.db, skuB), [{ stock: 7 }])
})
