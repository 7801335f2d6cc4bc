// The customer's credit card (额度卡) as people see it: its detail with the debts on it,
// repayments, overdue reminders and the reconciliation check. The balance itself is the
// credit module's.
export { default as creditCardAdminRoutes } from './admin-routes.ts'
export { findCardMismatches, type CardMismatch } from './reconcile.ts'
export { countCards } from './repo.ts'
export { queueDueReminders } from './reminders.ts'
export { repayment } from './repay.ts'
export { default as creditCardRoutes } from './routes.ts'
