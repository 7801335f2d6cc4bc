// The customer's credit card (额度卡) as people see it: its detail and bill with the debts on it,
// repayments (of one debt, or of the bill), late fees, reminders, the back office's waiver and the
// reconciliation check. The balance and the ledger themselves are the credit module's.
export { default as creditCardAdminRoutes } from './admin-routes.ts'
export { accrueLateFees } from './fees.ts'
export { findCardMismatches, findLedgerMismatches, type CardMismatch } from './reconcile.ts'
export { countCards } from './repo.ts'
export { queueDueReminders } from './reminders.ts'
export { billRepayment, repayment } from './repay.ts'
export { default as creditCardRoutes } from './routes.ts'
