// The credit line's balance: the credit_cards table, and the debts on it as entries (credit_debts,
// credit_entries). Orders hold and return credit and open and close debts through it; the
// credit_card module builds the customer's and the back office's views, repayments and fees on top.
export {
  borrowCredit,
  CARD_CHANNEL,
  cardIdOf,
  changeLimit,
  findCard,
  openCard,
  returnCredit,
} from './repo.ts'
export {
  accrueDebt,
  applyToDebt,
  billSharesOf,
  closeDebt,
  debtsByOrder,
  debtsToAccrue,
  debtsToRemind,
  entriesOf,
  feeDue,
  findDebt,
  moveNextReminder,
  moveOwed,
  openDebt,
  owedDebtsOf,
  OWED_SHARDS,
  principalDue,
  refreshOldestDue,
  totalDue,
  waiveDebtFee,
  type Applied,
} from './ledger-repo.ts'
