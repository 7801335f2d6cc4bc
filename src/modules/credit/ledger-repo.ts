import type { Executor } from '../../db/dialect.ts'
import type { CreditDebt, CreditEntry, EntryKind } from '../../db/types.ts'
import { type CreditTerms, DAY_SECONDS, dayFee, feeCap, lastEndedDay, firstReminderAt } from '../../domain/credit.ts'
import type { Actor } from '../oplog/index.ts'

export interface NewEntry {
  kind: EntryKind
  amount: number
  day?: number
  paymentId?: number
  note?: string
}

/** What a debt still owes: its principal and its late fee outstanding. */
export const principalDue = (d: CreditDebt) => d.principal - d.principal_repaid - d.principal_closed
export const feeDue = (d: CreditDebt) => d.fee_accrued - d.fee_repaid - d.fee_waived - d.fee_cancelled
export const totalDue = (d: CreditDebt) => (d.state === 'owed' ? principalDue(d) + feeDue(d) : 0)

async function addEntries(ex: Executor, debt: CreditDebt, actor: Actor, entries: NewEntry[], now: number) {
  if (entries.length === 0) return
  await ex
    .insertInto('credit_entries')
    .values(
      entries.map((e) => ({
        order_id: debt.order_id,
        user_id: debt.user_id,
        kind: e.kind,
        amount: e.amount,
        day: e.day ?? null,
        payment_id: e.paymentId ?? null,
        actor_type: actor.type,
        actor_id: actor.type === 'system' ? null : actor.id,
        note: e.note ?? '',
        time: now,
      })),
    )
    .execute()
}

/** credit_owed's shards: concurrent payments of debts due the same day spread over this many rows. */
export const OWED_SHARDS = 8

/**
 * Moves the principal owed on `debt`'s due day by `delta` fen, in the transaction that moved the
 * debt's own balance (credit_owed: the overview's outstanding credit without summing the ledger).
 */
export async function moveOwed(trx: Executor, debt: Pick<CreditDebt, 'user_id' | 'due_time'>, delta: number) {
  if (delta === 0) return
  await trx
    .insertInto('credit_owed')
    .values({
      due_day: Math.floor(debt.due_time / DAY_SECONDS),
      shard: debt.user_id % OWED_SHARDS,
      principal: delta,
    })
    .onConflict((oc) =>
      oc
        .columns(['due_day', 'shard'])
        .doUpdateSet((eb) => ({ principal: eb('credit_owed.principal', '+', eb.ref('excluded.principal')) })),
    )
    .execute()
}

/**
 * Keeps the holder's card's oldest_due as a debt due at `dueTime` opens: the card list's overdue
 * buckets read it. Under the owner's lock, as every debt write is.
 */
async function noteOwedDue(trx: Executor, userId: number, dueTime: number) {
  await trx
    .updateTable('credit_cards')
    .set((eb) => ({
      oldest_due: eb
        .case()
        .when(eb.or([eb('oldest_due', 'is', null), eb('oldest_due', '>', dueTime)]))
        .then(eb.val(dueTime))
        .else(eb.ref('oldest_due'))
        .end(),
    }))
    .where('user_id', '=', userId)
    .execute()
}

/**
 * Sets cards' oldest_due from their holders' owed debts, after a debt stops owing (repaid, waived or
 * closed): `userId`'s card, or every card. The owner's lock, taken before the debt moved, makes this
 * statement see every committed debt of the holder.
 */
export async function refreshOldestDue(ex: Executor, userId?: number): Promise<void> {
  let q = ex.updateTable('credit_cards').set((eb) => ({
    oldest_due: eb
      .selectFrom('credit_debts')
      .select((e) => e.fn.min<number>('credit_debts.due_time').as('d'))
      .whereRef('credit_debts.user_id', '=', 'credit_cards.user_id')
      .where('credit_debts.state', '=', 'owed'),
  }))
  if (userId !== undefined) q = q.where('user_id', '=', userId)
  await q.execute()
}

export async function findDebt(ex: Executor, orderId: string): Promise<CreditDebt | undefined> {
  return ex.selectFrom('credit_debts').selectAll().where('order_id', '=', orderId).executeTakeFirst()
}

/**
 * A paid order that borrowed becomes a debt, once (its payment is applied once): `principal` fen
 * borrowed at `paidAt`, due CREDIT_TERM_DAYS later, with its borrow entry.
 */
export async function openDebt(
  trx: Executor,
  terms: CreditTerms,
  d: { orderId: string; userId: number; principal: number; paidAt: number },
  actor: Actor,
): Promise<void> {
  const due = d.paidAt + terms.termDays * DAY_SECONDS
  const row = await trx
    .insertInto('credit_debts')
    .values({
      order_id: d.orderId,
      user_id: d.userId,
      principal: d.principal,
      state: 'owed',
      borrow_time: d.paidAt,
      due_time: due,
      next_remind_time: firstReminderAt(terms, due),
      update_time: d.paidAt,
    })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .returningAll()
    .executeTakeFirst()
  if (!row) return
  await addEntries(trx, row, actor, [{ kind: 'borrow', amount: d.principal }], d.paidAt)
  await moveOwed(trx, row, d.principal)
  await noteOwedDue(trx, d.userId, due)
}

/** A customer's debts that owe something, oldest due first. */
export async function owedDebtsOf(ex: Executor, userId: number): Promise<CreditDebt[]> {
  return ex
    .selectFrom('credit_debts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('state', '=', 'owed')
    .orderBy('due_time')
    .orderBy('order_id')
    .execute()
}

export async function debtsByOrder(ex: Executor, orderIds: string[]): Promise<Map<string, CreditDebt>> {
  if (orderIds.length === 0) return new Map()
  const rows = await ex.selectFrom('credit_debts').selectAll().where('order_id', 'in', orderIds).execute()
  return new Map(rows.map((r) => [r.order_id, r]))
}

export async function entriesOf(ex: Executor, orderIds: string[]): Promise<CreditEntry[]> {
  if (orderIds.length === 0) return []
  return ex.selectFrom('credit_entries').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute()
}

/**
 * Accrues the debt's late fees for every day past the grace period that has ended by `now` and is
 * not accrued yet, each with the principal outstanding at that day's end (read from the ledger, so
 * a late run catches up exactly). The debt's fee_day moves by one conditional update from the value
 * read, so each day is accrued once whoever runs this at once; each day's fee also has its own
 * entry under a unique key. Call it under the owner's lock (lockOrderOwner). Answers the fee added.
 */
export async function accrueDebt(trx: Executor, terms: CreditTerms, orderId: string, now: number): Promise<number> {
  const debt = await findDebt(trx, orderId)
  if (debt?.state !== 'owed' || terms.penaltyBps === 0) return 0
  const last = lastEndedDay(debt.due_time, now)
  const first = Math.max(debt.fee_day + 1, terms.graceDays + 1)
  if (last < first) return 0
  const repayments = await trx
    .selectFrom('credit_entries')
    .select(['amount', 'time'])
    .where('order_id', '=', orderId)
    .where('kind', 'in', ['principal_repaid', 'closed'])
    .execute()
  const cap = feeCap(terms, debt.principal)
  let accrued = debt.fee_accrued
  const entries: NewEntry[] = []
  for (let day = first; day <= last && accrued < cap; day++) {
    const end = debt.due_time + day * DAY_SECONDS
    const outstanding = repayments.filter((r) => r.time <= end).reduce((left, r) => left - r.amount, debt.principal)
    const fee = Math.min(dayFee(terms, outstanding), cap - accrued)
    if (fee <= 0) {
      if (outstanding <= 0) break
      continue
    }
    accrued += fee
    entries.push({ kind: 'fee_accrued', amount: fee, day, note: `按当日未还本金${(outstanding / 100).toFixed(2)}元计` })
  }
  const moved = await trx
    .updateTable('credit_debts')
    .set({ fee_accrued: accrued, fee_day: last, update_time: now })
    .where('order_id', '=', orderId)
    .where('state', '=', 'owed')
    .where('fee_day', '=', debt.fee_day)
    .executeTakeFirst()
  if (Number(moved.numUpdatedRows) !== 1) return 0
  await addEntries(trx, debt, { type: 'system' }, entries, now)
  return accrued - debt.fee_accrued
}

/** Owed debts with a late fee to accrue at `now` (a day past the grace period has ended since the last accrual). */
export async function debtsToAccrue(ex: Executor, terms: CreditTerms, now: number, limit: number): Promise<string[]> {
  if (terms.penaltyBps === 0) return []
  const rows = await ex
    .selectFrom('credit_debts')
    .select('order_id')
    .where('state', '=', 'owed')
    .where('due_time', '<=', now - (terms.graceDays + 1) * DAY_SECONDS)
    .where((eb) => eb('due_time', '<=', eb(eb.val(now - DAY_SECONDS), '-', eb('fee_day', '*', DAY_SECONDS))))
    .where((eb) => eb(eb('fee_accrued', '*', 100), '<', eb('principal', '*', terms.penaltyCapPct)))
    .orderBy('due_time')
    .limit(limit)
    .execute()
  return rows.map((r) => r.order_id)
}

export interface Applied {
  fee: number
  principal: number
  /** beyond what was owed: recorded and flagged for refund */
  over: number
  /** the debt owes nothing now */
  cleared: boolean
}

/**
 * Applies `amount` fen received to the debt: its late fee first, then principal; what is beyond
 * both is recorded as overpaid. One conditional update from the balances read, in the caller's
 * transaction (under the owner's lock). Undefined when the debt owes nothing or changed meanwhile.
 */
export async function applyToDebt(
  trx: Executor,
  orderId: string,
  amount: number,
  paymentId: number,
  now: number,
): Promise<Applied | undefined> {
  const debt = await findDebt(trx, orderId)
  if (debt?.state !== 'owed') return undefined
  const fee = Math.min(amount, feeDue(debt))
  const principal = Math.min(amount - fee, principalDue(debt))
  const over = amount - fee - principal
  const cleared = fee === feeDue(debt) && principal === principalDue(debt)
  const res = await trx
    .updateTable('credit_debts')
    .set({
      fee_repaid: debt.fee_repaid + fee,
      principal_repaid: debt.principal_repaid + principal,
      overpaid: debt.overpaid + over,
      state: cleared ? 'repaid' : 'owed',
      next_remind_time: cleared ? null : debt.next_remind_time,
      update_time: now,
    })
    .where('order_id', '=', orderId)
    .where('state', '=', 'owed')
    .where('fee_repaid', '=', debt.fee_repaid)
    .where('principal_repaid', '=', debt.principal_repaid)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) return undefined
  const entries: NewEntry[] = [
    { kind: 'fee_repaid', amount: fee, paymentId },
    { kind: 'principal_repaid', amount: principal, paymentId },
    { kind: 'overpaid', amount: over, paymentId, note: '超出欠款,待退回' },
  ]
  await addEntries(
    trx,
    debt,
    { type: 'system' },
    entries.filter((e) => e.amount > 0),
    now,
  )
  await moveOwed(trx, debt, -principal)
  if (cleared) await refreshOldestDue(trx, debt.user_id)
  return { fee, principal, over, cleared }
}

/**
 * Waives `amount` fen of the debt's outstanding late fee, never more than is outstanding (the
 * statement's own condition). Undefined when refused; whether the debt is cleared by it otherwise.
 */
export async function waiveDebtFee(
  trx: Executor,
  orderId: string,
  amount: number,
  actor: Actor,
  reason: string,
  now: number,
): Promise<{ cleared: boolean } | undefined> {
  const debt = await findDebt(trx, orderId)
  if (debt?.state !== 'owed' || amount > feeDue(debt)) return undefined
  const cleared = principalDue(debt) === 0 && amount === feeDue(debt)
  const res = await trx
    .updateTable('credit_debts')
    .set((eb) => ({
      fee_waived: eb('fee_waived', '+', amount),
      state: cleared ? 'repaid' : 'owed',
      next_remind_time: cleared ? null : debt.next_remind_time,
      update_time: now,
    }))
    .where('order_id', '=', orderId)
    .where('state', '=', 'owed')
    .where('fee_repaid', '=', debt.fee_repaid)
    .where('fee_waived', '=', debt.fee_waived)
    .where('fee_accrued', '=', debt.fee_accrued)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) return undefined
  await addEntries(trx, debt, actor, [{ kind: 'fee_waived', amount, note: reason }], now)
  if (cleared) await refreshOldestDue(trx, debt.user_id)
  return { cleared }
}

/**
 * Closes the debt of a refunded order, once: its outstanding principal is answered (for the card),
 * its outstanding fee cancelled. Undefined when there is no debt or it was closed already.
 */
export async function closeDebt(
  trx: Executor,
  orderId: string,
  actor: Actor,
  now: number,
): Promise<number | undefined> {
  const debt = await findDebt(trx, orderId)
  if (!debt || debt.state === 'closed') return undefined
  const principal = debt.state === 'owed' ? principalDue(debt) : 0
  const fee = debt.state === 'owed' ? feeDue(debt) : 0
  const res = await trx
    .updateTable('credit_debts')
    .set((eb) => ({
      principal_closed: eb('principal_closed', '+', principal),
      fee_cancelled: eb('fee_cancelled', '+', fee),
      state: 'closed',
      next_remind_time: null,
      close_time: now,
      update_time: now,
    }))
    .where('order_id', '=', orderId)
    .where('state', '=', debt.state)
    .where('principal_repaid', '=', debt.principal_repaid)
    .where('fee_repaid', '=', debt.fee_repaid)
    .where('fee_accrued', '=', debt.fee_accrued)
    .where('fee_waived', '=', debt.fee_waived)
    .executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) return undefined
  const entries: NewEntry[] = [{ kind: 'closed', amount: principal, note: '订单退款,欠款关闭' }]
  if (fee > 0) entries.push({ kind: 'fee_cancelled', amount: fee, note: '订单退款,逾期费取消' })
  await addEntries(trx, debt, actor, entries, now)
  await moveOwed(trx, debt, -principal)
  if (debt.state === 'owed') await refreshOldestDue(trx, debt.user_id)
  return principal
}

/** Owed debts whose next reminder is due at `now`, with the mobile to remind. */
export async function debtsToRemind(ex: Executor, now: number, limit: number) {
  return ex
    .selectFrom('credit_debts')
    .innerJoin('users', 'users.id', 'credit_debts.user_id')
    .selectAll('credit_debts')
    .select('users.mobile')
    .where('credit_debts.state', '=', 'owed')
    .where('credit_debts.next_remind_time', '<=', now)
    .orderBy('credit_debts.next_remind_time')
    .limit(limit)
    .execute()
}

/** Moves the debt's next reminder from `from` to `to` (null: none left); false when another worker did first. */
export async function moveNextReminder(
  ex: Executor,
  orderId: string,
  from: number,
  to: number | null,
): Promise<boolean> {
  const res = await ex
    .updateTable('credit_debts')
    .set({ next_remind_time: to })
    .where('order_id', '=', orderId)
    .where('next_remind_time', '=', from)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** What each bill payment (one charge over several debts) paid on this debt, fee and principal: its share. */
export async function billSharesOf(ex: Executor, orderId: string): Promise<{ paymentId: number; amount: number }[]> {
  const rows = await ex
    .selectFrom('credit_entries')
    .innerJoin('payments', 'payments.id', 'credit_entries.payment_id')
    .select((eb) => ['payments.id', eb.fn.sum<number | string>('credit_entries.amount').as('paid')])
    .where('credit_entries.order_id', '=', orderId)
    .where('credit_entries.kind', 'in', ['principal_repaid', 'fee_repaid'])
    .where('payments.target_type', '=', 'bill')
    .groupBy('payments.id')
    .orderBy('payments.id')
    .execute()
  return rows.map((r) => ({ paymentId: r.id, amount: Number(r.paid) }))
}
