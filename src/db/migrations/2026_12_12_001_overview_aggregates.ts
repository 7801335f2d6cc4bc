import { sql, type Kysely } from 'kysely'

/**
 * What the overview reads at a million orders without summing the ledger (/api/stats/overview):
 * - credit_owed: the principal still owed, per UTC day of due time and per shard of customers
 *   (user_id % 8, so concurrent borrowers and repayers rarely wait on one row), moved in the
 *   transactions that open, repay and close debts; filled here from the debts as they stand.
 * - stats_late_days: a counter per UTC day, bumped by a payment recorded long after its time of
 *   payment; a kept day (stats_days.generation) summed before such a payment no longer matches the
 *   counters of its UTC days, and is summed again.
 * And credit_debts_due_idx carries the debt's customer: the card list's overdue buckets find their
 * holders from the overdue debts by the index alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credit_owed')
    .addColumn('due_day', 'bigint', (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('principal', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('credit_owed_pk', ['due_day', 'shard'])
    .execute()
  await sql`insert into credit_owed (due_day, shard, principal)
    select due_time / 86400, user_id % 8, sum(principal - principal_repaid - principal_closed)
    from credit_debts where state = 'owed' group by due_time / 86400, user_id % 8`.execute(db)
  await db.schema
    .createTable('stats_late_days')
    .addColumn('day', 'bigint', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .alterTable('stats_days')
    .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.dropIndex('credit_debts_due_idx').execute()
  await db.schema
    .createIndex('credit_debts_due_idx')
    .on('credit_debts')
    .columns(['state', 'due_time', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credit_debts_due_idx').execute()
  await db.schema.createIndex('credit_debts_due_idx').on('credit_debts').columns(['state', 'due_time']).execute()
  await db.schema.alterTable('stats_days').dropColumn('generation').execute()
  await db.schema.dropTable('stats_late_days').execute()
  await db.schema.dropTable('credit_owed').execute()
}
