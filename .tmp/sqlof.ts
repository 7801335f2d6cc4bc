import { openDatabase } from '../src/db/dialect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { countAdminOrders, listAdminOrders } from '../src/modules/order/admin-repo.ts'
import { itemsOf } from '../src/modules/order/repo.ts'
const { db, close } = openDatabase(process.argv[2]!)
await migrateToLatest(db)
for (let round = 0; round < 3; round++)
for (const f of [{}, { states: [1], createdFrom: Math.floor(Date.now() / 1000) - 7 * 86400 }, { mobilePrefix: '138000012' }]) {
  const t = performance.now(); const n = await countAdminOrders(db, f as any); const t1 = performance.now(); const rows = await listAdminOrders(db, f as any, 0, 20); const t2 = performance.now()
  await itemsOf(db, rows.map((r) => r.order_id)); const t3 = performance.now()
  if (round === 2) console.log(JSON.stringify(f), n, rows.length, 'count', (t1 - t).toFixed(2), 'list', (t2 - t1).toFixed(2), 'items', (t3 - t2).toFixed(2))
}
await close()
