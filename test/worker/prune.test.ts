import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { nowSeconds } from '../../src/time.ts'
import { KEEP_SECONDS, pruneStale } from '../../src/worker/prune.ts'
import { newMobile, signUp, testApp, type TestApp } from '../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

const count = async (table: 'user_sessions' | 'verify_codes' | 'idempotency_keys') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

test('spent sessions, codes and idempotency keys go after a day; live ones stay and keep working', async () => {
  const live = await signUp(t)
  const old = await signUp(t)
  await t.client().post('/api/user/send_verify_code', { mobile: newMobile() })
  const longAgo = nowSeconds() - KEEP_SECONDS - 10
  await t.db.updateTable('user_sessions').set({ expires_at: longAgo }).where('user_id', '=', old.userId).execute()
  await t.db
    .insertInto('idempotency_keys')
    .values({ user_id: live.userId, key: 'old', response: '"1"', create_time: longAgo })
    .execute()
  await t.db
    .insertInto('idempotency_keys')
    .values({ user_id: live.userId, key: 'new', response: '"2"', create_time: nowSeconds() })
    .execute()
  await t.db.updateTable('verify_codes').set({ expires_at: longAgo }).where('mobile', '=', old.mobile).execute()
  const [sessions, codes, keys] = [
    await count('user_sessions'),
    await count('verify_codes'),
    await count('idempotency_keys'),
  ]

  assert.equal(await pruneStale(t.db, nowSeconds()), 3)
  assert.equal(await count('user_sessions'), sessions - 1)
  assert.equal(await count('verify_codes'), codes - 1)
  assert.equal(await count('idempotency_keys'), keys - 1)
  assert.equal((await live.client.get('/api/user/get_user_info')).code, 0)
  assert.equal(await pruneStale(t.db, nowSeconds()), 0)
})
