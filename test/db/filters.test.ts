import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startsWith } from '../../src/db/filters.ts'
import { testApp, type TestApp } from '../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

const mobiles = [
  '13899999999',
  '13900000000',
  '13800000000',
  '1389',
  '138',
  '13899',
  '99999999999',
  '9',
  '13810000000',
  '1381',
]

test('startsWith matches exactly the values with that prefix, digits (by an index range) or not', async () => {
  await t.db
    .insertInto('users')
    .values(
      mobiles.map((m) => ({
        mobile: m,
        user_name: `名${m}`,
        pwd_hash: 'x',
        email: '',
        head_img: '',
        nick_name: '',
        signature: '',
        sex: 0,
        location: '',
        register_dt: 0,
        lastlogin: null,
        lastloginip: '',
      })),
    )
    .execute()
  for (const prefix of ['1389', '13899', '138', '1', '9', '99', '999999999999', '13810', '0']) {
    const rows = await t.db
      .selectFrom('users')
      .select('mobile')
      .where('mobile', 'in', mobiles)
      .where(startsWith('users.mobile', prefix))
      .execute()
    assert.deepEqual(rows.map((r) => r.mobile).sort(), mobiles.filter((m) => m.startsWith(prefix)).sort(), prefix)
  }
  const named = await t.db
    .selectFrom('users')
    .select('user_name')
    .where('mobile', 'in', mobiles)
    .where(startsWith('users.user_name', '名1389'))
    .execute()
  assert.deepEqual(named.map((r) => r.user_name).sort(), ['名1389', '名13899', '名13899999999'])
})
