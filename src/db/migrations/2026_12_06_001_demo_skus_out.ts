import type { Kysely } from 'kysely'

/**
 * The demo SKUs came from 2026_11_29_002, so every database got them, production ones too, with
 * images on a host that does not exist. They are now seeded only into development's embedded
 * database (or by `npm run seed-demo`). This removes them where they are still exactly as
 * seeded and nobody ordered them: a shop that edited one into a real product (its name, price
 * or images), or sold one, keeps it. Cart lines of a removed one go with it (it was never real).
 * On a new database it undoes 002's rows at once, so a fresh shop starts with no SKU.
 */
const DEMO_SKUS: Record<string, { name: string; real_price: number }> = {
  ad501: { name: 'Apple iPhone 15 128GB 黑色', real_price: 599900 },
  ad502: { name: '华为 Mate 60 Pro 12GB+512GB 雅川青', real_price: 699900 },
  ad503: { name: '小米 Redmi Note 13 Pro 8GB+256GB', real_price: 149900 },
  ad504: { name: '联想 小新 Pro 14 轻薄笔记本 32GB+1TB', real_price: 549900 },
  ad505: { name: '索尼 WH-1000XM5 无线降噪耳机', real_price: 249900 },
  ad506: { name: '任天堂 Switch OLED 游戏机 日版', real_price: 209900 },
  ad507: { name: '戴森 V12 Detect Slim 无绳吸尘器', real_price: 429000 },
}

const seededImages = (skuId: string) =>
  JSON.stringify([`https://img.sfm.example/sku/${skuId}_1.jpg`, `https://img.sfm.example/sku/${skuId}_2.jpg`])

export async function up(db: Kysely<any>): Promise<void> {
  for (const [skuId, demo] of Object.entries(DEMO_SKUS)) {
    const untouched = await db
      .selectFrom('skus')
      .select('sku_id')
      .where('sku_id', '=', skuId)
      .where('name', '=', demo.name)
      .where('real_price', '=', demo.real_price)
      .where('images', '=', seededImages(skuId))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('order_items').select('order_id').where('sku_id', '=', skuId))))
      .executeTakeFirst()
    if (!untouched) continue
    await db.deleteFrom('cart_lines').where('sku_id', '=', skuId).execute()
    await db.deleteFrom('skus').where('sku_id', '=', skuId).execute()
  }
}

export async function down(): Promise<void> {}
