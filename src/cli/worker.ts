import { buildApp } from '../app.ts'
import { Worker } from '../worker/index.ts'
import { configOrExit, exitOnStartError } from '../startup.ts'

// `npm run worker`: the background jobs alone, for deployments that run them apart from the API.
// The app is built (not listened on) so the jobs have what the server has: the payment provider
// and what each payment does, and the sandbox's webhook to deliver its refund events to.
const config = configOrExit()
const app = await buildApp({ config, logger: { level: config.logLevel } }).catch(exitOnStartError(config))
const worker = new Worker(app.deps)
worker.start(config.workerIntervalMs || 5000)
app.log.info({ intervalMs: config.workerIntervalMs || 5000 }, 'worker started')

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    app.log.info({ signal }, 'worker stopping')
    await worker.stop()
    await app.close()
    process.exit(0)
  })
}
