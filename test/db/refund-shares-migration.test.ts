import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openDatabase, type DatabaseHandle } from '../../src/db/dialect.ts'
import { migrateToLatest, migrateUpTo } from '../../src/db/migrate.ts'
import { freshDatabase } from '../helper.ts'

// Refunds made before shares existed are whole-payment refunds (share 0), and a payment still has
// at most one whole refund open after the index is rebuilt.
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

test('old refunds become whole-payment refunds; one open whole refund per payment still', async () => {
  const db = handle.db as any
  await migrateUpTo(db, '2026_12_08_001_after_sales')
  const payment = await db
    .insertInto('payments')
    .values({
      order_id: '1',
      target_type: 'bill',
      water_id: 'w',
      channel_id: 0,
      channel: 'wx_pub_qr',
      channel_water_id: 'ch_old',
      amount: 300,
      event_id: 'evt_old',
      time: 1,
      refund_time: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const refund = (state: string, extra: object = {}) => ({
    payment_id: payment.id,
    order_id: '1',
    amount: 300,
    reason: 'old',
    state,
    refund_id: null,
    attempts: 0,
    next_attempt_at: 1,
    last_error: '',
    create_time: 1,
    update_time: 1,
    finish_time: null,
    ...extra,
  })
  await db.insertInto('refunds').values(refund('queued')).execute()
  await migrateToLatest(db)
  const rows = await db.selectFrom('refunds').select(['state', 'share']).execute()
  assert.deepEqual(rows, [{ state: 'queued', share: 0 }])
  await assert.rejects(db.insertInto('refunds').values(refund('pending')).execute())
  // Shares of the same payment for two orders may be open beside it; the same order's twice may not.
  await db
    .insertInto('refunds')
    .values(refund('queued', { share: 1, order_id: '2', amount: 100 }))
    .execute()
  await db
    .insertInto('refunds')
    .values(refund('queued', { share: 1, order_id: '3', amount: 100 }))
    .execute()
  await assert.rejects(
    db
      .insertInto('refunds')
      .values(refund('succeeded', { share: 1, order_id: '3', amount: 100 }))
      .execute(),
  )
})
