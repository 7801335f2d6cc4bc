import type { Deps } from '../../deps.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { type Coupon, type Flag, flag } from '../../db/types.ts'
import { Codes } from '../../domain/codes.ts'
import { given } from '../../http/params.ts'
import { type Result, fail, ok } from '../../domain/result.ts'
import { nowSeconds } from '../../time.ts'
import { writeLog, type Actor, type LogAmount } from '../oplog/index.ts'
import { normalizeCode } from './redeem.ts'
import {
  countCoupons,
  countRedemptions,
  findCoupon,
  insertCoupon,
  listCoupons,
  listRedemptions,
  setCouponEnabled,
  updateCoupon,
  type CouponFields,
} from './repo.ts'
import type { ListCouponsInput, SaveCouponInput } from './schemas.ts'

export const couponView = (c: Coupon) => ({
  coupon_id: c.id,
  code: c.code,
  kind: c.kind,
  value: c.value,
  max_off: c.max_off,
  min_amount: c.min_amount,
  start_time: c.start_time,
  end_time: c.end_time,
  total_limit: c.total_limit,
  per_user_limit: c.per_user_limit,
  used: c.used,
  enabled: c.enabled,
  create_time: c.create_time,
  update_time: c.update_time,
})

const target = (id: number) => ({ type: 'coupon', id })
const CODE_TAKEN = () => fail(Codes.COUPON_CODE_TAKEN)

/** What a coupon says in the operate log: its terms in words, its money as amounts. */
function termsText(f: CouponFields): string {
  const off = f.kind === 'amount' ? '满减' : `${f.value}%`
  const limit = f.total_limit ? `共${f.total_limit}次` : '不限总次数'
  const validity = `${f.start_time}–${f.end_time}`
  return `${f.code} ${off},${validity},${limit},每人${f.per_user_limit}次,${f.enabled ? '启用' : '停用'}`
}

function termsAmounts(f: CouponFields): LogAmount[] {
  const off =
    f.kind === 'amount' ? [{ label: '减免', fen: f.value }] : f.max_off ? [{ label: '最多减', fen: f.max_off }] : []
  return [...off, { label: '门槛', fen: f.min_amount }]
}

/** The input's terms, or why they do not make a coupon. */
function fieldsOf(input: SaveCouponInput): Result<CouponFields> {
  if (input.kind === 'percent' && input.value > 100)
    return fail(Codes.INVALID_PARAM, '参数value无效: 折扣百分比须在1到100之间')
  if (input.end_time < input.start_time) return fail(Codes.INVALID_PARAM, '参数end_time无效: 结束时间早于开始时间')
  return ok({
    code: normalizeCode(input.code),
    kind: input.kind,
    value: input.value,
    // A cap means something only for a percentage.
    max_off: input.kind === 'percent' ? (input.max_off ?? 0) : 0,
    min_amount: input.min_amount ?? 0,
    start_time: input.start_time,
    end_time: input.end_time,
    total_limit: input.total_limit ?? 0,
    per_user_limit: input.per_user_limit ?? 1,
    enabled: input.enabled ?? 1,
  })
}

/**
 * `/api/coupon/save`: creates a coupon, or edits the one named by coupon_id; the code changes only
 * while it was never redeemed.
 */
export async function saveCoupon(deps: Deps, actor: Actor, input: SaveCouponInput) {
  const checked = fieldsOf(input)
  if (!checked.ok) return checked
  const fields = checked.value
  const now = nowSeconds()
  const id = input.coupon_id
  try {
    return await deps.db.transaction().execute(async (trx) => {
      if (id === undefined) {
        const created = await insertCoupon(trx, fields, now)
        if (!created) return CODE_TAKEN()
        await writeLog(trx, actor, target(created.id), `创建优惠券 ${termsText(fields)}`, termsAmounts(fields))
        return ok(couponView(created))
      }
      const saved = await updateCoupon(trx, id, fields, now)
      if (!saved) return (await findCoupon(trx, id)) ? fail(Codes.COUPON_CODE_LOCKED) : fail(Codes.COUPON_UNKNOWN)
      await writeLog(trx, actor, target(id), `修改优惠券 ${termsText(fields)}`, termsAmounts(fields))
      return ok(couponView(saved))
    })
  } catch (err) {
    // Another coupon has the new code (PostgreSQL aborts the transaction, so this is answered outside it).
    if (isUniqueViolation(err)) return CODE_TAKEN()
    throw err
  }
}

/** `/api/coupon/set_enabled`: switches a coupon on or off; orders already committed keep theirs. */
export async function setEnabled(deps: Deps, actor: Actor, id: number, enabled: Flag) {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await setCouponEnabled(trx, id, enabled, nowSeconds()))) return fail(Codes.COUPON_UNKNOWN)
    await writeLog(trx, actor, target(id), enabled ? '启用优惠券' : '停用优惠券')
    return ok()
  })
}

/** `/api/coupon/list`: newest first, by the start of the code and by the switch. */
export async function couponList(deps: Deps, q: ListCouponsInput) {
  const code = given(q.code)
  const filter = { codePrefix: code === undefined ? undefined : normalizeCode(code), enabled: given(q.enabled) }
  const total = await countCoupons(deps.db, filter)
  const coupons = await listCoupons(deps.db, filter, (q.page - 1) * q.count, q.count)
  return ok({ coupons: coupons.map(couponView), pagination: { total, page: q.page, count: q.count } })
}

/** `/api/coupon/redemptions`: who used the coupon on which order, given back or not. */
export async function couponRedemptions(deps: Deps, id: number, page: number, count: number) {
  const coupon = await findCoupon(deps.db, id)
  if (!coupon) return fail(Codes.COUPON_UNKNOWN)
  const total = await countRedemptions(deps.db, id)
  const rows = await listRedemptions(deps.db, id, (page - 1) * count, count)
  return ok({
    coupon: couponView(coupon),
    redemptions: rows.map((r) => ({ ...r, released: flag(r.release_time !== null) })),
    pagination: { total, page, count },
  })
}
