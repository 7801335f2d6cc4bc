import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, afterEach, beforeEach, test } from 'node:test'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { Checkpointer, type CheckpointerOptions } from '../../src/db/checkpointer.ts'
import { openDatabase } from '../../src/db/dialect.ts'

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3')
const dir = mkdtempSync(join(tmpdir(), 'sfm-checkpointer-'))
after(() => rmSync(dir, { recursive: true, force: true }))

let file: string
let sqlite: SQLite.Database
let checkpointer: Checkpointer | undefined
beforeEach((ctx) => {
  file = join(dir, `${ctx.name.replace(/\W+/g, '-').slice(0, 40)}.db`)
  sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.exec('create table pages (id integer primary key, body blob not null)')
})
afterEach(async () => {
  await checkpointer?.stop()
  checkpointer = undefined
  sqlite.close()
})

const QUICK: CheckpointerOptions = { startAtCommitsPerSecond: 10, idleMs: 300, pollMs: 5 }
const autocheckpoint = () => sqlite.pragma('wal_autocheckpoint', { simple: true })
/** Writes about `mb` megabytes in transactions of 64 KB, telling the checkpointer of each commit. */
function write(mb: number): void {
  const insert = sqlite.prepare('insert into pages (body) values (randomblob(4096))')
  for (let i = 0; i < mb * 16; i++) {
    sqlite.transaction(() => {
      for (let k = 0; k < 16; k++) insert.run()
    })()
    checkpointer?.committed()
  }
}
async function until(what: string, holds: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !holds(); await sleep(10))
    if (Date.now() > end) assert.fail(`waited ${ms} ms for ${what}`)
}

test('below the rate of commits that starts it no thread runs, and SQLite checkpoints in the commits as before', () => {
  checkpointer = new Checkpointer(sqlite, file, driverPath, QUICK)
  for (let i = 0; i < QUICK.startAtCommitsPerSecond - 1; i++) checkpointer.committed()
  assert.equal(checkpointer.running, false)
  assert.equal(autocheckpoint(), 1000)
})

test('a stream of commits starts the thread, which copies the log back while the app keeps writing', async () => {
  checkpointer = new Checkpointer(sqlite, file, driverPath, QUICK)
  write(1)
  assert.equal(checkpointer.running, true)
  // The app's own commits would now checkpoint only at 10 000 pages (40 MB): a bound, not the rule.
  assert.equal(autocheckpoint(), 10_000)
  const before = statSync(file).size
  write(4)
  // 5 MB written, all of it still in the log as far as the app's commits go; the file grows only by the thread's copies.
  await until('the thread to copy the log into the database file', () => statSync(file).size >= before + 4_000_000)
})

test('after a quiet spell the thread stops, and the app checkpoints its own log again', async () => {
  checkpointer = new Checkpointer(sqlite, file, driverPath, QUICK)
  write(1)
  assert.equal(checkpointer.running, true)
  await until('the idle thread to stop', () => !checkpointer!.running)
  assert.equal(autocheckpoint(), 1000)
  write(1)
  assert.equal(checkpointer.running, true, 'a new stream starts it again')
})

test('stop() waits until the thread has closed its connection', async () => {
  checkpointer = new Checkpointer(sqlite, file, driverPath, QUICK)
  write(1)
  assert.equal(checkpointer.running, true)
  await checkpointer.stop()
  assert.equal(checkpointer.running, false)
  sqlite.close()
  // SQLite deletes the log when its last connection closes: the thread's is gone.
  assert.equal(existsSync(`${file}-wal`), false)
  sqlite = new SQLite(file)
})

test('a thread that fails leaves the checkpoints to the app, as before it started', async () => {
  // Tried again only after idleMs: long here, so the second stream below cannot reach it.
  checkpointer = new Checkpointer(sqlite, file, join(dir, 'no-such-driver.js'), { ...QUICK, idleMs: 60_000 })
  write(1)
  await until('the failed thread to be gone', () => !checkpointer!.running)
  assert.equal(autocheckpoint(), 1000)
  write(1)
  assert.equal(checkpointer.running, false, 'not tried again at once')
  const { n } = sqlite.prepare('select count(*) as n from pages').get() as { n: number }
  assert.equal(n, 2 * 16 * 16, 'every commit stood')
})

test("the app's database handle checkpoints through the thread under a stream of transactions and stops it on close", async () => {
  const appFile = join(dir, 'app.db')
  const handle = openDatabase(`sqlite:${appFile}`)
  await sql`create table things (id integer primary key, n integer not null)`.execute(handle.db)
  for (let i = 0; i < 150; i++)
    await handle.db.transaction().execute((trx) => sql`insert into things (n) values (${i})`.execute(trx))
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(handle.db)
  assert.equal(rows[0]!.wal_autocheckpoint, 10_000, 'the thread runs')
  await handle.close()
  assert.equal(existsSync(`${appFile}-wal`), false, 'closed: no connection holds the log')
})
