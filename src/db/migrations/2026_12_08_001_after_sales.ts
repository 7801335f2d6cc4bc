import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/**
 * After-sale requests. `orders.after_sale_open` is 1 while one of the order's requests
 * is open: the statement that opens a request sets it only where it is 0, so two at once cannot
 * both open, and confirm, auto-confirm, ship and the back office's refund move the order only
 * where it is 0. The list pages by (state, create_time); an order's requests by order_id; the
 * worker finds orders to auto-confirm by send_time among the shipped (state 2) only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('after_sale_open', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await withAutoId(db, db.schema.createTable('after_sales'))
    .addColumn('order_id', 'varchar(20)', (c) => c.notNull().references('orders.order_id'))
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('state', 'integer', (c) => c.notNull())
    .addColumn('reason', 'varchar(200)', (c) => c.notNull())
    .addColumn('images', 'text', (c) => c.notNull())
    .addColumn('admin_note', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('logistics', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('logistics_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addColumn('receive_time', 'bigint')
    .addColumn('finish_time', 'bigint')
    .addCheckConstraint('after_sales_kind', sql`kind in ('refund', 'return')`)
    .addCheckConstraint('after_sales_state', sql`state in (0, 1, 2, 3, 4, 5)`)
    .execute()
  await db.schema.createIndex('after_sales_list_idx').on('after_sales').columns(['state', 'create_time']).execute()
  await db.schema.createIndex('after_sales_order_idx').on('after_sales').column('order_id').execute()
  // Partial: only shipped orders, so no customer's query (which names its own state values) is planned on it.
  await db.schema
    .createIndex('orders_auto_confirm_idx')
    .on('orders')
    .columns(['state', 'send_time'])
    .where(sql.ref('state'), '=', sql.lit(2))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_auto_confirm_idx').execute()
  await db.schema.dropTable('after_sales').execute()
  await db.schema.alterTable('orders').dropColumn('after_sale_open').execute()
}
