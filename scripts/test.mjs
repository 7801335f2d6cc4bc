// Runs every test file once on SQLite and, when TEST_DATABASE_URL is set, again on PostgreSQL.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const files = readdirSync('test', { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join('test', f))
  .sort()
if (files.length === 0) {
  console.error('no test files found under test/')
  process.exit(1)
}

const only = process.argv.slice(2)
const selected = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files
const databases = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

// *.pg.test.ts run several instances against one PostgreSQL and one Redis: only in the PostgreSQL
// pass, and only with both services. CI must have them, so there a missing one fails the run.
const needsServices = (f) => f.endsWith('.pg.test.ts')
const missing = ['TEST_DATABASE_URL', 'TEST_REDIS_URL'].filter((k) => !process.env[k])
const servicesSkipped = missing.length > 0 && selected.some(needsServices)
if (servicesSkipped && process.env.CI === 'true') {
  console.error(
    `CI=true but ${missing.join(' and ')} not set: the tests of several instances (${selected.filter(needsServices).join(', ')}) need PostgreSQL and Redis`,
  )
  process.exit(1)
}
const filesFor = (db) => selected.filter((f) => !needsServices(f) || (db === 'postgres' && missing.length === 0))
// Some tests run the compiled commands (dist/), as production does: build them from this source first.
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(1)

let failed = false
for (const db of databases) {
  console.log(`\n=== tests on ${db} ===`)
  // Without files node --test would look for tests everywhere.
  if (filesFor(db).length === 0) {
    console.log('(no selected test runs on this database)')
    continue
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...filesFor(db)], {
    stdio: 'inherit',
    env: { ...process.env, SFM_TEST_DB: db, NODE_ENV: 'test' },
  })
  if (run.status !== 0) failed = true
}
if (!process.env.TEST_DATABASE_URL) console.log('\n(TEST_DATABASE_URL not set: PostgreSQL run skipped)')
if (servicesSkipped)
  console.log(`(${missing.join(' and ')} not set: ${selected.filter(needsServices).join(', ')} not run)`)
process.exit(failed ? 1 : 0)
