import type { Kysely } from 'kysely'

/**
 * What request an Idempotency-Key was first used with (a hash of its parameters), so the same
 * key with a different request is refused rather than answered with the first order. Keys made
 * before this have '' and are honoured as they were; they are pruned within a day anyway.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('idempotency_keys')
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('request_hash').execute()
}
