import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type SQLite from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  type Compilable,
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type CreateTableBuilder,
  type DatabaseConnection,
  type Driver,
  type KyselyConfig,
  type SqliteDialectConfig,
  type Transaction,
  type TransactionBuilder,
} from 'kysely'
import type { SqliteDatabase } from 'kysely'
import type pg from 'pg'
import type { Database } from './types.ts'

export type DialectName = 'sqlite' | 'postgres'
export type Db = Kysely<Database>
/** A handle that may be the database or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>

export interface DatabaseHandle {
  db: Db
  dialect: DialectName
  close(): Promise<void>
  /** PostgreSQL's connection pool as it stands (for /metrics); SQLite has one connection and none */
  poolStats?: () => PoolStats
}

export interface PoolStats {
  /** connections open, busy or idle */
  open: number
  idle: number
  /** queries waiting for a connection */
  waiting: number
  max: number
}

const INT8_OID = 20

/**
 * Each database's driver is loaded only when a URL asks for it: an instance on one database does
 * not hold the other's code (node-postgres is 3 MB of the process).
 */
const load = createRequire(import.meta.url)
const postgresDriver = () => load('pg') as typeof pg
const sqliteDriver = () => load('better-sqlite3') as typeof SQLite

/**
 * Transactions take SQLite's write lock when they begin. With a plain (deferred) BEGIN, two
 * processes on one file (the server and `npm run worker`) can both read and then fail with
 * SQLITE_BUSY when they upgrade to write; an immediate one waits its turn (busy_timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // better-sqlite3 answers at once, so a loop of transactions (the worker's 100 expiries) would
    // never let the event loop read a socket; each transaction first lets pending I/O in.
    await new Promise(setImmediate)
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings)
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings)
  }
}

/** Statements kept compiled; texts with IN lists of every length are the only thing that could grow it. */
const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely's SQLite driver prepares every statement anew, and compiling SQL was a tenth of
 * the server's time under load; the app runs the same few hundred texts, so each is
 * prepared once. Safe because Kysely runs one statement at a time on the one connection.
 */
function preparingOnce(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare: (text) => {
      let statement = statements.get(text)
      if (!statement) {
        const oldest = statements.keys().next()
        if (statements.size >= STATEMENT_CACHE_SIZE && !oldest.done) statements.delete(oldest.value)
        statement = sqlite.prepare(text)
        statements.set(text, statement)
      }
      return statement
    },
  }
}

/**
 * PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole and may simply run
 * again.
 */
const RETRYABLE_CODES = new Set(['40P01', '40001'])
export const TRANSACTION_ATTEMPTS = 5

export const isRetryableConflict = (err: unknown): boolean =>
  RETRYABLE_CODES.has((err as { code?: unknown } | null)?.code as string)

/** What to do once a transaction has committed; a transaction rolled back (or run again) forgets its list. */
const committed = new WeakMap<object, (() => void)[]>()

/**
 * Runs `done` once the transaction `ex` has committed, never if it rolls back; at once when `ex`
 * is not a transaction. For counting what really happened (metrics), not for work that matters.
 */
export function afterCommit(ex: Executor, done: () => void): void {
  if (!ex.isTransaction) {
    done()
    return
  }
  const list = committed.get(ex)
  if (list) list.push(done)
  else committed.set(ex, [done])
}

/** Told of each transaction that is about to run again after a retryable conflict. */
export type OnRetry = (err: unknown, attempt: number) => void

/**
 * Runs a transaction again, a few times, when the database rolled it back for a deadlock or a
 * serialization failure, after a short random pause so the two sides do not meet again.
 * Transaction callbacks only touch the database (never the network), so running one again is safe.
 */
function retrying<DB>(builder: TransactionBuilder<DB>, onRetry: OnRetry): TransactionBuilder<DB> {
  const { execute, setAccessMode, setIsolationLevel } = builder
  builder.execute = async <T>(callback: (trx: Transaction<DB>) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        let trx: Transaction<DB> | undefined
        const result = (await execute.call(builder, (t: Transaction<DB>) => {
          trx = t
          return callback(t)
        })) as T
        for (const done of (trx && committed.get(trx)) ?? []) done()
        return result
      } catch (err) {
        if (!isRetryableConflict(err) || attempt >= TRANSACTION_ATTEMPTS) throw err
        onRetry(err, attempt)
        await sleep(Math.random() * 10 * 2 ** attempt)
      }
    }
  }
  builder.setAccessMode = (mode) => retrying(setAccessMode.call(builder, mode), onRetry)
  builder.setIsolationLevel = (level) => retrying(setIsolationLevel.call(builder, level), onRetry)
  return builder
}

/** The database handle the app uses: every `transaction().execute()` retries deadlocks and serialization failures. */
class RetryingKysely<DB> extends Kysely<DB> {
  constructor(
    config: KyselyConfig,
    private readonly onRetry: OnRetry,
  ) {
    super(config)
  }

  override transaction(): TransactionBuilder<DB> {
    return retrying(super.transaction(), this.onRetry)
  }
}

/**
 * onLostConnection hears of idle PostgreSQL connections the server closed (restart, failover, a
 * terminated backend); onRetry of transactions run again after a deadlock or serialization failure.
 */
export function openDatabase(
  url: string,
  onLostConnection: (err: Error) => void = () => {},
  onRetry: OnRetry = () => {},
  poolSize = 10,
): DatabaseHandle {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pg = postgresDriver()
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      // While the server cannot be reached a request fails (503) rather than waits for ever for a connection.
      connectionTimeoutMillis: 5000,
      // Ids, times and fen are bigint columns; they fit in a JS number, so read them as numbers.
      types: {
        getTypeParser: (oid: number, format?: any) =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
      } as pg.CustomTypesConfig,
    })
    // Unheard, such an 'error' would crash the process; the pool drops the connection and opens another when needed.
    pool.on('error', onLostConnection)
    // The pool hears only idle connections; one lost while a request holds it (a backend terminated
    // mid-transaction) must not crash the process either: the request's query fails (503), the
    // connection is dropped when it is given back.
    pool.on('connect', (client) => client.on('error', onLostConnection))
    const db = new RetryingKysely<Database>({ dialect: new PostgresDialect({ pool }) }, onRetry)
    const poolStats = () => ({ open: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize })
    return { db, dialect: 'postgres', close: () => db.destroy(), poolStats }
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length)
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    const sqlite = new (sqliteDriver())(file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('synchronous = NORMAL')
    // Statistics for the planner, as SQLite recommends for a connection that lives long: at open,
    // every hour and before closing (each looks only at tables that changed enough, within a limit).
    sqlite.pragma('optimize = 0x10002')
    const db = new RetryingKysely<Database>(
      { dialect: new ImmediateSqliteDialect({ database: preparingOnce(sqlite) }) },
      onRetry,
    )
    const refresh = setInterval(() => void optimize(db).catch(() => {}), OPTIMIZE_EVERY_MS)
    refresh.unref()
    const close = async () => {
      clearInterval(refresh)
      await optimize(db).catch(() => {})
      await db.destroy()
    }
    return { db, dialect: 'sqlite', close }
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got ${JSON.stringify(url)}`)
}

/** A compiled query and, for each of its parameters, which call value fills it (-1: a constant of the query). */
interface Compiled<R> {
  query: CompiledQuery<R>
  positions: number[]
}

/** Builds with one placeholder per value and finds where each lands among the parameters. */
function compileWithPlaceholders<R>(arity: number, build: (...placeholders: string[]) => Compilable<R>): Compiled<R> {
  const placeholders = Array.from({ length: arity }, (_, i) => `\u0000sfm-value-${i}`)
  const query = build(...placeholders).compile()
  const positions = query.parameters.map((v) => placeholders.indexOf(v as string))
  for (let i = 0; i < arity; i++)
    if (!positions.includes(i)) throw new Error(`compiled query: value ${i} is not a parameter of ${query.sql}`)
  return { query, positions }
}

async function runCompiled<R>(db: Kysely<any>, { query, positions }: Compiled<R>, args: unknown[]): Promise<R[]> {
  const parameters = positions.map((at, k) => (at < 0 ? query.parameters[k] : args[at]))
  return (await db.executeQuery<R>({ ...query, parameters })).rows
}

/**
 * A query Kysely builds and compiles once, then runs with each call's values: building and compiling a
 * query is most of what a one-row read costs in JavaScript (a tenth of an authenticated read's CPU was
 * the session query's). `build` gets one placeholder per value and must use each only as a value.
 */
export function compiledOnce<A extends unknown[], R>(
  db: Kysely<any>,
  arity: A['length'],
  build: (...placeholders: any[]) => Compilable<R>,
): (...args: A) => Promise<R[]> {
  const compiled = compileWithPlaceholders(arity, build)
  return (...args) => runCompiled(db, compiled, args)
}

/**
 * compiledOnce for a read that runs on whichever executor it is given (the app's handle or a
 * transaction): compiled on first use for each database (its adapter), then run with the call's values.
 */
export function compiledPerDatabase<A extends unknown[], R>(
  arity: A['length'],
  build: (db: Executor, ...placeholders: any[]) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const byAdapter = new WeakMap<object, Compiled<R>>()
  return (db, ...args) => {
    const adapter = db.getExecutor().adapter
    let compiled = byAdapter.get(adapter)
    if (!compiled) {
      compiled = compileWithPlaceholders(arity, (...placeholders) => build(db, ...placeholders))
      byAdapter.set(adapter, compiled)
    }
    return runCompiled(db, compiled, args)
  }
}

/** How often a SQLite connection refreshes the planner's statistics. */
const OPTIMIZE_EVERY_MS = 60 * 60 * 1000

/**
 * Refreshes the planner's statistics where they went stale: SQLite's `PRAGMA optimize`
 * (https://sqlite.org/lang_analyze.html#pragopt), through Kysely so it waits for a transaction
 * under way. PostgreSQL's autovacuum analyzes by itself.
 */
export async function optimize(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`pragma optimize`.execute(db)
}

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** A column of bytes, as each database names it. */
export const bytesType = (db: Kysely<any>) => (dialectOf(db) === 'postgres' ? 'bytea' : 'blob')

/** Adds an auto-incrementing integer primary key `id`, spelled as each database wants it. */
export function withAutoId<T extends string>(
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}

/**
 * Holds the customer's row until the transaction ends, so one customer's concurrent changes to a collection
 * (addresses, cart lines) run one after another and each sees the last one's result. SQLite needs no lock:
 * it runs one writing transaction at a time, and Kysely keeps ours on one connection.
 */
export async function lockUser(trx: Transaction<Database>, userId: number): Promise<void> {
  if (dialectOf(trx) === 'postgres')
    await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute()
}

/**
 * lockUser for the customer who owns an order, for transactions that start from the order
 * (expiry, payment events). Every transaction that changes a customer's orders, stock or credit
 * takes this row first: a second UPDATE of an order row in one transaction re-checks its
 * foreign key to users (FOR KEY SHARE), which would otherwise wait on a commit that holds the
 * customer's row while it waits for the stock this transaction already changed (a deadlock).
 */
export async function lockOrderOwner(trx: Transaction<Database>, orderId: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return
  await trx
    .selectFrom('users')
    .select('id')
    .where('id', '=', (eb) => eb.selectFrom('orders').select('user_id').where('order_id', '=', orderId))
    .forUpdate()
    .execute()
}

/**
 * Holds an order's row until the transaction ends. Moves that depend on other tables (ship
 * and repay check that no refund is under way; a refund checks the order is still paid) take
 * it first, so the statements after it see each other's committed work (on PostgreSQL a
 * waiting UPDATE re-reads only its own row). SQLite serializes writers and needs none.
 */
export async function lockOrder(trx: Transaction<Database>, orderId: string): Promise<void> {
  if (dialectOf(trx) === 'postgres')
    await trx.selectFrom('orders').select('order_id').where('order_id', '=', orderId).forUpdate().execute()
}

/**
 * Holds admin accounts' rows until the transaction ends: one account's (`adminId`), or every
 * account's. Changes that must leave an active admin (disable, demote) take them all, so two
 * admins disabling each other at once cannot both succeed. SQLite serializes writers and needs none.
 */
export async function lockAdmins(trx: Transaction<Database>, adminId?: number): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return
  let q = trx.selectFrom('admins').select('id')
  if (adminId !== undefined) q = q.where('id', '=', adminId)
  await q.forUpdate().execute()
}

/**
 * Connection errors (class 08) and the server shutting down, restarting or starting (57P01–57P03), by SQLSTATE or
 * socket code.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'SQLITE_BUSY',
])
/** What node-postgres says, without a code, of a connection that died or never came. */
const UNAVAILABLE_MESSAGE = /^Connection terminated|connection error|timeout exceeded when trying to connect/i

/**
 * Whether an error means the database could not be reached or was busy past busy_timeout,
 * rather than that the request was wrong: the answer is 503, and the same request may work
 * a moment later (the pool opens new connections by itself).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    (typeof e?.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message))
  )
}

/** Whether an error is a unique-constraint violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Connection failures at start, in words: what the person who set DATABASE_URL can act on. */
const CANNOT_CONNECT: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is the server running, on that host and port?',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'no answer (timed out)',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'the connection was closed by the server',
  '28P01': 'password authentication failed',
  '28000': 'the server refused this user (pg_hba.conf)',
  '3D000': 'the database does not exist (createdb it first)',
  '57P03': 'the server is starting up or shutting down',
  SQLITE_CANTOPEN: 'the SQLite file cannot be opened',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
}

/** The URL without its password, for a message. */
function shownUrl(url: string): string {
  if (!url.startsWith('postgres')) return url
  try {
    const u = new URL(url)
    u.password = ''
    return u.toString()
  } catch {
    return 'the configured URL'
  }
}

/**
 * Why the database at `url` could not be reached at start, as one line, or undefined when the
 * error is something else (a failing migration stays a stack trace: that is a bug to report).
 */
export function databaseStartProblem(err: unknown, url: string): string | undefined {
  const e = err as { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } | null
  const code = String(e?.code ?? e?.errors?.[0]?.code ?? '')
  const timedOut =
    typeof e?.message === 'string' && /timeout exceeded when trying to connect|Connection terminated/i.test(e.message)
  const reason =
    CANNOT_CONNECT[code] ??
    (timedOut ? 'no answer (timed out)' : isDatabaseUnavailable(err) ? String(e?.message ?? code) : undefined)
  return reason && `cannot use the database at ${shownUrl(url)}: ${reason}`
}

/**
 * Locks a SKU's row for the rest of the transaction and says whether it exists: a SKU being
 * deleted must not gain an order meanwhile (a commit's stock update waits on this lock, then
 * finds no row). SQLite needs no lock, as for lockUser.
 */
export async function lockSku(trx: Transaction<Database>, skuId: string): Promise<boolean> {
  let q = trx.selectFrom('skus').select('sku_id').where('sku_id', '=', skuId)
  if (dialectOf(trx) === 'postgres') q = q.forUpdate()
  return (await q.executeTakeFirst()) !== undefined
}
