import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  // Every verified webhook event, once: the unique event id is what makes delivery exactly-once.
  await withAutoId(db, db.schema.createTable('payment_events'))
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('object_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('order_no', 'varchar(64)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
    .addColumn('result', 'varchar(16)', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addCheckConstraint('payment_events_result', sql`result in ('applied', 'unmatched')`)
    .execute()
  await db.schema.createIndex('payment_events_order_idx').on('payment_events').column('order_no').execute()

  await db.schema
    .createTable('sandbox_charges')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('order_no', 'varchar(64)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('amount_refunded', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('charge', 'text', (c) => c.notNull())
    .addColumn('created', 'bigint', (c) => c.notNull())
    .addColumn('time_expire', 'bigint', (c) => c.notNull())
    .addColumn('time_paid', 'bigint')
    .addColumn('transaction_no', 'varchar(64)')
    .addColumn('event_id', 'varchar(64)')
    .addColumn('failed_at', 'bigint')
    .addCheckConstraint('sandbox_charges_state', sql`state in ('pending', 'failed', 'paid')`)
    .addCheckConstraint('sandbox_charges_refund_limit', sql`amount_refunded >= 0 and amount_refunded <= amount`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sandbox_charges', 'payment_events']) {
    await db.schema.dropTable(t).execute()
  }
}
