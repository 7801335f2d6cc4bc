import type { Executor } from '../../db/dialect.ts'
import { bumpLateDay } from './repo.ts'

/**
 * A payment recorded this long after its time of payment may fall in a day the overview has
 * already summed and kept: days are kept STATS_CLOSE_SECONDS after they end, three times this, so
 * a transaction that found its payment on time has long committed before its day is summed.
 */
export const LATE_PAYMENT_SECONDS = 5 * 60

/** In the transaction that records a payment: a late one makes its day's kept sums stale (summed again). */
export async function noteLatePayment(trx: Executor, paidAt: number, now: number): Promise<void> {
  if (now - paidAt >= LATE_PAYMENT_SECONDS) await bumpLateDay(trx, paidAt)
}
