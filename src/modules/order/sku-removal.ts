import type { Deps } from '../../deps.ts'
import { lockSku } from '../../db/dialect.ts'
import { Codes } from '../../domain/codes.ts'
import { type Done, fail, ok, type Result } from '../../domain/result.ts'
import { removeSkuFromCarts } from '../cart/index.ts'
import { deleteSkuRow } from '../catalog/index.ts'
import { type Actor, writeLog } from '../oplog/index.ts'
import { skuEverOrdered } from './repo.ts'

/**
 * Deletes a SKU nobody has ordered (a mistake, a demo): out of every cart, then out of the
 * catalog. One that any order names stays, since orders, refunds and the history point at it:
 * it can only go off sale (232). Here, not in the catalog, because it spans the catalog, the
 * carts and the orders; the SKU's row is locked first, so no order can take it meanwhile.
 */
export async function deleteUnorderedSku(deps: Deps, actor: Actor, skuId: string): Promise<Result<Done>> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await lockSku(trx, skuId))) return fail(Codes.SKU_NOT_FOUND)
    if (await skuEverOrdered(trx, skuId)) return fail(Codes.SKU_ORDERED)
    const carts = await removeSkuFromCarts(trx, skuId)
    await deleteSkuRow(trx, skuId)
    await writeLog(trx, actor, { type: 'sku', id: skuId }, carts ? `删除商品(从${carts}个购物车中移除)` : '删除商品')
    return ok()
  })
}
