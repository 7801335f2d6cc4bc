// /api/order/list at scale's shape: every filter, alone and combined, against a reference the
// test computes from the rows themselves; offset and keyset pages; the count that stops at 10 000.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { seedBackoffice, type BackofficeSeeded } from '../../../scripts/bench/seed-backoffice.ts'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { testApp, type TestApp } from '../../helper.ts'

let t: TestApp
let op: TestAdmin
let seeded: BackofficeSeeded
interface Row {
  order_id: string
  user_id: number
  state: number
  create_time: number
  mobile: string
}
let all: Row[]

before(async () => {
  t = await testApp()
  op = await makeAdmin(t, 'operator')
  // 12 000 orders of 1 200 customers over a year: more than the count's cap.
  seeded = await seedBackoffice(t.db, 12_000, 1_200)
  // Five orders of one second, to page through a tie.
  const tied = await t.db
    .selectFrom('orders')
    .select('order_id')
    .orderBy('create_time', 'desc')
    .limit(5)
    .offset(50)
    .execute()
  await t.db
    .updateTable('orders')
    .set({ create_time: seeded.now - 1000 })
    .where(
      'order_id',
      'in',
      tied.map((o) => o.order_id),
    )
    .execute()
  all = (
    await t.db
      .selectFrom('orders')
      .innerJoin('users', 'users.id', 'orders.user_id')
      .select(['orders.order_id', 'orders.user_id', 'orders.state', 'orders.create_time', 'users.mobile'])
      .execute()
  ).sort((a, b) => b.create_time - a.create_time || (a.order_id < b.order_id ? 1 : -1))
})
after(() => t.close())

const list = (params: Record<string, unknown>) => op.client.get('/api/order/list', params)
const ids = (res: { data: { orders: { order_id: string }[] } }) => res.data.orders.map((o) => o.order_id)

const TYPES: Record<string, number[] | undefined> = {
  all: undefined,
  need_send: [1],
  need_receive: [2],
  complete: [3],
  cancel: [4],
  overtime: [5],
  need_pay: [0, 99],
}

interface Filter {
  u_id?: number
  u_mobile?: string
  order_id?: string
  ctime_st?: number
  ctime_ed?: number
  order_type?: string
}

const customersOf = (prefix: string) =>
  [...new Set(all.map((o) => o.mobile))].filter((m) => m.startsWith(prefix)).sort()
const firstHundred = (prefix: string) => new Set(customersOf(prefix).slice(0, 100))

function reference(f: Filter): Row[] {
  const states = TYPES[f.order_type ?? 'all']
  return all.filter(
    (o) =>
      (f.u_id === undefined || o.user_id === f.u_id) &&
      (f.u_mobile === undefined || o.mobile.startsWith(f.u_mobile)) &&
      (f.order_id === undefined || o.order_id === f.order_id) &&
      (f.ctime_st === undefined || o.create_time >= f.ctime_st) &&
      (f.ctime_ed === undefined || o.create_time <= f.ctime_ed) &&
      (!states || states.includes(o.state)),
  )
}

describe('/api/order/list over 12 000 orders', () => {
  test('each filter alone and combined gives the reference, newest first, on its first and a later page', async () => {
    const now = seeded.now
    const someone = all[777]!
    const filters: Filter[] = [
      {},
      { u_id: someone.user_id },
      { order_id: someone.order_id },
      { order_id: `${someone.order_id}9` },
      { u_mobile: '139000001' },
      { u_mobile: '1390000' },
      { u_mobile: someone.mobile },
      { u_mobile: '138' },
      // More than 1 000 customers: a broad prefix.
      { u_mobile: '139' },
      { u_mobile: '139', order_type: 'cancel' },
      { ctime_st: now - 7 * 86400 },
      { ctime_ed: now - 300 * 86400 },
      { ctime_st: someone.create_time, ctime_ed: someone.create_time },
      { ctime_st: now - 60 * 86400, ctime_ed: now - 30 * 86400 },
      ...Object.keys(TYPES).map((order_type) => ({ order_type })),
      { order_type: 'need_send', ctime_st: now - 7 * 86400 },
      { order_type: 'complete', ctime_st: now - 60 * 86400, ctime_ed: now - 30 * 86400 },
      { order_type: 'cancel', u_mobile: '139000005' },
      { order_type: 'complete', u_id: someone.user_id, ctime_ed: now - 100 * 86400 },
    ]
    for (const f of filters) {
      const expected = reference(f)
      for (const page of [1, 3]) {
        const res = await list({ ...f, page, count: 20 })
        assert.equal(res.code, 0, JSON.stringify(f))
        assert.deepEqual(
          ids(res),
          expected.slice((page - 1) * 20, page * 20).map((o) => o.order_id),
          `${JSON.stringify(f)} page ${page}`,
        )
        // A broad prefix counts the orders of its first 100 customers (by mobile): a lower bound.
        const broad = f.u_mobile !== undefined && customersOf(f.u_mobile).length > 1000
        const first = broad ? firstHundred(f.u_mobile ?? '') : undefined
        const counted = first ? expected.filter((o) => first.has(o.mobile)).length : expected.length
        const shown = Math.min(counted, 10_000)
        assert.deepEqual(
          res.data.pagination,
          {
            allpage: Math.max(1, Math.ceil(shown / 20)),
            page,
            count: shown,
            capped: broad || counted > 10_000 ? 1 : 0,
          },
          JSON.stringify(f),
        )
      }
    }
  })

  test('past 10 000 the count stops and says so; offset pages end there, `after` goes on', async () => {
    const res = await list({ page: 1, count: 100 })
    assert.deepEqual(res.data.pagination, { allpage: 100, page: 1, count: 10_000, capped: 1 })
    const last = await list({ page: 100, count: 100 })
    assert.deepEqual(
      ids(last),
      all.slice(9_900, 10_000).map((o) => o.order_id),
    )
    for (const [page, count] of [
      [101, 100],
      [501, 20],
      [50_000, 20],
    ]) {
      const past = await list({ page, count })
      assert.equal(past.code, 101, `page ${page} of ${count}`)
      assert.match(past.body.msg, /after/)
    }
    const beyond = await list({ page: 101, count: 100, after: last.data.next })
    assert.deepEqual(
      ids(beyond),
      all.slice(10_000, 10_100).map((o) => o.order_id),
    )
  })

  test('keyset pages: following `next` walks a filter to its end, each order once, in order', async () => {
    for (const f of [{}, { order_type: 'need_send' }, { u_mobile: '1390000' }, { ctime_st: seeded.now - 20 * 86400 }]) {
      const expected = reference(f).map((o) => o.order_id)
      const seen: string[] = []
      let after = ''
      for (let page = 1; ; page++) {
        const res = await list({ ...f, after, page, count: 100 })
        assert.equal(res.code, 0)
        seen.push(...ids(res))
        after = res.data.next
        if (!after) break
        assert.ok(page < 200, 'the walk ends')
      }
      assert.deepEqual(seen, expected, JSON.stringify(f))
    }
    // A cursor in the same second as the next orders still continues after the right one.
    const tie = all.findIndex((o) => o.create_time === seeded.now - 1000) + 2
    const prev = all[tie - 1]!
    assert.equal(all[tie]!.create_time, prev.create_time)
    const res = await list({ after: `${prev.create_time}_${prev.order_id}`, count: 5 })
    assert.deepEqual(
      ids(res),
      all.slice(tie, tie + 5).map((o) => o.order_id),
    )
    for (const after of ['1_', '_1', 'x_1', '1-2', `1_${'9'.repeat(21)}`]) {
      assert.equal((await list({ after })).status, 400, after)
    }
  })
})
