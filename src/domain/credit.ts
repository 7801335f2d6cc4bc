/** The terms of the credit line, from the settings CREDIT_*. */
export interface CreditTerms {
  /** a debt is due this many days after its order was paid */
  termDays: number
  /** the first reminder goes this many days before the due time */
  remindDays: number
  /** days past due without a late fee */
  graceDays: number
  /** the late fee per day, in 1/10 000 of the principal outstanding at the day's end */
  penaltyBps: number
  /** the fees of one debt stop at this percentage of its principal */
  penaltyCapPct: number
}

export const DEFAULT_CREDIT_TERMS: CreditTerms = {
  termDays: 60,
  remindDays: 3,
  graceDays: 3,
  penaltyBps: 5,
  penaltyCapPct: 24,
}

export const DAY_SECONDS = 86400

/** A repayment in part must be at least this (or the whole rest, when less). */
export const MIN_REPAYMENT_FEN = 100

/** The most late fee a debt of `principal` fen can ever accrue. */
export const feeCap = (terms: CreditTerms, principal: number): number =>
  Math.floor((principal * terms.penaltyCapPct) / 100)

/** One day's late fee on what was outstanding at its end, before the cap. */
export const dayFee = (terms: CreditTerms, outstandingPrincipal: number): number =>
  Math.floor((outstandingPrincipal * terms.penaltyBps) / 10000)

/**
 * The day past due that `now` falls in: day d is the 24 hours ending at due + d × 86 400, so the
 * first second after the due time is in day 1; 0 until the due time has passed.
 */
export const overdueDay = (dueTime: number, now: number): number =>
  now <= dueTime ? 0 : Math.ceil((now - dueTime) / DAY_SECONDS)

/**
 * The freeze's line: a debt still owed and due before it is past its grace period, and while one
 * is, the customer may not borrow (272). The bill's `frozen` and the order's refusal both use it.
 */
export const graceEndsBefore = (terms: CreditTerms, now: number): number => now - terms.graceDays * DAY_SECONDS

/** The last day past due that has ended by `now` (whose fee can be accrued). */
export const lastEndedDay = (dueTime: number, now: number): number =>
  now < dueTime ? 0 : Math.floor((now - dueTime) / DAY_SECONDS)

/** What an amount asked to repay must be, of `owed`: at least 100 fen (or all of it, when less), at most all of it. */
export const repaymentInRange = (amount: number, owed: number): boolean =>
  Number.isInteger(amount) && amount > 0 && amount <= owed && (amount >= MIN_REPAYMENT_FEN || amount === owed)

/**
 * The reminders of a debt, in order, each at its time: `due_soon` before the due time, then
 * `after_1`, `after_8`, `after_15`, `after_22` (1 day after it, then weekly, 4 after the due date).
 */
export const reminderSchedule = (terms: CreditTerms, dueTime: number): { kind: string; at: number }[] => [
  { kind: 'due_soon', at: firstReminderAt(terms, dueTime) },
  ...[1, 8, 15, 22].map((d) => ({ kind: `after_${d}`, at: dueTime + d * DAY_SECONDS })),
]

/** When a debt due at `dueTime` gets its first reminder. */
export const firstReminderAt = (terms: CreditTerms, dueTime: number): number => dueTime - terms.remindDays * DAY_SECONDS
