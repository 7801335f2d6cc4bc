// /api/stats/overview against hand-made orders on both sides of midnight in the shop's zone,
// the overdue buckets, closed days kept (and summed again after a late payment), and who may read it.
// History made by hand behind the kept days' back forgets them (madeHistory), as a shop whose
// overview was never asked for would have none.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Insertable } from 'kysely'
import type { OrderStateCode, OrderTable } from '../../../src/db/types.ts'
import { noteLatePayment, overview as overviewAt } from '../../../src/modules/stats/index.ts'
import { keepOwed } from '../../credit.ts'
import { ZoneClock } from '../../../src/time.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

const DAY = 86_400
let t: TestApp
let boss: TestAdmin
let userId: number
let seq = 0
const clock = new ZoneClock('Asia/Shanghai')
const now = Math.floor(Date.now() / 1000)
const todayStart = clock.startOf(clock.date(now))

before(async () => {
  t = await testApp({ SHOP_TIMEZONE: 'Asia/Shanghai' })
  boss = await makeAdmin(t, 'admin')
  const user = await t.db
    .insertInto('users')
    .values({
      mobile: '13700000001',
      user_name: 'stats',
      pwd_hash: 'x',
      email: '',
      head_img: '',
      nick_name: '',
      signature: '',
      sex: 0,
      location: '',
      register_dt: now,
      lastlogin: null,
      lastloginip: '',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  userId = user.id
})
after(() => t.close())

const madeHistory = async () => {
  await t.db.deleteFrom('stats_days').execute()
  await t.db.deleteFrom('stats_slots').execute()
}

/** An order's row as order() makes it: ¥1 000 of goods, ¥10 shipping, ¥5 off, ¥900 borrowed. */
const orderRow = (
  orderId: string,
  at: number,
  state: OrderStateCode,
  payAt: number | null,
  repaid: boolean,
): Insertable<OrderTable> => ({
  order_id: orderId,
  user_id: userId,
  state,
  status: 1,
  sku_amount: 100_000,
  ship_amount: 1_000,
  credit_amount: -90_000,
  favour_amount: -500,
  manual_amount: 0,
  pay_amount: 10_500,
  credit_held: payAt !== null && !repaid ? 1 : 0,
  credit_card_state: repaid ? 1 : 0,
  address_id: 1,
  address_name: '收货人',
  address_mobile: '13700000001',
  address_text: '上海',
  create_time: at,
  update_time: at,
  expire_time: at + 1800,
  pay_time: payAt,
  user_note: '',
  admin_note: '',
  cancel_reason: '',
  logistics_id: '',
  logistics: '',
  send_time: null,
  confirm_time: null,
  cancel_time: null,
  refund_time: null,
  repay_time: null,
  coupon_code: '',
})

/**
 * An order committed at `at`, paid a minute later unless told; ¥1 000, ¥900 of it borrowed, a debt due
 * 60 days after payment with `principalRepaid` of it repaid (all of it when `repaid`).
 */
async function order(
  at: number,
  opts: { paid?: boolean; payAt?: number; state?: OrderStateCode; repaid?: boolean; principalRepaid?: number } = {},
) {
  const orderId = `${at}${String(++seq).padStart(6, '0')}`
  const payAt = opts.paid === false ? null : (opts.payAt ?? at + 60)
  const state: OrderStateCode = opts.state ?? (payAt === null ? 4 : 1)
  await t.db
    .insertInto('orders')
    .values(orderRow(orderId, at, state, payAt, opts.repaid === true))
    .execute()
  if (payAt !== null) {
    const principalRepaid = opts.repaid ? 90_000 : (opts.principalRepaid ?? 0)
    await t.db
      .insertInto('credit_debts')
      .values({
        order_id: orderId,
        user_id: userId,
        principal: 90_000,
        principal_repaid: principalRepaid,
        state: principalRepaid === 90_000 ? 'repaid' : 'owed',
        borrow_time: payAt,
        due_time: payAt + 60 * DAY,
        next_remind_time: null,
        update_time: payAt,
      })
      .execute()
    // As the ledger keeps it (credit_owed): what the debt still owes, on its due day.
    await keepOwed(t.db, userId, payAt + 60 * DAY, principalRepaid === 90_000 ? 0 : 90_000 - principalRepaid)
  }
  if (payAt !== null)
    await t.db
      .insertInto('payments')
      .values({
        order_id: orderId,
        target_type: 'pay',
        water_id: `w${orderId}`,
        channel_id: 1,
        channel_water_id: `ch_${orderId}`,
        amount: 10_500,
        event_id: `evt_${orderId}`,
        time: payAt,
      })
      .execute()
  await madeHistory()
  return orderId
}

/** A ¥7 repayment of `orderId` paid at `at`, written behind the kept sums' back (no late-payment counter). */
const repayment = (orderId: string, chargeId: string, at: number) =>
  t.db
    .insertInto('payments')
    .values({
      order_id: orderId,
      target_type: 'card',
      water_id: `w${chargeId}`,
      channel_id: 1,
      channel_water_id: chargeId,
      amount: 700,
      event_id: `evt_${chargeId}`,
      time: at,
    })
    .execute()

const overview = (days = 7) => boss.client.get('/api/stats/overview', { days })

describe('/api/stats/overview', () => {
  test('days are the shop’s: a second before its midnight is yesterday, midnight is today', async () => {
    const before = await overview()
    assert.equal(before.code, 0)
    assert.equal(before.data.days.length, 7)
    assert.equal(before.data.days.at(-1).date, clock.date(now))
    // Yesterday 23:59:00 and 23:59:59 Beijing time, today 00:00:00; one unpaid; one paid a day later.
    await order(todayStart - 60, { payAt: todayStart - 1 })
    await order(todayStart - 1, { payAt: todayStart })
    await order(todayStart, { payAt: todayStart + 1 })
    await order(todayStart + 10, { paid: false })
    await order(todayStart - DAY - 30, { payAt: todayStart + 5 })
    const res = await overview()
    const [yesterday, today] = res.data.days.slice(-2)
    const dayBefore = res.data.days.at(-3)
    assert.equal(yesterday.date, clock.date(todayStart - 1))
    assert.deepEqual([dayBefore.orders, yesterday.orders, today.orders], [1, 2, 2])
    assert.deepEqual([dayBefore.paid_orders, yesterday.paid_orders, today.paid_orders], [0, 1, 3])
    assert.equal(today.gmv, 3 * 100_500)
    assert.equal(today.first_payments, 3 * 10_500)
    assert.equal(today.credit_borrowed, 3 * 90_000)
    assert.equal(yesterday.first_payments, 10_500)
    assert.deepEqual([today.repayments, today.fees, today.refunds], [0, 0, 0])
    assert.deepEqual([res.data.now.to_ship, res.data.now.to_ship_capped], [4, 0])
  })

  test('credit outstanding (what the debts still owe) and overdue principal by how long past due', async () => {
    const base = (await overview()).data.now
    const paidDaysAgo = (d: number) => now - d * DAY
    await order(paidDaysAgo(65), { payAt: paidDaysAgo(65), state: 2 })
    await order(paidDaysAgo(100), { payAt: paidDaysAgo(100), state: 3 })
    await order(paidDaysAgo(140), { payAt: paidDaysAgo(140), state: 3 })
    await order(paidDaysAgo(140), { payAt: paidDaysAgo(140), state: 3, repaid: true })
    await order(paidDaysAgo(2), { payAt: paidDaysAgo(2), principalRepaid: 30_000 })
    const res = (await overview()).data.now
    assert.equal(res.credit_outstanding, base.credit_outstanding + 3 * 90_000 + 60_000)
    assert.deepEqual(res.overdue_principal, {
      M1: base.overdue_principal.M1 + 90_000,
      M2: base.overdue_principal.M2 + 90_000,
      M3: base.overdue_principal.M3 + 90_000,
    })
  })

  test('the late fees repaid count on the day they were paid', async () => {
    const orderId = await order(todayStart + 30)
    const before = (await overview()).data.days.at(-1)
    const entry = { order_id: orderId, user_id: userId, day: null, payment_id: null, actor_type: 'user' as const }
    await t.db
      .insertInto('credit_entries')
      .values([
        { ...entry, kind: 'fee_repaid', amount: 450, actor_id: userId, note: '', time: todayStart + 40 },
        { ...entry, kind: 'fee_repaid', amount: 50, actor_id: userId, note: '', time: todayStart - 1 },
        { ...entry, kind: 'principal_repaid', amount: 9_000, actor_id: userId, note: '', time: todayStart + 40 },
      ])
      .execute()
    await madeHistory()
    const [yesterday, today] = (await overview()).data.days.slice(-2)
    assert.equal(today.fees, before.fees + 450)
    assert.equal(yesterday.fees, 50)
  })

  test('a closed day is summed once and kept; today is summed again after each order', async () => {
    await order(todayStart - 8 * DAY + 100)
    const first = await overview(10)
    const kept = await t.db.selectFrom('stats_days').selectAll().execute()
    assert.ok(kept.some((d) => d.date === clock.date(todayStart - 8 * DAY + 100) && Number(d.orders) === 1))
    // Today, still open, is not kept.
    assert.ok(!kept.some((d) => d.date === clock.date(now)))
    await order(todayStart + 20)
    const second = await overview(10)
    assert.equal(second.data.days.at(-1).orders, first.data.days.at(-1).orders + 1)
    assert.deepEqual(second.data.days.slice(0, 5), first.data.days.slice(0, 5))
  })

  test('a payment recorded late counts on its day, kept or not; one on time does not reopen a kept day', async () => {
    const day = todayStart - 5 * DAY
    const payAt = day + 3600
    const orderId = await order(day + 60, { paid: false })
    const dayOf = async () => (await overview(10)).data.days.find((d: { date: string }) => d.date === clock.date(day))
    assert.equal((await dayOf()).first_payments, 0)
    const paid = (id: string, at: number) => repayment(orderId, id, at)
    // Recorded now for a time of payment five days ago: the kept day is summed again.
    await paid(`ch_late_${orderId}`, payAt)
    await noteLatePayment(t.db, payAt, now)
    assert.equal((await dayOf()).repayments, 700)
    // A payment found on time (here: one whose day is written behind the kept day's back) leaves it as kept.
    await paid(`ch_ontime_${orderId}`, payAt + 1)
    await noteLatePayment(t.db, now - 60, now)
    assert.equal((await dayOf()).repayments, 700)
  })

  test('today’s closed quarter hours are kept, the last half hour summed at each request; a late payment reopens its slot', async () => {
    // The service asked three hours into today: slots ending 15 minutes before are closed.
    const at = todayStart + 3 * 3600
    const today = async () => {
      const [day] = (await overviewAt(t.app.deps, 1, at)).value.days
      assert.ok(day)
      return day
    }
    const orderId = await order(todayStart + 3600, { paid: false })
    const before = await today()
    assert.ok(
      (await t.db.selectFrom('stats_slots').select('slot').execute()).some((r) => Number(r.slot) === todayStart + 3600),
    )
    const repaid = (id: string, at: number) => repayment(orderId, id, at)
    // Written behind the kept slot's back (a payment found on time would have been summed with it): not read.
    await repaid(`ch_slot_kept_${orderId}`, todayStart + 3700)
    assert.equal((await today()).repayments, before.repayments)
    // In the last half hour: summed at each request.
    await repaid(`ch_slot_open_${orderId}`, at - 100)
    assert.equal((await today()).repayments, before.repayments + 700)
    // Recorded late for the kept slot: it is summed again.
    await noteLatePayment(t.db, todayStart + 3700, at)
    assert.equal((await today()).repayments, before.repayments + 1400)
    assert.equal((await today()).orders, before.orders)
  })

  test('past 1 000 orders to ship the count stops and says so', async () => {
    const before = (await overview()).data.now
    assert.equal(before.to_ship_capped, 0)
    const ids = Array.from({ length: 1_001 - before.to_ship }, (_, i) => `${now - 7200}${String(900_000 + i)}`)
    for (let i = 0; i < ids.length; i += 500)
      await t.db
        .insertInto('orders')
        .values(ids.slice(i, i + 500).map((id) => orderRow(id, now - 7200, 1, now - 7100, false)))
        .execute()
    const capped = (await overview()).data.now
    assert.deepEqual([capped.to_ship, capped.to_ship_capped], [1_000, 1])
    await t.db.deleteFrom('orders').where('order_id', 'in', ids.slice(0, 1)).execute()
    const exact = (await overview()).data.now
    assert.deepEqual([exact.to_ship, exact.to_ship_capped], [1_000, 0])
  })

  test('admins only; days from 1 to 90', async () => {
    const op = await makeAdmin(t, 'operator')
    assert.equal((await op.client.get('/api/stats/overview')).status, 403)
    assert.equal((await t.client().get('/api/stats/overview')).status, 401)
    assert.equal((await overview(1)).data.days.length, 1)
    assert.equal((await overview(90)).data.days.length, 90)
    for (const days of [0, 91, -1, 'x', 1.5]) assert.equal((await overview(days as number)).status, 400, String(days))
    assert.equal((await boss.client.get('/api/stats/overview')).data.days.length, 30)
  })
})
