import { Type, type Static } from '@sinclair/typebox'
import { exact, flag, orNull, OrderState, Pagination, unixTime } from '../../http/answer-schemas.ts'
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

// Answers (the envelope's `data` on success).

export const CouponAnswer = exact({
  coupon_id: Type.Integer(),
  code: Type.String({ description: 'upper-case letters and digits' }),
  kind: Type.Union([Type.Literal('amount'), Type.Literal('percent')]),
  value: Type.Integer({ description: 'fen off (amount) or percent of sku_amount (percent)' }),
  max_off: fen('percent only: at most this many fen off; 0 no cap (always 0 for amount)'),
  min_amount: fen('the order’s sku_amount must reach it, fen'),
  start_time: unixTime('valid from (inclusive), Unix seconds'),
  end_time: unixTime('valid until (inclusive), Unix seconds'),
  total_limit: Type.Integer({ minimum: 0, description: 'redemptions in all; 0 unlimited' }),
  per_user_limit: Type.Integer({ minimum: 1, description: 'redemptions per customer' }),
  used: Type.Integer({ minimum: 0, description: 'redemptions not given back' }),
  enabled: flag('1 usable, 0 switched off'),
  create_time: unixTime(),
  update_time: unixTime(),
})

export const CouponListAnswer = exact({ coupons: Type.Array(CouponAnswer), pagination: Pagination })

const Redemption = exact({
  id: Type.Integer({ description: 'the redemption’s id' }),
  order_id: Type.String(),
  user_id: Type.Integer(),
  user_name: Type.String(),
  user_mobile: Type.String(),
  discount: fen('fen the coupon took off the order'),
  order_state: OrderState,
  pay_amount: fen('what the order asks to pay now, fen (after the discount)'),
  create_time: unixTime('redeemed at (the order’s commit), Unix seconds'),
  release_time: orNull(unixTime(), 'when a cancel or an expiry gave it back; null while it holds'),
  released: flag('1 when given back (release_time is set)'),
})

export const RedemptionsAnswer = exact({
  coupon: CouponAnswer,
  redemptions: Type.Array(Redemption),
  pagination: Pagination,
})
