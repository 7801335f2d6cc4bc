import { Type, type Static } from '@sinclair/typebox'
import { blankable, flagParam, paging } from '../../http/params.ts'

/** Letters and digits, 4–32; matched case-insensitively (stored upper-case). */
export const CODE_PATTERN = '^[A-Za-z0-9]{4,32}$'

const fen = (description: string) => Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description })
const time = (description: string) => Type.Integer({ minimum: 0, maximum: 253_402_300_799, description })
const CouponId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the coupon’s id' })

export const ListCoupons = Type.Object({
  code: blankable(
    Type.String({ maxLength: 32, pattern: '^[A-Za-z0-9]+$', description: 'the start of the code (any case)' }),
  ),
  enabled: blankable(flagParam('1 switched on only, 0 off only; every coupon when left out')),
  ...paging,
})
export type ListCouponsInput = Static<typeof ListCoupons>

export const SaveCoupon = Type.Object({
  coupon_id: Type.Optional(CouponId),
  code: Type.String({
    minLength: 4,
    maxLength: 32,
    pattern: CODE_PATTERN,
    description: 'letters and digits, 4–32, case-insensitive; cannot change once redeemed',
  }),
  kind: Type.Union([Type.Literal('amount'), Type.Literal('percent')], {
    description: 'amount: value fen off; percent: value % of the order’s sku_amount',
  }),
  value: Type.Integer({
    minimum: 1,
    maximum: 1_000_000_000_000,
    description: 'fen off (amount) or 1–100 percent (percent)',
  }),
  max_off: Type.Optional(fen('percent only: at most this many fen off; 0 no cap')),
  min_amount: Type.Optional(fen('the order’s sku_amount must reach it')),
  start_time: time('valid from (inclusive, Unix seconds)'),
  end_time: time('valid until (inclusive, Unix seconds)'),
  total_limit: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 2_000_000_000, description: 'redemptions in all; 0 unlimited' }),
  ),
  per_user_limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'redemptions per customer (default 1)' }),
  ),
  enabled: Type.Optional(flagParam('1 usable (default), 0 switched off')),
})
export type SaveCouponInput = Static<typeof SaveCoupon>

export const SetEnabled = Type.Object({ coupon_id: CouponId, enabled: flagParam('1 usable, 0 switched off') })

export const Redemptions = Type.Object({ coupon_id: CouponId, ...paging })
