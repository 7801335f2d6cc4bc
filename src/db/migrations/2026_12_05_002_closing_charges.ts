import { sql, type Kysely } from 'kysely'

/**
 * A charge the shop will take no more money on (its order paid, cancelled or expired; its debt
 * repaid or its order refunded) is closed: 'closing' until the provider was told, then 'closed'.
 * The sandbox's own charges record when they were closed, so its pay page refuses them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('order_charges')
    .addColumn('close_state', 'varchar(16)', (c) => c.notNull().defaultTo('open'))
    .execute()
  await db.schema.alterTable('order_charges').addColumn('closed_time', 'bigint').execute()
  // The few charges still to close at the provider, found by order or all at once.
  await db.schema
    .createIndex('order_charges_closing_idx')
    .on('order_charges')
    .column('order_id')
    .where(sql.ref('close_state'), '=', sql.lit('closing'))
    .execute()
  await db.schema.alterTable('sandbox_charges').addColumn('closed_at', 'bigint').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sandbox_charges').dropColumn('closed_at').execute()
  await db.schema.dropIndex('order_charges_closing_idx').execute()
  await db.schema.alterTable('order_charges').dropColumn('closed_time').execute()
  await db.schema.alterTable('order_charges').dropColumn('close_state').execute()
}
