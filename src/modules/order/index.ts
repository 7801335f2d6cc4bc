// Orders: the customer's commit, pay, cancel, confirm and delete; expiry; the order's debt on
// the card (held at commit, owed once paid, repaid through the credit-card module).
export { default as orderAdminRoutes } from './admin-routes.ts'
export { autoConfirmDueOrders, DAY_SECONDS } from './auto-confirm.ts'
export { expireDueOrders } from './expire.ts'
export { returnStock } from './holds.ts'
export { itemSummary } from './pay.ts'
export { orderPayment, refundReturnedOrder } from './payment-handler.ts'
export { refundOrder, type RefundAllowed } from './refund.ts'
export { CustomerSummaryAnswer } from './admin-schemas.ts'
export {
  countDebts,
  findOrder,
  findOwnOrder,
  itemsOf,
  listDebts,
  markAfterSaleClosed,
  markAfterSaleOpen,
  settleOrderDebt,
  owedDebt,
  pruneIdempotencyKeys,
  REPAY_SECONDS,
  type DebtType,
} from './repo.ts'
export { default as orderRoutes } from './routes.ts'
export { ChargeAnswer, flagAnswer, orderProps } from './schemas.ts'
export { shipOrder } from './service.ts'
export { OrderState, OWING_STATES } from './state.ts'
export { orderView } from './view.ts'
