import type { Kysely } from 'kysely'
import { bytesType } from '../dialect.ts'

/** Identity-card images uploaded by customers: in the database, so every instance serves them. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('id_images')
    .addColumn('image_id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('mime', 'varchar(16)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('bytes', bytesType(db), (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('id_images_user_idx').on('id_images').columns(['user_id', 'create_time']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('id_images').execute()
}
