import type { Insertable } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { PaymentEventTable } from '../../db/types.ts'

/**
 * Records an event, unless its id is already recorded: true when this call recorded it. DO
 * NOTHING, so a concurrent delivery of the same event waits for the first transaction and then
 * finds it done (on PostgreSQL an error would abort the transaction).
 */
export async function insertEventOnce(ex: Executor, row: Insertable<PaymentEventTable>): Promise<boolean> {
  const res = await ex
    .insertInto('payment_events')
    .values(row)
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst()
  return Number(res.numInsertedOrUpdatedRows) === 1
}

export async function markEventApplied(ex: Executor, eventId: string): Promise<void> {
  await ex.updateTable('payment_events').set({ result: 'applied' }).where('event_id', '=', eventId).execute()
}
