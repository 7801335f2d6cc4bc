import type { Executor } from '../../db/dialect.ts'
import type { Coupon } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { fail, ok, type Refusal, type Result } from '../../domain/result.ts'
import {
  countRedemptionsBy,
  findCoupon,
  findCouponByCode,
  insertRedemption,
  releaseRedemptionOf,
  takeRedemption,
} from './repo.ts'

/** Codes match whatever the case, and a pasted code's surrounding spaces do not count. */
export const normalizeCode = (raw: string): string => raw.trim().toUpperCase()

/** What the coupon takes off an order of `skuAmountFen`, before the limit of what is paid now. */
export function discountOf(c: Pick<Coupon, 'kind' | 'value' | 'max_off'>, skuAmountFen: number): number {
  if (c.kind === 'amount') return c.value
  const off = Math.floor((skuAmountFen * c.value) / 100)
  return c.max_off > 0 ? Math.min(off, c.max_off) : off
}

/**
 * Why the coupon cannot be used on an order of `skuAmountFen` at `now` (the per-customer limit
 * aside); null when it can.
 */
function refusal(c: Coupon, skuAmountFen: number, now: number): Refusal | null {
  if (c.enabled !== 1) return fail(Codes.COUPON_UNKNOWN)
  if (now < c.start_time || now > c.end_time) return fail(Codes.COUPON_NOT_IN_TIME)
  if (skuAmountFen < c.min_amount) return fail(Codes.COUPON_BELOW_MIN)
  if (c.total_limit > 0 && c.used >= c.total_limit) return fail(Codes.COUPON_USED_UP)
  return null
}

/**
 * Whether the customer may use `code` on an order of `skuAmountFen` now: the coupon, or the code
 * (280–284) saying why not. Reads only.
 */
export async function checkCoupon(
  ex: Executor,
  userId: number,
  code: string,
  skuAmountFen: number,
  now: number,
): Promise<Result<Coupon>> {
  const coupon = await findCouponByCode(ex, normalizeCode(code))
  if (!coupon) return fail(Codes.COUPON_UNKNOWN)
  const refused = refusal(coupon, skuAmountFen, now)
  if (refused) return refused
  if ((await countRedemptionsBy(ex, coupon.id, userId)) >= coupon.per_user_limit) return fail(Codes.COUPON_ALREADY_USED)
  return ok(coupon)
}

/**
 * Redeems a coupon inside the commit's transaction, which holds the customer's lock: the
 * per-customer count read here cannot be raced by the same customer's other commits, and the
 * total is taken by takeRedemption's conditional UPDATE. Returns the coupon as redeemed (its
 * discount is computed from these terms) or why not; then the caller records the redemption
 * with the order, or rolls back.
 */
export async function redeemCoupon(
  trx: Executor,
  userId: number,
  code: string,
  skuAmountFen: number,
  now: number,
): Promise<Result<Coupon>> {
  const checked = await checkCoupon(trx, userId, code, skuAmountFen, now)
  if (!checked.ok) return checked
  const { id, code: normalized } = checked.value
  const taken = await takeRedemption(trx, id, normalized, skuAmountFen, now)
  if (taken) return ok(taken)
  // Changed since it was read: another order took the last one, or an admin edited it.
  const again = await findCoupon(trx, id)
  if (!again || again.code !== normalized) return fail(Codes.COUPON_UNKNOWN)
  return refusal(again, skuAmountFen, now) ?? fail(Codes.COUPON_USED_UP)
}

export async function recordRedemption(
  trx: Executor,
  couponId: number,
  userId: number,
  orderId: string,
  discountFen: number,
  now: number,
): Promise<void> {
  await insertRedemption(trx, { couponId, userId, orderId, discountFen, now })
}

/** A cancelled or expired order gives its coupon back, once; true when it had one to give. */
export const releaseRedemption = (trx: Executor, orderId: string, now: number): Promise<boolean> =>
  releaseRedemptionOf(trx, orderId, now)
