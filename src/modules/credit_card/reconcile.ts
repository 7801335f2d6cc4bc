import type { Executor } from '../../db/dialect.ts'
import type { CreditDebt } from '../../db/types.ts'
import { type CreditTerms, DAY_SECONDS, feeCap } from '../../domain/credit.ts'
import { feeDue, OWED_SHARDS, principalDue } from '../credit/index.ts'
import {
  billShareRefunds,
  borrowingOrders,
  cardsOldestDue,
  cardsWithHeldCredit,
  debtsWithEntrySums,
  owedPerDueDay,
  repaymentsWithEntries,
} from './repo.ts'

export interface CardMismatch {
  card_id: string
  user_id: number
  amount: number
  remain_amount: number
  /** credit the user's unpaid orders hold and their debts owe (outstanding principal) */
  held: number
}

/**
 * Every card must satisfy remain_amount = amount − Σ outstanding principal (held by unpaid orders
 * or owed by debts), and never go below zero. Returns the cards that do not balance.
 */
export async function findCardMismatches(db: Executor): Promise<CardMismatch[]> {
  return (await cardsWithHeldCredit(db))
    .map(({ credit, principal, ...card }) => ({ ...card, held: Number(principal ?? 0) - Number(credit ?? 0) }))
    .filter((c) => c.remain_amount !== c.amount - c.held || c.remain_amount < 0)
}

/** A debt's balances as its entries add them up. */
const BALANCE_OF_KIND = {
  borrow: 'principal',
  principal_repaid: 'principal_repaid',
  closed: 'principal_closed',
  fee_accrued: 'fee_accrued',
  fee_repaid: 'fee_repaid',
  fee_waived: 'fee_waived',
  fee_cancelled: 'fee_cancelled',
  overpaid: 'overpaid',
} as const satisfies Record<string, keyof CreditDebt>

/**
 * The ledger's invariants, one line per break: each debt's balances equal its entries;
 * principal_repaid ≤ principal; fee_repaid + fee_waived ≤ fee_accrued ≤ the cap; its state says
 * what it owes; every paid order that borrowed has its debt and columns that agree with it; every
 * fen of every repayment is applied to a debt or flagged for refund; each share of a bill payment given
 * back is exactly what it applied to a refunded (closed) debt, and its shares stay within its amount;
 * credit_owed sums the principal due per due day; each card keeps its holder's oldest owed due time.
 */
export async function findLedgerMismatches(db: Executor, terms: CreditTerms): Promise<string[]> {
  const problems: string[] = []
  const { debts, sums } = await debtsWithEntrySums(db)
  const byDebt = new Map<string, Map<string, number>>()
  for (const s of sums) {
    const m = byDebt.get(s.order_id) ?? new Map<string, number>()
    m.set(s.kind, Number(s.total))
    byDebt.set(s.order_id, m)
  }
  for (const d of debts) {
    const entries = byDebt.get(d.order_id) ?? new Map<string, number>()
    for (const [kind, column] of Object.entries(BALANCE_OF_KIND)) {
      const total = entries.get(kind) ?? 0
      if (total !== d[column]) problems.push(`debt ${d.order_id}: ${column} ${d[column]}, its entries ${total}`)
    }
    if (d.principal_repaid + d.principal_closed > d.principal)
      problems.push(`debt ${d.order_id}: repaid over principal`)
    if (d.fee_repaid + d.fee_waived + d.fee_cancelled > d.fee_accrued)
      problems.push(`debt ${d.order_id}: fee repaid and waived over accrued`)
    if (d.fee_accrued > feeCap(terms, d.principal))
      problems.push(`debt ${d.order_id}: fee ${d.fee_accrued} over its cap`)
    const owes = principalDue(d) + feeDue(d) > 0
    if (d.state === 'owed' && !owes) problems.push(`debt ${d.order_id}: owed but owes nothing`)
    if (d.state === 'repaid' && owes)
      problems.push(`debt ${d.order_id}: repaid but owes ${principalDue(d) + feeDue(d)}`)
    if (d.state === 'closed' && owes) problems.push(`debt ${d.order_id}: closed but owes`)
  }
  // credit_owed (the overview's outstanding credit) must be the debts' principal due, per due day and shard.
  const owedOf = new Map<string, number>()
  const key = (day: number, shard: number) => `${day}/${shard}`
  for (const d of debts) {
    const k = key(Math.floor(d.due_time / DAY_SECONDS), d.user_id % OWED_SHARDS)
    if (d.state === 'owed') owedOf.set(k, (owedOf.get(k) ?? 0) + principalDue(d))
  }
  for (const r of await owedPerDueDay(db)) {
    const k = key(Number(r.due_day), r.shard)
    if (Number(r.principal) !== (owedOf.get(k) ?? 0))
      problems.push(`credit_owed ${k}: ${r.principal}, the debts due then owe ${owedOf.get(k) ?? 0}`)
    owedOf.delete(k)
  }
  for (const [k, p] of owedOf) if (p !== 0) problems.push(`credit_owed ${k}: missing, the debts due then owe ${p}`)
  const oldestOf = new Map<number, number>()
  for (const d of debts)
    if (d.state === 'owed') oldestOf.set(d.user_id, Math.min(d.due_time, oldestOf.get(d.user_id) ?? d.due_time))
  for (const c of await cardsOldestDue(db))
    if (c.oldest_due !== (oldestOf.get(c.user_id) ?? null))
      problems.push(
        `card ${c.card_id}: oldest_due ${c.oldest_due}, its oldest owed debt is due ${oldestOf.get(c.user_id) ?? null}`,
      )
  for (const o of await borrowingOrders(db)) {
    if (o.debt_order_id === null) {
      problems.push(`order ${o.order_id}: paid and borrowed, but has no debt`)
      continue
    }
    if (o.principal !== -o.credit_amount)
      problems.push(`order ${o.order_id}: borrowed ${-o.credit_amount}, debt ${o.principal}`)
    const expected = o.state === 6 ? 'closed' : o.credit_card_state === 1 ? 'repaid' : 'owed'
    if (o.debt_state !== expected) problems.push(`order ${o.order_id}: debt ${o.debt_state}, order says ${expected}`)
  }
  for (const p of await repaymentsWithEntries(db)) {
    const applied = Number(p.applied ?? 0)
    // Money flagged for refund as a whole is given back, so the ledger took none of it or some (before an order refund).
    if (p.needs_refund === 1 ? applied > p.amount : applied !== p.amount)
      problems.push(`payment ${p.id} (order ${p.order_id}): ${p.amount} received, ${applied} applied or flagged`)
  }
  const sharesOf = new Map<number, number>()
  for (const r of await billShareRefunds(db)) {
    const applied = Number(r.applied ?? 0)
    if (r.target_type !== 'bill' || r.debt_state !== 'closed' || r.amount !== applied)
      problems.push(
        `refund ${r.id}: gives back ${r.amount} of payment ${r.payment_id} (${r.target_type}) for order ${r.order_id}, which applied ${applied} to a debt ${r.debt_state ?? 'missing'}`,
      )
    const total = (sharesOf.get(r.payment_id) ?? 0) + r.amount
    sharesOf.set(r.payment_id, total)
    if (total > r.paid) problems.push(`payment ${r.payment_id}: shares given back ${total} over its ${r.paid}`)
  }
  return problems
}
