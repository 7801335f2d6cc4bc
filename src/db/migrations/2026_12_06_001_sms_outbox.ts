import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/**
 * Every text message but a verification code, written in the transaction of the event that
 * causes it and sent by the worker: none is lost to a crash, none goes out twice from two
 * workers (each attempt leases the row), and a failure stays on record for the back office.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('sms_outbox'))
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('template', 'varchar(32)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('maybe_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider', 'varchar(16)', (c) => c.notNull().defaultTo(''))
    .addColumn('provider_ref', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_error', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addColumn('finish_time', 'bigint')
    .addCheckConstraint('sms_outbox_state', sql`state in ('queued', 'sending', 'sent', 'failed')`)
    .execute()
  await db.schema.createIndex('sms_outbox_due_idx').on('sms_outbox').columns(['state', 'next_attempt_at']).execute()
  await db.schema.createIndex('sms_outbox_list_idx').on('sms_outbox').columns(['create_time', 'id']).execute()
  await db.schema.createIndex('sms_outbox_mobile_idx').on('sms_outbox').column('mobile').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sms_outbox').execute()
}
