import type { Insertable } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import type { Coupon, CouponTable, Flag } from '../../db/types.ts'

export type CouponFields = Omit<Insertable<CouponTable>, 'id' | 'used' | 'create_time' | 'update_time'>

export const findCoupon = (ex: Executor, id: number): Promise<Coupon | undefined> =>
  ex.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst()

export const findCouponByCode = (ex: Executor, code: string): Promise<Coupon | undefined> =>
  ex.selectFrom('coupons').selectAll().where('code', '=', code).executeTakeFirst()

/** The customer's redemptions of a coupon not given back. */
export async function countRedemptionsBy(ex: Executor, couponId: number, userId: number): Promise<number> {
  const row = await ex
    .selectFrom('coupon_redemptions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('coupon_id', '=', couponId)
    .where('user_id', '=', userId)
    .where('release_time', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Takes one redemption if the coupon, still under this code, may be redeemed by an order of
 * `skuAmountFen` at `now`. The statement itself checks the switch, the window, the minimum and
 * the total limit, so parallel commits cannot take more than the limit. Returns the coupon as
 * redeemed, or undefined.
 */
export async function takeRedemption(
  trx: Executor,
  couponId: number,
  code: string,
  skuAmountFen: number,
  now: number,
): Promise<Coupon | undefined> {
  return trx
    .updateTable('coupons')
    .set((eb) => ({ used: eb('used', '+', 1) }))
    .where('id', '=', couponId)
    .where('code', '=', code)
    .where('enabled', '=', 1)
    .where('start_time', '<=', now)
    .where('end_time', '>=', now)
    .where('min_amount', '<=', skuAmountFen)
    .where((eb) => eb.or([eb('total_limit', '=', 0), eb('used', '<', eb.ref('total_limit'))]))
    .returningAll()
    .executeTakeFirst()
}

export async function insertRedemption(
  trx: Executor,
  r: { couponId: number; userId: number; orderId: string; discountFen: number; now: number },
): Promise<void> {
  await trx
    .insertInto('coupon_redemptions')
    .values({
      coupon_id: r.couponId,
      user_id: r.userId,
      order_id: r.orderId,
      discount: r.discountFen,
      create_time: r.now,
      release_time: null,
    })
    .execute()
}

/** Gives an order's redemption back, once: only the statement that sets release_time frees the coupon's slot. */
export async function releaseRedemptionOf(trx: Executor, orderId: string, now: number): Promise<boolean> {
  const released = await trx
    .updateTable('coupon_redemptions')
    .set({ release_time: now })
    .where('order_id', '=', orderId)
    .where('release_time', 'is', null)
    .returning('coupon_id')
    .executeTakeFirst()
  if (!released) return false
  await trx
    .updateTable('coupons')
    .set((eb) => ({ used: eb('used', '-', 1) }))
    .where('id', '=', released.coupon_id)
    .execute()
  return true
}

/** The coupon an order used, with what it took off. */
export async function redemptionOfOrder(ex: Executor, orderId: string) {
  return ex
    .selectFrom('coupon_redemptions')
    .innerJoin('coupons', 'coupons.id', 'coupon_redemptions.coupon_id')
    .select([
      'coupons.id as coupon_id',
      'coupons.code',
      'coupons.kind',
      'coupons.value',
      'coupons.max_off',
      'coupon_redemptions.discount',
      'coupon_redemptions.create_time',
      'coupon_redemptions.release_time',
    ])
    .where('coupon_redemptions.order_id', '=', orderId)
    .executeTakeFirst()
}

export async function insertCoupon(trx: Executor, fields: CouponFields, now: number): Promise<Coupon | undefined> {
  return trx
    .insertInto('coupons')
    .values({ ...fields, create_time: now, update_time: now })
    .onConflict((oc) => oc.column('code').doNothing())
    .returningAll()
    .executeTakeFirst()
}

/**
 * Changes a coupon's terms. Its code changes only while it has never been redeemed: `used = 0`
 * makes an edit wait for a commit redeeming it at that moment, and then refuse.
 */
export async function updateCoupon(
  trx: Executor,
  id: number,
  fields: CouponFields,
  now: number,
): Promise<Coupon | undefined> {
  return trx
    .updateTable('coupons')
    .set({ ...fields, update_time: now })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('code', '=', fields.code),
        eb.and([
          eb('used', '=', 0),
          eb.not(
            eb.exists(
              eb
                .selectFrom('coupon_redemptions')
                .select('coupon_redemptions.id')
                .whereRef('coupon_redemptions.coupon_id', '=', 'coupons.id'),
            ),
          ),
        ]),
      ]),
    )
    .returningAll()
    .executeTakeFirst()
}

export async function setCouponEnabled(trx: Executor, id: number, enabled: Flag, now: number): Promise<boolean> {
  const res = await trx
    .updateTable('coupons')
    .set({ enabled, update_time: now })
    .where('id', '=', id)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export interface CouponFilter {
  codePrefix?: string
  enabled?: Flag
}

function filtered(ex: Executor, f: CouponFilter) {
  let q = ex.selectFrom('coupons')
  if (f.codePrefix) q = q.where(startsWith('code', f.codePrefix))
  if (f.enabled !== undefined) q = q.where('enabled', '=', f.enabled)
  return q
}

export async function countCoupons(ex: Executor, f: CouponFilter): Promise<number> {
  return Number(
    (
      await filtered(ex, f)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
}

/** Newest first. */
export async function listCoupons(ex: Executor, f: CouponFilter, offset: number, limit: number): Promise<Coupon[]> {
  return filtered(ex, f).selectAll().orderBy('id', 'desc').offset(offset).limit(limit).execute()
}

export async function countRedemptions(ex: Executor, couponId: number): Promise<number> {
  return Number(
    (
      await ex
        .selectFrom('coupon_redemptions')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('coupon_id', '=', couponId)
        .executeTakeFirstOrThrow()
    ).n,
  )
}

/** A coupon's redemptions, newest first, with the customer and the order's state now. */
export async function listRedemptions(ex: Executor, couponId: number, offset: number, limit: number) {
  return ex
    .selectFrom('coupon_redemptions')
    .innerJoin('users', 'users.id', 'coupon_redemptions.user_id')
    .innerJoin('orders', 'orders.order_id', 'coupon_redemptions.order_id')
    .select([
      'coupon_redemptions.id',
      'coupon_redemptions.order_id',
      'coupon_redemptions.user_id',
      'users.user_name',
      'users.mobile as user_mobile',
      'coupon_redemptions.discount',
      'orders.state as order_state',
      'orders.pay_amount',
      'coupon_redemptions.create_time',
      'coupon_redemptions.release_time',
    ])
    .where('coupon_redemptions.coupon_id', '=', couponId)
    .orderBy('coupon_redemptions.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}
