import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/**
 * One row per refund asked of the provider, so none is left hanging: the worker asks again
 * after a network failure and looks up one still pending, with backoff, until it succeeds or
 * fails for good; a failure stays on record for the back office.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('refunds'))
    .addColumn('payment_id', 'bigint', (c) => c.notNull().references('payments.id'))
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('refund_id', 'varchar(64)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addColumn('finish_time', 'bigint')
    .addCheckConstraint('refunds_state', sql`state in ('queued', 'pending', 'succeeded', 'failed')`)
    .execute()
  await db.schema.createIndex('refunds_due_idx').on('refunds').columns(['state', 'next_attempt_at']).execute()
  await db.schema.createIndex('refunds_order_idx').on('refunds').column('order_id').execute()
  // A payment is being refunded at most once at a time.
  await db.schema
    .createIndex('refunds_one_open')
    .on('refunds')
    .column('payment_id')
    .unique()
    .where(sql.ref('state'), 'in', [sql.lit('queued'), sql.lit('pending')])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('refunds').execute()
}
