import type { Kysely } from 'kysely'

/**
 * Each identity submission gets a number of its own (1, 2, … per customer), so a reviewer's decision
 * names the submission it was made on: submit_time, in seconds, cannot tell apart two made in one second.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('user_auth')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_auth').dropColumn('version').execute()
}
