import { sql, type Kysely } from 'kysely'

/**
 * credit_cards.oldest_due: the due time of the holder's oldest owed debt (null when none), kept by
 * the ledger's writes in the transactions that open and clear debts. The card list's overdue
 * buckets (M0–M3) become a range of one column instead of a probe of every holder's debts:
 * credit_cards_oldest_due_idx finds the overdue buckets' few cards directly, and the list's own
 * index carries the column, so M0 (most cards) pages along it without reading the cards. Filled
 * here from the debts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('credit_cards').addColumn('oldest_due', 'bigint').execute()
  await sql`update credit_cards set oldest_due =
    (select min(due_time) from credit_debts where credit_debts.user_id = credit_cards.user_id and state = 'owed')`.execute(
    db,
  )
  await db.schema.createIndex('credit_cards_oldest_due_idx').on('credit_cards').columns(['oldest_due']).execute()
  await db.schema.dropIndex('credit_cards_update_idx').execute()
  await db.schema
    .createIndex('credit_cards_update_idx')
    .on('credit_cards')
    .columns(['update_time', 'id', 'oldest_due'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('credit_cards_update_idx').execute()
  await db.schema.createIndex('credit_cards_update_idx').on('credit_cards').columns(['update_time', 'id']).execute()
  await db.schema.dropIndex('credit_cards_oldest_due_idx').execute()
  await db.schema.alterTable('credit_cards').dropColumn('oldest_due').execute()
}
