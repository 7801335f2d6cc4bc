// npm run bench: loads a local server on loopback for a few seconds per scenario and prints
// requests per second and latency. Uses DATABASE_URL if set, else a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import type { SmsMessage } from '../src/sms/index.ts'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const dir = mkdtempSync(join(tmpdir(), 'sfm-bench-'))
const sent: SmsMessage[] = []
const config = loadConfig({
  ...process.env,
  DATA_DIR: dir,
  DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${join(dir, 'sfm.db')}`,
  SFM_SECRET: 'bench-secret-0123456789abcdef',
  CREDIT_DEFAULT_AMOUNT: '100000000',
  WORKER_INTERVAL_MS: '0',
})
const app = await buildApp({ config, sms: { name: 'bench', send: async (m) => void sent.push(m) } })
await app.listen({ host: '127.0.0.1', port: 0 })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

// One signed-in customer, through the API like anyone else.
const xsrf = 'benchxsrf'
const mobile = `139${String(Date.now()).slice(-8)}`
const post = (path: string, body: object, cookie = '') =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xsrftoken': xsrf, cookie: `_xsrf=${xsrf}; ${cookie}` }, body: JSON.stringify(body) })
await post('/api/user/send_verify_code', { mobile })
const code = sent.at(-1)!.text.match(/验证码(\d{6})/)![1]
const signup = await post('/api/user/signup', { mobile, pwd: 'bench-pass', sms_verify: code })
const session = signup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
const cookie = `_xsrf=${xsrf}; ${session}`

const scenarios: { title: string; opts: autocannon.Options }[] = [
  { title: 'GET /api/sku/list (public)', opts: { url: `${base}/api/sku/list?page=1&count=20` } },
  { title: 'GET /api/user/get_user_info (session lookup)', opts: { url: `${base}/api/user/get_user_info`, headers: { cookie } } },
  {
    title: 'POST /api/order/prepare_order (quote)',
    opts: {
      url: `${base}/api/order/prepare_order`,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-xsrftoken': xsrf },
      body: JSON.stringify({ order_type: 'sku', sku_list: [{ sku_id: 'ad503', sku_count: 1, first_price: 14900 }] }),
    },
  },
]

try {
  for (const s of scenarios) {
    const r = await autocannon({ ...s.opts, connections: 20, duration: seconds })
    const errors = r.errors + r.non2xx
    console.log(`${s.title}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${errors ? `, ${errors} errors` : ''}`)
  }
} finally {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
}
