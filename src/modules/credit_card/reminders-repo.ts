import type { Executor } from '../../db/dialect.ts'

/** Claims the debt's reminder of `kind` by its key; false when another worker claimed it first. */
export async function claimReminder(
  ex: Executor,
  orderId: string,
  kind: string,
  mobile: string,
  now: number,
): Promise<boolean> {
  const claim = await ex
    .insertInto('debt_reminders')
    .values({ order_id: orderId, kind, mobile, sent_time: now })
    .onConflict((oc) => oc.columns(['order_id', 'kind']).doNothing())
    .executeTakeFirst()
  return Number(claim.numInsertedOrUpdatedRows) === 1
}
