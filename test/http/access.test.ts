import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { Access } from '../../src/http/auth.ts'
import { makeAdmin } from '../admin.ts'
import { signUp, testApp, type TestApp } from '../helper.ts'

// Every route the app registers, called by every kind of caller: each answers only those its
// declaration names, and the guard's refusals are exactly 401 (no session of the right kind)
// and 403 (an admin whose role is not enough).

let t: TestApp
before(async () => {
  t = await testApp()
})
after(() => t.close())

type Actor = 'anonymous' | 'customer' | 'operator' | 'admin' | 'disabled admin'
const ACTORS: Actor[] = ['anonymous', 'customer', 'operator', 'admin', 'disabled admin']

/** What the guard answers each actor on a route of each access: 'in' when it lets them through. */
const EXPECTED: Record<Access, Record<Actor, 'in' | 401 | 403>> = {
  public: { anonymous: 'in', customer: 'in', operator: 'in', admin: 'in', 'disabled admin': 'in' },
  customer: { anonymous: 401, customer: 'in', operator: 401, admin: 401, 'disabled admin': 401 },
  'admin:operator': { anonymous: 401, customer: 401, operator: 'in', admin: 'in', 'disabled admin': 401 },
  'admin:admin': { anonymous: 401, customer: 401, operator: 403, admin: 'in', 'disabled admin': 401 },
}

/**
 * The back office as SPEC §7 (and §6.6 for coupons) divides it: operators run orders; everything else is the admin
 * role's.
 */
const BACK_OFFICE: Record<string, Access> = {
  '/api/admin/signout': 'admin:operator',
  '/api/admin/me': 'admin:operator',
  '/api/admin/list': 'admin:admin',
  '/api/admin/create': 'admin:admin',
  '/api/admin/set_disabled': 'admin:admin',
  '/api/admin/set_role': 'admin:admin',
  '/api/admin/reset_pwd': 'admin:admin',
  '/api/order/list': 'admin:operator',
  '/api/order/detail': 'admin:operator',
  '/api/order/send_out': 'admin:operator',
  '/api/order/add_admin_note': 'admin:operator',
  '/api/order/refund': 'admin:operator',
  '/api/order/refund_flagged': 'admin:operator',
  '/api/after_sale/list': 'admin:operator',
  '/api/after_sale/detail': 'admin:operator',
  '/api/after_sale/review': 'admin:operator',
  '/api/after_sale/receive': 'admin:operator',
  '/api/after_sale/refund': 'admin:operator',
  '/api/credit_card/get_credit_cards': 'admin:admin',
  '/api/credit_card/set_credit_cards': 'admin:admin',
  '/api/credit_card/waive_fee': 'admin:admin',
  '/api/credit_card/get_card_detail': 'admin:admin',
  '/api/user/list_auth': 'admin:admin',
  '/api/user/review_auth': 'admin:admin',
  '/api/sku/admin_list': 'admin:admin',
  '/api/sku/save': 'admin:admin',
  '/api/sku/set_stock': 'admin:admin',
  '/api/sku/delete': 'admin:admin',
  '/api/coupon/list': 'admin:admin',
  '/api/coupon/save': 'admin:admin',
  '/api/coupon/set_enabled': 'admin:admin',
  '/api/coupon/redemptions': 'admin:admin',
  '/api/payment/refund_list': 'admin:operator',
  '/api/sms/list': 'admin:operator',
  // SPEC §7 "Running a real shop from it".
  '/api/order/export': 'admin:operator',
  '/api/order/bulk_send_out': 'admin:operator',
  '/api/credit_card/export': 'admin:admin',
  '/api/stats/overview': 'admin:admin',
}

const GUARD_MESSAGES = ['未登录', '管理员未登录', '没有权限执行此操作']

test('the back office is declared as SPEC §7 divides it, and no other route is an admin route', () => {
  const declared = new Map<string, Access>()
  for (const [path, routes] of t.app.routeTable)
    for (const r of routes) if (r.access.startsWith('admin:')) declared.set(path, r.access)
  assert.deepEqual(Object.fromEntries([...declared].sort()), Object.fromEntries(Object.entries(BACK_OFFICE).sort()))
  for (const [path, access] of Object.entries(BACK_OFFICE))
    assert.ok(
      t.app.routeTable.get(path)?.every((r) => r.access === access),
      path,
    )
})

test('every route answers only the actors and roles it declares', async () => {
  const customer = await signUp(t)
  const operator = await makeAdmin(t, 'operator', false)
  const admin = await makeAdmin(t, 'admin', false)
  const disabled = await makeAdmin(t, 'admin', false)
  const { customer: customerSessions, admin: adminSessions } = t.app.deps.sessions
  const disabledToken = await adminSessions.create(disabled.id)
  // Disabled behind the session's back: the 401 is the disabled account's, not a revoked session's.
  await t.db.updateTable('admins').set({ disabled: 1 }).where('id', '=', disabled.id).execute()

  // A fresh session per call: some routes (the sign-outs) end the one they are called with.
  const cookieOf = async (actor: Actor): Promise<string> => {
    switch (actor) {
      case 'anonymous':
        return ''
      case 'customer':
        return `sfm_user_token=${await customerSessions.create(customer.userId)}`
      case 'operator':
        return `sfm_admin_token=${await adminSessions.create(operator.id)}`
      case 'admin':
        return `sfm_admin_token=${await adminSessions.create(admin.id)}`
      case 'disabled admin':
        return `sfm_admin_token=${disabledToken}`
    }
  }

  let calls = 0
  for (const [path, routes] of t.app.routeTable) {
    const url = path.replace(/:\w+/g, 'x').replace(/\*$/, 'x')
    for (const { method, access } of routes) {
      for (const actor of ACTORS) {
        const res = await t.app.inject({
          method: method as 'GET' | 'HEAD' | 'POST',
          url,
          headers: {
            cookie: `_xsrf=tok; ${await cookieOf(actor)}`,
            'x-xsrftoken': 'tok',
            ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
          },
          ...(method === 'POST' ? { payload: '{}' } : {}),
        })
        calls++
        const want = EXPECTED[access][actor]
        const where = `${method} ${path} (${access}) as ${actor}: ${res.statusCode} ${res.body}`
        if (want === 'in') {
          // Past the guard: the route answers for itself (200, a 400 for the empty body, the webhook's own 401…), never
          // the guard's refusal.
          const refused =
            (res.statusCode === 401 || res.statusCode === 403) &&
            (method === 'HEAD' || GUARD_MESSAGES.includes(res.json().msg))
          assert.ok(!refused && res.statusCode !== 500, where)
        } else {
          assert.equal(res.statusCode, want, where)
          if (method !== 'HEAD') assert.equal(res.json().code, want, where)
        }
      }
    }
  }
  assert.ok(calls > 300, String(calls))
})
