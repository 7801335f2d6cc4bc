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

/**
 * pending/failed → paid, once and only while not closed: the winner fixes the event id, so whoever
 * delivers sends the same event, and when it is due again should this first delivery fail. Answers
 * the paid row when this call paid it (the write returns it: no read-back), else undefined.
 */
export async function markSandboxChargePaid(
  db: Executor,
  id: string,
  paid: { time_paid: number; transaction_no: string; event_id: string; deliveries: number; next_delivery_at: number },
): Promise<SandboxCharge | undefined> {
  return db
    .updateTable('sandbox_charges')
    .set({ state: 'paid', ...paid })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'failed'])
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Paid charges whose event the webhook has not taken and is due again, the longest waiting first. */
export async function dueSandboxDeliveries(db: Executor, now: number, limit: number): Promise<SandboxCharge[]> {
  return db
    .selectFrom('sandbox_charges')
    .selectAll()
    .where('next_delivery_at', '<=', now)
    .orderBy('next_delivery_at')
    .limit(limit)
    .execute()
}

/** Takes a due delivery for one try and puts the next at `nextAt`, only if nobody took it since it was read. */
export async function leaseSandboxDelivery(db: Executor, row: SandboxCharge, nextAt: number): Promise<boolean> {
  if (row.next_delivery_at === null) return false
  const res = await db
    .updateTable('sandbox_charges')
    .set((eb) => ({ next_delivery_at: nextAt, deliveries: eb('deliveries', '+', 1) }))
    .where('id', '=', row.id)
    .where('next_delivery_at', '=', row.next_delivery_at)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** The webhook took the event: nothing more to deliver. */
export async function markSandboxDelivered(db: Executor, id: string, now: number): Promise<void> {
  await db
    .updateTable('sandbox_charges')
    .set({ next_delivery_at: null, delivered_at: now })
    .where('id', '=', id)
    .where('next_delivery_at', 'is not', null)
    .execute()
}

/** The shop takes no more money on it: an unpaid charge can no longer be paid. */
export async function closeSandboxCharge(db: Executor, id: string, now: number): Promise<void> {
  await db
    .updateTable('sandbox_charges')
    .set({ closed_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['pending', 'failed'])
    .where('closed_at', 'is', null)
    .execute()
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
