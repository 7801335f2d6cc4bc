import type { Db } from '../../db/dialect.ts'
import { type CreditTerms, reminderSchedule } from '../../domain/credit.ts'
import { debtsToRemind, feeDue, moveNextReminder, principalDue } from '../credit/index.ts'
import { enqueueSms } from '../sms/index.ts'
import { claimReminder } from './reminders-repo.ts'

/** A due date as the customer reads it: the day in the shop's time zone. */
const dueDate = (dueTime: number, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(dueTime * 1000),
  )

/**
 * Puts the reminders that are due in the SMS outbox: CREDIT_REMIND_DAYS before the due
 * time, 1 day after it, then weekly while something is owed, 4 after the due date. Each debt's next
 * reminder time moves on by a conditional update, and each reminder is claimed by its key in the
 * same transaction as its message, so two workers never both queue one and a crash queues none.
 * After a downtime only the latest reminder that came due is sent (never a burst of stale ones);
 * the one before the due time is not sent once that time has passed.
 */
export async function queueDueReminders(
  db: Db,
  terms: CreditTerms,
  now: number,
  timeZone = 'Asia/Shanghai',
  batch = 100,
) {
  let queued = 0
  for (const d of await debtsToRemind(db, now, batch)) {
    const schedule = reminderSchedule(terms, d.due_time)
    const reached = schedule.filter((r) => r.at <= now)
    const current = reached.at(-1)
    const next = schedule.find((r) => r.at > now)?.at ?? null
    const from = d.next_remind_time
    if (!current || from === null) continue
    const sent = await db.transaction().execute(async (trx) => {
      if (!(await moveNextReminder(trx, d.order_id, from, next))) return false
      const stale = current.kind === 'due_soon' && now >= d.due_time
      if (stale || !(await claimReminder(trx, d.order_id, current.kind, d.mobile, now))) return false
      if (current.kind === 'due_soon')
        await enqueueSms(trx, d.mobile, 'repay_due_soon', {
          order_id: d.order_id,
          amount: principalDue(d) + feeDue(d),
          due_date: dueDate(d.due_time, timeZone),
        })
      else
        await enqueueSms(trx, d.mobile, 'repay_overdue', {
          order_id: d.order_id,
          amount: principalDue(d),
          fee: feeDue(d),
        })
      return true
    })
    if (sent) queued++
  }
  return queued
}
