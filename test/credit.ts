import assert from 'node:assert/strict'
import { mock } from 'node:test'
import { DAY_SECONDS } from '../src/domain/credit.ts'
import type { Executor } from '../src/db/dialect.ts'
import { moveOwed, openDebt, principalDue, refreshOldestDue } from '../src/modules/credit/index.ts'
import { SYSTEM } from '../src/modules/oplog/index.ts'
import { signUp, type Client, type TestApp } from './helper.ts'
import { addAddress, buySku, makeSku, payThroughSandbox } from './shop.ts'

/**
 * The clock of the app under test (src/time.ts reads Date.now): set to a Unix second, moved on, and
 * given back after each test (`resetClock`). Timers stay real, so the app and the databases work.
 */
export const clock = {
  set(seconds: number): void {
    mock.timers.reset()
    mock.timers.enable({ apis: ['Date'], now: seconds * 1000 })
  },
  now: (): number => Math.floor(Date.now() / 1000),
  advance(seconds: number): void {
    clock.set(clock.now() + seconds)
  },
}
export const resetClock = () => mock.timers.reset()

export interface Debtor {
  client: Client
  mobile: string
  pwd: string
  userId: number
  addressId: number
  sku: string
  orderIds: string[]
}

/**
 * A customer who bought `orders` units of a ¥1 100 SKU, ¥100 paid first on each, each paid through
 * the sandbox: each order is a debt of `principal` fen (default ¥1 000), paid now, due in 60 days.
 */
export async function debtor(t: TestApp, opts: { orders?: number; principal?: number } = {}): Promise<Debtor> {
  const c = await signUp(t)
  const principal = opts.principal ?? 100000
  const sku = await makeSku(t, { price: principal + 10000, firstPay: [10000] })
  const addressId = await addAddress(c.client)
  const orderIds: string[] = []
  for (let i = 0; i < (opts.orders ?? 1); i++) {
    const res = await buySku(c.client, addressId, sku, 1, 10000)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    await payThroughSandbox(c.client, res.data)
    orderIds.push(res.data)
  }
  return { ...c, addressId, sku, orderIds }
}

/** Signs the customer in again: a jump of the clock by weeks outlives their session. */
export async function signInAgain(d: Pick<Debtor, 'client' | 'mobile' | 'pwd'>): Promise<void> {
  const res = await d.client.post('/api/user/signin', { mobile_uer_name: d.mobile, pwd: d.pwd })
  assert.equal(res.code, 0, JSON.stringify(res.body))
}

/** Sets the clock to `seconds` and signs the customer in again there. */
export async function travel(d: Pick<Debtor, 'client' | 'mobile' | 'pwd'>, seconds: number): Promise<void> {
  clock.set(seconds)
  await signInAgain(d)
}

/** The debt's due time. */
export async function dueOf(t: TestApp, orderId: string): Promise<number> {
  return (
    await t.db.selectFrom('credit_debts').select('due_time').where('order_id', '=', orderId).executeTakeFirstOrThrow()
  ).due_time
}

export async function debtOf(t: TestApp, orderId: string) {
  return t.db.selectFrom('credit_debts').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow()
}

export async function entriesOf(t: TestApp, orderId: string) {
  return t.db.selectFrom('credit_entries').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

/** The second in day `d` past the due time at which that day has just ended (+ `plus` seconds). */
export const endOfDay = (due: number, d: number, plus = 0) => due + d * DAY_SECONDS + plus

/**
 * Repays through the sandbox as the customer would: a charge from `credit_card/pay` (or the bill),
 * then the cashier's 支付 button. Answers the charge.
 */
export async function repay(client: Client, orderId: string, amount?: number) {
  const charge = await client.post('/api/credit_card/pay', {
    pay_params: { order_id: orderId, channel: 'alipay_pc_direct', ...(amount === undefined ? {} : { amount }) },
  })
  assert.equal(charge.code, 0, JSON.stringify(charge.body))
  const done = await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })
  assert.equal(done.code, 0, JSON.stringify(done.body))
  return charge.data
}

export async function payBill(client: Client, amount?: number) {
  const charge = await client.post('/api/credit_card/pay_bill', {
    pay_params: { channel: 'wx_pub_qr', ...(amount === undefined ? {} : { amount }) },
  })
  assert.equal(charge.code, 0, JSON.stringify(charge.body))
  const done = await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })
  assert.equal(done.code, 0, JSON.stringify(done.body))
  return charge.data
}

/**
 * Stands in for the payment webhook where a test only needs an order paid: state 1 at `paidAt`, and
 * what it borrowed a debt from then on, as the real payment makes it.
 */
export async function paidAsByWebhook(
  t: TestApp,
  orderId: string,
  paidAt = Math.floor(Date.now() / 1000),
): Promise<void> {
  await t.db.transaction().execute(async (trx) => {
    const order = await trx
      .updateTable('orders')
      .set({ state: 1, pay_time: paidAt })
      .where('order_id', '=', orderId)
      .returning(['user_id', 'credit_amount'])
      .executeTakeFirstOrThrow()
    if (order.credit_amount < 0) {
      const debt = { orderId, userId: order.user_id, principal: -order.credit_amount, paidAt }
      await openDebt(trx, t.config.credit, debt, SYSTEM)
    }
  })
}

/** Moves what credit_owed keeps on the due day of a debt of `userId` due at `dueTime`, as the ledger's writes do. */
export const keepOwed = (ex: Executor, userId: number, dueTime: number, delta: number): Promise<void> =>
  moveOwed(ex, { user_id: userId, due_time: dueTime }, delta)

/**
 * Moves debts' due time (as if borrowed earlier) and their next reminder, and what they owe in
 * credit_owed and their cards' oldest_due with them: the ledger stays reconciled.
 */
export async function backdateDebts(
  ex: Executor,
  orderIds: string[],
  dueTime: number,
  nextRemindTime?: number,
): Promise<void> {
  const debts = await ex.selectFrom('credit_debts').selectAll().where('order_id', 'in', orderIds).execute()
  for (const d of debts) {
    const owed = d.state === 'owed' ? principalDue(d) : 0
    await keepOwed(ex, d.user_id, d.due_time, -owed)
    await keepOwed(ex, d.user_id, dueTime, owed)
    await ex
      .updateTable('credit_debts')
      .set({ due_time: dueTime, ...(nextRemindTime === undefined ? {} : { next_remind_time: nextRemindTime }) })
      .where('order_id', '=', d.order_id)
      .execute()
    await refreshOldestDue(ex, d.user_id)
  }
}
