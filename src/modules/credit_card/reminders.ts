import type { Db } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'
import { enqueueSms } from '../sms/index.ts'
import { claimReminder, dueUnreminded } from './reminders-repo.ts'

/**
 * Puts one reminder per overdue order in the SMS outbox. The reminder's row and its message are
 * written in one transaction, and the row is claimed by its key, so two workers never both
 * queue one and a crash queues none; the outbox sends it, retrying what fails.
 */
export async function queueDueReminders(db: Db, batch = 100): Promise<number> {
  const now = nowSeconds()
  let queued = 0
  for (const o of await dueUnreminded(db, now, batch)) {
    const claimed = await db.transaction().execute(async (trx) => {
      if (!(await claimReminder(trx, o.order_id, o.mobile, now))) return false
      // No late fees yet: the reminder says what is owed.
      await enqueueSms(trx, o.mobile, 'repay_overdue', { order_id: o.order_id, amount: -o.credit_amount, fee: 0 })
      return true
    })
    if (claimed) queued++
  }
  return queued
}
