// The credit ledger of a seeded database: each paid order that borrowed gets its debt and its
// `borrow` entry, and a repaid one its `principal_repaid` entry (naming the repayment when there is
// one), as the shop would have written them. Without them reconcile counts those orders' credit as
// lent out with no debt, and the card list's owed columns and the overview read an empty ledger.
// A debt already past due has accrued its late fee up to the cap (one entry), so the worker has
// no fee to accrue while a bench runs.
import { type Kysely, sql } from 'kysely'
import type { Database } from '../../src/db/types.ts'
import { DEFAULT_CREDIT_TERMS } from '../../src/domain/credit.ts'
import { refreshOldestDue } from '../../src/modules/credit/index.ts'

export async function seedDebts(db: Kysely<Database>, now: number): Promise<void> {
  const term = sql.lit(DEFAULT_CREDIT_TERMS.termDays * 86_400)
  const remindAt = sql.lit((DEFAULT_CREDIT_TERMS.termDays - DEFAULT_CREDIT_TERMS.remindDays) * 86_400)
  await sql`
    insert into credit_debts (order_id, user_id, principal, principal_repaid, state, borrow_time, due_time,
      next_remind_time, update_time)
    select order_id, user_id, 0 - credit_amount,
      case when credit_card_state = 1 then 0 - credit_amount else 0 end,
      case when credit_card_state = 1 then 'repaid' else 'owed' end,
      pay_time, pay_time + ${term}, case when credit_card_state = 0 then pay_time + ${remindAt} end, ${sql.lit(now)}
    from orders where state in (1, 2, 3) and credit_amount < 0 and pay_time is not null`.execute(db)
  const entry = (kind: string, amount: string, time: string, where: string, paymentId: string, join = '') =>
    sql`
      insert into credit_entries (order_id, user_id, kind, amount, day, payment_id, actor_type, actor_id, note, time)
      select d.order_id, d.user_id, ${sql.lit(kind)}, ${sql.raw(amount)}, null, ${sql.raw(paymentId)}, 'system', null,
        '', ${sql.raw(time)}
      from credit_debts d join orders o on o.order_id = d.order_id ${sql.raw(join)}
      where ${sql.raw(where)}`.execute(db)
  await sql`
    update credit_debts set fee_accrued = principal * ${sql.lit(DEFAULT_CREDIT_TERMS.penaltyCapPct)} / 100,
      fee_day = (${sql.lit(now)} - due_time) / 86400, next_remind_time = null
    where state = 'owed' and due_time < ${sql.lit(now)}`.execute(db)
  await entry('borrow', 'd.principal', 'd.borrow_time', '1 = 1', 'null')
  await entry('fee_accrued', 'd.fee_accrued', String(now), 'd.fee_accrued > 0', 'null')
  // The repayment is found by one grouped join: a subquery per debt took PostgreSQL minutes at a million orders.
  await entry(
    'principal_repaid',
    'd.principal_repaid',
    'coalesce(o.repay_time, d.borrow_time)',
    'd.principal_repaid > 0',
    'r.payment_id',
    `left join (select order_id, min(id) as payment_id from payments where target_type = 'card' group by order_id) r
      on r.order_id = d.order_id`,
  )
  // What the ledger keeps beside the debts: each card's oldest owed due time, and the principal owed
  // per due day (credit_owed).
  await refreshOldestDue(db)
  await sql`insert into credit_owed (due_day, shard, principal)
    select due_time / 86400, user_id % 8, sum(principal - principal_repaid - principal_closed)
    from credit_debts where state = 'owed' group by due_time / 86400, user_id % 8`.execute(db)
}
