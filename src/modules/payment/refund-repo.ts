import { type ExpressionBuilder, sql } from 'kysely'
import type { Executor } from '../../db/dialect.ts'
import type { Database, Payment, RefundRow } from '../../db/types.ts'
import { PURPOSE_OF } from './repo.ts'

export type RefundState = RefundRow['state']
export const OPEN_STATES: RefundState[] = ['queued', 'pending']

/** A refund to ask the provider for now, for a payment just claimed ('none' → 'requested'). */
export async function openRefund(ex: Executor, payment: Payment, reason: string, now: number): Promise<RefundRow> {
  return ex
    .insertInto('refunds')
    .values({
      payment_id: payment.id,
      order_id: payment.order_id,
      amount: payment.amount,
      reason: reason.slice(0, 500),
      state: 'queued',
      refund_id: null,
      attempts: 0,
      next_attempt_at: now,
      last_error: '',
      create_time: now,
      update_time: now,
      finish_time: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/**
 * A refund of `amount` fen of a bill payment, the share applied to `orderId`'s debt, to ask the provider
 * for now. Opened at most once per order and payment (the unique index refunds_one_share, under way or
 * done), and only while the payment's shares under way or done stay within its amount (the insert's
 * own condition). Undefined when either refuses it.
 */
export async function openShareRefund(
  ex: Executor,
  share: { paymentId: number; orderId: string; amount: number },
  reason: string,
  now: number,
): Promise<RefundRow | undefined> {
  const bigint = (n: number) => sql<number>`cast(${n} as bigint)`
  return ex
    .insertInto('refunds')
    .columns([
      'payment_id',
      'order_id',
      'amount',
      'share',
      'reason',
      'state',
      'next_attempt_at',
      'create_time',
      'update_time',
    ])
    .expression(
      ex
        .selectFrom('payments')
        .select([
          'payments.id',
          sql<string>`cast(${share.orderId} as varchar(20))`.as('order_id'),
          bigint(share.amount).as('amount'),
          sql.lit(1).as('share'),
          sql<string>`cast(${reason.slice(0, 500)} as varchar(500))`.as('reason'),
          sql.lit('queued').as('state'),
          bigint(now).as('next_attempt_at'),
          bigint(now).as('create_time'),
          bigint(now).as('update_time'),
        ])
        .where('payments.id', '=', share.paymentId)
        .where((eb) =>
          eb(
            eb(
              eb.fn.coalesce(
                eb
                  .selectFrom('refunds')
                  .select((s) => s.fn.sum<number>('refunds.amount').as('s'))
                  .whereRef('refunds.payment_id', '=', 'payments.id')
                  .where('refunds.share', '=', 1)
                  .where('refunds.state', 'in', [...OPEN_STATES, 'succeeded']),
                sql.lit(0),
              ),
              '+',
              bigint(share.amount),
            ),
            '<=',
            eb.ref('payments.amount'),
          ),
        ),
    )
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
}

/** The share refund of `paymentId` for `orderId` under way, if any. */
export async function openShareOf(ex: Executor, paymentId: number, orderId: string): Promise<RefundRow | undefined> {
  return ex
    .selectFrom('refunds')
    .selectAll()
    .where('payment_id', '=', paymentId)
    .where('order_id', '=', orderId)
    .where('share', '=', 1)
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirst()
}

export interface RefundOutcome {
  state: 'succeeded' | 'failed'
  refundId?: string
  error?: string
}

/** The columns of a refund that ended: its state, the provider's id when it gave one, why it failed. */
const closedAs = (outcome: RefundOutcome, now: number) => (eb: ExpressionBuilder<Database, 'refunds'>) => ({
  state: outcome.state,
  refund_id: outcome.refundId === undefined ? eb.ref('refund_id') : outcome.refundId,
  last_error: (outcome.error ?? '').slice(0, 500),
  finish_time: now,
  update_time: now,
})

/** Ends a share refund under way, once; false when it was not under way. */
export async function closeShareRefund(
  ex: Executor,
  id: number,
  outcome: RefundOutcome,
  now: number,
): Promise<boolean> {
  const res = await ex
    .updateTable('refunds')
    .set(closedAs(outcome, now))
    .where('id', '=', id)
    .where('share', '=', 1)
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Open refunds whose next attempt is due, the most overdue first; those of one order only when given. */
export async function dueRefunds(ex: Executor, now: number, limit: number, orderId?: string): Promise<RefundRow[]> {
  let q = ex.selectFrom('refunds').selectAll().where('state', 'in', OPEN_STATES).where('next_attempt_at', '<=', now)
  if (orderId !== undefined) q = q.where('order_id', '=', orderId)
  return q.orderBy('next_attempt_at').orderBy('id').limit(limit).execute()
}

/**
 * Takes a due refund for one attempt: it counts the attempt and puts the next one `leaseSeconds`
 * away, only if nobody took it since it was read. So two workers never ask the provider at once,
 * and a worker that dies mid-attempt leaves it to be tried again after the lease.
 */
export async function leaseRefund(
  ex: Executor,
  row: RefundRow,
  now: number,
  leaseSeconds: number,
): Promise<RefundRow | undefined> {
  return ex
    .updateTable('refunds')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: now + leaseSeconds, update_time: now }))
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .where('next_attempt_at', '=', row.next_attempt_at)
    .returningAll()
    .executeTakeFirst()
}

/** The provider took the refund and is working on it: look again at `nextAt`. */
export async function markRefundPending(
  ex: Executor,
  id: number,
  refundId: string,
  nextAt: number,
  now: number,
): Promise<void> {
  await ex
    .updateTable('refunds')
    .set({ state: 'pending', refund_id: refundId, next_attempt_at: nextAt, last_error: '', update_time: now })
    .where('id', '=', id)
    .where('state', 'in', OPEN_STATES)
    .execute()
}

/** This attempt did not get an answer: try again at `nextAt`. */
export async function retryRefundLater(
  ex: Executor,
  id: number,
  error: string,
  nextAt: number,
  now: number,
): Promise<void> {
  await ex
    .updateTable('refunds')
    .set({ next_attempt_at: nextAt, last_error: error.slice(0, 500), update_time: now })
    .where('id', '=', id)
    .where('state', 'in', OPEN_STATES)
    .execute()
}

/** Ends the payment's open refund of the whole payment, once; the number of rows ended (0 when none was open). */
export async function closeRefund(
  ex: Executor,
  paymentId: number,
  outcome: RefundOutcome,
  now: number,
): Promise<number> {
  const res = await ex
    .updateTable('refunds')
    .set(closedAs(outcome, now))
    .where('payment_id', '=', paymentId)
    .where('share', '=', 0)
    .where('state', 'in', OPEN_STATES)
    .executeTakeFirst()
  return Number(res.numUpdatedRows)
}

export async function refundsOf(ex: Executor, orderId: string): Promise<RefundRow[]> {
  return ex.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

export async function findRefund(ex: Executor, id: number): Promise<RefundRow | undefined> {
  return ex.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface RefundFilter {
  states?: RefundState[]
  orderId?: string
}

function filtered(ex: Executor, f: RefundFilter) {
  let q = ex.selectFrom('refunds')
  if (f.states) q = q.where('refunds.state', 'in', f.states)
  if (f.orderId !== undefined) q = q.where('refunds.order_id', '=', f.orderId)
  return q
}

export async function countRefunds(ex: Executor, f: RefundFilter): Promise<number> {
  return Number(
    (
      await filtered(ex, f)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
}

/**
 * Newest first; the id breaks ties. Each with what it gives back: `purpose` (the order's payment or
 * a repayment) and `needs_refund` 1 for money the shop could not take (paid after a cancellation,
 * twice, or for a debt already closed), refunded without anyone asking.
 */
export async function listRefunds(ex: Executor, f: RefundFilter, offset: number, limit: number) {
  const rows = await filtered(ex, f)
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .selectAll('refunds')
    .select(['payments.target_type', 'payments.needs_refund', 'payments.channel'])
    .orderBy('refunds.create_time', 'desc')
    .orderBy('refunds.id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
  return rows.map(({ target_type, ...r }) => ({ ...r, purpose: PURPOSE_OF[target_type] ?? 'order_pay' }))
}
