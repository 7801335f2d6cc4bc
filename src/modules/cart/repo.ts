import { compiledPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import type { CartLine } from '../../db/types.ts'
import { findSkus, type Sku } from '../catalog/index.ts'

export interface CartLineWithSku extends CartLine {
  sku: Sku
}

/** What a line holds after a change: the cart id and its quantity. */
export interface LineState {
  id: number
  sku_count: number
}

export async function lineExists(db: Executor, userId: number, skuId: string): Promise<boolean> {
  const row = await db
    .selectFrom('cart_lines')
    .select('id')
    .where('user_id', '=', userId)
    .where('sku_id', '=', skuId)
    .executeTakeFirst()
  return row !== undefined
}

export async function countLines(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('cart_lines')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Adds units to the user's line for the SKU, creating it if needed, in one statement: concurrent adds neither
 * lose an increment nor make a second line. Undefined, and nothing changed, when the line would pass maxCount.
 */
export async function addToLine(
  trx: Executor,
  line: { userId: number; skuId: string; inc: number; firstPrice: number },
  maxCount: number,
  now: number,
): Promise<LineState | undefined> {
  return trx
    .insertInto('cart_lines')
    .values({
      user_id: line.userId,
      sku_id: line.skuId,
      sku_count: line.inc,
      first_price: line.firstPrice,
      create_time: now,
      update_time: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'sku_id'])
        .doUpdateSet((eb) => ({
          sku_count: eb('cart_lines.sku_count', '+', eb.ref('excluded.sku_count')),
          first_price: eb.ref('excluded.first_price'),
          update_time: eb.ref('excluded.update_time'),
        }))
        .where((eb) => eb(eb('cart_lines.sku_count', '+', eb.ref('excluded.sku_count')), '<=', maxCount)),
    )
    .returning(['id', 'sku_count'])
    .executeTakeFirst()
}

/** Sets the quantity and first price of the user's line for the SKU, creating it if needed. */
export async function setLine(
  trx: Executor,
  line: { userId: number; skuId: string; count: number; firstPrice: number },
  now: number,
): Promise<LineState> {
  return trx
    .insertInto('cart_lines')
    .values({
      user_id: line.userId,
      sku_id: line.skuId,
      sku_count: line.count,
      first_price: line.firstPrice,
      create_time: now,
      update_time: now,
    })
    .onConflict((oc) =>
      oc.columns(['user_id', 'sku_id']).doUpdateSet((eb) => ({
        sku_count: eb.ref('excluded.sku_count'),
        first_price: eb.ref('excluded.first_price'),
        update_time: eb.ref('excluded.update_time'),
      })),
    )
    .returning(['id', 'sku_count'])
    .executeTakeFirstOrThrow()
}

export async function deleteLines(db: Executor, userId: number, skuIds: string[]): Promise<void> {
  await db.deleteFrom('cart_lines').where('user_id', '=', userId).where('sku_id', 'in', skuIds).execute()
}

export async function totalQuantity(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('cart_lines')
    .select((eb) => eb.fn.sum<number | string | null>('sku_count').as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow()
  return Number(row.n ?? 0)
}

async function withSkus(db: Executor, lines: CartLine[]): Promise<CartLineWithSku[]> {
  const skus = await findSkus(db, [...new Set(lines.map((l) => l.sku_id))])
  return lines.map((line) => {
    const sku = skus.get(line.sku_id)
    if (!sku) throw new Error(`cart line ${line.id} names missing SKU ${line.sku_id}`)
    return { ...line, sku }
  })
}

// cart_list's own statement, compiled once: the page asks for the cart on every visit.
const linesOf = compiledPerDatabase<[number], CartLine>(1, (db, userId) =>
  db.selectFrom('cart_lines').selectAll().where('user_id', '=', userId).orderBy('id', 'desc'),
)

/** The user's whole cart, newest line first, each with its SKU as it is now (on sale or not). */
export async function listLines(db: Executor, userId: number): Promise<CartLineWithSku[]> {
  return withSkus(db, await linesOf(db, userId))
}

/** The caller's lines among these cart ids, with their SKUs; ids that are missing or someone else's are left out. */
export async function cartLinesByIds(db: Executor, userId: number, cartIds: number[]): Promise<CartLineWithSku[]> {
  if (cartIds.length === 0) return []
  return withSkus(
    db,
    await db
      .selectFrom('cart_lines')
      .selectAll()
      .where('user_id', '=', userId)
      .where('id', 'in', cartIds)
      .orderBy('id')
      .execute(),
  )
}

/**
 * Removes the caller's lines among these cart ids and returns them with their SKUs. An order
 * commit takes its lines this way, so parallel commits cannot put one line into two orders.
 */
export async function takeCartLines(trx: Executor, userId: number, cartIds: number[]): Promise<CartLineWithSku[]> {
  if (cartIds.length === 0) return []
  return withSkus(
    trx,
    await trx
      .deleteFrom('cart_lines')
      .where('user_id', '=', userId)
      .where('id', 'in', cartIds)
      .returningAll()
      .execute(),
  )
}

/** Takes a SKU out of every cart: it is being deleted from the catalog. */
export async function removeSkuFromCarts(trx: Executor, skuId: string): Promise<number> {
  const res = await trx.deleteFrom('cart_lines').where('sku_id', '=', skuId).executeTakeFirst()
  return Number(res.numDeletedRows)
}
