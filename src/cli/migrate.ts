import { openDatabase } from '../db/dialect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { configOrExit, exitOnStartError } from '../startup.ts'

const config = configOrExit()
const { db, close } = openDatabase(config.databaseUrl)
try {
  const applied = await migrateToLatest(db).catch(exitOnStartError(config))
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} finally {
  await close()
}
