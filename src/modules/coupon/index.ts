// Coupons: the back office's coupons, and their redemption by orders (quoted, redeemed at commit,
// given back by cancel and expiry). The order module uses it; it knows orders only by id.
export { checkCoupon, discountOf, normalizeCode, recordRedemption, redeemCoupon, releaseRedemption } from './redeem.ts'
export { redemptionOfOrder } from './repo.ts'
export { default as couponRoutes } from './routes.ts'
