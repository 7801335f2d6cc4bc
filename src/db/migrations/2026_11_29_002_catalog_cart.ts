import { sql, type Kysely } from 'kysely'
import { withAutoId } from '../dialect.ts'

/** Demo goods so a fresh install is a working shop; prices in fen, first payments about 10/20/30 %. */
const DEMO_SKUS = [
  {
    sku_id: 'ad501',
    name: 'Apple iPhone 15 128GB 黑色',
    real_price: 599900,
    first_pay: [59900, 119900, 179900],
    postfee: 0,
    weight: 171,
    stock: 120,
  },
  {
    sku_id: 'ad502',
    name: '华为 Mate 60 Pro 12GB+512GB 雅川青',
    real_price: 699900,
    first_pay: [69900, 139900, 209900],
    postfee: 0,
    weight: 225,
    stock: 80,
  },
  {
    sku_id: 'ad503',
    name: '小米 Redmi Note 13 Pro 8GB+256GB',
    real_price: 149900,
    first_pay: [14900, 29900, 44900],
    postfee: 1000,
    weight: 187,
    stock: 300,
  },
  {
    sku_id: 'ad504',
    name: '联想 小新 Pro 14 轻薄笔记本 32GB+1TB',
    real_price: 549900,
    first_pay: [54900, 109900, 164900],
    postfee: 0,
    weight: 1460,
    stock: 40,
  },
  {
    sku_id: 'ad505',
    name: '索尼 WH-1000XM5 无线降噪耳机',
    real_price: 249900,
    first_pay: [24900, 49900, 74900],
    postfee: 800,
    weight: 250,
    stock: 60,
  },
  {
    sku_id: 'ad506',
    name: '任天堂 Switch OLED 游戏机 日版',
    real_price: 209900,
    first_pay: [20900, 41900, 62900],
    postfee: 1200,
    weight: 420,
    stock: 25,
  },
  {
    sku_id: 'ad507',
    name: '戴森 V12 Detect Slim 无绳吸尘器',
    real_price: 429000,
    first_pay: [42900, 85800, 128700],
    postfee: 2000,
    weight: 2200,
    stock: 15,
  },
]

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('skus')
    .addColumn('sku_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('real_price', 'bigint', (c) => c.notNull())
    // Lists are JSON text: one column type that both databases store and compare the same way.
    .addColumn('first_pay', 'text', (c) => c.notNull())
    .addColumn('postfee', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('images', 'text', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('on_sale', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addCheckConstraint('skus_stock_nonneg', sql`stock >= 0`)
    .addCheckConstraint('skus_amounts_nonneg', sql`real_price >= 0 and postfee >= 0 and weight >= 0`)
    .execute()
  await db.schema.createIndex('skus_on_sale_idx').on('skus').columns(['on_sale', 'create_time']).execute()

  await withAutoId(db, db.schema.createTable('addresses'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('mobile', 'varchar(32)', (c) => c.notNull())
    .addColumn('address', 'varchar(500)', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('addresses_user_idx').on('addresses').columns(['user_id', 'id']).execute()
  // A last line of defence: the service keeps exactly one default, the database refuses a second.
  await db.schema
    .createIndex('addresses_one_default')
    .on('addresses')
    .column('user_id')
    .unique()
    .where(sql.ref('is_default'), '=', sql.lit(1))
    .execute()

  await withAutoId(db, db.schema.createTable('cart_lines'))
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('sku_id', 'varchar(64)', (c) => c.notNull().references('skus.sku_id'))
    .addColumn('sku_count', 'integer', (c) => c.notNull())
    .addColumn('first_price', 'bigint', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('cart_lines_user_sku', ['user_id', 'sku_id'])
    .addCheckConstraint('cart_lines_count_positive', sql`sku_count > 0`)
    .execute()

  const now = Math.floor(Date.now() / 1000)
  await db
    .insertInto('skus')
    .values(
      DEMO_SKUS.map((s) => ({
        ...s,
        first_pay: JSON.stringify(s.first_pay),
        images: JSON.stringify([
          `https://img.sfm.example/sku/${s.sku_id}_1.jpg`,
          `https://img.sfm.example/sku/${s.sku_id}_2.jpg`,
        ]),
        on_sale: 1,
        create_time: now,
        update_time: now,
      })),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['cart_lines', 'addresses', 'skus']) {
    await db.schema.dropTable(t).execute()
  }
}
