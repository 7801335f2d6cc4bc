import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import {
  databaseStartProblem,
  isDatabaseUnavailable,
  isRetryableConflict,
  isUniqueViolation,
} from '../../src/db/errors.ts'
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
  await assert.rejects(t.db.insertInto('skus').values(row).execute(), (err) => {
    assert.equal(isUniqueViolation(err), true)
    return true
  })
  await assert.rejects(t.db.updateTable('skus').set({ stock: -1 }).where('sku_id', '=', skuId).execute(), (err) => {
    assert.equal(isUniqueViolation(err), false)
    assert.equal(isDatabaseUnavailable(err), false)
    return true
  })
})

test('a database that cannot be reached or is busy is unavailable (503); a bug is not', () => {
  for (const code of ['ECONNREFUSED', '57P01', '08006', 'SQLITE_BUSY'])
    assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), true, code)
  assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true)
  assert.equal(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')")), false)
  assert.equal(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '42P01' })), false)
  assert.equal(isDatabaseUnavailable(null), false)
})

test('a deadlock or a serialization failure may run again; a unique violation may not', () => {
  for (const code of ['40P01', '40001'])
    assert.equal(isRetryableConflict(Object.assign(new Error('x'), { code })), true, code)
  assert.equal(isRetryableConflict(Object.assign(new Error('x'), { code: '23505' })), false)
  assert.equal(isRetryableConflict(null), false)
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
