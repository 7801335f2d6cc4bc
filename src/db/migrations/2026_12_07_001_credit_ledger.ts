import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/** The rule every existing debt was made under: due 60 days after payment (CREDIT_TERM_DAYS' default). */
const TERM_SECONDS = 60 * 86400
/** CREDIT_REMIND_DAYS' default: the first reminder is due this long before the due time. */
const REMIND_SECONDS = 3 * 86400

/**
 * Debts as entries (issue 16): a debt per paid order that borrowed, its balances beside the
 * append-only ledger of what happened to it (borrowed, repaid, fee accrued, waived, closed), and the
 * reminders sent for it, each kind once. Existing orders become debts in place: paid and owed ones
 * owe their principal, repaid ones are repaid, refunded ones are closed, each with the entries that
 * say so; the one overdue reminder each debt could get so far is kept as its first overdue reminder.
 */
/** A balance that starts at nothing. */
const zero = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0)

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_debts')
    .addColumn('order_id', 'varchar(20)', (c) => c.primaryKey().references('orders.order_id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('principal', 'bigint', (c) => c.notNull())
    .addColumn('principal_repaid', 'bigint', zero)
    .addColumn('principal_closed', 'bigint', zero)
    .addColumn('fee_accrued', 'bigint', zero)
    .addColumn('fee_repaid', 'bigint', zero)
    .addColumn('fee_waived', 'bigint', zero)
    .addColumn('fee_cancelled', 'bigint', zero)
    .addColumn('overpaid', 'bigint', zero)
    // The last day (counted from the due time) whose late fee has been accrued; 0 before any.
    .addColumn('fee_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'varchar(8)', (c) => c.notNull())
    .addColumn('borrow_time', 'bigint', (c) => c.notNull())
    .addColumn('due_time', 'bigint', (c) => c.notNull())
    .addColumn('next_remind_time', 'bigint')
    .addColumn('close_time', 'bigint')
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addCheckConstraint('credit_debts_state', sql`state in ('owed', 'repaid', 'closed')`)
    .addCheckConstraint('credit_debts_principal', sql`principal_repaid + principal_closed <= principal`)
    .addCheckConstraint('credit_debts_fee', sql`fee_repaid + fee_waived + fee_cancelled <= fee_accrued`)
    .execute()
  await db.schema
    .createIndex('credit_debts_user_idx')
    .on('credit_debts')
    .columns(['user_id', 'state', 'due_time'])
    .execute()
  await db.schema.createIndex('credit_debts_due_idx').on('credit_debts').columns(['state', 'due_time']).execute()
  await db.schema
    .createIndex('credit_debts_remind_idx')
    .on('credit_debts')
    .columns(['state', 'next_remind_time'])
    .execute()

  await withAutoId(db, db.schema.createTable('credit_entries'))
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    // For a late fee: the day it is for. One entry per debt and day, whoever accrues it.
    .addColumn('day', 'integer')
    .addColumn('payment_id', 'bigint')
    .addColumn('actor_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('actor_id', 'bigint')
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addCheckConstraint(
      'credit_entries_kind',
      sql`kind in ('borrow', 'principal_repaid', 'fee_accrued', 'fee_repaid', 'fee_waived', 'closed', 'fee_cancelled', 'overpaid')`,
    )
    .addCheckConstraint('credit_entries_amount', sql`amount >= 0`)
    .execute()
  await db.schema.createIndex('credit_entries_order_idx').on('credit_entries').columns(['order_id', 'id']).execute()
  await db.schema
    .createIndex('credit_entries_day_idx')
    .on('credit_entries')
    .columns(['order_id', 'kind', 'day'])
    .unique()
    .execute()
  await db.schema.createIndex('credit_entries_payment_idx').on('credit_entries').column('payment_id').execute()
  await db.schema.createIndex('credit_entries_time_idx').on('credit_entries').columns(['kind', 'time']).execute()

  await db.schema
    .createTable('debt_reminders')
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('debt_reminders_pk', ['order_id', 'kind'])
    .execute()

  await migrateExistingDebts(db)
  await db.schema.dropTable('repay_reminders').execute()
}

async function migrateExistingDebts(db: Kysely<any>): Promise<void> {
  const now = Math.floor(Date.now() / 1000)
  const paid = sql`coalesce(pay_time, create_time)`
  // Paid (1, 2, 3) or refunded (6) orders that borrowed: a refunded order was paid before.
  await sql`
    insert into credit_debts (order_id, user_id, principal, principal_repaid, principal_closed, state,
      borrow_time, due_time, next_remind_time, close_time, update_time)
    select order_id, user_id, 0 - credit_amount,
      case when credit_card_state = 1 then 0 - credit_amount else 0 end,
      case when state = 6 and credit_card_state = 0 then 0 - credit_amount else 0 end,
      case when state = 6 then 'closed' when credit_card_state = 1 then 'repaid' else 'owed' end,
      ${paid}, ${paid} + ${sql.lit(TERM_SECONDS)},
      case when state in (1, 2, 3) and credit_card_state = 0 then ${paid} + ${sql.lit(TERM_SECONDS - REMIND_SECONDS)} end,
      case when state = 6 then coalesce(refund_time, update_time) end,
      ${sql.lit(now)}
    from orders where state in (1, 2, 3, 6) and credit_amount < 0`.execute(db)
  const entry = (kind: string, amount: string, time: string, where: string, paymentId = 'null') =>
    sql`
      insert into credit_entries (order_id, user_id, kind, amount, day, payment_id, actor_type, actor_id, note, time)
      select d.order_id, d.user_id, ${sql.lit(kind)}, ${sql.raw(amount)}, null, ${sql.raw(paymentId)}, 'system', null,
        '迁移自订单', ${sql.raw(time)}
      from credit_debts d join orders o on o.order_id = d.order_id
      where ${sql.raw(where)}`.execute(db)
  await entry('borrow', 'd.principal', 'd.borrow_time', '1 = 1')
  await entry(
    'principal_repaid',
    'd.principal_repaid',
    'coalesce(o.repay_time, d.borrow_time)',
    'd.principal_repaid > 0',
    `(select min(p.id) from payments p where p.order_id = d.order_id and p.target_type = 'card' and p.amount = d.principal)`,
  )
  await entry('closed', 'd.principal_closed', 'd.close_time', "d.state = 'closed'")
  await sql`
    insert into debt_reminders (order_id, kind, mobile, sent_time)
    select order_id, 'after_1', mobile, sent_time from repay_reminders`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('repay_reminders')
    .addColumn('order_id', 'varchar(20)', (c) => c.primaryKey())
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_time', 'bigint', (c) => c.notNull())
    .execute()
  await sql`
    insert into repay_reminders (order_id, mobile, sent_time)
    select order_id, mobile, min(sent_time) from debt_reminders group by order_id, mobile`.execute(db)
  for (const t of ['debt_reminders', 'credit_entries', 'credit_debts']) await db.schema.dropTable(t).execute()
}
