import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { Worker } from '../../src/worker/index.ts'
import { signUp, TEST_DB, testApp, type TestApp } from '../helper.ts'
import { addAddress, buySku, makeSku } from '../shop.ts'

/** The value of one series in a Prometheus text exposition, 0 when it is not there yet. */
function seriesValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line ? Number(line.slice(series.length + 1)) : 0
}

const scrape = async (t: TestApp) => {
  const res = await t.app.inject({ method: 'GET', url: '/metrics' })
  assert.equal(res.statusCode, 200)
  return res.body
}

describe('metrics are off the public API by default', () => {
  let t: TestApp
  before(async () => {
    t = await testApp()
  })
  after(() => t.close())

  test('/metrics answers 404 in the envelope, and /docs does not list it', async () => {
    const res = await t.client().get('/metrics')
    assert.equal(res.status, 404)
    assert.equal(res.body.status_code, 404)
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json()
    assert.equal(doc.paths['/metrics'], undefined)
    assert.equal(t.app.metricsServer, null)
  })
})

describe('METRICS=on serves /metrics on the API port', () => {
  let t: TestApp
  before(async () => {
    t = await testApp({ METRICS: 'on', CREDIT_DEFAULT_AMOUNT: '10000000' })
  })
  after(() => t.close())

  test('requests are counted by route pattern, not by raw URL', async () => {
    await t.client().get('/api/sku/get_sku', { sku_id: 'ad501' })
    await t.client().get('/api/sku/get_sku', { sku_id: 'ad502' })
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    assert.match(res.headers['content-type'] as string, /text\/plain/)
    assert.ok(seriesValue(res.body, 'sfm_http_requests_total{method="GET",route="/api/sku/get_sku",status="200"}') >= 2)
    assert.equal(res.body.includes('ad501'), false)
    assert.match(res.body, /sfm_process_cpu_seconds_total/)
  })

  test('order transitions are counted once committed, and not when the transaction is rolled back', async () => {
    const { client } = await signUp(t)
    const addressId = await addAddress(client)
    const skuId = await makeSku(t, { stock: 1 })
    const commits = 'sfm_order_transitions_total{move="commit",to="0"}'
    const cancels = 'sfm_order_transitions_total{move="cancel",to="4"}'
    const before = await scrape(t)
    const orderId = (await buySku(client, addressId, skuId, 1, 10000)).data
    assert.equal((await buySku(client, addressId, skuId, 1, 10000)).code, 240)
    assert.equal((await client.post('/api/order/cancel_order', { order_id: orderId })).code, 0)
    assert.equal((await client.post('/api/order/cancel_order', { order_id: orderId })).code, 212)
    const now = await scrape(t)
    assert.equal(seriesValue(now, commits) - seriesValue(before, commits), 1)
    assert.equal(seriesValue(now, cancels) - seriesValue(before, cancels), 1)
  })

  test('payment events are counted by outcome', async () => {
    const { client } = await signUp(t)
    const orderId = (await buySku(client, await addAddress(client), await makeSku(t), 1, 10000)).data
    const charge = (
      await client.post('/api/order/pay', { pay_params: { order_id: orderId, channel: 'alipay_pc_direct' } })
    ).data
    const applied = 'sfm_payment_events_total{type="charge.succeeded",outcome="applied"}'
    const duplicate = 'sfm_payment_events_total{type="charge.succeeded",outcome="duplicate"}'
    const before = await scrape(t)
    assert.equal((await client.post('/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })).code, 0)
    assert.equal((await client.post('/api/sandbox/complete', { charge_id: charge.id, outcome: 'succeeded' })).code, 0)
    const now = await scrape(t)
    assert.equal(seriesValue(now, applied) - seriesValue(before, applied), 1)
    assert.equal(seriesValue(now, duplicate) - seriesValue(before, duplicate), 1)
    assert.equal(
      seriesValue(now, 'sfm_order_transitions_total{move="pay",to="1"}') -
        seriesValue(before, 'sfm_order_transitions_total{move="pay",to="1"}'),
      1,
    )
  })

  test('worker runs are counted with their duration and what they did', async () => {
    const { client } = await signUp(t)
    const orderId = (await buySku(client, await addAddress(client), await makeSku(t), 1, 10000)).data
    await t.db.updateTable('orders').set({ expire_time: 1 }).where('order_id', '=', orderId).execute()
    const before = await scrape(t)
    await new Worker(t.app.deps).tick()
    const now = await scrape(t)
    assert.equal(
      seriesValue(now, 'sfm_worker_runs_total{outcome="ok"}') -
        seriesValue(before, 'sfm_worker_runs_total{outcome="ok"}'),
      1,
    )
    assert.equal(
      seriesValue(now, 'sfm_worker_run_duration_seconds_count') -
        seriesValue(before, 'sfm_worker_run_duration_seconds_count'),
      1,
    )
    assert.equal(
      seriesValue(now, 'sfm_worker_jobs_total{job="expired"}') -
        seriesValue(before, 'sfm_worker_jobs_total{job="expired"}'),
      1,
    )
    assert.equal(
      seriesValue(now, 'sfm_order_transitions_total{move="expire",to="5"}') -
        seriesValue(before, 'sfm_order_transitions_total{move="expire",to="5"}'),
      1,
    )
  })

  test("the database pool's use is shown on PostgreSQL, which has one", async () => {
    const text = await scrape(t)
    if (TEST_DB === 'postgres') {
      assert.equal(seriesValue(text, 'sfm_db_pool_connections{state="max"}'), 10)
      assert.ok(seriesValue(text, 'sfm_db_pool_connections{state="idle"}') >= 1)
      assert.equal(seriesValue(text, 'sfm_db_pool_waiting'), 0)
    } else {
      assert.equal(text.includes('sfm_db_pool'), false)
    }
  })
})

describe('METRICS_PORT serves /metrics on a port of its own', () => {
  let t: TestApp
  let base: string
  before(async () => {
    t = await testApp({ METRICS_PORT: '0', HOST: '127.0.0.1' })
    await t.app.ready()
    base = `http://127.0.0.1:${(t.app.metricsServer!.address() as AddressInfo).port}`
  })
  after(() => t.close())

  test('the API port has no /metrics; the metrics port has nothing else', async () => {
    assert.equal((await t.client().get('/metrics')).status, 404)
    await t.client().get('/healthz')
    const res = await fetch(`${base}/metrics`)
    assert.equal(res.status, 200)
    const text = await res.text()
    assert.ok(seriesValue(text, 'sfm_http_requests_total{method="GET",route="/healthz",status="200"}') >= 1)
    assert.match(text, /# TYPE sfm_order_transitions_total counter/)
    assert.equal((await fetch(`${base}/`)).status, 404)
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 404)
  })
})
