import type { Deps } from '../../deps.ts'
import type { Flag } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor } from '../oplog/index.ts'
import { countOnSale, countSkus, findSku, listOnSale, listSkus, setSkuStock, upsertSku, type Sku } from './repo.ts'
import { MAX_STOCK, type SaveSkuInput } from './schemas.ts'

// The shop's goods: public reading, and the back office's changes.

/** Whether a customer may put this first payment per unit on the SKU: from its smallest option up to its price. */
export function firstPriceAllowed(sku: Sku, firstPrice: number): boolean {
  return firstPrice >= Math.min(...sku.first_pay) && firstPrice <= sku.real_price
}

const validStock = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_STOCK

const page = (total: number, page: number, count: number, skuList: Sku[]) => ({
  pagination: { allpage: Math.ceil(total / count), page, count: total },
  sku_list: skuList,
})

/** Off-sale SKUs are still answered, marked on_sale false, so old links and carts can say so. */
export async function getSku(deps: Deps, skuId: string) {
  const sku = await findSku(deps.db, skuId)
  return sku ? ok(sku) : fail(Codes.SKU_NOT_FOUND)
}

/** The SKUs on sale, newest first. */
export async function onSalePage(deps: Deps, pageNo: number, count: number) {
  const total = await countOnSale(deps.db)
  return ok(page(total, pageNo, count, await listOnSale(deps.db, (pageNo - 1) * count, count)))
}

/** The back office's list: off-sale SKUs too, unless `onSale` narrows it. */
export async function adminSkuPage(deps: Deps, onSale: Flag | undefined, pageNo: number, count: number) {
  const total = await countSkus(deps.db, onSale)
  return ok(page(total, pageNo, count, await listSkus(deps.db, onSale, (pageNo - 1) * count, count)))
}

/** Creates or updates a SKU; the first payments are kept sorted and must not exceed the price. Answers the SKU. */
export async function saveSku(deps: Deps, actor: Actor, input: SaveSkuInput) {
  const firstPay = [...new Set(input.first_pay)].sort((a, b) => a - b)
  if (firstPay.length === 0 || firstPay.some((p) => p > input.real_price))
    return fail(Codes.INVALID_PARAM, '首付金额须在0到商品价格之间')
  if (input.stock !== undefined && !validStock(input.stock)) return fail(Codes.INVALID_PARAM, '参数stock无效')
  const fields = { ...input, first_pay: firstPay }
  const saved = await deps.db.transaction().execute(async (trx) => {
    await upsertSku(trx, fields, input.stock ?? 0, nowSeconds())
    await writeLog(
      trx,
      actor,
      { type: 'sku', id: input.sku_id },
      `保存商品:价格${input.real_price}分,首付${firstPay.join('/')}分,${input.on_sale ? '上架' : '下架'}`,
    )
    return findSku(trx, input.sku_id)
  })
  if (!saved) throw new Error(`SKU ${input.sku_id} missing right after it was saved`)
  return ok(saved)
}

export async function setStock(deps: Deps, actor: Actor, skuId: string, stock: number) {
  if (!validStock(stock)) return fail(Codes.INVALID_PARAM, '参数stock无效')
  return deps.db.transaction().execute(async (trx) => {
    if (!(await setSkuStock(trx, skuId, stock, nowSeconds()))) return fail(Codes.SKU_NOT_FOUND)
    await writeLog(trx, actor, { type: 'sku', id: skuId }, `设置库存为${stock}`)
    return ok()
  })
}
