import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { FormatRegistry, type TSchema, Type } from '@sinclair/typebox'
import { isTimeZone } from './time.ts'
import { Value } from '@sinclair/typebox/value'
import { adminNameProblem, adminPasswordProblem } from './domain/admin-credentials.ts'
import { MAX_CREDIT_LIMIT_FEN, MAX_PRICE_FEN } from './domain/money.ts'
import { type CreditTerms, DEFAULT_CREDIT_TERMS } from './domain/credit.ts'

export type NodeEnv = 'development' | 'production' | 'test'

export interface Config {
  env: NodeEnv
  host: string
  port: number
  logLevel: LogLevel
  trustProxy: boolean
  databaseUrl: string
  /** PostgreSQL connections this instance keeps at most */
  databasePoolSize: number
  dataDir: string
  /** the embedded database of development (DATABASE_URL unset): an empty catalog gets the demo SKUs at start */
  demoCatalog: boolean
  redisUrl: string | undefined
  /** prepended to every Redis key, so environments sharing one Redis keep apart */
  redisKeyPrefix: string
  secret: string
  xsrf: boolean
  corsOrigins: string[]
  cookieDomain: string | undefined
  cookieSecure: boolean
  smsProvider: SmsProviderName
  /** SMS_TEMPLATES: template name → the provider's template code (checked against the templates at start) */
  smsTemplates: Record<string, unknown>
  /** a provider call counts as failed after this */
  smsTimeoutMs: number
  aliyun: AliyunSettings
  tencent: TencentSettings
  mobilePattern: RegExp
  creditDefaultAmount: number
  /** CREDIT_TERM_DAYS, CREDIT_REMIND_DAYS, CREDIT_GRACE_DAYS, CREDIT_PENALTY_BPS, CREDIT_PENALTY_CAP_PCT */
  credit: CreditTerms
  publicBaseUrl: string
  /** hosts of the shop's own image storage: identity images there are shown inline to reviewers */
  idImageHosts: string[]
  paymentProvider: PaymentProviderName
  pingpp: PingppSettings
  orderExpireSeconds: number
  /** the shop's days and the times of its exports: an IANA zone */
  shopTimeZone: string
  /** a shipped order the customer has not confirmed is complete this many days after shipping */
  orderAutoConfirmDays: number
  /** a complete order may ask for a return within this many days of completion */
  afterSaleDays: number
  /** fen added to every order's shipping, before each line's postage */
  orderShipBase: number
  /** how often the in-process worker runs; 0 leaves it to `npm run worker` */
  workerIntervalMs: number
  /** serve /metrics on the API's port (METRICS=on) */
  metrics: boolean
  /** serve /metrics on a port of its own, apart from the API (METRICS_PORT) */
  metricsPort: number | undefined
  /** SFM_ADMIN_NAME / SFM_ADMIN_PASSWORD: the admin made at start when the shop has none */
  firstAdmin: { name: string; password: string } | undefined
  /** a request (headers and body) must arrive within this, or it is answered 408 and closed */
  requestTimeoutMs: number
  /** its headers within this */
  headersTimeoutMs: number
  /** an idle keep-alive connection is closed after this */
  keepAliveTimeoutMs: number
}

export type PaymentProviderName = 'sandbox' | 'pingpp'
export type LogLevel = (typeof LOG_LEVELS)[number]
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export type SmsProviderName = 'console' | 'aliyun' | 'tencent'

/** Aliyun SMS account settings; empty unless SMS_PROVIDER=aliyun. */
export interface AliyunSettings {
  accessKeyId: string
  accessKeySecret: string
  signName: string
  endpoint: string
}

/** Tencent Cloud SMS account settings; empty unless SMS_PROVIDER=tencent. */
export interface TencentSettings {
  secretId: string
  secretKey: string
  sdkAppId: string
  signName: string
  region: string
  endpoint: string
}

/** Ping++ account settings; all empty with the sandbox provider. */
export interface PingppSettings {
  /** secret key (sk_live_… / sk_test_…) */
  apiKey: string
  appId: string
  /** the merchant's RSA private key (PEM) that signs API requests */
  privateKeyPath: string
  /** Ping++'s RSA public key (PEM) that verifies webhooks */
  publicKeyPath: string
  apiBase: string
}

type Env = Record<string, string | undefined>

/** Every setting that is wrong, one `VARIABLE: reason` line each, so a start names them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'ConfigError'
  }
}

const SWITCH = /^(1|true|on|yes|0|false|off|no)$/i
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

function compiles(pattern: string): string | undefined {
  try {
    new RegExp(pattern)
    return undefined
  } catch (err) {
    return (err as Error).message
  }
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/** An origin exactly (scheme, host, port), as a browser sends it in Origin. */
const isOrigin = (o: string) => httpUrl(o)?.origin === o.replace(/\/+$/, '')
const list = (value: string) =>
  value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)

FormatRegistry.Set('sfm-switch', (v) => SWITCH.test(v))
FormatRegistry.Set('sfm-regex', (v) => compiles(v) === undefined)
FormatRegistry.Set('sfm-http-url', (v) => httpUrl(v) !== undefined)
FormatRegistry.Set('sfm-http-origin', (v) => isOrigin(v))
FormatRegistry.Set('sfm-origins', (v) => list(v).every(isOrigin))
FormatRegistry.Set('sfm-hosts', (v) => list(v).every((h) => HOSTNAME.test(h)))
FormatRegistry.Set('sfm-admin-name', (v) => adminNameProblem(v) === undefined)
FormatRegistry.Set('sfm-admin-password', (v) => adminPasswordProblem(v) === undefined)
FormatRegistry.Set('sfm-timezone', (v) => isTimeZone(v))
FormatRegistry.Set('sfm-database-url', (v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v))

/** A setting's shape, with the reason shown when a value does not have it. */
const setting = (reason: string, options: object) => Type.Optional(Type.String({ ...options, reason }))
const integer = (min: number) =>
  setting(`must be a whole number of at least ${min}`, { pattern: min > 0 ? '^0*[1-9]\\d{0,14}$' : '^\\d{1,15}$' })
const onOff = setting('must be on or off (also true/false, yes/no, 1/0)', { format: 'sfm-switch' })
const oneOf = (...names: string[]) =>
  setting(`must be one of ${names.join(', ')}`, { pattern: `^(${names.join('|')})$` })

/** Every setting sfm reads (README "Settings"); empty counts as unset. */
const EnvSchema = Type.Object({
  NODE_ENV: oneOf('development', 'production', 'test'),
  PORT: setting('must be a port number (0–65535)', { pattern: '^\\d{1,5}$' }),
  HOST: setting('must be an address to listen on, such as 127.0.0.1 or 0.0.0.0', { pattern: '^[0-9A-Za-z.:%_-]+$' }),
  LOG_LEVEL: oneOf(...LOG_LEVELS),
  TRUST_PROXY: onOff,
  DATABASE_URL: setting('must be sqlite:<file> or postgres://user@host:port/database', { format: 'sfm-database-url' }),
  DATABASE_POOL_SIZE: integer(1),
  DATA_DIR: setting('must be a folder', { minLength: 1 }),
  REDIS_URL: setting('must be redis://host:port (or rediss://)', { pattern: '^rediss?://.+' }),
  REDIS_KEY_PREFIX: setting('must be at most 64 characters', { maxLength: 64 }),
  SFM_SECRET: setting('must be at least 16 characters (e.g. openssl rand -base64 32)', { minLength: 16 }),
  XSRF: onOff,
  CORS_ORIGINS: setting('must be comma-separated origins such as https://www.example.com (no path)', {
    format: 'sfm-origins',
  }),
  COOKIE_DOMAIN: setting('must be a domain such as .example.com', { pattern: '^\\.?[0-9A-Za-z.-]+$' }),
  COOKIE_SECURE: onOff,
  SMS_PROVIDER: oneOf('console', 'aliyun', 'tencent'),
  SMS_TEMPLATES: setting('must be a JSON object of template names to template codes, or @file', { minLength: 1 }),
  SMS_TIMEOUT_MS: integer(1),
  ALIYUN_ACCESS_KEY_ID: setting('must be an AccessKey id', { minLength: 1 }),
  ALIYUN_ACCESS_KEY_SECRET: setting('must be an AccessKey secret', { minLength: 1 }),
  ALIYUN_SMS_SIGN_NAME: setting('must be the approved signature', { minLength: 1 }),
  ALIYUN_SMS_ENDPOINT: setting('must be an http(s) origin such as https://dysmsapi.aliyuncs.com', {
    format: 'sfm-http-origin',
  }),
  TENCENT_SECRET_ID: setting('must be a SecretId', { minLength: 1 }),
  TENCENT_SECRET_KEY: setting('must be a SecretKey', { minLength: 1 }),
  TENCENT_SMS_SDK_APP_ID: setting('must be the SMS SdkAppId', { minLength: 1 }),
  TENCENT_SMS_SIGN_NAME: setting('must be the approved signature', { minLength: 1 }),
  TENCENT_SMS_REGION: setting('must be a region such as ap-guangzhou', { pattern: '^[a-z]+-[a-z]+(-\\d+)?$' }),
  TENCENT_SMS_ENDPOINT: setting('must be an http(s) origin such as https://sms.tencentcloudapi.com', {
    format: 'sfm-http-origin',
  }),
  MOBILE_PATTERN: setting('must be a regular expression', { format: 'sfm-regex' }),
  CREDIT_DEFAULT_AMOUNT: integer(0),
  CREDIT_TERM_DAYS: integer(1),
  CREDIT_REMIND_DAYS: integer(0),
  CREDIT_GRACE_DAYS: integer(0),
  CREDIT_PENALTY_BPS: integer(0),
  CREDIT_PENALTY_CAP_PCT: integer(0),
  PUBLIC_BASE_URL: setting('must be an http(s) URL such as https://shop.example.com', { format: 'sfm-http-url' }),
  ID_IMAGE_HOSTS: setting('must be comma-separated host names such as img.example.com', { format: 'sfm-hosts' }),
  ORDER_EXPIRE_SECONDS: integer(1),
  SHOP_TIMEZONE: setting('must be an IANA time zone such as Asia/Shanghai', { format: 'sfm-timezone' }),
  ORDER_AUTO_CONFIRM_DAYS: integer(1),
  AFTER_SALE_DAYS: integer(0),
  ORDER_SHIP_BASE: integer(0),
  WORKER_INTERVAL_MS: integer(0),
  PAYMENT_PROVIDER: oneOf('sandbox', 'pingpp'),
  PINGPP_API_KEY: setting('must be a Ping++ secret key (sk_live_… or sk_test_…)', { pattern: '^sk_' }),
  PINGPP_APP_ID: setting('must be a Ping++ app id', { minLength: 1 }),
  PINGPP_PRIVATE_KEY_PATH: setting('must be a file', { minLength: 1 }),
  PINGPP_PUBLIC_KEY_PATH: setting('must be a file', { minLength: 1 }),
  PINGPP_API_BASE: setting('must be an http(s) URL', { format: 'sfm-http-url' }),
  SFM_ADMIN_NAME: setting(adminNameProblem('') ?? '', { format: 'sfm-admin-name' }),
  SFM_ADMIN_PASSWORD: setting(adminPasswordProblem('') ?? '', { format: 'sfm-admin-password' }),
  METRICS: onOff,
  METRICS_PORT: setting('must be a port number (0–65535)', { pattern: '^\\d{1,5}$' }),
  REQUEST_TIMEOUT_MS: integer(1),
  HEADERS_TIMEOUT_MS: integer(1),
  KEEP_ALIVE_TIMEOUT_MS: integer(1),
})
type Settings = { [K in keyof typeof EnvSchema.properties]?: string }

/** Settings whose values are never echoed, not even wrong ones. */
const SECRETS = new Set([
  'SFM_SECRET',
  'SFM_ADMIN_PASSWORD',
  'PINGPP_API_KEY',
  'ALIYUN_ACCESS_KEY_SECRET',
  'TENCENT_SECRET_KEY',
])

/** The settings as given, empty ones dropped, and a line for each that does not have its shape. */
function readSettings(env: Env): { s: Settings; problems: string[] } {
  const s: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') s[key] = value
  }
  const problems: string[] = []
  for (const e of Value.Errors(EnvSchema, s)) {
    const key = e.path.slice(1)
    let reason = (e.schema as TSchema & { reason?: string }).reason ?? e.message
    if (key === 'MOBILE_PATTERN') reason = `${reason}: ${compiles(s[key] ?? '')}`
    // Secrets are never echoed, not even wrong ones.
    if (SECRETS.has(key)) problems.push(`${key}: ${reason}`)
    else problems.push(`${key}: ${reason} (got ${JSON.stringify(s[key])})`)
  }
  return { s, problems }
}

const on = (value: string | undefined, fallback: boolean) =>
  value === undefined ? fallback : /^(1|true|on|yes)$/i.test(value)
const num = (value: string | undefined, fallback: number) => (value === undefined ? fallback : Number(value))

/** Rules between settings, and those of production: each broken one is a line. */
function crossChecks(s: Settings, nodeEnv: NodeEnv): string[] {
  const problems: string[] = []
  const production = nodeEnv === 'production'
  if (production && !s.SFM_SECRET)
    problems.push('SFM_SECRET: must be set when NODE_ENV=production (e.g. openssl rand -base64 32)')
  // The sandbox lets anyone mark an order paid: production must choose it on purpose.
  if (production && !s.PAYMENT_PROVIDER)
    problems.push('PAYMENT_PROVIDER: must be set when NODE_ENV=production (pingpp, or sandbox on purpose)')
  if (production && s.XSRF && !on(s.XSRF, true))
    problems.push('XSRF: off is refused when NODE_ENV=production (every form post would be open to cross-site forgery)')
  // A half-configured Ping++ would fail at the customer's first payment.
  if (s.PAYMENT_PROVIDER === 'pingpp') {
    for (const key of [
      'PINGPP_API_KEY',
      'PINGPP_APP_ID',
      'PINGPP_PRIVATE_KEY_PATH',
      'PINGPP_PUBLIC_KEY_PATH',
    ] as const) {
      if (!s[key]) problems.push(`${key}: must be set with PAYMENT_PROVIDER=pingpp`)
    }
  }
  // The chosen SMS provider's settings are all required: half of them would fail at the first customer's code.
  const smsRequired = {
    aliyun: ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME'],
    tencent: ['TENCENT_SECRET_ID', 'TENCENT_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME'],
  } as const
  if (s.SMS_PROVIDER === 'aliyun' || s.SMS_PROVIDER === 'tencent') {
    for (const key of smsRequired[s.SMS_PROVIDER]) {
      if (!s[key]) problems.push(`${key}: must be set with SMS_PROVIDER=${s.SMS_PROVIDER}`)
    }
  }
  if (s.SMS_TEMPLATES !== undefined) {
    const read = readSmsTemplates(s.SMS_TEMPLATES)
    if ('problem' in read) problems.push(`SMS_TEMPLATES: ${read.problem}`)
  }
  // Both or neither: a typo must stop the start rather than leave a shop nobody can run.
  if (!s.SFM_ADMIN_NAME !== !s.SFM_ADMIN_PASSWORD) {
    const missing = s.SFM_ADMIN_NAME ? 'SFM_ADMIN_PASSWORD' : 'SFM_ADMIN_NAME'
    problems.push(`${missing}: must be set too: SFM_ADMIN_NAME and SFM_ADMIN_PASSWORD go together`)
  }
  const request = num(s.REQUEST_TIMEOUT_MS, 30_000)
  if (s.HEADERS_TIMEOUT_MS && num(s.HEADERS_TIMEOUT_MS, 0) > request)
    problems.push(`HEADERS_TIMEOUT_MS: cannot exceed REQUEST_TIMEOUT_MS (${s.HEADERS_TIMEOUT_MS} > ${request})`)
  if (s.PORT && num(s.PORT, 0) > 65535)
    problems.push(`PORT: must be a port number (0–65535) (got ${JSON.stringify(s.PORT)})`)
  // Bounded as the prices and card limits they stand for, so every order's totals stay exact.
  // Ten years: beyond it a count of days times 86 400 s is no deadline anyone means.
  for (const key of ['ORDER_AUTO_CONFIRM_DAYS', 'AFTER_SALE_DAYS'] as const)
    if (s[key] && num(s[key], 0) > 3650) problems.push(`${key}: must be at most 3650 (got ${JSON.stringify(s[key])})`)
  if (s.ORDER_SHIP_BASE && num(s.ORDER_SHIP_BASE, 0) > MAX_PRICE_FEN)
    problems.push(`ORDER_SHIP_BASE: must be at most ${MAX_PRICE_FEN} (got ${JSON.stringify(s.ORDER_SHIP_BASE)})`)
  if (s.CREDIT_DEFAULT_AMOUNT && num(s.CREDIT_DEFAULT_AMOUNT, 0) > MAX_CREDIT_LIMIT_FEN) {
    const got = JSON.stringify(s.CREDIT_DEFAULT_AMOUNT)
    problems.push(`CREDIT_DEFAULT_AMOUNT: must be at most ${MAX_CREDIT_LIMIT_FEN} (got ${got})`)
  }
  if (s.METRICS_PORT && num(s.METRICS_PORT, 0) > 65535) {
    problems.push(`METRICS_PORT: must be a port number (0–65535) (got ${JSON.stringify(s.METRICS_PORT)})`)
  }
  return problems
}

/** In development the cookie key is generated once and kept beside the data, so restarts keep sessions. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

/** SMS_TEMPLATES: a JSON object of template names to codes, or @path of a file holding one; else why not. */
function readSmsTemplates(value: string): { templates: Record<string, unknown> } | { problem: string } {
  let text = value
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8')
    } catch (err) {
      return { problem: `cannot read ${value.slice(1)}: ${(err as Error).message}` }
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { problem: 'must be a JSON object of template names to template codes, or @file' }
  return { templates: Object.fromEntries(Object.entries(parsed)) }
}
/**
 * Where the development secret and the sandbox's key pair are kept unless DATA_DIR says: the
 * user's state folder (XDG), not the working copy, so no key lands beside the code by default.
 */
function defaultDataDir(env: Env): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'sfm')
}

const templatesOf = (value: string) => {
  const read = readSmsTemplates(value)
  return 'templates' in read ? read.templates : {}
}

/** Reads every setting; throws a ConfigError naming each bad one. */
export function loadConfig(env: Env = process.env): Config {
  const { s, problems } = readSettings(env)
  const nodeEnv = (s.NODE_ENV ?? 'development') as NodeEnv
  problems.push(...crossChecks(s, nodeEnv))
  if (problems.length) throw new ConfigError(problems)

  const dataDir = s.DATA_DIR || defaultDataDir(env)
  const port = num(s.PORT, 13910)
  const requestTimeoutMs = num(s.REQUEST_TIMEOUT_MS, 30_000)
  const provider = (s.PAYMENT_PROVIDER ?? 'sandbox') as PaymentProviderName
  const sms = (s.SMS_PROVIDER ?? 'console') as SmsProviderName
  return {
    env: nodeEnv,
    // Development serves the sandbox, where anyone can mark an order paid: only this machine reaches it unless HOST
    // says.
    host: s.HOST ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    port,
    logLevel: (s.LOG_LEVEL ?? 'info') as LogLevel,
    trustProxy: on(s.TRUST_PROXY, false),
    // The embedded database stays in ./data unless DATA_DIR names a folder for everything.
    databaseUrl: s.DATABASE_URL ?? `sqlite:${join(s.DATA_DIR ?? './data', 'sfm.db')}`,
    databasePoolSize: num(s.DATABASE_POOL_SIZE, 10),
    dataDir,
    demoCatalog: nodeEnv === 'development' && s.DATABASE_URL === undefined,
    redisUrl: s.REDIS_URL,
    redisKeyPrefix: s.REDIS_KEY_PREFIX ?? 'sfm:',
    secret: s.SFM_SECRET ?? developmentSecret(dataDir),
    xsrf: on(s.XSRF, true),
    corsOrigins: list(s.CORS_ORIGINS ?? '').map((o) => new URL(o).origin),
    cookieDomain: s.COOKIE_DOMAIN,
    cookieSecure: on(s.COOKIE_SECURE, false),
    smsProvider: sms,
    smsTemplates: s.SMS_TEMPLATES === undefined ? {} : templatesOf(s.SMS_TEMPLATES),
    smsTimeoutMs: num(s.SMS_TIMEOUT_MS, 5000),
    aliyun: {
      accessKeyId: s.ALIYUN_ACCESS_KEY_ID ?? '',
      accessKeySecret: s.ALIYUN_ACCESS_KEY_SECRET ?? '',
      signName: s.ALIYUN_SMS_SIGN_NAME ?? '',
      endpoint: (s.ALIYUN_SMS_ENDPOINT ?? 'https://dysmsapi.aliyuncs.com').replace(/\/+$/, ''),
    },
    tencent: {
      secretId: s.TENCENT_SECRET_ID ?? '',
      secretKey: s.TENCENT_SECRET_KEY ?? '',
      sdkAppId: s.TENCENT_SMS_SDK_APP_ID ?? '',
      signName: s.TENCENT_SMS_SIGN_NAME ?? '',
      region: s.TENCENT_SMS_REGION ?? 'ap-guangzhou',
      endpoint: (s.TENCENT_SMS_ENDPOINT ?? 'https://sms.tencentcloudapi.com').replace(/\/+$/, ''),
    },
    // 13x–19x: the prefixes China's carriers issue; 10x–12x are no one's mobile.
    mobilePattern: new RegExp(s.MOBILE_PATTERN ?? '^1[3-9]\\d{9}$'),
    creditDefaultAmount: num(s.CREDIT_DEFAULT_AMOUNT, 0),
    credit: {
      termDays: num(s.CREDIT_TERM_DAYS, DEFAULT_CREDIT_TERMS.termDays),
      remindDays: num(s.CREDIT_REMIND_DAYS, DEFAULT_CREDIT_TERMS.remindDays),
      graceDays: num(s.CREDIT_GRACE_DAYS, DEFAULT_CREDIT_TERMS.graceDays),
      penaltyBps: num(s.CREDIT_PENALTY_BPS, DEFAULT_CREDIT_TERMS.penaltyBps),
      penaltyCapPct: num(s.CREDIT_PENALTY_CAP_PCT, DEFAULT_CREDIT_TERMS.penaltyCapPct),
    },
    publicBaseUrl: (s.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    idImageHosts: list(s.ID_IMAGE_HOSTS ?? '').map((h) => h.toLowerCase()),
    paymentProvider: provider,
    pingpp: {
      apiKey: s.PINGPP_API_KEY ?? '',
      appId: s.PINGPP_APP_ID ?? '',
      privateKeyPath: s.PINGPP_PRIVATE_KEY_PATH ?? '',
      publicKeyPath: s.PINGPP_PUBLIC_KEY_PATH ?? '',
      apiBase: (s.PINGPP_API_BASE ?? 'https://api.pingxx.com').replace(/\/+$/, ''),
    },
    orderExpireSeconds: num(s.ORDER_EXPIRE_SECONDS, 1800),
    shopTimeZone: s.SHOP_TIMEZONE ?? 'Asia/Shanghai',
    orderAutoConfirmDays: num(s.ORDER_AUTO_CONFIRM_DAYS, 10),
    afterSaleDays: num(s.AFTER_SALE_DAYS, 7),
    orderShipBase: num(s.ORDER_SHIP_BASE, 0),
    workerIntervalMs: num(s.WORKER_INTERVAL_MS, 5000),
    metrics: on(s.METRICS, false),
    metricsPort: s.METRICS_PORT === undefined ? undefined : num(s.METRICS_PORT, 0),
    firstAdmin:
      s.SFM_ADMIN_NAME && s.SFM_ADMIN_PASSWORD ? { name: s.SFM_ADMIN_NAME, password: s.SFM_ADMIN_PASSWORD } : undefined,
    requestTimeoutMs,
    headersTimeoutMs: num(s.HEADERS_TIMEOUT_MS, Math.min(10_000, requestTimeoutMs)),
    // Longer than a load balancer's idle timeout (60 s on the common ones), so it never reuses a connection this server
    // is closing.
    keepAliveTimeoutMs: num(s.KEEP_ALIVE_TIMEOUT_MS, 72_000),
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0'])

/** What production allows but should not run with: one line each, logged at start. */
export function productionWarnings(config: Config): string[] {
  if (config.env !== 'production') return []
  const warnings: string[] = []
  if (config.databaseUrl.startsWith('sqlite:')) {
    warnings.push(
      'DATABASE_URL: SQLite in production keeps the shop on this one machine and allows one instance; use postgres://',
    )
  }
  if (!config.cookieSecure)
    warnings.push(
      'COOKIE_SECURE: off in production: session cookies also travel over plain HTTP; turn it on behind HTTPS',
    )
  const host = new URL(config.publicBaseUrl).hostname
  if (LOCAL_HOSTS.has(host) || host.endsWith('.localhost')) {
    warnings.push(
      `PUBLIC_BASE_URL: ${config.publicBaseUrl} in production: pay links would send customers to their own machine`,
    )
  }
  return warnings
}
