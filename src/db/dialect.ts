import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { CompiledQuery, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, SqliteDriver, type CreateTableBuilder, type DatabaseConnection, type Driver, type SqliteDialectConfig, type Transaction } from 'kysely'
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

/** onLostConnection hears of idle PostgreSQL connections the server closed (restart, failover, a terminated backend). */
export function openDatabase(url: string, onLostConnection: (err: Error) => void = () => {}): DatabaseHandle {
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
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
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) })
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
