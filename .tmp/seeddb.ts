import { sql } from 'kysely'
import { openDatabase } from '../src/db/dialect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { seed } from '../scripts/bench/seed.ts'
const { db, close } = openDatabase(process.argv[2]!)
await migrateToLatest(db)
const s = await seed(db)
await sql`analyze`.execute(db)
console.log(JSON.stringify({ heavy: s.heavy, seconds: s.seconds }))
await close()
