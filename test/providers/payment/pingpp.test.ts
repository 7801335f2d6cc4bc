import assert from 'node:assert/strict'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, beforeEach, describe, test } from 'node:test'
import { buildApp } from '../../../src/app.ts'
import { loadConfig } from '../../../src/config.ts'
import { CHARGE_EXPIRY_MARGIN_SECONDS, PingppProvider } from '../../../src/providers/payment/pingpp.ts'
import { PaymentError, paymentFailed } from '../../../src/providers/payment/provider.ts'
import { verifyRsaSha256 } from '../../../src/providers/payment/signing.ts'
import { nowSeconds } from '../../../src/time.ts'
import { chargeRequest, pingppEnv, tempDir, writeKeyPair, type TestKeys } from './fixtures.ts'

const API_KEY = 'sk_test_fake0123456789'
const APP_ID = 'app_fake0123'

interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
  json: any
}

/**
 * A stand-in for api.pingxx.com on 127.0.0.1: it refuses a request whose Basic auth or RSA signature is
 * wrong (as Ping++ does), records what came, and answers with whatever the test set.
 */
class FakePingpp {
  readonly seen: Seen[] = []
  answer: (req: Seen, res: ServerResponse) => void = () => {}
  private server!: Server
  base = ''

  constructor(private readonly merchantKey: TestKeys) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const seen: Seen = {
          method: req.method!,
          path: req.url!,
          headers: req.headers,
          body,
          json: body ? JSON.parse(body) : undefined,
        }
        this.seen.push(seen)
        const expectedAuth = `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`
        if (req.headers.authorization !== expectedAuth)
          return send(res, 401, { error: { type: 'invalid_request_error', message: 'bad key' } })
        const ts = String(req.headers['pingplusplus-request-timestamp'] ?? '')
        const sig = String(req.headers['pingplusplus-signature'] ?? '')
        if (!verifyRsaSha256(Buffer.from(body + req.url + ts, 'utf8'), sig, this.merchantKey.publicKey)) {
          return send(res, 401, { error: { type: 'invalid_request_error', message: 'bad signature' } })
        }
        this.answer(seen, res)
      })
    })
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((r) => this.server.close(() => r()))
  }
}

function send(res: ServerResponse, status: number, json: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(json))
}

/** What Ping++ answers to a good charge request: the request echoed as a charge, with a credential. */
function chargeFor(seen: Seen) {
  const b = seen.json
  return {
    id: 'ch_fakeCharge000000000001',
    object: 'charge',
    created: nowSeconds(),
    livemode: false,
    paid: false,
    app: b.app.id,
    channel: b.channel,
    order_no: b.order_no,
    amount: b.amount,
    currency: b.currency,
    time_expire: b.time_expire,
    time_paid: null,
    transaction_no: null,
    metadata: b.metadata,
    extra: b.extra,
    credential: { object: 'credential', [b.channel]: { fake: true } },
  }
}

let fake: FakePingpp
let merchant: TestKeys
let webhook: TestKeys
const provider = (overrides: Partial<ConstructorParameters<typeof PingppProvider>[0]> = {}) =>
  new PingppProvider({
    apiKey: API_KEY,
    appId: APP_ID,
    privateKey: merchant.privateKey,
    webhookKey: webhook.publicKey,
    apiBase: fake.base,
    ...overrides,
  })

before(async () => {
  const dir = tempDir()
  merchant = writeKeyPair(dir, 'merchant')
  webhook = writeKeyPair(dir, 'pingpp')
  fake = new FakePingpp(merchant)
  await fake.start()
})
after(() => fake.stop())
beforeEach(() => {
  fake.seen.length = 0
  fake.answer = (seen, res) => send(res, 200, chargeFor(seen))
})

async function rejectsWith(p: Promise<unknown>, kind: PaymentError['kind']): Promise<PaymentError> {
  try {
    await p
  } catch (err) {
    assert.ok(err instanceof PaymentError, `expected a PaymentError, got ${err}`)
    assert.equal(err.kind, kind)
    return err
  }
  assert.fail('expected a rejection')
}

describe('createCharge', () => {
  test('alipay_pc_direct: the SDK’s request (auth, signature, body) and the charge back', async () => {
    const req = chargeRequest({ clientIp: '::ffff:10.9.8.7' })
    const charge = await provider().createCharge(req)
    assert.equal(charge.id, 'ch_fakeCharge000000000001')
    assert.equal(charge.object, 'charge')
    assert.equal(charge.paid, false)
    assert.deepEqual(charge.credential, { object: 'credential', alipay_pc_direct: { fake: true } })

    assert.equal(fake.seen.length, 1)
    const seen = fake.seen[0]!
    assert.equal(seen.method, 'POST')
    assert.equal(seen.path, '/v1/charges')
    assert.equal(seen.headers['content-type'], 'application/json; charset=UTF-8')
    assert.match(String(seen.headers['pingplusplus-request-timestamp']), /^\d{10}$/)
    assert.ok(Math.abs(Number(seen.headers['pingplusplus-request-timestamp']) - nowSeconds()) <= 5)
    assert.deepEqual(Object.keys(seen.json), [
      'order_no',
      'app',
      'channel',
      'amount',
      'currency',
      'client_ip',
      'subject',
      'body',
      'time_expire',
      'metadata',
      'extra',
    ])
    assert.deepEqual(seen.json, {
      order_no: req.orderNo,
      app: { id: APP_ID },
      channel: 'alipay_pc_direct',
      amount: 12_345,
      currency: 'cny',
      client_ip: '10.9.8.7',
      subject: req.subject,
      body: req.body,
      // A minute early, so a payment made at the last moment still finds its order payable.
      time_expire: req.timeExpire - CHARGE_EXPIRY_MARGIN_SECONDS,
      metadata: { type: 'order_pay', order_id: req.orderNo },
      extra: { success_url: req.successUrl },
    })
  })

  test('an order that expires within the margin is not charged: Ping++ is not asked', async () => {
    const err = await rejectsWith(
      provider().createCharge(chargeRequest({ timeExpire: nowSeconds() + CHARGE_EXPIRY_MARGIN_SECONDS })),
      'rejected',
    )
    assert.match(err.customerMessage, /订单即将过期/)
    assert.equal(fake.seen.length, 0)
    await provider().createCharge(chargeRequest({ timeExpire: nowSeconds() + CHARGE_EXPIRY_MARGIN_SECONDS + 5 }))
    assert.equal(fake.seen.length, 1)
  })

  test('wx_pub_qr sends the order number as product_id; long subject and body are clipped to Ping++’s limits', async () => {
    await provider().createCharge(
      chargeRequest({
        channel: 'wx_pub_qr',
        subject: '长'.repeat(40),
        body: 'b'.repeat(200),
        metadata: { type: 'card_pay', order_id: '7' },
      }),
    )
    const json = fake.seen[0]!.json
    assert.deepEqual(json.extra, { product_id: '20261129000001' })
    assert.equal([...json.subject].length, 32)
    assert.equal(json.body.length, 128)
    assert.deepEqual(json.metadata, { type: 'card_pay', order_id: '7' })
  })

  test('the signature covers the path as sent, with the base’s own path prefix', async () => {
    fake.answer = (seen, res) => send(res, 200, chargeFor(seen))
    await provider({ apiBase: `${fake.base}/proxy` }).createCharge(chargeRequest())
    assert.equal(fake.seen[0]!.path, '/proxy/v1/charges')
  })

  test('a wrong key or a wrong signing key is refused by the server: rejected, status 401', async () => {
    const err = await rejectsWith(provider({ apiKey: 'sk_wrong' }).createCharge(chargeRequest()), 'rejected')
    assert.equal(err.status, 401)
    const other = writeKeyPair(tempDir(), 'other')
    const err2 = await rejectsWith(provider({ privateKey: other.privateKey }).createCharge(chargeRequest()), 'rejected')
    assert.equal(err2.providerMessage, 'bad signature')
  })

  test('a non-2xx answer is a PaymentError carrying Ping++’s message; the customer gets 102 with it', async () => {
    fake.answer = (_s, res) =>
      send(res, 400, { error: { type: 'invalid_request_error', message: '订单号重复', code: 'order_no_used' } })
    const err = await rejectsWith(provider().createCharge(chargeRequest()), 'rejected')
    assert.equal(err.status, 400)
    assert.equal(err.providerMessage, '订单号重复')
    const outcome = paymentFailed(err)
    assert.equal(outcome.code, 102)
    assert.match(outcome.msg, /订单号重复/)
  })

  test('a 502 with an HTML page is a bad_response that keeps the status', async () => {
    fake.answer = (_s, res) => {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html>bad gateway</html>')
    }
    const err = await rejectsWith(provider().createCharge(chargeRequest()), 'bad_response')
    assert.equal(err.status, 502)
  })

  test('a 200 whose body is not JSON is a bad_response', async () => {
    fake.answer = (_s, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"id": "ch_1", "object": "char')
    }
    await rejectsWith(provider().createCharge(chargeRequest()), 'bad_response')
  })

  test('a 200 carrying an error object, or something that is not the charge asked for, is never returned as a charge', async () => {
    fake.answer = (_s, res) => send(res, 200, { error: { message: 'channel closed' } })
    await rejectsWith(provider().createCharge(chargeRequest()), 'rejected')
    fake.answer = (seen, res) => send(res, 200, { ...chargeFor(seen), amount: 1 })
    await rejectsWith(provider().createCharge(chargeRequest()), 'bad_response')
    fake.answer = (_s, res) => send(res, 200, [])
    await rejectsWith(provider().createCharge(chargeRequest()), 'bad_response')
  })

  test('a server that never answers times out', async () => {
    fake.answer = () => {}
    const started = Date.now()
    const err = await rejectsWith(provider({ timeoutMs: 200 }).createCharge(chargeRequest()), 'timeout')
    assert.ok(Date.now() - started < 5000)
    assert.match(paymentFailed(err).msg, /超时/)
  })

  test('a server that sends headers and then stalls times out too', async () => {
    fake.answer = (_s, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"id":')
    }
    await rejectsWith(provider({ timeoutMs: 200 }).createCharge(chargeRequest()), 'timeout')
  })

  test('nobody listening is a network error', async () => {
    const closed = new FakePingpp(merchant)
    await closed.start()
    await closed.stop()
    await rejectsWith(provider({ apiBase: closed.base }).createCharge(chargeRequest()), 'network')
  })
})

describe('refund', () => {
  test('POST /v1/charges/{id}/refunds with amount, description and metadata, signed the same way', async () => {
    fake.answer = (seen, res) =>
      send(res, 200, {
        id: 're_fake1',
        object: 'refund',
        amount: seen.json.amount,
        succeed: false,
        status: 'pending',
        charge: 'ch_abc',
        charge_order_no: 'o1',
        description: seen.json.description,
        metadata: seen.json.metadata,
      })
    const refund = await provider().refund({
      chargeId: 'ch_abc',
      amountFen: 300,
      description: '订单退款',
      metadata: { type: 'order_pay', order_id: 'o1' },
    })
    assert.equal(refund.id, 're_fake1')
    assert.equal(refund.status, 'pending')
    const seen = fake.seen[0]!
    assert.equal(seen.path, '/v1/charges/ch_abc/refunds')
    assert.deepEqual(seen.json, {
      amount: 300,
      description: '订单退款',
      metadata: { type: 'order_pay', order_id: 'o1' },
    })
  })

  test('a refund is looked up by GET /v1/charges/{id}/refunds/{refund id}, signed over an empty body', async () => {
    fake.answer = (_seen, res) =>
      send(res, 200, {
        id: 're_fake1',
        object: 'refund',
        amount: 300,
        succeed: true,
        status: 'succeeded',
        charge: 'ch_abc',
        charge_order_no: 'o1',
        description: 'x',
        metadata: {},
      })
    const refund = await provider().retrieveRefund('ch_abc', 're_fake1')
    assert.equal(refund.status, 'succeeded')
    const seen = fake.seen[0]!
    assert.equal(seen.method, 'GET')
    assert.equal(seen.path, '/v1/charges/ch_abc/refunds/re_fake1')
    assert.equal(seen.body, '')
    fake.answer = (_seen, res) => send(res, 404, { error: { message: 'No such refund' } })
    assert.equal(
      (await rejectsWith(provider().retrieveRefund('ch_abc', 're_nope'), 'rejected')).providerMessage,
      'No such refund',
    )
  })

  test('errors and answers that are not a refund become PaymentErrors', async () => {
    const req = { chargeId: 'ch_abc', amountFen: 300, description: 'x', metadata: { type: 'order_pay' as const } }
    fake.answer = (_s, res) => send(res, 400, { error: { message: '退款金额超过可退金额' } })
    assert.equal((await rejectsWith(provider().refund(req), 'rejected')).providerMessage, '退款金额超过可退金额')
    fake.answer = (seen, res) => send(res, 200, chargeFor({ ...seen, json: { ...chargeRequest(), app: { id: 'a' } } }))
    await rejectsWith(provider().refund(req), 'bad_response')
    fake.answer = () => {}
    await rejectsWith(provider({ timeoutMs: 200 }).refund(req), 'timeout')
  })
})

describe('settings', () => {
  test('the sandbox is the default; Ping++ settings have defaults and empty values', () => {
    const c = loadConfig({ SFM_SECRET: 'x'.repeat(20) })
    assert.equal(c.paymentProvider, 'sandbox')
    assert.equal(c.pingpp.apiBase, 'https://api.pingxx.com')
  })

  test('PAYMENT_PROVIDER=pingpp refuses to start without the key, app id and both key paths', () => {
    // Each missing setting on a line of its own.
    assert.throws(
      () => loadConfig({ SFM_SECRET: 'x'.repeat(20), PAYMENT_PROVIDER: 'pingpp' }),
      /^ConfigError: PINGPP_API_KEY: .*\nPINGPP_APP_ID: .*\nPINGPP_PRIVATE_KEY_PATH: .*\nPINGPP_PUBLIC_KEY_PATH: /,
    )
    const env = pingppEnv(tempDir(), webhook.publicPath)
    for (const name of ['PINGPP_API_KEY', 'PINGPP_APP_ID', 'PINGPP_PRIVATE_KEY_PATH', 'PINGPP_PUBLIC_KEY_PATH']) {
      assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(20), ...env, [name]: '' }), new RegExp(name))
    }
    const c = loadConfig({ SFM_SECRET: 'x'.repeat(20), ...env, PINGPP_API_BASE: 'http://127.0.0.1:1/' })
    assert.equal(c.pingpp.apiBase, 'http://127.0.0.1:1')
  })

  test('an unknown provider is refused', () => {
    assert.throws(() => loadConfig({ SFM_SECRET: 'x'.repeat(20), PAYMENT_PROVIDER: 'paypal' }), /PAYMENT_PROVIDER/)
  })

  test('the sandbox warns at start that anyone can mark orders paid; Ping++ does not', async () => {
    const warnings = async (env: Record<string, string>) => {
      const lines: string[] = []
      const dir = tempDir()
      const app = await buildApp({
        config: loadConfig({ SFM_SECRET: 'x'.repeat(20), DATA_DIR: dir, DATABASE_URL: `sqlite:${dir}/sfm.db`, ...env }),
        logger: { level: 'warn', stream: { write: (l: string) => lines.push(l) } },
      })
      await app.close()
      return lines
        .map((l) => JSON.parse(l) as { level: number; msg: string })
        .filter((l) => l.level === 40)
        .map((l) => l.msg)
    }
    const sandbox = await warnings({})
    assert.equal(sandbox.length, 1)
    assert.match(sandbox[0]!, /sandbox: anyone can mark any order paid/)
    assert.deepEqual(await warnings(pingppEnv(tempDir(), webhook.publicPath)), [])
  })

  test('the app refuses to start when a key file cannot be read', async () => {
    const dir = tempDir()
    const env = {
      ...pingppEnv(dir, webhook.publicPath),
      PINGPP_PRIVATE_KEY_PATH: `${dir}/missing.pem`,
      SFM_SECRET: 'x'.repeat(20),
      DATABASE_URL: `sqlite:${dir}/sfm.db`,
    }
    await assert.rejects(buildApp({ config: loadConfig(env) }), /ENOENT/)
  })
})
