import { loadConfig } from '../config.ts'
import { loadEnvFile } from '../env.ts'
import { openDatabase } from '../db/dialect.ts'
import { migrateToLatest } from '../db/migrate.ts'

loadEnvFile()
const { db, close } = openDatabase(loadConfig().databaseUrl)
try {
  const applied = await migrateToLatest(db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} finally {
  await close()
}
