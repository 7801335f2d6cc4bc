import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { databaseStartProblem, isDatabaseUnavailable, isUniqueViolation } from '../../src/db/errors.ts'
import { testApp, type TestApp } from '../helper.ts'
import { makeSku } from '../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

test('a duplicate key is a unique violation on this database; a broken check constraint is not', async () => {
  const skuId = await makeSku(t)
  const row = await t.db.selectFrom('skus').selectAll().where('sku_id', '=', skuId).executeTakeFirstOrThrow()
  const duplicate = await t.db
    .insertInto('skus')
    .values(row)
    .execute()
    .then(
      () => undefined,
      (err: unknown) => err,
    )
  assert.ok(duplicate, 'the second insert must fail')
  assert.equal(isUniqueViolation(duplicate), true)
  const negative = await t.db
    .updateTable('skus')
    .set({ stock: -1 })
    .where('sku_id', '=', skuId)
    .execute()
    .then(
      () => undefined,
      (err: unknown) => err,
    )
  assert.ok(negative, 'a negative stock must fail')
  assert.equal(isUniqueViolation(negative), false)
  assert.equal(isDatabaseUnavailable(negative), false)
})

test('a database that cannot be reached or is busy is unavailable (503); a bug is not', () => {
  for (const code of ['ECONNREFUSED', '57P01', '08006', 'SQLITE_BUSY'])
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), true, code)
  assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true)
  assert.equal(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")), false)
  assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '42P01' })), false)
  assert.equal(isDatabaseUnavailable(null), false)
})

test('a start that cannot reach the database says why in one line, without the password', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
  assert.equal(
    databaseStartProblem(refused, 'postgres://sfm:s3cret@db.internal:5432/sfm'),
    'cannot use the database at postgres://sfm@db.internal:5432/sfm: connection refused: is the server running, on that host and port?',
  )
  const aggregate = Object.assign(new Error(''), { errors: [{ code: '28P01' }] })
  assert.match(databaseStartProblem(aggregate, 'postgres://sfm:pw@h/sfm') ?? '', /password authentication failed$/)
  assert.doesNotMatch(databaseStartProblem(aggregate, 'postgres://sfm:pw@h/sfm') ?? '', /:pw@/)
  assert.equal(databaseStartProblem(new Error('migration 2026-11-01 failed: syntax error'), 'sqlite:x.db'), undefined)
})
