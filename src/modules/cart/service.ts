import type { Deps } from '../../deps.ts'
import { lockUser, type Executor } from '../../db/dialect.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, missingParam, ok, type Refusal } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { findSku, firstPriceAllowed } from '../catalog/index.ts'
import {
  addToLine,
  countLines,
  deleteLines,
  lineExists,
  listLines,
  setLine,
  totalQuantity,
  type CartLineWithSku,
} from './repo.ts'
import { MAX_LINE_COUNT, MAX_LINES } from './schemas.ts'

// The customer's cart: one line per SKU, each 1–99 units, at most 50 lines.

const view = (l: CartLineWithSku) => ({
  id: l.id,
  sku_id: l.sku_id,
  sku_count: l.sku_count,
  first_price: Number(l.first_price),
  time: l.create_time,
  sku_info: l.sku,
})

/** Why the SKU cannot go into a cart at this first price, if it cannot. */
async function refusal(db: Executor, skuId: string, firstPrice: number): Promise<Refusal | undefined> {
  const sku = await findSku(db, skuId)
  if (!sku?.on_sale) return fail(Codes.SKU_NOT_FOUND)
  if (!firstPriceAllowed(sku, firstPrice)) return fail(Codes.FIRST_PRICE_OUT_OF_RANGE)
  return undefined
}

/** A new line is refused once the cart has MAX_LINES; the caller holds the customer's lock, so the count stays true. */
async function full(trx: Executor, userId: number, skuId: string): Promise<boolean> {
  return !(await lineExists(trx, userId, skuId)) && (await countLines(trx, userId)) >= MAX_LINES
}

const cartFull = () => fail(Codes.CART_FULL, `购物车最多${MAX_LINES}种商品`)

/** Data is the line after the change: {id, sku_count}. */
export async function addToCart(deps: Deps, userId: number, skuId: string, inc: number, firstPrice: number) {
  return deps.db.transaction().execute(async (trx) => {
    await lockUser(trx, userId)
    const refused = await refusal(trx, skuId, firstPrice)
    if (refused) return refused
    if (await full(trx, userId, skuId)) return cartFull()
    const line = await addToLine(trx, { userId, skuId, inc, firstPrice }, MAX_LINE_COUNT, nowSeconds())
    return line ? ok(line) : fail(Codes.CART_LINE_FULL, `每种商品最多${MAX_LINE_COUNT}件`)
  })
}

/** Sets the line's quantity (creating the line if needed); 0 deletes it, even when the SKU is off sale. */
export async function setCartLine(
  deps: Deps,
  userId: number,
  skuId: string,
  count: number,
  firstPrice: number | undefined,
) {
  const { db } = deps
  if (count === 0) {
    await deleteLines(db, userId, [skuId])
    return ok()
  }
  if (firstPrice === undefined) return missingParam('first_price')
  return db.transaction().execute(async (trx) => {
    await lockUser(trx, userId)
    const refused = await refusal(trx, skuId, firstPrice)
    if (refused) return refused
    if (await full(trx, userId, skuId)) return cartFull()
    return ok(await setLine(trx, { userId, skuId, count, firstPrice }, nowSeconds()))
  })
}

/** Lines for SKUs not in the cart are simply not there to delete. */
export async function removeFromCart(deps: Deps, userId: number, skuIds: string[]) {
  await deleteLines(deps.db, userId, skuIds)
  return ok()
}

export async function cartCount(deps: Deps, userId: number) {
  return ok({ sku_count: await totalQuantity(deps.db, userId) })
}

/** Off-sale lines stay, with sku_info.on_sale false, so the page can tell the customer; they cannot be ordered. */
export async function cartList(deps: Deps, userId: number) {
  return ok((await listLines(deps.db, userId)).map(view))
}
