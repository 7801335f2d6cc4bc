import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { REPAY_SECONDS } from '../../../src/modules/order/index.ts'
import { queueDueReminders } from '../../../src/modules/credit_card/index.ts'
import { sendDueSms } from '../../../src/modules/sms/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, buySku, makeSku } from '../../shop.ts'

let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(() => assertReconciled(t))
after(() => t.close())

/** A customer with three paid orders: one owed and due later, one overdue, one repaid. */
async function customerWithDebts() {
  const c = await signUp(t)
  const addressId = await addAddress(c.client)
  const sku = await makeSku(t, { price: 100000, firstPay: [10000] })
  const ids: string[] = []
  for (let i = 0; i < 4; i++) ids.push((await buySku(c.client, addressId, sku, 1, 10000)).data)
  const [owed, overdue, repaid, unpaid] = ids as [string, string, string, string]
  const now = nowSeconds()
  await t.db
    .updateTable('orders')
    .set({ state: 1, pay_time: now - 100 })
    .where('order_id', '=', owed)
    .execute()
  await t.db
    .updateTable('orders')
    .set({ state: 2, pay_time: now - REPAY_SECONDS - 100 })
    .where('order_id', '=', overdue)
    .execute()
  // Repaid: the credit went back to the card, as the card_pay webhook does.
  await t.db
    .updateTable('orders')
    .set({ state: 3, pay_time: now - 200, credit_card_state: 1, credit_held: 0 })
    .where('order_id', '=', repaid)
    .execute()
  await t.db
    .updateTable('credit_cards')
    .set((eb) => ({ remain_amount: eb('remain_amount', '+', 90000) }))
    .where('user_id', '=', c.userId)
    .execute()
  return { ...c, owed, overdue, repaid, unpaid, now }
}

describe('credit_card/detail', () => {
  test('the card with its paid borrowing orders, by type, with the due date', async () => {
    const { client, owed, overdue, repaid } = await customerWithDebts()
    const ids = async (type: string) =>
      (await client.get('/api/credit_card/detail', { type })).data.credit_card.orders
        .map((o: { order_id: string }) => o.order_id)
        .sort()
    assert.deepEqual(await ids('all'), [owed, overdue, repaid].sort())
    assert.deepEqual(await ids('need_pay'), [owed, overdue].sort())
    assert.deepEqual(await ids('over_time'), [overdue])
    assert.deepEqual(await ids('has_pay'), [repaid])
    const res = await client.get('/api/credit_card/detail', { type: 'all', page: 1, count: 2 })
    assert.equal(res.code, 0)
    assert.deepEqual(res.data.pagination, { total: 3, page: 1, count: 2 })
    const card = res.data.credit_card
    assert.match(card.card_id, /^216\d{12}$/)
    assert.equal(card.amount, 1000000)
    assert.equal(card.remain_amount, 1000000 - 90000 * 3)
    for (const o of card.orders) assert.equal(o.refund_time, o.pay_time + REPAY_SECONDS)
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

describe('repayment reminders', () => {
  const outboxOf = (mobile: string) => t.db.selectFrom('sms_outbox').selectAll().where('mobile', '=', mobile).execute()
  const sentTo = (mobile: string, orderId: string) =>
    t.sms.messages.filter((m) => m.mobile === mobile && m.text.includes(orderId)).length

  test('one reminder per overdue order, in the outbox before it is sent, never sent twice by two workers', async () => {
    const { overdue, mobile } = await customerWithDebts()
    const queued = await Promise.all([queueDueReminders(t.db), queueDueReminders(t.db)])
    assert.ok(queued.reduce((a, b) => a + b, 0) >= 1)
    const rows = await outboxOf(mobile)
    assert.equal(rows.length, 1)
    assert.equal(rows[0]!.template, 'repay_overdue')
    assert.deepEqual(JSON.parse(rows[0]!.params), { order_id: overdue, amount: 90000, fee: 0 })
    assert.equal(sentTo(mobile, overdue), 0)
    await Promise.all([sendDueSms(t.app.deps, nowSeconds()), sendDueSms(t.app.deps, nowSeconds())])
    assert.equal(sentTo(mobile, overdue), 1)
    assert.match(t.sms.messages.filter((m) => m.mobile === mobile).at(-1)!.text, /900\.00元已逾期/)
    await queueDueReminders(t.db)
    await sendDueSms(t.app.deps, nowSeconds())
    assert.equal(sentTo(mobile, overdue), 1)
    assert.equal((await outboxOf(mobile))[0]!.state, 'sent')
    const reminders = await t.db.selectFrom('repay_reminders').selectAll().where('order_id', '=', overdue).execute()
    assert.equal(reminders.length, 1)
  })

  test('a failed send stays queued and goes out on a later run', async () => {
    const { overdue, mobile } = await customerWithDebts()
    await queueDueReminders(t.db)
    t.sms.failWith = { ok: false, kind: 'unavailable', reason: 'gateway down', maybeSent: false }
    try {
      await sendDueSms(t.app.deps, nowSeconds())
    } finally {
      t.sms.failWith = null
    }
    const [row] = await outboxOf(mobile)
    assert.equal(row!.state, 'queued')
    assert.equal(row!.last_error, 'gateway down')
    assert.equal(sentTo(mobile, overdue), 0)
    await sendDueSms(t.app.deps, row!.next_attempt_at)
    assert.equal(sentTo(mobile, overdue), 1)
  })
})
