// The payments module: charges, payments, payment events and refunds, for an order's first
// payment and for a repayment alike. The order and credit-card modules hand it what differs
// (a PurposeHandler each, registered in app.ts); it knows orders only by id.
export { closeChargesAtProvider, closeOrderChargesNow, shopReturnUrl, startCharge, type ChargeFor } from './charges.ts'
export type { PaymentEvent } from './events.ts'
export {
  advanceRefunds,
  flaggedPayments,
  orderPayments,
  refundFlaggedPayments,
  refundPayments,
  type RefundDeps,
  type RefundPrecondition,
} from './refunds.ts'
export { refundsOf } from './refund-repo.ts'
export { refundBillShares, type BillShare } from './shares.ts'
export { closeCharges, noRefundUnderway, paymentsOf, recordFreePayment, refundUnderway } from './repo.ts'
export { PayParams } from './schemas.ts'
export { default as paymentAdminRoutes } from './admin-routes.ts'
export { default as webhookRoutes, deliverThroughWebhook } from './webhook.ts'
