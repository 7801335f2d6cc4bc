import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/** Back-office accounts, apart from customers, and their sessions. */
export async function up(db: Kysely<any>): Promise<void> {
  await withAutoId(db, db.schema.createTable('admins'))
    .addColumn('name', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('pwd_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addCheckConstraint('admins_role', sql`role in ('admin', 'operator')`)
    .addCheckConstraint('admins_disabled', sql`disabled in (0, 1)`)
    .execute()

  await db.schema
    .createTable('admin_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('admin_id', 'bigint', (c) => c.notNull().references('admins.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('admin_sessions_admin_idx').on('admin_sessions').column('admin_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['admin_sessions', 'admins']) {
    await db.schema.dropTable(t).execute()
  }
}
