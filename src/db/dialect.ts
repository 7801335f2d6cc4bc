import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type SQLite from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import {
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
import { Checkpointer } from './checkpointer.ts'
import { isRetryableConflict } from './errors.ts'
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
  constructor(
    config: SqliteDialectConfig,
    private readonly onCommit: () => void,
  ) {
    super(config)
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await super.commitTransaction(connection)
    this.onCommit()
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // better-sqlite3 answers at once, so a loop of transactions (the worker's 100 expiries) would
    // never let the event loop read a socket; each transaction first lets pending I/O in.
    await new Promise(setImmediate)
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly onCommit: () => void,
  ) {
    super(settings)
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings, this.onCommit)
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

export const TRANSACTION_ATTEMPTS = 5

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
    // An in-memory database has no log to copy back.
    const checkpointer =
      file === ':memory:' ? undefined : new Checkpointer(sqlite, file, load.resolve('better-sqlite3'))
    const db = new RetryingKysely<Database>(
      {
        dialect: new ImmediateSqliteDialect({ database: preparingOnce(sqlite) }, () => checkpointer?.committed()),
      },
      onRetry,
    )
    const refresh = setInterval(() => void optimize(db).catch(() => {}), OPTIMIZE_EVERY_MS)
    refresh.unref()
    const close = async () => {
      clearInterval(refresh)
      await checkpointer?.stop()
      await optimize(db).catch(() => {})
      await db.destroy()
    }
    return { db, dialect: 'sqlite', close }
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got ${JSON.stringify(url)}`)
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
 * Locks a SKU's row for the rest of the transaction and says whether it exists: a SKU being
 * deleted must not gain an order meanwhile (a commit's stock update waits on this lock, then
 * finds no row). SQLite needs no lock, as for lockUser.
 */
export async function lockSku(trx: Transaction<Database>, skuId: string): Promise<boolean> {
  let q = trx.selectFrom('skus').select('sku_id').where('sku_id', '=', skuId)
  if (dialectOf(trx) === 'postgres') q = q.forUpdate()
  return (await q.executeTakeFirst()) !== undefined
}
