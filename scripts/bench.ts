// npm run bench: builds sfm, seeds a database through SQL, starts the BUILT server (node, with
// `npm start`'s flags, dist/server.js) as `npm start` would, and loads it with autocannon from a process of its own,
// beside a bare Fastify route (the ceiling) measured in the same run. SQLite always; PostgreSQL
// too when TEST_DATABASE_URL is set (a fresh database is created from it and dropped after).
// Writes bench/results.local.md (git-ignored; `npm run bench -- --write` updates the committed
// bench/results.md instead) and exits 1 if reconcile finds a card out of balance.
//
// BENCH_SECONDS (5) per row, BENCH_WARMUP_SECONDS (1) unmeasured load before each row,
// BENCH_CONNECTIONS (50), BENCH_DATABASES (sqlite,postgres), BENCH_ONLY (rows whose name
// contains one of its comma-separated words), BENCH_CPU_PROF (a folder: the server writes a V8 CPU
// profile there on exit), BENCH_SERVER_ENV ("NAME=value …" for the server), BENCH_BACKOFFICE=off
// (skips the back office at a million orders); with any of the last four --write leaves
// bench/results.md as it is.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase, type Db } from '../src/db/dialect.ts'
import {
  all,
  atLeast,
  below,
  markdownTable,
  p99Below,
  shareAtLeast,
  type DatabaseRun,
  type LoadResult,
  type RowResult,
  type Verdict,
} from './bench/report.ts'
import { benchBackoffice } from './bench-backoffice.ts'
import { NPM_START } from './bench/npm-start.ts'
import { PASSWORD, seed, SKU_FIRST_PAY, skuIdOf, BENCH_SKUS, type Seeded } from './bench/seed.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 1)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
/** `npm run bench -- --write`: this run becomes the committed record, bench/results.md. */
const WRITE_RECORD = process.argv.includes('--write')
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean)
const wantedRow = (name: string) => ONLY.length === 0 || ONLY.some((o) => name.includes(o))
const CPU_PROF = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : ''
/** BENCH_SERVER_ENV="A=1 B=2": settings for the server beyond a new user's defaults (a deployment's, say). */
const SERVER_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
)
const XSRF = 'benchxsrf0123456789abcdef'
const ADMIN = { name: 'bench-admin', pwd: 'bench-admin-password' }
const OPERATORS = 5

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve(null)
    }, timeoutMs)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

interface Server {
  base: string
  child: ChildProcess
  startMs: number
}

/** Spawns `node dist/server.js` and times it from spawn to the first answer of /healthz. */
async function startServer(databaseUrl: string, dir: string): Promise<Server> {
  const port = await freePort()
  const log = openSync(join(dir, 'server.log'), 'a')
  const profile = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []
  const args = [...NPM_START.flags, ...profile, 'dist/server.js']
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    // Only what a new user's `npm start` would have, plus where to put things.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SFM_SECRET: 'bench-secret-0123456789abcdef',
      PAYMENT_PROVIDER: 'sandbox',
      // The back office's first account, made at start, for the admin order list rows.
      SFM_ADMIN_NAME: ADMIN.name,
      SFM_ADMIN_PASSWORD: ADMIN.pwd,
      ...NPM_START.env,
      ...SERVER_ENV,
    },
    stdio: ['ignore', log, log],
  })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode}; see ${join(dir, 'server.log')}`)
    try {
      if ((await fetch(`${base}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    await sleep(2)
  }
  return { base, child, startMs: performance.now() - started }
}

/** The process's resident memory now (VmRSS) or at its peak (VmHWM), from /proc. */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb ?? NaN) / 1024
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100)

/**
 * CPU seconds the process has used (user + system), from /proc: on shared cores, cost per request is steadier than
 * req/s.
 */
function cpuSeconds(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

function startCeiling(): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['scripts/bench/ceiling.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) =>
      resolve({ base: `http://127.0.0.1:${JSON.parse(chunk.toString()).port}`, child }),
    )
    child.once('exit', (code) => reject(new Error(`the ceiling exited with ${code}`)))
  })
}

interface Client {
  headers: Record<string, string>
  requests?: { method: string; path: string; body?: string }[]
  orders?: string[]
}

interface LoadSpec {
  base: string
  clients: Client[]
  pay?: boolean
  /** fewer than BENCH_CONNECTIONS where that many clients at once would not be real (the back office) */
  connections?: number
}

/** Runs scripts/bench/load.mjs (autocannon) in a process of its own. */
function load(spec: LoadSpec, seconds: number, dir: string): LoadResult {
  const file = join(dir, 'load-spec.json')
  writeFileSync(file, JSON.stringify({ ...spec, connections: spec.connections ?? CONNECTIONS, seconds }))
  const run = spawnSync(process.execPath, ['scripts/bench/load.mjs', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (run.status !== 0) throw new Error(`load.mjs failed: ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as LoadResult
}

/** Signs a seeded customer in through the API, as the shop's page does; returns the Cookie header. */
async function signIn(base: string, mobile: string): Promise<string> {
  const res = await fetch(`${base}/api/user/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `_xsrf=${XSRF}`, 'x-xsrftoken': XSRF },
    body: JSON.stringify({ mobile_uer_name: mobile, pwd: PASSWORD }),
  })
  const body = (await res.json()) as { code: number }
  if (body.code !== 0) throw new Error(`sign-in of ${mobile} answered ${JSON.stringify(body)}`)
  return [`_xsrf=${XSRF}`, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ')
}

/** Signs the back office's admin in through the API; returns the Cookie header. */
async function signInAdmin(base: string): Promise<string> {
  const res = await fetch(`${base}/api/admin/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `_xsrf=${XSRF}`, 'x-xsrftoken': XSRF },
    body: JSON.stringify(ADMIN),
  })
  const body = (await res.json()) as { code: number }
  if (body.code !== 0) throw new Error(`admin sign-in answered ${JSON.stringify(body)}`)
  return [`_xsrf=${XSRF}`, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ')
}

async function inBatches<T, R>(items: T[], size: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(f))))
  return out
}

const countRows = async (db: Db, table: 'orders' | 'payments') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

interface Row {
  name: string
  /** made again before each run when it depends on what earlier runs did */
  spec: LoadSpec | (() => Promise<LoadSpec>)
  /** what the row makes, counted in the database */
  made?: 'orders' | 'payments'
  target?: (r: RowResult, share: number) => Verdict
}

/** Each writer's orders still waiting to be paid: a run pays some, the next starts after them. */
async function unpaidOrders(db: Db, userIds: number[]): Promise<string[][]> {
  const rows = await db
    .selectFrom('orders')
    .select(['order_id', 'user_id'])
    .where('user_id', 'in', userIds)
    .where('state', '=', 0)
    .orderBy('order_id')
    .execute()
  return userIds.map((id) => rows.filter((r) => r.user_id === id).map((r) => r.order_id))
}

function rows(
  database: 'sqlite' | 'postgres',
  db: Db,
  base: string,
  s: Seeded,
  cookies: { heavy: string; cart: string; writers: string[]; admin: string },
): Row[] {
  const get = (cookie: string) => ({ cookie })
  const post = (cookie: string) => ({ cookie, 'content-type': 'application/json', 'x-xsrftoken': XSRF })
  // Issue 19's targets: authenticated reads at half the ceiling on SQLite, a quarter on PostgreSQL, p99 < 10 ms.
  const readShare = database === 'sqlite' ? 0.5 : 0.25
  const read = (r: RowResult, share: number) => all(shareAtLeast(share, readShare), p99Below(r.load.p99, 10))
  return [
    {
      name: 'GET /healthz',
      spec: { base, clients: [{ headers: {}, requests: [{ method: 'GET', path: '/healthz' }] }] },
      target: (_r, share) => shareAtLeast(share, 0.85),
    },
    {
      name: 'GET /api/user/get_user_info',
      spec: {
        base,
        clients: [{ headers: get(cookies.heavy), requests: [{ method: 'GET', path: '/api/user/get_user_info' }] }],
      },
      target: read,
    },
    {
      name: 'GET /api/cart/cart_list (5 lines)',
      spec: {
        base,
        clients: [{ headers: get(cookies.cart), requests: [{ method: 'GET', path: '/api/cart/cart_list' }] }],
      },
      target: read,
    },
    {
      name: 'GET /api/order/get_order_list (customer with 1 000 orders, page 1 of 10)',
      spec: {
        base,
        clients: [
          {
            headers: get(cookies.heavy),
            requests: [{ method: 'GET', path: '/api/order/get_order_list?order_type=all&page=1&count=10' }],
          },
        ],
      },
      target: (r, share) => all(shareAtLeast(share, 0.25), p99Below(r.load.p99, 10)),
    },
    // A shop's back office has a handful of operators, not fifty: its rows run with OPERATORS connections.
    {
      name: `GET /api/order/list (admin, ${OPERATORS} operators, 200 000 orders, no filter, page 1 of 20)`,
      spec: {
        base,
        connections: OPERATORS,
        clients: [
          { headers: get(cookies.admin), requests: [{ method: 'GET', path: '/api/order/list?page=1&count=20' }] },
        ],
      },
      target: (r) => p99Below(r.load.p99, 50),
    },
    {
      name: `GET /api/order/list (admin, ${OPERATORS} operators, paid orders of the last 7 days)`,
      spec: {
        base,
        connections: OPERATORS,
        clients: [
          {
            headers: get(cookies.admin),
            requests: [
              {
                method: 'GET',
                path: `/api/order/list?order_type=need_send&ctime_st=${Math.floor(Date.now() / 1000) - 7 * 86400}&page=1&count=20`,
              },
            ],
          },
        ],
      },
      target: (r) => p99Below(r.load.p99, 50),
    },
    {
      name: `GET /api/order/list (admin, ${OPERATORS} operators, mobile prefix of 100 customers)`,
      spec: {
        base,
        connections: OPERATORS,
        clients: [
          {
            headers: get(cookies.admin),
            requests: [{ method: 'GET', path: '/api/order/list?u_mobile=138000012&page=1&count=20' }],
          },
        ],
      },
      target: (r) => p99Below(r.load.p99, 50),
    },
    {
      name: `POST /api/cart/add_cart (${cookies.writers.length} customers)`,
      spec: {
        base,
        clients: cookies.writers.map((cookie, i) => ({
          headers: post(cookie),
          // Each customer cycles through the SKUs, one unit at a time, far from the 99-unit line limit.
          requests: Array.from({ length: BENCH_SKUS }, (_, k) => ({
            method: 'POST',
            path: '/api/cart/add_cart',
            body: JSON.stringify({
              sku_id: skuIdOf((i + k) % BENCH_SKUS),
              sku_inc_count: 1,
              first_price: SKU_FIRST_PAY,
            }),
          })),
        })),
      },
    },
    {
      name: `POST /api/order/commit_order (${cookies.writers.length} customers, ${BENCH_SKUS} SKUs)`,
      spec: {
        base,
        clients: cookies.writers.map((cookie, i) => ({
          headers: post(cookie),
          requests: [
            {
              method: 'POST',
              path: '/api/order/commit_order',
              body: JSON.stringify({
                address_id: s.writers[i]!.addressId,
                order_type: 'sku',
                sku_list: [{ sku_id: skuIdOf(i % BENCH_SKUS), sku_count: 1, first_price: SKU_FIRST_PAY }],
              }),
            },
          ],
        })),
      },
      made: 'orders',
      target: (r) => atLeast(r.made!.perSecond, database === 'sqlite' ? 3000 : 1500, 'orders/s'),
    },
    {
      // A flash sale: everyone wants the same SKU, whose stock row each commit holds until it ends.
      name: `POST /api/order/commit_order (${cookies.writers.length} customers, all one SKU)`,
      spec: {
        base,
        clients: cookies.writers.map((cookie, i) => ({
          headers: post(cookie),
          requests: [
            {
              method: 'POST',
              path: '/api/order/commit_order',
              body: JSON.stringify({
                address_id: s.writers[i]!.addressId,
                order_type: 'sku',
                sku_list: [{ sku_id: skuIdOf(0), sku_count: 1, first_price: SKU_FIRST_PAY }],
              }),
            },
          ],
        })),
      },
      made: 'orders',
    },
    {
      name: `POST /api/order/pay + /api/sandbox/complete (${cookies.writers.length} customers)`,
      spec: async () => {
        const unpaid = await unpaidOrders(
          db,
          s.writers.map((w) => w.userId),
        )
        return {
          base,
          pay: true,
          clients: cookies.writers.map((cookie, i) => ({ headers: post(cookie), orders: unpaid[i]! })),
        }
      },
      made: 'payments',
      target: (r) => atLeast(r.made!.perSecond, database === 'sqlite' ? 1500 : 700, 'payments/s'),
    },
  ]
}

async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sfm_bench_${randomBytes(4).toString('hex')}`
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: baseUrl })
    await c.connect()
    try {
      await c.query(statement)
    } finally {
      await c.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

async function runOn(database: 'sqlite' | 'postgres'): Promise<DatabaseRun> {
  const dir = mkdtempSync(join(tmpdir(), 'sfm-bench-'))
  const pgDb = database === 'postgres' ? await createPostgresDatabase(process.env.TEST_DATABASE_URL!) : undefined
  const url = pgDb?.url ?? `sqlite:${join(dir, 'sfm.db')}`
  const notes: string[] = []
  try {
    // Migrations once, with the operator's command, before any server starts.
    const migrated = spawnSync(process.execPath, ['dist/cli/migrate.js'], {
      env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir, SFM_SECRET: 'bench-secret-0123456789abcdef' },
      encoding: 'utf8',
    })
    if (migrated.status !== 0) throw new Error(`migrate failed: ${migrated.stderr}`)
    const { db, close } = openDatabase(url)
    try {
      console.log(`[${database}] seeding…`)
      const seeded = await seed(db)
      // As a database that has been running a while: vacuumed (PostgreSQL's autovacuum) and analyzed.
      await sql`vacuum`.execute(db)
      await sql`analyze`.execute(db)
      console.log(`[${database}] seeded in ${seeded.seconds.toFixed(1)} s`)

      const ceiling = await startCeiling()
      const server = await startServer(url, dir)
      console.log(`[${database}] server answered ${server.startMs.toFixed(0)} ms after spawn`)
      try {
        const cookies = {
          heavy: await signIn(server.base, seeded.heavy.mobile),
          cart: await signIn(server.base, seeded.cartCustomer.mobile),
          writers: await inBatches(seeded.writers, 4, (w) => signIn(server.base, w.mobile)),
          admin: await signInAdmin(server.base),
        }
        // At rest: what the process holds once started and used a little, after its garbage is gone.
        await sleep(1000)
        const idleRssMb = rssMb(server.child.pid!, 'VmRSS')
        console.log(
          `[${database}] ${cookies.writers.length + 2} customers signed in; server RSS at rest ${idleRssMb.toFixed(0)} MB`,
        )
        // The machine is shared: the ceiling runs between rows, so each row is compared with its neighbours in time.
        const ceilingSpec = { base: ceiling.base, clients: [{ headers: {}, requests: [{ method: 'GET', path: '/' }] }] }
        const ceilingCpu: number[] = []
        const ceilingRun = (): number => {
          const cpu0 = cpuSeconds(ceiling.child.pid!)
          const result = load(ceilingSpec, SECONDS, dir)
          ceilingCpu.push(((cpuSeconds(ceiling.child.pid!) - cpu0) * 1000) / result.total)
          console.log(
            `[${database}] ceiling ${result.rps.toFixed(0)} req/s, its CPU ${ceilingCpu.at(-1)!.toFixed(3)} ms/request`,
          )
          return result.rps
        }
        if (WARMUP > 0) load(ceilingSpec, WARMUP, dir)
        const ceilings = [ceilingRun()]
        const results: RowResult[] = []
        const specOf = async (row: Row) => (typeof row.spec === 'function' ? row.spec() : row.spec)
        for (const row of rows(database, db, server.base, seeded, cookies)) {
          if (!wantedRow(row.name)) continue
          if (WARMUP > 0) load(await specOf(row), WARMUP, dir)
          const spec = await specOf(row)
          const n0 = row.made ? await countRows(db, row.made) : 0
          const cpu0 = cpuSeconds(server.child.pid!)
          const result = load(spec, SECONDS, dir)
          const cpuMsPerRequest = ((cpuSeconds(server.child.pid!) - cpu0) * 1000) / result.total
          const rowRssMb = rssMb(server.child.pid!, 'VmRSS')
          const made = row.made
            ? { what: row.made, perSecond: ((await countRows(db, row.made)) - n0) / result.duration }
            : undefined
          console.log(
            `[${database}] ${row.name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms${made ? `, ${made.perSecond.toFixed(0)} ${made.what}/s` : ''}, server CPU ${cpuMsPerRequest.toFixed(3)} ms/request, server RSS ${rowRssMb.toFixed(0)} MB, ${JSON.stringify(result.codes)}`,
          )
          ceilings.push(ceilingRun())
          const r: RowResult = {
            name: row.name,
            load: result,
            ceiling: (ceilings.at(-2)! + ceilings.at(-1)!) / 2,
            made,
            cpuMsPerRequest,
            rssMb: rowRssMb,
          }
          r.target = row.target?.(r, result.rps / r.ceiling)
          results.push(r)
        }
        const peakRssMb = rssMb(server.child.pid!, 'VmHWM')

        server.child.kill('SIGTERM')
        const code = await exited(server.child, 15_000)
        if (code !== 0) notes.push(`the server did not stop cleanly on SIGTERM (exit ${code})`)
        ceiling.child.kill('SIGTERM')
        await exited(ceiling.child, 5_000)

        const reconcile = spawnSync(process.execPath, ['dist/cli/reconcile.js'], {
          env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir, SFM_SECRET: 'bench-secret-0123456789abcdef' },
          encoding: 'utf8',
        })
        // Its summary is its last two lines (cards, then the ledger); a failure also shows its first lines and error.
        const said = reconcile.stdout.trim().split('\n').filter(Boolean)
        const reconcileText =
          reconcile.status === 0
            ? said.slice(-2).join('; ')
            : `failed: ${[...said.slice(0, 3), ...said.slice(3).slice(-2), reconcile.stderr.trim().split('\n')[0]].filter(Boolean).join('; ')}`
        console.log(`[${database}] reconcile: ${reconcileText}`)
        return {
          database: database === 'sqlite' ? 'SQLite' : 'PostgreSQL',
          ceilings,
          rows: results,
          ceilingCpuMsPerRequest: ceilingCpu.reduce((a, b) => a + b, 0) / ceilingCpu.length,
          idleRssMb,
          idleRssVerdict: below(idleRssMb, 100, 'MB'),
          peakRssMb,
          startMs: server.startMs,
          startVerdict: below(server.startMs, 1000, 'ms'),
          rssVerdict: below(peakRssMb, 150, 'MB'),
          seedSeconds: seeded.seconds,
          reconcile: { ok: reconcile.status === 0, text: reconcileText },
          notes,
        }
      } finally {
        server.child.kill('SIGKILL')
        ceiling.child.kill('SIGKILL')
      }
    } finally {
      await close()
    }
  } finally {
    await pgDb?.drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(1)

const wanted = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',')
const databases = (['sqlite', 'postgres'] as const).filter(
  (d) => wanted.includes(d) && (d === 'sqlite' || process.env.TEST_DATABASE_URL),
)
const runs: DatabaseRun[] = []
for (const d of databases) runs.push(await runOn(d))

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim()
const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).stdout.trim()
  ? ' (with uncommitted changes in src/)'
  : ''
const report = [
  '# sfm benchmark',
  '',
  `Written by \`npm run bench\` at ${new Date().toISOString()} on commit ${commit}${dirty}: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  `autocannon with ${CONNECTIONS} connections (${OPERATORS} for the back office's rows), ${SECONDS} s per row after ${WARMUP} s of warm-up, in a process of its own; the built server (as \`npm start\` runs it: \`${[...Object.entries(NPM_START.env).map(([k, v]) => `${k}=${v}`), 'node', ...NPM_START.flags, 'dist/server.js'].join(' ')}\`, default settings: request logs at info to a file, the worker in-process) and the ceiling in processes of their own, all on the same cores.`,
  'Seeded through SQL: 10 000 customers with cards and addresses, 200 000 orders (one customer with 1 000), 50 writing customers signed in through the API.',
  '"made" counts rows in the database after the run, not HTTP answers (a business refusal is HTTP 200); "other answers" lists every answer other than HTTP 200 with code 0, as status/code × count.',
  '',
  ...runs.map(markdownTable),
  databases.includes('postgres') ? '' : 'PostgreSQL: not run (set TEST_DATABASE_URL).\n',
].join('\n')
// A partial or profiled run is for looking into one thing; only a whole run, asked for, is the record.
const skipBackoffice = process.env.BENCH_BACKOFFICE === 'off'
const partial = ONLY.length || CPU_PROF || Object.keys(SERVER_ENV).length || skipBackoffice
mkdirSync('bench', { recursive: true })
console.log(`\n${report}`)
if (!WRITE_RECORD) {
  writeFileSync('bench/results.local.md', report)
  console.log(
    '(written to bench/results.local.md, which git ignores; npm run bench -- --write updates bench/results.md)',
  )
} else if (partial) {
  console.log('(BENCH_ONLY, BENCH_CPU_PROF, BENCH_SERVER_ENV or BENCH_BACKOFFICE set: bench/results.md left as it was)')
} else if (!databases.includes('postgres')) {
  console.log('(--write needs both databases, so the record keeps its PostgreSQL section: set TEST_DATABASE_URL)')
} else {
  writeFileSync('bench/results.md', report)
  console.log('(written to bench/results.md)')
}
// The back office at a million orders: its own seed, rows and section of the record.
if (!skipBackoffice) await benchBackoffice(WRITE_RECORD && !partial)
if (runs.some((r) => !r.reconcile.ok)) {
  console.error('reconcile found cards out of balance')
  process.exit(1)
}
