import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('order_id', 'varchar(20)', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('state', 'integer', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sku_amount', 'bigint', (c) => c.notNull())
    .addColumn('ship_amount', 'bigint', (c) => c.notNull())
    .addColumn('credit_amount', 'bigint', (c) => c.notNull())
    .addColumn('favour_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('manual_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('pay_amount', 'bigint', (c) => c.notNull())
    // 1 while the order's credit is taken from the card (held before payment, owed after).
    .addColumn('credit_held', 'integer', (c) => c.notNull())
    .addColumn('credit_card_state', 'integer', (c) => c.notNull())
    .addColumn('user_note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('admin_note', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
    .addColumn('cancel_reason', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('address_id', 'bigint', (c) => c.notNull())
    .addColumn('address_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('address_mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('address_text', 'varchar(500)', (c) => c.notNull())
    .addColumn('logistics_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('logistics', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .addColumn('pay_time', 'bigint')
    .addColumn('send_time', 'bigint')
    .addColumn('confirm_time', 'bigint')
    .addColumn('cancel_time', 'bigint')
    .addColumn('refund_time', 'bigint')
    .addColumn('repay_time', 'bigint')
    .addCheckConstraint('orders_credit_nonpos', sql`credit_amount <= 0`)
    .execute()
  await db.schema.createIndex('orders_user_idx').on('orders').columns(['user_id', 'status', 'create_time']).execute()
  await db.schema.createIndex('orders_state_expire_idx').on('orders').columns(['state', 'expire_time']).execute()
  await db.schema.createIndex('orders_create_idx').on('orders').column('create_time').execute()

  await withAutoId(db, db.schema.createTable('order_items'))
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull().references('orders.order_id'))
    .addColumn('sku_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('sku_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('sku_image', 'varchar(500)', (c) => c.notNull())
    .addColumn('real_price', 'bigint', (c) => c.notNull())
    .addColumn('first_price', 'bigint', (c) => c.notNull())
    .addColumn('sku_count', 'integer', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('postfee', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('order_items_order_idx').on('order_items').column('order_id').execute()

  // Every charge made for an order or its repayment, so a webhook can be matched and its amount checked.
  await db.schema
    .createTable('order_charges')
    .addColumn('charge_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull().references('orders.order_id'))
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('order_charges_order_idx').on('order_charges').column('order_id').execute()

  // Money received: one row per charge and purpose, whatever happened to the order meanwhile.
  await withAutoId(db, db.schema.createTable('payments'))
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(8)', (c) => c.notNull())
    .addColumn('water_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('channel_id', 'integer', (c) => c.notNull())
    .addColumn('channel_water_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('event_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    // 1 when the order could not take this money (no longer payable, wrong amount, nothing owed).
    .addColumn('needs_refund', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refund_state', 'varchar(16)', (c) => c.notNull().defaultTo('none'))
    .addColumn('refund_time', 'bigint')
    .execute()
  await db.schema.createIndex('payments_order_idx').on('payments').column('order_id').execute()

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('key', 'varchar(128)', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute()

  await db.schema
    .createTable('repay_reminders')
    .addColumn('order_id', 'varchar(20)', (c) => c.primaryKey().references('orders.order_id'))
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_time', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['repay_reminders', 'idempotency_keys', 'payments', 'order_charges', 'order_items', 'orders']) {
    await db.schema.dropTable(t).execute()
  }
}
