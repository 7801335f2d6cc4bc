import assert from 'node:assert/strict'
import { after, afterEach, before, describe, test } from 'node:test'
import { makeAdmin, type TestAdmin } from '../../admin.ts'
import { signUp, testApp, type TestApp } from '../../helper.ts'
import { addAddress, assertReconciled, buySku, cardOf, customerOrder, makeSku } from '../../shop.ts'

let t: TestApp
let admin: TestAdmin
before(async () => {
  t = await testApp({ CREDIT_DEFAULT_AMOUNT: '100000' })
  admin = await makeAdmin(t)
})
afterEach(() => assertReconciled(t))
after(() => t.close())

const cardIdOf = async (userId: number) => (await cardOf(t, userId)).card_id
const setLimit = (card_id: string, inc_amount: unknown) =>
  admin.client.post('/api/credit_card/set_credit_cards', { card_id, inc_amount })
const cards = (params: Record<string, unknown>) => admin.client.post('/api/credit_card/get_credit_cards', params)
const cardIds = (res: { data: { credit_cards: { card_id: string }[] } }) => res.data.credit_cards.map((c) => c.card_id)

describe('/api/credit_card/set_credit_cards', () => {
  test('raises and lowers the limit and the remaining credit together, logged with the admin', async () => {
    const c = await signUp(t)
    const cardId = await cardIdOf(c.userId)
    const raised = await setLimit(cardId, 900000)
    assert.equal(raised.code, 0)
    assert.deepEqual([raised.data.amount, raised.data.remain_amount], [1000000, 1000000])
    const lowered = await setLimit(cardId, '-250000')
    assert.deepEqual([lowered.data.amount, lowered.data.remain_amount], [750000, 750000])
    const detail = (await admin.client.get('/api/credit_card/get_card_detail', { card_id: cardId })).data
    // The amounts are data beside the words, not digits inside them.
    assert.deepEqual(
      detail.card_log_infos.slice(-2).map((l: { text: string; amounts: unknown }) => [l.text, l.amounts]),
      [
        [
          '调整额度',
          [
            { label: '增加', fen: 900000 },
            { label: '额度', fen: 1000000 },
            { label: '剩余', fen: 1000000 },
          ],
        ],
        [
          '调整额度',
          [
            { label: '减少', fen: 250000 },
            { label: '额度', fen: 750000 },
            { label: '剩余', fen: 750000 },
          ],
        ],
      ],
    )
    assert.deepEqual(
      [detail.card_log_infos.at(-1).actor_id, detail.card_log_infos.at(-1).actor_name],
      [admin.id, admin.name],
    )
  })

  test('311 when the limit or the remaining credit would go below 0, in the statement that changes them', async () => {
    const c = await signUp(t)
    const cardId = await cardIdOf(c.userId)
    assert.equal((await setLimit(cardId, -100001)).code, 311)
    // An order holds 90 000 of the 100 000: the limit may drop by 10 000 at most.
    await buySku(c.client, await addAddress(c.client), await makeSku(t, { price: 100000, firstPay: [10000] }), 1, 10000)
    const refused = await setLimit(cardId, -10001)
    assert.equal(refused.code, 311)
    // It says why, not only that it failed.
    assert.match(refused.body.msg, /可用额度会低于0.*已借出/)
    assert.deepEqual([(await cardOf(t, c.userId)).amount, (await cardOf(t, c.userId)).remain_amount], [100000, 10000])
    const answers = await Promise.all([1, 2, 3].map(() => setLimit(cardId, -4000)))
    assert.deepEqual(
      answers.map((a) => a.code).sort((x, y) => x - y),
      [0, 0, 311],
    )
    assert.deepEqual([(await cardOf(t, c.userId)).amount, (await cardOf(t, c.userId)).remain_amount], [92000, 2000])
  })

  test('314 for an unknown card; 400 for a zero, fractional or non-numeric change', async () => {
    const unknown = await setLimit('216000000000000', 100)
    assert.equal(unknown.status, 200)
    assert.equal(unknown.code, 314)
    assert.equal(unknown.body.msg, '额度卡不存在')
    const c = await signUp(t)
    const cardId = await cardIdOf(c.userId)
    for (const inc of [0, 1.5, 'ten', '', null, 1e13])
      assert.equal((await setLimit(cardId, inc)).status, 400, String(inc))
    assert.equal(
      (await admin.client.post('/api/credit_card/set_credit_cards', { card_id: 'abc', inc_amount: 1 })).status,
      400,
    )
    assert.equal((await admin.client.post('/api/credit_card/set_credit_cards', { inc_amount: 1 })).code, 100)
    assert.equal((await cardOf(t, c.userId)).amount, 100000)
  })
})

describe('/api/credit_card/get_credit_cards', () => {
  test('filters by name and mobile prefix, channel and inclusive update times (update_time_dt too)', async () => {
    const a = await signUp(t)
    const b = await signUp(t)
    await a.client.post('/api/user/modify_user_info', { new_user_name: `Zhang${a.userId}` })
    const [cardA, cardB] = [await cardIdOf(a.userId), await cardIdOf(b.userId)]
    assert.deepEqual(cardIds(await cards({ u_name: `Zhang${a.userId}` })), [cardA])
    assert.deepEqual(cardIds(await cards({ u_name: `zhang${a.userId}` })), [])
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile })), [cardB])
    const row = (await cards({ u_mobile: b.mobile })).data.credit_cards[0]
    assert.deepEqual(
      [row.user_id, row.user_name, row.mobile, row.amount, row.remain_amount, row.channel],
      [b.userId, b.mobile, b.mobile, 100000, 100000, 'sfm'],
    )
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile, channel: 'other' })), [])
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile, channel: 'sfm' })), [cardB])

    const updated = (await cardOf(t, b.userId)).update_time
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile, update_time_st: updated, update_time_ed: updated })), [
      cardB,
    ])
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile, update_time_st: updated + 1 })), [])
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile, update_time_dt: updated - 1 })), [])
    assert.deepEqual(cardIds(await cards({ u_mobile: b.mobile, update_time_dt: updated })), [cardB])
    const seed = await cards({
      u_name: '',
      u_mobile: '',
      channel: '',
      update_time_st: 0,
      update_time_dt: 99999999999,
      page: 1,
      count: 10,
    })
    assert.equal(seed.code, 0)
    assert.equal(seed.data.credit_cards.length, Math.min(10, seed.data.pagination.total))
    assert.ok(seed.data.pagination.total >= 2)
    assert.deepEqual(Object.keys(seed.data.pagination).sort(), ['capped', 'count', 'page', 'total'])
    assert.equal(seed.data.pagination.capped, 0)
  })

  test('most recently changed first, ties by id; bad filters answer 400', async () => {
    const a = await signUp(t)
    const b = await signUp(t)
    await t.db
      .updateTable('credit_cards')
      .set({ update_time: 4000000000 })
      .where('user_id', 'in', [a.userId, b.userId])
      .execute()
    const top = await cards({ update_time_st: 4000000000 })
    assert.deepEqual(cardIds(top), [await cardIdOf(b.userId), await cardIdOf(a.userId)])
    for (const params of [
      { update_time_st: 'now' },
      { update_time_dt: -5 },
      { page: 0 },
      { count: 10000 },
      { u_name: 'x'.repeat(65) },
    ]) {
      assert.equal((await cards(params)).status, 400, JSON.stringify(params))
    }
  })
})

describe('/api/credit_card/get_card_detail', () => {
  test('the holder, the card, the orders that borrowed with their due dates, and the history', async () => {
    const o = await customerOrder(t)
    const cardId = await cardIdOf(o.userId)
    const detail = await admin.client.get('/api/credit_card/get_card_detail', { card_id: cardId, count: 5 })
    assert.equal(detail.code, 0)
    const d = detail.data
    assert.equal(d.user_info.id, o.userId)
    assert.equal(d.user_info.auth_status, 'none')
    assert.deepEqual([d.card_info.card_id, d.card_info.amount, d.card_info.remain_amount], [cardId, 100000, 10000])
    assert.equal(d.card_order_infos.length, 1)
    const order = d.card_order_infos[0]
    assert.equal(order.order_id, o.orderId)
    assert.equal(order.credit_amount, -90000)
    assert.equal(order.due_time, order.pay_time + 60 * 24 * 3600)
    assert.deepEqual(d.card_order_pagination, { total: 1, page: 1, count: 5 })
    assert.equal(d.card_log_infos[0].actor_name, o.mobile)
  })

  test('314 for an unknown card; 400 for a malformed one', async () => {
    const unknown = await admin.client.get('/api/credit_card/get_card_detail', { card_id: '216000000000000' })
    assert.equal(unknown.status, 200)
    assert.equal(unknown.code, 314)
    assert.equal((await admin.client.get('/api/credit_card/get_card_detail', { card_id: '216x' })).status, 400)
    assert.equal((await admin.client.get('/api/credit_card/get_card_detail', {})).code, 100)
  })
})
