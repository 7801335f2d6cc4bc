// The benchmark's ceiling: a bare Fastify route answering sfm's success envelope, with no
// hooks, database or logging. What sfm serves is reported as a share of what this serves
// on the same machine in the same run. Prints {"port": n} once listening.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ status_code: 200, code: 0, msg: 'http请求成功', data: {} }))
await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`)
process.once('SIGTERM', () => app.close().then(() => process.exit(0)))
