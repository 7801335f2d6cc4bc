import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { setTimeout as sleep } from 'node:timers/promises'
import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, type CreateTableBuilder, type DatabaseConnection, type Driver, type KyselyConfig, type SqliteDialectConfig, type Transaction, type TransactionBuilder } from 'kysely'
import pg from 'pg'
import type { Database } from './types.ts'

export type DialectName = 'sqlite' | 'postgres'
export type Db = Kysely<Database>
/** A handle that may be the database or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>

export interface DatabaseHandle {
  db: Db
  dialect: DialectName
  close(): Promise<void>
}

const INT8_OID = 20

/**
 * Transactions take SQLite's write lock when they begin. With a plain (deferred) BEGIN, two
 * processes on one file (the server and `npm run worker`) can both read and then fail with
 * SQLITE_BUSY when they upgrade to write; an immediate one waits its turn (busy_timeout).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
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

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole and may simply run again. */
const RETRYABLE_CODES = new Set(['40P01', '40001'])
export const TRANSACTION_ATTEMPTS = 5

export const isRetryableConflict = (err: unknown): boolean => RETRYABLE_CODES.has((err as { code?: unknown } | null)?.code as string)

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
        return (await execute.call(builder, callback)) as T
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
export function openDatabase(url: string, onLostConnection: (err: Error) => void = () => {}, onRetry: OnRetry = () => {}): DatabaseHandle {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      // Ids, times and fen are bigint columns; they fit in a JS number, so read them as numbers.
      types: {
        getTypeParser: (oid: number, format?: any) =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format),
      } as pg.CustomTypesConfig,
    })
    // Unheard, such an 'error' would crash the process; the pool drops the connection and opens another when needed.
    pool.on('error', onLostConnection)
    const db = new RetryingKysely<Database>({ dialect: new PostgresDialect({ pool }) }, onRetry)
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length)
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    const sqlite = new SQLite(file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('synchronous = NORMAL')
    const db = new RetryingKysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) }, onRetry)
    return { db, dialect: 'sqlite', close: () => db.destroy() }
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got ${JSON.stringify(url)}`)
}

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Adds an auto-incrementing integer primary key `id`, spelled as each database wants it. */
export function withAutoId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
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
  if (dialectOf(trx) === 'postgres') await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute()
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
  if (dialectOf(trx) === 'postgres') await trx.selectFrom('orders').select('order_id').where('order_id', '=', orderId).forUpdate().execute()
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

/** Whether an error is a unique-constraint violation, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}
