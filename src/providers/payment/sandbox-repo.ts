import type { Executor } from '../../db/dialect.ts'
import type { SandboxCharge } from '../../db/types.ts'
import type { Charge } from './provider.ts'

export async function insertSandboxCharge(db: Executor, charge: Charge, created: number): Promise<void> {
  await db
    .insertInto('sandbox_charges')
    .values({
      id: charge.id,
      order_no: charge.order_no,
      amount: charge.amount,
      state: 'pending',
      charge: JSON.stringify(charge),
      created,
      time_expire: charge.time_expire,
      time_paid: null,
      transaction_no: null,
      event_id: null,
      failed_at: null,
    })
    .execute()
}

export async function findSandboxCharge(db: Executor, id: string): Promise<SandboxCharge | undefined> {
  return db.selectFrom('sandbox_charges').selectAll().where('id', '=', id).executeTakeFirst()
}

/** pending/failed → paid, once: the winner fixes the event id, so whoever delivers sends the same event. */
export async function markSandboxChargePaid(
  db: Executor,
  id: string,
  paid: { time_paid: number; transaction_no: string; event_id: string },
): Promise<boolean> {
  const res = await db
    .updateTable('sandbox_charges')
    .set({ state: 'paid', ...paid })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'failed'])
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** A failed attempt leaves the charge payable, as a declined card does; a paid charge is not touched. */
export async function markSandboxChargeFailed(db: Executor, id: string, now: number): Promise<void> {
  await db
    .updateTable('sandbox_charges')
    .set({ state: 'failed', failed_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'failed'])
    .execute()
}

/**
 * Takes `amount` out of what is left to refund, in the statement that checks it, so concurrent
 * refunds cannot exceed the charge.
 */
export async function takeSandboxRefund(db: Executor, id: string, amount: number): Promise<boolean> {
  const res = await db
    .updateTable('sandbox_charges')
    .set((eb) => ({ amount_refunded: eb('amount_refunded', '+', amount) }))
    .where('id', '=', id)
    .where('state', '=', 'paid')
    .where((eb) => eb(eb('amount_refunded', '+', amount), '<=', eb.ref('amount')))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function giveBackSandboxRefund(db: Executor, id: string, amount: number): Promise<void> {
  await db
    .updateTable('sandbox_charges')
    .set((eb) => ({ amount_refunded: eb('amount_refunded', '-', amount) }))
    .where('id', '=', id)
    .execute()
}
