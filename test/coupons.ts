import { randomBytes } from 'node:crypto'
import { saveCoupon } from '../src/modules/coupon/service.ts'
import type { SaveCouponInput } from '../src/modules/coupon/schemas.ts'
import { SYSTEM } from '../src/modules/oplog/repo.ts'
import { nowSeconds } from '../src/time.ts'
import { type TestApp, okValue } from './helper.ts'

export type CouponSpec = Partial<SaveCouponInput>

/** A coupon of the test's own: 10 yuan off, valid from an hour ago to an hour from now, unless told otherwise. */
export async function makeCoupon(t: TestApp, spec: CouponSpec = {}): Promise<{ coupon_id: number; code: string }> {
  const now = nowSeconds()
  const res = await saveCoupon(t.app.deps, SYSTEM, {
    code: `C${randomBytes(5).toString('hex')}`,
    kind: 'amount',
    value: 1000,
    start_time: now - 3600,
    end_time: now + 3600,
    ...spec,
  })
  return okValue(res)
}

export const couponRow = (t: TestApp, couponId: number) =>
  t.db.selectFrom('coupons').selectAll().where('id', '=', couponId).executeTakeFirstOrThrow()

export const redemptionsOf = (t: TestApp, couponId: number) =>
  t.db.selectFrom('coupon_redemptions').selectAll().where('coupon_id', '=', couponId).orderBy('id').execute()
