import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { signUp, testApp, type Client, type TestApp } from './helper.ts'
import { addAddress, assertReconciled } from './shop.ts'

// A fresh install run as a shop, through the API alone: the bootstrap admin sets it up, a
// customer buys on credit, an operator ships, the customer repays; then a refund.

let t: TestApp
before(async () => {
  // CREDIT_DEFAULT_AMOUNT is 0 out of the box: nobody can borrow until an admin gives a limit.
  t = await testApp({ SFM_ADMIN_NAME: 'owner', SFM_ADMIN_PASSWORD: 'owner-password' })
})
after(() => t.close())

const sandboxPay = async (client: Client, url: string, order_id: string) => {
  const charge = await client.post(url, { pay_params: { order_id, channel: 'alipay_pc_direct' } })
  assert.equal(charge.code, 0, JSON.stringify(charge.body))
  assert.equal(
    (await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })).code,
    0,
  )
}

test('set up, sell on credit, ship, confirm, repay, and refund', async () => {
  const owner = t.client()
  assert.equal((await owner.post('/api/admin/signin', { name: 'owner', pwd: 'owner-password' })).code, 0)
  assert.equal(
    (await owner.post('/api/admin/create', { name: 'clerk', pwd: 'clerk-password', role: 'operator' })).code,
    0,
  )
  const clerk = t.client()
  assert.equal((await clerk.post('/api/admin/signin', { name: 'clerk', pwd: 'clerk-password' })).code, 0)

  const sku = {
    sku_id: 'journey-1',
    name: '小米 14 Pro',
    real_price: 499900,
    first_pay: [99900],
    postfee: 0,
    weight: 220,
    images: ['https://img.example/mi14.jpg'],
    stock: 3,
    on_sale: true,
  }
  assert.equal((await owner.post('/api/sku/save', sku)).code, 0)
  const listed = (await t.client().get('/api/sku/list', { count: 100 })).data.sku_list
  assert.ok(listed.some((s: { sku_id: string }) => s.sku_id === 'journey-1'))

  const customer = await signUp(t)
  const c = customer.client
  await c.post('/api/user/set_auth', {
    real_name: '苏源',
    id_code: '11010519491231002X',
    id_card_up: 'https://img/up.jpg',
    id_card_down: 'https://img/down.jpg',
  })
  const pending = (await owner.get('/api/user/list_auth', { u_mobile: customer.mobile })).data.auths[0]
  assert.equal(
    (
      await owner.post('/api/user/review_auth', {
        user_id: pending.user_id,
        is_pass: 1,
        note: '',
        submit_time: pending.submit_time,
      })
    ).code,
    0,
  )
  const again = t.client()
  await again.post('/api/user/signin', { mobile_uer_name: customer.mobile, pwd: customer.pwd })
  assert.equal(again.cookies.get('auth_is_pass'), '1')

  const addressId = await addAddress(c)
  const buy = () =>
    c.post('/api/order/commit_order', {
      address_id: addressId,
      order_type: 'sku',
      sku_list: [{ sku_id: 'journey-1', sku_count: 1, first_price: 99900 }],
    })
  assert.equal((await buy()).code, 271)
  const card = (await owner.get('/api/credit_card/get_credit_cards', { u_mobile: customer.mobile })).data
    .credit_cards[0]
  assert.equal(
    (await clerk.post('/api/credit_card/set_credit_cards', { card_id: card.card_id, inc_amount: 1000000 })).status,
    403,
  )
  const raised = await owner.post('/api/credit_card/set_credit_cards', { card_id: card.card_id, inc_amount: 1000000 })
  assert.deepEqual([raised.data.amount, raised.data.remain_amount], [1000000, 1000000])

  const orderId = (await buy()).data as string
  await sandboxPay(c, '/api/order/pay', orderId)
  const found = await clerk.get('/api/order/list', {
    u_mobile: customer.mobile.slice(0, 7),
    order_type: 'need_send',
    count: 100,
  })
  assert.ok(found.data.orders.some((o: { order_id: string }) => o.order_id === orderId))
  assert.equal(
    (await clerk.post('/api/order/send_out', { order_id: orderId, logistics_id: 'SF100200300', logistics: '顺丰速运' }))
      .code,
    0,
  )
  const detail = (await clerk.get('/api/order/detail', { order_id: orderId })).data
  assert.equal(detail.order_info.state, 2)
  assert.equal(detail.order_log_infos.at(-1).actor_name, 'clerk')
  assert.equal((await c.post('/api/order/confirm_order', { order_id: orderId })).code, 0)
  assert.equal(
    (await owner.get('/api/credit_card/get_card_detail', { card_id: card.card_id })).data.card_info.remain_amount,
    600000,
  )
  await sandboxPay(c, '/api/credit_card/pay', orderId)
  const repaid = (await owner.get('/api/credit_card/get_card_detail', { card_id: card.card_id })).data
  assert.equal(repaid.card_info.remain_amount, 1000000)
  assert.equal(repaid.card_order_infos[0].credit_card_state, 1)

  const second = (await buy()).data as string
  await sandboxPay(c, '/api/order/pay', second)
  assert.equal((await clerk.post('/api/order/refund', { order_id: second, reason: '客户七天无理由退货' })).code, 0)
  const refunded = (await clerk.get('/api/order/detail', { order_id: second })).data
  assert.equal(refunded.order_info.state, 6)
  assert.equal(refunded.pay_info.refund_state, 'refunded')
  assert.equal((await t.client().get('/api/sku/get_sku', { sku_id: 'journey-1' })).data.stock, 2)
  assert.equal(
    (await owner.get('/api/credit_card/get_card_detail', { card_id: card.card_id })).data.card_info.remain_amount,
    1000000,
  )
  await assertReconciled(t)
})
