import type { Executor } from '../../db/dialect.ts'
import { dueBefore, owedDebt } from '../order/index.ts'

/** Overdue debts at `now` with no reminder yet, and the mobile to remind. */
export async function dueUnreminded(db: Executor, now: number, limit: number) {
  return db
    .selectFrom('orders')
    .innerJoin('users', 'users.id', 'orders.user_id')
    .leftJoin('repay_reminders', 'repay_reminders.order_id', 'orders.order_id')
    .select(['orders.order_id', 'orders.credit_amount', 'orders.pay_time', 'users.mobile'])
    .where(owedDebt)
    .where(dueBefore(now))
    .where('repay_reminders.order_id', 'is', null)
    .limit(limit)
    .execute()
}

/** Claims the order's one reminder by its key; false when another worker claimed it first. */
export async function claimReminder(ex: Executor, orderId: string, mobile: string, now: number): Promise<boolean> {
  const claim = await ex
    .insertInto('repay_reminders')
    .values({ order_id: orderId, mobile, sent_time: now })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .executeTakeFirst()
  return Number(claim.numInsertedOrUpdatedRows) === 1
}
