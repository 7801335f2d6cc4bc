import type { Kysely } from 'kysely'

/**
 * The back office's after-sale list, newest first with the id breaking ties: read along an index
 * instead of sorting every request (after_sales_list_idx serves a state filter, in the same order).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('after_sales_time_idx').on('after_sales').columns(['create_time', 'id']).execute()
  await db.schema.dropIndex('after_sales_list_idx').execute()
  await db.schema
    .createIndex('after_sales_list_idx')
    .on('after_sales')
    .columns(['state', 'create_time', 'id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('after_sales_list_idx').execute()
  await db.schema.createIndex('after_sales_list_idx').on('after_sales').columns(['state', 'create_time']).execute()
  await db.schema.dropIndex('after_sales_time_idx').execute()
}
