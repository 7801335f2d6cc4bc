import type { Kysely } from 'kysely'

/**
 * The back office at a million orders (npm run bench, bench/results.md "Back office"):
 * - a narrow mobile prefix lists the orders of its customers by their ids: (user_id, state,
 *   create_time, order_id) answers "this customer's orders of these states in this time range,
 *   newest first" from the index alone, where orders_user_list_idx has status in the way;
 * - the card list sorted all 100 000 cards by update_time for each page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_user_state_idx')
    .on('orders')
    .columns(['user_id', 'state', 'create_time', 'order_id'])
    .execute()
  await db.schema.createIndex('credit_cards_update_idx').on('credit_cards').columns(['update_time', 'id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credit_cards_update_idx').execute()
  await db.schema.dropIndex('orders_user_state_idx').execute()
}
