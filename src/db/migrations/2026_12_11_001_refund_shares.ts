import { sql, type Kysely } from 'kysely'

/**
 * A refund may give back a share of a payment: the part of a bill payment (one charge over several
 * debts) that was applied to a refunded order's debt. `share` 1 marks one; its order_id is the
 * refunded order. Several shares of one payment may be under way at once, each order's at most once
 * (under way or done), while a whole payment is still refunded at most once at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('refunds')
    .addColumn('share', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.dropIndex('refunds_one_open').execute()
  await db.schema
    .createIndex('refunds_one_open')
    .on('refunds')
    .column('payment_id')
    .unique()
    .where(sql<boolean>`state in ('queued', 'pending') and share = 0`)
    .execute()
  await db.schema
    .createIndex('refunds_one_share')
    .on('refunds')
    .columns(['payment_id', 'order_id'])
    .unique()
    .where(sql<boolean>`state in ('queued', 'pending', 'succeeded') and share = 1`)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('refunds_one_share').execute()
  await db.schema.dropIndex('refunds_one_open').execute()
  await db.schema.alterTable('refunds').dropColumn('share').execute()
  await db.schema
    .createIndex('refunds_one_open')
    .on('refunds')
    .column('payment_id')
    .unique()
    .where(sql.ref('state'), 'in', [sql.lit('queued'), sql.lit('pending')])
    .execute()
}
