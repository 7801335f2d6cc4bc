import pino from 'pino'
import { buildApp } from './app.ts'
import { configOrExit, exitOnStartError, warmNextTick } from './startup.ts'
import { startSummary } from './start-summary.ts'
import { productionWarnings } from './config.ts'

const config = configOrExit()
await warmNextTick()
// Log lines leave 4 KiB at a time, or every 200 ms, instead of one write(2) each: that call was a
// tenth of /healthz's CPU. pino writes out what is still buffered when the process exits.
const stream = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 200 })
const app = await buildApp({ config, logger: { level: config.logLevel, stream }, worker: true }).catch(
  exitOnStartError(config),
)
for (const warning of productionWarnings(config)) app.log.warn(warning)

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

await app.listen({ host: config.host, port: config.port }).catch(exitOnStartError(config))
if (config.env === 'development') process.stdout.write(await startSummary(app))
