import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { loadEnvFile } from './env.ts'

loadEnvFile()
const config = loadConfig()
const app = await buildApp({ config, logger: { level: config.logLevel }, worker: true })

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    try {
      await app.close()
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  })
}

await app.listen({ host: config.host, port: config.port })
