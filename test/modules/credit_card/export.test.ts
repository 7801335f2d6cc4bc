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
  // Each row as get_credit_cards shows the card: what the holder owes from the debt ledger, in yuan.
  const fromList: Record<string, unknown>[] = []
  for (let page = 1; page <= 15; page++)
    fromList.push(
      ...(await boss.client.get('/api/credit_card/get_credit_cards', { page, count: 100 })).data.credit_cards,
    )
  const yuanOf = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
  for (const [i, c] of fromList.entries()) {
    const cells = rows[i + 1]!.cells
    assert.equal(cells[0], c.card_id)
    assert.equal(cells[header.indexOf('可用额度')], yuanOf(c.remain_amount as number))
    assert.equal(cells[header.indexOf('欠款本金')], yuanOf(c.owed_principal as number))
    assert.equal(cells[header.indexOf('欠款逾期费')], yuanOf(c.owed_fee as number))
    assert.equal(cells[header.indexOf('最长逾期天数')], String(c.max_overdue_days))
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
