import { changingPerDatabase } from '../../db/compiled.ts'
import type { Executor } from '../../db/dialect.ts'
import { type Flag, flag, type SkuRow } from '../../db/types.ts'
import { nowSeconds } from '../../time.ts'
import { DEMO_SKUS } from './demo.ts'

/** A SKU as the API shows it: list columns decoded, on_sale a boolean. */
export interface Sku {
  sku_id: string
  name: string
  real_price: number
  first_pay: number[]
  postfee: number
  weight: number
  images: string[]
  stock: number
  on_sale: boolean
  create_time: number
  update_time: number
}

/** What the back office sets on a SKU; stock moves only by setSkuStock and orders. */
export type SkuFields = Omit<Sku, 'stock' | 'create_time' | 'update_time'>

export function toSku(row: SkuRow): Sku {
  return {
    ...row,
    real_price: Number(row.real_price),
    postfee: Number(row.postfee),
    first_pay: JSON.parse(row.first_pay) as number[],
    images: JSON.parse(row.images) as string[],
    on_sale: row.on_sale === 1,
  }
}

export async function findSku(db: Executor, skuId: string): Promise<Sku | undefined> {
  const row = await db.selectFrom('skus').selectAll().where('sku_id', '=', skuId).executeTakeFirst()
  return row && toSku(row)
}

export async function findSkus(db: Executor, skuIds: string[]): Promise<Map<string, Sku>> {
  if (skuIds.length === 0) return new Map()
  const rows = await db.selectFrom('skus').selectAll().where('sku_id', 'in', skuIds).execute()
  return new Map(rows.map((r) => [r.sku_id, toSku(r)]))
}

export async function countOnSale(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('skus')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('on_sale', '=', 1)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Newest first; the id keeps the order stable among SKUs created in the same second. */
export async function listOnSale(db: Executor, offset: number, limit: number): Promise<Sku[]> {
  const rows = await db
    .selectFrom('skus')
    .selectAll()
    .where('on_sale', '=', 1)
    .orderBy('create_time', 'desc')
    .orderBy('sku_id', 'asc')
    .offset(offset)
    .limit(limit)
    .execute()
  return rows.map(toSku)
}

/** Every SKU, or those on or off sale: the back office's list. Newest first, as listOnSale. */
export async function countSkus(db: Executor, onSale?: Flag): Promise<number> {
  let q = db.selectFrom('skus').select((eb) => eb.fn.countAll().as('n'))
  if (onSale !== undefined) q = q.where('on_sale', '=', onSale)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

export async function listSkus(db: Executor, onSale: Flag | undefined, offset: number, limit: number): Promise<Sku[]> {
  let q = db.selectFrom('skus').selectAll()
  if (onSale !== undefined) q = q.where('on_sale', '=', onSale)
  const rows = await q.orderBy('create_time', 'desc').orderBy('sku_id', 'asc').offset(offset).limit(limit).execute()
  return rows.map(toSku)
}

/** Creates the SKU, or updates all but its stock and creation time: stock moves only by setSkuStock and orders. */
export async function upsertSku(trx: Executor, fields: SkuFields, initialStock: number, now: number): Promise<void> {
  const values = {
    name: fields.name,
    real_price: fields.real_price,
    first_pay: JSON.stringify(fields.first_pay),
    postfee: fields.postfee,
    weight: fields.weight,
    images: JSON.stringify(fields.images),
    on_sale: flag(fields.on_sale),
    update_time: now,
  }
  await trx
    .insertInto('skus')
    .values({ sku_id: fields.sku_id, ...values, stock: initialStock, create_time: now })
    .onConflict((oc) => oc.column('sku_id').doUpdateSet(values))
    .execute()
}

export async function setSkuStock(trx: Executor, skuId: string, stock: number, now: number): Promise<boolean> {
  const res = await trx
    .updateTable('skus')
    .set({ stock, update_time: now })
    .where('sku_id', '=', skuId)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

function assertQuantity(n: number): void {
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`stock quantity must be a positive integer, got ${n}`)
}

/**
 * The one order in which a transaction locks several SKUs' stock rows. Every caller sorts with
 * this (in JS, not ORDER BY, whose collation differs between databases), so two transactions
 * never wait on each other's rows.
 */
export const inStockLockOrder = <T extends { sku_id: string }>(lines: T[]): T[] =>
  [...lines].sort((a, b) => (a.sku_id < b.sku_id ? -1 : a.sku_id > b.sku_id ? 1 : 0))

/** Takes n units for an order; false when fewer are left. The limit is in the statement, so it cannot be raced. */
export async function reserveStock(trx: Executor, skuId: string, n: number): Promise<boolean> {
  assertQuantity(n)
  return (await takeStock(trx, skuId, n)) === 1
}

// Compiled once: every line of every order takes its stock.
const takeStock = changingPerDatabase<[string, number]>(2, (db, skuId, n) =>
  db
    .updateTable('skus')
    .set((eb) => ({ stock: eb('stock', '-', n) }))
    .where('sku_id', '=', skuId)
    .where('stock', '>=', n),
)

/** Gives back n units of a cancelled or refunded order. */
export async function releaseStock(trx: Executor, skuId: string, n: number): Promise<void> {
  assertQuantity(n)
  const res = await trx
    .updateTable('skus')
    .set((eb) => ({ stock: eb('stock', '+', n) }))
    .where('sku_id', '=', skuId)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`release of stock for missing SKU ${skuId}`)
}

/** Removes a SKU's row; only the order module's removal flow calls it, once it knows no order names the SKU. */
export async function deleteSkuRow(trx: Executor, skuId: string): Promise<boolean> {
  const res = await trx.deleteFrom('skus').where('sku_id', '=', skuId).executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

/** Adds the demo SKUs that are missing (an existing SKU of the same id is left as it is); how many were added. */
export async function addDemoSkus(db: Executor): Promise<number> {
  const now = nowSeconds()
  const res = await db
    .insertInto('skus')
    .values(
      DEMO_SKUS.map((s) => ({
        ...s,
        first_pay: JSON.stringify(s.first_pay),
        images: '[]',
        on_sale: flag(true),
        create_time: now,
        update_time: now,
      })),
    )
    .onConflict((oc) => oc.column('sku_id').doNothing())
    .executeTakeFirst()
  return Number(res.numInsertedOrUpdatedRows ?? 0)
}

/** Development's start: an empty catalog gets the demo SKUs; one with any SKU is the shop's own. */
export async function seedEmptyCatalog(db: Executor): Promise<number> {
  const any = await db.selectFrom('skus').select('sku_id').limit(1).executeTakeFirst()
  return any ? 0 : addDemoSkus(db)
}
