import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openDatabase, type DatabaseHandle } from '../../src/db/dialect.ts'
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.ts'
import { DEFAULT_CREDIT_TERMS } from '../../src/domain/credit.ts'
import { findCardMismatches, findLedgerMismatches } from '../../src/modules/credit_card/index.ts'
import { freshDatabase } from '../helper.ts'

// A database with today's schema (before the ledger) and orders in every state upgrades in place:
// each paid order that borrowed becomes its debt with the entries that tell its story so far.
let handle: DatabaseHandle
let drop: () => Promise<void>
before(async () => {
  const database = await freshDatabase()
  drop = database.drop
  handle = openDatabase(database.url)
})
after(async () => {
  await handle.close()
  await drop()
})

const DAY = 86400
const T = 1_780_000_000
const CREDIT = 90000

/** Orders as the old schema kept them: state, and the three debt columns. */
const ORDERS = [
  { id: '1000000000000001', state: 0, held: 1, repaid: 0 },
  { id: '1000000000000099', state: 99, held: 1, repaid: 0 },
  { id: '1000000000000011', state: 1, held: 1, repaid: 0 },
  { id: '1000000000000012', state: 1, held: 0, repaid: 1 },
  { id: '1000000000000021', state: 2, held: 1, repaid: 0 },
  { id: '1000000000000031', state: 3, held: 1, repaid: 0 },
  { id: '1000000000000032', state: 3, held: 0, repaid: 1 },
  { id: '1000000000000004', state: 4, held: 0, repaid: 0 },
  { id: '1000000000000005', state: 5, held: 0, repaid: 0 },
  { id: '1000000000000061', state: 6, held: 0, repaid: 0 },
  { id: '1000000000000062', state: 6, held: 0, repaid: 1 },
] as const

test('orders in every state become debts with their entries, and reconcile is clean', async () => {
  const db = handle.db as never as import('kysely').Kysely<any>
  await migrateUpTo(db, '2026_12_06_002_id_images')
  const user = await db
    .insertInto('users')
    .values({ mobile: '13800000000', user_name: 'u13800000000', pwd_hash: 'x', register_dt: T })
    .returning('id')
    .executeTakeFirstOrThrow()
  const held = ORDERS.filter((o) => o.held === 1).length * CREDIT
  await db
    .insertInto('credit_cards')
    .values({
      card_id: '216000000000001',
      user_id: user.id,
      amount: 1_000_000,
      remain_amount: 1_000_000 - held,
      channel: 'sfm',
      create_time: T,
      update_time: T,
    })
    .execute()
  for (const o of ORDERS) {
    const paid = [1, 2, 3, 6].includes(o.state)
    await db
      .insertInto('orders')
      .values({
        order_id: o.id,
        user_id: user.id,
        state: o.state,
        sku_amount: 100000,
        ship_amount: 0,
        credit_amount: -CREDIT,
        pay_amount: 10000,
        credit_held: o.held,
        credit_card_state: o.repaid,
        address_id: 1,
        address_name: '苏源',
        address_mobile: '13636672480',
        address_text: '江苏省扬州市',
        create_time: T,
        update_time: T,
        expire_time: T + 1800,
        pay_time: paid ? T + 60 : null,
        refund_time: o.state === 6 ? T + 5 * DAY : null,
        repay_time: o.repaid ? T + 2 * DAY : null,
      })
      .execute()
    if (o.repaid)
      await db
        .insertInto('payments')
        .values({
          order_id: o.id,
          target_type: 'card',
          water_id: `w${o.id}`,
          channel_id: 1,
          channel: 'alipay_pc_direct',
          channel_water_id: `ch_${o.id}`,
          amount: CREDIT,
          event_id: `evt_${o.id}`,
          time: T + 2 * DAY,
          // A refunded order's repayment was given back.
          needs_refund: o.state === 6 ? 1 : 0,
        })
        .execute()
  }
  await db
    .insertInto('repay_reminders')
    .values({ order_id: '1000000000000021', mobile: '13800000000', sent_time: T + 61 * DAY })
    .execute()

  await migrateToLatest(db)

  const debts = await db.selectFrom('credit_debts').selectAll().orderBy('order_id').execute()
  const stateOf = Object.fromEntries(debts.map((d) => [d.order_id, d.state]))
  assert.deepEqual(stateOf, {
    '1000000000000011': 'owed',
    '1000000000000012': 'repaid',
    '1000000000000021': 'owed',
    '1000000000000031': 'owed',
    '1000000000000032': 'repaid',
    '1000000000000061': 'closed',
    '1000000000000062': 'closed',
  })
  for (const d of debts) {
    assert.equal(Number(d.principal), CREDIT)
    assert.equal(Number(d.due_time), T + 60 + 60 * DAY)
  }
  const kinds = async (orderId: string) =>
    (
      await db
        .selectFrom('credit_entries')
        .select(['kind', 'amount'])
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute()
    ).map((e) => `${e.kind} ${Number(e.amount)}`)
  assert.deepEqual(await kinds('1000000000000011'), [`borrow ${CREDIT}`])
  assert.deepEqual(await kinds('1000000000000012'), [`borrow ${CREDIT}`, `principal_repaid ${CREDIT}`])
  assert.deepEqual(await kinds('1000000000000061'), [`borrow ${CREDIT}`, `closed ${CREDIT}`])
  assert.deepEqual(await kinds('1000000000000062'), [`borrow ${CREDIT}`, `principal_repaid ${CREDIT}`, 'closed 0'])
  assert.deepEqual(await kinds('1000000000000001'), [])
  const reminders = await db.selectFrom('debt_reminders').select(['order_id', 'kind']).execute()
  assert.deepEqual(reminders, [{ order_id: '1000000000000021', kind: 'after_1' }])
  assert.deepEqual(await findCardMismatches(handle.db), [])
  assert.deepEqual(await findLedgerMismatches(handle.db, DEFAULT_CREDIT_TERMS), [])
})
