// /api/order/bulk_send_out: good, bad, duplicate, unknown and already-shipped rows in one file;
// the same file twice, and twice at once; a multipart upload; 5 000 rows; who may send it.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { seedBackoffice } from '../../../scripts/bench/seed-backoffice.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let op: TestAdmin
/** Paid orders waiting to ship, handed out to the tests a few at a time. */
let waiting: string[]

before(async () => {
  t = await testApp()
  op = await makeAdmin(t, 'operator')
  await seedBackoffice(t.db, 8_000, 800)
  await t.db
    .updateTable('orders')
    .set({ state: 1, logistics: '', logistics_id: '', send_time: null, confirm_time: null })
    .where('state', 'in', [2, 3])
    .execute()
  waiting = (
    await t.db.selectFrom('orders').select('order_id').where('state', '=', 1).orderBy('order_id').execute()
  ).map((o) => o.order_id)
})
after(() => t.close())

const take = (n: number) => waiting.splice(0, n)

async function upload(csv: string, type = 'text/csv') {
  const token = await op.client.xsrf()
  return op.client.raw('/api/order/bulk_send_out', Buffer.from(csv), { 'content-type': type, 'x-xsrftoken': token })
}

const orderOf = (id: string) =>
  t.db.selectFrom('orders').selectAll().where('order_id', '=', id).executeTakeFirstOrThrow()
const shippedTexts = async (id: string) =>
  (await t.db.selectFrom('sms_outbox').selectAll().where('template', '=', 'order_shipped').execute()).filter(
    (m) => JSON.parse(m.params).order_id === id,
  )

describe('/api/order/bulk_send_out', () => {
  test('each row on its own: good ones ship, bad ones say why, none stops the others', async () => {
    const [a, b, c, d, e] = take(5) as [string, string, string, string, string]
    const cancelled = (
      await t.db.selectFrom('orders').select('order_id').where('state', '=', 4).executeTakeFirstOrThrow()
    ).order_id
    await t.db
      .updateTable('orders')
      .set({ state: 2, logistics: '圆通', logistics_id: 'YT9' })
      .where('order_id', '=', e)
      .execute()
    const csv = [
      'order_id,logistics,logistics_id',
      `${a},顺丰速运,SF100`,
      `${b},"中通, 快递",ZT200`,
      'abc,顺丰,SF1',
      `${c},顺丰`,
      `${c},顺丰,${'x'.repeat(65)}`,
      '99999999999999,顺丰,SF404',
      `${a},顺丰速运,SF100`,
      `${cancelled},顺丰,SF4`,
      `${e},顺丰,SF5`,
      `${d},"韵达\n快递",YD1`,
      `${d},韵达,YD1`,
    ].join('\r\n')
    const res = await upload(`${csv}\r\n`)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    const rows = res.data.rows.map((r: { line: number; order_id: string; code: number }) => [
      r.line,
      r.order_id,
      r.code,
    ])
    assert.deepEqual(rows, [
      [2, a, 0],
      [3, b, 0],
      [4, 'abc', 101],
      [5, c, 101],
      [6, c, 101],
      [7, '99999999999999', 218],
      [8, a, 512],
      [9, cancelled, 510],
      [10, e, 510],
      // A carrier with a line break is no carrier; the next row for the same order still ships it.
      [11, d, 101],
      [13, d, 0],
    ])
    assert.deepEqual([res.data.shipped, res.data.already, res.data.failed], [3, 0, 8])
    const shippedA = await orderOf(a)
    assert.deepEqual([shippedA.state, shippedA.logistics, shippedA.logistics_id], [2, '顺丰速运', 'SF100'])
    assert.equal((await orderOf(b)).logistics, '中通, 快递')
    assert.equal((await orderOf(c)).state, 1)
    assert.equal((await orderOf(e)).logistics_id, 'YT9')
    // Each shipment told its customer once, through the outbox, as send_out does.
    for (const id of [a, b, d]) assert.equal((await shippedTexts(id)).length, 1, id)
    assert.equal((await shippedTexts(c)).length, 0)
    const log = await t.db
      .selectFrom('operate_log')
      .selectAll()
      .where('target_type', '=', 'order')
      .where('target_id', '=', a)
      .execute()
    assert.ok(log.some((l) => l.actor_id === op.id && l.text.includes('SF100')))
  })

  test('the same file twice ships nothing twice, also when sent twice at once', async () => {
    const ids = take(40)
    const csv = ids.map((id, i) => `${id},申通快递,ST${i}`).join('\n')
    const first = await upload(csv)
    assert.deepEqual([first.data.shipped, first.data.already, first.data.failed], [40, 0, 0])
    const again = await upload(csv)
    assert.deepEqual([again.data.shipped, again.data.already, again.data.failed], [0, 40, 0])
    assert.ok(again.data.rows.every((r: { code: number }) => r.code === 511))

    const others = take(40)
    const both = others.map((id, i) => `${id},申通快递,ST${i}`).join('\n')
    const [x, y] = await Promise.all([upload(both), upload(both)])
    assert.equal(x.data.shipped + y.data.shipped, 40)
    assert.equal(x.data.already + y.data.already, 40)
    for (const id of [...ids, ...others]) assert.equal((await shippedTexts(id)).length, 1, id)
  })

  test('a multipart upload, as the console sends the file', async () => {
    const [id] = take(1) as [string]
    const boundary = '----sfm7MA4YWxkTrZu0gW'
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="发货.csv"',
      'Content-Type: text/csv',
      '',
      `\uFEFForder_id,logistics,logistics_id\r\n${id},京东物流,JD1`,
      `--${boundary}--`,
      '',
    ].join('\r\n')
    const res = await upload(body, `multipart/form-data; boundary=${boundary}`)
    assert.equal(res.code, 0, JSON.stringify(res.body))
    assert.deepEqual(res.data.rows, [{ line: 2, order_id: id, code: 0, msg: '已发货' }])
    const none = await upload(
      `--${boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--${boundary}--\r\n`,
      `multipart/form-data; boundary=${boundary}`,
    )
    assert.equal(none.code, 101)
  })

  test('5 000 rows in one upload; more, or none, are refused whole', async () => {
    const ids = take(5_000)
    assert.equal(ids.length, 5_000)
    const csv = ids.map((id, i) => `${id},顺丰速运,SF${i}`).join('\n')
    const res = await upload(csv)
    assert.deepEqual([res.data.shipped, res.data.failed, res.data.rows.length], [5_000, 0, 5_000])
    const tooMany = await upload(`${csv}\n${ids[0]},顺丰速运,SF0`)
    assert.equal(tooMany.code, 101)
    assert.match(tooMany.body.msg, /5000/)
    assert.equal((await upload('order_id,logistics,logistics_id\n')).code, 101)
    assert.equal((await upload('')).code, 101)
  })

  test('operators only, with the XSRF token; JSON is no file', async () => {
    const csv = '1,顺丰,SF1'
    const stranger = t.client()
    const token = await stranger.xsrf()
    const anon = await stranger.raw('/api/order/bulk_send_out', csv, {
      'content-type': 'text/csv',
      'x-xsrftoken': token,
    })
    assert.equal(anon.status, 401)
    const noToken = await op.client.raw('/api/order/bulk_send_out', csv, { 'content-type': 'text/csv' })
    assert.equal(noToken.status, 403)
    assert.equal((await op.client.post('/api/order/bulk_send_out', { order_id: '1' })).code, 101)
    const huge = await upload(`${'1,顺丰,SF1\n'.repeat(250_000)}`)
    assert.equal(huge.status, 413)
  })
})
