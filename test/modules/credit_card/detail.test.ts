import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { DAY_SECONDS } from '../../../src/domain/credit.ts'
import { queueDueReminders } from '../../../src/modules/credit_card/index.ts'
import { sendDueSms } from '../../../src/modules/sms/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { clock, debtor, dueOf, repay, resetClock, signInAgain, travel } from '../../credit.ts'
import { assertReconciled, buySku, payThroughSandbox } from '../../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(async () => {
  resetClock()
  await assertReconciled(t)
})
after(() => t.close())

/** A customer with three paid orders: one owed and due later, one overdue, one repaid; and one unpaid. */
async function customerWithDebts() {
  const real = nowSeconds()
  clock.set(real - 70 * DAY_SECONDS + 60)
  const c = await debtor(t, { orders: 2, principal: 90000 })
  const [overdue, repaid] = c.orderIds as [string, string]
  await repay(c.client, repaid)
  // Within the first debt's grace period, so it may still borrow.
  await travel(c, real - 9 * DAY_SECONDS)
  const owedRes = await buySku(c.client, c.addressId, c.sku, 1, 10000)
  await payThroughSandbox(c.client, owedRes.data)
  const unpaid = (await buySku(c.client, c.addressId, c.sku, 1, 10000)).data as string
  resetClock()
  await signInAgain(c)
  return { ...c, owed: owedRes.data as string, overdue, repaid, unpaid }
}

describe('credit_card/detail', () => {
  test('the card with its paid borrowing orders, by type, with the due date and what is owed', async () => {
    const { client, owed, overdue, repaid } = await customerWithDebts()
    const ids = async (type: string) =>
      (await client.get('/api/credit_card/detail', { type })).data.credit_card.orders
        .map((o: { order_id: string }) => o.order_id)
        .sort()
    assert.deepEqual(await ids('all'), [owed, overdue, repaid].sort())
    assert.deepEqual(await ids('need_pay'), [owed, overdue].sort())
    assert.deepEqual(await ids('over_time'), [overdue])
    assert.deepEqual(await ids('has_pay'), [repaid])
    const res = await client.get('/api/credit_card/detail', { type: 'all', page: 1, count: 3 })
    assert.equal(res.code, 0)
    assert.deepEqual(res.data.pagination, { total: 3, page: 1, count: 3 })
    const card = res.data.credit_card
    assert.match(card.card_id, /^216\d{12}$/)
    assert.equal(card.amount, 1000000)
    // Owed: two debts of 900.00; the unpaid order holds 900.00 more.
    assert.equal(card.remain_amount, 1000000 - 90000 * 3)
    for (const o of card.orders) assert.equal(o.refund_time, await dueOf(t, o.order_id))
    const byId = new Map(card.orders.map((o: { order_id: string }) => [o.order_id, o]))
    assert.equal((byId.get(overdue) as { overdue_days: number }).overdue_days, 10)
    assert.equal((byId.get(owed) as { overdue_days: number }).overdue_days, 0)
    assert.equal((byId.get(repaid) as { principal_repaid: number }).principal_repaid, 90000)
    // In its tenth day late: nine days have ended, six of them past the three days' grace: 6 × 0.05 % of 900.00.
    assert.equal((byId.get(overdue) as { fee_due: number }).fee_due, 6 * 45)
  })

  test('bad type 101; no session 401; only the caller’s card', async () => {
    const { client } = await customerWithDebts()
    assert.equal((await client.get('/api/credit_card/detail', { type: 'some' })).code, 101)
    assert.equal((await client.get('/api/credit_card/detail', { count: 1000 })).code, 101)
    assert.equal((await t.client().get('/api/credit_card/detail')).status, 401)
    const stranger = await signUp(t)
    const theirs = await stranger.client.get('/api/credit_card/detail')
    assert.deepEqual(theirs.data.credit_card.orders, [])
  })
})

describe('repayment reminders (SPEC §6.7)', () => {
  const outboxOf = (mobile: string) =>
    t.db.selectFrom('sms_outbox').selectAll().where('mobile', '=', mobile).orderBy('id').execute()
  const remind = (now: number) => queueDueReminders(t.db, t.config.credit, now)

  test('3 days before, 1 day after, then weekly, 4 after the due date: each once, even with two workers', async () => {
    const { orderIds, mobile } = await debtor(t)
    const [orderId] = orderIds as [string]
    const due = await dueOf(t, orderId)
    const kinds = async () =>
      (
        await t.db
          .selectFrom('debt_reminders')
          .select('kind')
          .where('order_id', '=', orderId)
          .orderBy('sent_time')
          .execute()
      ).map((r) => r.kind)
    await remind(due - 4 * DAY_SECONDS)
    assert.deepEqual(await kinds(), [])
    const expected: string[] = []
    for (const [at, kind] of [
      [due - 3 * DAY_SECONDS, 'due_soon'],
      [due + DAY_SECONDS, 'after_1'],
      [due + 8 * DAY_SECONDS, 'after_8'],
      [due + 15 * DAY_SECONDS, 'after_15'],
      [due + 22 * DAY_SECONDS, 'after_22'],
    ] as const) {
      await Promise.all([remind(at), remind(at + 10), remind(at + 3600)])
      expected.push(kind)
      assert.deepEqual(await kinds(), expected)
    }
    await remind(due + 29 * DAY_SECONDS)
    assert.deepEqual(await kinds(), expected, 'no fifth reminder after the due date')
    const rows = await outboxOf(mobile)
    assert.deepEqual(
      rows.map((r) => r.template),
      ['repay_due_soon', 'repay_overdue', 'repay_overdue', 'repay_overdue', 'repay_overdue'],
    )
    assert.equal(JSON.parse(rows[0]!.params).amount, 100000)
    assert.match(JSON.parse(rows[0]!.params).due_date, /^\d{4}-\d{2}-\d{2}$/)
    assert.deepEqual(JSON.parse(rows[1]!.params), { order_id: orderId, amount: 100000, fee: 0 })
    await Promise.all([sendDueSms(t.app.deps, nowSeconds()), sendDueSms(t.app.deps, nowSeconds())])
    assert.equal(t.sms.messages.filter((m) => m.mobile === mobile).length, 5 + 1, 'the sign-up code and five reminders')
  })

  test('after a downtime only the latest reminder due goes out; none once the debt is repaid', async () => {
    const { orderIds, mobile, client } = await debtor(t, { orders: 2 })
    const [late, repaid] = orderIds as [string, string]
    const due = await dueOf(t, late)
    await repay(client, repaid)
    await remind(due + 9 * DAY_SECONDS)
    const rows = await outboxOf(mobile)
    assert.equal(rows.length, 1)
    assert.equal(JSON.parse(rows[0]!.params).order_id, late)
    assert.equal(rows[0]!.template, 'repay_overdue')
  })

  test('a failed send stays queued and goes out on a later run', async () => {
    const { orderIds, mobile } = await debtor(t)
    const due = await dueOf(t, orderIds[0]!)
    await remind(due + DAY_SECONDS)
    // What the other tests left queued is out of the way, so this test's message is the one the failure meets.
    await t.db
      .updateTable('sms_outbox')
      .set({ state: 'failed' })
      .where('mobile', '!=', mobile)
      .where('state', '=', 'queued')
      .execute()
    t.sms.failWith = { ok: false, kind: 'unavailable', reason: 'gateway down', maybeSent: false }
    try {
      await sendDueSms(t.app.deps, nowSeconds())
    } finally {
      t.sms.failWith = null
    }
    const [row] = await outboxOf(mobile)
    assert.equal(row!.state, 'queued')
    assert.equal(row!.last_error, 'gateway down')
    await sendDueSms(t.app.deps, row!.next_attempt_at)
    assert.match(t.sms.messages.filter((m) => m.mobile === mobile).at(-1)!.text, /1000\.00元已逾期/)
  })
})
