import type { Db } from '../../db/dialect.ts'
import type { SmsProvider } from '../../providers/sms/index.ts'
import type { FastifyBaseLogger } from 'fastify'
import { nowSeconds } from '../../time.ts'
import { dueBefore, owedDebt } from '../order/index.ts'

const yuan = (fen: number) => (fen / 100).toFixed(2)

/**
 * Texts each customer once per overdue order. The reminder row is claimed before the SMS goes
 * out, so two workers never both send; a failed send gives the claim back for the next run.
 */
export async function sendDueReminders(db: Db, sms: SmsProvider, log: FastifyBaseLogger, batch = 100): Promise<number> {
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
  let sent = 0
  for (const o of due) {
    const claim = await db
      .insertInto('repay_reminders')
      .values({ order_id: o.order_id, mobile: o.mobile, sent_time: now })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .executeTakeFirst()
    if (Number(claim.numInsertedOrUpdatedRows) !== 1) continue
    try {
      await sms.send({
        mobile: o.mobile,
        text: `【首付买】您的订单${o.order_id}额度卡欠款${yuan(-o.credit_amount)}元已逾期,请尽快还款。`,
      })
      sent++
    } catch (err) {
      log.warn({ err, order_id: o.order_id }, 'repayment reminder not sent; will retry')
      await db.deleteFrom('repay_reminders').where('order_id', '=', o.order_id).execute()
    }
  }
  return sent
}
