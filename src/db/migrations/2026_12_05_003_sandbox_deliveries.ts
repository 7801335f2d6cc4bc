import { sql, type Kysely } from 'kysely'

/**
 * The sandbox delivers a paid charge's event until the webhook takes it, as Ping++ retries its
 * webhooks: `next_delivery_at` is when to try again (null once delivered), `deliveries` the tries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sandbox_charges').addColumn('next_delivery_at', 'bigint').execute()
  await db.schema.alterTable('sandbox_charges').addColumn('delivered_at', 'bigint').execute()
  await db.schema
    .alterTable('sandbox_charges')
    .addColumn('deliveries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createIndex('sandbox_charges_undelivered_idx')
    .on('sandbox_charges')
    .column('next_delivery_at')
    .where(sql.ref('next_delivery_at'), 'is not', sql.lit(null))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sandbox_charges_undelivered_idx').execute()
  for (const column of ['deliveries', 'delivered_at', 'next_delivery_at']) {
    await db.schema.alterTable('sandbox_charges').dropColumn(column).execute()
  }
}
