import { openDatabase } from '../db/dialect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { addDemoSkus, DEMO_SKUS } from '../modules/catalog/index.ts'
import { configOrExit, exitOnStartError } from '../startup.ts'

// `npm run seed-demo`: the seven demo SKUs, on purpose, into whatever database DATABASE_URL names
// (development's embedded one gets them by itself when its catalog is empty). Existing ids are left alone.
const config = configOrExit()
const { db, close } = openDatabase(config.databaseUrl)
try {
  await migrateToLatest(db).catch(exitOnStartError(config))
  const added = await addDemoSkus(db)
  console.log(`added ${added} of the ${DEMO_SKUS.length} demo SKUs (${DEMO_SKUS.map((s) => s.sku_id).join(', ')})`)
} finally {
  await close()
}
