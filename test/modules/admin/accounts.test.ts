import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { ensureFirstAdmin, setAdminAccountRole, setAdminDisabled } from '../../../src/modules/admin/accounts.ts'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { logOf, makeAdmin } from '../../admin.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'

let t: TestApp
before(async () => {
  t = await testApp({ SFM_ADMIN_NAME: 'boss', SFM_ADMIN_PASSWORD: 'boss-password' })
})
after(() => t.close())

describe('sign-in', () => {
  test('the bootstrap admin signs in; the cookie is httpOnly and SameSite=Strict; me tells who', async () => {
    const c = t.client()
    const res = await c.post('/api/admin/signin', { name: 'boss', pwd: 'boss-password' })
    assert.equal(res.code, 0)
    assert.equal(res.data.name, 'boss')
    assert.equal(res.data.role, 'admin')
    assert.equal(res.data.pwd_hash, undefined)
    const cookie = (res.res.cookies as { name: string; httpOnly?: boolean; sameSite?: string; maxAge?: number }[]).find(
      (k) => k.name === 'sfm_admin_token',
    )!
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    assert.equal(cookie.maxAge, 12 * 3600)
    const me = await c.get('/api/admin/me')
    assert.deepEqual(me.data, { id: res.data.id, name: 'boss', role: 'admin' })
  })

  test('a shop that has an admin gets no second one from the environment', async () => {
    assert.equal(await ensureFirstAdmin(t.db, SYSTEM, 'other', 'other-password'), false)
    assert.equal((await t.db.selectFrom('admins').select('id').where('name', '=', 'other').execute()).length, 0)
  })

  test('112 alike for an unknown name, a wrong password and a disabled account', async () => {
    const a = await makeAdmin(t, 'operator', false)
    const c = t.client()
    assert.equal((await c.post('/api/admin/signin', { name: 'nobody', pwd: 'whatever1' })).code, 112)
    assert.equal((await c.post('/api/admin/signin', { name: a.name, pwd: 'wrong-pass' })).code, 112)
    await t.db.updateTable('admins').set({ disabled: 1 }).where('id', '=', a.id).execute()
    const disabled = await c.post('/api/admin/signin', { name: a.name, pwd: a.pwd })
    assert.equal(disabled.code, 112)
    assert.equal(c.cookies.has('sfm_admin_token'), false)
  })

  test('a customer cannot sign in as an admin with their own mobile and password', async () => {
    const customer = await signUp(t)
    assert.equal((await t.client().post('/api/admin/signin', { name: customer.mobile, pwd: customer.pwd })).code, 112)
  })

  test('a success does not count against the limits', async () => {
    const a = await makeAdmin(t, 'operator', false)
    const c = t.client()
    for (let i = 0; i < 60; i++) assert.equal((await c.post('/api/admin/signin', { name: a.name, pwd: a.pwd })).code, 0)
  })

  test('sign-out revokes the session: a copied cookie stops working', async () => {
    const a = await makeAdmin(t, 'operator')
    const copy = t.client()
    copy.cookies.set('sfm_admin_token', a.client.cookies.get('sfm_admin_token')!)
    assert.equal((await copy.get('/api/admin/me')).code, 0)
    assert.equal((await a.client.post('/api/admin/signout')).code, 0)
    assert.equal(a.client.cookies.has('sfm_admin_token'), false)
    const after = await copy.get('/api/admin/me')
    assert.equal(after.status, 401)
    assert.equal(after.code, 401)
  })

  test('a customer session is not an admin session, and an admin session is not a customer one', async () => {
    const customer = await signUp(t)
    customer.client.cookies.set('sfm_admin_token', customer.client.cookies.get('sfm_user_token')!)
    assert.equal((await customer.client.get('/api/admin/me')).status, 401)
    const a = await makeAdmin(t)
    a.client.cookies.set('sfm_user_token', a.client.cookies.get('sfm_admin_token')!)
    assert.equal((await a.client.get('/api/user/get_user_info')).status, 401)
    const tampered = t.client()
    const token = a.client.cookies.get('sfm_admin_token')!
    tampered.cookies.set('sfm_admin_token', token.slice(0, -2) + (token.endsWith('A') ? 'BB' : 'AA'))
    assert.equal((await tampered.get('/api/admin/me')).status, 401)
  })

  test('bad input: missing or empty fields, wrong types, malformed JSON', async () => {
    const c = t.client()
    assert.equal((await c.post('/api/admin/signin', { name: 'boss' })).code, 100)
    assert.equal((await c.post('/api/admin/signin', { name: '', pwd: 'x' })).code, 100)
    assert.equal((await c.post('/api/admin/signin', { name: { a: 1 }, pwd: 'x' })).code, 101)
    assert.equal((await c.post('/api/admin/signin', { name: 'boss', pwd: 'x'.repeat(129) })).code, 101)
    const malformed = await c.raw('/api/admin/signin', '{"name":', {
      'content-type': 'application/json',
      'x-xsrftoken': await c.xsrf(),
    })
    assert.equal(malformed.status, 400)
    assert.equal((await c.get('/api/admin/signin')).status, 405)
  })
})

describe('managing accounts (role admin)', () => {
  test('list, create, change role, disable and enable, each in the log with the admin who did it', async () => {
    const boss = await makeAdmin(t)
    const created = await boss.client.post('/api/admin/create', {
      name: `clerk-${boss.id}`,
      pwd: 'clerk-pass',
      role: 'operator',
    })
    assert.equal(created.code, 0)
    const id = created.data.id
    assert.deepEqual(
      { name: created.data.name, role: created.data.role, disabled: created.data.disabled },
      { name: `clerk-${boss.id}`, role: 'operator', disabled: 0 },
    )
    assert.equal(
      (await boss.client.post('/api/admin/create', { name: `clerk-${boss.id}`, pwd: 'other-pass', role: 'admin' }))
        .code,
      115,
    )

    const listed = await boss.client.get('/api/admin/list', { count: 2 })
    assert.equal(listed.data.admins.length, 2)
    assert.equal(listed.data.admins[0].id, id)
    assert.equal(listed.data.admins[0].pwd_hash, undefined)
    assert.ok(listed.data.pagination.total >= 3)

    const clerk = t.client()
    assert.equal((await clerk.post('/api/admin/signin', { name: `clerk-${boss.id}`, pwd: 'clerk-pass' })).code, 0)
    assert.equal((await clerk.get('/api/admin/list')).status, 403)
    assert.equal((await boss.client.post('/api/admin/set_role', { admin_id: id, role: 'admin' })).data.role, 'admin')
    assert.equal((await clerk.get('/api/admin/list')).code, 0)
    assert.equal((await boss.client.post('/api/admin/set_role', { admin_id: id, role: 'operator' })).code, 0)
    assert.equal((await clerk.get('/api/admin/list')).status, 403)

    assert.equal((await boss.client.post('/api/admin/set_disabled', { admin_id: id, disabled: 1 })).data.disabled, 1)
    assert.equal((await clerk.get('/api/admin/me')).status, 401)
    assert.equal((await boss.client.post('/api/admin/set_disabled', { admin_id: id, disabled: 1 })).code, 0)
    assert.equal((await boss.client.post('/api/admin/set_disabled', { admin_id: id, disabled: 0 })).code, 0)
    // Disabling revoked the session: enabling the account does not bring it back.
    assert.equal((await clerk.get('/api/admin/me')).status, 401)
    assert.equal((await clerk.post('/api/admin/signin', { name: `clerk-${boss.id}`, pwd: 'clerk-pass' })).code, 0)

    const log = await logOf(t, 'admin', id)
    assert.deepEqual(
      log.map((l) => l.text),
      [
        `创建管理员账号 clerk-${boss.id},角色operator`,
        '角色改为admin',
        '角色改为operator',
        '停用管理员账号',
        '启用管理员账号',
      ],
    )
    assert.ok(log.every((l) => l.actor_type === 'admin' && l.actor_id === boss.id))
  })

  test('reset_pwd: the new password works, the old one and every session of that account do not', async () => {
    const boss = await makeAdmin(t)
    const other = await makeAdmin(t, 'operator')
    assert.equal(
      (await boss.client.post('/api/admin/reset_pwd', { admin_id: other.id, new_pwd: 'fresh-pass' })).code,
      0,
    )
    assert.equal((await other.client.get('/api/admin/me')).status, 401)
    assert.equal((await t.client().post('/api/admin/signin', { name: other.name, pwd: other.pwd })).code, 112)
    assert.equal((await t.client().post('/api/admin/signin', { name: other.name, pwd: 'fresh-pass' })).code, 0)
    // One's own password: the session it was done from stays, the others go.
    const elsewhere = t.client()
    await elsewhere.post('/api/admin/signin', { name: boss.name, pwd: boss.pwd })
    assert.equal(
      (await boss.client.post('/api/admin/reset_pwd', { admin_id: boss.id, new_pwd: 'my-new-pass' })).code,
      0,
    )
    assert.equal((await boss.client.get('/api/admin/me')).code, 0)
    assert.equal((await elsewhere.get('/api/admin/me')).status, 401)
    assert.equal(
      (await boss.client.post('/api/admin/reset_pwd', { admin_id: 999999, new_pwd: 'my-new-pass' })).code,
      531,
    )
  })

  test('531 for an unknown account; bad input answers 400', async () => {
    const boss = await makeAdmin(t)
    assert.equal((await boss.client.post('/api/admin/set_disabled', { admin_id: 999999, disabled: 1 })).code, 531)
    assert.equal((await boss.client.post('/api/admin/set_role', { admin_id: 999999, role: 'operator' })).code, 531)
    const bad = [
      ['/api/admin/create', { name: 'x y', pwd: 'long-enough', role: 'operator' }],
      ['/api/admin/create', { name: 'short', pwd: 'short', role: 'operator' }],
      ['/api/admin/create', { name: 'a'.repeat(33), pwd: 'long-enough', role: 'operator' }],
      ['/api/admin/create', { name: 'rolebad', pwd: 'long-enough', role: 'root' }],
      ['/api/admin/create', { name: 'norole', pwd: 'long-enough' }],
      ['/api/admin/set_disabled', { admin_id: 'abc', disabled: 1 }],
      ['/api/admin/set_disabled', { admin_id: boss.id, disabled: 2 }],
      ['/api/admin/set_disabled', { admin_id: -1, disabled: 1 }],
      ['/api/admin/set_role', { admin_id: boss.id }],
      ['/api/admin/list', { page: 0 }],
      ['/api/admin/list', { count: 101 }],
    ] as const
    for (const [url, body] of bad)
      assert.equal((await boss.client.post(url, body)).status, 400, `${url} ${JSON.stringify(body)}`)
  })

  test('530: the last active admin can be neither disabled nor demoted', async () => {
    const fresh = await testApp({ SFM_ADMIN_NAME: 'solo', SFM_ADMIN_PASSWORD: 'solo-password' })
    try {
      const c = fresh.client()
      const solo = (await c.post('/api/admin/signin', { name: 'solo', pwd: 'solo-password' })).data
      assert.equal((await c.post('/api/admin/set_disabled', { admin_id: solo.id, disabled: 1 })).code, 530)
      assert.equal((await c.post('/api/admin/set_role', { admin_id: solo.id, role: 'operator' })).code, 530)
      const op = (await c.post('/api/admin/create', { name: 'op', pwd: 'op-password', role: 'operator' })).data
      assert.equal((await c.post('/api/admin/set_disabled', { admin_id: op.id, disabled: 1 })).code, 0)
      assert.equal((await c.post('/api/admin/set_disabled', { admin_id: solo.id, disabled: 1 })).code, 530)
      assert.equal((await c.get('/api/admin/me')).code, 0)
      assert.deepEqual(
        (await logOf(fresh, 'admin', solo.id)).map((l) => l.text),
        ['创建管理员账号 solo,角色admin'],
      )
    } finally {
      await fresh.close()
    }
  })

  test('two admins disabling or demoting each other at once: one of them stays an active admin', async () => {
    for (let round = 0; round < 6; round++) {
      const fresh = await testApp()
      try {
        const a = await makeAdmin(fresh, 'admin', false)
        const b = await makeAdmin(fresh, 'admin', false)
        const actorA = { type: 'admin' as const, id: a.id }
        const actorB = { type: 'admin' as const, id: b.id }
        // Straight to the service: through the API the loser may already be signed out by the winner.
        const [x, y] = await Promise.all([
          setAdminDisabled(fresh.db, actorA, b.id, true),
          round % 2
            ? setAdminAccountRole(fresh.db, actorB, a.id, 'operator')
            : setAdminDisabled(fresh.db, actorB, a.id, true),
        ])
        assert.deepEqual(
          [x.code, y.code].sort((m, n) => m - n),
          [0, 530],
        )
        const active = await fresh.db
          .selectFrom('admins')
          .select('id')
          .where('role', '=', 'admin')
          .where('disabled', '=', 0)
          .execute()
        assert.equal(active.length, 1)
      } finally {
        await fresh.close()
      }
    }
  })
})
