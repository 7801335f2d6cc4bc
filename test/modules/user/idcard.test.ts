import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isValidResidentId, maskResidentId } from '../../../src/modules/user/idcard.ts'

test('GB 11643 check digits, X included, either case', () => {
  assert.equal(isValidResidentId('11010519491231002X'), true)
  assert.equal(isValidResidentId('11010519491231002x'), true)
  assert.equal(isValidResidentId('440524188001010014'), true)
  assert.equal(isValidResidentId('440524188001010015'), false)
  assert.equal(isValidResidentId('11010519491231002'), false)
  assert.equal(isValidResidentId('1101051949123100XX'), false)
})

test('masking hides the birth date', () => {
  assert.equal(maskResidentId('440524188001010014'), '440524********0014')
})
