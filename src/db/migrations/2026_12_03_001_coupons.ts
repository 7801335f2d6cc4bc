import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/** Coupons and their redemptions; the order keeps the code it used, a payment its channel. */
export async function up(db: Kysely<any>): Promise<void> {
  // Codes are stored upper-case, so the unique index makes them unique case-insensitively.
  await withAutoId(db, db.schema.createTable('coupons'))
    .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('max_off', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('min_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint', (c) => c.notNull())
    .addColumn('total_limit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('per_user_limit', 'integer', (c) => c.notNull().defaultTo(1))
    // Redemptions not given back; the redeeming UPDATE checks it against total_limit.
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addCheckConstraint('coupons_kind', sql`kind in ('amount', 'percent')`)
    .addCheckConstraint('coupons_used', sql`used >= 0`)
    .addCheckConstraint('coupons_enabled', sql`enabled in (0, 1)`)
    .execute()

  await withAutoId(db, db.schema.createTable('coupon_redemptions'))
    .addColumn('coupon_id', 'bigint', (c) => c.notNull().references('coupons.id'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    // One coupon per order.
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull().unique().references('orders.order_id'))
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    // Set once when a cancelled or expired order gives the redemption back.
    .addColumn('release_time', 'bigint')
    .execute()
  await db.schema
    .createIndex('coupon_redemptions_user_idx')
    .on('coupon_redemptions')
    .columns(['coupon_id', 'user_id'])
    .execute()

  await db.schema
    .alterTable('orders')
    .addColumn('coupon_code', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .execute()

  // 'none' for an order with nothing to pay; for earlier payments, the channel of their charge.
  await db.schema
    .alterTable('payments')
    .addColumn('channel', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .execute()
  await sql`update payments set channel = coalesce((select order_charges.channel from order_charges where order_charges.charge_id = payments.channel_water_id), '')`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payments').dropColumn('channel').execute()
  await db.schema.alterTable('orders').dropColumn('coupon_code').execute()
  for (const t of ['coupon_redemptions', 'coupons']) {
    await db.schema.dropTable(t).execute()
  }
}
