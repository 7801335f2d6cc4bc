import assert from 'node:assert/strict'
import { mock } from 'node:test'
import type { TestAdmin } from '../../admin.ts'
import type { Client, TestApp } from '../../helper.ts'
import { customerOrder } from '../../shop.ts'

export const DAY = 86_400

/** A customer's paid order (sandbox), shipped by `op` unless told; confirmed by the customer when `confirmed`. */
export async function orderAt(
  t: TestApp,
  op: TestAdmin,
  stage: 'paid' | 'shipped' | 'complete',
  opts: { channel?: 'alipay_pc_direct' | 'wx_pub_qr' } = {},
) {
  const o = await customerOrder(t, opts)
  if (stage !== 'paid') {
    const sent = await op.client.post('/api/order/send_out', {
      order_id: o.orderId,
      logistics: '顺丰',
      logistics_id: 'SF1',
    })
    assert.equal(sent.code, 0, JSON.stringify(sent.body))
  }
  if (stage === 'complete') {
    const done = await o.client.post('/api/order/confirm_order', { order_id: o.orderId })
    assert.equal(done.code, 0, JSON.stringify(done.body))
  }
  return o
}

export const apply = (
  client: Client,
  orderId: string,
  kind: 'refund' | 'return',
  extra: Record<string, unknown> = {},
) => client.post('/api/order/apply_refund', { order_id: orderId, kind, reason: '不想要了', ...extra })

/** Applies and answers the new request's id, failing the test on a refusal. */
export async function applied(client: Client, orderId: string, kind: 'refund' | 'return'): Promise<number> {
  const res = await apply(client, orderId, kind)
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return res.data.after_sale_id
}

export const orderRow = (t: TestApp, orderId: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
export const requestRow = (t: TestApp, id: number) =>
  t.db.selectFrom('after_sales').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
export const outboxOf = async (t: TestApp, mobile: string) =>
  (
    await t.db
      .selectFrom('sms_outbox')
      .select(['template', 'params'])
      .where('mobile', '=', mobile)
      .orderBy('id')
      .execute()
  ).map((m) => ({ template: m.template, params: JSON.parse(m.params) }))

/** A clock the app reads (src/time.ts reads Date.now): starts now, moves only when told. */
export function frozenClock() {
  mock.timers.enable({ apis: ['Date'], now: Date.now() })
  return {
    /** moves the clock on `seconds` */
    tick: (seconds: number) => mock.timers.tick(seconds * 1000),
    reset: () => mock.timers.reset(),
  }
}

/** Signs a customer or an operator in again (their 12-hour session ends when the clock jumps days ahead). */
export async function signInAgain(client: Client, who: { mobile: string; pwd: string } | TestAdmin): Promise<void> {
  const res =
    'mobile' in who
      ? await client.post('/api/user/signin', { mobile_uer_name: who.mobile, pwd: who.pwd })
      : await client.post('/api/admin/signin', { name: who.name, pwd: who.pwd })
  assert.equal(res.code, 0, JSON.stringify(res.body))
}
