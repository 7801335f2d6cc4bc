import type { Kysely } from 'kysely'

/**
 * A customer's debts (credit_card/detail's need_pay, over_time and has_pay) by an index that starts
 * with the customer: with orders_owed_idx (credit_card_state, credit_held, pay_time) beside it,
 * SQLite without statistics searched every customer's owed orders for one customer's page (95 ms
 * on 200 000 orders, and the server waited). This one pins the customer and every column that one
 * does, so no plan prefers that one for a customer's query.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_user_debt_idx')
    .on('orders')
    .columns(['user_id', 'credit_card_state', 'credit_held', 'pay_time', 'order_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('orders_user_debt_idx').execute()
}
