// Seeds one database with the back office's million orders and leaves it, for looking at query
// plans by hand: `tsx scripts/bench/seed-once.ts sqlite:/tmp/bo.db` (or a postgres:// URL).
import { sql } from 'kysely'
import { openDatabase } from '../../src/db/dialect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { seedBackoffice } from './seed-backoffice.ts'

const { db, close } = openDatabase(process.argv[2]!)
await migrateToLatest(db)
console.log(await seedBackoffice(db))
await sql`vacuum`.execute(db)
await sql`analyze`.execute(db)
await close()
