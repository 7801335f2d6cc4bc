import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'

let t: TestApp
let admin: TestAdmin
before(async () => {
  t = await testApp()
  admin = await makeAdmin(t)
})
after(() => t.close())

const VALID_ID = '11010519491231002X'

async function submitted(imageTag = 'a') {
  const c = await signUp(t)
  const res = await c.client.post('/api/user/set_auth', {
    real_name: '苏源',
    id_code: VALID_ID,
    id_card_up: `https://img/${imageTag}-up.jpg`,
    id_card_down: `https://img/${imageTag}-down.jpg`,
  })
  assert.equal(res.code, 0)
  return c
}

const review = (body: Record<string, unknown>) => admin.client.post('/api/user/review_auth', body)
const signInAgain = async (mobile: string, pwd: string): Promise<Client> => {
  const c = t.client()
  assert.equal((await c.post('/api/user/signin', { mobile_uer_name: mobile, pwd })).code, 0)
  return c
}

describe('/api/user/list_auth', () => {
  test('pending submissions by default, newest first, with both images and the full id number', async () => {
    const older = await submitted('older')
    const newer = await submitted('newer')
    await t.db
      .updateTable('user_auth')
      .set({ submit_time: 4000000000 })
      .where('user_id', 'in', [older.userId, newer.userId])
      .execute()
    const res = await admin.client.get('/api/user/list_auth', { count: 2 })
    assert.equal(res.code, 0)
    const [first, second] = res.data.auths
    assert.deepEqual([first.user_id, second.user_id], [newer.userId, older.userId])
    assert.equal(first.id_code, VALID_ID)
    assert.equal(first.id_card_up, 'https://img/newer-up.jpg')
    assert.equal(first.id_card_down, 'https://img/newer-down.jpg')
    assert.equal(first.mobile, newer.mobile)
    assert.equal(first.status, 'pending')
    assert.ok(res.data.pagination.total >= 2)
    assert.deepEqual(
      (await admin.client.get('/api/user/list_auth', { u_mobile: older.mobile })).data.auths.map(
        (a: { user_id: number }) => a.user_id,
      ),
      [older.userId],
    )
  })

  test('by status; bad filters answer 400', async () => {
    const c = await submitted()
    assert.equal((await review({ user_id: c.userId, is_pass: 0, note: '照片模糊' })).code, 0)
    const rejected = (await admin.client.get('/api/user/list_auth', { status: 'rejected', u_mobile: c.mobile })).data
      .auths
    assert.deepEqual(
      rejected.map((a: { note: string }) => a.note),
      ['照片模糊'],
    )
    assert.equal(
      (await admin.client.get('/api/user/list_auth', { status: 'pending', u_mobile: c.mobile })).data.auths.length,
      0,
    )
    assert.equal(
      (await admin.client.get('/api/user/list_auth', { status: 'all', u_mobile: c.mobile })).data.auths.length,
      1,
    )
    for (const q of [{ status: 'approved' }, { page: 0 }, { count: 10000 }])
      assert.equal((await admin.client.get('/api/user/list_auth', q)).status, 400)
  })
})

describe('/api/user/review_auth', () => {
  test('approval: the next sign-in sets auth_is_pass 1; the customer sees the result; logged with the admin', async () => {
    const c = await submitted()
    assert.equal(c.client.cookies.get('auth_is_pass'), '0')
    assert.equal((await review({ user_id: c.userId, is_pass: 1 })).code, 0)
    const again = await signInAgain(c.mobile, c.pwd)
    assert.equal(again.cookies.get('auth_is_pass'), '1')
    const own = (await again.get('/api/user/get_auth')).data
    assert.deepEqual([own.status, own.pass], ['passed', 1])
    const log = await t.db
      .selectFrom('operate_log')
      .selectAll()
      .where('target_type', '=', 'user')
      .where('target_id', '=', String(c.userId))
      .execute()
    assert.deepEqual(
      log.map((l) => [l.actor_type, l.actor_id, l.text]),
      [['admin', admin.id, '实名认证通过']],
    )
  })

  test('rejection with a note: auth_is_pass stays 0 and the customer reads the note', async () => {
    const c = await submitted()
    assert.equal((await review({ user_id: c.userId, is_pass: 0, note: '证件照片不清晰' })).code, 0)
    const again = await signInAgain(c.mobile, c.pwd)
    assert.equal(again.cookies.get('auth_is_pass'), '0')
    const own = (await again.get('/api/user/get_auth')).data
    assert.deepEqual([own.status, own.pass, own.note], ['rejected', 0, '证件照片不清晰'])
  })

  test('540 with nothing pending: never submitted, already decided, or resubmitted since the reviewer looked', async () => {
    const never = await signUp(t)
    assert.equal((await review({ user_id: never.userId, is_pass: 1 })).code, 540)
    assert.equal((await review({ user_id: 99999999, is_pass: 1 })).code, 540)
    const decided = await submitted()
    assert.equal((await review({ user_id: decided.userId, is_pass: 1 })).code, 0)
    assert.equal((await review({ user_id: decided.userId, is_pass: 0 })).code, 540)
    const c = await submitted()
    const seen = (await admin.client.get('/api/user/list_auth', { u_mobile: c.mobile })).data.auths[0].submit_time
    await t.db
      .updateTable('user_auth')
      .set({ submit_time: seen + 5 })
      .where('user_id', '=', c.userId)
      .execute()
    assert.equal((await review({ user_id: c.userId, is_pass: 1, submit_time: seen })).code, 540)
    assert.equal((await review({ user_id: c.userId, is_pass: 1, submit_time: seen + 5 })).code, 0)
  })

  test('a submission replaced within the same second is not decided on the version the reviewer saw', async () => {
    const c = await submitted('first')
    const seen = (await admin.client.get('/api/user/list_auth', { u_mobile: c.mobile })).data.auths[0]
    assert.equal(seen.version, 1)
    const second = await c.client.post('/api/user/set_auth', {
      real_name: '苏源',
      id_code: VALID_ID,
      id_card_up: 'https://img/second-up.jpg',
      id_card_down: 'https://img/second-down.jpg',
    })
    assert.equal(second.code, 0)
    // The same second, as an attacker racing the reviewer would make it.
    await t.db.updateTable('user_auth').set({ submit_time: seen.submit_time }).where('user_id', '=', c.userId).execute()
    assert.equal((await review({ user_id: c.userId, is_pass: 1, version: seen.version })).code, 540)
    const now = (await admin.client.get('/api/user/list_auth', { u_mobile: c.mobile })).data.auths[0]
    assert.deepEqual([now.version, now.status, now.id_card_up], [2, 'pending', 'https://img/second-up.jpg'])
    assert.equal((await review({ user_id: c.userId, is_pass: 1, version: 2 })).code, 0)
  })

  test('two reviewers deciding at once: one decision, one 540', async () => {
    const c = await submitted()
    const [a, b] = await Promise.all([
      review({ user_id: c.userId, is_pass: 1 }),
      review({ user_id: c.userId, is_pass: 0, note: '不清晰' }),
    ])
    assert.deepEqual(
      [a.code, b.code].sort((x, y) => x - y),
      [0, 540],
    )
    const row = await t.db.selectFrom('user_auth').selectAll().where('user_id', '=', c.userId).executeTakeFirstOrThrow()
    assert.equal(row.status, a.code === 0 ? 'passed' : 'rejected')
    const log = await t.db
      .selectFrom('operate_log')
      .select('text')
      .where('target_type', '=', 'user')
      .where('target_id', '=', String(c.userId))
      .execute()
    assert.equal(log.length, 1)
  })

  test('bad input: missing, out of range, wrong type, too long', async () => {
    const c = await submitted()
    for (const body of [
      { is_pass: 1 },
      { user_id: c.userId },
      { user_id: c.userId, is_pass: 2 },
      { user_id: 'me', is_pass: 1 },
      { user_id: c.userId, is_pass: 1, note: 'x'.repeat(501) },
    ]) {
      assert.equal((await review(body)).status, 400, JSON.stringify(body))
    }
    assert.equal(
      (await t.db.selectFrom('user_auth').select('status').where('user_id', '=', c.userId).executeTakeFirstOrThrow())
        .status,
      'pending',
    )
  })
})
