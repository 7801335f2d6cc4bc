import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, test } from 'node:test'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import pg from 'pg'
import { openDatabase, TRANSACTION_ATTEMPTS, type DatabaseHandle } from '../../src/db/dialect.ts'
import { testApp, TEST_DB, type TestApp } from '../helper.ts'
import { makeSku } from '../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

// Only PostgreSQL keeps a pool of connections the server can close under the app.
if (TEST_DB === 'postgres') {
  test('the app survives the server closing its idle connections, and reconnects', async () => {
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(t.db)))
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.db)
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
    await admin.connect()
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [rows[0]!.name],
      )
      assert.ok(killed.rowCount! > 0)
    } finally {
      await admin.end()
    }
    await sleep(200)
    const res = await t.client().get('/api/sku/list')
    assert.equal(res.status, 200)
    assert.equal(res.code, 0)
  })
}

// SQLite plans by the statistics ANALYZE keeps; PostgreSQL's autovacuum keeps its own.
if (TEST_DB === 'sqlite') {
  test('SQLite statistics are kept as SQLite recommends: PRAGMA optimize at open and before closing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfm-optimize-'))
    const file = join(dir, 'stats.db')
    const statsOf = () => {
      const raw = new SQLite(file)
      try {
        const hasTable = raw.prepare("select 1 from sqlite_master where name = 'sqlite_stat1'").get()
        return hasTable ? raw.prepare("select count(*) as n from sqlite_stat1 where tbl = 'things'").get() : { n: 0 }
      } finally {
        raw.close()
      }
    }
    try {
      const first = openDatabase(`sqlite:${file}`)
      await sql`create table things (id integer primary key, owner integer not null, kind integer not null)`.execute(
        first.db,
      )
      await sql`create index things_owner_idx on things (owner, kind)`.execute(first.db)
      await sql`
        insert into things (owner, kind)
        with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000) select i % 500, i % 7 from n
      `.execute(first.db)
      await sql`select count(*) from things where owner = 3 and kind = 1`.execute(first.db)
      assert.deepEqual(statsOf(), { n: 0 })
      await first.close()
      assert.deepEqual(statsOf(), { n: 1 }, 'analyzed before closing')

      const raw = new SQLite(file)
      raw.exec('delete from sqlite_stat1')
      raw.close()
      const again = openDatabase(`sqlite:${file}`)
      try {
        assert.deepEqual(statsOf(), { n: 1 }, 'analyzed at open')
      } finally {
        await again.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}

describe('transactions run again after a deadlock or serialization failure', () => {
  let handle: DatabaseHandle
  const retried: unknown[] = []
  before(() => {
    // A second handle on the test's database, so the test hears of every retry.
    handle = openDatabase(
      t.config.databaseUrl,
      () => {},
      (err) => retried.push(err),
    )
  })
  after(() => handle.close())

  const conflict = (code: string) => Object.assign(new Error(`conflict ${code}`), { code })

  test('40P01 and 40001 run the transaction again and its work is kept once; other errors do not', async () => {
    retried.length = 0
    const sku = await makeSku(t, { stock: 10 })
    let runs = 0
    const result = await handle.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('skus')
        .set((eb) => ({ stock: eb('stock', '-', 1) }))
        .where('sku_id', '=', sku)
        .execute()
      runs++
      if (runs === 1) throw conflict('40P01')
      if (runs === 2) throw conflict('40001')
      return 'done'
    })
    assert.equal(result, 'done')
    assert.equal(runs, 3)
    assert.equal(retried.length, 2)
    const row = await handle.db.selectFrom('skus').select('stock').where('sku_id', '=', sku).executeTakeFirstOrThrow()
    assert.equal(row.stock, 9)

    runs = 0
    await assert.rejects(
      handle.db.transaction().execute(async () => {
        runs++
        throw conflict('23505')
      }),
      /conflict 23505/,
    )
    assert.equal(runs, 1)
  })

  test(`gives up after ${TRANSACTION_ATTEMPTS} attempts`, async () => {
    let runs = 0
    await assert.rejects(
      handle.db.transaction().execute(async () => {
        runs++
        throw conflict('40P01')
      }),
      /conflict 40P01/,
    )
    assert.equal(runs, TRANSACTION_ATTEMPTS)
  })

  if (TEST_DB === 'postgres') {
    test('a real deadlock between two transactions: both finish, one of them having run twice', async () => {
      retried.length = 0
      const [a, b] = [await makeSku(t, { stock: 10 }), await makeSku(t, { stock: 10 })]
      // Each holds its first row until both do; then each wants the other's: PostgreSQL aborts one.
      let arrived = 0
      let release: () => void = () => {}
      const bothHold = new Promise<void>((resolve) => (release = resolve))
      const meet = async () => {
        if (++arrived === 2) release()
        await bothHold
      }
      const take = (first: string, second: string) =>
        handle.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('skus')
            .set((eb) => ({ stock: eb('stock', '-', 1) }))
            .where('sku_id', '=', first)
            .execute()
          await meet()
          await trx
            .updateTable('skus')
            .set((eb) => ({ stock: eb('stock', '-', 1) }))
            .where('sku_id', '=', second)
            .execute()
        })
      await Promise.all([take(a, b), take(b, a)])
      assert.equal(retried.length, 1)
      assert.equal((retried[0] as { code: string }).code, '40P01')
      const stocks = await handle.db.selectFrom('skus').select('stock').where('sku_id', 'in', [a, b]).execute()
      assert.deepEqual(
        stocks.map((r) => r.stock),
        [8, 8],
      )
    })
  }
})
