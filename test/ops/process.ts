// Running the built server (dist/, as production runs it) as child processes, and talking to
// them over real HTTP like a browser: for the tests of several instances and of faults.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { openDatabase, type Db } from '../../src/db/dialect.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { freshDatabase } from '../helper.ts'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/** Polls until `check` returns something other than undefined/false, or fails after `ms`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** A database and a data folder that several instances share, as they would behind a load balancer. */
/** A redis-server of the test's own on a loopback port, so it can be stopped, paused and started again. */
export function redisServer(port: number) {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('this test needs redis-server on the PATH')
  let proc: ChildProcess | undefined
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
  return {
    start: async () => {
      proc = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      )
      await until('redis-server to listen', listening)
    },
    /** SIGSTOP: the port still takes connections, but nothing answers (a hung server); SIGCONT resumes it. */
    signal: (signal: 'SIGSTOP' | 'SIGCONT') => proc?.kill(signal),
    stop: async () => {
      const p = proc
      if (!p || p.exitCode !== null) return
      await new Promise((resolve) => {
        p.once('exit', resolve)
        p.kill('SIGCONT')
        p.kill('SIGTERM')
      })
    },
  }
}

export interface Shared {
  databaseUrl: string
  dataDir: string
  /** the test's own handle on the database, for setting up and checking */
  db: Db
  close(): Promise<void>
}

export async function sharedDatabase(): Promise<Shared> {
  const database = await freshDatabase()
  const dataDir = mkdtempSync(join(tmpdir(), 'sfm-inst-'))
  // Migrations run once, before any instance starts, as `npm run migrate` does in a deployment.
  const { db, close } = openDatabase(database.url)
  await migrateToLatest(db)
  return {
    databaseUrl: database.url,
    dataDir,
    db,
    close: async () => {
      await close()
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Instance {
  base: string
  pid: number
  child: ChildProcess
  /** every line the process wrote (JSON logs and the console SMS provider's lines) */
  lines: string[]
  /** its JSON log lines */
  logs(): Record<string, unknown>[]
  exited: Promise<number | null>
  /** sends the signal and waits for the process to end; the exit code, or null if killed */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** Starts `node dist/server.js` on a free loopback port and waits for its first answer. */
export async function startInstance(
  shared: Pick<Shared, 'databaseUrl' | 'dataDir'>,
  env: Record<string, string> = {},
): Promise<Instance> {
  const port = await freePort()
  const child = spawn(process.execPath, ['dist/server.js'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: shared.databaseUrl,
      DATA_DIR: shared.dataDir,
      SFM_SECRET: 'instances-secret-0123456789abcdef',
      HOST: '127.0.0.1',
      PORT: String(port),
      // Clients below give each customer an address of their own, as a load balancer would pass it on.
      TRUST_PROXY: 'on',
      PAYMENT_PROVIDER: 'sandbox',
      WORKER_INTERVAL_MS: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let partial = ''
  const collect = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const base = `http://127.0.0.1:${port}`
  const answering = async () => {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${lines.join('\n')}`)
    try {
      return (await fetch(`${base}/healthz`)).ok
    } catch {
      return false
    }
  }
  // Generous: the suite shares a loaded machine. A server that never answers is killed, or its
  // open pipes would keep the test file running after it failed.
  try {
    await until(`the server on ${base}`, answering, 30_000)
  } catch (err) {
    child.kill('SIGKILL')
    await exited
    throw new Error(`${(err as Error).message}; it wrote:\n${lines.join('\n')}`)
  }
  return {
    base,
    pid: child.pid!,
    child,
    lines,
    logs: () => lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

export interface Answer {
  status: number
  body: { status_code: number; code: number; msg: string; data: any }
  headers: Headers
}

/**
 * A browser: keeps its cookies whichever instance answers, copies _xsrf into every POST, and
 * comes from an address of its own (X-Forwarded-For), so per-IP limits see separate people.
 */
export class Browser {
  readonly cookies = new Map<string, string>()
  readonly ip = `10.${randomInt(0, 250)}.${randomInt(0, 250)}.${randomInt(1, 250)}`

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(
    on: Instance,
    method: 'GET' | 'POST',
    path: string,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    if (method === 'POST' && !this.cookies.has('_xsrf')) await this.request(on, 'GET', '/')
    const res = await fetch(on.base + path, {
      method,
      headers: {
        cookie: this.header(),
        'x-forwarded-for': this.ip,
        ...(method === 'POST' ? { 'content-type': 'application/json', 'x-xsrftoken': this.cookies.get('_xsrf')! } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const gone = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (gone) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return { status: res.status, body: (await res.json()) as Answer['body'], headers: res.headers }
  }

  get(on: Instance, path: string): Promise<Answer> {
    return this.request(on, 'GET', path)
  }

  post(on: Instance, path: string, body: object = {}, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request(on, 'POST', path, body, headers)
  }
}

/** The code the console SMS provider printed for this mobile, as a person would read it. */
export async function smsCode(on: Instance, mobile: string): Promise<string> {
  return until(`an SMS to ${mobile}`, () => {
    const line = on.lines.filter((l) => l.includes(`[sms] to ${mobile}:`)).at(-1)
    return line?.match(/验证码\D*(\d{6})/)?.[1]
  })
}

let mobileSeq = 0
export const newMobile = () =>
  `137${String(process.pid % 10000).padStart(4, '0')}${String(++mobileSeq).padStart(4, '0')}`

/** Signs a new customer up through the API of one instance; the browser is then signed in. */
export async function signUp(
  on: Instance,
  browser = new Browser(),
  pwd = 'secret123',
): Promise<{ browser: Browser; mobile: string; userId: number; pwd: string }> {
  const mobile = newMobile()
  const sent = await browser.post(on, '/api/user/send_verify_code', { mobile })
  if (sent.body.code !== 0) throw new Error(`send_verify_code answered ${JSON.stringify(sent.body)}`)
  const res = await browser.post(on, '/api/user/signup', { mobile, pwd, sms_verify: await smsCode(on, mobile) })
  if (res.body.code !== 0) throw new Error(`signup answered ${JSON.stringify(res.body)}`)
  return { browser, mobile, userId: res.body.data.user_id, pwd }
}

export async function addAddress(on: Instance, browser: Browser): Promise<number> {
  const res = await browser.post(on, '/api/order/add_address', {
    address_info: { name: '苏源', mobile: '13636672480', address: '江苏省扬州市', is_default: 1 },
  })
  if (res.body.code !== 0) throw new Error(`add_address answered ${JSON.stringify(res.body)}`)
  return res.body.data
}

/** A SKU of the test's own, written straight into the shared database: ¥1 000, first payment from ¥100. */
export async function makeSku(db: Db, stock: number): Promise<string> {
  const skuId = `p${randomBytes(4).toString('hex')}`
  const now = Math.floor(Date.now() / 1000)
  await db
    .insertInto('skus')
    .values({
      sku_id: skuId,
      name: `测试 ${skuId}`,
      real_price: 100_000,
      first_pay: '[10000]',
      postfee: 0,
      weight: 1,
      images: '[]',
      stock,
      on_sale: 1,
      create_time: now,
      update_time: now,
    })
    .execute()
  return skuId
}

export const commitBody = (addressId: number, skuId: string) => ({
  address_id: addressId,
  order_type: 'sku',
  sku_list: [{ sku_id: skuId, sku_count: 1, first_price: 10_000 }],
})
