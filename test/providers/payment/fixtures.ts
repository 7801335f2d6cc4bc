import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { PaymentPurposes } from '../../../src/providers/payment/index.ts'
import type { ChargeRequest, PaymentPurpose } from '../../../src/providers/payment/provider.ts'
import { signRsaSha256 } from '../../../src/providers/payment/signing.ts'
import { nowSeconds } from '../../../src/time.ts'
import type { Charge } from '../../../src/providers/payment/provider.ts'
import { signUp, type Client, type Reply, type TestApp } from '../../helper.ts'
import { addAddress, buySku, makeSku } from '../../shop.ts'

/** A real event signed by Ping++ and the key that verifies it (see its README). */
export const PINGPP_TESTDATA = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'pingpp')

export const tempDir = (label = 'pay') => mkdtempSync(join(tmpdir(), `sfm-${label}-`))

export interface TestKeys {
  privateKey: KeyObject
  publicKey: KeyObject
  privatePath: string
  publicPath: string
}

/** An RSA pair written as PEM files, as a merchant or Ping++ would hand them over. */
export function writeKeyPair(dir: string, name: string): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privatePath = join(dir, `${name}_private.pem`)
  const publicPath = join(dir, `${name}_public.pem`)
  writeFileSync(privatePath, privateKey.export({ type: 'pkcs1', format: 'pem' }))
  writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }))
  return { privateKey, publicKey, privatePath, publicPath }
}

/** Settings for PAYMENT_PROVIDER=pingpp whose webhook key is `webhookPublicPath`. */
export function pingppEnv(dir: string, webhookPublicPath: string): Record<string, string> {
  const merchant = writeKeyPair(dir, 'merchant')
  return {
    PAYMENT_PROVIDER: 'pingpp',
    PINGPP_API_KEY: 'sk_test_sfm',
    PINGPP_APP_ID: 'app_sfm',
    PINGPP_PRIVATE_KEY_PATH: merchant.privatePath,
    PINGPP_PUBLIC_KEY_PATH: webhookPublicPath,
    DATA_DIR: dir,
  }
}

export function chargeRequest(overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return {
    orderNo: '20261129000001',
    amountFen: 12_345,
    channel: 'alipay_pc_direct',
    subject: '首付买订单',
    body: 'iPhone 首付',
    clientIp: '10.1.2.3',
    timeExpire: nowSeconds() + 1800,
    metadata: { type: 'order_pay', order_id: '20261129000001' },
    successUrl: 'https://shop.example/order/pay_complete?order_id=20261129000001',
    ...overrides,
  }
}

let eventSeq = 0
/** A charge.succeeded event in Ping++'s shape. */
export function chargeSucceededEvent(
  overrides: { id?: string; purpose?: string; orderNo?: string; amount?: number } = {},
) {
  const now = nowSeconds()
  const orderNo = overrides.orderNo ?? `order${++eventSeq}`
  return {
    id: overrides.id ?? `evt_test${process.pid}x${++eventSeq}`,
    object: 'event',
    created: now,
    livemode: false,
    type: 'charge.succeeded',
    data: {
      object: {
        id: `ch_test${eventSeq}`,
        object: 'charge',
        paid: true,
        channel: 'alipay_pc_direct',
        order_no: orderNo,
        amount: overrides.amount ?? 100,
        currency: 'cny',
        time_paid: now,
        transaction_no: `T${eventSeq}`,
        metadata:
          overrides.purpose === undefined
            ? { type: 'order_pay', order_id: orderNo }
            : overrides.purpose
              ? { type: overrides.purpose }
              : {},
      },
    },
  }
}

/** POSTs a webhook body as Ping++ does: raw JSON, signature header, no cookies or XSRF. */
export function deliver(client: Client, body: string | Buffer, signature?: string): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (signature !== undefined) headers['x-pingplusplus-signature'] = signature
  return client.raw('/api/webhooks/pingpp', body, headers)
}

export function signed(event: object, key: KeyObject): { body: string; signature: string } {
  const body = JSON.stringify(event)
  return { body, signature: signRsaSha256(body, key) }
}

/** Shortcuts for tests of the sandbox provider of `t`. */
export function sandboxHelpers(t: TestApp) {
  return {
    /** A charge for a new order number, as the orders code would ask for it. */
    async newCharge(overrides: Partial<ChargeRequest> = {}): Promise<Charge> {
      const orderNo = await shopOrder(t)
      const charge = await t.app.deps.payments.createCharge(
        chargeRequest({
          orderNo,
          ...overrides,
          metadata: { type: 'order_pay', ...overrides.metadata, order_id: orderNo },
        }),
      )
      await ownCharge(t, charge.id, charge.order_no, charge.metadata.type, charge.amount)
      return charge
    },
    /** What the pay page's buttons send. */
    complete: (charge_id: unknown, outcome: unknown = 'succeeded') =>
      t.client().post('/api/sandbox/complete', { charge_id, outcome }),
    eventRows: (orderNo: string) =>
      t.db.selectFrom('payment_events').selectAll().where('order_no', '=', orderNo).orderBy('id').execute(),
    sandboxRow: (id: string) =>
      t.db.selectFrom('sandbox_charges').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  }
}

const shoppers = new WeakMap<TestApp, Promise<{ client: Client; addressId: number; skuId: string }>>()

/** A real unpaid order of a customer of `t` (charges and payments belong to orders), made through the API. */
export async function shopOrder(t: TestApp): Promise<string> {
  if (!shoppers.has(t)) {
    shoppers.set(
      t,
      (async () => {
        const { client } = await signUp(t)
        return {
          client,
          addressId: await addAddress(client),
          skuId: await makeSku(t, { stock: 100_000, price: 12_345, firstPay: [0] }),
        }
      })(),
    )
  }
  const s = (await shoppers.get(t))!
  const res = await buySku(s.client, s.addressId, s.skuId, 1, 12_345)
  if (res.code !== 0) throw new Error(`commit_order answered ${JSON.stringify(res.body)}`)
  return res.data
}

/** Records a charge as the shop's own, for an order and purpose, as startCharge does for the charges it makes. */
export async function ownCharge(
  t: TestApp,
  chargeId: string,
  orderId: string,
  purpose: PaymentPurpose,
  amount: number,
): Promise<void> {
  await t.db
    .insertInto('order_charges')
    .values({
      charge_id: chargeId,
      order_id: orderId,
      purpose,
      channel: 'alipay_pc_direct',
      amount,
      create_time: nowSeconds(),
    })
    .execute()
}

/**
 * Swaps the app's purpose handlers (the orders' and the card's real ones) for an empty
 * registry, so a test can watch the payment layer on its own.
 */
export function isolatedPurposes(app: FastifyInstance): PaymentPurposes {
  app.deps.paymentPurposes = new PaymentPurposes()
  return app.deps.paymentPurposes
}
