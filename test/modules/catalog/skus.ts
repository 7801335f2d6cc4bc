import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import type { Sku } from '../../../src/modules/catalog/repo.ts'
import type { SaveSkuInput } from '../../../src/modules/catalog/schemas.ts'
import { saveSku } from '../../../src/modules/catalog/service.ts'
import { type TestApp, okValue } from '../../helper.ts'

let skuSeq = 0

/** Creates a SKU through the catalog service, as the back office does: price 1000.00 yuan, first pay 100/200/300. */
export async function createSku(t: TestApp, overrides: Partial<SaveSkuInput> = {}): Promise<Sku> {
  const input: SaveSkuInput = {
    sku_id: `t${process.pid}-${++skuSeq}`,
    name: '测试商品',
    real_price: 100000,
    first_pay: [10000, 20000, 30000],
    postfee: 500,
    weight: 300,
    images: ['https://img.example/1.jpg'],
    stock: 10,
    on_sale: true,
    ...overrides,
  }
  const res = await saveSku(t.app.deps, SYSTEM, input)
  return okValue(res)!
}

/** Takes a SKU off sale (or back on) through the catalog service. */
export async function setOnSale(t: TestApp, sku: Sku, onSale: boolean): Promise<void> {
  const { stock: _stock, create_time: _created, update_time: _updated, ...fields } = sku
  const res = await saveSku(t.app.deps, SYSTEM, { ...fields, on_sale: onSale })
  okValue(res)
}
