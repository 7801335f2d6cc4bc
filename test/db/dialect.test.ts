import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, test } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { testApp, TEST_DB, type TestApp } from '../helper.ts'

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
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [rows[0]!.name])
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
