import type { Kysely } from 'kysely'

/**
 * The overview's closed days: a day's sums once it ended more than STATS_CLOSE_SECONDS ago,
 * per time zone (a day is the shop's day). Summed from the indexes at a million orders a month
 * took 70–150 ms on either database; read from here, only the days still open are summed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stats_days')
    .addColumn('zone', 'varchar(64)', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('orders', 'bigint', (c) => c.notNull())
    .addColumn('paid_orders', 'bigint', (c) => c.notNull())
    .addColumn('gmv', 'bigint', (c) => c.notNull())
    .addColumn('first_payments', 'bigint', (c) => c.notNull())
    .addColumn('credit_borrowed', 'bigint', (c) => c.notNull())
    .addColumn('repayments', 'bigint', (c) => c.notNull())
    .addColumn('fees', 'bigint', (c) => c.notNull())
    .addColumn('refunds', 'bigint', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_days_pk', ['zone', 'date'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('stats_days').execute()
}
