import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('users'))
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('user_name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('pwd_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('head_img', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('nick_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('signature', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('sex', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('location', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('register_dt', 'bigint', (c) => c.notNull())
    .addColumn('lastlogin', 'bigint')
    .addColumn('lastloginip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute()

  await db.schema
    .createTable('user_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('user_sessions_user_idx').on('user_sessions').column('user_id').execute()

  await withAutoId(db, db.schema.createTable('verify_codes'))
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
    .addColumn('code_hash', 'varchar(128)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('verify_codes_mobile_idx')
    .on('verify_codes')
    .columns(['mobile', 'purpose', 'id'])
    .execute()

  await db.schema
    .createTable('user_auth')
    .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id'))
    .addColumn('real_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('id_code', 'varchar(18)', (c) => c.notNull())
    .addColumn('id_card_up', 'varchar(500)', (c) => c.notNull())
    .addColumn('id_card_down', 'varchar(500)', (c) => c.notNull())
    .addColumn('pass', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('submit_time', 'bigint', (c) => c.notNull())
    .addColumn('review_time', 'bigint')
    .execute()

  await withAutoId(db, db.schema.createTable('credit_cards'))
    .addColumn('card_id', 'varchar(15)', (c) => c.notNull().unique())
    .addColumn('user_id', 'bigint', (c) => c.notNull().unique().references('users.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('remain_amount', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addCheckConstraint('credit_cards_remain_nonneg', sql`remain_amount >= 0 and amount >= 0`)
    .execute()

  await withAutoId(db, db.schema.createTable('operate_log'))
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', 'bigint')
    .addColumn('target_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('text', 'varchar(1000)', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('operate_log_target_idx')
    .on('operate_log')
    .columns(['target_type', 'target_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['operate_log', 'credit_cards', 'user_auth', 'verify_codes', 'user_sessions', 'users']) {
    await db.schema.dropTable(t).execute()
  }
}
