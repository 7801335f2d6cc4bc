import type { Deps } from '../../deps.ts'
import { lockUser, type Executor } from '../../db/dialect.ts'
import type { SessionUser } from '../../http/auth.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, missingParam, ok, type Refusal } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { findSku } from '../catalog/index.ts'
import { firstPriceAllowed } from '../catalog/index.ts'
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

const view = (l: CartLineWithSku) => ({
  id: l.id,
  sku_id: l.sku_id,
  sku_count: l.sku_count,
  first_price: Number(l.first_price),
  time: l.create_time,
  sku_info: l.sku,
})

/** The customer's cart: one line per SKU, each 1–99 units, at most 50 lines. */
export class CartService {
  constructor(private readonly deps: Deps) {}

  /** Why the SKU cannot go into a cart at this first price, if it cannot. */
  private async refusal(db: Executor, skuId: string, firstPrice: number): Promise<Refusal | undefined> {
    const sku = await findSku(db, skuId)
    if (!sku?.on_sale) return fail(Codes.SKU_NOT_FOUND)
    if (!firstPriceAllowed(sku, firstPrice)) return fail(Codes.FIRST_PRICE_OUT_OF_RANGE)
    return undefined
  }

  /** A new line is refused once the cart has MAX_LINES; the caller holds the customer's lock, so the count stays true. */
  private async full(trx: Executor, userId: number, skuId: string): Promise<boolean> {
    return !(await lineExists(trx, userId, skuId)) && (await countLines(trx, userId)) >= MAX_LINES
  }

  /** Data is the line after the change: {id, sku_count}. */
  async add(user: SessionUser, skuId: string, inc: number, firstPrice: number) {
    return this.deps.db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id)
      const refused = await this.refusal(trx, skuId, firstPrice)
      if (refused) return refused
      if (await this.full(trx, user.id, skuId)) return fail(Codes.CART_FULL, `购物车最多${MAX_LINES}种商品`)
      const line = await addToLine(trx, { userId: user.id, skuId, inc, firstPrice }, MAX_LINE_COUNT, nowSeconds())
      return line ? ok(line) : fail(Codes.CART_LINE_FULL, `每种商品最多${MAX_LINE_COUNT}件`)
    })
  }

  /** Sets the line's quantity (creating the line if needed); 0 deletes it, even when the SKU is off sale. */
  async update(user: SessionUser, skuId: string, count: number, firstPrice: number | undefined) {
    const { db } = this.deps
    if (count === 0) {
      await deleteLines(db, user.id, [skuId])
      return ok()
    }
    if (firstPrice === undefined) return missingParam('first_price')
    return db.transaction().execute(async (trx) => {
      await lockUser(trx, user.id)
      const refused = await this.refusal(trx, skuId, firstPrice)
      if (refused) return refused
      if (await this.full(trx, user.id, skuId)) return fail(Codes.CART_FULL, `购物车最多${MAX_LINES}种商品`)
      return ok(await setLine(trx, { userId: user.id, skuId, count, firstPrice }, nowSeconds()))
    })
  }

  /** Lines for SKUs not in the cart are simply not there to delete. */
  async remove(user: SessionUser, skuIds: string[]) {
    await deleteLines(this.deps.db, user.id, skuIds)
    return ok()
  }

  async count(user: SessionUser) {
    return ok({ sku_count: await totalQuantity(this.deps.db, user.id) })
  }

  /** Off-sale lines stay, with sku_info.on_sale false, so the page can tell the customer; they cannot be ordered. */
  async list(user: SessionUser) {
    return ok((await listLines(this.deps.db, user.id)).map(view))
  }
}
