import type { Executor } from '../../db/dialect.ts'
import { startsWith } from '../../db/filters.ts'
import { flag, type SmsOutboxRow } from '../../db/types.ts'

export type OutboxState = SmsOutboxRow['state']

export async function insertMessage(
  ex: Executor,
  m: { mobile: string; template: string; params: string },
  now: number,
): Promise<number> {
  const row = await ex
    .insertInto('sms_outbox')
    .values({
      ...m,
      state: 'queued',
      attempts: 0,
      next_attempt_at: now,
      maybe_sent: 0,
      provider: '',
      provider_ref: '',
      last_error: '',
      create_time: now,
      update_time: now,
      finish_time: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Messages whose turn has come: queued ones due, and those whose sender's lease ran out. */
export async function dueMessages(ex: Executor, now: number, limit: number): Promise<SmsOutboxRow[]> {
  return ex
    .selectFrom('sms_outbox')
    .selectAll()
    .where('state', 'in', ['queued', 'sending'])
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/**
 * Takes a due message for one attempt, only if nobody took it since it was read: it counts the
 * attempt and leases the message for `leaseSeconds`. A message whose earlier sender's lease ran
 * out (state still 'sending') may have reached the provider: it is marked maybe_sent.
 */
export async function claimMessage(
  ex: Executor,
  row: SmsOutboxRow,
  provider: string,
  now: number,
  leaseSeconds: number,
): Promise<SmsOutboxRow | undefined> {
  return ex
    .updateTable('sms_outbox')
    .set({
      state: 'sending',
      attempts: row.attempts + 1,
      next_attempt_at: now + leaseSeconds,
      maybe_sent: row.state === 'sending' ? 1 : row.maybe_sent,
      provider,
      update_time: now,
    })
    .where('id', '=', row.id)
    .where('state', '=', row.state)
    .where('attempts', '=', row.attempts)
    .where('next_attempt_at', '=', row.next_attempt_at)
    .returningAll()
    .executeTakeFirst()
}

/**
 * What an attempt came to; applied only by the attempt that holds the lease. `maybeSent` on a
 * message sent: an earlier attempt may have gone out too.
 */
export type AttemptEnd =
  | { state: 'sent'; ref: string; maybeSent: boolean }
  | { state: 'failed'; error: string; maybeSent: boolean }
  | { state: 'queued'; error: string; maybeSent: boolean; nextAt: number }

/** Ends the attempt `held` (as claimMessage answered it); false when its lease was lost to another worker. */
export async function endAttempt(ex: Executor, held: SmsOutboxRow, end: AttemptEnd, now: number): Promise<boolean> {
  const done = end.state !== 'queued'
  const res = await ex
    .updateTable('sms_outbox')
    .set({
      state: end.state,
      next_attempt_at: end.state === 'queued' ? end.nextAt : held.next_attempt_at,
      maybe_sent: flag(end.maybeSent),
      provider_ref: end.state === 'sent' ? end.ref.slice(0, 64) : held.provider_ref,
      last_error: end.state === 'sent' ? '' : end.error.slice(0, 500),
      update_time: now,
      finish_time: done ? now : null,
    })
    .where('id', '=', held.id)
    .where('state', '=', 'sending')
    .where('attempts', '=', held.attempts)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export interface OutboxFilter {
  states?: OutboxState[]
  mobilePrefix?: string
  template?: string
}

function filtered(ex: Executor, f: OutboxFilter) {
  let q = ex.selectFrom('sms_outbox')
  if (f.states) q = q.where('state', 'in', f.states)
  if (f.mobilePrefix !== undefined) q = q.where(startsWith('mobile', f.mobilePrefix))
  if (f.template !== undefined) q = q.where('template', '=', f.template)
  return q
}

export async function countMessages(ex: Executor, f: OutboxFilter): Promise<number> {
  const row = await filtered(ex, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Newest first; the id breaks ties. */
export async function listMessages(
  ex: Executor,
  f: OutboxFilter,
  offset: number,
  limit: number,
): Promise<SmsOutboxRow[]> {
  return filtered(ex, f)
    .selectAll()
    .orderBy('create_time', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .execute()
}
