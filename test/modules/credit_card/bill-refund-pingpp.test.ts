import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { advanceRefunds } from '../../../src/modules/payment/index.ts'
import { nowSeconds } from '../../../src/time.ts'
import { makeAdmin } from '../../admin.ts'
import { debtOf } from '../../credit.ts'
import { signUp, testApp, type Client, type TestApp } from '../../helper.ts'
import { FakePingpp, send } from '../../providers/payment/fake-pingpp.ts'
import { deliver, pingppEnv, signed, tempDir, writeKeyPair, type TestKeys } from '../../providers/payment/fixtures.ts'
import { addAddress, assertReconciled, buySku, makeSku } from '../../shop.ts'

// On Ping++ a refunded order's share of a bill payment is a partial refund of the bill's charge:
// asked with the share as its `amount`, pending at first, finished by its refund.succeeded event.
let t: TestApp
let fake: FakePingpp
let keys: TestKeys
let seq = 0
before(async () => {
  fake = new FakePingpp()
  await fake.start()
  const dir = tempDir()
  keys = writeKeyPair(dir, 'pingpp')
  t = await testApp({
    ...pingppEnv(dir, keys.publicPath),
    PINGPP_API_BASE: fake.base,
    CREDIT_DEFAULT_AMOUNT: '1000000',
  })
})
afterEach(() => assertReconciled(t))
after(async () => {
  try {
    await t.close()
  } finally {
    await fake.stop()
  }
})

async function event(type: string, object: object): Promise<void> {
  const { body, signature } = signed(
    { id: `evt_br${++seq}`, object: 'event', type, created: nowSeconds(), data: { object } },
    keys.privateKey,
  )
  const res = await deliver(t.client(), body, signature)
  assert.equal(res.code, 0, JSON.stringify(res.body))
}

async function paid(client: Client, path: string, pay_params: object): Promise<string> {
  const charge = (await client.post(path, { pay_params: { channel: 'wx_pub_qr', ...pay_params } })).data
  await event('charge.succeeded', { ...charge, paid: true, time_paid: nowSeconds(), transaction_no: `wx${++seq}` })
  return charge.id
}

const refundObject = (id: string, body: any, chargeId: string, status: 'pending' | 'succeeded') => ({
  id,
  object: 'refund',
  amount: body.amount,
  succeed: status === 'succeeded',
  status,
  charge: chargeId,
  charge_order_no: '',
  description: body.description,
  metadata: body.metadata,
  failure_msg: null,
})

test('a refunded order gets its share of a bill payment back from Ping++, once', async () => {
  const c = await signUp(t)
  const sku = await makeSku(t, { price: 110000, firstPay: [10000] })
  const address = await addAddress(c.client)
  const orders: string[] = []
  for (let i = 0; i < 2; i++) {
    const orderId = (await buySku(c.client, address, sku, 1, 10000)).data as string
    await paid(c.client, '/api/order/pay', { order_id: orderId })
    orders.push(orderId)
  }
  const billCharge = await paid(c.client, '/api/credit_card/pay_bill', { amount: 150000 })
  const shareOf = async (id: string) => {
    const d = await debtOf(t, id)
    return d.principal_repaid + d.fee_repaid
  }
  const [first, second] = orders as [string, string]
  const share = await shareOf(first)
  assert.ok(share > 0 && share < 150000)
  const secondShare = await shareOf(second)

  const asked = new Map<string, any>()
  fake.refundAnswer = (res, body, chargeId) => {
    const id = `re_br${asked.size + 1}`
    asked.set(id, { body, chargeId })
    send(res, 200, refundObject(id, body, chargeId, 'pending'))
  }
  const op = await makeAdmin(t, 'operator')
  assert.equal((await op.client.post('/api/order/refund', { order_id: first, reason: '退货' })).code, 0)
  const [firstPay] = [...asked.entries()]
  assert.ok(firstPay)
  await event('refund.succeeded', refundObject(firstPay[0], firstPay[1].body, firstPay[1].chargeId, 'succeeded'))
  await advanceRefunds(t.app.deps, nowSeconds())
  const bill = [...asked.entries()].filter(([, a]) => a.chargeId === billCharge)
  assert.deepEqual(
    bill.map(([, a]) => [a.body.amount, a.body.metadata.order_id]),
    [[share, first]],
  )
  const [id, a] = bill[0]!
  await event('refund.succeeded', refundObject(id, a.body, a.chargeId, 'succeeded'))
  await event('refund.succeeded', refundObject(id, a.body, a.chargeId, 'succeeded'))
  const rows = await t.db.selectFrom('refunds').selectAll().where('share', '=', 1).execute()
  assert.deepEqual(
    rows.map((r) => [r.order_id, r.amount, r.state, r.refund_id]),
    [[first, share, 'succeeded', id]],
  )
  assert.equal(await shareOf(second), secondShare, 'the other debt keeps what the bill paid on it')
  await advanceRefunds(t.app.deps, nowSeconds() + 7200)
  assert.equal(fake.refundBodies.filter((b) => b.amount === share).length, 1, 'asked once')
})
