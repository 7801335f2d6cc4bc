import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import type { Updateable } from 'kysely'
import type { AfterSaleKind, AfterSaleRow, AfterSaleStateCode, AfterSaleTable } from '../../db/types.ts'

/** A state a request may move from, for every kind or only for one. */
export type From = readonly [AfterSaleStateCode, AfterSaleKind?]

/** Columns a move sets beside the state. */
export type AfterSaleColumns = Pick<Updateable<AfterSaleTable>, 'admin_note' | 'receive_time' | 'finish_time'>

export interface NewAfterSale {
  orderId: string
  userId: number
  kind: AfterSaleKind
  reason: string
  images: string[]
}

export async function insertAfterSale(trx: Executor, a: NewAfterSale, now: number): Promise<number> {
  const row = await trx
    .insertInto('after_sales')
    .values({
      order_id: a.orderId,
      user_id: a.userId,
      kind: a.kind,
      state: 0,
      reason: a.reason,
      images: JSON.stringify(a.images),
      create_time: now,
      update_time: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

export async function findAfterSale(ex: Executor, id: number): Promise<AfterSaleRow | undefined> {
  return ex.selectFrom('after_sales').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The customer's request; someone else's is simply not there. */
export async function findOwnAfterSale(ex: Executor, userId: number, id: number): Promise<AfterSaleRow | undefined> {
  return ex.selectFrom('after_sales').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
}

/** The order's request that is open (there is at most one), in one of `states`. */
export async function openAfterSaleOf(
  ex: Executor,
  orderId: string,
  states: readonly AfterSaleStateCode[],
): Promise<AfterSaleRow | undefined> {
  return ex
    .selectFrom('after_sales')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('state', 'in', states)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

export async function afterSalesOfOrder(ex: Executor, orderId: string): Promise<AfterSaleRow[]> {
  return ex.selectFrom('after_sales').selectAll().where('order_id', '=', orderId).orderBy('id', 'desc').execute()
}

/** The statement behind state.ts's moveAfterSale: from one of `from` (a state, for any kind or one) to `to`. */
export async function updateAfterSaleState(
  trx: Executor,
  id: number,
  from: readonly From[],
  to: AfterSaleStateCode,
  set: AfterSaleColumns,
  userId: number | undefined,
  now: number,
): Promise<boolean> {
  let q = trx
    .updateTable('after_sales')
    .set({ ...set, state: to, update_time: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or(
        from.map(([state, kind]) =>
          kind === undefined ? eb('state', '=', state) : eb.and([eb('state', '=', state), eb('kind', '=', kind)]),
        ),
      ),
    )
  if (userId !== undefined) q = q.where('user_id', '=', userId)
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** The customer's approved return gets its carrier and tracking number (again, until the goods are back). */
export async function setReturnLogistics(
  trx: Executor,
  userId: number,
  id: number,
  logistics: string,
  logisticsId: string,
  now: number,
): Promise<boolean> {
  const res = await trx
    .updateTable('after_sales')
    .set({ logistics, logistics_id: logisticsId, update_time: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('state', '=', 1)
    .where('kind', '=', 'return')
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function mobileOf(ex: Executor, userId: number): Promise<string> {
  return (await ex.selectFrom('users').select('mobile').where('id', '=', userId).executeTakeFirstOrThrow()).mobile
}

export interface AfterSaleFilter {
  state?: AfterSaleStateCode
  orderId?: string
  mobilePrefix?: string
}

function filtered(ex: Executor, f: AfterSaleFilter) {
  let q = ex.selectFrom('after_sales')
  if (f.state !== undefined) q = q.where('after_sales.state', '=', f.state)
  if (f.orderId !== undefined) q = q.where('after_sales.order_id', '=', f.orderId)
  const { mobilePrefix } = f
  if (mobilePrefix)
    q = q.where('after_sales.user_id', 'in', (eb) =>
      eb.selectFrom('users').select('users.id').where(startsWith('users.mobile', mobilePrefix)),
    )
  return q
}

export async function countAfterSales(ex: Executor, f: AfterSaleFilter): Promise<number> {
  const row = await filtered(ex, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Newest first, the id breaking ties (after_sales_time_idx, or after_sales_list_idx for a state);
 * each with its customer's mobile and name, joined for the page's rows only.
 */
export async function listAfterSales(ex: Executor, f: AfterSaleFilter, offset: number, limit: number) {
  const page = filtered(ex, f)
    .select('after_sales.id')
    .orderBy('after_sales.create_time', 'desc')
    .orderBy('after_sales.id', 'desc')
    .offset(offset)
    .limit(limit)
  return ex
    .selectFrom('after_sales')
    .innerJoin('users', 'users.id', 'after_sales.user_id')
    .where('after_sales.id', 'in', page)
    .selectAll('after_sales')
    .select(['users.mobile as user_mobile', 'users.user_name'])
    .orderBy('after_sales.create_time', 'desc')
    .orderBy('after_sales.id', 'desc')
    .execute()
}
