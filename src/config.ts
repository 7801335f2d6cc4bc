import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { adminNameProblem, adminPasswordProblem } from './domain/admin-credentials.ts'

export interface Config {
  env: string
  host: string
  port: number
  logLevel: string
  trustProxy: boolean
  databaseUrl: string
  /** PostgreSQL connections this instance keeps at most */
  databasePoolSize: number
  dataDir: string
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
  publicBaseUrl: string
  paymentProvider: PaymentProviderName
  pingpp: PingppSettings
  orderExpireSeconds: number
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

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback
  if (/^(1|true|on|yes)$/i.test(value)) return true
  if (/^(0|false|off|no)$/i.test(value)) return false
  throw new Error(`expected a boolean, got ${JSON.stringify(value)}`)
}

function int(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined || value === '') return fallback
  if (!/^-?\d+$/.test(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(value)}`)
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < min)
    throw new Error(`${name} must be an integer of at least ${min}, got ${value}`)
  return n
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

/** CORS_ORIGINS: comma-separated origins such as https://www.example.com, each checked here rather than at the first request. */
function origins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      let origin: string
      try {
        origin = new URL(o).origin
      } catch {
        origin = 'null'
      }
      if (origin === 'null' || origin !== o.replace(/\/+$/, ''))
        throw new Error(`CORS_ORIGINS entries must be origins like https://www.example.com, got ${JSON.stringify(o)}`)
      return origin
    })
}

/** The sandbox lets anyone mark an order paid: production must choose it on purpose. */
function paymentProvider(value: string | undefined, nodeEnv: string): PaymentProviderName {
  if (!value && nodeEnv === 'production')
    throw new Error('PAYMENT_PROVIDER must be set when NODE_ENV=production (pingpp, or sandbox on purpose)')
  const name = value || 'sandbox'
  if (name !== 'sandbox' && name !== 'pingpp')
    throw new Error(`unknown PAYMENT_PROVIDER ${JSON.stringify(name)} (known: sandbox, pingpp)`)
  return name
}

function required(provider: string, settings: Record<string, string>): void {
  const missing = Object.entries(settings)
    .filter(([, v]) => !v)
    .map(([k]) => k)
  if (missing.length) throw new Error(`${provider} needs ${missing.join(', ')}`)
}

/** With the real provider every setting is required: a half-configured Ping++ would fail at the customer's first payment. */
function pingppSettings(env: Env, provider: PaymentProviderName): PingppSettings {
  const settings: PingppSettings = {
    apiKey: env.PINGPP_API_KEY ?? '',
    appId: env.PINGPP_APP_ID ?? '',
    privateKeyPath: env.PINGPP_PRIVATE_KEY_PATH ?? '',
    publicKeyPath: env.PINGPP_PUBLIC_KEY_PATH ?? '',
    apiBase: (env.PINGPP_API_BASE || 'https://api.pingxx.com').replace(/\/+$/, ''),
  }
  if (provider === 'pingpp')
    required('PAYMENT_PROVIDER=pingpp', {
      PINGPP_API_KEY: settings.apiKey,
      PINGPP_APP_ID: settings.appId,
      PINGPP_PRIVATE_KEY_PATH: settings.privateKeyPath,
      PINGPP_PUBLIC_KEY_PATH: settings.publicKeyPath,
    })
  return settings
}

function endpoint(name: string, value: string | undefined, fallback: string): string {
  const url = value || fallback
  if (!/^https?:\/\/[^/]+\/?$/.test(url))
    throw new Error(`${name} must be an http(s) origin like ${fallback}, got ${url}`)
  return url.replace(/\/+$/, '')
}

function smsProvider(value: string | undefined): SmsProviderName {
  const name = value || 'console'
  if (name !== 'console' && name !== 'aliyun' && name !== 'tencent')
    throw new Error(`unknown SMS_PROVIDER ${JSON.stringify(name)} (known: console, aliyun, tencent)`)
  return name
}

/** SMS_TEMPLATES: a JSON object, or @path of a file holding one. */
function smsTemplates(value: string | undefined): Record<string, unknown> {
  if (!value) return {}
  let text = value
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8')
    } catch (err) {
      throw new Error(`SMS_TEMPLATES: cannot read ${value.slice(1)}: ${(err as Error).message}`)
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('SMS_TEMPLATES must be a JSON object of template names to template codes, or @file')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('SMS_TEMPLATES must be a JSON object of template names to template codes, or @file')
  return parsed as Record<string, unknown>
}

/** The chosen provider's settings are all required: a half-configured one would fail at the first customer's code. */
function aliyunSettings(env: Env, provider: SmsProviderName): AliyunSettings {
  const settings = {
    accessKeyId: env.ALIYUN_ACCESS_KEY_ID ?? '',
    accessKeySecret: env.ALIYUN_ACCESS_KEY_SECRET ?? '',
    signName: env.ALIYUN_SMS_SIGN_NAME ?? '',
    endpoint: endpoint('ALIYUN_SMS_ENDPOINT', env.ALIYUN_SMS_ENDPOINT, 'https://dysmsapi.aliyuncs.com'),
  }
  if (provider === 'aliyun')
    required('SMS_PROVIDER=aliyun', {
      ALIYUN_ACCESS_KEY_ID: settings.accessKeyId,
      ALIYUN_ACCESS_KEY_SECRET: settings.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: settings.signName,
    })
  return settings
}

function tencentSettings(env: Env, provider: SmsProviderName): TencentSettings {
  const settings = {
    secretId: env.TENCENT_SECRET_ID ?? '',
    secretKey: env.TENCENT_SECRET_KEY ?? '',
    sdkAppId: env.TENCENT_SMS_SDK_APP_ID ?? '',
    signName: env.TENCENT_SMS_SIGN_NAME ?? '',
    region: env.TENCENT_SMS_REGION || 'ap-guangzhou',
    endpoint: endpoint('TENCENT_SMS_ENDPOINT', env.TENCENT_SMS_ENDPOINT, 'https://sms.tencentcloudapi.com'),
  }
  if (provider === 'tencent')
    required('SMS_PROVIDER=tencent', {
      TENCENT_SECRET_ID: settings.secretId,
      TENCENT_SECRET_KEY: settings.secretKey,
      TENCENT_SMS_SDK_APP_ID: settings.sdkAppId,
      TENCENT_SMS_SIGN_NAME: settings.signName,
    })
  return settings
}

/** Both or neither; checked here so a typo stops the start rather than leaving a shop nobody can run. */
function firstAdmin(env: Env): Config['firstAdmin'] {
  const name = env.SFM_ADMIN_NAME ?? ''
  const password = env.SFM_ADMIN_PASSWORD ?? ''
  if (!name && !password) return undefined
  if (!name || !password) throw new Error('SFM_ADMIN_NAME and SFM_ADMIN_PASSWORD go together: set both or neither')
  const nameProblem = adminNameProblem(name)
  if (nameProblem) throw new Error(`SFM_ADMIN_NAME ${nameProblem}`)
  const passwordProblem = adminPasswordProblem(password)
  if (passwordProblem) throw new Error(`SFM_ADMIN_PASSWORD ${passwordProblem}`)
  return { name, password }
}

/**
 * Where the development secret and the sandbox's key pair are kept unless DATA_DIR says: the
 * user's state folder (XDG), not the working copy, so no key lands beside the code by default.
 */
function defaultDataDir(env: Env): string {
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'sfm')
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development'
  const dataDir = env.DATA_DIR || defaultDataDir(env)
  let secret = env.SFM_SECRET ?? ''
  if (!secret) {
    if (nodeEnv === 'production') throw new Error('SFM_SECRET must be set when NODE_ENV=production')
    secret = developmentSecret(dataDir)
  }
  if (secret.length < 16) throw new Error('SFM_SECRET must be at least 16 characters')
  const provider = paymentProvider(env.PAYMENT_PROVIDER, nodeEnv)
  const sms = smsProvider(env.SMS_PROVIDER)
  const requestTimeoutMs = int('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 30_000, 1)
  const headersTimeoutMs = int('HEADERS_TIMEOUT_MS', env.HEADERS_TIMEOUT_MS, Math.min(10_000, requestTimeoutMs), 1)
  if (headersTimeoutMs > requestTimeoutMs)
    throw new Error(`HEADERS_TIMEOUT_MS (${headersTimeoutMs}) cannot exceed REQUEST_TIMEOUT_MS (${requestTimeoutMs})`)
  return {
    env: nodeEnv,
    host: env.HOST || '0.0.0.0',
    port: int('PORT', env.PORT, 13910),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: bool(env.TRUST_PROXY, false),
    // The embedded database stays in ./data unless DATA_DIR names a folder for everything.
    databaseUrl: env.DATABASE_URL || `sqlite:${join(env.DATA_DIR || './data', 'sfm.db')}`,
    databasePoolSize: int('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10, 1),
    dataDir,
    redisUrl: env.REDIS_URL || undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX || 'sfm:',
    secret,
    xsrf: bool(env.XSRF, true),
    corsOrigins: origins(env.CORS_ORIGINS),
    cookieDomain: env.COOKIE_DOMAIN || undefined,
    cookieSecure: bool(env.COOKIE_SECURE, false),
    smsProvider: sms,
    smsTemplates: smsTemplates(env.SMS_TEMPLATES),
    smsTimeoutMs: int('SMS_TIMEOUT_MS', env.SMS_TIMEOUT_MS, 5000, 1),
    aliyun: aliyunSettings(env, sms),
    tencent: tencentSettings(env, sms),
    mobilePattern: new RegExp(env.MOBILE_PATTERN || '^1\\d{10}$'),
    creditDefaultAmount: int('CREDIT_DEFAULT_AMOUNT', env.CREDIT_DEFAULT_AMOUNT, 0),
    publicBaseUrl: (env.PUBLIC_BASE_URL || `http://localhost:${int('PORT', env.PORT, 13910)}`).replace(/\/+$/, ''),
    paymentProvider: provider,
    pingpp: pingppSettings(env, provider),
    orderExpireSeconds: int('ORDER_EXPIRE_SECONDS', env.ORDER_EXPIRE_SECONDS, 1800, 1),
    orderShipBase: int('ORDER_SHIP_BASE', env.ORDER_SHIP_BASE, 0),
    workerIntervalMs: int('WORKER_INTERVAL_MS', env.WORKER_INTERVAL_MS, 5000),
    metrics: bool(env.METRICS, false),
    metricsPort: env.METRICS_PORT ? int('METRICS_PORT', env.METRICS_PORT, 0) : undefined,
    firstAdmin: firstAdmin(env),
    requestTimeoutMs,
    headersTimeoutMs,
    // Longer than a load balancer's idle timeout (60 s on the common ones), so it never reuses a connection this server is closing.
    keepAliveTimeoutMs: int('KEEP_ALIVE_TIMEOUT_MS', env.KEEP_ALIVE_TIMEOUT_MS, 72_000, 1),
  }
}
