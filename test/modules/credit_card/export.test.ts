// /api/credit_card/export: every card of the filter with its holder, limit, remaining and what
// is owed, parsed back; admins only.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { seedBackoffice } from '../../../scripts/bench/seed-backoffice.ts'
import { parseCsv } from '../../../src/domain/csv.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let boss: TestAdmin
before(async () => {
  t = await testApp()
  boss = await makeAdmin(t, 'admin')
  // 1 500 cards: two batches.
  await seedBackoffice(t.db, 6_000, 1_500)
})
after(() => t.close())

const exportOf = (client = boss.client, qs = '') => client.send('GET', `/api/credit_card/export${qs}`)

test('every card, most recently changed first, with what its holder owes', async () => {
  const res = await exportOf()
  assert.equal(res.statusCode, 200)
  assert.ok(res.body.startsWith('\uFEFF额度卡号,'))
  const rows = parseCsv(res.body)
  const header = rows[0]!.cells
  const cards = await t.db
    .selectFrom('credit_cards')
    .selectAll()
    .orderBy('update_time', 'desc')
    .orderBy('id', 'desc')
    .execute()
  assert.deepEqual(
    rows.slice(1).map((r) => r.cells[0]),
    cards.map((c) => c.card_id),
  )
  // Owed principal: what the card lends out on paid orders, the limit less what remains here.
  for (const [i, c] of cards.entries()) {
    const cells = rows[i + 1]!.cells
    const owed = c.amount - c.remain_amount
    assert.equal(cells[header.indexOf('欠款本金')], `${Math.floor(owed / 100)}.${String(owed % 100).padStart(2, '0')}`)
    assert.equal(
      cells[header.indexOf('可用额度')],
      `${Math.floor(c.remain_amount / 100)}.${String(c.remain_amount % 100).padStart(2, '0')}`,
    )
  }
  const listed = await boss.client.get('/api/credit_card/get_credit_cards', { u_mobile: '139000001', count: 100 })
  assert.equal(listed.data.credit_cards.length, 100)
  const filtered = parseCsv((await exportOf(boss.client, '?u_mobile=139000001')).body).slice(1)
  assert.deepEqual(
    filtered.map((r) => r.cells[0]),
    listed.data.credit_cards.map((c: { card_id: string }) => c.card_id),
  )
})

test('admins only', async () => {
  const op = await makeAdmin(t, 'operator')
  assert.equal((await exportOf(op.client)).statusCode, 403)
  assert.equal((await exportOf(t.client())).statusCode, 401)
  assert.equal((await exportOf(boss.client, '?update_time_st=-1')).statusCode, 400)
})
