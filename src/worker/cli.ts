import pino from 'pino'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/dialect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { loadEnvFile } from '../env.ts'
import { createSmsProvider } from '../sms/index.ts'
import { Worker } from './index.ts'

// `npm run worker`: the background jobs alone, for deployments that run them apart from the API.
loadEnvFile()
const config = loadConfig()
const log = pino({ level: config.logLevel })
const { db, close } = openDatabase(
  config.databaseUrl,
  (err) => log.warn({ err }, 'idle database connection lost'),
  (err, attempt) => log.warn({ err, attempt }, 'transaction retried'),
)
await migrateToLatest(db)
const worker = new Worker({ db, sms: createSmsProvider(config.smsProvider), log })
worker.start(config.workerIntervalMs || 5000)
log.info({ intervalMs: config.workerIntervalMs || 5000 }, 'worker started')

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    log.info({ signal }, 'worker stopping')
    await worker.stop()
    await close()
    process.exit(0)
  })
}
