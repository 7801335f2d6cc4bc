import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { saveSku } from '../src/modules/catalog/service.ts'
import { findCardMismatches, findLedgerMismatches } from '../src/modules/credit_card/reconcile.ts'
import { SYSTEM } from '../src/modules/oplog/repo.ts'
import { signUp, type Client, type Reply, type TestApp } from './helper.ts'

export interface SkuSpec {
  price?: number
  firstPay?: number[]
  stock?: number
  postfee?: number
  onSale?: boolean
}

/** A SKU of the test's own, so its stock and prices are known. */
export async function makeSku(t: TestApp, spec: SkuSpec = {}): Promise<string> {
  const skuId = `t${randomBytes(4).toString('hex')}`
  const res = await saveSku(t.app.deps, SYSTEM, {
    sku_id: skuId,
    name: `测试商品 ${skuId}`,
    real_price: spec.price ?? 100000,
    first_pay: spec.firstPay ?? [10000, 20000],
    postfee: spec.postfee ?? 0,
    weight: 500,
    images: [`https://img.example/${skuId}.jpg`],
    on_sale: spec.onSale ?? true,
    stock: spec.stock ?? 100,
  })
  assert.equal(res.code, 0)
  return skuId
}

export async function stockOf(t: TestApp, skuId: string): Promise<number> {
  return (await t.db.selectFrom('skus').select('stock').where('sku_id', '=', skuId).executeTakeFirstOrThrow()).stock
}

export async function cardOf(t: TestApp, userId: number) {
  return t.db.selectFrom('credit_cards').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow()
}

export async function addAddress(client: Client): Promise<number> {
  const res = await client.post('/api/order/add_address', {
    address_info: { name: '苏源', mobile: '13636672480', address: '江苏省扬州市', is_default: 1 },
  })
  assert.equal(res.code, 0, JSON.stringify(res.body))
  return res.data
}

/** Commits a straight-from-the-product-page order. */
export function buySku(
  client: Client,
  addressId: number,
  skuId: string,
  count: number,
  firstPrice: number,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return client.post(
    '/api/order/commit_order',
    {
      address_id: addressId,
      order_type: 'sku',
      sku_list: [{ sku_id: skuId, sku_count: count, first_price: firstPrice }],
    },
    headers,
  )
}

/** The card invariant of SPEC §6.4 and the ledger's of §6.7, checked after every test that moves credit. */
export async function assertReconciled(t: TestApp): Promise<void> {
  assert.deepEqual(await findCardMismatches(t.db), [])
  assert.deepEqual(await findLedgerMismatches(t.db, t.config.credit), [])
}

/** Pays an order through the sandbox as its customer would: the charge, then the cashier's 支付 button. */
export async function payThroughSandbox(
  client: Client,
  orderId: string,
  channel: 'alipay_pc_direct' | 'wx_pub_qr' = 'alipay_pc_direct',
): Promise<void> {
  const charge = await client.post('/api/order/pay', { pay_params: { order_id: orderId, channel } })
  assert.equal(charge.code, 0, JSON.stringify(charge.body))
  const done = await client.post('/api/sandbox/complete', { charge_id: charge.data.id, outcome: 'succeeded' })
  assert.equal(done.code, 0, JSON.stringify(done.body))
}

/**
 * Pays a charge the shop closed, as a channel that cannot close one does (Ping++'s alipay_pc_direct
 * and wx_pub_qr stay payable until they expire): the sandbox's charge is reopened for it, then its
 * 支付 button is pressed.
 */
export async function paidAnyway(t: TestApp, client: Client, chargeId: string): Promise<void> {
  await t.db.updateTable('sandbox_charges').set({ closed_at: null }).where('id', '=', chargeId).execute()
  const done = await client.post('/api/sandbox/complete', { charge_id: chargeId, outcome: 'succeeded' })
  assert.equal(done.code, 0, JSON.stringify(done.body))
}

/** A new customer's committed order of one unit of a new SKU (price 1000.00, first payment 100.00), paid unless told */
export async function customerOrder(
  t: TestApp,
  opts: { paid?: boolean; channel?: 'alipay_pc_direct' | 'wx_pub_qr' } = {},
) {
  const c = await signUp(t)
  const sku = await makeSku(t, { stock: 10 })
  const res = await buySku(c.client, await addAddress(c.client), sku, 1, 10000)
  assert.equal(res.code, 0, JSON.stringify(res.body))
  const orderId = res.data as string
  if (opts.paid ?? true) await payThroughSandbox(c.client, orderId, opts.channel)
  return { ...c, sku, orderId }
}
