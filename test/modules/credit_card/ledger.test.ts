import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { DAY_SECONDS } from '../../../src/domain/credit.ts'
import { accrueLateFees } from '../../../src/modules/credit_card/index.ts'
import { makeAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'
import {
  backdateDebts,
  clock,
  debtOf,
  debtor,
  dueOf,
  entriesOf,
  payBill,
  repay,
  resetClock,
  travel,
} from '../../credit.ts'
import { assertReconciled, buySku, cardOf, makeSku, paidAnyway } from '../../shop.ts'

// The credit line after payment (SPEC §6.7): late fees, the freeze, repayment in parts, the bill.
// A debt here is ¥1 000 (100 000 fen): 0.05 % a day is 50 fen, the cap 24 % is 24 000 fen.
let t: TestApp
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
})
afterEach(async () => {
  resetClock()
  await assertReconciled(t)
})
after(() => t.close())

const accrue = (now: number, terms = t.config.credit) => accrueLateFees(t.db, terms, now)
const bill = async (c: { client: import('../../helper.ts').Client }) => {
  const res = await c.client.get('/api/credit_card/bill')
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return res.data
}

describe('late fees', () => {
  test('nothing through the grace period; 50 fen for each day after it, on the day it ends', async () => {
    const { orderIds } = await debtor(t)
    const orderId = orderIds[0]!
    const due = await dueOf(t, orderId)
    await accrue(due + 3 * DAY_SECONDS)
    await accrue(due + 4 * DAY_SECONDS - 1)
    assert.equal((await debtOf(t, orderId)).fee_accrued, 0, 'the third day has ended, the fourth not yet')
    await accrue(due + 4 * DAY_SECONDS)
    assert.equal((await debtOf(t, orderId)).fee_accrued, 50)
    await accrue(due + 4 * DAY_SECONDS + 3600)
    assert.equal((await debtOf(t, orderId)).fee_accrued, 50, 'each day once')
    const fees = (await entriesOf(t, orderId)).filter((e) => e.kind === 'fee_accrued')
    assert.deepEqual(
      fees.map((e) => [e.day, e.amount, e.actor_type]),
      [[4, 50, 'system']],
    )
  })

  test('fees stop at the cap, 24 % of the principal', async () => {
    const { orderIds } = await debtor(t)
    const orderId = orderIds[0]!
    const due = await dueOf(t, orderId)
    // 10 % a day: 10 000, 10 000, then 4 000 reaches the cap of 24 000.
    const steep = { ...t.config.credit, penaltyBps: 1000 }
    await accrue(due + 30 * DAY_SECONDS, steep)
    const debt = await debtOf(t, orderId)
    assert.equal(debt.fee_accrued, 24000)
    assert.deepEqual(
      (await entriesOf(t, orderId)).filter((e) => e.kind === 'fee_accrued').map((e) => e.amount),
      [10000, 10000, 4000],
    )
    await accrue(due + 60 * DAY_SECONDS, steep)
    assert.equal((await debtOf(t, orderId)).fee_accrued, 24000)
  })

  test('catch-up after the worker was down uses the principal outstanding at the end of each day', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const due = await dueOf(t, orderId)
    // The worker is down from the due time on. In day 6 the customer repays ¥500: the two fees owed
    // then (days 4 and 5, accrued by the repayment itself) are paid first, 49 900 of principal after.
    await travel(c, due + 5 * DAY_SECONDS + 100)
    await repay(c.client, orderId, 50000)
    assert.equal((await debtOf(t, orderId)).fee_accrued, 100)
    await accrue(due + 10 * DAY_SECONDS + 5)
    const debt = await debtOf(t, orderId)
    // Days 6–10 on 50 100 fen outstanding: 25 fen each.
    assert.equal(debt.fee_accrued, 100 + 5 * 25)
    assert.equal(debt.principal_repaid, 49900)
    assert.equal(debt.fee_repaid, 100)
    assert.deepEqual(
      (await entriesOf(t, orderId)).filter((e) => e.kind === 'fee_accrued').map((e) => [e.day, e.amount]),
      [
        [4, 50],
        [5, 50],
        [6, 25],
        [7, 25],
        [8, 25],
        [9, 25],
        [10, 25],
      ],
    )
  })

  test('several workers at once accrue each day once', async () => {
    const { orderIds } = await debtor(t)
    const orderId = orderIds[0]!
    const due = await dueOf(t, orderId)
    const at = due + 9 * DAY_SECONDS + 10
    await Promise.all([accrue(at), accrue(at), accrue(at + 1), accrue(at + 2)])
    assert.equal((await debtOf(t, orderId)).fee_accrued, 6 * 50)
    assert.equal((await entriesOf(t, orderId)).filter((e) => e.kind === 'fee_accrued').length, 6)
  })

  test('CREDIT_PENALTY_BPS=0 turns fees off', async () => {
    const { orderIds } = await debtor(t)
    const due = await dueOf(t, orderIds[0]!)
    await accrue(due + 20 * DAY_SECONDS, { ...t.config.credit, penaltyBps: 0 })
    assert.equal((await debtOf(t, orderIds[0]!)).fee_accrued, 0)
  })
})

describe('the freeze (272)', () => {
  test('no borrowing while a debt is past its grace period; buying outright goes; repaying lifts it at once', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const due = await dueOf(t, orderId)
    const outright = await makeSku(t, { price: 20000, firstPay: [20000] })
    await travel(c, due + 3 * DAY_SECONDS)
    assert.equal((await buySku(c.client, c.addressId, c.sku, 1, 10000)).code, 0, 'still within the grace period')
    assert.equal((await bill(c)).frozen, false)
    // That order is not paid; its credit is held.
    clock.set(due + 3 * DAY_SECONDS + 1)
    const frozen = await buySku(c.client, c.addressId, c.sku, 1, 10000)
    assert.equal(frozen.code, 272)
    assert.equal(frozen.body.msg, '额度卡已逾期, 请先还款')
    assert.equal((await bill(c)).frozen, true)
    const dear = await makeSku(t, { price: 5_000_000, firstPay: [10000] })
    const heldBefore = (await cardOf(t, c.userId)).remain_amount
    assert.equal((await buySku(c.client, c.addressId, dear, 1, 10000)).code, 272, 'frozen comes before short')
    assert.equal((await cardOf(t, c.userId)).remain_amount, heldBefore, 'a refusal takes nothing')
    assert.equal((await buySku(c.client, c.addressId, outright, 1, 20000)).code, 0, 'an order that borrows nothing')
    await repay(c.client, orderId, 40000)
    assert.equal((await buySku(c.client, c.addressId, c.sku, 1, 10000)).code, 272, 'a part leaves it frozen')
    await repay(c.client, orderId)
    assert.equal((await bill(c)).frozen, false)
    assert.equal((await buySku(c.client, c.addressId, c.sku, 1, 10000)).code, 0)
    assert.equal((await buySku(c.client, c.addressId, dear, 1, 10000)).code, 271, 'not frozen: short')
  })
})

describe('repayment in parts (312)', () => {
  test('below the minimum, above what is owed, malformed: refused; the last fen may be less than 100', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const pay = (amount: unknown) =>
      c.client.post('/api/credit_card/pay', { pay_params: { order_id: orderId, channel: 'wx_pub_qr', amount } })
    assert.equal((await pay(99)).code, 312)
    assert.equal((await pay(100001)).code, 312)
    assert.equal((await pay(0)).code, 101)
    assert.equal((await pay(-100)).code, 101)
    assert.equal((await pay('abc')).code, 101)
    assert.equal((await pay(100.5)).code, 101)
    const stranger = await debtor(t)
    const theirs = await stranger.client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'wx_pub_qr', amount: 100 },
    })
    assert.equal(theirs.code, 310)
    const before = (await cardOf(t, c.userId)).remain_amount
    await repay(c.client, orderId, 100000 - 50)
    // The principal part is back on the card at once.
    assert.equal((await cardOf(t, c.userId)).remain_amount, before + 100000 - 50)
    assert.equal((await pay(49)).code, 312)
    assert.equal((await pay(51)).code, 312)
    await repay(c.client, orderId, 50)
    const debt = await debtOf(t, orderId)
    assert.equal(debt.state, 'repaid')
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000)
    assert.equal((await pay(100)).code, 310, 'nothing owed')
    const order = await t.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
    assert.equal(order.credit_card_state, 1)
    assert.equal(order.credit_held, 0)
  })

  test('a payment goes to the fee first, then principal', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const due = await dueOf(t, orderId)
    await travel(c, due + 10 * DAY_SECONDS + 10)
    assert.equal((await bill(c)).fee_due, 350)
    await repay(c.client, orderId, 300)
    let debt = await debtOf(t, orderId)
    assert.deepEqual([debt.fee_repaid, debt.principal_repaid], [300, 0])
    await repay(c.client, orderId, 1000)
    debt = await debtOf(t, orderId)
    assert.deepEqual([debt.fee_repaid, debt.principal_repaid], [350, 950])
  })

  test('a repayment racing the day’s accrual: the day is charged once and the money applied once', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const due = await dueOf(t, orderId)
    await travel(c, due + 5 * DAY_SECONDS - 100)
    const charge = await c.client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'wx_pub_qr' },
    })
    assert.equal(charge.data.amount, 100050)
    clock.set(due + 5 * DAY_SECONDS + 10)
    await Promise.all([
      c.client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' }),
      accrue(due + 5 * DAY_SECONDS + 10),
      accrue(due + 5 * DAY_SECONDS + 10),
    ])
    const debt = await debtOf(t, orderId)
    // Day 5 ended before the money arrived: it is charged, and the 100 050 fen leave its 50 fen owed.
    assert.equal(debt.fee_accrued, 100)
    assert.equal(debt.fee_repaid + debt.principal_repaid, 100050)
    assert.equal(debt.state, 'owed')
    await repay(c.client, orderId)
    assert.equal((await debtOf(t, orderId)).state, 'repaid')
  })

  test('money arriving after the debt changed is applied as far as owed and the rest flagged for refund', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const whole = await c.client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'wx_pub_qr' },
    })
    assert.equal(whole.data.amount, 100000)
    await repay(c.client, orderId, 60000)
    await c.client.post('/api/sandbox/complete', { charge_id: whole.data.id, outcome: 'succeeded' })
    const debt = await debtOf(t, orderId)
    assert.equal(debt.state, 'repaid')
    assert.equal(debt.principal_repaid, 100000)
    assert.equal(debt.overpaid, 60000)
    const over = (await entriesOf(t, orderId)).filter((e) => e.kind === 'overpaid')
    assert.deepEqual(
      over.map((e) => e.amount),
      [60000],
    )
    // A charge paid once nothing is owed at all: the whole payment is given back.
    const late = await c.client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'wx_pub_qr' },
    })
    assert.equal(late.code, 310)
    const third = (await t.db.selectFrom('order_charges').selectAll().where('order_id', '=', orderId).execute()).find(
      (ch) => ch.purpose === 'card_pay' && ch.charge_id !== whole.data.id && ch.amount === 60000,
    )
    assert.ok(third)
    await paidAnyway(t, c.client, third.charge_id)
    const payments = await t.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute()
    assert.equal(payments.filter((p) => p.needs_refund === 1).length, 0, 'the 60 000 charge was the one paid in part')
  })
})

describe('the bill', () => {
  test('what is owed and by when, oldest due first; one payment spread over three debts, fee before principal', async () => {
    const real = clock.now()
    clock.set(real - 20 * DAY_SECONDS)
    const c = await debtor(t, { orders: 1 })
    await travel(c, real - 10 * DAY_SECONDS)
    for (let i = 0; i < 2; i++) {
      const res = await buySku(c.client, c.addressId, c.sku, 1, 10000)
      const charge = await c.client.post('/api/order/pay', { pay_params: { order_id: res.data, channel: 'wx_pub_qr' } })
      await c.client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })
      c.orderIds.push(res.data)
    }
    const [oldest, second, third] = c.orderIds as [string, string, string]
    const oldDue = await dueOf(t, oldest)
    await travel(c, oldDue + 10 * DAY_SECONDS + 10)
    const b = await bill(c)
    // Oldest due first; the two of the same second by order id.
    assert.deepEqual(
      b.debts.map((d: { order_id: string }) => d.order_id),
      [oldest, ...[second, third].sort()],
    )
    assert.equal(b.fee_due, 350)
    assert.equal(b.principal_due, 300000)
    assert.equal(b.total_due, 300350)
    assert.equal(b.next_due_time, oldDue)
    assert.equal(b.debts[0].overdue_days, 11)
    assert.equal(b.debts[1].overdue_days, 1)
    assert.equal(b.frozen, true)
    // 150 350: the oldest debt's fee and principal, then half of the second.
    await payBill(c.client, 150350)
    assert.equal((await debtOf(t, oldest)).state, 'repaid')
    const [next, last] = [second, third].sort() as [string, string]
    assert.equal((await debtOf(t, next)).principal_repaid, 50000)
    assert.equal((await debtOf(t, last)).principal_repaid, 0)
    assert.equal((await bill(c)).frozen, false)
    await payBill(c.client)
    for (const id of [oldest, second, third]) assert.equal((await debtOf(t, id)).state, 'repaid')
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000)
    const none = await c.client.post('/api/credit_card/pay_bill', { pay_params: { channel: 'wx_pub_qr' } })
    assert.equal(none.code, 310)
    assert.equal((await bill(c)).total_due, 0)
  })

  test('pay_bill: bad amounts 312 or 101; no session 401', async () => {
    const c = await debtor(t)
    const pay = (amount: unknown) =>
      c.client.post('/api/credit_card/pay_bill', { pay_params: { channel: 'wx_pub_qr', amount } })
    assert.equal((await pay(99)).code, 312)
    assert.equal((await pay(100001)).code, 312)
    assert.equal((await pay(-1)).code, 101)
    assert.equal((await pay('abc')).code, 101)
    assert.equal((await c.client.post('/api/credit_card/pay_bill', { pay_params: { channel: 'cash' } })).code, 101)
    assert.equal((await t.client().get('/api/credit_card/bill')).status, 401)
  })
})

describe('waive_fee (313)', () => {
  test('waives at most the outstanding fee, logged with the admin', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const due = await dueOf(t, orderId)
    await travel(c, due + 10 * DAY_SECONDS + 10)
    // Signed in at this time: weeks later, the admin's session from before has ended.
    const admin = await makeAdmin(t, 'admin')
    const waive = (body: Record<string, unknown>) => admin.client.post('/api/credit_card/waive_fee', body)
    assert.equal((await waive({ order_id: orderId, amount: 351, reason: '客户投诉' })).code, 313)
    const done = await waive({ order_id: orderId, amount: 150, reason: '客户投诉' })
    assert.equal(done.code, 0, JSON.stringify(done.body))
    assert.equal(done.data.fee_waived, 150)
    assert.equal(done.data.fee_due, 200)
    const entry = (await entriesOf(t, orderId)).find((e) => e.kind === 'fee_waived')
    assert.equal(entry?.actor_type, 'admin')
    assert.equal(entry?.actor_id, admin.id)
    assert.equal(entry?.amount, 150)
    assert.equal(entry?.note, '客户投诉')
    assert.equal((await waive({ order_id: '1234567890123456', amount: 1, reason: 'x' })).code, 218)
    assert.equal((await waive({ order_id: orderId, amount: 0, reason: 'x' })).code, 101)
    assert.equal((await waive({ order_id: orderId, amount: -5, reason: 'x' })).code, 101)
    assert.equal((await waive({ order_id: orderId, amount: 10, reason: '' })).code, 100)
    assert.equal((await waive({ order_id: orderId, amount: 10 })).code, 100)
    assert.equal((await waive({ order_id: orderId, amount: 10, reason: 'x'.repeat(201) })).code, 101)
    assert.equal((await waive({ order_id: 'abc', amount: 10, reason: 'x' })).code, 101)
    const operator = await makeAdmin(t, 'operator')
    const refused = await operator.client.post('/api/credit_card/waive_fee', {
      order_id: orderId,
      amount: 10,
      reason: 'x',
    })
    assert.equal(refused.status, 403)
    assert.equal((await waive({ order_id: orderId, amount: 200, reason: '全部减免' })).code, 0)
    assert.equal((await bill(c)).total_due, 100000)
    await repay(c.client, orderId)
    assert.equal((await debtOf(t, orderId)).state, 'repaid')
    assert.equal((await waive({ order_id: orderId, amount: 1, reason: 'x' })).code, 313)
  })
})

describe('the back office', () => {
  test('owed amounts and overdue days on the card list, the M0–M3 filter, and every entry of a debt', async () => {
    const real = clock.now()
    clock.set(real - 100 * DAY_SECONDS)
    const m2 = await debtor(t)
    clock.set(real - 70 * DAY_SECONDS)
    const m1 = await debtor(t)
    resetClock()
    const m0 = await debtor(t)
    clock.set(real)
    await accrue(real)
    const admin = await makeAdmin(t, 'admin')
    const cards = async (overdue: string) => {
      const res = await admin.client.get('/api/credit_card/get_credit_cards', { overdue, count: 100 })
      assert.equal(res.code, 0, JSON.stringify(res.body))
      return res.data.credit_cards as {
        user_id: number
        owed_principal: number
        owed_fee: number
        max_overdue_days: number
      }[]
    }
    const ids = async (overdue: string) => (await cards(overdue)).map((c) => c.user_id)
    assert.ok((await ids('M0')).includes(m0.userId))
    assert.ok(!(await ids('M0')).includes(m1.userId))
    assert.ok((await ids('M1')).includes(m1.userId))
    assert.ok((await ids('M2')).includes(m2.userId))
    assert.ok(!(await ids('M3')).includes(m2.userId))
    const row = (await cards('M2')).find((c) => c.user_id === m2.userId)
    assert.equal(row?.max_overdue_days, 40)
    assert.equal(row?.owed_principal, 100000)
    assert.equal(row?.owed_fee, 37 * 50, 'days 4 to 40, accrued by the worker')
    assert.equal((await admin.client.get('/api/credit_card/get_credit_cards', { overdue: 'M4' })).code, 101)
    const card = await cardOf(t, m1.userId)
    const detail = await admin.client.get('/api/credit_card/get_card_detail', { card_id: card.card_id })
    assert.equal(detail.code, 0)
    const [info] = detail.data.card_order_infos
    assert.equal(info.debt.state, 'owed')
    const entries = info.entries as { kind: string; amount: number; day: number | null; actor_type: string }[]
    assert.deepEqual(entries[0], { ...entries[0], kind: 'borrow', amount: 100000, day: null, actor_type: 'system' })
    assert.deepEqual(
      entries.slice(1).map((e) => [e.kind, e.day, e.amount]),
      [4, 5, 6, 7, 8, 9, 10].map((d) => ['fee_accrued', d, 50]),
    )
  })
})

describe('the overdue buckets', () => {
  type Bucket = 'M0' | 'M1' | 'M2' | 'M3'
  /** Each card holder's bucket as the debts say, computed here: by the oldest owed debt's days past due. */
  const reference = async (now: number): Promise<Map<number, Bucket>> => {
    const cards = await t.db.selectFrom('credit_cards').select('user_id').execute()
    const owed = await t.db
      .selectFrom('credit_debts')
      .select(['user_id', 'due_time'])
      .where('state', '=', 'owed')
      .execute()
    const buckets = new Map<number, Bucket>(cards.map((c) => [c.user_id, 'M0']))
    for (const c of cards) {
      const oldest = Math.min(...owed.filter((d) => d.user_id === c.user_id).map((d) => d.due_time))
      const late = now - oldest
      if (late > 60 * DAY_SECONDS) buckets.set(c.user_id, 'M3')
      else if (late > 30 * DAY_SECONDS) buckets.set(c.user_id, 'M2')
      else if (late > 0) buckets.set(c.user_id, 'M1')
    }
    return buckets
  }
  const listed = async (admin: Awaited<ReturnType<typeof makeAdmin>>, overdue: Bucket) => {
    const res = await admin.client.get('/api/credit_card/get_credit_cards', { overdue, count: 100 })
    assert.equal(res.code, 0, JSON.stringify(res.body))
    return (res.data.credit_cards as { user_id: number }[]).map((c) => c.user_id).sort((a, b) => a - b)
  }
  const assertBuckets = async (admin: Awaited<ReturnType<typeof makeAdmin>>) => {
    const expected = await reference(clock.now())
    for (const b of ['M0', 'M1', 'M2', 'M3'] as const) {
      const want = [...expected].filter(([, v]) => v === b).map(([id]) => id)
      assert.deepEqual(
        await listed(admin, b),
        want.sort((x, y) => x - y),
        b,
      )
    }
  }

  test('a card is in the bucket of its oldest owed debt, and moves as its debts are repaid', async () => {
    // Held still: the edge below is exactly sixty days past due.
    const now = clock.now()
    clock.set(now)
    const c = await debtor(t, { orders: 3 })
    const [m3, m2, m1] = c.orderIds as [string, string, string]
    await backdateDebts(t.db, [m3], now - 61 * DAY_SECONDS)
    await backdateDebts(t.db, [m2], now - 31 * DAY_SECONDS)
    await backdateDebts(t.db, [m1], now - 1)
    const edge = await debtor(t)
    await backdateDebts(t.db, edge.orderIds, now - 60 * DAY_SECONDS)
    const admin = await makeAdmin(t, 'admin')
    await assertBuckets(admin)
    assert.ok((await listed(admin, 'M3')).includes(c.userId))
    assert.ok((await listed(admin, 'M2')).includes(edge.userId), 'sixty days past due is still M2')
    for (const [orderId, next] of [
      [m2, 'M3'],
      [m3, 'M1'],
      [m1, 'M0'],
    ] as const) {
      await repay(c.client, orderId)
      await assertBuckets(admin)
      assert.ok((await listed(admin, next)).includes(c.userId), `${orderId} repaid: ${next}`)
    }
  })
})

describe('bad input', () => {
  test('malformed JSON, missing parameters and someone else’s order: nothing is charged or waived', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const admin = await makeAdmin(t, 'admin')
    for (const [client, path] of [
      [c.client, '/api/credit_card/pay'],
      [c.client, '/api/credit_card/pay_bill'],
      [admin.client, '/api/credit_card/waive_fee'],
    ] as const) {
      const malformed = await client.raw(path, '{"pay_params": {', {
        'content-type': 'application/json',
        'x-xsrftoken': await client.xsrf(),
      })
      assert.equal(malformed.status, 400, path)
      assert.equal((await client.post(path, {})).code, 100, path)
    }
    assert.equal((await c.client.post('/api/credit_card/pay', { pay_params: { channel: 'wx_pub_qr' } })).code, 100)
    const long = 'x'.repeat(21)
    const tooLong = await c.client.post('/api/credit_card/pay', {
      pay_params: { order_id: long, channel: 'wx_pub_qr' },
    })
    assert.equal(tooLong.code, 101)
    const stranger = await debtor(t)
    const theirs = await stranger.client.post('/api/credit_card/pay', {
      pay_params: { order_id: orderId, channel: 'wx_pub_qr' },
    })
    assert.equal(theirs.code, 310, 'someone else’s debt answers as one with nothing owed')
    const charges = await t.db.selectFrom('order_charges').select('charge_id').where('order_id', '=', orderId).execute()
    assert.equal(charges.length, 1, 'only the first payment’s charge')
    assert.equal((await debtOf(t, orderId)).fee_waived, 0)
  })
})

describe('the README’s worked example', () => {
  test('a debt of ¥1 000, 10 days late, repaid in two parts', async () => {
    const c = await debtor(t)
    const orderId = c.orderIds[0]!
    const due = await dueOf(t, orderId)
    // Ten days after the due time: days 4–10 are past the grace period, 7 × ¥0.50.
    await travel(c, due + 10 * DAY_SECONDS)
    let b = await bill(c)
    assert.deepEqual([b.principal_due, b.fee_due, b.total_due], [100000, 350, 100350])
    // ¥500 now: ¥3.50 of fee first, ¥496.50 of principal, which is back on the card at once.
    await repay(c.client, orderId, 50000)
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000 - 100000 + 49650)
    // Two days later, days 11 and 12 on ¥503.50 outstanding: floor(50 350 × 5 / 10 000) = 25 fen each.
    await travel(c, due + 12 * DAY_SECONDS)
    b = await bill(c)
    assert.deepEqual([b.principal_due, b.fee_due, b.total_due], [50350, 50, 50400])
    await repay(c.client, orderId)
    const debt = await debtOf(t, orderId)
    assert.equal(debt.state, 'repaid')
    assert.equal(debt.fee_accrued, 400)
    assert.equal(debt.fee_repaid + debt.principal_repaid, 100400, '¥1 004.00 in all')
    assert.equal((await cardOf(t, c.userId)).remain_amount, 1000000)
  })
})
