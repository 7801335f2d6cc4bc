import type { Db } from '../../db/dialect.ts'
import { nowSeconds } from '../../time.ts'
import { dueBefore, owedDebt } from '../order/index.ts'
import { enqueueSms } from '../sms/index.ts'

/**
 * Puts one reminder per overdue order in the SMS outbox. The reminder's row and its message are
 * written in one transaction, and the row is claimed by its key, so two workers never both
 * queue one and a crash queues none; the outbox sends it, retrying what fails.
 */
export async function queueDueReminders(db: Db, batch = 100): Promise<number> {
  const now = nowSeconds()
  const due = await db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .leftJoin('repay_reminders', 'repay_reminders.order_id', 'orders.order_id')
    .select(['orders.order_id', 'orders.credit_amount', 'orders.pay_time', 'users.mobile'])
    .where(owedDebt)
    .where(dueBefore(now))
    .where('repay_reminders.order_id', 'is', null)
    .limit(batch)
    .execute()
  let queued = 0
  for (const o of due) {
    const claimed = await db.transaction().execute(async (trx) => {
      const claim = await trx
        .insertInto('repay_reminders')
        .values({ order_id: o.order_id, mobile: o.mobile, sent_time: now })
        .onConflict((oc) => oc.column('order_id').doNothing())
        .executeTakeFirst()
      if (Number(claim.numInsertedOrUpdatedRows) !== 1) return false
      // No late fees yet: the reminder says what is owed.
      await enqueueSms(trx, o.mobile, 'repay_overdue', { order_id: o.order_id, amount: -o.credit_amount, fee: 0 })
      return true
    })
    if (claimed) queued++
  }
  return queued
}
