import { configOrExit, exitOnStartError } from '../cli/startup.ts'
import { openDatabase } from './dialect.ts'
import { migrateToLatest } from './migrate.ts'

const config = configOrExit()
const { db, close } = openDatabase(config.databaseUrl)
try {
  const applied = await migrateToLatest(db).catch(exitOnStartError(config))
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
} finally {
  await close()
}
