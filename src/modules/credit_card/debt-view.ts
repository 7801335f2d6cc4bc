import type { CreditDebt, CreditEntry } from '../../db/types.ts'
import { overdueDay } from '../../domain/credit.ts'
import { feeDue, principalDue, totalDue } from '../credit/index.ts'

/** Days a debt is past due at `now` while it owes something (0 when current, repaid or closed). */
export const overdueDays = (d: CreditDebt, now: number) => (d.state === 'owed' ? overdueDay(d.due_time, now) : 0)

/** A debt as the bill and the back office show it. */
export function debtView(d: CreditDebt, now: number) {
  return {
    order_id: d.order_id,
    principal: d.principal,
    principal_repaid: d.principal_repaid,
    fee_accrued: d.fee_accrued,
    fee_repaid: d.fee_repaid,
    fee_waived: d.fee_waived,
    principal_due: d.state === 'owed' ? principalDue(d) : 0,
    fee_due: d.state === 'owed' ? feeDue(d) : 0,
    total_due: totalDue(d),
    overpaid: d.overpaid,
    refund_time: d.due_time,
    overdue_days: overdueDays(d, now),
    state: d.state,
  }
}

export function entryView(e: CreditEntry) {
  return {
    id: e.id,
    kind: e.kind,
    amount: e.amount,
    day: e.day,
    payment_id: e.payment_id,
    actor_type: e.actor_type,
    actor_id: e.actor_id,
    note: e.note,
    time: e.time,
  }
}
