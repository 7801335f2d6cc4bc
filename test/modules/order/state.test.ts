import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { SYSTEM } from '../../../src/modules/oplog/repo.ts'
import { refundReturnedOrder } from '../../../src/modules/order/index.ts'
import { MOVES, moveOrder, OrderState, type Move } from '../../../src/modules/order/state.ts'
import type { OrderStateCode } from '../../../src/db/types.ts'
import { nowSeconds } from '../../../src/time.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, buySku, makeSku } from '../../shop.ts'

let t: TestApp
let orderId: string
let userId: number
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '1000000' })
  const c = await signUp(t)
  userId = c.userId
  const res = await buySku(c.client, await addAddress(c.client), await makeSku(t), 1, 10000)
  orderId = res.data
})
after(() => t.close())

const ALL_STATES = Object.values(OrderState)
const setState = (state: OrderStateCode) =>
  t.db
    .updateTable('orders')
    .set({ state, expire_time: nowSeconds() + 600 })
    .where('order_id', '=', orderId)
    .execute()
const stateNow = async () =>
  (await t.db.selectFrom('orders').select('state').where('order_id', '=', orderId).executeTakeFirstOrThrow()).state

test('SPEC §6.2: exactly the listed moves are allowed', () => {
  const allowed = Object.fromEntries(
    Object.entries(MOVES).map(([name, m]) => [name, { from: [...m.from].sort(), to: m.to }]),
  )
  assert.deepEqual(allowed, {
    startPayment: { from: [0, 99], to: 99 },
    pay: { from: [0, 99], to: 1 },
    cancel: { from: [0, 99], to: 4 },
    expire: { from: [0, 99], to: 5 },
    ship: { from: [1], to: 2 },
    confirm: { from: [2], to: 3 },
    autoConfirm: { from: [2], to: 3 },
    refund: { from: [1], to: 6 },
    refundReturn: { from: [2, 3], to: 6 },
  })
})

test('every move from every state: moves only from its own, and logs only when it moves', async () => {
  for (const move of Object.keys(MOVES) as Move[]) {
    for (const from of ALL_STATES) {
      await setState(from)
      const logsBefore = (await t.db.selectFrom('operate_log').select('id').where('target_id', '=', orderId).execute())
        .length
      const moved = await t.db.transaction().execute((trx) => moveOrder(trx, orderId, move, { actor: SYSTEM }))
      const expected = (MOVES[move].from as readonly number[]).includes(from)
      assert.equal(moved, expected, `${move} from ${from}`)
      assert.equal(await stateNow(), expected ? MOVES[move].to : from, `${move} from ${from}`)
      const logsAfter = (await t.db.selectFrom('operate_log').select('id').where('target_id', '=', orderId).execute())
        .length
      assert.equal(logsAfter - logsBefore, expected ? 1 : 0)
    }
  }
})

test("a move for the owner leaves someone else's order alone; one past its expiry does not start payment", async () => {
  await setState(0)
  assert.equal(
    await t.db
      .transaction()
      .execute((trx) => moveOrder(trx, orderId, 'cancel', { actor: SYSTEM, userId: userId + 1000 })),
    false,
  )
  await t.db
    .updateTable('orders')
    .set({ expire_time: nowSeconds() - 1 })
    .where('order_id', '=', orderId)
    .execute()
  assert.equal(
    await t.db
      .transaction()
      .execute((trx) => moveOrder(trx, orderId, 'startPayment', { actor: SYSTEM, notExpiredAt: nowSeconds() })),
    false,
  )
  assert.equal(await stateNow(), 0)
})

test('2/3→6 only through an after-sale request: refundReturnedOrder moves a shipped or complete order only while one is open', async () => {
  for (const from of [2, 3] as const) {
    await setState(from)
    await t.db.updateTable('orders').set({ after_sale_open: 0 }).where('order_id', '=', orderId).execute()
    assert.equal(
      await t.db.transaction().execute((trx) => refundReturnedOrder(trx, orderId)),
      false,
      `${from}, none open`,
    )
    assert.equal(await stateNow(), from)
    await t.db.updateTable('orders').set({ after_sale_open: 1 }).where('order_id', '=', orderId).execute()
    assert.equal(
      await t.db.transaction().execute((trx) => refundReturnedOrder(trx, orderId)),
      true,
      `${from}, one open`,
    )
    assert.equal(await stateNow(), 6)
  }
  await t.db.updateTable('orders').set({ after_sale_open: 0 }).where('order_id', '=', orderId).execute()
})
