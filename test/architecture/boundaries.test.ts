import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { testApp } from '../helper.ts'

// The layering rules of README "Architecture", checked on every run of the suite.

test('dependency-cruiser finds no cycle, no lower layer importing a module, no reach into another module', () => {
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ],
    { encoding: 'utf8' },
  )
  assert.equal(run.status, 0, run.stdout + run.stderr)
})

/** src/modules/<name>/… belongs to module <name>; anything else to its top folder under src/. */
const ownerOf = (file: string) => {
  const parts = file.split('/')
  return parts[1] === 'modules' ? `module ${parts[2]}` : `src/${parts[1]}`
}

test('each table is written by one module only', () => {
  const writers = new Map<string, Set<string>>()
  const files = readdirSync('src', { recursive: true })
    .map((f) => join('src', String(f)))
    .filter((f) => f.endsWith('.ts') && !f.startsWith(join('src', 'db', 'migrations')))
  for (const file of files) {
    for (const [, table] of readFileSync(file, 'utf8').matchAll(
      /\.(?:insertInto|updateTable|deleteFrom)\(\s*'([a-z_]+)'/g,
    )) {
      const set = writers.get(table!) ?? new Set()
      set.add(ownerOf(file))
      writers.set(table!, set)
    }
  }
  assert.ok(writers.size >= 15, `only ${writers.size} tables found: the pattern no longer matches the code`)
  const shared = [...writers]
    .filter(([, owners]) => owners.size > 1)
    .map(([table, owners]) => `${table}: ${[...owners].join(', ')}`)
  assert.deepEqual(shared, [])
})

test('Biome finds nothing to lint and nothing to format', () => {
  const run = spawnSync(process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '--error-on-warnings'], {
    encoding: 'utf8',
  })
  assert.equal(run.status, 0, run.stdout + run.stderr)
})

test('every route in the OpenAPI document declares the answers it gives', async () => {
  const t = await testApp()
  try {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>
    }
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    )
    assert.ok(operations.length >= 80, `only ${operations.length} operations in the document`)
    const undocumented = operations
      .filter(({ op }) => !op.responses || !Object.keys(op.responses).some((status) => status.startsWith('2')))
      .map(({ name }) => name)
    assert.deepEqual(undocumented, [])
  } finally {
    await t.close()
  }
})

test('SQL lives in the repo files and the one-table stores', () => {
  const allowed = /(repo\.ts|\/sessions\.ts|\/verify-codes\.ts|\/db\/dialect\.ts)$/
  const outside = readdirSync('src', { recursive: true })
    .map((f) => join('src', String(f)))
    .filter((f) => f.endsWith('.ts') && !f.startsWith(join('src', 'db', 'migrations')) && !allowed.test(f))
    .filter((f) => /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(readFileSync(f, 'utf8')))
  assert.deepEqual(outside, [])
})
