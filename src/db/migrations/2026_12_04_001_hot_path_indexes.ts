import type { Kysely } from 'kysely'

/**
 * Indexes for what runs all the time, measured on 200 000 orders (npm run bench):
 * - the worker's search for overdue debts read every order on each run, every 5 s in every
 *   instance (77 ms on SQLite, where it blocks the event loop; 118 ms on PostgreSQL);
 * - a customer's order list sorted their orders by create_time and then order_id apart from
 *   the index; with order_id in it the index gives the page in order;
 * - the back office's order list sorted all 200 000 orders for each page (18 ms on SQLite);
 *   (create_time, order_id) gives the newest in order, and (state, create_time, order_id) the
 *   newest of a type, for its filters;
 * - the worker's pruning of spent sessions, codes and Idempotency-Keys scanned each table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_owed_idx')
    .on('orders')
    .columns(['credit_card_state', 'credit_held', 'pay_time'])
    .execute()
  await db.schema
    .createIndex('orders_user_list_idx')
    .on('orders')
    .columns(['user_id', 'status', 'create_time', 'order_id'])
    .execute()
  await db.schema.dropIndex('orders_user_idx').execute()
  await db.schema.createIndex('orders_create_list_idx').on('orders').columns(['create_time', 'order_id']).execute()
  await db.schema.dropIndex('orders_create_idx').execute()
  await db.schema
    .createIndex('orders_state_list_idx')
    .on('orders')
    .columns(['state', 'create_time', 'order_id'])
    .execute()
  await db.schema.createIndex('user_sessions_expires_idx').on('user_sessions').column('expires_at').execute()
  await db.schema.createIndex('user_sessions_revoked_idx').on('user_sessions').column('revoked_at').execute()
  await db.schema.createIndex('verify_codes_expires_idx').on('verify_codes').column('expires_at').execute()
  await db.schema.createIndex('idempotency_keys_time_idx').on('idempotency_keys').column('create_time').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'idempotency_keys_time_idx',
    'verify_codes_expires_idx',
    'user_sessions_revoked_idx',
    'user_sessions_expires_idx',
    'orders_state_list_idx',
    'orders_owed_idx',
  ]) {
    await db.schema.dropIndex(name).execute()
  }
  await db.schema.createIndex('orders_create_idx').on('orders').column('create_time').execute()
  await db.schema.dropIndex('orders_create_list_idx').execute()
  await db.schema.createIndex('orders_user_idx').on('orders').columns(['user_id', 'status', 'create_time']).execute()
  await db.schema.dropIndex('orders_user_list_idx').execute()
}
