import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Redis } from 'ioredis'
import pg from 'pg'
import { buildApp, type AppOptions } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import type { Db } from '../src/db/dialect.ts'
import type { Result } from '../src/domain/result.ts'
import { MemoryRateLimitStore } from '../src/ratelimit/index.ts'
import { renderText, type SendResult, type SmsMessage, type SmsProvider } from '../src/providers/sms/index.ts'
import { AnswerChecker } from './answers.ts'

/** Which database this run of the suite uses: scripts/test.mjs runs it once per database. */
export const TEST_DB = process.env.SFM_TEST_DB === 'postgres' ? 'postgres' : 'sqlite'

/** A message as the recording provider kept it: what was asked, and the text a person would read. */
export type RecordedSms = SmsMessage & { text: string }

/** Keeps every message so tests can read the codes a person would read on their phone. */
export class RecordingSms implements SmsProvider {
  readonly name = 'recording'
  readonly messages: RecordedSms[] = []
  /** what every send answers while set, instead of sending */
  failWith: Exclude<SendResult, { ok: true }> | null = null

  async send(message: SmsMessage): Promise<SendResult> {
    if (this.failWith) return this.failWith
    this.messages.push({ ...message, text: renderText(message) })
    return { ok: true, ref: `rec${this.messages.length}` }
  }

  lastCode(mobile: string): string {
    const msg = this.messages.filter((m) => m.mobile === mobile).at(-1)
    const code = msg?.text.match(/验证码\D*(\d{6})/)?.[1]
    if (!code) throw new Error(`no code was sent to ${mobile}`)
    return code
  }
}

/** A fresh database for one test file: a temporary SQLite file, or a PostgreSQL database of its own. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (TEST_DB === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sfm-test-'))
    return { url: `sqlite:${join(dir, 'sfm.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) }
  }
  const base = process.env.TEST_DATABASE_URL
  if (!base) throw new Error('SFM_TEST_DB=postgres needs TEST_DATABASE_URL')
  const name = `sfm_t_${randomBytes(6).toString('hex')}`
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: base })
    await c.connect()
    try {
      await c.query(statement)
    } finally {
      await c.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(base)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}

export interface TestApp {
  app: FastifyInstance
  db: Db
  config: Config
  sms: RecordingSms
  client(ip?: string): Client
  /** Starts every rate-limit window afresh, as if an hour had passed. */
  forgetRateLimits(): Promise<void>
  close(): Promise<void>
}

export async function testApp(env: Record<string, string> = {}, opts: Partial<AppOptions> = {}): Promise<TestApp> {
  const database = await freshDatabase()
  // A data folder of its own (the sandbox's keys live there), never the working copy's ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'sfm-data-'))
  const config = loadConfig({
    SFM_SECRET: 'test-secret-0123456789abcdef',
    DATABASE_URL: database.url,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...env,
  })
  const sms = new RecordingSms()
  const answers = new AnswerChecker()
  // The demo catalog, as development starts with; tests of what a shop starts with say demoCatalog: false.
  // Told SMS_PROVIDER, the app sends through it (a fake provider's server); else the recorder gets every message.
  const recorder = env.SMS_PROVIDER ? {} : { sms }
  const app = await buildApp({ config, ...recorder, onAnswer: answers.onAnswer, demoCatalog: true, ...opts }).catch(
    async (err) => {
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
      throw err
    },
  )
  let ipSeq = 0
  return {
    app,
    db: app.deps.db,
    config,
    sms,
    // Each client gets its own address unless told, so per-IP limits do not couple unrelated tests.
    client: (ip = `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`) => new Client(app, ip),
    forgetRateLimits: async () => {
      await app.deps.limiter.close()
      app.deps.limiter = new MemoryRateLimitStore()
    },
    close: async () => {
      await app.close()
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
      // Every answer of the file was checked against its route's schema: one that drifted fails the file.
      assert.deepEqual(answers.violations, [], 'answers that do not fit their response schema')
    },
  }
}

type Params = Record<string, unknown>

/** A browser-like client: keeps cookies, and copies _xsrf into every POST as the seed's page does. */
export class Client {
  readonly cookies = new Map<string, string>()

  constructor(
    private readonly app: FastifyInstance,
    readonly ip: string,
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ')
  }

  private keep(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now()) || c.value === ''
      if (gone) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
  }

  /** Ensures the client holds an _xsrf cookie, as any first page view would. */
  async xsrf(): Promise<string> {
    if (!this.cookies.has('_xsrf'))
      this.keep(await this.app.inject({ method: 'GET', url: '/', remoteAddress: this.ip }))
    return this.cookies.get('_xsrf')!
  }

  /** Any method, with the client's cookies; the answer as it came (HEAD has no body, pages are not JSON). */
  async send(
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS',
    url: string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
      remoteAddress: this.ip,
    })
    this.keep(res)
    return res
  }

  async get(url: string, query: Params = {}): Promise<Reply> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      query: query as Record<string, string>,
      headers: { cookie: this.cookieHeader() },
      remoteAddress: this.ip,
    })
    this.keep(res)
    return new Reply(res)
  }

  /** POSTs JSON with the _xsrf header. */
  async post(url: string, body: Params = {}, headers: Record<string, string> = {}): Promise<Reply> {
    const token = await this.xsrf()
    return this.raw(url, JSON.stringify(body), { 'content-type': 'application/json', 'x-xsrftoken': token, ...headers })
  }

  /** POSTs a jQuery-style form (`jQuery.param`), with _xsrf as a field, as jQuery.postJSON does. */
  async postForm(url: string, form: string): Promise<Reply> {
    const token = await this.xsrf()
    return this.raw(url, `${form}${form ? '&' : ''}_xsrf=${token}`, {
      'content-type': 'application/x-www-form-urlencoded',
    })
  }

  async raw(
    url: string,
    payload: string | Buffer,
    headers: Record<string, string>,
    method: 'POST' | 'GET' = 'POST',
  ): Promise<Reply> {
    const res = await this.app.inject({
      method,
      url,
      payload,
      headers: { cookie: this.cookieHeader(), ...headers },
      remoteAddress: this.ip,
    })
    this.keep(res)
    return new Reply(res)
  }
}

export class Reply {
  readonly status: number
  readonly body: { status_code: number; code: number; msg: string; data: any }

  constructor(readonly res: LightMyRequestResponse) {
    this.status = res.statusCode
    this.body = res.json()
  }

  get code(): number {
    return this.body.code
  }

  get data(): any {
    return this.body.data
  }
}

let mobileSeq = 0
/** A mobile number unique within the test process. */
export const newMobile = () =>
  `139${String(process.pid % 10000).padStart(4, '0')}${String(++mobileSeq).padStart(4, '0')}`

/** Signs a new customer up through the API, as a person would; the client is then signed in. */
export async function signUp(
  t: TestApp,
  client: Client = t.client(),
  pwd = 'secret123',
): Promise<{ client: Client; mobile: string; pwd: string; userId: number }> {
  const mobile = newMobile()
  const sent = await client.post('/api/user/send_verify_code', { mobile })
  if (sent.code !== 0) throw new Error(`send_verify_code answered ${JSON.stringify(sent.body)}`)
  const res = await client.post('/api/user/signup', { mobile, pwd, sms_verify: t.sms.lastCode(mobile) })
  if (res.code !== 0) throw new Error(`signup answered ${JSON.stringify(res.body)}`)
  return { client, mobile, pwd, userId: res.data.user_id }
}

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
  /** milliseconds from connecting until the server closed the connection */
  closedAfterMs: number
}

/**
 * Talks HTTP on a real socket, for what `inject` cannot send or see (bytes Node's parser refuses,
 * timeouts): writes each chunk after its delay, then reads until the server closes.
 */
export function rawHttp(
  port: number,
  chunks: (string | { after: number; data: string })[],
  giveUpMs = 10_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms`))
    }, giveUpMs)
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (typeof chunk !== 'string') await new Promise((r) => setTimeout(r, chunk.after))
        if (socket.destroyed || !socket.writable) return
        socket.write(typeof chunk === 'string' ? chunk : chunk.data)
      }
    })
    socket.on('data', (d: Buffer) => received.push(d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      const text = Buffer.concat(received).toString('utf8')
      const [head = '', ...rest] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      )
      resolve({
        status: Number(statusLine.split(' ')[1] ?? 0),
        headers,
        body: rest.join('\r\n\r\n'),
        closedAfterMs: Date.now() - started,
      })
    })
  })
}

/** A module's success value; fails the test with the refusal's code and message otherwise. */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused with ${result.code} ${result.msg}`)
  return result.value
}

/** Deletes a test's Redis keys (those under its prefix), so a run leaves none behind. */
export async function forgetRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url)
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys)
    }
  } finally {
    await redis.quit()
  }
}
